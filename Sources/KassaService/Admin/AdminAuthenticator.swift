import Crypto
import FoundationEssentials
import HTTP
import Synchronization

/// Who is asking for an `/admin` page: an operator holding an admin key (`admin_keys`), sent
/// with HTTP Basic (RFC 7617) or proven once at `/admin/login` and then carried by the session
/// cookie; or nobody. Keys are compared in constant time, every key every time, and failed
/// attempts count against the client's address (`AdminLoginThrottle`).
struct AdminAuthenticator: Sendable {
    /// The session cookie's name.
    static let cookieName = "kassa_admin"

    /// The accepted keys (UTF-8 bytes).
    let keys: [[UInt8]]
    let sessions: AdminSessions
    let throttle: AdminLoginThrottle
    /// Whether cookies get `Secure`: when Kassa is reached over https (`public_base_url`).
    let secureCookies: Bool
    /// Per process: the CSRF token of an HTTP Basic operator is a MAC of their key under it,
    /// so it is stable across their requests and worthless elsewhere.
    let csrfKey = LazyRandomKey()

    init(keys: [[UInt8]], sessions: AdminSessions, throttle: AdminLoginThrottle, secureCookies: Bool) {
        self.keys = keys
        self.sessions = sessions
        self.throttle = throttle
        self.secureCookies = secureCookies
    }

    /// What a request proves.
    enum Outcome {
        /// An operator; forms must carry `csrfToken`. `sessionToken` is nil under HTTP Basic.
        case signedIn(csrfToken: String, sessionToken: String?)
        /// No credentials at all: the login form is the answer.
        case anonymous
        /// Wrong credentials (401) or too many of them (429).
        case refused(Response)
    }

    /// Checks `Authorization: Basic`, else the session cookie.
    func authenticate(_ request: Request) -> Outcome {
        if let header = request.headers["Authorization"] {
            if let seconds = throttle.retryAfter(request.remoteAddress) { return .refused(AdminPages.tooManyAttempts(seconds)) }
            guard let key = Self.basicKey(header), isAdminKey(key) else {
                throttle.recordFailure(request.remoteAddress)
                var response = AdminPages.login(message: "Wrong admin key.").response(status: 401)
                response.headers.replaceOrAdd(name: "WWW-Authenticate", value: #"Basic realm="Kassa admin", charset="UTF-8""#)
                return .refused(response)
            }
            return .signedIn(csrfToken: Hex.encode(HMACSHA256.authenticate(key, key: csrfKey.bytes)), sessionToken: nil)
        }
        if let token = Self.cookie(Self.cookieName, in: request), let session = sessions.session(token: token) {
            return .signedIn(csrfToken: session.csrfToken, sessionToken: token)
        }
        return .anonymous
    }

    /// True when `presented` is one of the keys; compares with every key, in constant time.
    func isAdminKey(_ presented: [UInt8]) -> Bool {
        var matched = false
        for key in keys where ConstantTime.equals(presented, key) { matched = true }
        return matched
    }

    /// `Set-Cookie` for a new session: never readable by script, never sent cross-site, and
    /// only over TLS when Kassa is served over https (RFC 6265 §4.1.2; SameSite: RFC 6265bis).
    func sessionCookie(_ token: String) -> String {
        "\(Self.cookieName)=\(token); Path=/admin; Max-Age=\(Int(AdminSessions.lifetime)); HttpOnly; SameSite=Strict"
            + (secureCookies ? "; Secure" : "")
    }

    /// `Set-Cookie` that removes the session cookie.
    func clearedCookie() -> String {
        "\(Self.cookieName)=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : "")
    }

    /// The key in `Basic base64(user:password)`: the password, or the user name when the
    /// password is empty (`curl -u KEY:`).
    static func basicKey(_ header: String) -> [UInt8]? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", parts[1].utf8.count <= 1024,
              let decoded = Base64.decode(trimmed(parts[1])),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let password = Array(decoded[(colon + 1)...])
        return password.isEmpty ? Array(decoded[..<colon]) : password
    }

    /// A cookie's value from the `Cookie` header (RFC 6265 §5.4: `a=b; c=d`).
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, trimmed(parts[0]) == name {
                    return trimmed(parts[1])
                }
            }
        }
        return nil
    }
}

/// `text` without surrounding spaces and tabs.
private func trimmed(_ text: Substring) -> String {
    let isBlank = { (c: Character) in c == " " || c == "\t" }
    return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
}

/// 32 random bytes drawn on first use: libcrypto is mapped only once something needs it
/// (LazyLibraryTests), not when the service starts.
final class LazyRandomKey: Sendable {
    private let key = Mutex<[UInt8]?>(nil)

    /// The key, drawn now if this is the first use.
    var bytes: [UInt8] {
        key.withLock { key in
            if let key { return key }
            let drawn = SecureRandom.bytes(32)
            key = drawn
            return drawn
        }
    }
}
