/* store/store_int.h -- internals shared by the store's files. */
#ifndef DR_STORE_INT_H
#define DR_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

enum stmt_id {
	S_MSG_SEEN_KEY,
	S_MSG_SEEN_SHA,
	S_MSG_INSERT,
	S_MSG_MAX_ID,
	S_REPORT_FIND,
	S_REPORT_MAX_ID,
	S_REPORT_INSERT,
	S_REPORT_ERROR,
	S_RECORD_INSERT,
	S_REASON_INSERT,
	S_DKIM_INSERT,
	S_SPF_INSERT,
	S_STATS_INSERT,
	S_SELECTOR_INSERT,
	S_CONFLICT_INSERT,
	S_LOG_INSERT,
	S_SP_MSG,
	S_RELEASE_MSG,
	S_ROLLBACK_MSG,
	S_SP_REP,
	S_RELEASE_REP,
	S_ROLLBACK_REP,
	S__COUNT
};

/* Row ids handed out in the open transaction: max(id) is read once, then
 * counted up (the write lock is ours; see put.c). */
struct id_seq {
	int64_t		 last;
	int		 known;		/* last was read in this transaction */
};

/* Distinct (DKIM domain, selector) pairs held before they are written. */
#define STORE_SEL_BATCH	64

struct pg_conn;		/* libpq's PGconn (store/pg*.c only) */
struct pg_state;	/* PostgreSQL write path state (store/pg_put.h) */

struct store {
	sqlite3		*db;		/* NULL for PostgreSQL */
	struct pg_conn	*pg;		/* NULL for SQLite: store_is_pg() */
	struct pg_state	*pgs;		/* the PostgreSQL write path's buffers */
	bool		 cache_locked;	/* holds the process's cache-write lock
					   (store_cache_begin .. commit) */
	bool		 pg_readonly;	/* a hot standby or a read-only session */
	bool		 pg_ro_noted;	/* the one note about it was printed */
	bool		 pg_retry;	/* last failure: deadlock/serialization */
	bool		 pg_trusted;	/* no foreign-key triggers (pg_trust_writes) */
	bool		 pg_id_lock;	/* may hold the id-block advisory lock */
	/* Reads the result of the COPY sent last (pg_copy.c pg_copy_send): set
	 * while one is pending, called before anything else uses the
	 * connection (pg_drain_active). */
	int		(*pg_copy_end)(struct store *, struct dr_err *);
	const char	*pg_copy_what;	/* that COPY's name (static), for its error */
	struct store_stmt *pg_active;	/* streaming its rows (pg_read.c) */
	enum store_mode	 mode;
	sqlite3_stmt	*stmt[S__COUNT];
	int64_t		 report_row;	/* id of the report being streamed (row written at its end) */
	int64_t		 report_msg;	/* its message's row */
	struct id_seq	 report_ids;	/* reports.id, likewise */
	int64_t		 nrecords;	/* records streamed into it */
	int64_t		 existing;	/* row already stored under the identity, or 0 */
	char		*begin_key;	/* identity at begin: org_key NUL
					   report_id NUL policy_domain (malloc) */
	int		 in_report;
	int		 in_msg;
	int64_t		 msg_row;	/* row of the message being stored */
	struct id_seq	 msg_ids;	/* messages.id given out in this transaction */
	int		 msg_sp_off;	/* messages without savepoints (store_msg_savepoints) */
	int		 rep_sp;	/* the report being streamed has its savepoint */
	int		 need_replay;	/* something was written that cannot be undone alone */
	char		*sel[STORE_SEL_BATCH];	/* distinct "domain NUL selector" pairs */
	size_t		 nsel;
	struct store_msg cur_msg;	/* borrowed from store_msg_begin's caller */
	size_t		 field_cap;	/* longest string written (store_field_cap) */
	char		 path[4096];
};

/* Prepared statement (lazily prepared, reset before return). */
sqlite3_stmt	*store_stmt(struct store *st, enum stmt_id id, struct dr_err *err);
int		 store_exec(struct store *st, const char *sql, struct dr_err *err);
/* Runs one of the prepared savepoint statements. */
int		 store_run(struct store *st, enum stmt_id id, struct dr_err *err);
int		 store_dberr(struct store *st, int rc, const char *what, struct dr_err *err);
/* The process's one cache writer at a time (store_cache_begin()): taken
 * there, given back by store_commit(), store_rollback(), store_close(). */
void		 store_cache_lock(struct store *st);
void		 store_cache_unlock(struct store *st);
/* Unix time for ingested_at / seen_at: a bound integer is cheaper than
 * strftime('%s','now') in every INSERT (a date computation each). */
int64_t		 store_now(void);
/* Forgets the held selector pairs (report rolled back or store closed). */
void		 store_sel_clear(struct store *st);
/*
 * Remembers a (DKIM domain, selector) pair of the report being streamed
 * for report_selectors (store/ident.c; both write paths).  Reports name a
 * handful of pairs however many records they have, so a short list
 * searched linearly holds them; when it is full, flush (the write path's
 * own) writes it out and empties it (the insert ignores a pair already
 * there: nothing is lost, a pair may be written twice).
 */
int		 store_sel_note(struct store *st, const char *domain,
		    const char *selector,
		    int (*flush)(struct store *, struct dr_err *),
		    struct dr_err *err);
/* Bind text or NULL; text over the field cap is cut (see store.c). */
int		 store_bind_text(struct store *st, sqlite3_stmt *s, int i,
		    const char *v);
int		 store_step_done(struct store *st, sqlite3_stmt *s, const char *what,
		    struct dr_err *err);

/* The report identity (put.c): org_key NUL report_id NUL policy_domain,
 * malloc'd; NULL when a part is unknown. */
char		*store_identity(const struct dmarc_report *rep);
const char	*store_identity_rid(const char *ident);
const char	*store_identity_domain(const char *ident);
bool		 store_identity_eq(const char *a, const char *b);

/* A statement of the read API (store/read.h): SQLite's or PostgreSQL's. */
struct pg_stmt;
struct store_stmt {
	struct store		*st;
	sqlite3_stmt		*s;
	struct pg_stmt		*pg;	/* PostgreSQL (store/pg_read.c) */
	const char		*name;	/* static: the table entry's */
};

#include "store/pg_int.h"

#endif
