import Outbound

extension TokenEndpoint {
    /// secuconnect: `POST {baseURL}/oauth/token` with JSON `{grant_type, client_id, client_secret}` (seed 002 step 1).
    public static func secuconnect(baseURL: String, clientID: String, clientSecret: String,
                                   timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) -> TokenEndpoint {
        TokenEndpoint(provider: "secuconnect", url: trimmed(baseURL) + "/oauth/token", wire: .jsonBody,
                      clientID: clientID, clientSecret: clientSecret, timeouts: timeouts)
    }
}
