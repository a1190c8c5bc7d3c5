/*
 * store/pg_report.c -- the PostgreSQL write path's reports: the report
 * row, inserted or found by its identity (a duplicate, a conflict), its
 * records and their results into the COPY buffers (store/pg_copy.c), a
 * big report's chunks, its savepoint.  The transaction is
 * store/pg_put.c's.
 *
 * Design rationale (the write path's is in store/pg_put.c):
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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_put.h"

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
cut_rep(struct pg_state *ps)
{
	int i;

	for (i = 0; i < C__COUNT; i++)
		if (ps->c[i].len > ps->c[i].mark_rep)
			ps->c[i].len = ps->c[i].mark_rep;
	ps->nstored = ps->stored_mark_rep;
	pg_put_pairs_cut(ps, ps->pairs_mark_rep);
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
	t.vals[0] = (char *)pg_put_num(b[0], st->report_row);
	t.vals[1] = (char *)rep->org_name;
	t.vals[2] = (char *)ident;
	t.vals[3] = (char *)rid;
	t.vals[4] = (char *)rep->email;
	t.vals[5] = (char *)rep->extra_contact;
	t.vals[6] = (char *)rep->generator;
	t.vals[7] = (char *)rep->version;
	t.vals[8] = (char *)(rep->schema != NULL ? rep->schema : "");
	t.vals[9] = (char *)pg_put_num(b[1], rep->date_begin);
	t.vals[10] = (char *)pg_put_num(b[2], rep->date_end < rep->date_begin ?
	    rep->date_begin : rep->date_end);
	t.vals[11] = (char *)dom;
	t.vals[12] = (char *)rep->p;
	t.vals[13] = (char *)rep->sp;
	t.vals[14] = (char *)rep->np;
	t.vals[15] = (char *)rep->adkim;
	t.vals[16] = (char *)rep->aspf;
	t.vals[17] = rep->pct >= 0 ? (char *)pg_put_num(b[3], rep->pct) : NULL;
	t.vals[18] = (char *)rep->fo;
	t.vals[19] = (char *)rep->testing;
	t.vals[20] = (char *)rep->discovery;
	t.vals[21] = (char *)pg_put_num(b[4], final ? rep->record_count : 0);
	t.vals[22] = (char *)pg_put_num(b[5], final ? rep->message_count : 0);
	t.vals[23] = (char *)(final ? rep->digest : "");
	t.vals[24] = (char *)pg_put_num(b[6], st->report_msg);
	t.vals[25] = (char *)pg_put_num(b[7], pg_put_now());
	*found = 0;
	ps->existing_pruned = false;
	if (pg_put_q_run(st, &t, 1, &r, err) == -1)
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
		if (pg_put_q_run(st, &t, 1, &r, err) == -1)
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
	struct pg_state *ps = pg_put_state(st, err);

	if (ps == NULL)
		return -1;
	if (st->in_report)
		return dr_fail(err, R_INTERNAL, "nested report");
	st->rep_sp = !st->msg_sp_off;
	if (st->rep_sp && pg_put_q_cmd(st, "SAVEPOINT rep", err) == -1)
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
	if (pg_put_next_id(st, &ps->rep_ids, "reports", &st->report_row,
	    err) == -1)
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
		(void)pg_put_q_cmd(st, "ROLLBACK TO rep", &e);
		(void)pg_put_q_cmd(st, "RELEASE rep", &e);
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

/* What was queued (a savepoint) goes first, then the chunks. */
static int
chunks_send(struct store *st, struct dr_err *err)
{
	struct pg_state *ps = st->pgs;

	if (pg_put_q_run(st, NULL, 0, NULL, err) == -1)
		return -1;
	if (pg_copy_chunks(st, err) == -1)
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
	if (pg_put_next_id(st, &ps->rec_ids, "records", &id, err) == -1)
		return -1;
	b = &ps->c[C_RECORDS];
	ps->rep_rec_bytes -= b->len;
	if (pg_copy_int(b, id, false, false) == -1 ||
	    pg_copy_int(b, st->report_row, false, false) == -1 ||
	    pg_copy_text(st, b, rec->source_ip, false) == -1 ||
	    pg_copy_int(b, rec->ip_version, false, false) == -1 ||
	    pg_copy_int(b, rec->count, false, false) == -1 ||
	    pg_copy_text(st, b, rec->disposition, false) == -1 ||
	    pg_copy_text(st, b, rec->disposition_raw, false) == -1 ||
	    pg_copy_text(st, b, rec->dkim_eval, false) == -1 ||
	    pg_copy_text(st, b, rec->spf_eval, false) == -1 ||
	    pg_copy_int(b, rec->eval_derived ? 1 : 0, false, false) == -1 ||
	    pg_copy_text(st, b, rec->header_from, false) == -1 ||
	    pg_copy_text(st, b, rec->envelope_from, false) == -1 ||
	    pg_copy_text(st, b, rec->envelope_to, false) == -1 ||
	    pg_copy_text(st, b, rec->dkim_eval_raw, false) == -1 ||
	    pg_copy_text(st, b, rec->spf_eval_raw, true) == -1)
		return dr_fail(err, R_NOMEM, "record");
	ps->rep_rec_bytes += b->len;
	for (i = 0; i < rec->n_reasons; i++) {
		b = &ps->c[C_REASONS];
		if (pg_copy_int(b, id, false, false) == -1 ||
		    pg_copy_int(b, (int64_t)i, false, false) == -1 ||
		    pg_copy_text(st, b, rec->reasons[i].type, false) == -1 ||
		    pg_copy_text(st, b, rec->reasons[i].type_raw,
		    false) == -1 ||
		    pg_copy_text(st, b, rec->reasons[i].comment, true) == -1)
			return dr_fail(err, R_NOMEM, "record");
	}
	for (i = 0; i < rec->n_dkim; i++) {
		b = &ps->c[C_DKIM];
		if (pg_copy_int(b, id, false, false) == -1 ||
		    pg_copy_int(b, (int64_t)i, false, false) == -1 ||
		    pg_copy_text(st, b, rec->dkim[i].domain, false) == -1 ||
		    pg_copy_text(st, b, rec->dkim[i].selector, false) == -1 ||
		    pg_copy_text(st, b, rec->dkim[i].result, false) == -1 ||
		    pg_copy_text(st, b, rec->dkim[i].result_raw, false) == -1 ||
		    pg_copy_text(st, b, rec->dkim[i].human_result, true) == -1)
			return dr_fail(err, R_NOMEM, "record");
		if (store_sel_note(st, rec->dkim[i].domain, rec->dkim[i].selector,
		    sel_flush, err) == -1)
			return -1;
	}
	for (i = 0; i < rec->n_spf; i++) {
		b = &ps->c[C_SPF];
		if (pg_copy_int(b, id, false, false) == -1 ||
		    pg_copy_int(b, (int64_t)i, false, false) == -1 ||
		    pg_copy_text(st, b, rec->spf[i].domain, false) == -1 ||
		    pg_copy_text(st, b, rec->spf[i].scope, false) == -1 ||
		    pg_copy_text(st, b, rec->spf[i].result, false) == -1 ||
		    pg_copy_text(st, b, rec->spf[i].result_raw, false) == -1 ||
		    pg_copy_text(st, b, rec->spf[i].human_result, true) == -1)
			return dr_fail(err, R_NOMEM, "record");
	}
	if (ps->rep_rec_bytes >= PG_STREAM_BYTES && pg_copy_chunk_due(ps)) {
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
		if (pg_copy_pump(st, false, err) == -1)
			return retry_or_fail(st, err);
	}
	if (pg_copy_buffered(ps) < PG_FLUSH_BYTES)
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

	v[0] = pg_put_num(b[0], st->report_row);
	v[1] = rep->org_name;
	v[2] = rep->email;
	v[3] = rep->extra_contact;
	v[4] = rep->generator;
	v[5] = rep->version;
	v[6] = rep->schema != NULL ? rep->schema : "";
	v[7] = pg_put_num(b[1], rep->date_begin);
	v[8] = pg_put_num(b[2], rep->date_end);
	v[9] = rep->p;
	v[10] = rep->sp;
	v[11] = rep->np;
	v[12] = rep->adkim;
	v[13] = rep->aspf;
	v[14] = rep->pct >= 0 ? pg_put_num(b[3], rep->pct) : NULL;
	v[15] = rep->fo;
	v[16] = rep->testing;
	v[17] = rep->discovery;
	v[18] = pg_put_num(b[4], rep->record_count);
	v[19] = pg_put_num(b[5], rep->message_count);
	v[20] = rep->digest;
	return pg_put_q_add(st, sql, P_REP_UPD, "store report", 21, v, NULL,
	    err);
}

static int
report_errors(struct store *st, const struct dmarc_report *rep,
    struct dr_err *err)
{
	struct cbuf *b = &st->pgs->c[C_ERRORS];
	size_t i;

	for (i = 0; i < rep->n_errors; i++)
		if (pg_copy_int(b, st->report_row, false, false) == -1 ||
		    pg_copy_int(b, (int64_t)i, false, false) == -1 ||
		    pg_copy_text(st, b, rep->errors[i], true) == -1)
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
		if (pg_copy_int(b, found, false, false) == -1 ||
		    pg_copy_text(st, b, rep->digest, false) == -1 ||
		    pg_copy_int(b, st->msg_row, !st->in_msg, false) == -1 ||
		    pg_copy_int(b, pg_put_now(), false, true) == -1)
			return dr_fail(err, R_NOMEM, "conflict");
		return 0;
	}
	if (ps->rep_inserted && report_update(st, rep, err) == -1)
		goto fail;
	if (report_errors(st, rep, err) == -1 ||
	    sel_flush(st, err) == -1 ||
	    stored_add(ps, st->report_row, err) == -1)
		goto fail;
	if (st->rep_sp && pg_put_q_cmd(st, "RELEASE rep", err) == -1)
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
