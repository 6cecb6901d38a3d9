import Crypto
import HTTP
import JSON

extension SmartCreditSimulator {
    /// `POST /sgconnect/oauth2/access_token?grant_type=client_credentials&scope=…` with
    /// `Authorization: Basic base64(clientId:clientSecret)` (seed 000, "Authentication").
    /// The parameters are read from the query, as in the seed's example, or else from an
    /// `application/x-www-form-urlencoded` body ("Form Parameters"). mTLS, the seed's other
    /// way to authenticate, needs a TLS listener the sandbox does not have.
    func issueToken(_ request: Request) throws(SmartCreditError) -> Response {
        let parameters = Self.tokenParameters(request)
        try authenticateClient(request.headers["Authorization"])
        guard let grantType = parameters.first(where: { $0.name == "grant_type" })?.value else {
            throw .invalidRequest("grant_type is required")
        }
        guard grantType == "client_credentials" else { throw .unsupportedGrantType }
        guard let scope = parameters.first(where: { $0.name == "scope" })?.value else {
            throw .invalidRequest("scope is required")
        }
        // "for the asked scopes (only the authorized ones)": the asked ones that are authorized.
        let asked = scope.split(separator: " ").map(String.init)
        var granted: [String] = []
        for name in asked where configuration.authorizedScopes.contains(name) && !granted.contains(name) {
            granted.append(name)
        }
        guard !granted.isEmpty else { throw .invalidScope("none of the asked scopes is authorized for this client") }
        let now = configuration.now()
        let token = tokens.issue(scopes: granted, now: now, lifetime: configuration.tokenLifetime)
        // Seed 000's example response, member for member and in its order.
        let body: JSONObject = [
            "access_token": .string(token),
            "scope": .string(granted.joined(separator: " ")),
            "id_token": .string(SmartCreditIdentifier.idToken(clientID: configuration.clientID, scopes: granted, issuedAt: now)),
            "token_type": "Bearer",
            "expires_in": .number(JSONNumber(configuration.tokenLifetime)),
        ]
        return .json(200, .object(body), headers: ["Cache-Control": "no-store", "Pragma": "no-cache"])
    }

    /// The query's parameters, then a form body's (the query wins: it comes first).
    private static func tokenParameters(_ request: Request) -> [(name: String, value: String)] {
        var parameters = request.queryItems
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded"), !request.body.isEmpty {
            parameters += QueryString.parse(String(decoding: request.body, as: UTF8.self))
        }
        return parameters
    }

    /// Requires `Basic base64(clientId:clientSecret)` naming this client. Nothing is trimmed:
    /// seed 000's example header carries a newline after the secret (seeds/README.md), and a
    /// newline in a secret is not the same secret.
    private func authenticateClient(_ header: String?) throws(SmartCreditError) {
        guard let header else { throw .invalidClient("Basic client credentials are required") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let decoded = Base64.decode(String(parts[1])),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
            throw .invalidClient("Basic client credentials are required")
        }
        // Both compared in full, whatever the first says.
        let isIDValid = ConstantTime.equals(decoded[..<colon], Array(configuration.clientID.utf8))
        let isSecretValid = ConstantTime.equals(decoded[(colon + 1)...], Array(configuration.clientSecret.utf8))
        guard isIDValid && isSecretValid else { throw .invalidClient("The client credentials are invalid") }
    }
}
