import JSON

/// Collects every field error of a document instead of stopping at the first, so a 422
/// lists all of them at once.
struct FieldErrors {
    private(set) var all: [JSONFieldError] = []

    var isEmpty: Bool { all.isEmpty }

    /// Runs `read`; a thrown field error is kept and nil returned.
    mutating func check<T>(_ read: () throws(JSONFieldError) -> T) -> T? {
        do { return try read() } catch {
            all.append(error)
            return nil
        }
    }

    /// Records an error at `cursor` unless `condition` holds.
    mutating func require(_ condition: Bool, _ cursor: JSONCursor, _ message: String) {
        if !condition { all.append(cursor.error(message)) }
    }

    /// Records `error`.
    mutating func add(_ error: JSONFieldError) { all.append(error) }

    /// Records an error at `cursor` when `text` has control characters (`ShopInput.textProblem`).
    mutating func requirePrintable(_ text: String?, _ cursor: JSONCursor) {
        if let text, let problem = ShopInput.textProblem(text) { all.append(cursor.error(problem)) }
    }
}
