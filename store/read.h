/*
 * store/read.h -- the read API of the store: named SQL statements, bound
 * parameters, rows and columns, for every layer above store/ (the report
 * queries, the PTR and DNS-check caches, `dmarc-report query`).
 *
 * Design rationale:
 *  - No caller outside store/ sees sqlite3.  A statement is named, not
 *    written in C: "report/failures-records" is the text of
 *    sql/report/failures-records.sql and "queries/reporters" that of
 *    sql/queries/reporters.sql, both compiled in at build time
 *    (cmake/embed-sql.cmake).  The files run as they are in sqlite3, and a
 *    second backend supplies its own text under the same names.
 *  - One error path.  Every failure of prepare, bind or step goes through
 *    read_fail(): busy and locked become R_DB_BUSY (the
 *    temporary-failure exit 75 of both programs), anything else R_DB,
 *    with the statement's name and the database's message as the detail.
 *  - Parameters are numbered from 1 (?1, ?2 ... in the SQL text) or named
 *    (:domain); columns are numbered from 0, as in SQLite.  Text passed to
 *    a bind is copied: the caller's buffer may change before the step.
 *    Text returned by store_stmt_text() is borrowed and valid until the
 *    next step, reset or close of that statement.
 *
 * Return convention (STYLE practice 3): 0 or -1; store_stmt_step() returns 1
 * for a row, 0 when done, -1 on error.
 */
#ifndef DR_STORE_READ_H
#define DR_STORE_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct store;
struct store_stmt;

/* A statement compiled into the program: sql/<dir>/<name>.sql. */
struct store_sql {
	const char	*name;		/* "report/failures-records", "queries/reporters" */
	const char	*sql;		/* the file's text */
};

enum store_type {
	STORE_NULL,
	STORE_INT,
	STORE_REAL,
	STORE_TEXT,
	STORE_BLOB,
};

/* The compiled-in statement called name, or NULL. */
const struct store_sql	*store_sql_find(const char *name);
/* The i-th compiled-in statement (sorted by name), or NULL past the end. */
const struct store_sql	*store_sql_at(size_t i);

/*
 * Prepares the compiled-in statement called name on st.  *out is NULL
 * after a failure (R_NO_QUERY when no statement has that name; R_DB when
 * its text holds more than one statement).  Close with store_stmt_close().
 */
int		 store_stmt_open(struct store *st, const char *name,
		    struct store_stmt **out, struct dr_err *err);
/* True when s cannot change the database. */
bool		 store_stmt_is_readonly(const struct store_stmt *s);
/* Finalizes s; accepts NULL. */
void		 store_stmt_close(struct store_stmt *s);
/* Rewinds s for another run; the bindings stay. */
void		 store_stmt_reset(struct store_stmt *s);
/* Clears every binding of s to NULL. */
void		 store_stmt_unbind(struct store_stmt *s);
/* The name s was opened with. */
const char	*store_stmt_name(const struct store_stmt *s);

/* Binds parameter i (from 1).  text NULL binds NULL. */
int		 store_stmt_bind_int64(struct store_stmt *s, int i, int64_t v,
		    struct dr_err *err);
int		 store_stmt_bind_text(struct store_stmt *s, int i, const char *text,
		    struct dr_err *err);
int		 store_stmt_bind_double(struct store_stmt *s, int i, double v,
		    struct dr_err *err);
int		 store_stmt_bind_null(struct store_stmt *s, int i, struct dr_err *err);
/* How many parameters s has, and the name of parameter i (":domain"), or
 * NULL for a nameless one. */
int		 store_stmt_param_count(const struct store_stmt *s);
/* The number of the parameter called name (":domain"), or 0. */
int		 store_stmt_param_index(const struct store_stmt *s, const char *name);
const char	*store_stmt_param_name(const struct store_stmt *s, int i);

/* Runs s to its next row: 1 row, 0 done, -1 error (reason as above). */
int		 store_stmt_step(struct store_stmt *s, struct dr_err *err);

int		 store_stmt_col_count(const struct store_stmt *s);
const char	*store_stmt_col_name(const struct store_stmt *s, int i);
enum store_type	 store_stmt_col_type(const struct store_stmt *s, int i);
bool		 store_stmt_col_is_null(const struct store_stmt *s, int i);
int64_t		 store_stmt_col_int64(const struct store_stmt *s, int i);
double		 store_stmt_col_double(const struct store_stmt *s, int i);
/* Borrowed, NUL-terminated; NULL for a NULL value. */
const char	*store_stmt_col_text(const struct store_stmt *s, int i);

/*
 * A write transaction for the caches the report side keeps (PTR answers,
 * DNS check results): BEGIN IMMEDIATE, then store_commit() or
 * store_rollback() (store/store.h).  Fails with R_DB_BUSY when an ingest
 * holds the write lock longer than the reader's short busy wait.
 */
int		 store_cache_begin(struct store *st, struct dr_err *err);

/*
 * A read transaction (a deferred BEGIN: no write lock), so that several
 * statements see one snapshot of the database; ended by store_commit() or
 * store_rollback().
 */
int		 store_read_begin(struct store *st, struct dr_err *err);

/*
 * True when each statement run is a round trip to a server (PostgreSQL):
 * a caller with a choice between many small statements and a few larger
 * ones takes the few (report/query/rollup.c).  False for SQLite, where a
 * statement is a function call.
 */
bool		 store_stmt_is_round_trip(const struct store *st);

#endif
