import Crypto
import FoundationEssentials
import JSON

/// One provider account's OAuth2 client-credentials token endpoint (RFC 6749 §4.4), in the
/// wire variant that provider speaks.
public struct TokenEndpoint: Sendable, CustomStringConvertible {
    private enum Wire: Sendable {
        /// secuconnect (seed 002): JSON body with the credentials.
        case jsonBody
        /// SmartPay's Cognito endpoint (seed 001): form body with the credentials.
        case formBody
        /// SG Connect (seed 000): grant type and scope in the query, credentials in Basic.
        case basicWithQuery(scope: String)
        /// SG Connect with mTLS (seed 000): the client certificate authenticates; the client
        /// id goes in the query (RFC 8705 §2).
        case mutualTLSWithQuery(scope: String)
        /// Pledg back office (PROVIDERS.md D, Sylius PledgBackofficeClient): Basic plus a form body.
        case basicWithForm
    }

    /// The provider's name, used in errors and logs.
    public let provider: String
    /// The token URL, query included.
    let url: String
    private let wire: Wire
    private let clientID: String
    // Never printed: `description` leaves it out.
    private let clientSecret: String
    private let tls: OutboundTLS?
    /// Timeouts of the token call.
    public var timeouts: OutboundTimeouts
    /// Lifetime assumed when the answer has no `expires_in` (RFC 6749 §5.1 makes it optional).
    public var defaultLifetime: Duration = .seconds(300)

    private init(provider: String, url: String, wire: Wire, clientID: String, clientSecret: String,
                 tls: OutboundTLS? = nil, timeouts: OutboundTimeouts) {
        self.provider = provider
        self.url = url
        self.wire = wire
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tls = tls
        self.timeouts = timeouts
    }

    /// secuconnect: `POST {baseURL}/oauth/token` with JSON `{grant_type, client_id, client_secret}` (seed 002 step 1).
    public static func secuconnect(baseURL: String, clientID: String, clientSecret: String,
                                   timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) -> TokenEndpoint {
        TokenEndpoint(provider: "secuconnect", url: trimmed(baseURL) + "/oauth/token", wire: .jsonBody,
                      clientID: clientID, clientSecret: clientSecret, timeouts: timeouts)
    }

    /// SmartPay Bearer scheme: `POST {tokenURL}` (e.g. `https://…amazoncognito.com/oauth2/token`)
    /// with form `client_id, client_secret, grant_type=client_credentials` (seed 001).
    public static func smartPay(tokenURL: String, clientID: String, clientSecret: String,
                                timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) -> TokenEndpoint {
        TokenEndpoint(provider: "smartpay", url: tokenURL, wire: .formBody,
                      clientID: clientID, clientSecret: clientSecret, timeouts: timeouts)
    }

    /// SG Connect (SmartCredit): `POST {baseURL}/sgconnect/oauth2/access_token?grant_type=client_credentials&scope=…`
    /// with `Authorization: Basic base64(clientId:clientSecret)` and a form content type (seed 000).
    public static func sgConnect(baseURL: String, clientID: String, clientSecret: String, scope: String,
                                 timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) -> TokenEndpoint {
        TokenEndpoint(provider: "smartcredit", url: sgConnectURL(baseURL, scope: scope, clientID: nil),
                      wire: .basicWithQuery(scope: scope), clientID: clientID, clientSecret: clientSecret, timeouts: timeouts)
    }

    /// SG Connect with mTLS instead of Basic (seed 000, "or mTLS with your certificate").
    public static func sgConnect(baseURL: String, clientID: String, scope: String, certificate: OutboundTLS,
                                 timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) -> TokenEndpoint {
        TokenEndpoint(provider: "smartcredit", url: sgConnectURL(baseURL, scope: scope, clientID: clientID),
                      wire: .mutualTLSWithQuery(scope: scope), clientID: clientID, clientSecret: "",
                      tls: certificate, timeouts: timeouts)
    }

