import Outbound

extension TokenEndpoint {
    /// SG Connect (seed 000, "Authentication"): `POST {token_url}?grant_type=client_credentials&scope=a+b`,
    /// form content type, credentials in Basic — or, with a client certificate, mTLS with the
    /// client id in the query instead (RFC 8705 §2).
    public static func sgConnect(tokenURL: String, clientID: String, clientSecret: String, scope: String,
                                 clientCertificate: OutboundTLS?, timeouts: OutboundTimeouts) -> TokenEndpoint {
        var query = [("grant_type", "client_credentials"), ("scope", scope)]
        if clientCertificate != nil { query.append(("client_id", clientID)) }
        let separator = tokenURL.contains("?") ? "&" : "?"
        let url = tokenURL + separator + query.map { "\(SmartCreditQuery.encode($0.0))=\(SmartCreditQuery.encode($0.1))" }.joined(separator: "&")
        let wire: Wire = clientCertificate != nil ? .mutualTLSWithQuery(scope: scope) : .basicWithQuery(scope: scope)
        return TokenEndpoint(provider: "smartcredit", url: url, wire: wire, clientID: clientID, clientSecret: clientSecret,
                             tls: clientCertificate, timeouts: timeouts)
    }
}

/// `application/x-www-form-urlencoded` for one query component (WHATWG URL §5.2): the seed's
/// `scope=fooscope+barscope` writes the space as `+`.
enum SmartCreditQuery {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "): out.append("+")
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }
}
