/*
 * store/store.h -- the public API of the store: SQLite access for dmarc-rua.
 *
 * The folder store/: the only code that talks to the database.  store.c
 * opens, migrates and controls transactions; put.c writes what the ingest
 * parsed; read.c is the read API every layer above uses (store/read.h:
 * named statements from sql/report/ and sql/queries/); align.c and idn.c
 * are the data's own rules (organizational domains with libpsl, A-labels
 * with libidn2).  May use: util/, SQLite, libpsl, libidn2; never ingest/
 * or report/.  sql/ is compiled in at build time (cmake/embed*.cmake).
 *
 * Design rationale:
 *  - One struct store wraps one sqlite3 connection in WAL mode with a busy
 *    timeout, foreign keys on (deferred to COMMIT in a batch; off for
 *    dmarc-ingest, store_trust_writes), prepared statements kept for the connection's
 *    life.  Every value is bound; no SQL is ever built from input strings.
 *  - Schema: sql/schema.sql + sql/migrations/NNNN-*.sql are compiled in
 *    (store/schema.c is generated).  store_open() creates or migrates the
 *    database forward inside one transaction and refuses a newer one.
 *  - Ingest batches many messages per transaction (store_begin/commit).
 *    Inside it, each message is a savepoint (store_msg_begin/end) so that a
 *    message is stored whole or not at all, and each report a nested
 *    savepoint: a report that breaks half way, or turns out a duplicate,
 *    is rolled back without touching the rest of the batch.
 *  - A report streams in: store_report_begin() gets the report as parsed
 *    so far.  When its identity (org_key, report_id, policy_domain) is
 *    known (the usual element order) and already stored, it stops
 *    writing: records are then only counted, and store_report_end()
 *    tells duplicate from conflict by the digest.
 *    Otherwise records are written under the report's new id and the
 *    report row at store_report_end(); when the identity came after the
 *    records (legal, rare; policy_published after the records is enough)
 *    and is known, the savepoint is rolled back.
 *    Memory does not grow with report size.
 */
#ifndef DR_STORE_H
#define DR_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/model.h"
#include "util/err.h"
#include "util/outcome.h"

struct store;

enum store_mode {
	STORE_RO = 0,		/* read only; the database must exist */
	STORE_RW = 1,		/* read-write; created and migrated as needed */
	/* dmarc-report's modes: as above, and it never waits long behind an
	 * ingest (readers do not block in WAL mode; a cache write that
	 * cannot get the lock is skipped) and maps the file (reports read
	 * millions of rows: mmap instead of copying pages through read(2)). */
	STORE_REPORT_RO = 2,
	STORE_REPORT_RW = 3,
};

enum store_outcome {
	STORE_STORED,
	STORE_DUPLICATE,	/* same identity, same digest */
	STORE_CONFLICT,		/* same identity, other digest: recorded, not counted */
};

/*
 * True when db names a PostgreSQL database: it starts with postgresql://
 * or postgres://, or holds '=' (a libpq conninfo string such as
 * "service=dmarc" or "host=db dbname=dmarc").  Anything else is the path
 * of a SQLite file.
 */
bool		 store_is_pg(const char *db);
/*
 * db as it may be shown in any output, log line or error: the password of
 * a PostgreSQL URI (postgresql://u:***@h/db, ?password=***) or conninfo
 * (password=***) replaced; a SQLite path unchanged.  Writes at most
 * outlen bytes (cut) into out and returns out.
 */
#define STORE_DB_SHOW_MAX	4096
const char	*store_db_show(const char *db, char *out, size_t outlen);

/* Latest schema version this program knows (PRAGMA user_version). */
int		 store_schema_version(void);
/* Version of the SQLite library in use ("3.40.1"), for --version. */
const char	*store_sqlite_version(void);

/* Opens (and for STORE_RW creates/migrates) the database at path.  A path
 * that exists but is not a regular file (FIFO, device, directory) is
 * refused (R_DB) before SQLite opens it; for the report modes a file
 * without the schema (0 bytes) is R_EMPTY_DB and is never migrated. */
