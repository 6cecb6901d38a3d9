import JSON

/// `metadata` of `POST /v1/checkouts`: the shop's own key–value pairs, stored and returned as
/// sent. Bounded like Stripe's (docs.stripe.com/metadata): it is stored per checkout and copied
/// into every event, so its size must not be the client's choice.
enum CheckoutMetadata {
    static let maxKeys = 50
    static let maxKeyLength = 40
    static let maxValueLength = 500

    /// The flat object of strings at `cursor` (absent: empty); each fault at its key's path.
    static func parse(_ cursor: JSONCursor, errors: inout FieldErrors) -> [String: String] {
        guard !cursor.isAbsent, let object = errors.check({ () throws(JSONFieldError) in try cursor.object() }) else { return [:] }
        guard object.count <= maxKeys else {
            errors.add(cursor.error("must have at most \(maxKeys) keys"))
            return [:]
        }
        var metadata: [String: String] = [:]
        for (key, _) in object {
            let field = cursor[key]
            // Lengths in Unicode scalars: a count of grapheme clusters would let one "character"
            // of thousands of combining marks through.
            guard !key.isEmpty, key.unicodeScalars.count <= maxKeyLength else {
                errors.add(field.error("a key must be 1 to \(maxKeyLength) characters"))
                continue
            }
            if let problem = ShopInput.textProblem(key) {
                errors.add(field.error("the key \(problem)"))
                continue
            }
            guard let value = errors.check({ () throws(JSONFieldError) in try field.string() }) else { continue }
            guard value.unicodeScalars.count <= maxValueLength else {
                errors.add(field.error("must be at most \(maxValueLength) characters"))
                continue
            }
            errors.requirePrintable(value, field)
            metadata[key] = value
        }
        return metadata
    }
}
