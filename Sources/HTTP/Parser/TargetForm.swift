/// The four request-target forms of RFC 9112 §3.2, reduced to path and query.
struct TargetForm {
    var path: String
    var query: String?

    /// Origin-form (`/p?q`), absolute-form (`http://h/p?q`), asterisk-form (`*`, OPTIONS only).
    /// Authority-form is CONNECT's, which this server does not proxy: nil, a 400.
    static func parse(_ target: String, method: String) -> TargetForm? {
        // A fragment is never sent in a request-target (RFC 9112 §3.2).
        guard !target.utf8.contains(UInt8(ascii: "#")) else { return nil }
        if target.utf8.first == UInt8(ascii: "/") { return split(Substring(target)) }
        if target == "*" { return method == "OPTIONS" ? TargetForm(path: "*", query: nil) : nil }
        // absolute-form: scheme "://" authority path-abempty [ "?" query ]
        guard let colon = target.firstIndex(of: ":"), target[colon...].hasPrefix("://") else { return nil }
        let scheme = target[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let afterScheme = target[target.index(colon, offsetBy: 3)...]
        let pathStart = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
        guard pathStart > afterScheme.startIndex else { return nil }
        let rest = afterScheme[pathStart...]
        if rest.isEmpty { return TargetForm(path: "/", query: nil) }
        if rest.first == "?" { return TargetForm(path: "/", query: String(rest.dropFirst())) }
        return split(rest)
    }

    private static func split(_ s: Substring) -> TargetForm {
        // Searched as bytes: "?" is ASCII, so its index is a valid index of `s`.
        guard let q = s.utf8.firstIndex(of: UInt8(ascii: "?")) else { return TargetForm(path: String(s), query: nil) }
        return TargetForm(path: String(s[..<q]), query: String(s[s.utf8.index(after: q)...]))
    }
}
