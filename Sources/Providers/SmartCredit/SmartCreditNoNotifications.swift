import Payments

/// SmartCredit sends no notifications (seed 000, "Webhooks": "no webhooks are available yet"):
/// whatever reaches `/v1/webhooks/smartcredit` is kept, masked, for the operator and names no
/// checkout, so nothing is read or applied because of it (a stranger's post cannot make Kassa
/// call SmartCredit). Statuses come by polling only.
public struct SmartCreditNoNotifications: NotificationIntake {
    /// The intake.
    public init() {}

    public func receive(_ notification: ReceivedNotification) -> NotificationIntakeResult {
        .unsignedHint(body: notification.body, contentType: notification.header("Content-Type"), lookup: nil)
    }
}
