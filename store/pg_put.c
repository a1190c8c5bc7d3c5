/*
 * store/pg_put.c -- the write path of store.h over libpq: messages,
 * reports, records, the ingest log.
 *
 * Design rationale (issue 11's targets: a 1,000,000-record report at
 * >= 100,000 records/s in <= 64 MiB, small messages at half SQLite's
 * rate; never one round trip per row):
 *  - Rows go to the server with COPY, buffered per table in text format
 *    and sent when the buffers pass PG_FLUSH_BYTES or at COMMIT; a big
 *    report's (beyond PG_STREAM_BYTES) each time one table's buffer holds
 *    PG_CHUNK_BYTES.  A COPY's result is read only when the connection is
 *    next needed (copy_send), so that the server inserts one chunk while
 *    the parser reads the next; a big report's full chunks queue behind
 *    the COPY in flight (pipe_push, up to PG_PIPE_MAX), so that the
 *    parser runs ahead instead of waiting for each.  Their ids come from the tables'
 *    sequences in blocks of PG_ID_BLOCK (growing within a transaction),
 *    so that child rows can name their parent before it is sent.  Foreign
 *    keys are DEFERRABLE INITIALLY DEFERRED (sql/pg/schema.sql): order is
 *    free.
 *  - Statements whose answer is not needed at once (savepoints, the
 *    report row's final values, ...) are queued and sent together with
 *    the next one that is, in one pipeline: a small message costs one
 *    round trip, its report's insert.
 *  - Savepoints as with SQLite ("msg", "rep"); rows still in the buffers
 *    are undone by cutting the buffers back to the savepoint's marks, rows
 *    already sent by the server's ROLLBACK TO.
 *  - Several hosts: the report row is inserted as soon as its identity is
 *    known, INSERT ... ON CONFLICT DO NOTHING RETURNING id.  A concurrent
 *    uncommitted insert of the same identity makes it wait; when that one
 *    commits, nothing is returned and the SELECT after it (a new snapshot)
 *    sees the committed row: a duplicate or a conflict by digest, never a
 *    unique violation, never counted twice.  A deadlock between hosts
 *    replays the batch (R_REPLAY), as a rejection without savepoints does.
 *  - A pruned report (migration 11) left its identity in pruned_reports:
 *    the same statement looks there first and inserts nothing when it is
 *    found, so a re-send is a duplicate or a conflict as in put.c.  Its
 *    id came from reports' sequence, which never gives it again.  A prune
 *    batch locks reports against writers (store/prune.c), so the insert
 *    never races the move of its identity.
 *  - report_stats and report_selectors are derived at COMMIT, one
 *    statement each for the batch's stored reports, from the records
 *    (the view report_stats_derived: one definition).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "store/store_int.h"
#include "util/limits.h"

#define PG_FLUSH_BYTES	(4u << 20)	/* buffered COPY data sent beyond this */
#define PG_ID_BLOCK	10000		/* ids taken from a sequence at once */
#define PG_ID_GROW	6		/* ... doubled per block up to 64 x */
#define PG_ID_LOCK	"1145913925"	/* advisory lock of id blocks */
#define PG_QUEUE_MAX	256		/* queued statements sent beyond this */
#define PG_STREAM_BYTES	(256u << 10)	/* a report's rows sent in chunks beyond */
#define PG_CHUNK_BYTES	(1u << 20)	/* such a chunk: one table's COPY */
#define PG_PIPE_MAX	8		/* chunks queued behind the COPY in flight */
#define PG_PIPE_POLL	64		/* records between looks at that COPY */
#define PG_QPARAMS	32

enum copy_table {
	C_MESSAGES, C_RECORDS, C_REASONS, C_DKIM, C_SPF, C_ERRORS, C_CONFLICTS,
	C_LOG, C__COUNT
};

static const char *const copy_sql[C__COUNT] = {
	[C_MESSAGES] = "COPY messages(id, source_key, path, sha256, size,"
	    " message_id, subject, outcome, reason, detail, reports, filed_to,"
	    " ingested_at) FROM STDIN",
	[C_RECORDS] = "COPY records(id, report, source_ip, ip_version, count,"
	    " disposition, disposition_raw, dkim_eval, spf_eval, eval_derived,"
	    " header_from, envelope_from, envelope_to, dkim_eval_raw,"
	    " spf_eval_raw) FROM STDIN",
	[C_REASONS] = "COPY record_reasons(record, seq, type, type_raw, comment)"
	    " FROM STDIN",
	[C_DKIM] = "COPY dkim_results(record, seq, domain, selector, result,"
	    " result_raw, human_result) FROM STDIN",
	[C_SPF] = "COPY spf_results(record, seq, domain, scope, result,"
	    " result_raw, human_result) FROM STDIN",
	[C_ERRORS] = "COPY report_errors(report, seq, text) FROM STDIN",
	[C_CONFLICTS] = "COPY conflicts(report, digest, message, seen_at) FROM STDIN",
	[C_LOG] = "COPY ingest_log(message, part, outcome, reason, detail,"
	    " org_name, report_id, report) FROM STDIN",
};

/* Each COPY as its error names it. */
static const char *const copy_what[C__COUNT] = {
	[C_MESSAGES] = "store messages (COPY)",
	[C_RECORDS] = "store records (COPY)",
	[C_REASONS] = "store record reasons (COPY)",
	[C_DKIM] = "store DKIM results (COPY)",
	[C_SPF] = "store SPF results (COPY)",
	[C_ERRORS] = "store report errors (COPY)",
	[C_CONFLICTS] = "store conflicts (COPY)",
	[C_LOG] = "store the ingest log (COPY)",
};

struct cbuf {
	char		*data;
	size_t		 len, cap;
	size_t		 mark_msg, mark_rep;	/* lengths at the savepoints */
};

/* A big report's chunk waiting for the connection (pipe_push). */
struct pchunk {
	enum copy_table	 t;
	char		*data;
	size_t		 len, cap;
};

/* Statements of every message, prepared once per connection (no parse
 * and plan per use). */
enum prep_id {
	P_NONE, P_SEEN_KEY, P_SEEN_SHA, P_REP_INS, P_REP_FIND, P_REP_UPD, P_IDS,
	P__COUNT
};

struct qitem {
	const char	*sql;		/* static */
	int		 prep;		/* enum prep_id: sent as a prepared statement */
	const char	*what;
	int		 n;
	char		*vals[PG_QPARAMS];
	Oid		 types[PG_QPARAMS];
};

struct idblock {
	int64_t		 first;		/* ids first .. first + n - 1 */
	size_t		 next, n;
	unsigned	 taken;		/* blocks taken in this transaction */
};

/* Unix time for ingested_at / seen_at (as store_now()). */
static int64_t
put_now(void)
{
	return (int64_t)time(NULL);
}

