import JSON
import XCTest

final class JSONSerializationTests: XCTestCase {
    func testCompactOutputKeepsOrderAndEscapes() {
        let value: JSONValue = [
            "z": "quote \" backslash \\ slash / tab \t nul \u{0} é 😀",
            "a": [1, 2.5, true, false, nil],
            "m": [:],
        ]
        XCTAssertEqual(
            value.serializedString(),
            #"{"z":"quote \" backslash \\ slash / tab \u0009 nul \u0000 é 😀","a":[1,2.5,true,false,null],"m":{}}"#)
    }

    func testSortedKeysGiveOneCanonicalForm() throws {
        let first = try JSONValue.parse(#"{"b":1,"a":{"y":[{"d":1,"c":2}],"x":null},"A":0}"#)
        let second = try JSONValue.parse(#"{"a":{"x":null,"y":[{"c":2,"d":1}]},"A":0,"b":1}"#)
        XCTAssertEqual(first, second)
        XCTAssertNotEqual(first.serializedString(), second.serializedString())
        XCTAssertEqual(first.serializedString(sortedKeys: true), second.serializedString(sortedKeys: true))
        XCTAssertEqual(first.serializedString(sortedKeys: true), #"{"A":0,"a":{"x":null,"y":[{"c":2,"d":1}]},"b":1}"#)
    }

    func testSortingUsesUTF16CodeUnits() {
        // U+FB01 sorts after U+1F600's high surrogate (0xD83D) in UTF-16, before it in scalars.
        let value: JSONValue = ["\u{FB01}": 1, "😀": 2]
        XCTAssertEqual(value.serializedString(sortedKeys: true), #"{"😀":2,"ﬁ":1}"#)
    }

    func testRoundTripIsIdentityOnCompactInput() throws {
        let documents = [
            #"{"id":"chk_1","amount":4485,"currency":"EUR","items":[{"q":2,"p":1595},{"q":1,"p":-500}],"meta":{},"x":null}"#,
            #"[1.5e-7,-0,0.25,true,"\u0001\\\"/"]"#,
            #""ünïcödé""#,
        ]
        for document in documents {
            let value = try JSONValue.parse(document)
            XCTAssertEqual(value.serializedString(), document)
            XCTAssertEqual(try JSONValue.parse(value.serialized()), value)
        }
    }

    func testEscapedInputIsWrittenBackMinimally() throws {
        let value = try JSONValue.parse(#"["\u0041\/\n"]"#)
        XCTAssertEqual(value.serializedString(), #"["A/\u000a"]"#)
    }

    func testBuildersAndLiterals() {
        let id = "chk_1"
        let built = JSONValue.object([("id", .string(id)), ("amount", .number(JSONNumber(4485)))])
        let literal: JSONValue = ["id": "chk_1", "amount": 4485]
        XCTAssertEqual(built, literal)
        XCTAssertEqual(built.serializedString(), #"{"id":"chk_1","amount":4485}"#)
        var object = JSONObject()
        object["a"] = 1
        object["b"] = 2
        object["a"] = 3
        XCTAssertEqual(JSONValue.object(object).serializedString(), #"{"a":3,"b":2}"#)
        object["a"] = nil
        XCTAssertEqual(object.keys, ["b"])
    }

    func testObjectsWithDifferentValuesAreNotEqual() {
        let a: JSONValue = ["x": 1, "y": 2]
        let b: JSONValue = ["x": 1, "y": 3]
        let c: JSONValue = ["x": 1]
        XCTAssertNotEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertNotEqual(JSONValue.number(JSONNumber(literal: "1.0")!), JSONValue.number(1))
    }

    func testPathRendering() {
        XCTAssertEqual(JSONPath.root.description, "")
        XCTAssertEqual(JSONPath.root.appending(index: 0).appending("a").description, "[0].a")
        XCTAssertEqual(JSONPath.root.appending("providers").appending("a.b").description, #"providers["a.b"]"#)
        XCTAssertEqual(JSONPath.root.appending("order").appending("items").appending(index: 2).appending("quantity").description,
                       "order.items[2].quantity")
    }
}
