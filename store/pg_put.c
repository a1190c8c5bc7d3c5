/*
 * store/pg_put.c -- the write path of store.h over libpq: the batch's
 * transaction (begin, flush, the derived rows, commit, rollback), the
 * queue of statements sent in one pipeline, row ids.  The write path's
 * other files share its state (store/pg_put.h): pg_copy.c the COPY
 * buffers and a big report's chunks, pg_msg.c messages and the ingest
 * log, pg_report.c reports and records.
 *
 * Design rationale (issue 11's targets: a 1,000,000-record report at
 * >= 100,000 records/s in <= 64 MiB, small messages at half SQLite's
 * rate; never one round trip per row):
 *  - Rows go to the server with COPY (pg_copy.c).  Their ids come from
 *    the tables' sequences in blocks of PG_ID_BLOCK (growing within a
 *    transaction), so that child rows can name their parent before it is
 *    sent.  Foreign keys are DEFERRABLE INITIALLY DEFERRED
 *    (sql/pg/schema.sql): order is free.
 *  - Statements whose answer is not needed at once (savepoints, the
 *    report row's final values, ...) are queued and sent together with
 *    the next one that is, in one pipeline: a small message costs one
 *    round trip, its report's insert.
 *  - Savepoints as with SQLite ("msg", "rep"); rows still in the buffers
 *    are undone by cutting the buffers back to the savepoint's marks, rows
 *    already sent by the server's ROLLBACK TO.
 *  - Several hosts, and a pruned report's identity: the report row's
 *    insert (pg_report.c).
 *  - report_stats and report_selectors are derived at COMMIT, one
 *    statement each for the batch's stored reports, from the records
 *    (the view report_stats_derived: one definition).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/pg_put.h"

/* Unix time for ingested_at / seen_at (as store_now()). */
int64_t
pg_put_now(void)
{
	return (int64_t)time(NULL);
}

void
pg_put_pairs_cut(struct pg_state *ps, size_t mark)
{
	while (ps->npairs > mark) {
		ps->npairs--;
		free(ps->pairs[ps->npairs].domain);
		free(ps->pairs[ps->npairs].selector);
	}
}

struct pg_state *
pg_put_state(struct store *st, struct dr_err *err)
{
	if (st->pgs == NULL && (st->pgs = calloc(1, sizeof(*st->pgs))) == NULL)
		dr_fail(err, R_NOMEM, "PostgreSQL write buffers");
	return st->pgs;
}

static void
q_clear(struct pg_state *ps)
{
	int i, j;

	for (i = 0; i < ps->nq; i++)
		for (j = 0; j < ps->q[i].n; j++)
			free(ps->q[i].vals[j]);
	ps->nq = 0;
}

void
pg_put_seen_clear(struct pg_state *ps)
{
	size_t i;

	for (i = 0; i < ps->ntxn_seen; i++) {
		free(ps->txn_seen[i].source_key);
		free(ps->txn_seen[i].sha256);
		free(ps->txn_seen[i].v.path);
	}
	ps->ntxn_seen = 0;
	free(ps->nokey);
	ps->nokey = NULL;
	for (i = 0; i < ps->nasked; i++)
		free(ps->asked[i]);
	free(ps->asked);
	ps->asked = NULL;
	ps->nasked = 0;
	for (i = 0; i < ps->npre; i++) {
		free(ps->pre[i].source_key);
		free(ps->pre[i].sha256);
		free(ps->pre[i].v.path);
	}
	free(ps->pre);
	ps->pre = NULL;
	ps->npre = 0;
}

