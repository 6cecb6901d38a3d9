// libpq's headers only (Debian: libpq-dev, under /usr/include/postgresql): the library itself
// is loaded with dlopen by CPostgresShim when a PostgreSQL store first connects.
#include <postgresql/libpq-fe.h>
