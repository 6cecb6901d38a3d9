#ifndef KASSA_CCURLSHIM_H
#define KASSA_CCURLSHIM_H
#include <curl/curl.h>

/// libcurl is not linked: it is loaded with dlopen("libcurl.so.4") on the first outbound
/// transfer, so a process that never calls a provider never maps libcurl and its dependencies
/// (OpenSSL's libssl, GnuTLS, Kerberos, LDAP, libssh2, nghttp2, ...). The header above only
/// provides the types and constants.
///
/// `kassa_curl_load` loads the library, resolves every function below and runs
/// `curl_global_init(CURL_GLOBAL_ALL)`, once per process (pthread_once), and returns 0 on
/// success. On failure it returns -1 and `kassa_curl_load_error` says why (naming
/// libcurl.so.4); the message is also written to stderr once. Every other function here loads
/// the library itself if needed and aborts with that message if it cannot: call
/// `kassa_curl_load` first to turn a missing libcurl into an error instead.
int kassa_curl_load(void);
/// Why `kassa_curl_load` failed, or NULL when it succeeded or was not called yet.
const char *kassa_curl_load_error(void);

/// The libcurl functions Kassa calls, resolved from libcurl.so.4 (same contracts as curl_*).
CURL *kassa_curl_easy_init(void);
void kassa_curl_easy_cleanup(CURL *handle);
CURLM *kassa_curl_multi_init(void);
CURLMcode kassa_curl_multi_cleanup(CURLM *multi);
CURLMcode kassa_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode kassa_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode kassa_curl_multi_socket_action(CURLM *multi, curl_socket_t socket, int mask, int *running);
CURLMsg *kassa_curl_multi_info_read(CURLM *multi, int *pending);
struct curl_slist *kassa_curl_slist_append(struct curl_slist *list, const char *string);
void kassa_curl_slist_free_all(struct curl_slist *list);

/// libcurl's setters are variadic; Swift cannot call C variadics, so each argument type
/// gets a typed wrapper.
CURLcode kassa_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode kassa_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode kassa_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode kassa_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode kassa_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode kassa_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);
CURLcode kassa_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLMcode kassa_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode kassa_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value);

/// Callback setters: function pointers passed through the variadic setters.
CURLcode kassa_easy_setopt_write_function(CURL *handle, curl_write_callback callback);
CURLcode kassa_easy_setopt_header_function(CURL *handle, curl_write_callback callback);
CURLcode kassa_easy_setopt_xferinfo_function(CURL *handle, curl_xferinfo_callback callback);
CURLMcode kassa_multi_setopt_socket_function(CURLM *multi, curl_socket_callback callback);
CURLMcode kassa_multi_setopt_timer_function(CURLM *multi, curl_multi_timer_callback callback);
CURLcode kassa_easy_setopt_closesocket_function(CURL *handle, curl_closesocket_callback callback);

#endif