int		 store_open(struct store **out, const char *path, enum store_mode mode,
		    struct dr_err *err);
void		 store_close(struct store *st);		/* accepts NULL */
/* True when nothing can be written: opened STORE_RO, or a PostgreSQL hot
 * standby (or read-only session). */
bool		 store_is_readonly(const struct store *st);
/*
 * store/services.c: rewrites the services / service_rules tables from the
 * shipped catalogue of sending services when services_version differs
 * (dmarc-ingest calls it after each read-write open, so an upgrade
 * refreshes them).  The store must be open read-write.
 */
int		 store_services_sync(struct store *st, struct dr_err *err);

/* For dmarc-ingest, outside a transaction: no per-row foreign-key checks
 * (see store.c). */
int		 store_trust_writes(struct store *st, struct dr_err *err);

/*
 * The longest string the store writes into any column, in bytes:
 * DR_MAX_FIELD_LEN, or a larger cap (dmarc-ingest passes --max-field-len;
 * a smaller one leaves the default).  A longer one is
 * stored cut, ending in STORE_CUT_MARK: header fields (Message-ID,
 * Subject) are diagnostics, and a report is not refused for them.  Report
 * fields never arrive longer: the parser refuses them (field-too-long).
 */
#define STORE_CUT_MARK	"[cut]"
void		 store_field_cap(struct store *st, size_t cap);

/* Batch transaction (BEGIN IMMEDIATE ... COMMIT). */
int		 store_begin(struct store *st, struct dr_err *err);
int		 store_commit(struct store *st, struct dr_err *err);
void		 store_rollback(struct store *st);

/* Recomputes report_stats and report_selectors from the records (its own
 * transaction): for records written by hand, not by dmarc-ingest. */
int		 store_rebuild_derived(struct store *st, struct dr_err *err);

/* What an earlier run recorded for a message. */
struct store_seen {
	int64_t		 id;
	char		 outcome[16];	/* messages.outcome */
	char		 filed_to[16];	/* "", "cur", "archive", "quarantine" */
	int64_t		 size;		/* messages.size */
	char		 path[4096];	/* where it was read from (cut if longer) */
	char		 reason[32];	/* messages.reason, or "" */
};
/* The latest row of the message with this source_key and, unless sha256
 * is NULL, this content: a unique name alone does not make two messages
 * the same one (two Maildirs, two hosts).  Returns 1 and fills *seen when
 * found, 0 when not, -1 on error. */
int		 store_msg_seen(struct store *st, const char *source_key,
		    const char *sha256, struct store_seen *seen, struct dr_err *err);

/*
 * A hint at the start of a batch: the source_keys store_msg_seen() will be
 * asked about next (Maildir unique names).  PostgreSQL learns in one round
 * trip which of them have no row at all, so that asking about those costs
 * none; SQLite ignores it (its lookups are local).  Forgotten at COMMIT
 * and ROLLBACK.
 */
int		 store_msg_prefetch(struct store *st, const char *const *keys,
		    size_t n, struct dr_err *err);

/* A message's row; created by store_msg_begin inside a batch. */
struct store_msg {
	const char	*source_key;
	const char	*path;
	const char	*sha256;
	int64_t		 size;
	const char	*message_id;
	const char	*subject;
};
/* Opens the message savepoint and gives the message its row id (the row
 * itself is written by store_msg_end, with the outcome). */
int		 store_msg_begin(struct store *st, const struct store_msg *m,
		    int64_t *msg_row, struct dr_err *err);
/* Message-ID and Subject learned while parsing (borrowed until msg_end). */
void		 store_msg_headers(struct store *st, const char *message_id,
		    const char *subject);
/*
 * Writes the messages row with its outcome and releases the savepoint.
 * When keep is false everything written since store_msg_begin (reports,
 * records, log rows) is rolled back first; *msg_row stays the same, and
 * log rows about the rejection go after this call.
 * filed_to is where the file will be moved once the batch commits
 * ("cur", "archive", "quarantine") or NULL when it stays where it is.
 */
