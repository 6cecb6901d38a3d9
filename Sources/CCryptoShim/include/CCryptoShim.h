#ifndef KASSA_CCRYPTOSHIM_H
#define KASSA_CCRYPTOSHIM_H
#include <stddef.h>

/// OpenSSL's libcrypto is not linked: it is loaded with dlopen("libcrypto.so.3") on the first
/// call below, as libcurl is (CCurlShim). A server that has only answered health checks and
/// refusals has not needed it, and its relocated tables are about 1.4 MB of resident memory.
/// Kassa cannot work without it (signatures, digests, random ids), so a libcrypto that cannot
/// be loaded or lacks a function is fatal: the process aborts with a message on stderr naming
/// the library and the Debian package (libssl3).

/// SHA-256 of `length` bytes into `digest` (32 bytes). Returns 1 on success (EVP_Digest).
int kassa_sha256(const unsigned char *input, size_t length, unsigned char *digest);
/// HMAC-SHA256 of `length` bytes under a key into `mac` (32 bytes). Returns 1 on success.
int kassa_hmac_sha256(const void *key, int keyLength, const unsigned char *message, size_t length, unsigned char *mac);
/// 0 when the `length` bytes at `a` and `b` are equal, in time independent of where they
/// differ (CRYPTO_memcmp).
int kassa_crypto_memcmp(const void *a, const void *b, size_t length);
/// `count` bytes from OpenSSL's CSPRNG. Returns 1 on success (RAND_bytes).
int kassa_rand_bytes(unsigned char *buffer, int count);

#endif
