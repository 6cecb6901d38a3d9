/// Maps a libcurl `CURLcode` (curl/curl.h, libcurl 7.88) to an `OutboundError`. Pure, so the
/// mapping is tested without libcurl.
enum CurlResultClassification {
    /// The error for a failed transfer, or nil for `CURLE_OK`. `wasSent` tells whether any byte
    /// of the request was written to the connection.
    static func error(curlCode: Int, wasSent: Bool) -> OutboundError? {
        let base: OutboundError
        switch curlCode {
        case 0:
            return nil
        case 1, 3:
            // CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT
            base = .invalidRequest
        case 5, 6:
            // CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST
            base = .couldNotResolveHost
        case 7:
            // CURLE_COULDNT_CONNECT
            base = .couldNotConnect
        case 35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98:
            // CURLE_SSL_CONNECT_ERROR, SSL_ENGINE_NOTFOUND/SETFAILED, SSL_CERTPROBLEM, SSL_CIPHER,
            // PEER_FAILED_VERIFICATION, USE_SSL_FAILED, SSL_ENGINE_INITFAILED, SSL_CACERT_BADFILE,
            // SSL_SHUTDOWN_FAILED, SSL_CRL_BADFILE, SSL_ISSUER_ERROR, SSL_PINNEDPUBKEYNOTMATCH,
            // SSL_INVALIDCERTSTATUS, SSL_CLIENTCERT. A handshake precedes the request, but a
            // TLS alert in the middle of a response can arrive after it, hence the check.
            base = wasSent ? .connectionLostAfterSend : .tlsFailure
        case 28:
            // CURLE_OPERATION_TIMEDOUT: total or connect timeout.
            base = wasSent ? .timedOutAfterSend : .timedOutBeforeSend
        case 8, 16, 18, 52, 55, 56, 92:
            // CURLE_WEIRD_SERVER_REPLY, HTTP2, PARTIAL_FILE, GOT_NOTHING, SEND_ERROR, RECV_ERROR,
            // HTTP2_STREAM: the connection broke or spoke nonsense.
            base = wasSent ? .connectionLostAfterSend : .connectionLostBeforeSend
        case 63:
            // CURLE_FILESIZE_EXCEEDED: Content-Length announced more than CURLOPT_MAXFILESIZE.
            base = .responseTooLarge
        default:
            return .transport(curlCode: curlCode, wasSent: wasSent)
        }
        return base.with(curlCode: curlCode)
    }
}
