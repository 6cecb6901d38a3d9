@testable import Outbound

// The seeds' token endpoints, built the way each provider's folder under Sources/Providers
// builds its own (Outbound knows only the wire variants). Secuconnect's real one is
// `Providers/Secuconnect/SecuconnectTokenEndpoint.swift`; the others arrive with their adapters.
extension TokenEndpoint {
    static func secuconnect(baseURL: String, clientID: String, clientSecret: String) -> TokenEndpoint {
        TokenEndpoint(provider: "secuconnect", url: trimmed(baseURL) + "/oauth/token", wire: .jsonBody,
                      clientID: clientID, clientSecret: clientSecret)
    }

    static func smartPay(tokenURL: String, clientID: String, clientSecret: String) -> TokenEndpoint {
        TokenEndpoint(provider: "smartpay", url: tokenURL, wire: .formBody, clientID: clientID, clientSecret: clientSecret)
    }

    static func sgConnect(baseURL: String, clientID: String, clientSecret: String, scope: String) -> TokenEndpoint {
        TokenEndpoint(provider: "smartcredit", url: sgConnectURL(baseURL, scope: scope, clientID: nil),
                      wire: .basicWithQuery(scope: scope), clientID: clientID, clientSecret: clientSecret)
    }

    static func sgConnect(baseURL: String, clientID: String, scope: String, certificate: OutboundTLS) -> TokenEndpoint {
        TokenEndpoint(provider: "smartcredit", url: sgConnectURL(baseURL, scope: scope, clientID: clientID),
                      wire: .mutualTLSWithQuery(scope: scope), clientID: clientID, clientSecret: "", tls: certificate)
    }

    static func pledgBackOffice(backURL: String, apiKey: String, apiSecret: String) -> TokenEndpoint {
        TokenEndpoint(provider: "pledg", url: trimmed(backURL) + "/api/token", wire: .basicWithForm,
                      clientID: apiKey, clientSecret: apiSecret)
    }

    private static func sgConnectURL(_ baseURL: String, scope: String, clientID: String?) -> String {
        var query = [("grant_type", "client_credentials"), ("scope", scope)]
        if let clientID { query.append(("client_id", clientID)) }
        return trimmed(baseURL) + "/sgconnect/oauth2/access_token?" + FormURLEncoding.encode(query)
    }
}