struct pg_state {
	struct cbuf	 c[C__COUNT];
	size_t		 total;			/* bytes in all buffers */
	struct qitem	 q[PG_QUEUE_MAX];
	int		 nq;
	struct idblock	 msg_ids, rec_ids, rep_ids;
	int64_t		*stored;		/* reports stored in the batch */
	size_t		 nstored, capstored, stored_mark_msg, stored_mark_rep;
	char		 existing_digest[65];
	bool		 existing_pruned;	/* only its identity is left
						   (pruned_reports) */
	bool		 prepared[P__COUNT];
	/* Messages written in this transaction (their rows wait in the COPY
	 * buffer: store_msg_seen must find them as SQLite does), newest
	 * last; and the last source_key the server had no row for. */
	struct seen_row	*txn_seen;
	size_t		 ntxn_seen, captxn_seen;
	char		*nokey;
	/* The report being streamed: something of it reached the server
	 * (its row, a flush of its records); its row went in before its end
	 * (row_early) with what its beginning knew. */
	bool		 rep_sent, rep_inserted;
	char		*rep_org, *rep_schema;
	int64_t		 rep_begin, rep_end;
	/* Something of the message being stored reached the server. */
	bool		 msg_sent;
	size_t		 rep_rec_bytes;	/* record rows of the report so far */
	/* (DKIM domain, selector, report) of the stored reports, written in
	 * one statement when the buffers go (pairs_send). */
	struct sel_pair	*pairs;
	size_t		 npairs, cappairs, pairs_mark_msg, pairs_mark_rep;
	/* A big report's chunks, oldest first, behind the COPY in flight
	 * (inflight: its result is unread); spare buffers for reuse. */
	struct pchunk	 pipe[PG_PIPE_MAX];
	size_t		 npipe;
	bool		 inflight;
	struct pchunk	 spare[PG_PIPE_MAX];
	size_t		 nspare;
	unsigned	 poll_in;	/* records until the next look */
	/* pg_msg_prefetch: the keys asked about (sorted) and every row the
	 * server had for them (sorted by key, then id). */
	char		**asked;
	size_t		 nasked;
	struct seen_row	*pre;
	size_t		 npre;
};

struct sel_pair {
	char		*domain, *selector;
	int64_t		 report;
};

struct seen_row {
	char		*source_key, *sha256;
	struct store_seen_small {
		int64_t		 id, size;
		char		 outcome[16], filed_to[16], reason[32];
		char		*path;
	} v;
};

static void
pairs_cut(struct pg_state *ps, size_t mark)
{
	while (ps->npairs > mark) {
		ps->npairs--;
		free(ps->pairs[ps->npairs].domain);
		free(ps->pairs[ps->npairs].selector);
	}
}

static struct pg_state *
state(struct store *st, struct dr_err *err)
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

static void
seen_clear(struct pg_state *ps)
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

/* Queued chunks never sent are dropped (their buffers kept as spares);
 * a COPY in flight is still read by pg_drain_active. */
static void
pipe_discard(struct pg_state *ps)
{
	while (ps->npipe > 0) {
		struct pchunk *c = &ps->pipe[--ps->npipe];

		if (ps->nspare < PG_PIPE_MAX)
			ps->spare[ps->nspare++] = *c;
		else
			free(c->data);
	}
}

void
pg_put_reset(struct store *st)
{
	struct pg_state *ps = st->pgs;
	int i;

	if (ps == NULL)
		return;
	q_clear(ps);
	pipe_discard(ps);
	for (i = 0; i < C__COUNT; i++)
		ps->c[i].len = ps->c[i].mark_msg = ps->c[i].mark_rep = 0;
	ps->total = 0;
	ps->nstored = ps->stored_mark_msg = ps->stored_mark_rep = 0;
	pairs_cut(ps, 0);
	ps->pairs_mark_msg = ps->pairs_mark_rep = 0;
	seen_clear(ps);
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
	pipe_discard(ps);
	for (i = 0; i < (int)ps->nspare; i++)
		free(ps->spare[i].data);
	seen_clear(ps);
	free(ps->rep_org);
	free(ps->rep_schema);
	pairs_cut(ps, 0);
	free(ps->pairs);
	free(ps->txn_seen);
	for (i = 0; i < C__COUNT; i++)
		free(ps->c[i].data);
	free(ps->stored);
	free(ps);
	st->pgs = NULL;
	st->pg_copy_end = NULL;
}

/* --- COPY buffers ------------------------------------------------------ */

static int
cb_reserve(struct cbuf *b, size_t more)
{
	char *p;
	size_t n = b->cap ? b->cap : 65536;

	if (b->len + more <= b->cap)
		return 0;
	while (n < b->len + more)
		n *= 2;
	if ((p = realloc(b->data, n)) == NULL)
		return -1;
	b->data = p;
	b->cap = n;
	return 0;
}

/* The bytes COPY's text format escapes: \\ \n \r \t. */
static const bool cb_special[256] = {
	['\\'] = true, ['\n'] = true, ['\r'] = true, ['\t'] = true,
};

/* A text column in COPY's text format (\N for NULL), cut at the store's
 * field cap as store_bind_text() cuts. */
static int
cb_text(struct store *st, struct cbuf *b, const char *v, bool last)
{
	size_t n, i, keep, mark = strlen(STORE_CUT_MARK);
	bool cut = false;

	if (v == NULL) {
		if (cb_reserve(b, 4) == -1)
			return -1;
		memcpy(b->data + b->len, last ? "\\N\n" : "\\N\t", 3);
		b->len += 3;
		return 0;
	}
	n = strnlen(v, st->field_cap + 1);
	if (n > st->field_cap) {
		keep = st->field_cap - mark;
		while (keep > 0 && ((unsigned char)v[keep] & 0xc0) == 0x80)
			keep--;
		n = keep;
		cut = true;
	}
	if (cb_reserve(b, n * 2 + mark + 2) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		size_t run = 0;
		unsigned char c;

		/* the bytes that need no escape, in one copy */
		while (i + run < n && !cb_special[(unsigned char)v[i + run]])
			run++;
		memcpy(b->data + b->len, v + i, run);
		b->len += run;
		i += run;
		if (i == n)
			break;
		c = (unsigned char)v[i];
		b->data[b->len++] = '\\';
		b->data[b->len++] = c == '\n' ? 'n' : c == '\r' ? 'r' :
		    c == '\t' ? 't' : '\\';
	}
	if (cut) {
		memcpy(b->data + b->len, STORE_CUT_MARK, mark);
		b->len += mark;
	}
	b->data[b->len++] = last ? '\n' : '\t';
	return 0;
}

/* An integer column (\N for NULL); digits by hand: snprintf was a tenth
 * of the client's time on a big report. */
static int
cb_int(struct cbuf *b, int64_t v, bool null, bool last)
{
	char tmp[24];
	size_t n = 0;
	uint64_t u;

	if (cb_reserve(b, 24) == -1)
		return -1;
	if (null) {
		memcpy(b->data + b->len, last ? "\\N\n" : "\\N\t", 3);
		b->len += 3;
		return 0;
	}
	u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		b->data[b->len++] = '-';
	while (n > 0)
		b->data[b->len++] = tmp[--n];
	b->data[b->len++] = last ? '\n' : '\t';
	return 0;
}

/*
 * A buffer goes to the server as one COPY whose result is read only when
 * the connection is next needed (pg_drain_active calls copy_wait): the
 * server inserts one chunk of a big report while the parser reads the
 * next.  Waiting for each COPY at once left one of the two idle: the
 * server's COPY of a chunk took as long as the parsing of the next (a
 * 1,000,000-record report: ~5 s of each, 12 s wall on two CPUs).  A
 * failed COPY is the error of whatever statement comes next, named as
 * the COPY: nothing after it is sent, the transaction is rolled back,
 * nothing is moved -- as when the COPY's own call failed.
 *
 * A big report's chunks queue up behind the COPY in flight (pipe_push,
 * up to PG_PIPE_MAX of them): the next starts as soon as the parser sees
 * that one done (pipe_pump, every PG_PIPE_POLL records), so the parser
 * runs ahead while the server is busy or off its CPU, instead of waiting
 * for each chunk before it queues the next.  Anything else that needs the
 * connection first sends and waits for the whole queue, in order.
 */
