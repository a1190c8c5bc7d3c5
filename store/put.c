/*
 * store/put.c -- writing messages, reports, records and the ingest log.
 *
 * Design rationale: a message is a savepoint ("msg") inside the batch
 * transaction and each report a nested savepoint ("rep").  Rows are
 * written once, complete: a message's and a report's id are taken when
 * they begin (the batch holds the write lock, so max(id) + 1 is ours) and
 * their rows are inserted at their end, after the rows that point to them
 * (foreign keys are deferred to COMMIT, or off for dmarc-ingest).  A
 * report whose identity comes after its records is stored the same way
 * and rolled back at its end if the identity is known (duplicate,
 * conflict).  Identity is (org_key, report_id, policy_domain): org_name
 * folded to ASCII lower case (Unicode folding would need ICU; reporters
 * differ in ASCII case only), report_id verbatim, and the policy domain
 * (normalized by the parser: lower case, A-labels), because small
 * reporters number their reports per day or per run, not per domain.
 * policy_published may come after report_metadata and even after the
 * records: the identity is then unknown at begin and the report takes the
 * late path.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/buf.h"
#include "util/limits.h"

int
store_msg_seen(struct store *st, const char *source_key, const char *sha256,
    struct store_seen *seen, struct dr_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (st->pg != NULL)
		return pg_msg_seen(st, source_key, sha256, seen, err);
	memset(seen, 0, sizeof(*seen));
	s = store_stmt(st, sha256 != NULL ? S_MSG_SEEN_SHA : S_MSG_SEEN_KEY,
	    err);
	if (s == NULL)
		return -1;
	store_bind_text(st, s, 1, source_key);
	if (sha256 != NULL)
		store_bind_text(st, s, 2, sha256);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		seen->id = sqlite3_column_int64(s, 0);
		(void)snprintf(seen->outcome, sizeof(seen->outcome), "%s",
		    (const char *)sqlite3_column_text(s, 1));
		(void)snprintf(seen->filed_to, sizeof(seen->filed_to), "%s",
		    (const char *)sqlite3_column_text(s, 2));
		seen->size = sqlite3_column_int64(s, 3);
		(void)snprintf(seen->path, sizeof(seen->path), "%s",
		    (const char *)sqlite3_column_text(s, 4));
		(void)snprintf(seen->reason, sizeof(seen->reason), "%s",
		    (const char *)sqlite3_column_text(s, 5));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, rc, "look up message", err);
	return rc == SQLITE_ROW ? 1 : 0;
}

int
store_msg_prefetch(struct store *st, const char *const *keys, size_t n,
    struct dr_err *err)
{
	if (st->pg != NULL)
		return pg_msg_prefetch(st, keys, n, err);
	return 0;
}

/*
 * Message and report rows are written once, at their end, complete: their
 * ids are taken at their begin (the batch holds the write lock, so
 * max(id) + 1 is ours) so that the rows pointing to them can come first.
 * With foreign keys on, the checks wait for COMMIT (store_begin);
 * dmarc-ingest turns them off (store_trust_writes).
 */
static int
next_id(struct store *st, struct id_seq *q, enum stmt_id max_id, int64_t *id,
    struct dr_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (!q->known) {
		if ((s = store_stmt(st, max_id, err)) == NULL)
			return -1;
		rc = sqlite3_step(s);
		q->last = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW)
			return store_dberr(st, rc, "read row ids", err);
		q->known = 1;
	}
	*id = ++q->last;
	return 0;
}

void
store_msg_savepoints(struct store *st, bool on)
{
	st->msg_sp_off = !on;
}

int
store_msg_begin(struct store *st, const struct store_msg *m, int64_t *msg_row,
    struct dr_err *err)
{
	if (st->pg != NULL)
		return pg_msg_begin(st, m, msg_row, err);
	if (!st->msg_sp_off && store_run(st, S_SP_MSG, err) == -1)
		return -1;
	if (next_id(st, &st->msg_ids, S_MSG_MAX_ID, msg_row, err) == -1) {
		if (!st->msg_sp_off)
			sqlite3_exec(st->db, "ROLLBACK TO msg; RELEASE msg", NULL,
			    NULL, NULL);
		return -1;
	}
	st->in_msg = 1;
	st->cur_msg = *m;
	st->msg_row = *msg_row;
	return 0;
}

