import JSON
import XCTest

/// JSONTestSuite-style cases as data: `y_` must parse, `n_` must be refused with that error.
final class JSONParseTests: XCTestCase {
    private let accepted: [(name: String, text: String)] = [
        ("y_empty_object", "{}"),
        ("y_empty_array", "[]"),
        ("y_top_level_string", #""abc""#),
        ("y_top_level_number", "-0"),
        ("y_top_level_null", "null"),
        ("y_whitespace_around", " \t\r\n[1]\n "),
        ("y_number_exponent", "[1E22, 1e-2, -1.5E+3, 0.0, 0e0]"),
        ("y_escapes", #"["\"\\\/\b\f\n\r\t\u0041\u00e9"]"#),
        ("y_surrogate_pair", #"["\ud83d\ude00"]"#),
        ("y_utf8_multibyte", "[\"é€😀\"]"),
        ("y_nested", #"{"a":[{"b":{"c":[null,true,false]}}]}"#),
        ("y_escaped_nul", #"["\u0000"]"#),
        ("y_key_empty", #"{"":1}"#),
    ]

    private let refused: [(name: String, text: String, error: JSONParseError)] = [
        ("n_empty", "", .unexpectedEnd),
        ("n_only_space", "  ", .unexpectedEnd),
        ("n_trailing_comma_array", "[1,]", .trailingComma),
        ("n_trailing_comma_object", #"{"a":1,}"#, .trailingComma),
        ("n_comma_only", "[,]", .unexpectedCharacter),
        ("n_line_comment", "[1] // x", .trailingData),
        ("n_block_comment", "/* x */ [1]", .unexpectedCharacter),
        ("n_nan", "[NaN]", .unexpectedCharacter),
        ("n_infinity", "[Infinity]", .unexpectedCharacter),
        ("n_minus_infinity", "[-Infinity]", .invalidNumber),
        ("n_leading_zero", "[012]", .leadingZero),
        ("n_minus_leading_zero", "[-01]", .leadingZero),
        ("n_plus_sign", "[+1]", .unexpectedCharacter),
        ("n_dot_only", "[.5]", .unexpectedCharacter),
        ("n_trailing_dot", "[1.]", .invalidNumber),
        ("n_exponent_no_digit", "[1e]", .invalidNumber),
        ("n_exponent_sign_no_digit", "[1e+]", .invalidNumber),
        ("n_hex_number", "[0x1]", .unexpectedCharacter),
        ("n_single_quotes", "['a']", .unexpectedCharacter),
        ("n_unquoted_key", "{a:1}", .unexpectedCharacter),
        ("n_tab_in_string", "[\"a\tb\"]", .controlCharacter),
        ("n_newline_in_string", "[\"a\nb\"]", .controlCharacter),
        ("n_bad_escape", #"["\x41"]"#, .invalidEscape),
        ("n_short_unicode_escape", #"["\u12"]"#, .invalidEscape),
        ("n_lone_high_surrogate", #"["\ud800"]"#, .invalidSurrogate),
        ("n_lone_low_surrogate", #"["\udc00"]"#, .invalidSurrogate),
        ("n_high_then_non_low", #"["\ud800\u0041"]"#, .invalidSurrogate),
        ("n_unterminated_string", #"["abc"#, .unexpectedEnd),
        ("n_unterminated_array", "[1", .unexpectedEnd),
        ("n_unterminated_object", #"{"a":1"#, .unexpectedEnd),
        ("n_missing_colon", #"{"a" 1}"#, .unexpectedCharacter),
        ("n_two_values", "[1] [2]", .trailingData),
        ("n_true_capital", "[True]", .unexpectedCharacter),
        ("n_truncated_literal", "[tru]", .invalidLiteral),
        ("n_duplicate_key", #"{"amount":1,"amount":2}"#, .duplicateKey),
        ("n_nested_duplicate_key", #"{"a":{"x":1,"y":2,"x":3}}"#, .duplicateKey),
        ("n_form_feed_whitespace", "\u{0C}[1]", .unexpectedCharacter),
        ("n_missing_comma", "[1 2]", .unexpectedCharacter),
    ]

    func testAcceptedDocumentsParse() {
        for (name, text) in accepted {
            XCTAssertNoThrow(try JSONValue.parse(text), name)
        }
    }

    func testRefusedDocumentsFailWithTheirError() {
        for (name, text, expected) in refused {
            do {
                let value = try JSONValue.parse(text)
                XCTFail("\(name) parsed as \(value)")
            } catch {
                XCTAssertEqual(error, expected, "\(name): \(error)")
            }
        }
    }

    func testParsedValuesHaveTheRightShape() throws {
        let value = try JSONValue.parse(#"{"order":{"items":[{"quantity":2},{"quantity":1},{"quantity":7}]},"ok":true,"none":null}"#)
        XCTAssertEqual(value["order"]?["items"]?[2]?["quantity"]?.int64Value, 7)
        XCTAssertNil(value["order"]?["items"]?[3])
        XCTAssertNil(value["order"]?["items"]?[-1])
        XCTAssertEqual(value["ok"]?.boolValue, true)
        XCTAssertEqual(value["none"]?.isNull, true)
        XCTAssertNil(value["missing"])
        XCTAssertEqual(value["order"]?.objectValue?.keys, ["items"])
        let path = JSONPath([.key("order"), .key("items"), .index(2), .key("quantity")])
        XCTAssertEqual(value[path]?.int64Value, 7)
        XCTAssertEqual(path.description, "order.items[2].quantity")
    }

    func testEscapesAreDecoded() throws {
        let value = try JSONValue.parse(#"["\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00"]"#)
        XCTAssertEqual(value[0]?.stringValue, "\"\\/\u{08}\u{0C}\n\r\tAé😀")
    }

    func testErrorCarriesOffsetAndShortMessage() {
        XCTAssertThrowsError(try JSONValue.parse(#"{"amount":1,"amount":2}"#)) { error in
            let error = error as! JSONParseError
            XCTAssertEqual(error.offset, 12)
            XCTAssertEqual(error.shortDescription, "duplicate_key")
            XCTAssertEqual(error.message, #"duplicate key "amount""#)
            XCTAssertEqual(error.description, #"invalid JSON at byte 12: duplicate key "amount""#)
        }
        XCTAssertThrowsError(try JSONValue.parse("[1,\n  x]")) { error in
            XCTAssertEqual((error as! JSONParseError).offset, 6)
            XCTAssertEqual((error as! JSONParseError).message, "unexpected 'x', expected a value")
        }
        XCTAssertThrowsError(try JSONValue.parse("[1 2]")) { error in
            XCTAssertEqual((error as! JSONParseError).description, "invalid JSON at byte 3: unexpected '2', expected ',' or ']'")
        }
        XCTAssertThrowsError(try JSONValue.parse(#"{"a":1"#)) { error in
            XCTAssertEqual((error as! JSONParseError).description, "invalid JSON at byte 6: unexpected end of input, expected ',' or '}'")
        }
    }

    func testHugeDuplicateKeyIsNotEchoedInFull() {
        let key = String(repeating: "k", count: 10_000)
        XCTAssertThrowsError(try JSONValue.parse(#"{"\#(key)":1,"\#(key)":2}"#)) { error in
            XCTAssertLessThan((error as! JSONParseError).description.count, 100)
        }
    }

    func testDuplicateKeysAreFoundInLargeObjects() {
        let members = (0..<50).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        XCTAssertNoThrow(try JSONValue.parse("{\(members)}"))
        XCTAssertThrowsError(try JSONValue.parse("{\(members),\"k17\":0}")) { error in
            XCTAssertEqual(error as? JSONParseError, .duplicateKey)
        }
    }

    func testInvalidUTF8IsRefused() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],                   // never valid
            [0x22, 0xC0, 0xAF, 0x22],             // overlong "/"
            [0x22, 0xE0, 0x80, 0xAF, 0x22],       // overlong, 3 bytes
            [0x22, 0xED, 0xA0, 0x80, 0x22],       // UTF-16 surrogate encoded in UTF-8
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // above U+10FFFF
            [0x22, 0xC3, 0x22],                   // truncated sequence
            [0x22, 0x80, 0x22],                   // lone continuation byte
            [0x22, 0xE2, 0x82],                   // truncated at end of input
        ]
        for bytes in cases {
            XCTAssertThrowsError(try JSONValue.parse(bytes), "\(bytes)") { error in
                XCTAssertEqual(error as? JSONParseError, .invalidUTF8, "\(bytes)")
            }
        }
        XCTAssertEqual(try JSONValue.parse([0x22, 0xC3, 0xA9, 0x22]), .string("é"))
    }

    func testByteOrderMarkIsRefused() {
        XCTAssertThrowsError(try JSONValue.parse([0xEF, 0xBB, 0xBF] + Array("[]".utf8)))
    }
}
