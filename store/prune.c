/*
 * store/prune.c -- retention: `dmarc-report prune --before DATE`.
 *
 * Design rationale:
 *  - What goes and what stays is decided in sql/migrations/0011-prune.sql
 *    (the comment at its top); the statements are sql/report/prune-*.sql,
 *    run here in order, so a second backend supplies its own text (and, if
 *    its constraints need it, its own order) under the same names.
 *  - Bounded transactions: the reports to remove are taken in id order, at
 *    most opts->batch per transaction, into the connection's temporary
 *    table prune_batch; each statement works on that list.  Between two
 *    batches the write lock is free, so an ingest waits for one batch at
 *    most, and readers never wait (WAL).  A crash (kill -9) rolls back the
 *    batch in flight: every batch leaves a consistent database, and the
 *    next run removes the rest.
 *  - Counts come from one statement (prune-batch-count) run before the
 *    deletes, so --dry-run and a real run report the same numbers.
 *  - The window rollup (a cache, migration 12) loses the rows of what went
 *    in the last, empty batch: one statement per table by date
 *    (prune-rollup-*.sql) instead of a lookup per batch.  A prune killed
 *    before it leaves rows whose fingerprints no longer match (readers
 *    recompute them) and the next prune removes them.
 *  - Foreign keys are off while it runs (as for dmarc-ingest): the prune
 *    deletes every row that points to a report itself, and the reports
 *    before their records, so that the hand-edit trigger on records does
 *    not recompute the sums of a report being removed, once per record.
 *  - PostgreSQL: the same statements (sql/pg/report/prune-*.sql) in the
 *    same order.  Readers never wait (MVCC).  Each batch first takes
 *    reports in SHARE ROW EXCLUSIVE mode: it waits for the ingest
 *    transactions that wrote a report row (or looked one up: the insert
 *    of insert_or_find in pg_report.c), and a new ingest waits for the
 *    batch, as SQLite's write lock makes them.  So an ingest never points
 *    to a report the batch removes, and never stores again a report the
 *    batch moves to pruned_reports (its statement starts after the
 *    commit, with a snapshot that sees it).  The wait is bounded by
 *    lock_timeout, as SQLite's by the busy timeout: a long ingest batch
 *    makes the prune exit 75, and the next run goes on.  Foreign-key
 *    triggers are off when the role may (pg_trust_writes); without that
 *    right the cascades find the rows already gone: same result, slower.
 *    prune_batch is a temporary table without statistics: ANALYZE after
 *    each fill, so that the deletes use the indexes on report and record.
 */
#include <string.h>

#include "store/read.h"
#include "store/store_int.h"

/* A prune waits for an ingest's batch, as dmarc-ingest waits for another
 * writer (store.c's busy timeout), not the reader's short wait. */
#define PRUNE_BUSY_MS	10000
#define PRUNE_BUSY_PG	"'10s'"		/* the same, as lock_timeout */

/* The statements of one batch, in the order they run. */
static const char *const prune_steps[] = {
	"report/prune-remember",
	"report/prune-unlink-log",
	"report/prune-conflicts",
	"report/prune-reasons",
	"report/prune-dkim",
	"report/prune-spf",
	"report/prune-errors",
	"report/prune-stats",
	"report/prune-selectors",
	"report/prune-reports",
	"report/prune-records",
};
#define NSTEPS	(sizeof(prune_steps) / sizeof(prune_steps[0]))

struct prune_stmts {
	struct store		*st;
	struct store_stmt	*clear, *fill, *count, *totals;
	struct store_stmt	*step[NSTEPS];
	struct store_stmt	*rollup[2];	/* the cache, after the last batch */
};

static const char *const prune_rollup[2] = {
	"report/prune-rollup-intervals", "report/prune-rollup-sources",
};