static int copy_wait(struct store *st, struct dr_err *err);

static void
pipe_stop(struct store *st)
{
	st->pg_copy_end = NULL;
	pipe_discard(st->pgs);
}

/* Reads the result of the COPY in flight (waits for it). */
static int
copy_wait1(struct store *st, struct dr_err *err)
{
	PGresult *r;
	int rc = 0;

	st->pgs->inflight = false;
	while ((r = PQgetResult(st->pg)) != NULL) {
		if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = pg_fail(st, r, st->pg_copy_what, err);
		PQclear(r);
	}
	return rc;
}

/* Starts one COPY of data[0..len) into t; its result is read later. */
static int
copy_start(struct store *st, enum copy_table t, const char *data,
    size_t len, struct dr_err *err)
{
	PGresult *r;
	int rc;

	r = PQexec(st->pg, copy_sql[t]);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = pg_fail(st, r, copy_what[t], err);
		PQclear(r);
		pipe_stop(st);
		return rc;
	}
	PQclear(r);
	rc = PQputCopyData(st->pg, data, (int)len) == 1 &&
	    PQputCopyEnd(st->pg, NULL) == 1 ? 0 :
	    pg_fail(st, NULL, copy_what[t], err);
	st->pg_copy_what = copy_what[t];
	st->pgs->inflight = true;
	st->pg_copy_end = copy_wait;
	if (rc == -1) {
		struct dr_err e = DR_ERR_INIT;

		(void)copy_wait1(st, &e);
		pipe_stop(st);
	}
	return rc;
}

/* Starts the oldest queued chunk; its buffer becomes a spare. */
static int
pipe_next(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct pchunk c = ps->pipe[0];
	int rc;

	ps->npipe--;
	memmove(ps->pipe, ps->pipe + 1, ps->npipe * sizeof(*ps->pipe));
	rc = copy_start(st, c.t, c.data, c.len, err);
	if (ps->nspare < PG_PIPE_MAX)
		ps->spare[ps->nspare++] = c;
	else
		free(c.data);
	return rc;
}

/* st->pg_copy_end: the COPY in flight and every queued chunk after it,
 * each waited for; the connection is free after. */
static int
copy_wait(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;

	for (;;) {
		if (ps->inflight && copy_wait1(st, err) == -1) {
			pipe_stop(st);
			return -1;
		}
		if (ps->npipe == 0)
			break;
		if (pipe_next(st, err) == -1)
			return -1;
	}
	st->pg_copy_end = NULL;
	return 0;
}

/*
 * When the COPY in flight is done (block: once it is), reads its result
 * and starts the next queued chunk.
 */
static int
pipe_pump(struct store *st, bool block, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;

	if (ps->inflight) {
		/* a broken connection: the wait below reads its error */
		if (!block && PQconsumeInput(st->pg) && PQisBusy(st->pg))
			return 0;
		if (copy_wait1(st, err) == -1) {
			pipe_stop(st);
			return -1;
		}
	}
	if (ps->npipe > 0)
		return pipe_next(st, err);
	st->pg_copy_end = NULL;
	return 0;
}

/* Table t's buffer joins the queue (a spare, or nothing, takes its place). */
static int
pipe_push(struct store *st, enum copy_table t, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct cbuf *b = &ps->c[t];
	struct pchunk *c;

	if (b->len == 0)
		return 0;
	if (st->pg_active != NULL && pg_drain_active(st, err) == -1)
		return -1;
	if (ps->npipe == PG_PIPE_MAX && pipe_pump(st, true, err) == -1)
		return -1;
	c = &ps->pipe[ps->npipe++];
	c->t = t;
	c->data = b->data;
	c->len = b->len;
	c->cap = b->cap;
	if (ps->nspare > 0) {
		ps->nspare--;
		b->data = ps->spare[ps->nspare].data;
		b->cap = ps->spare[ps->nspare].cap;
	} else {
		b->data = NULL;
		b->cap = 0;
	}
	b->len = b->mark_msg = b->mark_rep = 0;
	st->pg_copy_end = copy_wait;
	return pipe_pump(st, false, err);
}

static int
copy_send(struct store *st, enum copy_table t, struct dr_err *err)
{
	struct cbuf *b = &st->pgs->c[t];
	int rc;

	if (b->len == 0)
		return 0;
	if (pg_drain_active(st, err) == -1)
		return -1;
	rc = copy_start(st, t, b->data, b->len, err);
	b->len = b->mark_msg = b->mark_rep = 0;
	return rc;
}

static int
q_run(struct store *st, struct qitem *tail, int ntail, PGresult **res,
    struct dr_err *err);

/* --- the queue of statements sent in one pipeline ----------------------- */

static int
q_add(struct store *st, const char *sql, int prep, const char *what, int n,
    const char *const *vals, const Oid *types, struct dr_err *err);

/*
 * Sends the queue, then tail[0..ntail) whose results go to res[] (each
 * PQclear'ed by the caller), in one pipeline: one round trip.  The first
 * failure is the error; what follows it in the pipeline is not run.
 */
static int
q_run(struct store *st, struct qitem *tail, int ntail, PGresult **res,
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

static int
q_add(struct store *st, const char *sql, int prep, const char *what, int n,
    const char *const *vals, const Oid *types, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct qitem *it;
	int i;

	if (ps->nq == PG_QUEUE_MAX && q_run(st, NULL, 0, NULL, err) == -1)
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
static int
q_cmd(struct store *st, const char *sql, struct dr_err *err)
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
	return q_add(st, sql, P_NONE, sql, 0, NULL, NULL, err);
}


static char *text_array(const char *const *keys, size_t n);
static const char *num(char *buf, int64_t v);

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
		ids[i] = num(nb[i], ps->pairs[i].report);
	}
	if ((da = text_array(d, ps->npairs)) == NULL ||
	    (sa = text_array(sl, ps->npairs)) == NULL ||
	    (ia = text_array(ids, ps->npairs)) == NULL)
		goto nomem;
	v[0] = da;
	v[1] = sa;
	v[2] = ia;
	rc = q_add(st, "INSERT INTO report_selectors(domain, selector, report)"
	    " SELECT DISTINCT d, s, r FROM unnest($1::text[], $2::text[],"
	    " $3::bigint[]) AS u(d, s, r) ON CONFLICT DO NOTHING", P_NONE,
	    "store report selectors", 3, v, NULL, err);
	if (rc == 0)
		pairs_cut(ps, 0);
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
	if (q_run(st, NULL, 0, NULL, err) == -1)
		return -1;
	ps->msg_sent = true;
	for (i = 0; i < C__COUNT; i++) {
		if (copy_send(st, (enum copy_table)i, err) == -1)
			return -1;
		ps->c[i].mark_msg = ps->c[i].mark_rep = 0;
	}
	ps->total = 0;
	return 0;
}

static size_t
buffered(const struct pg_state *ps)
{
	size_t total = 0;
	int i;

	for (i = 0; i < C__COUNT; i++)
		total += ps->c[i].len;
	return total;
}

