import Payments

/// SmartCredit sends no notifications (seed 000, "Webhooks": "no webhooks are available yet"):
/// whatever reaches `/v1/webhooks/smartcredit` is refused (401), kept capped for the operator,
/// and never acted upon. Statuses come by polling only.
public struct SmartCreditNoNotifications: NotificationIntake {
    /// The intake.
    public init() {}

    public func receive(_ notification: ReceivedNotification) -> NotificationIntakeResult {
        .rejected("SmartCredit sends no notifications; its statuses are polled", body: notification.body,
                  contentType: notification.header("Content-Type"))
    }
}
