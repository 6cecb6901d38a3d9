import JSON
import XCTest

final class JSONCursorTests: XCTestCase {
    private let body = try! JSONValue.parse(#"""
        {"order": {"reference": "order_123", "amount": 4485, "paid": false, "note": null,
                   "items": [{"quantity": 2}, {"quantity": 1}, {"quantity": "7"}, {"quantity": 1.5}]}}
        """#)

    func testTypedValuesAreRead() throws {
        let order = JSONCursor(body)["order"]
        XCTAssertEqual(try order["reference"].string(), "order_123")
        XCTAssertEqual(try order["amount"].int64(), 4485)
        XCTAssertEqual(try order["paid"].bool(), false)
        XCTAssertNil(try order["note"].optionalString())
        XCTAssertNil(try order["missing"].optionalInt64())
        XCTAssertEqual(try order["items"].array().count, 4)
        XCTAssertEqual(try order.object().keys, ["reference", "amount", "paid", "note", "items"])
    }

    func testErrorsCarryTheExactPath() throws {
        let items = try JSONCursor(body)["order"]["items"].array()
        XCTAssertEqual(try items[0]["quantity"].int64(), 2)
        XCTAssertThrowsError(try items[2]["quantity"].int64()) { error in
            XCTAssertEqual((error as? JSONFieldError)?.field, "order.items[2].quantity")
            XCTAssertEqual((error as? JSONFieldError)?.message, "must be an integer")
        }
        XCTAssertThrowsError(try items[3]["quantity"].int64()) { error in
            XCTAssertEqual((error as? JSONFieldError)?.description, "order.items[3].quantity: must be an integer")
        }
        XCTAssertThrowsError(try JSONCursor(body)["order"]["note"].string()) { error in
            XCTAssertEqual((error as? JSONFieldError)?.description, "order.note: is required")
        }
        XCTAssertThrowsError(try JSONCursor(body)["customer"]["address"]["country"].string()) { error in
            XCTAssertEqual((error as? JSONFieldError)?.description, "customer.address.country: is required")
        }
        XCTAssertThrowsError(try JSONCursor(body)["order"]["reference"].optionalInt64()) { error in
            XCTAssertEqual((error as? JSONFieldError)?.description, "order.reference: must be an integer")
        }
        XCTAssertEqual(JSONCursor(body)["order"]["amount"].error("must be positive").field, "order.amount")
    }
}
