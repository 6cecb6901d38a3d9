/// What the parser accepts at most. Each limit has its own error, so a client learns which
/// one it hit. The defaults suit a REST request body.
public struct JSONLimits: Sendable, Hashable {
    /// Nesting of arrays and objects; the top value is depth 1. Capped at 512 whatever is
    /// asked, because the parser recurses once per level.
    public var maxDepth = 64
    /// The document's size in bytes.
    public var maxBytes = 1 << 20
    /// One string's (or number literal's) length in bytes after unescaping.
    public var maxStringLength = 64 * 1024
    /// Array elements plus object members in the whole document.
    public var maxElements = 100_000

    /// The defaults.
    public init() {}

    /// Chosen limits; any not given keeps its default.
    public init(maxDepth: Int = 64, maxBytes: Int = 1 << 20, maxStringLength: Int = 64 * 1024, maxElements: Int = 100_000) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
        self.maxStringLength = maxStringLength
        self.maxElements = maxElements
    }

    /// The depth the parser really allows.
    var effectiveMaxDepth: Int { min(maxDepth, 512) }
}
