import JSON
@testable import KassaService
import Payments
import XCTest

/// `/openapi.json` holds together: every route is an operation, every reference and link lands,
/// every operation lists the answers the layers in front of it can give, and the enums are the
/// running service's. (Whether Kassa keeps to it is `scripts/contract-test`'s question.)
final class OpenAPIDocumentTests: XCTestCase {
    static let capabilities = ProviderCapabilities(canCapture: true, canCancel: true, canRefund: true, canRefundPartially: true,
                                                   methods: ["creditcard", "paypal"])
    let document = try! JSONValue.parse(OpenAPIDocument.render(providers: [.secuconnect: capabilities], maxAmount: 12345))

    private var operations: [(route: ServiceRoute, operation: JSONValue)] {
        ServiceRoutes.api.compactMap { route in
            document["paths"]?[route.pattern]?[route.method.lowercased()].map { (route, $0) }
        }
    }

    func testEveryRouteIsAnOperationWithAnID() throws {
        XCTAssertEqual(document["openapi"]?.stringValue, "3.1.0")
        XCTAssertEqual(operations.count, ServiceRoutes.api.count, "a route is missing from the document")
        let ids = operations.compactMap { $0.operation["operationId"]?.stringValue }
        XCTAssertEqual(Set(ids).count, ServiceRoutes.api.count, "every operation has its own operationId")
    }

    func testEveryReferenceAndLinkLands() throws {
        let ids = Set(operations.compactMap { $0.operation["operationId"]?.stringValue })
        var references: [String] = []
        var links: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let object):
                for (key, member) in object {
                    if key == "$ref", let target = member.stringValue { references.append(target) }
                    if key == "links", let named = member.objectValue {
                        for (_, link) in named { links.append(link["operationId"]?.stringValue ?? "") }
                    }
                    walk(member)
                }
            case .array(let elements): elements.forEach(walk)
            default: break
            }
        }
        walk(document)
        XCTAssertGreaterThan(references.count, 50)
        for reference in Set(references) {
            XCTAssertTrue(reference.hasPrefix("#/"), reference)
            var node: JSONValue? = document
            for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
            XCTAssertNotNil(node, "\(reference) does not resolve")
        }
        XCTAssertEqual(links.count, 18, "the new checkout's links, on 201 and 202")
        for link in links { XCTAssertTrue(ids.contains(link), "link to unknown operation \(link)") }
    }

    /// The middleware answers 401 before an authenticated route, a `/v1/` route may be rate
    /// limited (429), a body may be too large (413), a path parameter badly escaped (400).
    func testEveryOperationListsTheAnswersOfTheLayersInFrontOfIt() throws {
        for (route, operation) in operations {
            let statuses = Set(operation["responses"]?.objectValue?.keys.map { $0 } ?? [])
            let name = "\(route.method) \(route.pattern)"
            // A webhook is not authenticated by key, but its intake answers 401 to a bad signature.
            XCTAssertEqual(statuses.contains("401"), route.isAuthenticated || route.pattern == "/v1/webhooks/{provider}", name)
            XCTAssertEqual(statuses.contains("429"), route.pattern.hasPrefix("/v1/"), name)
            if route.method == "POST" { XCTAssertTrue(statuses.contains("413"), name) }
            if route.pattern.contains("{") { XCTAssertTrue(statuses.contains("400"), name) }
            if route.pattern.hasPrefix("/v1/") { XCTAssertTrue(statuses.contains("503"), name) }
            if operation["requestBody"]?["content"]?["application/json"]?["schema"]?.objectValue?.isEmpty == false {
                XCTAssertTrue(statuses.contains("415"), "\(name) reads a JSON body")
                XCTAssertTrue(statuses.contains("400"), "\(name) reads a JSON body")
            }
        }
    }

    func testTheEnumsAreTheServicesOwn() throws {
        let schemas = try XCTUnwrap(document["components"]?["schemas"])
        XCTAssertEqual(schemas["Provider"]?["enum"], ["secuconnect"])
        let request = try XCTUnwrap(schemas["CheckoutRequest"]?["properties"])
        XCTAssertEqual(request["method"]?["enum"], ["creditcard", "paypal", .null])
        XCTAssertEqual(request["order"]?["properties"]?["currency"]?["enum"]?.arrayValue?.compactMap(\.stringValue), Currency.knownCodes)
        XCTAssertEqual(request["order"]?["properties"]?["amount"]?["maximum"]?.int64Value, 12345)
        XCTAssertTrue(Currency.knownCodes.contains("EUR") && Currency.knownCodes.contains("JPY"))
        XCTAssertEqual(Currency.knownCodes.count, Set(Currency.knownCodes).count)
    }

    /// The examples phase of the contract test sends it as is.
    func testTheCheckoutExamplePassesValidation() throws {
        let example = try XCTUnwrap(document["paths"]?["/v1/checkouts"]?["post"]?["requestBody"]?["content"]?["application/json"]?["example"])
        let request = try CheckoutRequest.parse(example, providers: ["secuconnect"], maxAmount: 12345)
        XCTAssertEqual(request.order.amount.minorUnits, 4485)
        XCTAssertEqual(request.order.items.count, 3)
    }

    func testWithoutMethodListsAnyPrintableMethodIsAllowed() throws {
        let capabilities = ProviderCapabilities(canCapture: true, canCancel: true, canRefund: true, canRefundPartially: true)
        let document = try JSONValue.parse(OpenAPIDocument.render(providers: [.secuconnect: capabilities], maxAmount: 1))
        XCTAssertEqual(document["components"]?["schemas"]?["CheckoutRequest"]?["properties"]?["method"]?["$ref"]?.stringValue,
                       "#/components/schemas/NullablePrintableText")
    }
}