    /// Pledg back office: `POST {backURL}/api/token` with `Authorization: Basic base64(apiKey:apiSecret)`
    /// and form `grant_type=client_credentials` (PROVIDERS.md D, the official Sylius plugin).
    public static func pledgBackOffice(backURL: String, apiKey: String, apiSecret: String,
                                       timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) -> TokenEndpoint {
        TokenEndpoint(provider: "pledg", url: trimmed(backURL) + "/api/token", wire: .basicWithForm,
                      clientID: apiKey, clientSecret: apiSecret, timeouts: timeouts)
    }

    /// The provider and URL; never the secret.
    public var description: String { "TokenEndpoint(\(provider), \(url))" }

    /// The token request exactly as it goes on the wire.
    func makeRequest() -> OutboundRequest {
        var headers: OutboundHeaders = ["Accept": "application/json"]
        var body: [UInt8] = []
        switch wire {
        case .jsonBody:
            headers.add(name: "Content-Type", value: "application/json")
            let object: JSONValue = ["grant_type": "client_credentials", "client_id": .string(clientID), "client_secret": .string(clientSecret)]
            // Sorted keys: a stable body, so tests and sandboxes can compare it byte for byte.
            body = object.serialized(sortedKeys: true)
        case .formBody:
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            body = Array(FormURLEncoding.encode([("client_id", clientID), ("client_secret", clientSecret),
                                                 ("grant_type", "client_credentials")]).utf8)
        case .basicWithQuery:
            headers.add(name: "Authorization", value: basicCredentials)
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        case .mutualTLSWithQuery:
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        case .basicWithForm:
            headers.add(name: "Authorization", value: basicCredentials)
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            body = Array(FormURLEncoding.encode([("grant_type", "client_credentials")]).utf8)
        }
        return OutboundRequest(method: .post, url: url, headers: headers, body: body, timeouts: timeouts, tls: tls)
    }

    /// The token in a response, or the error that response means.
    func parseToken(_ response: OutboundResponse) throws -> (value: String, lifetime: Duration) {
        switch response.status {
        case 200..<300:
            break
        case 400, 401:
            // RFC 6749 §5.2: invalid_client, unauthorized_client, invalid_scope… — all configuration.
            throw OAuthError.credentialsRejected(provider: provider, status: response.status,
                                                 oauthErrorCode: Self.plainErrorCode(in: response.body))
        default:
            throw OAuthError.endpointFailed(provider: provider, status: response.status)
        }
        guard let object = (try? JSONValue.parse(response.body))?.objectValue,
              let token = object["access_token"]?.stringValue, !token.isEmpty,
              object["token_type"]?.stringValue.map({ $0.lowercased() == "bearer" }) ?? true
        else { throw OAuthError.invalidTokenResponse(provider: provider) }
        let lifetime: Duration
        if let seconds = object["expires_in"]?.numberValue?.double, seconds > 0 {
            lifetime = .milliseconds(Int64(seconds * 1000))
        } else if let text = object["expires_in"]?.stringValue, let seconds = Int(text), seconds > 0 {
            lifetime = .seconds(seconds)
        } else {
            lifetime = defaultLifetime
        }
        return (token, lifetime)
    }

    // RFC 7617: Basic credentials are base64 of "id:secret" in UTF-8. (Seed 000's example value
    // decodes to "myclientid:myclientsecret\n": its trailing newline is an `echo` artefact.)
    private var basicCredentials: String {
        "Basic " + Base64.encode(Array("\(clientID):\(clientSecret)".utf8))
    }

    private static func sgConnectURL(_ baseURL: String, scope: String, clientID: String?) -> String {
        var query = [("grant_type", "client_credentials"), ("scope", scope)]
        if let clientID { query.append(("client_id", clientID)) }
        return trimmed(baseURL) + "/sgconnect/oauth2/access_token?" + FormURLEncoding.encode(query)
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    // Only an RFC 6749 §5.2-shaped code is echoed into errors: short, from a safe alphabet.
    private static func plainErrorCode(in body: [UInt8]) -> String? {
        guard let code = (try? JSONValue.parse(body))?["error"]?.stringValue, (1...64).contains(code.count),
              code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") })
        else { return nil }
        return code
    }
}
