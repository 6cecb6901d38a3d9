/// Why a request could not be parsed. Every case answers with a fixed status and closes the
/// connection: after a framing error nothing that follows can be trusted.
public struct HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: String, Hashable, Sendable {
        case invalidRequestLine = "invalid_request_line"
        case invalidMethod = "invalid_method"
        case invalidTarget = "invalid_target"
        case invalidVersion = "invalid_version"
        case unsupportedVersion = "unsupported_version"
        case requestLineTooLong = "request_line_too_long"
        case fieldTooLong = "field_too_long"
        case headTooLarge = "head_too_large"
        case tooManyFields = "too_many_fields"
        case invalidFieldName = "invalid_field_name"
        case whitespaceBeforeColon = "whitespace_before_colon"
        case invalidFieldValue = "invalid_field_value"
        case obsoleteLineFolding = "obsolete_line_folding"
        case bareCarriageReturn = "bare_carriage_return"
        case missingHost = "missing_host"
        case duplicateHost = "duplicate_host"
        case invalidHost = "invalid_host"
        case invalidContentLength = "invalid_content_length"
        case duplicateContentLength = "duplicate_content_length"
        case contentLengthWithTransferEncoding = "content_length_with_transfer_encoding"
        case unsupportedTransferCoding = "unsupported_transfer_coding"
        case invalidTransferEncoding = "invalid_transfer_encoding"
        case transferEncodingOnHTTP10 = "transfer_encoding_on_http10"
        case invalidChunkSize = "invalid_chunk_size"
        case invalidChunkExtension = "invalid_chunk_extension"
        case chunkLineTooLong = "chunk_line_too_long"
        case missingChunkTerminator = "missing_chunk_terminator"
        case invalidTrailer = "invalid_trailer"
        case trailersTooLarge = "trailers_too_large"
        case bodyTooLarge = "body_too_large"
        case unsupportedExpectation = "unsupported_expectation"
    }

    private let code: Code

    /// The status code the server answers with.
    public var status: Int {
        switch code {
        case .requestLineTooLong: 414
        case .fieldTooLong, .headTooLarge, .tooManyFields, .trailersTooLarge: 431
        case .unsupportedVersion: 505
        case .unsupportedTransferCoding: 501
        case .bodyTooLarge: 413
        case .unsupportedExpectation: 417
        default: 400
        }
    }

    /// A fixed, low-cardinality identifier, safe as a metric label or in a response.
    public var shortDescription: String { code.rawValue }
    public var description: String { "HTTPParseError.\(code.rawValue)" }

    public static let invalidRequestLine = Self(code: .invalidRequestLine)
    public static let invalidMethod = Self(code: .invalidMethod)
    public static let invalidTarget = Self(code: .invalidTarget)
    public static let invalidVersion = Self(code: .invalidVersion)
    public static let unsupportedVersion = Self(code: .unsupportedVersion)
    public static let requestLineTooLong = Self(code: .requestLineTooLong)
    public static let fieldTooLong = Self(code: .fieldTooLong)
    public static let headTooLarge = Self(code: .headTooLarge)
    public static let tooManyFields = Self(code: .tooManyFields)
    public static let invalidFieldName = Self(code: .invalidFieldName)
    public static let whitespaceBeforeColon = Self(code: .whitespaceBeforeColon)
    public static let invalidFieldValue = Self(code: .invalidFieldValue)
    public static let obsoleteLineFolding = Self(code: .obsoleteLineFolding)
    public static let bareCarriageReturn = Self(code: .bareCarriageReturn)
    public static let missingHost = Self(code: .missingHost)
    public static let duplicateHost = Self(code: .duplicateHost)
    public static let invalidHost = Self(code: .invalidHost)
    public static let invalidContentLength = Self(code: .invalidContentLength)
    public static let duplicateContentLength = Self(code: .duplicateContentLength)
    public static let contentLengthWithTransferEncoding = Self(code: .contentLengthWithTransferEncoding)
    public static let unsupportedTransferCoding = Self(code: .unsupportedTransferCoding)
    public static let invalidTransferEncoding = Self(code: .invalidTransferEncoding)
    public static let transferEncodingOnHTTP10 = Self(code: .transferEncodingOnHTTP10)
    public static let invalidChunkSize = Self(code: .invalidChunkSize)
    public static let invalidChunkExtension = Self(code: .invalidChunkExtension)
    public static let chunkLineTooLong = Self(code: .chunkLineTooLong)
    public static let missingChunkTerminator = Self(code: .missingChunkTerminator)
    public static let invalidTrailer = Self(code: .invalidTrailer)
    public static let trailersTooLarge = Self(code: .trailersTooLarge)
    public static let bodyTooLarge = Self(code: .bodyTooLarge)
    public static let unsupportedExpectation = Self(code: .unsupportedExpectation)
}
