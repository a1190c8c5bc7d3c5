/*
 * report/query/failures_lite.c -- report_failures_lite(): the rows of
 * report_failures(only_failing = false) with what classification and
 * readiness read, for windows of weeks over every source.
 *
 * Design rationale: report_failures() joins each record with its DKIM
 * results, SPF results and reasons, a B-tree seek per record and table
 * (five per record); over the 28 days readiness judges, 3,100,000 records
 * of the 10,000,000-record benchmark database, that was 14 s of CPU.  The
 * records of a report have neighbouring ids and every result table is
 * keyed by (record, seq), so here each report's records (one range of
 * the records table, sql/report/lite-records.sql) are merged in C with
 * one range read of each result table over the same ids
 * (lite-dkim.sql, lite-spf.sql, lite-reasons.sql): five seeks per report
 * instead of five per record, 14 s -> 4 s of CPU.  The merge folds a
 * result only into the record with its id, so ids of other reports
 * inside the range are skipped and the rows are exactly
 * report_failures()'s, with the fields failures.h names as left out.
 *
 * Where each statement is a round trip (PostgreSQL), the reports are
 * read in batches instead (lite_fold_reports(), lite_batch()): the same
 * merge over a batch's records and results in one stream
 * (sql/report/rollup-batch-rows.sql), one statement a batch instead of
 * four a report; four streams at once would mean reading three into
 * memory (PostgreSQL carries one streaming result per connection).  A
 * batch is read in id order, so a batch ends where the reports' order
 * would not be that (lite-reports.sql goes interval by interval): the
 * rows are folded in the same order either way, the sets capped at the
 * same members.
 */
#include <stdlib.h>
#include <string.h>

#include "report/query/failures_int.h"
#include "store/read.h"
#include "util/buf.h"
#include "util/count.h"
#include "util/limits.h"

static const char *const lite_res_name[LITE_NRES] = {
	"report/lite-dkim", "report/lite-spf", "report/lite-reasons",
};