void
pg_put_reset(struct store *st)
{
	struct pg_state *ps = st->pgs;
	int i;

	if (ps == NULL)
		return;
	q_clear(ps);
	pg_copy_discard(ps);
	for (i = 0; i < C__COUNT; i++)
		ps->c[i].len = ps->c[i].mark_msg = ps->c[i].mark_rep = 0;
	ps->total = 0;
	ps->nstored = ps->stored_mark_msg = ps->stored_mark_rep = 0;
	pg_put_pairs_cut(ps, 0);
	ps->pairs_mark_msg = ps->pairs_mark_rep = 0;
	pg_put_seen_clear(ps);
	/* Ids of a rolled-back block are lost, as sequence values are. */
	ps->msg_ids.n = ps->rec_ids.n = ps->rep_ids.n = 0;
	ps->msg_ids.next = ps->rec_ids.next = ps->rep_ids.next = 0;
	ps->msg_ids.taken = ps->rec_ids.taken = ps->rep_ids.taken = 0;
}

void
pg_put_free(struct store *st)
{
	struct pg_state *ps = st->pgs;
	int i;

	if (ps == NULL)
		return;
	q_clear(ps);
	pg_copy_discard(ps);
	for (i = 0; i < (int)ps->nspare; i++)
		free(ps->spare[i].data);
	pg_put_seen_clear(ps);
	free(ps->rep_org);
	free(ps->rep_schema);
	pg_put_pairs_cut(ps, 0);
	free(ps->pairs);
	free(ps->txn_seen);
	for (i = 0; i < C__COUNT; i++)
		free(ps->c[i].data);
	free(ps->stored);
	free(ps);
	st->pgs = NULL;
	st->pg_copy_end = NULL;
}

/* --- the queue of statements sent in one pipeline ----------------------- */

/*
 * Sends the queue, then tail[0..ntail) whose results go to res[] (each
 * PQclear'ed by the caller), in one pipeline: one round trip.  The first
 * failure is the error; what follows it in the pipeline is not run.
 */
int
pg_put_q_run(struct store *st, struct qitem *tail, int ntail, PGresult **res,
    struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	PGresult *r, *bad = NULL;
	const char *badwhat = NULL;
	int i, k, total = ps->nq + ntail, rc = 0;
	struct qitem *it;

	for (k = 0; k < ntail; k++)
		res[k] = NULL;
	if (total == 0)
		return 0;
	if (pg_drain_active(st, err) == -1)
		return -1;
	for (i = 0; i < total; i++) {
		it = i < ps->nq ? &ps->q[i] : &tail[i - ps->nq];
		if (it->prep != P_NONE && !ps->prepared[it->prep]) {
			char name[16];

			(void)snprintf(name, sizeof(name), "dr_p%d", it->prep);
			r = PQprepare(st->pg, name, it->sql, 0, NULL);
			if (PQresultStatus(r) != PGRES_COMMAND_OK) {
				rc = pg_fail(st, r, it->what, err);
				PQclear(r);
				return rc;
			}
			PQclear(r);
			ps->prepared[it->prep] = true;
		}
	}
	if (!PQenterPipelineMode(st->pg))
		return pg_fail(st, NULL, "pipeline", err);
	for (i = 0; i < total; i++) {
		it = i < ps->nq ? &ps->q[i] : &tail[i - ps->nq];
		char name[16];

		(void)snprintf(name, sizeof(name), "dr_p%d", it->prep);
		if (it->prep != P_NONE ? !PQsendQueryPrepared(st->pg, name, it->n,
		    (const char *const *)it->vals, NULL, NULL, 0) :
		    !PQsendQueryParams(st->pg, it->sql, it->n, it->types,
		    (const char *const *)it->vals, NULL, NULL, 0)) {
			rc = pg_fail(st, NULL, it->what, err);
			break;
		}
	}
	if (rc == 0 && !PQpipelineSync(st->pg))
		rc = pg_fail(st, NULL, "pipeline", err);
	if (rc == 0) {
		for (i = 0; i < total; i++) {
			it = i < ps->nq ? &ps->q[i] : &tail[i - ps->nq];
			while ((r = PQgetResult(st->pg)) != NULL) {
				ExecStatusType s = PQresultStatus(r);

				if (s == PGRES_FATAL_ERROR && bad == NULL) {
					bad = r;
					badwhat = it->what;
					continue;
				}
				if (i >= ps->nq && s == PGRES_TUPLES_OK &&
				    res[i - ps->nq] == NULL) {
					res[i - ps->nq] = r;
					continue;
				}
				PQclear(r);
			}
		}
		/* the sync point */
		while ((r = PQgetResult(st->pg)) != NULL) {
			ExecStatusType s = PQresultStatus(r);

			PQclear(r);
			if (s == PGRES_PIPELINE_SYNC)
				break;
		}
		if (bad != NULL)
			rc = pg_fail(st, bad, badwhat, err);
		else if (PQstatus(st->pg) != CONNECTION_OK)
			rc = pg_fail(st, NULL, "pipeline", err);
	}
	PQclear(bad);
	(void)PQexitPipelineMode(st->pg);
	q_clear(ps);
	if (rc == -1)
		for (k = 0; k < ntail; k++) {
			PQclear(res[k]);
			res[k] = NULL;
		}
	return rc;
}