static void
stmts_close(struct prune_stmts *p)
{
	size_t i;

	store_stmt_close(p->clear);
	store_stmt_close(p->fill);
	store_stmt_close(p->count);
	store_stmt_close(p->totals);
	for (i = 0; i < NSTEPS; i++)
		store_stmt_close(p->step[i]);
	for (i = 0; i < 2; i++)
		store_stmt_close(p->rollup[i]);
}

/* Runs s, which returns no row, to its end. */
static int
run_done(struct store_stmt *s, struct dr_err *err)
{
	int rc = store_stmt_step(s, err);

	store_stmt_reset(s);
	if (rc == 1)
		return dr_fail(err, R_INTERNAL, "%s: returned a row",
		    store_stmt_name(s));
	return rc;
}

static int
stmts_open(struct store *st, struct prune_stmts *p, struct dr_err *err)
{
	struct store_stmt *create = NULL;
	size_t i;
	int rc;

	/* The temporary table first: the others name it. */
	if (store_stmt_open(st, "report/prune-batch-create", &create, err) == -1)
		return -1;
	rc = run_done(create, err);
	store_stmt_close(create);
	if (rc == -1 ||
	    store_stmt_open(st, "report/prune-batch-clear", &p->clear, err) == -1 ||
	    store_stmt_open(st, "report/prune-batch-fill", &p->fill, err) == -1 ||
	    store_stmt_open(st, "report/prune-batch-count", &p->count, err) == -1 ||
	    store_stmt_open(st, "report/prune-totals", &p->totals, err) == -1)
		return -1;
	for (i = 0; i < NSTEPS; i++)
		if (store_stmt_open(st, prune_steps[i], &p->step[i], err) == -1)
			return -1;
	for (i = 0; i < 2; i++)
		if (store_stmt_open(st, prune_rollup[i], &p->rollup[i],
		    err) == -1)
			return -1;
	return 0;
}

/* Kept reports and records, reports left to prune, identities kept. */
static int
read_totals(struct prune_stmts *p, int64_t before, int64_t v[4],
    struct dr_err *err)
{
	int i, rc;

	if (store_stmt_bind_int64(p->totals, 1, before, err) == -1)
		return -1;
	rc = store_stmt_step(p->totals, err);
	for (i = 0; rc == 1 && i < 4; i++)
		v[i] = store_stmt_col_int64(p->totals, i);
	store_stmt_reset(p->totals);
	if (rc == 0)
		return dr_fail(err, R_INTERNAL, "prune-totals: no row");
	return rc == 1 ? 0 : -1;
}

/* A batch's transaction.  A dry run writes only the temporary table: no
 * write lock. */
