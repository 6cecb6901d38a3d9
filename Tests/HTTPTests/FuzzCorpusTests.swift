import Foundation
import XCTest
@testable import HTTP

/// The request parser's fuzz corpus (Tests/Fuzz/corpus/http-parser: seeds and the inputs the
/// fuzzer once failed on) replayed as tests, read from the files byte for byte: every input must
/// end the same way however it is split, as the `http-parser` fuzz target demands.
final class FuzzCorpusTests: XCTestCase {
    /// Tests/Fuzz/corpus/http-parser, found from this file's path (tests run from any directory).
    private static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/http-parser")

    /// The fuzz target's limits (Tests/Fuzz/HTTPParserFuzz.swift), so the inputs mean the same here.
    private static let limits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.maxRequestLineLength = 512
        limits.maxFieldLength = 512
        limits.maxHeadLength = 2048
        limits.maxFieldCount = 16
        limits.maxBodyLength = 2048
        limits.maxChunkLineLength = 64
        limits.maxTrailerLength = 256
        return limits
    }()

    private func corpusFile(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.corpus.appendingPathComponent(name)))
    }

    /// The first fuzzer finding: an obs-text byte 0x8C (one raw byte, not UTF-8's C2 8C) in a
    /// chunk extension, then a bare LF inside chunk data.
    func testChunkExtensionWithObsTextCrashInputEndsTheSameHoweverSplit() throws {
        let raw = try corpusFile("crash-812c549e52c96435dd69ff1aeef1e1c6b350c810")
        XCTAssertEqual(raw.count, 88)
        XCTAssertEqual(raw[0x40], 0x8C, "the input is the fuzzer's bytes, not a re-encoding")
        let whole = runParser(raw, limits: Self.limits, stopAfterFirst: false)
        XCTAssertNotNil(whole.error, "the input is not a valid request")
        assertSameHoweverSplit(raw, whole: whole, name: "crash-812c549e")
    }

    /// Every file of the corpus, whole against every piece size.
    func testEveryCorpusInputEndsTheSameHoweverSplit() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 10, "the corpus at \(Self.corpus.path) is missing")
        for name in names {
            let raw = try corpusFile(name)
            assertSameHoweverSplit(raw, whole: runParser(raw, limits: Self.limits, stopAfterFirst: false), name: name)
        }
    }

    private func assertSameHoweverSplit(_ raw: [UInt8], whole: ParseOutcome, name: String,
                                        file: StaticString = #filePath, line: UInt = #line) {
        for step in 1..<max(raw.count, 2) {
            let pieces = runParser(raw, step: step, limits: Self.limits, stopAfterFirst: false)
            XCTAssertEqual(pieces, whole, "\(name) in pieces of \(step) bytes", file: file, line: line)
            if pieces != whole { return }
        }
    }
}