static bool
is_word(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

static int
res_step(struct lite *l, int k)
{
	int rc = store_stmt_step(l->res[k], l->err);

	l->has_res[k] = rc == 1;
	return rc == -1 ? -1 : 0;
}

/* Folds a result of the current record into r: a DKIM or SPF domain
 * into its set (value), a reason (flag: 1 mailing_list, 0 forwarding)
 * into *fwd or *list. */
static int
result_fold(struct lite *l, struct fail_row *r, int k, const char *value,
    int64_t flag, bool *fwd, bool *list)
{
	if ((k == LITE_DKIM && strset_add(&r->dkim_domains, value) == -1) ||
	    (k == LITE_SPF && strset_add(&r->spf_domains, value) == -1))
		return dr_fail(l->err, R_NOMEM, "auth results");
	if (k == LITE_REASONS) {
		if (flag != 0)
			*list = true;
		else
			*fwd = true;
	}
	return 0;
}

/* A record's n messages as forwarded or re-sent by a list, once. */
static void
reasons_count(struct fail_row *r, int64_t n, bool fwd, bool list)
{
	if (fwd)
		(void)dr_count_acc(&r->forwarded, n);
	if (list)
		(void)dr_count_acc(&r->mailing_list, n);
}

/* Folds the record in the current row of s (lite-records.sql's columns
 * from source_ip on, at column at: source_ip, count, dkim_eval, spf_eval,
 * header_from, dmarc_pass) into its IP's row of out, *rp; *n its count. */
static int
record_fold(struct lite *l, struct fail_ipmap *m, const char *domain,
    struct store_stmt *s, int at, struct fail_rows *out, struct fail_row **rp,
    int64_t *n)
{
	struct fail_row *r;
	const char *ip;

	if ((ip = store_stmt_col_text(s, at)) == NULL)
		ip = "";	/* NOT NULL in the schema */
	if ((*rp = r = fail_row_for(m, out, domain, ip)) == NULL)
		return dr_fail(l->err, R_NOMEM, "failure rows");
	*n = dr_count_in(store_stmt_col_int64(s, at + 1), DR_MAX_RECORD_COUNT);
	(void)dr_count_acc(&r->records, 1);
	(void)dr_count_acc(&r->messages, *n);
	if (store_stmt_col_int64(s, at + 5) == 0)
		(void)dr_count_acc(&r->dmarc_fail, *n);
	if (is_word(store_stmt_col_text(s, at + 3), "fail"))
		(void)dr_count_acc(&r->spf_fail, *n);
	if (is_word(store_stmt_col_text(s, at + 2), "fail"))
		(void)dr_count_acc(&r->dkim_fail, *n);
	if (strset_add(&r->header_from, store_stmt_col_text(s, at + 4)) == -1)
		return dr_fail(l->err, R_NOMEM, "row sets");
	return 0;
}

/* r's weekly data, made when first needed. */
static struct fail_wk *
wk_of(struct fail_row *r)
{
	if (r->wk == NULL)
		r->wk = calloc(1, sizeof(*r->wk));
	return r->wk;
}

/* Adds reporter key with report rid, unless it has a report here. */
static int
wk_reporter(struct fail_wk_fail *wk, const char *key, int64_t rid)
{
	struct fail_wk_rep *v;
	size_t i;

	for (i = 0; i < wk->n_rep; i++)
		if (strcmp(wk->rep[i].key, key) == 0) {
			if (rid < wk->rep[i].rid)
				wk->rep[i].rid = rid;	/* ids come in order */
			return 0;
		}
	if (wk->n_rep == wk->cap_rep) {
		size_t cap = wk->cap_rep ? wk->cap_rep * 2 : 2;

		if ((v = reallocarray(wk->rep, cap, sizeof(*v))) == NULL)
			return -1;
		wk->rep = v;
		wk->cap_rep = cap;
	}
	if ((wk->rep[wk->n_rep].key = strdup(key)) == NULL)
		return -1;
	wk->rep[wk->n_rep++].rid = rid;
	return 0;
}

/*
 * The weekly page's share of record id (the current row of s, columns
 * from at as record_fold()'s) of report p, folded into r->wk: what
 * weekly_src.c's record_row() gives it when p lies wholly in the window.
 */
static int
wk_record(struct lite *l, struct fail_row *r, struct store_stmt *s, int at,
    int64_t id, struct lite_rep *p)
{
	struct fail_wk *wk;
	int64_t cnt = store_stmt_col_int64(s, at + 1), share;

	if (store_stmt_col_text(s, at) == NULL || cnt <= 0)
		return 0;	/* the page skips it too */
	if (store_stmt_col_int64(s, at + 5) != 0) {
		if (p->pass_all <= 0 || (share = fail_cum_share(p->pass_all,
		    p->pass_all, &p->pcum, cnt)) == 0)
			return 0;
		if ((wk = wk_of(r)) == NULL)
			return dr_fail(l->err, R_NOMEM, "rollup rows");
		(void)dr_count_acc(&wk->pass, share);
		if (is_word(store_stmt_col_text(s, at + 2), "pass"))
			(void)dr_count_acc(&wk->pass_dkim, share);
		if (is_word(store_stmt_col_text(s, at + 3), "pass"))
			(void)dr_count_acc(&wk->pass_spf, share);
		return 0;
	}
	if (p->fail_all <= 0 || (share = fail_cum_share(p->fail_all,
	    p->fail_all, &p->cum, cnt)) == 0)
		return 0;
	if ((wk = wk_of(r)) == NULL || (wk->f == NULL &&
	    (wk->f = calloc(1, sizeof(*wk->f))) == NULL))
		return dr_fail(l->err, R_NOMEM, "rollup rows");
	(void)dr_count_acc(&wk->fail, share);
	fail_sample_keep(wk->f->sample, &wk->f->n_sample, FAIL_WK_SAMPLE, p->id,
	    id);
	if (wk_reporter(wk->f, p->key, p->id) == -1)
		return dr_fail(l->err, R_NOMEM, "rollup rows");
	return 0;
}

/* The report of id among l's (they come in id order), or NULL. */
static struct lite_rep *
wk_rep(struct lite *l, int64_t id)
{
	while (l->at < l->n_reps && l->reps[l->at].id < id)
		l->at++;
	return l->at < l->n_reps && l->reps[l->at].id == id ?
	    &l->reps[l->at] : NULL;
}

/* Folds the results of record id (the current row of rec, counted n)
 * into r: each cursor skips the rows of lower ids and stops at the first
 * higher one. */
static int
fold_results(struct lite *l, int64_t id, int64_t n, struct fail_row *r)
{
	struct store_stmt *s;
	bool fwd = false, list = false;
	int64_t rid;
	int k;

	for (k = 0; k < LITE_NRES; k++) {
		s = l->res[k];
		while (l->has_res[k] &&
		    (rid = store_stmt_col_int64(s, 0)) <= id) {
			if (rid == id && result_fold(l, r, k, k == LITE_REASONS ?
			    NULL : store_stmt_col_text(s, 1), k == LITE_REASONS ?
			    store_stmt_col_int64(s, 1) : 0, &fwd, &list) == -1)
				return -1;
			if (res_step(l, k) == -1)
				return -1;
		}
	}
	reasons_count(r, n, fwd, list);
	return 0;
}

/* One report's records (ids lo..hi, lite-records) merged with their
 * results. */
int
lite_report(struct lite *l, struct fail_ipmap *m, const char *domain,
    int64_t id, int64_t lo, int64_t hi, struct fail_rows *out)
{
	struct fail_row *r;
	struct lite_rep *p;
	int64_t n;
	int k, rc;

	store_stmt_reset(l->rec);
	if (store_stmt_bind_int64(l->rec, 1, id, l->err) == -1 ||
	    store_stmt_bind_int64(l->rec, 2, lo, l->err) == -1 ||
	    store_stmt_bind_int64(l->rec, 3, hi, l->err) == -1)
		return -1;
	for (k = 0; k < LITE_NRES; k++) {
		store_stmt_reset(l->res[k]);
		if (store_stmt_bind_int64(l->res[k], 1, lo, l->err) == -1 ||
		    store_stmt_bind_int64(l->res[k], 2, hi, l->err) == -1 ||
		    res_step(l, k) == -1)
			return -1;
	}
	p = l->wk ? wk_rep(l, id) : NULL;
	while ((rc = store_stmt_step(l->rec, l->err)) == 1)
		if (record_fold(l, m, domain, l->rec, 1, out, &r, &n) == -1 ||
		    (p != NULL && wk_record(l, r, l->rec, 1,
		    store_stmt_col_int64(l->rec, 0), p) == -1) ||
		    fold_results(l, store_stmt_col_int64(l->rec, 0), n, r) == -1)
			return -1;
	return rc;
}

/* Where lite_batch() is: the record its results fold into. */
struct cur {
	struct fail_row	*r;		/* NULL: none yet */
	int64_t		 rep, id, n;
	bool		 fwd, list;
};

/* The current record's forwarding reasons, counted once. */
static void
cur_end(struct cur *c)
{
	if (c->r != NULL)
		reasons_count(c->r, c->n, c->fwd, c->list);
	c->r = NULL;
	c->fwd = c->list = false;
}

/* One row of rollup-batch-rows: a record starts, or a result of the
 * current one is folded (a result of another report's record in the
 * range has no record row just before it: skipped). */
static int
batch_row(struct lite *l, struct fail_ipmap *m, const char *domain,
    struct store_stmt *s, struct cur *c, struct fail_rows *out)
{
	int64_t rep = store_stmt_col_int64(s, 0), id = store_stmt_col_int64(s, 1);
	int64_t kind = store_stmt_col_int64(s, 2);
	struct lite_rep *p;

	if (kind == 0) {
		cur_end(c);
		c->rep = rep;
		c->id = id;
		if (record_fold(l, m, domain, s, 4, out, &c->r, &c->n) == -1)
			return -1;
		if (l->wk && (p = wk_rep(l, rep)) != NULL)
			return wk_record(l, c->r, s, 4, id, p);
		return 0;
	}
	if (c->r == NULL || rep != c->rep || id != c->id || kind < 1 ||
	    kind > LITE_NRES)
		return 0;
	/* kinds 1, 2, 3: LITE_DKIM, LITE_SPF, LITE_REASONS */
	return result_fold(l, c->r, (int)kind - 1, store_stmt_col_text(s, 10),
	    store_stmt_col_int64(s, 11), &c->fwd, &c->list);
}

int
lite_batch(struct lite *l, struct fail_ipmap *m, const char *domain,
    const char *batch, struct fail_rows *out)
{
	struct cur c = { NULL, 0, 0, 0, false, false };
	int rc;

	store_stmt_reset(l->batch);
	if (store_stmt_bind_text(l->batch, 1, batch, l->err) == -1)
		return -1;
	while ((rc = store_stmt_step(l->batch, l->err)) == 1)
		if (batch_row(l, m, domain, l->batch, &c, out) == -1) {
			store_stmt_reset(l->batch);
			return -1;
		}
	cur_end(&c);
	store_stmt_reset(l->batch);
	return rc;
}

/* Forgets the reports of the last batch. */
static void
wk_reps_clear(struct lite *l)
{
	size_t i;

	for (i = 0; i < l->n_reps; i++)
		free(l->reps[i].key);
	l->n_reps = 0;
	l->at = 0;
}

/* Keeps report id (the current row of s, rollup-interval-reports.sql)
 * as the weekly page shares it out (weekly.c add_report()). */
static int
wk_rep_add(struct lite *l, struct store_stmt *s, int64_t id)
{
	struct lite_rep *v;
	const char *key = store_stmt_col_text(s, 5);

	if (key == NULL)
		return 0;	/* NOT NULL in the schema; the page skips it */
	if (l->n_reps == l->cap_reps) {
		size_t cap = l->cap_reps ? l->cap_reps * 2 : 16;

		if ((v = reallocarray(l->reps, cap, sizeof(*v))) == NULL)
			return dr_fail(l->err, R_NOMEM, "report batch");
		l->reps = v;
		l->cap_reps = cap;
	}
	v = &l->reps[l->n_reps];
	*v = (struct lite_rep){ id, 0, 0, 0, 0, strdup(key) };
	fail_report_totals(store_stmt_col_int64(s, 3),
	    store_stmt_col_int64(s, 4), &v->fail_all, &v->pass_all);
	if (v->key == NULL)
		return dr_fail(l->err, R_NOMEM, "report batch");
	l->n_reps++;
	return 0;
}

/* Folds batch (a JSON array being built in b, "]" still to come). */
static int
batch_flush(struct lite *l, struct fail_ipmap *m, const char *domain,
    struct buf *b, struct fail_rows *out)
{
	int rc;

	if (b->len == 0)
		return 0;
	if (buf_append(b, "]", 1) == -1)
		return dr_fail(l->err, R_NOMEM, "report batch");
	rc = lite_batch(l, m, domain, b->data, out);
	buf_reset(b);
	wk_reps_clear(l);
	return rc;
}

int
lite_fold_reports(struct lite *l, struct fail_ipmap *m, const char *domain,
    struct store_stmt *s, struct fail_rows *out)
{
	struct buf b;
	int64_t ids = 0, id, last = 0, lo, hi;
	int rc;

	buf_init(&b, (size_t)1 << 30);
	while ((rc = store_stmt_step(s, l->err)) == 1) {
		if (store_stmt_col_is_null(s, 1))
			continue;	/* no records */
		id = store_stmt_col_int64(s, 0);
		lo = store_stmt_col_int64(s, 1);
		hi = store_stmt_col_int64(s, 2);
		if (!l->batched) {
			wk_reps_clear(l);
			if ((l->wk && wk_rep_add(l, s, id) == -1) ||
			    lite_report(l, m, domain, id, lo, hi, out) == -1)
				goto fail;
			continue;
		}
		/* a batch is read in id order: one that would not be in the
		 * order s gives them (lite-reports.sql: by interval) ends */
		if (b.len > 0 && id <= last) {
			if (batch_flush(l, m, domain, &b, out) == -1)
				goto fail;
			ids = 0;
		}
		if (buf_printf(&b, "%s[%lld,%lld,%lld]", b.len == 0 ? "[" : ",",
		    (long long)id, (long long)lo, (long long)hi) == -1) {
			dr_fail(l->err, R_NOMEM, "report batch");
			goto fail;
		}
		if (l->wk && wk_rep_add(l, s, id) == -1)
			goto fail;
		last = id;
		ids = hi >= lo && hi - lo < LITE_BATCH_IDS - ids ?
		    ids + (hi - lo) + 1 : LITE_BATCH_IDS;
		if (ids >= LITE_BATCH_IDS) {
			if (batch_flush(l, m, domain, &b, out) == -1)
				goto fail;
			ids = 0;
		}
	}
	if (rc == 0 && batch_flush(l, m, domain, &b, out) == -1)
		goto fail;
	buf_release(&b);
	wk_reps_clear(l);
	return rc;
fail:
	buf_release(&b);
	wk_reps_clear(l);
	return -1;
}

int
lite_domain(struct lite *l, const char *domain, const struct report_opts *o,
    struct fail_rows *out)
{
	struct fail_ipmap m = { NULL, 0, 0 };
	int ret = -1;

	store_stmt_reset(l->rep);
	if (store_stmt_bind_text(l->rep, 1, domain, l->err) == -1 ||
	    fail_bind_window(l->rep, o, l->err) == -1)
		goto done;
	if (lite_fold_reports(l, &m, domain, l->rep, out) == -1)
		goto done;
	ret = 0;
done:
	free(m.slot);
	return ret;
}

int
lite_open(struct store *st, struct lite *l, struct dr_err *err)
{
	int k;

	memset(l, 0, sizeof(*l));
	l->err = err;
	l->batched = store_stmt_is_round_trip(st);
	if (store_stmt_open(st, "report/lite-reports", &l->rep, err) == -1 ||
	    store_stmt_open(st, "report/lite-records", &l->rec, err) == -1 ||
	    store_stmt_open(st, "report/rollup-batch-rows", &l->batch,
	    err) == -1)
		return -1;
	for (k = 0; k < LITE_NRES; k++)
		if (store_stmt_open(st, lite_res_name[k], &l->res[k], err) == -1)
			return -1;
	return 0;
}

void
lite_close(struct lite *l)
{
	int k;

	store_stmt_close(l->rep);
	store_stmt_close(l->rec);
	store_stmt_close(l->batch);
	for (k = 0; k < LITE_NRES; k++)
		store_stmt_close(l->res[k]);
	wk_reps_clear(l);
	free(l->reps);
	memset(l, 0, sizeof(*l));
}

int
report_failures_lite(struct store *st, const struct report_opts *o,
    struct fail_rows *out, struct dr_err *err)
{
	struct lite l;
	struct strset doms = { NULL, 0, 0, false };
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (lite_open(st, &l, err) == -1)
		goto done;
	if (report_window_domains(st, o, &doms, err) == -1)
		goto done;
	for (i = 0; i < doms.n; i++)
		if (lite_domain(&l, doms.v[i], o, out) == -1)
			goto done;
	if (out->n > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(out->v, out->n, sizeof(*out->v), fail_row_cmp);
	ret = 0;
done:
	if (ret == -1)
		fail_rows_release(out);
	strset_release(&doms);
	lite_close(&l);
	return ret;
}
