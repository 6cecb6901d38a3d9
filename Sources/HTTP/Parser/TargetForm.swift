/// The four request-target forms of RFC 9112 §3.2, reduced to path and query.
struct TargetForm {
    /// The request-target exactly as received.
    var target: String
    var path: String
    var query: String?

    /// Origin-form (`/p?q`), absolute-form (`http://h/p?q`), asterisk-form (`*`, OPTIONS only).
    /// Authority-form is CONNECT's, which this server does not proxy: nil, a 400.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, method: String) -> TargetForm? {
        // A fragment is never sent in a request-target (RFC 9112 §3.2).
        guard !bytes.contains(UInt8(ascii: "#")) else { return nil }
        let target = String(decoding: bytes, as: UTF8.self)
        guard bytes.first == UInt8(ascii: "/") else { return parseOther(target, method: method) }
        // Origin-form, nearly every request: split as bytes, and a path without a query is the
        // target itself.
        guard let q = bytes.firstIndex(of: UInt8(ascii: "?")) else { return TargetForm(target: target, path: target, query: nil) }
        return TargetForm(target: target,
                          path: String(decoding: UnsafeBufferPointer(rebasing: bytes[..<q]), as: UTF8.self),
                          query: String(decoding: UnsafeBufferPointer(rebasing: bytes[(q + 1)...]), as: UTF8.self))
    }

    /// Asterisk-form and absolute-form.
    private static func parseOther(_ target: String, method: String) -> TargetForm? {
        if target == "*" { return method == "OPTIONS" ? TargetForm(target: target, path: "*", query: nil) : nil }
        // absolute-form: scheme "://" authority path-abempty [ "?" query ]
        guard let colon = target.firstIndex(of: ":"), target[colon...].hasPrefix("://") else { return nil }
        let scheme = target[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let afterScheme = target[target.index(colon, offsetBy: 3)...]
        let pathStart = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
        guard pathStart > afterScheme.startIndex else { return nil }
        let rest = afterScheme[pathStart...]
        if rest.isEmpty { return TargetForm(target: target, path: "/", query: nil) }
        if rest.first == "?" { return TargetForm(target: target, path: "/", query: String(rest.dropFirst())) }
        // Searched as bytes: "?" is ASCII, so its index is a valid index of `rest`.
        guard let q = rest.utf8.firstIndex(of: UInt8(ascii: "?")) else { return TargetForm(target: target, path: String(rest), query: nil) }
        return TargetForm(target: target, path: String(rest[..<q]), query: String(rest[rest.utf8.index(after: q)...]))
    }
}
