// libpq, PostgreSQL's client library (Debian: libpq-dev; headers under /usr/include/postgresql,
// found through pkg-config). Linked into the Store module only.
#include <libpq-fe.h>