int
pg_put_q_add(struct store *st, const char *sql, int prep, const char *what,
    int n, const char *const *vals, const Oid *types, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct qitem *it;
	int i;

	if (ps->nq == PG_QUEUE_MAX &&
	    pg_put_q_run(st, NULL, 0, NULL, err) == -1)
		return -1;
	it = &ps->q[ps->nq];
	it->sql = sql;
	it->prep = prep;
	it->what = what;
	it->n = n;
	for (i = 0; i < n; i++) {
		it->types[i] = types != NULL ? types[i] : 0;
		it->vals[i] = NULL;
		if (vals[i] != NULL && (it->vals[i] = strdup(vals[i])) == NULL) {
			while (i-- > 0)
				free(it->vals[i]);
			return dr_fail(err, R_NOMEM, "%s", what);
		}
	}
	ps->nq++;
	return 0;
}

/* A savepoint command; a RELEASE right after its SAVEPOINT cancels both. */
int
pg_put_q_cmd(struct store *st, const char *sql, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	const char *name;

	if (strncmp(sql, "RELEASE ", 8) == 0 && ps->nq > 0) {
		name = sql + 8;
		if (strncmp(ps->q[ps->nq - 1].sql, "SAVEPOINT ", 10) == 0 &&
		    strcmp(ps->q[ps->nq - 1].sql + 10, name) == 0) {
			ps->nq--;
			return 0;
		}
	}
	return pg_put_q_add(st, sql, P_NONE, sql, 0, NULL, NULL, err);
}

/* The held pairs as one queued statement (arrays). */
static int
pairs_send(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	const char **d = NULL, **sl = NULL, **ids = NULL, *v[3];
	char *da = NULL, *sa = NULL, *ia = NULL, (*nb)[24] = NULL;
	size_t i;
	int rc = -1;

	if (ps->npairs == 0)
		return 0;
	d = calloc(ps->npairs, sizeof(*d));
	sl = calloc(ps->npairs, sizeof(*sl));
	ids = calloc(ps->npairs, sizeof(*ids));
	nb = calloc(ps->npairs, sizeof(*nb));
	if (d == NULL || sl == NULL || ids == NULL || nb == NULL)
		goto nomem;
	for (i = 0; i < ps->npairs; i++) {
		d[i] = ps->pairs[i].domain;
		sl[i] = ps->pairs[i].selector;
		ids[i] = pg_put_num(nb[i], ps->pairs[i].report);
	}
	if ((da = pg_put_text_array(d, ps->npairs)) == NULL ||
	    (sa = pg_put_text_array(sl, ps->npairs)) == NULL ||
	    (ia = pg_put_text_array(ids, ps->npairs)) == NULL)
		goto nomem;
	v[0] = da;
	v[1] = sa;
	v[2] = ia;
	rc = pg_put_q_add(st,
	    "INSERT INTO report_selectors(domain, selector, report)"
	    " SELECT DISTINCT d, s, r FROM unnest($1::text[], $2::text[],"
	    " $3::bigint[]) AS u(d, s, r) ON CONFLICT DO NOTHING", P_NONE,
	    "store report selectors", 3, v, NULL, err);
	if (rc == 0)
		pg_put_pairs_cut(ps, 0);
	goto done;
nomem:
	rc = dr_fail(err, R_NOMEM, "selectors");
done:
	free(d);
	free(sl);
	free(ids);
	free(nb);
	free(da);
	free(sa);
	free(ia);
	return rc;
}

