#ifndef KASSA_CPOSTGRESSHIM_H
#define KASSA_CPOSTGRESSHIM_H
#include <postgresql/libpq-fe.h>

/// libpq is not linked: it is loaded with dlopen("libpq.so.5") on the first call below, as
/// libcurl (CCurlShim) and libcrypto (CCryptoShim) are. A Kassa on SQLite never maps it, nor
/// what it pulls in (libssl, libcrypto, Kerberos, LDAP). Each kassa_PQ… function is libpq's
/// function of the same name.

/// Nil when libpq is loaded (loading it if needed), else why it cannot be: the store reports
/// that instead of connecting. Every other function below may be called only after this
/// returned nil (a PostgreSQL store checks it before its first connection).
const char *kassa_pq_load_error(void);

PGconn *kassa_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname);
ConnStatusType kassa_PQstatus(const PGconn *conn);
char *kassa_PQerrorMessage(const PGconn *conn);
void kassa_PQfinish(PGconn *conn);
int kassa_PQconsumeInput(PGconn *conn);
int kassa_PQisBusy(PGconn *conn);
PGresult *kassa_PQexec(PGconn *conn, const char *query);
PGresult *kassa_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                             const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                             int resultFormat);
PGresult *kassa_PQprepare(PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes);
PGresult *kassa_PQexecPrepared(PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
                               const int *paramLengths, const int *paramFormats, int resultFormat);
ExecStatusType kassa_PQresultStatus(const PGresult *res);
char *kassa_PQresultErrorField(const PGresult *res, int fieldcode);
char *kassa_PQcmdTuples(PGresult *res);
int kassa_PQntuples(const PGresult *res);
int kassa_PQgetisnull(const PGresult *res, int tup_num, int field_num);
char *kassa_PQgetvalue(const PGresult *res, int tup_num, int field_num);
int kassa_PQgetlength(const PGresult *res, int tup_num, int field_num);
void kassa_PQclear(PGresult *res);
PQconninfoOption *kassa_PQconninfoParse(const char *conninfo, char **errmsg);
void kassa_PQconninfoFree(PQconninfoOption *connOptions);
void kassa_PQfreemem(void *ptr);

#endif