static int
batch_begin(struct store *st, bool dry_run, struct dr_err *err)
{
	if (st->pg == NULL)
		return store_exec(st, dry_run ? "BEGIN" : "BEGIN IMMEDIATE", err);
	if (pg_exec(st, "BEGIN", "prune: begin", err) == -1)
		return -1;
	if (dry_run)
		return 0;
	if (pg_exec(st, "SET LOCAL lock_timeout = " PRUNE_BUSY_PG ";"
	    " LOCK TABLE reports IN SHARE ROW EXCLUSIVE MODE",
	    "prune: wait for the ingest in progress", err) == -1) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

static int
batch_commit(struct store *st, struct dr_err *err)
{
	if (st->pg == NULL)
		return store_exec(st, "COMMIT", err);
	return pg_exec(st, "COMMIT", "prune: commit", err);
}

/*
 * One batch, inside its transaction: fills prune_batch with the reports
 * after *last, counts what hangs off them into c, and (unless dry_run)
 * removes them.  *n is the number of reports in the batch (0: done).
 */
static int
batch_run(struct prune_stmts *p, const struct store_prune_opts *o,
    int64_t *last, struct store_prune_counts *c, int64_t *n,
    struct dr_err *err)
{
	int64_t v[11];
	size_t i;
	int rc;

	*n = 0;
	if (run_done(p->clear, err) == -1 ||
	    store_stmt_bind_int64(p->fill, 1, o->before, err) == -1 ||
	    store_stmt_bind_int64(p->fill, 2, *last, err) == -1 ||
	    store_stmt_bind_int64(p->fill, 3, o->batch, err) == -1 ||
	    run_done(p->fill, err) == -1)
		return -1;
	if (p->st->pg != NULL &&
	    pg_exec(p->st, "ANALYZE prune_batch", "prune: analyze batch", err) == -1)
		return -1;
	rc = store_stmt_step(p->count, err);
	for (i = 0; rc == 1 && i < 11; i++)
		v[i] = store_stmt_col_int64(p->count, (int)i);
	store_stmt_reset(p->count);
	if (rc != 1)
		return rc == 0 ? dr_fail(err, R_INTERNAL,
		    "prune-batch-count: no row") : -1;
	if ((*n = v[0]) == 0) {
		/* The last (empty) batch: the window rollup's rows of what
		 * is gone, in one statement per table. */
		for (i = 0; i < 2 && !o->dry_run; i++)
			if (store_stmt_bind_int64(p->rollup[i], 1, o->before,
			    err) == -1 || run_done(p->rollup[i], err) == -1)
				return -1;
		return 0;
	}
	if (!o->dry_run) {
		if (store_stmt_bind_int64(p->step[0], 1, o->now, err) == -1)
			return -1;
		for (i = 0; i < NSTEPS; i++)
			if (run_done(p->step[i], err) == -1)
				return -1;
	}
	c->reports += v[0];
	c->records += v[1];
	c->reasons += v[2];
	c->dkim += v[3];
	c->spf += v[4];
	c->errors += v[5];
	c->selectors += v[6];
	c->conflicts += v[7];
	c->log_unlinked += v[8];
	c->messages += v[9];
	*last = v[10];
	return 0;
}

int
store_prune(struct store *st, const struct store_prune_opts *o,
    struct store_prune_counts *out, struct dr_err *err)
{
	struct prune_stmts p;
	struct store_prune_counts c;
	int64_t last = 0, n = 0, tot[4];
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	memset(&c, 0, sizeof(c));
	p.st = st;
	if (o->batch < 1)
		return dr_fail(err, R_USAGE, "prune: batch must be at least 1");
	if (st->mode != STORE_RW)
		return dr_fail(err, R_DB, "prune: the database is open read-only");
	if (st->pg != NULL) {
		if (st->pg_readonly)
			return dr_fail(err, R_DB, "prune: the database is a"
			    " read-only PostgreSQL server (a hot standby): run"
			    " prune against the primary");
		if (pg_trust_writes(st, err) == -1)
			return -1;
	} else {
		sqlite3_busy_timeout(st->db, PRUNE_BUSY_MS);
		if (store_exec(st, "PRAGMA foreign_keys = OFF", err) == -1)
			goto done;
	}
	if (stmts_open(st, &p, err) == -1)
		goto done;
	for (;;) {
		if (batch_begin(st, o->dry_run, err) == -1)
			goto done;
		if (batch_run(&p, o, &last, &c, &n, err) == -1) {
			store_rollback(st);
			goto done;
		}
		if (batch_commit(st, err) == -1) {
			store_rollback(st);
			goto done;
		}
		if (n == 0)
			break;
		c.batches++;
		*out = c;	/* what is committed so far */
	}
	if (read_totals(&p, o->before, tot, err) == -1)
		goto done;
	c.kept_reports = tot[0];
	c.kept_records = tot[1];
	/* A dry run counts the identities a real run would add. */
	c.remembered = tot[3] + (o->dry_run ? c.reports : 0);
	*out = c;
	ret = 0;
done:
	stmts_close(&p);
	/* Back to what store_open() set, for whatever the caller runs next. */
	if (st->pg == NULL)
		(void)sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL,
		    NULL);
	return ret;
}
