/// The name of a payment provider as it appears in the API and in storage (`smartpay`).
///
/// A struct rather than an enum so that adding a provider does not break exhaustive switches
/// elsewhere; the four known providers are constants.
public struct ProviderID: Hashable, Sendable, CustomStringConvertible {
    /// The lower-case name.
    public let rawValue: String

    /// A provider name as given (the API validates it against the configured providers).
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// secuconnect / secupay Smart Checkout.
    public static let secuconnect = ProviderID("secuconnect")
    /// J.P. Morgan Mobility Payments SmartPay.
    public static let smartpay = ProviderID("smartpay")
    /// Société Générale SmartCredit.
    public static let smartcredit = ProviderID("smartcredit")
    /// Pledg.
    public static let pledg = ProviderID("pledg")

    /// The name.
    public var description: String { rawValue }
}
