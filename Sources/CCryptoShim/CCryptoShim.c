#include "CCryptoShim.h"
#include <dlfcn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// OpenSSL 3's soname (Debian bookworm: libssl3). The headers Kassa compiles against are
// libssl-dev's.
#ifndef KASSA_LIBCRYPTO
#define KASSA_LIBCRYPTO "libcrypto.so.3"
#endif

// Every function Kassa uses, typed from OpenSSL's own declarations: the headers declare
// them, nothing here references the symbols, so nothing links libcrypto.
#define KASSA_CRYPTO_FUNCTIONS(X) \
    X(EVP_Digest) \
    X(EVP_sha256) \
    X(HMAC) \
    X(CRYPTO_memcmp) \
    X(RAND_bytes)

static struct {
#define KASSA_CRYPTO_FIELD(name) __typeof__(&name) name;
    KASSA_CRYPTO_FUNCTIONS(KASSA_CRYPTO_FIELD)
#undef KASSA_CRYPTO_FIELD
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void fail(const char *what) {
    fprintf(stderr, "kassa: fatal: %s (signatures, digests and random ids need OpenSSL's libcrypto; Debian package libssl3)\n", what);
    abort();
}

static void load(void) {
    // RTLD_LOCAL: its symbols stay out of the global namespace (libcurl loads its own copy
    // of the same soname, which the loader then shares); the handle is never closed.
    void *library = dlopen(KASSA_LIBCRYPTO, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        char message[512];
        const char *reason = dlerror();
        snprintf(message, sizeof message, "cannot load " KASSA_LIBCRYPTO ": %s", reason ? reason : "unknown dlopen error");
        fail(message);
    }
#define KASSA_CRYPTO_RESOLVE(name) \
    *(void **)&api.name = dlsym(library, #name); \
    if (api.name == NULL) fail(KASSA_LIBCRYPTO " has no function " #name);
    KASSA_CRYPTO_FUNCTIONS(KASSA_CRYPTO_RESOLVE)
#undef KASSA_CRYPTO_RESOLVE
}

static inline void require(void) { pthread_once(&load_once, load); }

int kassa_sha256(const unsigned char *input, size_t length, unsigned char *digest) {
    require();
    return api.EVP_Digest(input, length, digest, NULL, api.EVP_sha256(), NULL);
}

int kassa_hmac_sha256(const void *key, int keyLength, const unsigned char *message, size_t length, unsigned char *mac) {
    require();
    unsigned int macLength = 0;
    unsigned char *result = api.HMAC(api.EVP_sha256(), key, keyLength, message, length, mac, &macLength);
    return result != NULL && macLength == 32;
}

int kassa_crypto_memcmp(const void *a, const void *b, size_t length) {
    require();
    return api.CRYPTO_memcmp(a, b, length);
}

int kassa_rand_bytes(unsigned char *buffer, int count) {
    require();
    return api.RAND_bytes(buffer, count);
}
