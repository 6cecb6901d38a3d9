// libFuzzer target `http-parser` (scripts/fuzz): the request parser fed arbitrary bytes.
// Every input is parsed whole, in two pieces and in many small pieces; all three must end
// the same way, with the same body bytes, consume no more than they were given and terminate.
import HTTP

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = HTTPLimits()
    // Small limits, so that inputs of a few KiB reach every limit's edge.
    limits.maxRequestLineLength = 512
    limits.maxFieldLength = 512
    limits.maxHeadLength = 2048
    limits.maxFieldCount = 16
    limits.maxBodyLength = 2048
    limits.maxChunkLineLength = 64
    limits.maxTrailerLength = 256
    _ = ParserRun.sameHoweverSplit(bytes, limits: limits)
    return 0
}
