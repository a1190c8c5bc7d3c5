/*
 * store/pg_msg.c -- the PostgreSQL write path's messages: whether one was
 * seen before (this transaction's rows, the prefetched ones, the
 * server's), its row and its savepoint, the ingest log.  Their rows go
 * into the COPY buffers (store/pg_copy.c); the transaction is
 * store/pg_put.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_put.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
	struct pg_state *ps = pg_put_state(st, err);
	struct qitem t;
	PGresult *r = NULL;
	size_t i, k;
	char *arr;
	int rc = -1;

	if (ps == NULL)
		return -1;
	if (n == 0 || ps->nasked > 0)
		return 0;
	if ((arr = pg_put_text_array(keys, n)) == NULL)
		return dr_fail(err, R_NOMEM, "message names");
	memset(&t, 0, sizeof(t));
	t.sql = "SELECT source_key, sha256, id, outcome, coalesce(filed_to, ''),"
	    " size, path, coalesce(reason, '') FROM messages"
	    " WHERE source_key = ANY($1::text[])";
	t.what = "look up messages";
	t.n = 1;
	t.vals[0] = arr;
	if (pg_put_q_run(st, &t, 1, &r, err) == -1)
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
	pg_put_seen_clear(ps);
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
	if ((ps = pg_put_state(st, err)) == NULL)
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
	if (pg_put_q_run(st, &t, 1, &r, err) == -1)
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
cut_msg(struct pg_state *ps)
{
	int i;

	for (i = 0; i < C__COUNT; i++)
		if (ps->c[i].len > ps->c[i].mark_msg)
			ps->c[i].len = ps->c[i].mark_msg;
	ps->nstored = ps->stored_mark_msg;
	pg_put_pairs_cut(ps, ps->pairs_mark_msg);
}

int
pg_msg_begin(struct store *st, const struct store_msg *m, int64_t *msg_row,
    struct dr_err *err)
{
	struct pg_state *ps = pg_put_state(st, err);

	if (ps == NULL)
		return -1;
	if (pg_put_next_id(st, &ps->msg_ids, "messages", msg_row, err) == -1)
		return -1;
	if (!st->msg_sp_off && pg_put_q_cmd(st, "SAVEPOINT msg", err) == -1)
		return -1;
	marks_msg(ps);
	ps->msg_sent = false;
	st->in_msg = 1;
	st->cur_msg = *m;
	st->msg_row = *msg_row;
	return 0;
}

static int
maybe_flush(struct store *st, struct dr_err *err)
{
	return pg_copy_buffered(st->pgs) >= PG_FLUSH_BYTES ?
	    pg_put_flush(st, err) : 0;
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
		if (!st->msg_sp_off &&
		    pg_put_q_cmd(st, "ROLLBACK TO msg", err) == -1)
			return -1;
	}
	*msg_row = st->msg_row;
	b = &ps->c[C_MESSAGES];
	if (pg_copy_int(b, st->msg_row, false, false) == -1 ||
	    pg_copy_text(st, b, m->source_key, false) == -1 ||
	    pg_copy_text(st, b, m->path, false) == -1 ||
	    pg_copy_text(st, b, m->sha256, false) == -1 ||
	    pg_copy_int(b, m->size, false, false) == -1 ||
	    pg_copy_text(st, b, m->message_id, false) == -1 ||
	    pg_copy_text(st, b, m->subject, false) == -1 ||
	    pg_copy_text(st, b, dr_outcome_name(outcome), false) == -1 ||
	    pg_copy_text(st, b, reason == R_NONE ? NULL : dr_reason_id(reason),
	    false) == -1 ||
	    pg_copy_text(st, b, detail != NULL && *detail != '\0' ? detail : NULL,
	    false) == -1 ||
	    pg_copy_int(b, reports, false, false) == -1 ||
	    pg_copy_text(st, b, filed_to, false) == -1 ||
	    pg_copy_int(b, pg_put_now(), false, true) == -1)
		return dr_fail(err, R_NOMEM, "message row");
	if (!st->msg_sp_off && pg_put_q_cmd(st, "RELEASE msg", err) == -1)
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
	if (!st->msg_sp_off &&
	    (pg_put_q_cmd(st, "ROLLBACK TO msg", err) == -1 ||
	    pg_put_q_cmd(st, "RELEASE msg", err) == -1))
		return -1;
	st->in_msg = 0;
	return 0;
}

int
pg_log(struct store *st, int64_t msg_row, const char *part, enum dr_outcome outcome,
    enum dr_reason reason, const char *detail, const char *org_name,
    const char *report_id, int64_t report_row, struct dr_err *err)
{
	struct pg_state *ps = pg_put_state(st, err);
	struct cbuf *b;

	if (ps == NULL)
		return -1;
	b = &ps->c[C_LOG];
	if (pg_copy_int(b, msg_row, false, false) == -1 ||
	    pg_copy_text(st, b, part, false) == -1 ||
	    pg_copy_text(st, b, dr_outcome_name(outcome), false) == -1 ||
	    pg_copy_text(st, b, reason == R_NONE ? NULL : dr_reason_id(reason),
	    false) == -1 ||
	    pg_copy_text(st, b, detail != NULL && *detail != '\0' ? detail : NULL,
	    false) == -1 ||
	    pg_copy_text(st, b, org_name, false) == -1 ||
	    pg_copy_text(st, b, report_id, false) == -1 ||
	    pg_copy_int(b, report_row, report_row <= 0, true) == -1)
		return dr_fail(err, R_NOMEM, "log row");
	return 0;
}
