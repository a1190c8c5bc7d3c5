/*
 * store/pg_int.h -- the PostgreSQL backend's functions, called from the
 * top of each public store function when st->pg is set (store.c, put.c,
 * read.c dispatch; pg.c, pg_read.c and the write path implement: pg_put.c,
 * pg_copy.c, pg_msg.c, pg_report.c, which share store/pg_put.h).
 * libpq's header stays inside those files.
 */
#ifndef DR_STORE_PG_INT_H
#define DR_STORE_PG_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/read.h"
#include "store/store.h"

struct store;
struct store_stmt;

/* pg.c: connection, schema, transactions, the one error path. */
int		 pg_open(struct store *st, const char *db, enum store_mode mode,
		    bool reader, struct dr_err *err);
void		 pg_close(struct store *st);
int		 pg_begin(struct store *st, struct dr_err *err);
int		 pg_commit(struct store *st, struct dr_err *err);
void		 pg_rollback(struct store *st);
int		 pg_read_begin(struct store *st, struct dr_err *err);
int		 pg_cache_begin(struct store *st, struct dr_err *err);
int		 pg_rebuild_derived(struct store *st, struct dr_err *err);
int		 pg_trust_writes(struct store *st, struct dr_err *err);
/* Runs SQL without parameters (one or more statements); -1 and err set
 * on failure (what names it in the message). */
int		 pg_exec(struct store *st, const char *sql, const char *what,
		    struct dr_err *err);
/* The server's cause as a reason and a message (pg.c; res may be NULL:
 * the connection's last error).  Returns -1. */
struct pg_result;
int		 pg_fail(struct store *st, const struct pg_result *res,
		    const char *what, struct dr_err *err);
/* True when the last failure (pg_fail) was a deadlock or serialization
 * failure between hosts: the batch is rolled back and replayed. */
bool		 pg_failed_retry(const struct store *st);

/* A statement of the read API over libpq (pg_read.c; pg.c drains it). */
enum pg_state_run {
	RUN_IDLE,		/* not sent (or reset) */
	RUN_STREAM,		/* rows arrive from the connection */
	RUN_BUFFERED,		/* the rest of the rows read into buf */
	RUN_DONE,
};

struct pg_stmt {
	char		*sql;		/* with $N placeholders */
	char		**names;	/* [1..nparams]: ":domain", "?2", NULL */
	int		 nparams;
	char		**vals;		/* [nparams]: text form, NULL for NULL */
	unsigned int	*types;		/* [nparams]: Oid */
	bool		 readonly;
	enum pg_state_run run;
	struct pg_result	*row;		/* the current row (single-row result) */
	struct pg_result	*desc;		/* the columns (names, types): no rows,
					   kept until close, as SQLite's names */
	char		(*real)[40];	/* per column: a real's text as SQLite
					   writes it (col_text) */
	int		 nreal;
	struct pg_result	**buf;		/* drained rows, served from ibuf */
	size_t		 nbuf, ibuf, capbuf;
	unsigned int	 nrun;		/* runs sent so far */
	char		 pname[24];	/* its server-side prepared statement
					   (from the second run), or "" */
	unsigned int	*ptypes;	/* [nparams]: the types it was prepared with */
};

/* pg_read.c: the read API. */
const struct store_sql	*pg_sql_find(const char *name);
int		 pg_stmt_open(struct store *st, const struct store_sql *q,
		    struct store_stmt *s, struct dr_err *err);
void		 pg_stmt_close(struct store_stmt *s);
void		 pg_stmt_reset(struct store_stmt *s);
void		 pg_stmt_unbind(struct store_stmt *s);
bool		 pg_stmt_is_readonly(const struct store_stmt *s);
int		 pg_stmt_bind(struct store_stmt *s, int i, enum store_type t,
		    int64_t iv, double dv, const char *text, struct dr_err *err);
int		 pg_stmt_param_count(const struct store_stmt *s);
int		 pg_stmt_param_index(const struct store_stmt *s, const char *name);
const char	*pg_stmt_param_name(const struct store_stmt *s, int i);
int		 pg_stmt_step(struct store_stmt *s, struct dr_err *err);
int		 pg_stmt_col_count(const struct store_stmt *s);
const char	*pg_stmt_col_name(const struct store_stmt *s, int i);
enum store_type	 pg_stmt_col_type(const struct store_stmt *s, int i);
int64_t		 pg_stmt_col_int64(const struct store_stmt *s, int i);
double		 pg_stmt_col_double(const struct store_stmt *s, int i);
const char	*pg_stmt_col_text(const struct store_stmt *s, int i);
/* Rewrites SQLite placeholders (?N, ?, :name, @name) as $N, skipping
 * literals, quoted identifiers, comments and :: casts.  names[i] (from 1)
 * gets the name of parameter i (":domain", "?3", or NULL for a bare ?);
 * *nparams the highest number.  Returns a malloc'd string or NULL. */
char		*pg_placeholders(const char *sql, char ***names, int *nparams);
void		 pg_names_free(char **names, int n);
/* Ends every statement's streaming result (before another statement
 * uses the connection: it holds the rest of its rows in memory). */
int		 pg_drain_active(struct store *st, struct dr_err *err);

/* pg_put.c: the write path's transaction (pg_begin, pg_commit and
 * pg_rollback above are its too). */
void		 pg_put_free(struct store *st);
void		 pg_put_reset(struct store *st);
int		 pg_put_flush(struct store *st, struct dr_err *err);
/* Everything pending, and the batch's derived rows (before COMMIT). */
int		 pg_put_commit(struct store *st, struct dr_err *err);
/* pg_msg.c: messages, the ingest log (pg_log). */
int		 pg_msg_seen(struct store *st, const char *source_key,
		    const char *sha256, struct store_seen *seen, struct dr_err *err);
int		 pg_msg_prefetch(struct store *st, const char *const *keys,
		    size_t n, struct dr_err *err);
int		 pg_msg_begin(struct store *st, const struct store_msg *m,
		    int64_t *msg_row, struct dr_err *err);
int		 pg_msg_end(struct store *st, int64_t *msg_row, bool keep,
		    enum dr_outcome outcome, enum dr_reason reason, const char *detail,
		    int reports, const char *filed_to, struct dr_err *err);
int		 pg_msg_discard(struct store *st, struct dr_err *err);
int		 pg_log(struct store *st, int64_t msg_row, const char *part,
		    enum dr_outcome outcome, enum dr_reason reason, const char *detail,
		    const char *org_name, const char *report_id, int64_t report_row,
		    struct dr_err *err);
/* pg_report.c: reports and their records. */
int		 pg_report_begin(struct store *st, int64_t msg_row,
		    const struct dmarc_report *partial, struct dr_err *err);
int		 pg_report_record(struct store *st, const struct dmarc_record *rec,
		    struct dr_err *err);
int		 pg_report_end(struct store *st, const struct dmarc_report *rep,
		    enum store_outcome *outcome, int64_t *report_row, struct dr_err *err);
void		 pg_report_abort(struct store *st);

#endif
