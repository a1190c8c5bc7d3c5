/*
 * store/pg_copy.c -- the PostgreSQL write path's COPY: each table's rows
 * buffered in COPY's text format, a buffer sent as one COPY whose result
 * is read later, and a big report's chunks queued behind the COPY in
 * flight.  What goes into the buffers, and when, is the rest of the write
 * path's (store/pg_put.c, pg_msg.c, pg_report.c).
 *
 * Design rationale (the write path's is in store/pg_put.c):
 *  - Rows go to the server with COPY, buffered per table in text format
 *    and sent when the buffers pass PG_FLUSH_BYTES or at COMMIT; a big
 *    report's (beyond PG_STREAM_BYTES) each time one table's buffer holds
 *    PG_CHUNK_BYTES.  A COPY's result is read only when the connection is
 *    next needed (pg_copy_send), so that the server inserts one chunk
 *    while the parser reads the next; a big report's full chunks queue
 *    behind the COPY in flight (pipe_push, up to PG_PIPE_MAX), so that
 *    the parser runs ahead instead of waiting for each.
 */
#include <stdlib.h>
#include <string.h>

#include "store/pg_put.h"

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

/* Queued chunks never sent are dropped (their buffers kept as spares);
 * a COPY in flight is still read by pg_drain_active. */
void
pg_copy_discard(struct pg_state *ps)
{
	while (ps->npipe > 0) {
		struct pchunk *c = &ps->pipe[--ps->npipe];

		if (ps->nspare < PG_PIPE_MAX)
			ps->spare[ps->nspare++] = *c;
		else
			free(c->data);
	}
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
int
pg_copy_text(struct store *st, struct cbuf *b, const char *v, bool last)
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
int
pg_copy_int(struct cbuf *b, int64_t v, bool null, bool last)
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
 * that one done (pg_copy_pump, every PG_PIPE_POLL records), so the parser
 * runs ahead while the server is busy or off its CPU, instead of waiting
 * for each chunk before it queues the next.  Anything else that needs the
 * connection first sends and waits for the whole queue, in order.
 */
static int copy_wait(struct store *st, struct dr_err *err);

static void
pipe_stop(struct store *st)
{
	st->pg_copy_end = NULL;
	pg_copy_discard(st->pgs);
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
int
pg_copy_pump(struct store *st, bool block, struct dr_err *err)
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
	if (ps->npipe == PG_PIPE_MAX && pg_copy_pump(st, true, err) == -1)
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
	return pg_copy_pump(st, false, err);
}

int
pg_copy_send(struct store *st, enum copy_table t, struct dr_err *err)
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

/*
 * Around a round trip that need not wait for the queued chunks (a block
 * of ids, pg_put_next_id): the COPY in flight is waited for, the queue
 * stays (hold); then the queue is again what the connection's next user
 * waits for (resume).
 */
int
pg_copy_hold(struct store *st, struct dr_err *err)
{
	if (st->pgs->inflight && copy_wait1(st, err) == -1) {
		pipe_stop(st);
		return -1;
	}
	st->pg_copy_end = NULL;
	return 0;
}

void
pg_copy_resume(struct store *st)
{
	st->pg_copy_end = copy_wait;
}

size_t
pg_copy_buffered(const struct pg_state *ps)
{
	size_t total = 0;
	int i;

	for (i = 0; i < C__COUNT; i++)
		total += ps->c[i].len;
	return total;
}

/*
 * A big report's rows go in chunks as they are parsed: each table's
 * buffer as one COPY when it holds PG_CHUNK_BYTES, queued behind the one
 * in flight (pipe_push: the server inserts it while the parser reads
 * on).
 */
static const enum copy_table chunked[] = { C_RECORDS, C_REASONS, C_DKIM,
    C_SPF };
#define N_CHUNKED	(sizeof(chunked) / sizeof(chunked[0]))

/* Whether one of a record's tables holds a chunk. */
bool
pg_copy_chunk_due(const struct pg_state *ps)
{
	size_t i;

	for (i = 0; i < N_CHUNKED; i++)
		if (ps->c[chunked[i]].len >= PG_CHUNK_BYTES)
			return true;
	return false;
}

/* The record tables' buffers that hold a chunk join the queue. */
int
pg_copy_chunks(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;
	size_t i;

	for (i = 0; i < N_CHUNKED; i++)
		if (ps->c[chunked[i]].len >= PG_CHUNK_BYTES &&
		    pipe_push(st, chunked[i], err) == -1)
			return -1;
	return 0;
}