/* Sends everything buffered and queued. */
int
pg_put_flush(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	int i;

	if (ps == NULL)
		return 0;
	if (pairs_send(st, err) == -1)
		return -1;
	ps->pairs_mark_msg = ps->pairs_mark_rep = 0;
	if (pg_put_q_run(st, NULL, 0, NULL, err) == -1)
		return -1;
	ps->msg_sent = true;
	for (i = 0; i < C__COUNT; i++) {
		if (pg_copy_send(st, (enum copy_table)i, err) == -1)
			return -1;
		ps->c[i].mark_msg = ps->c[i].mark_rep = 0;
	}
	ps->total = 0;
	return 0;
}

/* The batch's stored reports' derived rows, then nothing is pending. */
static int
derive(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct qitem t[1];
	PGresult *res[1];
	char *arr = NULL;
	size_t i, o = 0;
	int rc;

	if (ps == NULL || ps->nstored == 0)
		return 0;
	if ((arr = malloc(ps->nstored * 21 + 3)) == NULL)
		return dr_fail(err, R_NOMEM, "report ids");
	arr[o++] = '{';
	for (i = 0; i < ps->nstored; i++)
		o += (size_t)snprintf(arr + o, 22, "%s%lld", i ? "," : "",
		    (long long)ps->stored[i]);
	arr[o++] = '}';
	arr[o] = '\0';
	memset(t, 0, sizeof(t));
	t[0].sql = "INSERT INTO report_stats SELECT * FROM report_stats_derived"
	    " WHERE report = ANY($1::bigint[])"
	    " ON CONFLICT (report) DO NOTHING";
	t[0].what = "store report totals";

	t[0].n = 1;
	t[0].vals[0] = arr;
	rc = pg_put_q_run(st, t, 1, res, err);
	PQclear(res[0]);
	free(arr);
	ps->nstored = 0;
	return rc;
}

/* pg_commit's flush: buffers, queue, derived rows. */
int
pg_put_commit(struct store *st, struct dr_err *err)
{
	if (pg_put_flush(st, err) == -1)
		return -1;
	return derive(st, err);
}

int
pg_begin(struct store *st, struct dr_err *err)
{
	pg_put_reset(st);
	return pg_exec(st, "BEGIN", "begin", err);
}

int
pg_commit(struct store *st, struct dr_err *err)
{
	if (pg_put_commit(st, err) == -1)
		return -1;
	pg_put_reset(st);
	return pg_exec(st, "COMMIT", "commit", err);
}

void
pg_rollback(struct store *st)
{
	struct dr_err e = DR_ERR_INIT;

	pg_put_reset(st);
	(void)pg_drain_active(st, &e);
	if (PQtransactionStatus(st->pg) != PQTRANS_IDLE)
		PQclear(PQexec(st->pg, "ROLLBACK"));
	if (st->pg_id_lock) {
		PQclear(PQexec(st->pg, "SELECT pg_advisory_unlock_all()"));
		st->pg_id_lock = false;
	}
}

/* --- ids --------------------------------------------------------------- */