int		 store_msg_end(struct store *st, int64_t *msg_row, bool keep,
		    enum dr_outcome outcome, enum dr_reason reason, const char *detail,
		    int reports, const char *filed_to, struct dr_err *err);

/*
 * Rolls back everything written since store_msg_begin and writes no row:
 * the message is already recorded as it turned out again (a rejected
 * message read again, rejected again for the same reason).  Returns
 * STORE_NEED_SAVEPOINT without savepoints, as store_msg_end.
 */
int		 store_msg_discard(struct store *st, struct dr_err *err);

/*
 * Savepoints per message, on by default.  Off, a message costs less (the
 * savepoint's page copies are ~7% of a small message), but it cannot be
 * rolled back alone: store_msg_end() with keep false then returns
 * STORE_NEED_SAVEPOINT and writes nothing; the caller rolls the batch
 * back and replays it with savepoints on.  Set per batch, between
 * store_begin() and the first message.
 */
#define STORE_NEED_SAVEPOINT	(-2)
void		 store_msg_savepoints(struct store *st, bool on);

/* Streaming report (inside a message). */
int		 store_report_begin(struct store *st, int64_t msg_row,
		    const struct dmarc_report *partial, struct dr_err *err);
int		 store_report_record(struct store *st, const struct dmarc_record *rec,
		    struct dr_err *err);
int		 store_report_end(struct store *st, const struct dmarc_report *rep,
		    enum store_outcome *outcome, int64_t *report_row, struct dr_err *err);
void		 store_report_abort(struct store *st);

/* One ingest_log row. */
int		 store_log(struct store *st, int64_t msg_row, const char *part,
		    enum dr_outcome outcome, enum dr_reason reason, const char *detail,
		    const char *org_name, const char *report_id, int64_t report_row,
		    struct dr_err *err);

/*
 * store/prune.c: retention.  Removes the reports that ended before a date
 * with everything that hangs off them (records and their results, errors,
 * derived rows, conflicts), keeps their identity and digest in
 * pruned_reports (a re-sent one stays a duplicate or a conflict), and
 * keeps the ingest log (messages, ingest_log; see
 * sql/migrations/0011-prune.sql for why).  Bounded transactions of at
 * most opts->batch reports each, so readers (WAL) and a concurrent ingest
 * are never held up for longer than one batch; a crash loses at most the
 * batch in flight, which the next run removes.
 */
struct store_prune_opts {
	int64_t		 before;	/* Unix seconds: date_end < before goes */
	int64_t		 batch;		/* reports per transaction, >= 1 */
	int64_t		 now;		/* pruned_at */
	bool		 dry_run;	/* count only; nothing is written */
};
/* Rows removed (or, with dry_run, that would be), and what stays. */
struct store_prune_counts {
	int64_t		 reports, records, reasons, dkim, spf, errors,
			 selectors, conflicts;
	int64_t		 log_unlinked;	/* ingest_log rows kept, report NULL */
	int64_t		 messages;	/* messages of the reports (kept): a
					 * message whose reports fell into
					 * two batches counts twice */
	int64_t		 batches;	/* transactions committed */
	int64_t		 kept_reports;	/* ended on or after before */
	int64_t		 kept_records;
	int64_t		 remembered;	/* pruned_reports rows after it */
};
/*
 * Runs the prune.  The store must be open read-write.  *out holds what
 * the committed batches removed, also after a failure (the batch that
 * failed is rolled back and not counted).  -1 with err: R_DB_BUSY when
 * an ingest holds the write lock past the busy timeout (exit 75).
 */
int		 store_prune(struct store *st, const struct store_prune_opts *opts,
		    struct store_prune_counts *out, struct dr_err *err);

/* Maps a SQLite result code to a reason (R_DB_BUSY for BUSY/LOCKED). */
enum dr_reason	 store_reason(int sqlite_rc);

#endif
