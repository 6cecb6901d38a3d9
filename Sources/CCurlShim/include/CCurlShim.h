#ifndef KASSA_CCURLSHIM_H
#define KASSA_CCURLSHIM_H
#include <curl/curl.h>

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
