import Crypto
import FoundationEssentials
import JSON

/// One provider account's OAuth2 client-credentials token endpoint (RFC 6749 §4.4), in the
/// wire variant that provider speaks. Outbound knows the variants, not the providers: each
/// provider's folder under `Providers/` builds its endpoint (e.g. `TokenEndpoint.secuconnect`).
public struct TokenEndpoint: Sendable, CustomStringConvertible {
    /// How the client credentials travel.
    public enum Wire: Sendable {
        /// JSON body `{grant_type, client_id, client_secret}` (secuconnect, seed 002).
        case jsonBody
        /// Form body `client_id, client_secret, grant_type` (SmartPay's Cognito, seed 001).
        case formBody
        /// Grant type and scope in the query, credentials in Basic (SG Connect, seed 000).
        case basicWithQuery(scope: String)
        /// The client certificate authenticates; the client id goes in the query (RFC 8705 §2).
        case mutualTLSWithQuery(scope: String)
        /// Basic plus a form body with the grant type (Pledg back office, PROVIDERS.md D).
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

    /// An endpoint at `url` (query included) speaking `wire`. `provider` names it in errors
    /// and logs; the secret is never printed.
    public init(provider: String, url: String, wire: Wire, clientID: String, clientSecret: String,
                tls: OutboundTLS? = nil, timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) {
        self.provider = provider
        self.url = url
        self.wire = wire
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tls = tls
        self.timeouts = timeouts
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

    /// `url` without one trailing `/`, to append a path to.
    public static func trimmed(_ url: String) -> String {
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
