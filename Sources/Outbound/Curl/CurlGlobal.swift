import CCurl
import CCurlShim

/// libcurl's process-wide initialisation.
enum CurlGlobal {
    // libcurl-thread(3): curl_global_init is not thread-safe and must run once before any other
    // call. A Swift static is initialised exactly once under swift_once, which gives us that.
    // CURL_GLOBAL_ALL (SSL | WIN32 = 3) is spelled out because Swift does not import the macro.
    private static let isInitialized: Bool = curl_global_init(3) == CURLE_OK

    /// Runs `curl_global_init` the first time it is called; traps if libcurl cannot start.
    static func ensureInitialized() {
        precondition(isInitialized, "curl_global_init failed")
    }
}
