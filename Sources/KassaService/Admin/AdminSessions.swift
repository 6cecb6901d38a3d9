import Crypto
import FoundationEssentials
import Synchronization

/// The operator's login sessions (`/admin/login`): a random token in an `HttpOnly` cookie, kept
/// here only as its SHA-256 with the session's CSRF token and expiry. In memory: a restart
/// signs everyone out, which is what an operator expects of a deploy anyway.
final class AdminSessions: Sendable {
    /// One signed-in browser.
    struct Session: Sendable {
        /// The token the page's one form (redeliver) must send back.
        let csrfToken: String
        /// When the session ends (a fixed lifetime from sign-in, not sliding).
        let expiresAt: Date
    }

    /// How long a session lasts.
    static let lifetime: TimeInterval = 8 * 3600
    /// Sessions kept at most; signing in beyond it drops the one closest to its end.
    static let capacity = 1000

    private let sessions = Mutex<[String: Session]>([:])
    private let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// Opens a session; returns the cookie's token (120 random bits) and the session.
    func open() -> (token: String, session: Session) {
        let token = RandomID.make(prefix: "", length: 32)
        let session = Session(csrfToken: RandomID.make(prefix: "", length: 32), expiresAt: now().addingTimeInterval(Self.lifetime))
        let key = Self.key(token)
        let current = now()
        sessions.withLock { table in
            if table.count >= Self.capacity {
                table = table.filter { $0.value.expiresAt > current }
                if table.count >= Self.capacity, let first = table.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                    table[first.key] = nil
                }
            }
            table[key] = session
        }
        return (token, session)
    }

    /// The live session of a cookie's token, or nil. Looked up by the token's SHA-256: the
    /// table's hashing and comparison see only a digest the client cannot steer.
    func session(token: String) -> Session? {
        let key = Self.key(token)
        let current = now()
        return sessions.withLock { table in
            guard let session = table[key] else { return nil }
            guard session.expiresAt > current else { table[key] = nil; return nil }
            return session
        }
    }

    /// Ends the session of `token` (sign-out).
    func close(token: String) {
        let key = Self.key(token)
        sessions.withLock { $0[key] = nil }
    }

    private static func key(_ token: String) -> String { SHA256.hexDigest(token) }
}
