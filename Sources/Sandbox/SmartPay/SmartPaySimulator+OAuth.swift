import Crypto
import HTTP
import JSON

extension SmartPaySimulator {
    /// `POST /oauth2/token` with the form body `client_id=…&client_secret=…&grant_type=client_credentials`
    /// (seed 001, "Bearer Authentication"): `{"access_token", "expires_in": 3600, "token_type": "Bearer"}`.
    func issueToken(_ request: Request) throws(SmartPayError) -> Response {
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw .oauthInvalidRequest("The body must be application/x-www-form-urlencoded")
        }
        let form = QueryString.parse(String(decoding: request.body, as: UTF8.self))
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        guard let grantType = field("grant_type") else { throw .oauthInvalidRequest("grant_type is required") }
        guard grantType == "client_credentials" else { throw .oauthUnsupportedGrantType }
        guard let clientID = field("client_id"), let secret = field("client_secret") else {
            throw .oauthInvalidRequest("client_id and client_secret are required")
        }
        // Both compared in full, whatever the first says.
        let isIDValid = ConstantTime.equals(clientID, configuration.clientID)
        let isSecretValid = ConstantTime.equals(secret, configuration.clientSecret)
        guard isIDValid && isSecretValid else { throw .oauthInvalidClient }
        let token = tokens.issue(clientID: clientID, now: configuration.now(), lifetime: configuration.tokenLifetime)
        return .json(200, .object([
            "access_token": .string(token),
            "expires_in": .number(JSONNumber(configuration.tokenLifetime)),
            "token_type": "Bearer",
        ]), headers: ["Cache-Control": "no-store"])
    }
}