void
store_msg_headers(struct store *st, const char *message_id, const char *subject)
{
	st->cur_msg.message_id = message_id;
	st->cur_msg.subject = subject;
}

int
store_msg_end(struct store *st, int64_t *msg_row, bool keep, enum dr_outcome outcome,
    enum dr_reason reason, const char *detail, int reports, const char *filed_to,
    struct dr_err *err)
{
	const struct store_msg *m = &st->cur_msg;
	sqlite3_stmt *s;

	if (st->pg != NULL)
		return pg_msg_end(st, msg_row, keep, outcome, reason, detail,
		    reports, filed_to, err);
	if (!st->in_msg)
		return dr_fail(err, R_INTERNAL, "store_msg_end without begin");
	if (st->in_report)
		store_report_abort(st);
	if (st->need_replay || (!keep && st->msg_sp_off))
		return STORE_NEED_SAVEPOINT;	/* the caller rolls back the batch */
	if (!keep && store_run(st, S_ROLLBACK_MSG, err) == -1)
		return -1;
	*msg_row = st->msg_row;
	if ((s = store_stmt(st, S_MSG_INSERT, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->msg_row);
	store_bind_text(st, s, 2, m->source_key);
	store_bind_text(st, s, 3, m->path);
	store_bind_text(st, s, 4, m->sha256);
	sqlite3_bind_int64(s, 5, m->size);
	store_bind_text(st, s, 6, m->message_id);
	store_bind_text(st, s, 7, m->subject);
	store_bind_text(st, s, 8, dr_outcome_name(outcome));
	store_bind_text(st, s, 9, reason == R_NONE ? NULL : dr_reason_id(reason));
	store_bind_text(st, s, 10, detail != NULL && *detail != '\0' ? detail : NULL);
	sqlite3_bind_int(s, 11, reports);
	store_bind_text(st, s, 12, filed_to);
	sqlite3_bind_int64(s, 13, store_now());
	if (store_step_done(st, s, "insert message", err) == -1)
		return -1;
	if (!st->msg_sp_off && store_run(st, S_RELEASE_MSG, err) == -1)
		return -1;
	st->in_msg = 0;
	return 0;
}

int
store_msg_discard(struct store *st, struct dr_err *err)
{
	if (st->pg != NULL)
		return pg_msg_discard(st, err);
	if (!st->in_msg)
		return dr_fail(err, R_INTERNAL, "msg_discard without begin");
	if (st->in_report)
		store_report_abort(st);
	if (st->need_replay || st->msg_sp_off)
		return STORE_NEED_SAVEPOINT;	/* the caller rolls back the batch */
	if (store_run(st, S_ROLLBACK_MSG, err) == -1 ||
	    store_run(st, S_RELEASE_MSG, err) == -1)
		return -1;
	st->in_msg = 0;
	return 0;
}

/* Binds every column of a report; ?1 is bound by the caller. */
static void
bind_report(struct store *st, sqlite3_stmt *s, const struct dmarc_report *rep,
    const char *key)
{
	store_bind_text(st, s, 2, rep->org_name);
	store_bind_text(st, s, 3, key);
	store_bind_text(st, s, 4, rep->report_id);
	store_bind_text(st, s, 5, rep->email);
	store_bind_text(st, s, 6, rep->extra_contact);
	store_bind_text(st, s, 7, rep->generator);
	store_bind_text(st, s, 8, rep->version);
	store_bind_text(st, s, 9, rep->schema);
	sqlite3_bind_int64(s, 10, rep->date_begin);
	sqlite3_bind_int64(s, 11, rep->date_end);
	store_bind_text(st, s, 12, rep->policy_domain);
	store_bind_text(st, s, 13, rep->p);
	store_bind_text(st, s, 14, rep->sp);
	store_bind_text(st, s, 15, rep->np);
	store_bind_text(st, s, 16, rep->adkim);
	store_bind_text(st, s, 17, rep->aspf);
	if (rep->pct >= 0)
		sqlite3_bind_int(s, 18, rep->pct);
	store_bind_text(st, s, 19, rep->fo);
	store_bind_text(st, s, 20, rep->testing);
	store_bind_text(st, s, 21, rep->discovery);
	sqlite3_bind_int64(s, 22, rep->record_count);
	sqlite3_bind_int64(s, 23, rep->message_count);
	store_bind_text(st, s, 24, rep->digest);
}

/* Row id and digest of the report stored under an identity (0: none);
 * *pruned is true when only its identity is left (pruned_reports). */
static int
find_report(struct store *st, const char *ident, int64_t *id, char *digest,
    size_t dlen, bool *pruned, struct dr_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*id = 0;
	*pruned = false;
	if ((s = store_stmt(st, S_REPORT_FIND, err)) == NULL)
		return -1;
	store_bind_text(st, s, 1, ident);
	store_bind_text(st, s, 2, store_identity_rid(ident));
	store_bind_text(st, s, 3, store_identity_domain(ident));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		if (digest != NULL)
			(void)snprintf(digest, dlen, "%s",
			    (const char *)sqlite3_column_text(s, 1));
		*pruned = sqlite3_column_int(s, 2) != 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, rc, "find report", err);
	return 0;
}

static void
report_state_clear(struct store *st)
{
	free(st->begin_key);
	st->begin_key = NULL;
	st->existing = 0;
	st->report_row = 0;
	store_sel_clear(st);
}

int
store_report_begin(struct store *st, int64_t msg_row,
    const struct dmarc_report *partial, struct dr_err *err)
{
	bool pruned;

	if (st->pg != NULL)
		return pg_report_begin(st, msg_row, partial, err);
	if (st->in_report)
		return dr_fail(err, R_INTERNAL, "nested report");
	/* Without message savepoints no report savepoint either: it would
	 * be the outermost one and cost what the message's did.  A report
	 * that must then be undone alone makes the batch replay. */
	st->rep_sp = !st->msg_sp_off;
	if (st->rep_sp && store_run(st, S_SP_REP, err) == -1)
		return -1;
	st->in_report = 1;
	st->nrecords = 0;
	report_state_clear(st);
	st->report_msg = msg_row;
	st->begin_key = store_identity(partial);
	if (st->begin_key != NULL) {
		if (find_report(st, st->begin_key, &st->existing, NULL, 0,
		    &pruned, err) == -1)
			goto fail;
		if (st->existing != 0)
			return 0;	/* known identity: count, do not write */
	}
	if (next_id(st, &st->report_ids, S_REPORT_MAX_ID, &st->report_row,
	    err) == -1)
		goto fail;
	return 0;
fail:
	store_report_abort(st);
	return -1;
}

void
store_report_abort(struct store *st)
{
	struct dr_err e = DR_ERR_INIT;

	if (st->pg != NULL) {
		pg_report_abort(st);
		return;
	}
	if (!st->in_report)
		return;
	/* Failing to roll back a savepoint leaves nothing to do but let the
	 * batch fail at COMMIT; the error surfaces there. */
	if (st->rep_sp) {
		(void)store_run(st, S_ROLLBACK_REP, &e);
		(void)store_run(st, S_RELEASE_REP, &e);
	} else if (st->existing == 0 && st->report_row != 0)
		st->need_replay = 1;	/* records written, no way back */
	store_sel_clear(st);
	st->in_report = 0;
}

/* Writes the held selector pairs of the report being streamed. */
static int
sel_flush(struct store *st, struct dr_err *err)
{
	sqlite3_stmt *s;
	size_t i;
	int ret = 0;

	for (i = 0; i < st->nsel; i++) {
		if (ret == 0 && (s = store_stmt(st, S_SELECTOR_INSERT, err)) == NULL)
			ret = -1;
		if (ret == 0) {
			store_bind_text(st, s, 1, st->sel[i]);
			store_bind_text(st, s, 2, st->sel[i] + strlen(st->sel[i]) + 1);
			sqlite3_bind_int64(s, 3, st->report_row);
			ret = store_step_done(st, s, "insert selector", err);
		}
		free(st->sel[i]);
		st->sel[i] = NULL;
	}
	st->nsel = 0;
	return ret;
}

/*
 * The report's derived rows: the selector pairs left, and its sums, taken
 * from the view report_stats_derived (sql/views.sql), the one definition
 * of each report_stats column that sql/rebuild-derived.sql and the
 * records_stats_* triggers use too.  It reads the report's records back
 * once, through records_report, while their pages are still cached.
 */
static int
put_derived(struct store *st, struct dr_err *err)
{
	sqlite3_stmt *s;

	if (sel_flush(st, err) == -1)
		return -1;
	if ((s = store_stmt(st, S_STATS_INSERT, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->report_row);
	return store_step_done(st, s, "store report totals", err);
}

static int
put_children(struct store *st, const struct dmarc_record *rec, int64_t id,
    struct dr_err *err)
{
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < rec->n_reasons; i++) {
		if ((s = store_stmt(st, S_REASON_INSERT, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(st, s, 2, rec->reasons[i].type);
		store_bind_text(st, s, 3, rec->reasons[i].type_raw);
		store_bind_text(st, s, 4, rec->reasons[i].comment);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)i);
		if (store_step_done(st, s, "insert reason", err) == -1)
			return -1;
	}
	for (i = 0; i < rec->n_dkim; i++) {
		if ((s = store_stmt(st, S_DKIM_INSERT, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(st, s, 2, rec->dkim[i].domain);
		store_bind_text(st, s, 3, rec->dkim[i].selector);
		store_bind_text(st, s, 4, rec->dkim[i].result);
		store_bind_text(st, s, 5, rec->dkim[i].result_raw);
		store_bind_text(st, s, 6, rec->dkim[i].human_result);
		sqlite3_bind_int64(s, 7, (sqlite3_int64)i);
		if (store_step_done(st, s, "insert dkim result", err) == -1)
			return -1;
		if (store_sel_note(st, rec->dkim[i].domain, rec->dkim[i].selector,
		    sel_flush, err) == -1)
			return -1;
	}
	for (i = 0; i < rec->n_spf; i++) {
		if ((s = store_stmt(st, S_SPF_INSERT, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(st, s, 2, rec->spf[i].domain);
		store_bind_text(st, s, 3, rec->spf[i].scope);
		store_bind_text(st, s, 4, rec->spf[i].result);
		store_bind_text(st, s, 5, rec->spf[i].result_raw);
		store_bind_text(st, s, 6, rec->spf[i].human_result);
		sqlite3_bind_int64(s, 7, (sqlite3_int64)i);
		if (store_step_done(st, s, "insert spf result", err) == -1)
			return -1;
	}
	return 0;
}

int
store_report_record(struct store *st, const struct dmarc_record *rec,
    struct dr_err *err)
{
	sqlite3_stmt *s;

	if (st->pg != NULL)
		return pg_report_record(st, rec, err);
	if (!st->in_report)
		return dr_fail(err, R_INTERNAL, "record outside a report");
	st->nrecords++;
	if (st->existing != 0)
		return 0;		/* a re-send: only its digest matters */
	if ((s = store_stmt(st, S_RECORD_INSERT, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->report_row);
	store_bind_text(st, s, 2, rec->source_ip);
	sqlite3_bind_int(s, 3, rec->ip_version);
	sqlite3_bind_int64(s, 4, rec->count);
	store_bind_text(st, s, 5, rec->disposition);
	store_bind_text(st, s, 6, rec->disposition_raw);
	store_bind_text(st, s, 7, rec->dkim_eval);
	store_bind_text(st, s, 8, rec->spf_eval);
	sqlite3_bind_int(s, 9, rec->eval_derived ? 1 : 0);
	store_bind_text(st, s, 10, rec->header_from);
	store_bind_text(st, s, 11, rec->envelope_from);
	store_bind_text(st, s, 12, rec->envelope_to);
	store_bind_text(st, s, 13, rec->dkim_eval_raw);
	store_bind_text(st, s, 14, rec->spf_eval_raw);
	if (store_step_done(st, s, "insert record", err) == -1)
		return -1;
	return put_children(st, rec, sqlite3_last_insert_rowid(st->db), err);
}

static int
report_errors(struct store *st, const struct dmarc_report *rep, struct dr_err *err)
{
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < rep->n_errors; i++) {
		if ((s = store_stmt(st, S_REPORT_ERROR, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, st->report_row);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		store_bind_text(st, s, 3, rep->errors[i]);
		if (store_step_done(st, s, "store report error", err) == -1)
			return -1;
	}
	return 0;
}

/* The report's row, written once with everything (its records are
 * already in, under the id taken at begin). */
static int
report_insert(struct store *st, const struct dmarc_report *rep, const char *key,
    struct dr_err *err)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, S_REPORT_INSERT, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->report_row);
	bind_report(st, s, rep, key);
	sqlite3_bind_int64(s, 25, st->report_msg);
	sqlite3_bind_int64(s, 26, store_now());
	if (store_step_done(st, s, "store report", err) == -1)
		return -1;
	return report_errors(st, rep, err);
}

int
store_report_end(struct store *st, const struct dmarc_report *rep,
    enum store_outcome *outcome, int64_t *report_row, struct dr_err *err)
{
	char digest[65] = "", *ident = NULL;
	sqlite3_stmt *s;
	int64_t found = 0;
	bool pruned = false;

	if (st->pg != NULL)
		return pg_report_end(st, rep, outcome, report_row, err);
	if (!st->in_report)
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
	if (st->existing != 0 || st->begin_key == NULL) {
		if (find_report(st, ident, &found, digest, sizeof(digest),
		    &pruned, err) == -1)
			goto fail;
	}
	if (found != 0) {
		store_report_abort(st);
		free(ident);
		if (st->need_replay)
			return dr_fail(err, R_REPLAY, "a duplicate whose identity came"
			    " after its records");
		/* A pruned report has no row left to point to: the log
		 * row keeps org_name and report_id, and a conflict with it
		 * is the message's outcome alone (no conflicts row). */
		*report_row = pruned ? 0 : found;
		if (strcmp(digest, rep->digest) == 0) {
			*outcome = STORE_DUPLICATE;
			return 0;
		}
		*outcome = STORE_CONFLICT;
		if (pruned)
			return 0;
		if ((s = store_stmt(st, S_CONFLICT_INSERT, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, found);
		store_bind_text(st, s, 2, rep->digest);
		if (st->in_msg)
			sqlite3_bind_int64(s, 3, st->msg_row);
		sqlite3_bind_int64(s, 4, store_now());
		return store_step_done(st, s, "record conflict", err);
	}
	if (report_insert(st, rep, ident, err) == -1 || put_derived(st, err) == -1)
		goto fail;
	if (st->rep_sp && store_run(st, S_RELEASE_REP, err) == -1)
		goto fail;
	st->in_report = 0;
	*outcome = STORE_STORED;
	*report_row = st->report_row;
	free(ident);
	return 0;
fail:
	free(ident);
	store_report_abort(st);
	return -1;
}

int
store_log(struct store *st, int64_t msg_row, const char *part, enum dr_outcome outcome,
    enum dr_reason reason, const char *detail, const char *org_name,
    const char *report_id, int64_t report_row, struct dr_err *err)
{
	sqlite3_stmt *s;

	if (st->pg != NULL)
		return pg_log(st, msg_row, part, outcome, reason, detail,
		    org_name, report_id, report_row, err);
	if ((s = store_stmt(st, S_LOG_INSERT, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, msg_row);
	store_bind_text(st, s, 2, part);
	store_bind_text(st, s, 3, dr_outcome_name(outcome));
	store_bind_text(st, s, 4, reason == R_NONE ? NULL : dr_reason_id(reason));
	store_bind_text(st, s, 5, detail != NULL && *detail != '\0' ? detail : NULL);
	store_bind_text(st, s, 6, org_name);
	store_bind_text(st, s, 7, report_id);
	if (report_row > 0)
		sqlite3_bind_int64(s, 8, report_row);
	return store_step_done(st, s, "insert log", err);
}
