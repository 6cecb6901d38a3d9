import JSON

extension SecuconnectProvider {
    /// The Payment Transaction ids (`PCI_…`) a push names (PROVIDERS.md A, "Push
    /// notifications": `{"object":"event.pushes","id":"evt_…","target":"payment.transactions",
    /// "type":"changed"|"added","data":[{"object":…,"id":"PCI_…"}]}`), in order, without
    /// repeats; empty for anything else. Pushes are unsigned, so this is only a hint: the
    /// service stores the body, answers 200, and re-reads each object with `fetchStatus`.
    public static func paymentTransactionIDs(inPush body: [UInt8]) -> [String] {
        guard let push = try? JSONValue.parse(body),
              push["object"]?.stringValue == "event.pushes",
              push["target"]?.stringValue == "payment.transactions",
              let data = push["data"]?.arrayValue else { return [] }
        var ids: [String] = []
        for item in data {
            guard let id = item["id"]?.stringValue, isPlainID(id, prefix: "PCI_"), !ids.contains(id) else { continue }
            ids.append(id)
        }
        return ids
    }

    // An id is only ever looked up, but it also lands in logs and URLs: prefix plus at most 64
    // upper-case letters and digits, nothing else.
    static func isPlainID(_ id: String, prefix: String) -> Bool {
        guard id.hasPrefix(prefix) else { return false }
        let rest = id.utf8.dropFirst(prefix.utf8.count)
        return (1...64).contains(rest.count) && rest.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
    }
}
