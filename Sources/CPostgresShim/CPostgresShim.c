#include "CPostgresShim.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// libpq's soname (Debian bookworm: libpq5). The headers Kassa compiles against are libpq-dev's.
#ifndef KASSA_LIBPQ
#define KASSA_LIBPQ "libpq.so.5"
#endif

// Every function Kassa uses, typed from libpq's own declarations: the header declares them,
// nothing here references the symbols, so nothing links libpq.
#define KASSA_PQ_FUNCTIONS(X) \
    X(PQconnectdbParams) \
    X(PQstatus) \
    X(PQerrorMessage) \
    X(PQfinish) \
    X(PQconsumeInput) \
    X(PQisBusy) \
    X(PQexec) \
    X(PQexecParams) \
    X(PQprepare) \
    X(PQexecPrepared) \
    X(PQresultStatus) \
    X(PQresultErrorField) \
    X(PQcmdTuples) \
    X(PQntuples) \
    X(PQgetisnull) \
    X(PQgetvalue) \
    X(PQgetlength) \
    X(PQclear) \
    X(PQconninfoParse) \
    X(PQconninfoFree) \
    X(PQfreemem)

static struct {
#define KASSA_PQ_FIELD(name) __typeof__(&name) name;
    KASSA_PQ_FUNCTIONS(KASSA_PQ_FIELD)
#undef KASSA_PQ_FIELD
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int loaded;

static void load(void) {
    // RTLD_LOCAL: its symbols stay out of the global namespace; the handle is never closed.
    void *library = dlopen(KASSA_LIBPQ, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load " KASSA_LIBPQ " (Debian package libpq5): %s",
                 reason ? reason : "unknown dlopen error");
        return;
    }
#define KASSA_PQ_RESOLVE(name) \
    *(void **)&api.name = dlsym(library, #name); \
    if (api.name == NULL) { \
        snprintf(load_error, sizeof load_error, KASSA_LIBPQ " has no function " #name); \
        return; \
    }
    KASSA_PQ_FUNCTIONS(KASSA_PQ_RESOLVE)
#undef KASSA_PQ_RESOLVE
    loaded = 1;
}

const char *kassa_pq_load_error(void) {
    pthread_once(&load_once, load);
    return loaded ? NULL : load_error;
}

// Called only after kassa_pq_load_error() returned NULL; a call before is a programming
// error, reported and fatal rather than a jump through a null pointer.
static inline void require(void) {
    if (kassa_pq_load_error() != NULL) {
        fprintf(stderr, "kassa: fatal: libpq used without being loaded: %s\n", load_error);
        abort();
    }
}

PGconn *kassa_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    require();
    return api.PQconnectdbParams(keywords, values, expand_dbname);
}
ConnStatusType kassa_PQstatus(const PGconn *conn) { require(); return api.PQstatus(conn); }
char *kassa_PQerrorMessage(const PGconn *conn) { require(); return api.PQerrorMessage(conn); }
void kassa_PQfinish(PGconn *conn) { require(); api.PQfinish(conn); }
int kassa_PQconsumeInput(PGconn *conn) { require(); return api.PQconsumeInput(conn); }
int kassa_PQisBusy(PGconn *conn) { require(); return api.PQisBusy(conn); }
PGresult *kassa_PQexec(PGconn *conn, const char *query) { require(); return api.PQexec(conn, query); }
PGresult *kassa_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                             const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                             int resultFormat) {
    require();
    return api.PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
PGresult *kassa_PQprepare(PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes) {
    require();
    return api.PQprepare(conn, stmtName, query, nParams, paramTypes);
}
PGresult *kassa_PQexecPrepared(PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
                               const int *paramLengths, const int *paramFormats, int resultFormat) {
    require();
    return api.PQexecPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
ExecStatusType kassa_PQresultStatus(const PGresult *res) { require(); return api.PQresultStatus(res); }
char *kassa_PQresultErrorField(const PGresult *res, int fieldcode) { require(); return api.PQresultErrorField(res, fieldcode); }
char *kassa_PQcmdTuples(PGresult *res) { require(); return api.PQcmdTuples(res); }
int kassa_PQntuples(const PGresult *res) { require(); return api.PQntuples(res); }
int kassa_PQgetisnull(const PGresult *res, int tup_num, int field_num) { require(); return api.PQgetisnull(res, tup_num, field_num); }
char *kassa_PQgetvalue(const PGresult *res, int tup_num, int field_num) { require(); return api.PQgetvalue(res, tup_num, field_num); }
int kassa_PQgetlength(const PGresult *res, int tup_num, int field_num) { require(); return api.PQgetlength(res, tup_num, field_num); }
void kassa_PQclear(PGresult *res) { require(); api.PQclear(res); }
PQconninfoOption *kassa_PQconninfoParse(const char *conninfo, char **errmsg) { require(); return api.PQconninfoParse(conninfo, errmsg); }
void kassa_PQconninfoFree(PQconninfoOption *connOptions) { require(); api.PQconninfoFree(connOptions); }
void kassa_PQfreemem(void *ptr) { require(); api.PQfreemem(ptr); }
