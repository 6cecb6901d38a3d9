/// One outbound HTTP request: what a provider adapter hands to `OutboundClient.send`.
public struct OutboundRequest: Sendable, Equatable {
    /// An HTTP method token (RFC 9110 §9).
    public struct Method: Sendable, Hashable, CustomStringConvertible {
        /// The method as sent on the wire.
        public let rawValue: String
        /// A method from its token, e.g. `"PATCH"`.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// `GET`
        public static let get = Method("GET")
        /// `POST`
        public static let post = Method("POST")
        /// `PUT`
        public static let put = Method("PUT")
        /// `PATCH`
        public static let patch = Method("PATCH")
        /// `DELETE`
        public static let delete = Method("DELETE")
        /// `HEAD`
        public static let head = Method("HEAD")
        /// The token.
        public var description: String { rawValue }
    }

    /// The method.
    public var method: Method
    /// The absolute `http://` or `https://` URL, query included.
    public var url: String
    /// Request header fields. `Content-Length` and `Host` are written by libcurl.
    public var headers: OutboundHeaders
    /// The request body; empty for none.
    public var body: [UInt8]
    /// Timeouts for this request; nil takes the client's defaults.
    public var timeouts: OutboundTimeouts?
    /// Client certificate (mTLS) and CA bundle; nil uses the system trust store and no client certificate.
    public var tls: OutboundTLS?

    /// A request; everything but method and URL is optional.
    public init(method: Method, url: String, headers: OutboundHeaders = [:], body: [UInt8] = [],
                timeouts: OutboundTimeouts? = nil, tls: OutboundTLS? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.tls = tls
    }
}

/// How long a request may take.
public struct OutboundTimeouts: Sendable, Equatable {
    /// The whole exchange, from start to the last byte of the response. SmartPay asks for 90 s (seed 001).
    public var total: Duration
    /// Establishing the connection, TLS handshake included.
    public var connect: Duration

    /// Timeouts; the defaults suit a provider API that answers in a few seconds.
    public init(total: Duration = .seconds(30), connect: Duration = .seconds(10)) {
        self.total = total
        self.connect = connect
    }

    var totalMilliseconds: Int { Self.milliseconds(total) }
    var connectMilliseconds: Int { Self.milliseconds(connect) }

    // libcurl treats 0 as "no timeout", so anything positive rounds up to at least 1 ms.
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let ms = Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        return max(1, ms)
    }
}

/// TLS settings of one request: a client certificate for mTLS (SG Connect offers it instead of
/// Basic, seed 000) and a CA bundle for providers whose chain is not in the system store.
public struct OutboundTLS: Sendable, Equatable {
    /// PEM file holding the client certificate (chain), or nil.
    public var certificatePath: String?
    /// PEM file holding the client certificate's private key, or nil.
    public var privateKeyPath: String?
    /// Passphrase of the private key, or nil. Never logged.
    public var privateKeyPassword: String?
    /// PEM file of CA certificates to trust instead of the system store, or nil.
    public var caBundlePath: String?

    /// TLS settings; all optional.
    public init(certificatePath: String? = nil, privateKeyPath: String? = nil,
                privateKeyPassword: String? = nil, caBundlePath: String? = nil) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.privateKeyPassword = privateKeyPassword
        self.caBundlePath = caBundlePath
    }
}