/*
 * Row ids in blocks of PG_ID_BLOCK (doubled per block of a transaction,
 * up to 64 times), contiguous: the sequence is moved on
 * by the whole block at once (setval(nextval + N - 1)), not one nextval
 * per row (3-4 us each: a third of a big report's time).  The two calls
 * are one statement but not one atomic step, so dmarc-ingest hosts take
 * blocks under a session advisory lock, released in the same round trip
 * (pg_rollback releases it if the pipeline failed half way).  A row
 * inserted by hand with a default id in that microsecond could take an
 * id of the block: the COPY then fails on the key (R_DB), nothing is
 * half written, and the next run takes a fresh block.
 */
int
pg_put_next_id(struct store *st, struct idblock *b, const char *table,
    int64_t *id, struct dr_err *err)
{
	struct qitem t[3];
	PGresult *r[3];
	char nb[24];
	size_t n;
	int i, rc;
	bool keep;

	if (b->next >= b->n) {
		/* a big report takes a few large blocks, not 100 small ones:
		 * each is a round trip that waits for the COPY before it */
		n = (size_t)PG_ID_BLOCK << (b->taken < PG_ID_GROW ? b->taken :
		    PG_ID_GROW);
		memset(t, 0, sizeof(t));
		t[0].sql = "SELECT pg_advisory_lock(" PG_ID_LOCK ")";
		t[0].what = "take row ids";
		t[1].sql = "SELECT setval(s, nextval(s) + $2::bigint - 1) -"
		    " $2::bigint + 1 FROM (SELECT pg_get_serial_sequence($1,"
		    " 'id')::regclass AS s) q";
		t[1].prep = P_IDS;
		t[1].what = "take row ids";
		t[1].n = 2;
		t[1].vals[0] = (char *)table;
		t[1].vals[1] = (char *)pg_put_num(nb, (int64_t)n);
		t[2].sql = "SELECT pg_advisory_unlock(" PG_ID_LOCK ")";
		t[2].what = "take row ids";
		/* A big report's queued chunks wait: only the COPY in flight
		 * is waited for (a drain of the queue would idle the server
		 * while the parser fills the next chunk), unless statements
		 * are queued that must follow the chunks. */
		keep = st->pgs->npipe > 0 && st->pgs->nq == 0;
		if (keep && pg_copy_hold(st, err) == -1)
			return -1;
		st->pg_id_lock = true;
		rc = pg_put_q_run(st, t, 3, r, err);
		if (keep)
			pg_copy_resume(st);
		if (rc == -1)
			return -1;
		st->pg_id_lock = false;
		if (keep && pg_copy_pump(st, false, err) == -1) {
			for (i = 0; i < 3; i++)
				PQclear(r[i]);
			return -1;
		}
		if (r[1] == NULL || PQntuples(r[1]) != 1) {
			for (i = 0; i < 3; i++)
				PQclear(r[i]);
			return dr_fail(err, R_DB, "take row ids of %s: none", table);
		}
		b->first = strtoll(PQgetvalue(r[1], 0, 0), NULL, 10);
		for (i = 0; i < 3; i++)
			PQclear(r[i]);
		b->n = n;
		b->next = 0;
		b->taken++;
	}
	*id = b->first + (int64_t)b->next++;
	return 0;
}

/* --- text --------------------------------------------------------------- */

/* Text of an integer in a caller's buffer. */
const char *
pg_put_num(char *buf, int64_t v)
{
	(void)snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

/* keys as a text[] literal: {"k1","k2"} with \ and " escaped. */
char *
pg_put_text_array(const char *const *keys, size_t n)
{
	size_t i, len = 3, o = 0;
	const char *p;
	char *out;

	for (i = 0; i < n; i++)
		len += strlen(keys[i]) * 2 + 3;
	if ((out = malloc(len)) == NULL)
		return NULL;
	out[o++] = '{';
	for (i = 0; i < n; i++) {
		if (i > 0)
			out[o++] = ',';
		out[o++] = '"';
		for (p = keys[i]; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				out[o++] = '\\';
			out[o++] = *p;
		}
		out[o++] = '"';
	}
	out[o++] = '}';
	out[o] = '\0';
	return out;
}
