import CPostgres
import CPostgresShim

/// One row of a query's result (text format). Valid while its connection's call runs.
struct PostgresRow: StoredRow {
    let result: OpaquePointer
    let index: Int32

    func isNull(_ column: Int32) -> Bool { kassa_PQgetisnull(result, index, column) != 0 }

    func int64(_ column: Int32) -> Int64 {
        let text = text(column)
        // Booleans (EXISTS) come as t/f.
        switch text {
        case "t": return 1
        case "f": return 0
        default: return Int64(text) ?? 0
        }
    }

    func int(_ column: Int32) -> Int { Int(int64(column)) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func text(_ column: Int32) -> String {
        guard let pointer = kassa_PQgetvalue(result, index, column) else { return "" }
        let count = Int(kassa_PQgetlength(result, index, column))
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// A bytea column: the server sends it as `\x` and hex digits.
    func blob(_ column: Int32) -> [UInt8] {
        guard let pointer = kassa_PQgetvalue(result, index, column) else { return [] }
        let count = Int(kassa_PQgetlength(result, index, column))
        let text = UnsafeRawBufferPointer(start: pointer, count: count)
        guard count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x") else { return Array(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((count - 2) / 2)
        var position = 2
        while position + 1 < count {
            bytes.append(Self.nibble(text[position]) << 4 | Self.nibble(text[position + 1]))
            position += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: digit &- UInt8(ascii: "A") &+ 10
        }
    }
}
