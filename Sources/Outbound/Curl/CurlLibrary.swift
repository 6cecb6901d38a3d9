import CCurlShim

/// libcurl, loaded on first use.
///
/// Kassa does not link libcurl: `CCurlShim` opens `libcurl.so.4` with `dlopen` and runs
/// `curl_global_init` the first time a transfer is built, once per process (`pthread_once`),
/// so a process that never calls a provider never maps libcurl and the libraries it pulls in
/// (libssl, GnuTLS, Kerberos, LDAP, libssh2, nghttp2, ...: about 5 MB of RSS). Creating an
/// `OutboundClient` does not load it either.
enum CurlLibrary {
    /// Loads libcurl if that has not happened yet. Throws `OutboundError.libcurlUnavailable`,
    /// whose description names `libcurl.so.4` and the loader's reason, if it cannot be loaded;
    /// every later call throws the same.
    static func load() throws(OutboundError) {
        guard kassa_curl_load() == 0 else {
            let reason = kassa_curl_load_error().map { String(cString: $0) } ?? "cannot load libcurl.so.4"
            throw OutboundError.libcurlUnavailable.with(detail: reason)
        }
    }
}