static int
maybe_flush(struct store *st, struct dr_err *err)
{
	return buffered(st->pgs) >= PG_FLUSH_BYTES ? pg_put_flush(st, err) : 0;
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
	rc = q_run(st, t, 1, res, err);
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

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
static int
next_id(struct store *st, struct idblock *b, const char *table, int64_t *id,
    struct dr_err *err)
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
		t[1].vals[1] = (char *)num(nb, (int64_t)n);
		t[2].sql = "SELECT pg_advisory_unlock(" PG_ID_LOCK ")";
		t[2].what = "take row ids";
		/* A big report's queued chunks wait: only the COPY in flight
		 * is waited for (a drain of the queue would idle the server
		 * while the parser fills the next chunk), unless statements
		 * are queued that must follow the chunks. */
		keep = st->pgs->npipe > 0 && st->pgs->nq == 0;
		if (keep) {
			if (st->pgs->inflight && copy_wait1(st, err) == -1) {
				pipe_stop(st);
				return -1;
			}
			st->pg_copy_end = NULL;
		}
		st->pg_id_lock = true;
		rc = q_run(st, t, 3, r, err);
		if (keep)
			st->pg_copy_end = copy_wait;
		if (rc == -1)
			return -1;
		st->pg_id_lock = false;
		if (keep && pipe_pump(st, false, err) == -1) {
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

/* --- messages ---------------------------------------------------------- */


/* keys as a text[] literal: {"k1","k2"} with \ and " escaped. */
static char *
text_array(const char *const *keys, size_t n)
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

static void
seen_fill(struct store_seen *seen, const struct seen_row *w)
{
	seen->id = w->v.id;
	seen->size = w->v.size;
	memcpy(seen->outcome, w->v.outcome, sizeof(seen->outcome));
	memcpy(seen->filed_to, w->v.filed_to, sizeof(seen->filed_to));
	memcpy(seen->reason, w->v.reason, sizeof(seen->reason));
	(void)snprintf(seen->path, sizeof(seen->path), "%s", w->v.path);
}

/* msg_seen from the prefetched rows: the latest of the key (and sha). */
static int
pre_seen(const struct pg_state *ps, const char *key, const char *sha,
    struct store_seen *seen)
{
	const struct seen_row *best = NULL;
	size_t i;

	for (i = 0; i < ps->npre; i++) {	/* a handful per batch */
		const struct seen_row *w = &ps->pre[i];

		if (strcmp(w->source_key, key) != 0 ||
		    (sha != NULL && strcmp(w->sha256, sha) != 0))
			continue;
		if (best == NULL || w->v.id > best->v.id)
			best = w;
	}
	if (best == NULL)
		return 0;
	seen_fill(seen, best);
	return 1;
}

int
pg_msg_prefetch(struct store *st, const char *const *keys, size_t n,
    struct dr_err *err)
{
	struct pg_state *ps = state(st, err);
	struct qitem t;
	PGresult *r = NULL;
	size_t i, k;
	char *arr;
	int rc = -1;

	if (ps == NULL)
		return -1;
	if (n == 0 || ps->nasked > 0)
		return 0;
	if ((arr = text_array(keys, n)) == NULL)
		return dr_fail(err, R_NOMEM, "message names");
	memset(&t, 0, sizeof(t));
	t.sql = "SELECT source_key, sha256, id, outcome, coalesce(filed_to, ''),"
	    " size, path, coalesce(reason, '') FROM messages"
	    " WHERE source_key = ANY($1::text[])";
	t.what = "look up messages";
	t.n = 1;
	t.vals[0] = arr;
	if (q_run(st, &t, 1, &r, err) == -1)
		goto done;
	k = r != NULL ? (size_t)PQntuples(r) : 0;
	if ((ps->asked = calloc(n, sizeof(*ps->asked))) == NULL ||
	    (k > 0 && (ps->pre = calloc(k, sizeof(*ps->pre))) == NULL))
		goto nomem;
	for (i = 0; i < n; i++, ps->nasked++)
		if ((ps->asked[i] = strdup(keys[i])) == NULL)
			goto nomem;
	qsort(ps->asked, ps->nasked, sizeof(*ps->asked), cmp_str);
	for (i = 0; i < k; i++, ps->npre++) {
		struct seen_row *w = &ps->pre[i];

		w->source_key = strdup(PQgetvalue(r, (int)i, 0));
		w->sha256 = strdup(PQgetvalue(r, (int)i, 1));
		w->v.path = strdup(PQgetvalue(r, (int)i, 6));
		if (w->source_key == NULL || w->sha256 == NULL || w->v.path == NULL)
			goto nomem;
		w->v.id = strtoll(PQgetvalue(r, (int)i, 2), NULL, 10);
		w->v.size = strtoll(PQgetvalue(r, (int)i, 5), NULL, 10);
		(void)snprintf(w->v.outcome, sizeof(w->v.outcome), "%s",
		    PQgetvalue(r, (int)i, 3));
		(void)snprintf(w->v.filed_to, sizeof(w->v.filed_to), "%s",
		    PQgetvalue(r, (int)i, 4));
		(void)snprintf(w->v.reason, sizeof(w->v.reason), "%s",
		    PQgetvalue(r, (int)i, 7));
	}
	rc = 0;
	goto done;
nomem:
	rc = dr_fail(err, R_NOMEM, "message names");
	seen_clear(ps);
done:
	PQclear(r);
	free(arr);
	return rc;
}

int
pg_msg_seen(struct store *st, const char *source_key, const char *sha256,
    struct store_seen *seen, struct dr_err *err)
{
	struct pg_state *ps;
	size_t i;
	struct qitem t;
	PGresult *r;
	int rc;

	memset(seen, 0, sizeof(*seen));
	if ((ps = state(st, err)) == NULL)
		return -1;
	for (i = ps->ntxn_seen; i-- > 0;) {
		const struct seen_row *w = &ps->txn_seen[i];

		if (strcmp(w->source_key, source_key) != 0 ||
		    (sha256 != NULL && strcmp(w->sha256, sha256) != 0))
			continue;
		seen_fill(seen, w);
		return 1;
	}
	if (ps->nasked > 0 && bsearch(&source_key, ps->asked, ps->nasked,
	    sizeof(*ps->asked), cmp_str) != NULL)
		return pre_seen(ps, source_key, sha256, seen);
	/* No row for the name: none for the name and a content either (the
	 * second question of dmarc-ingest, right after the first). */
	if (sha256 != NULL && ps->nokey != NULL &&
	    strcmp(ps->nokey, source_key) == 0)
		return 0;
	memset(&t, 0, sizeof(t));
	t.sql = sha256 != NULL ? "SELECT id, outcome, coalesce(filed_to, ''), size,"
	    " path, coalesce(reason, '') FROM messages WHERE source_key = $1"
	    " AND sha256 = $2 ORDER BY id DESC LIMIT 1" :
	    "SELECT id, outcome, coalesce(filed_to, ''), size, path,"
	    " coalesce(reason, '') FROM messages WHERE source_key = $1"
	    " ORDER BY id DESC LIMIT 1";
	t.what = "look up message";
	/* planned for each use: a plan made on an empty table would stay */
	t.n = sha256 != NULL ? 2 : 1;
	t.vals[0] = (char *)source_key;
	t.vals[1] = (char *)sha256;
	if (q_run(st, &t, 1, &r, err) == -1)
		return -1;
	rc = r != NULL && PQntuples(r) > 0 ? 1 : 0;
	if (rc == 1) {
		seen->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		(void)snprintf(seen->outcome, sizeof(seen->outcome), "%s",
		    PQgetvalue(r, 0, 1));
		(void)snprintf(seen->filed_to, sizeof(seen->filed_to), "%s",
		    PQgetvalue(r, 0, 2));
		seen->size = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
		(void)snprintf(seen->path, sizeof(seen->path), "%s",
		    PQgetvalue(r, 0, 4));
		(void)snprintf(seen->reason, sizeof(seen->reason), "%s",
		    PQgetvalue(r, 0, 5));
	}
	PQclear(r);
	if (rc == 0 && sha256 == NULL) {
		free(ps->nokey);
		ps->nokey = strdup(source_key);
	}
	return rc;
}

static void
marks_msg(struct pg_state *ps)
{
	int i;

	for (i = 0; i < C__COUNT; i++)
		ps->c[i].mark_msg = ps->c[i].len;
	ps->stored_mark_msg = ps->nstored;
	ps->pairs_mark_msg = ps->npairs;
}

static void
marks_rep(struct pg_state *ps)
{
	int i;

	for (i = 0; i < C__COUNT; i++)
		ps->c[i].mark_rep = ps->c[i].len;
	ps->stored_mark_rep = ps->nstored;
	ps->pairs_mark_rep = ps->npairs;
}

static void
cut_msg(struct pg_state *ps)
{
	int i;

	for (i = 0; i < C__COUNT; i++)
		if (ps->c[i].len > ps->c[i].mark_msg)
			ps->c[i].len = ps->c[i].mark_msg;
	ps->nstored = ps->stored_mark_msg;
	pairs_cut(ps, ps->pairs_mark_msg);
}

static void
cut_rep(struct pg_state *ps)
{
	int i;

	for (i = 0; i < C__COUNT; i++)
		if (ps->c[i].len > ps->c[i].mark_rep)
			ps->c[i].len = ps->c[i].mark_rep;
	ps->nstored = ps->stored_mark_rep;
	pairs_cut(ps, ps->pairs_mark_rep);
}

int
pg_msg_begin(struct store *st, const struct store_msg *m, int64_t *msg_row,
    struct dr_err *err)
{
	struct pg_state *ps = state(st, err);

	if (ps == NULL)
		return -1;
	if (next_id(st, &ps->msg_ids, "messages", msg_row, err) == -1)
		return -1;
	if (!st->msg_sp_off && q_cmd(st, "SAVEPOINT msg", err) == -1)
		return -1;
	marks_msg(ps);
	ps->msg_sent = false;
	st->in_msg = 1;
	st->cur_msg = *m;
	st->msg_row = *msg_row;
	return 0;
}

/* A failure that a replay of the batch can get past (a deadlock between
 * hosts) becomes R_REPLAY. */
static int
retry_or_fail(struct store *st, struct dr_err *err)
{
	if (pg_failed_retry(st)) {
		dr_err_clear(err);
		st->need_replay = 1;
		return dr_fail(err, R_REPLAY, "deadlock with another ingest");
	}
	return -1;
}

/* Remembers the message's row for pg_msg_seen (until COMMIT). */
static int
seen_note(struct store *st, enum dr_outcome outcome, enum dr_reason reason,
    const char *filed_to, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	const struct store_msg *m = &st->cur_msg;
	struct seen_row *w;

	if (ps->ntxn_seen == ps->captxn_seen) {
		size_t n = ps->captxn_seen ? ps->captxn_seen * 2 : 256;

		if ((w = realloc(ps->txn_seen, n * sizeof(*w))) == NULL)
			return dr_fail(err, R_NOMEM, "message rows");
		ps->txn_seen = w;
		ps->captxn_seen = n;
	}
	w = &ps->txn_seen[ps->ntxn_seen];
	memset(w, 0, sizeof(*w));
	w->source_key = strdup(m->source_key);
	w->sha256 = strdup(m->sha256);
	w->v.path = strdup(m->path);
	if (w->source_key == NULL || w->sha256 == NULL || w->v.path == NULL) {
		free(w->source_key);
		free(w->sha256);
		free(w->v.path);
		return dr_fail(err, R_NOMEM, "message rows");
	}
	w->v.id = st->msg_row;
	w->v.size = m->size;
	(void)snprintf(w->v.outcome, sizeof(w->v.outcome), "%s",
	    dr_outcome_name(outcome));
	(void)snprintf(w->v.filed_to, sizeof(w->v.filed_to), "%s",
	    filed_to != NULL ? filed_to : "");
	(void)snprintf(w->v.reason, sizeof(w->v.reason), "%s",
	    reason == R_NONE ? "" : dr_reason_id(reason));
	ps->ntxn_seen++;
	return 0;
}

int
pg_msg_end(struct store *st, int64_t *msg_row, bool keep, enum dr_outcome outcome,
    enum dr_reason reason, const char *detail, int reports, const char *filed_to,
    struct dr_err *err)
{
	const struct store_msg *m = &st->cur_msg;
	struct pg_state *ps = st->pgs;
	struct cbuf *b;

	if (!st->in_msg || ps == NULL)
		return dr_fail(err, R_INTERNAL, "store_msg_end without begin");
	if (st->in_report)
		pg_report_abort(st);
	/* Without a savepoint a message is undone alone when nothing of it
	 * left the buffers (the usual rejection); else the batch replays. */
	if (st->need_replay || (!keep && st->msg_sp_off && ps->msg_sent))
		return STORE_NEED_SAVEPOINT;
	if (!keep) {
		cut_msg(ps);
		if (!st->msg_sp_off && q_cmd(st, "ROLLBACK TO msg", err) == -1)
			return -1;
	}
	*msg_row = st->msg_row;
	b = &ps->c[C_MESSAGES];
	if (cb_int(b, st->msg_row, false, false) == -1 ||
	    cb_text(st, b, m->source_key, false) == -1 ||
	    cb_text(st, b, m->path, false) == -1 ||
	    cb_text(st, b, m->sha256, false) == -1 ||
	    cb_int(b, m->size, false, false) == -1 ||
	    cb_text(st, b, m->message_id, false) == -1 ||
	    cb_text(st, b, m->subject, false) == -1 ||
	    cb_text(st, b, dr_outcome_name(outcome), false) == -1 ||
	    cb_text(st, b, reason == R_NONE ? NULL : dr_reason_id(reason), false) == -1 ||
	    cb_text(st, b, detail != NULL && *detail != '\0' ? detail : NULL,
	    false) == -1 ||
	    cb_int(b, reports, false, false) == -1 ||
	    cb_text(st, b, filed_to, false) == -1 ||
	    cb_int(b, put_now(), false, true) == -1)
		return dr_fail(err, R_NOMEM, "message row");
	if (!st->msg_sp_off && q_cmd(st, "RELEASE msg", err) == -1)
		return -1;
	if (seen_note(st, outcome, reason, filed_to, err) == -1)
		return -1;
	st->in_msg = 0;
	return maybe_flush(st, err);
}

int
pg_msg_discard(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;

	if (!st->in_msg || ps == NULL)
		return dr_fail(err, R_INTERNAL, "msg_discard without begin");
	if (st->in_report)
		pg_report_abort(st);
	if (st->need_replay || (st->msg_sp_off && ps->msg_sent))
		return STORE_NEED_SAVEPOINT;
	cut_msg(ps);
	if (!st->msg_sp_off && (q_cmd(st, "ROLLBACK TO msg", err) == -1 ||
	    q_cmd(st, "RELEASE msg", err) == -1))
		return -1;
	st->in_msg = 0;
	return 0;
}

/* --- reports ----------------------------------------------------------- */

/* Text of an integer in a caller's buffer. */
static const char *
num(char *buf, int64_t v)
{
	(void)snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

/*
 * Inserts the report row under st->report_row unless its identity is
 * taken, in one statement: *found is 0 when the row is ours, else the id
 * of the row that holds the identity (its digest in ps->existing_digest).
 * final: the report's values are complete; else the row holds what the
 * report said so far (and placeholders where NOT NULL columns need them)
 * and pg_report_end() writes the rest.
 *
 * When the insert waited for another host's uncommitted row of the same
 * identity, and that host committed, the statement's own snapshot does not
 * see the row: a second statement (a new snapshot) does.
 */
static int
insert_or_find(struct store *st, const struct dmarc_report *rep,
    const char *ident, bool final, int64_t *found, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct qitem t;
	PGresult *r = NULL;
	char b[8][24];
	const char *rid = store_identity_rid(ident),
	    *dom = store_identity_domain(ident);
	int rc = 0;

	memset(&t, 0, sizeof(t));
	t.sql = "WITH p AS (SELECT id, digest FROM pruned_reports"
	    " WHERE org_key = $3 AND report_id = $4 AND policy_domain = $12),"
	    " ins AS (INSERT INTO reports(id, org_name, org_key,"
	    " report_id, email, extra_contact, generator, version, schema,"
	    " date_begin, date_end, policy_domain, p, sp, np, adkim, aspf, pct,"
	    " fo, testing, discovery, record_count, message_count, digest,"
	    " message, ingested_at)"
	    " SELECT $1::bigint, $2::text, $3::text, $4::text, $5::text,"
	    " $6::text, $7::text, $8::text, $9::text, $10::bigint, $11::bigint,"
	    " $12::text, $13::text, $14::text, $15::text, $16::text, $17::text,"
	    " $18::integer, $19::text, $20::text, $21::text, $22::bigint,"
	    " $23::bigint, $24::text, $25::bigint, $26::bigint"
	    " WHERE NOT EXISTS (SELECT 1 FROM p)"
	    " ON CONFLICT (org_key, report_id, policy_domain) DO NOTHING"
	    " RETURNING id)"
	    " SELECT id, NULL::text, false FROM ins UNION ALL"
	    " SELECT id, digest, false FROM reports WHERE org_key = $3"
	    " AND report_id = $4 AND policy_domain = $12"
	    " AND NOT EXISTS (SELECT 1 FROM ins) AND NOT EXISTS (SELECT 1 FROM p)"
	    " UNION ALL SELECT id, digest, true FROM p";
	t.what = "store report";
	t.prep = P_REP_INS;
	t.n = 26;
	t.vals[0] = (char *)num(b[0], st->report_row);
	t.vals[1] = (char *)rep->org_name;
	t.vals[2] = (char *)ident;
	t.vals[3] = (char *)rid;
	t.vals[4] = (char *)rep->email;
	t.vals[5] = (char *)rep->extra_contact;
	t.vals[6] = (char *)rep->generator;
	t.vals[7] = (char *)rep->version;
	t.vals[8] = (char *)(rep->schema != NULL ? rep->schema : "");
	t.vals[9] = (char *)num(b[1], rep->date_begin);
	t.vals[10] = (char *)num(b[2], rep->date_end < rep->date_begin ?
	    rep->date_begin : rep->date_end);
	t.vals[11] = (char *)dom;
	t.vals[12] = (char *)rep->p;
	t.vals[13] = (char *)rep->sp;
	t.vals[14] = (char *)rep->np;
	t.vals[15] = (char *)rep->adkim;
	t.vals[16] = (char *)rep->aspf;
	t.vals[17] = rep->pct >= 0 ? (char *)num(b[3], rep->pct) : NULL;
	t.vals[18] = (char *)rep->fo;
	t.vals[19] = (char *)rep->testing;
	t.vals[20] = (char *)rep->discovery;
	t.vals[21] = (char *)num(b[4], final ? rep->record_count : 0);
	t.vals[22] = (char *)num(b[5], final ? rep->message_count : 0);
	t.vals[23] = (char *)(final ? rep->digest : "");
	t.vals[24] = (char *)num(b[6], st->report_msg);
	t.vals[25] = (char *)num(b[7], put_now());
	*found = 0;
	ps->existing_pruned = false;
	if (q_run(st, &t, 1, &r, err) == -1)
		return retry_or_fail(st, err);
	st->pgs->msg_sent = true;
	if (r == NULL || PQntuples(r) == 0) {
		PQclear(r);
		memset(&t, 0, sizeof(t));
		t.sql = "SELECT id, digest, false FROM reports WHERE org_key = $1"
		    " AND report_id = $2 AND policy_domain = $3 UNION ALL"
		    " SELECT id, digest, true FROM pruned_reports WHERE"
		    " org_key = $1 AND report_id = $2 AND policy_domain = $3";
		t.what = "find report";
		t.prep = P_REP_FIND;
		t.n = 3;
		t.vals[0] = (char *)ident;
		t.vals[1] = (char *)rid;
		t.vals[2] = (char *)dom;
		if (q_run(st, &t, 1, &r, err) == -1)
			return retry_or_fail(st, err);
		if (r == NULL || PQntuples(r) != 1) {
			PQclear(r);
			return dr_fail(err, R_DB, "store report: neither inserted"
			    " nor found");
		}
	}
	if (!PQgetisnull(r, 0, 1)) {
		*found = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		(void)snprintf(ps->existing_digest, sizeof(ps->existing_digest),
		    "%s", PQgetvalue(r, 0, 1));
		ps->existing_pruned = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
	}
	PQclear(r);
	return rc;
}

static void
rep_forget(struct pg_state *ps)
{
	free(ps->rep_org);
	free(ps->rep_schema);
	ps->rep_org = ps->rep_schema = NULL;
}

/*
 * The row of a report whose identity is known, inserted before its
 * records leave the buffers (a big report): from then on a concurrent
 * copy waits for this one.  A re-send learns here that it is one: its
 * buffered records are dropped and the rest only counted.
 */
static int
row_early(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct dmarc_report r;

	memset(&r, 0, sizeof(r));
	r.org_name = ps->rep_org;
	r.schema = ps->rep_schema;
	r.date_begin = ps->rep_begin;
	r.date_end = ps->rep_end;
	r.pct = -1;
	if (insert_or_find(st, &r, st->begin_key, false, &st->existing,
	    err) == -1)
		return -1;
	if (st->existing != 0)
		cut_rep(ps);	/* nothing of it was sent */
	else
		ps->rep_inserted = ps->rep_sent = true;
	return 0;
}

int
pg_report_begin(struct store *st, int64_t msg_row,
    const struct dmarc_report *partial, struct dr_err *err)
{
	struct pg_state *ps = state(st, err);

	if (ps == NULL)
		return -1;
	if (st->in_report)
		return dr_fail(err, R_INTERNAL, "nested report");
	st->rep_sp = !st->msg_sp_off;
	if (st->rep_sp && q_cmd(st, "SAVEPOINT rep", err) == -1)
		return -1;
	marks_rep(ps);
	ps->rep_sent = ps->rep_inserted = false;
	ps->existing_pruned = false;
	ps->rep_rec_bytes = 0;
	store_sel_clear(st);
	rep_forget(ps);
	st->in_report = 1;
	st->nrecords = 0;
	free(st->begin_key);
	st->begin_key = NULL;
	st->existing = 0;
	st->report_row = 0;
	st->report_msg = msg_row;
	st->begin_key = store_identity(partial);
	if (st->begin_key != NULL) {
		ps->rep_org = strdup(partial->org_name);
		ps->rep_schema = partial->schema != NULL ?
		    strdup(partial->schema) : NULL;
		ps->rep_begin = partial->date_begin;
		ps->rep_end = partial->date_end;
		if (ps->rep_org == NULL || (partial->schema != NULL &&
		    ps->rep_schema == NULL)) {
			dr_fail(err, R_NOMEM, "report");
			goto fail;
		}
	}
	if (next_id(st, &ps->rep_ids, "reports", &st->report_row, err) == -1)
		goto fail;
	return 0;
fail:
	pg_report_abort(st);
	return -1;
}

/*
 * Undoes the report: rows still in the buffers are cut; what reached the
 * server goes with the savepoint, or, without one, makes the batch replay
 * (as SQLite's).
 */
void
pg_report_abort(struct store *st)
{
	struct pg_state *ps = st->pgs;
	struct dr_err e = DR_ERR_INIT;

	if (!st->in_report)
		return;
	cut_rep(ps);
	if (st->rep_sp) {
		(void)q_cmd(st, "ROLLBACK TO rep", &e);
		(void)q_cmd(st, "RELEASE rep", &e);
	} else if (ps->rep_sent && st->existing == 0)
		st->need_replay = 1;
	rep_forget(ps);
	store_sel_clear(st);
	st->in_report = 0;
}

/*
 * The report's (DKIM domain, selector) pairs for report_selectors, as
 * put.c keeps them: a short list of the distinct pairs, written when it
 * is full and at the report's end, one statement each (arrays), queued
 * with the report's other statements.
 */
static int
sel_flush(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct sel_pair *p;
	size_t i;

	for (i = 0; i < st->nsel; i++) {
		if (ps->npairs == ps->cappairs) {
			size_t n = ps->cappairs ? ps->cappairs * 2 : 256;

			if ((p = realloc(ps->pairs, n * sizeof(*p))) == NULL)
				return dr_fail(err, R_NOMEM, "selectors");
			ps->pairs = p;
			ps->cappairs = n;
		}
		p = &ps->pairs[ps->npairs];
		p->domain = strdup(st->sel[i]);
		p->selector = strdup(st->sel[i] + strlen(st->sel[i]) + 1);
		p->report = st->report_row;
		if (p->domain == NULL || p->selector == NULL) {
			free(p->domain);
			free(p->selector);
			return dr_fail(err, R_NOMEM, "selectors");
		}
		ps->npairs++;
	}
	store_sel_clear(st);
	return 0;
}

/*
 * A big report's rows go in chunks as they are parsed: each table's
 * buffer as one COPY when it holds PG_CHUNK_BYTES, queued behind the one
 * in flight (pipe_push: the server inserts it while the parser reads
 * on).  What was queued (a savepoint) goes first.
 */
static const enum copy_table chunked[] = { C_RECORDS, C_REASONS, C_DKIM,
    C_SPF };
#define N_CHUNKED	(sizeof(chunked) / sizeof(chunked[0]))

/* Whether one of a record's tables holds a chunk. */
static bool
chunk_due(const struct pg_state *ps)
{
	size_t i;

	for (i = 0; i < N_CHUNKED; i++)
		if (ps->c[chunked[i]].len >= PG_CHUNK_BYTES)
			return true;
	return false;
}

static int
chunks_send(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	size_t i;

	if (q_run(st, NULL, 0, NULL, err) == -1)
		return -1;
	for (i = 0; i < N_CHUNKED; i++)
		if (ps->c[chunked[i]].len >= PG_CHUNK_BYTES &&
		    pipe_push(st, chunked[i], err) == -1)
			return -1;
	ps->rep_sent = ps->msg_sent = true;
	return 0;
}

int
pg_report_record(struct store *st, const struct dmarc_record *rec,
    struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct cbuf *b;
	int64_t id;
	size_t i;

	if (!st->in_report)
		return dr_fail(err, R_INTERNAL, "record outside a report");
	st->nrecords++;
	if (st->existing != 0)
		return 0;
	if (next_id(st, &ps->rec_ids, "records", &id, err) == -1)
		return -1;
	b = &ps->c[C_RECORDS];
	ps->rep_rec_bytes -= b->len;
	if (cb_int(b, id, false, false) == -1 ||
	    cb_int(b, st->report_row, false, false) == -1 ||
	    cb_text(st, b, rec->source_ip, false) == -1 ||
	    cb_int(b, rec->ip_version, false, false) == -1 ||
	    cb_int(b, rec->count, false, false) == -1 ||
	    cb_text(st, b, rec->disposition, false) == -1 ||
	    cb_text(st, b, rec->disposition_raw, false) == -1 ||
	    cb_text(st, b, rec->dkim_eval, false) == -1 ||
	    cb_text(st, b, rec->spf_eval, false) == -1 ||
	    cb_int(b, rec->eval_derived ? 1 : 0, false, false) == -1 ||
	    cb_text(st, b, rec->header_from, false) == -1 ||
	    cb_text(st, b, rec->envelope_from, false) == -1 ||
	    cb_text(st, b, rec->envelope_to, false) == -1 ||
	    cb_text(st, b, rec->dkim_eval_raw, false) == -1 ||
	    cb_text(st, b, rec->spf_eval_raw, true) == -1)
		return dr_fail(err, R_NOMEM, "record");
	ps->rep_rec_bytes += b->len;
	for (i = 0; i < rec->n_reasons; i++) {
		b = &ps->c[C_REASONS];
		if (cb_int(b, id, false, false) == -1 ||
		    cb_int(b, (int64_t)i, false, false) == -1 ||
		    cb_text(st, b, rec->reasons[i].type, false) == -1 ||
		    cb_text(st, b, rec->reasons[i].type_raw, false) == -1 ||
		    cb_text(st, b, rec->reasons[i].comment, true) == -1)
			return dr_fail(err, R_NOMEM, "record");
	}
	for (i = 0; i < rec->n_dkim; i++) {
		b = &ps->c[C_DKIM];
		if (cb_int(b, id, false, false) == -1 ||
		    cb_int(b, (int64_t)i, false, false) == -1 ||
		    cb_text(st, b, rec->dkim[i].domain, false) == -1 ||
		    cb_text(st, b, rec->dkim[i].selector, false) == -1 ||
		    cb_text(st, b, rec->dkim[i].result, false) == -1 ||
		    cb_text(st, b, rec->dkim[i].result_raw, false) == -1 ||
		    cb_text(st, b, rec->dkim[i].human_result, true) == -1)
			return dr_fail(err, R_NOMEM, "record");
		if (store_sel_note(st, rec->dkim[i].domain, rec->dkim[i].selector,
		    sel_flush, err) == -1)
			return -1;
	}
	for (i = 0; i < rec->n_spf; i++) {
		b = &ps->c[C_SPF];
		if (cb_int(b, id, false, false) == -1 ||
		    cb_int(b, (int64_t)i, false, false) == -1 ||
		    cb_text(st, b, rec->spf[i].domain, false) == -1 ||
		    cb_text(st, b, rec->spf[i].scope, false) == -1 ||
		    cb_text(st, b, rec->spf[i].result, false) == -1 ||
		    cb_text(st, b, rec->spf[i].result_raw, false) == -1 ||
		    cb_text(st, b, rec->spf[i].human_result, true) == -1)
			return dr_fail(err, R_NOMEM, "record");
	}
	if (ps->rep_rec_bytes >= PG_STREAM_BYTES && chunk_due(ps)) {
		if (st->begin_key != NULL && !ps->rep_inserted) {
			if (row_early(st, err) == -1)
				return -1;
			if (st->existing != 0)
				return 0;	/* a re-send: its records were dropped */
		}
		if (chunks_send(st, err) == -1)
			return retry_or_fail(st, err);
	} else if (ps->inflight && ++ps->poll_in >= PG_PIPE_POLL) {
		ps->poll_in = 0;
		if (pipe_pump(st, false, err) == -1)
			return retry_or_fail(st, err);
	}
	if (buffered(ps) < PG_FLUSH_BYTES)
		return 0;
	if (st->begin_key != NULL && !ps->rep_inserted) {
		if (row_early(st, err) == -1)
			return -1;
		if (st->existing != 0)
			return 0;	/* a re-send: its records were dropped */
	}
	ps->rep_sent = true;
	if (pg_put_flush(st, err) == -1)
		return retry_or_fail(st, err);
	return 0;
}

static int
stored_add(struct pg_state *ps, int64_t id, struct dr_err *err)
{
	int64_t *p;

	if (ps->nstored == ps->capstored) {
		size_t n = ps->capstored ? ps->capstored * 2 : 256;

		if ((p = realloc(ps->stored, n * sizeof(*p))) == NULL)
			return dr_fail(err, R_NOMEM, "report ids");
		ps->stored = p;
		ps->capstored = n;
	}
	ps->stored[ps->nstored++] = id;
	return 0;
}

/* The final values of a row inserted at begin (its identity known then). */
static int
report_update(struct store *st, const struct dmarc_report *rep,
    struct dr_err *err)
{
	static const char *const sql = "UPDATE reports SET org_name = $2,"
	    " email = $3, extra_contact = $4, generator = $5, version = $6,"
	    " schema = $7, date_begin = $8, date_end = $9, p = $10, sp = $11,"
	    " np = $12, adkim = $13, aspf = $14, pct = $15, fo = $16,"
	    " testing = $17, discovery = $18, record_count = $19,"
	    " message_count = $20, digest = $21 WHERE id = $1";
	char b[6][24];
	const char *v[21];

	v[0] = num(b[0], st->report_row);
	v[1] = rep->org_name;
	v[2] = rep->email;
	v[3] = rep->extra_contact;
	v[4] = rep->generator;
	v[5] = rep->version;
	v[6] = rep->schema != NULL ? rep->schema : "";
	v[7] = num(b[1], rep->date_begin);
	v[8] = num(b[2], rep->date_end);
	v[9] = rep->p;
	v[10] = rep->sp;
	v[11] = rep->np;
	v[12] = rep->adkim;
	v[13] = rep->aspf;
	v[14] = rep->pct >= 0 ? num(b[3], rep->pct) : NULL;
	v[15] = rep->fo;
	v[16] = rep->testing;
	v[17] = rep->discovery;
	v[18] = num(b[4], rep->record_count);
	v[19] = num(b[5], rep->message_count);
	v[20] = rep->digest;
	return q_add(st, sql, P_REP_UPD, "store report", 21, v, NULL, err);
}

static int
report_errors(struct store *st, const struct dmarc_report *rep,
    struct dr_err *err)
{
	struct cbuf *b = &st->pgs->c[C_ERRORS];
	size_t i;

	for (i = 0; i < rep->n_errors; i++)
		if (cb_int(b, st->report_row, false, false) == -1 ||
		    cb_int(b, (int64_t)i, false, false) == -1 ||
		    cb_text(st, b, rep->errors[i], true) == -1)
			return dr_fail(err, R_NOMEM, "report error");
	return 0;
}

int
pg_report_end(struct store *st, const struct dmarc_report *rep,
    enum store_outcome *outcome, int64_t *report_row, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	struct cbuf *b;
	char *ident = NULL;
	int64_t found = st->existing;

	if (!st->in_report || ps == NULL)
		return dr_fail(err, R_INTERNAL, "report end without begin");
	if ((ident = store_identity(rep)) == NULL) {
		dr_fail(err, R_MISSING_FIELD, "report without org_name,"
		    " report_id or policy_published/domain");
		goto fail;
	}
	if (st->begin_key != NULL && !store_identity_eq(ident, st->begin_key)) {
		dr_fail(err, R_INTERNAL, "report identity changed while parsing");
		goto fail;
	}
	/* The row, with everything, unless it went in early. */
	if (found == 0 && !ps->rep_inserted &&
	    insert_or_find(st, rep, ident, true, &found, err) == -1)
		goto fail;
	if (found != 0) {
		pg_report_abort(st);
		free(ident);
		if (st->need_replay)
			return dr_fail(err, R_REPLAY, "a duplicate whose identity came"
			    " after its records");
		/* A pruned report has no row left to point to (as put.c):
		 * the log row keeps org_name and report_id, and a conflict
		 * with it is the message's outcome alone. */
		*report_row = ps->existing_pruned ? 0 : found;
		if (strcmp(ps->existing_digest, rep->digest) == 0) {
			*outcome = STORE_DUPLICATE;
			return 0;
		}
		*outcome = STORE_CONFLICT;
		if (ps->existing_pruned)
			return 0;
		b = &ps->c[C_CONFLICTS];
		if (cb_int(b, found, false, false) == -1 ||
		    cb_text(st, b, rep->digest, false) == -1 ||
		    cb_int(b, st->msg_row, !st->in_msg, false) == -1 ||
		    cb_int(b, put_now(), false, true) == -1)
			return dr_fail(err, R_NOMEM, "conflict");
		return 0;
	}
	if (ps->rep_inserted && report_update(st, rep, err) == -1)
		goto fail;
	if (report_errors(st, rep, err) == -1 ||
	    sel_flush(st, err) == -1 ||
	    stored_add(ps, st->report_row, err) == -1)
		goto fail;
	if (st->rep_sp && q_cmd(st, "RELEASE rep", err) == -1)
		goto fail;
	rep_forget(ps);
	st->in_report = 0;
	*outcome = STORE_STORED;
	*report_row = st->report_row;
	free(ident);
	return 0;
fail:
	free(ident);
	pg_report_abort(st);
	return -1;
}

int
pg_log(struct store *st, int64_t msg_row, const char *part, enum dr_outcome outcome,
    enum dr_reason reason, const char *detail, const char *org_name,
    const char *report_id, int64_t report_row, struct dr_err *err)
{
	struct pg_state *ps = state(st, err);
	struct cbuf *b;

	if (ps == NULL)
		return -1;
	b = &ps->c[C_LOG];
	if (cb_int(b, msg_row, false, false) == -1 ||
	    cb_text(st, b, part, false) == -1 ||
	    cb_text(st, b, dr_outcome_name(outcome), false) == -1 ||
	    cb_text(st, b, reason == R_NONE ? NULL : dr_reason_id(reason), false) == -1 ||
	    cb_text(st, b, detail != NULL && *detail != '\0' ? detail : NULL,
	    false) == -1 ||
	    cb_text(st, b, org_name, false) == -1 ||
	    cb_text(st, b, report_id, false) == -1 ||
	    cb_int(b, report_row, report_row <= 0, true) == -1)
		return dr_fail(err, R_NOMEM, "log row");
	return 0;
}
