#include "CCurlShim.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// The soname of libcurl 7.16 and later (Debian: libcurl4, or libcurl3-gnutls/nss flavours
// under other names). The headers Kassa compiles against are libcurl4-openssl-dev's.
#ifndef KASSA_LIBCURL
#define KASSA_LIBCURL "libcurl.so.4"
#endif

// Every function Kassa uses (curl_NAME), typed from curl's own declarations: the header
// declares them, nothing here references the symbols, so nothing links libcurl.
#define KASSA_CURL_FUNCTIONS(X) \
    X(global_init) \
    X(easy_init) \
    X(easy_cleanup) \
    X(easy_setopt) \
    X(easy_getinfo) \
    X(multi_init) \
    X(multi_cleanup) \
    X(multi_add_handle) \
    X(multi_remove_handle) \
    X(multi_setopt) \
    X(multi_socket_action) \
    X(multi_info_read) \
    X(slist_append) \
    X(slist_free_all)

static struct {
#define KASSA_CURL_FIELD(name) __typeof__(&curl_##name) name;
    KASSA_CURL_FUNCTIONS(KASSA_CURL_FIELD)
#undef KASSA_CURL_FIELD
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char load_error[512];

static void load(void) {
    // RTLD_LOCAL: libcurl's symbols stay out of the global namespace; the handle is never
    // closed (libcurl stays mapped for the rest of the process once used).
    void *library = dlopen(KASSA_LIBCURL, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error,
                 "cannot load " KASSA_LIBCURL " (outbound HTTP calls need libcurl; Debian package libcurl4): %s",
                 reason ? reason : "unknown dlopen error");
        goto failed;
    }
#define KASSA_CURL_RESOLVE(name) \
    *(void **)&api.name = dlsym(library, "curl_" #name); \
    if (api.name == NULL) { \
        snprintf(load_error, sizeof load_error, KASSA_LIBCURL " has no function curl_" #name " (libcurl too old?)"); \
        goto failed; \
    }
    KASSA_CURL_FUNCTIONS(KASSA_CURL_RESOLVE)
#undef KASSA_CURL_RESOLVE
    // libcurl-thread(3): curl_global_init is not thread-safe and must run once before any other
    // call; pthread_once gives both. CURL_GLOBAL_ALL (SSL | WIN32).
    CURLcode code = api.global_init(CURL_GLOBAL_ALL);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, KASSA_LIBCURL ": curl_global_init failed (CURLcode %d)", (int)code);
        goto failed;
    }
    load_status = 0;
    return;
failed:
    fprintf(stderr, "kassa: %s\n", load_error);
}

int kassa_curl_load(void) {
    pthread_once(&load_once, load);
    return load_status;
}

const char *kassa_curl_load_error(void) {
    pthread_once(&load_once, load);
    return load_status == 0 ? NULL : load_error;
}

// The table, loaded on first use. The callers load libcurl through kassa_curl_load first and
// handle its failure; reaching the abort means a caller skipped that.
static inline void require(void) {
    if (__builtin_expect(kassa_curl_load() != 0, 0)) {
        fprintf(stderr, "kassa: fatal: libcurl used without a successful kassa_curl_load: %s\n", load_error);
        abort();
    }
}

CURL *kassa_curl_easy_init(void) { require(); return api.easy_init(); }
void kassa_curl_easy_cleanup(CURL *handle) { require(); api.easy_cleanup(handle); }
CURLM *kassa_curl_multi_init(void) { require(); return api.multi_init(); }
CURLMcode kassa_curl_multi_cleanup(CURLM *multi) { require(); return api.multi_cleanup(multi); }
CURLMcode kassa_curl_multi_add_handle(CURLM *multi, CURL *handle) { require(); return api.multi_add_handle(multi, handle); }
CURLMcode kassa_curl_multi_remove_handle(CURLM *multi, CURL *handle) { require(); return api.multi_remove_handle(multi, handle); }
CURLMcode kassa_curl_multi_socket_action(CURLM *multi, curl_socket_t socket, int mask, int *running) { require(); return api.multi_socket_action(multi, socket, mask, running); }
CURLMsg *kassa_curl_multi_info_read(CURLM *multi, int *pending) { require(); return api.multi_info_read(multi, pending); }
struct curl_slist *kassa_curl_slist_append(struct curl_slist *list, const char *string) { require(); return api.slist_append(list, string); }
void kassa_curl_slist_free_all(struct curl_slist *list) { require(); api.slist_free_all(list); }

CURLcode kassa_easy_setopt_long(CURL *handle, CURLoption option, long value) { require(); return api.easy_setopt(handle, option, value); }
CURLcode kassa_easy_setopt_string(CURL *handle, CURLoption option, const char *value) { require(); return api.easy_setopt(handle, option, value); }
CURLcode kassa_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) { require(); return api.easy_setopt(handle, option, value); }
CURLcode kassa_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) { require(); return api.easy_setopt(handle, option, value); }
CURLcode kassa_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) { require(); return api.easy_getinfo(handle, info, value); }
CURLcode kassa_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) { require(); return api.easy_getinfo(handle, info, value); }
CURLcode kassa_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) { require(); return api.easy_getinfo(handle, info, value); }
CURLMcode kassa_multi_setopt_long(CURLM *multi, CURLMoption option, long value) { require(); return api.multi_setopt(multi, option, value); }
CURLMcode kassa_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) { require(); return api.multi_setopt(multi, option, value); }
CURLcode kassa_easy_setopt_write_function(CURL *handle, curl_write_callback callback) { require(); return api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback); }
CURLcode kassa_easy_setopt_header_function(CURL *handle, curl_write_callback callback) { require(); return api.easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback); }
CURLcode kassa_easy_setopt_xferinfo_function(CURL *handle, curl_xferinfo_callback callback) { require(); return api.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback); }
CURLMcode kassa_multi_setopt_socket_function(CURLM *multi, curl_socket_callback callback) { require(); return api.multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback); }
CURLMcode kassa_multi_setopt_timer_function(CURLM *multi, curl_multi_timer_callback callback) { require(); return api.multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback); }
CURLcode kassa_easy_setopt_closesocket_function(CURL *handle, curl_closesocket_callback callback) { require(); return api.easy_setopt(handle, CURLOPT_CLOSESOCKETFUNCTION, callback); }
