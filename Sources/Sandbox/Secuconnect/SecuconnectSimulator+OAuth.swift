import Crypto
import HTTP
import JSON

extension SecuconnectSimulator {
    /// `POST /oauth/token` with a JSON body `{grant_type, client_id, client_secret}`
    /// (seeds 002 and 004, step 1).
    func issueToken(_ request: Request) throws(SecuconnectError) -> Response {
        guard case .object(let body)? = try? JSONValue.parse(request.body) else {
            throw .oauthInvalidRequest("The body must be a JSON object with grant_type, client_id and client_secret")
        }
        guard let grantType = body["grant_type"]?.stringValue else {
            throw .oauthInvalidRequest("The grant type was not specified in the request")
        }
        guard grantType == "client_credentials" else { throw .oauthUnsupportedGrantType }
        guard let clientID = body["client_id"]?.stringValue, let secret = body["client_secret"]?.stringValue else {
            throw .oauthInvalidRequest("client_id and client_secret are required")
        }
        // Both compared in full, whatever the first says.
        let isIDValid = ConstantTime.equals(clientID, configuration.clientID)
        let isSecretValid = ConstantTime.equals(secret, configuration.clientSecret)
        guard isIDValid && isSecretValid else { throw .oauthInvalidClient }
        let token = tokens.issue(now: configuration.now(), lifetime: configuration.tokenLifetime)
        return .json(200, .object([
            "access_token": .string(token),
            "expires_in": .number(JSONNumber(configuration.tokenLifetime)),
            "token_type": "bearer",
            "scope": "https://scope.secucard.com/e/api",
        ]))
    }
}
