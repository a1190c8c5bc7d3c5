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
 */
#include <stdlib.h>
#include <string.h>

#include "report/query/failures_int.h"
#include "store/read.h"
#include "util/count.h"
#include "util/limits.h"

static const char *const lite_res_name[LITE_NRES] = {
	"report/lite-dkim", "report/lite-spf", "report/lite-reasons",
};
static const char *const lite_ires_name[LITE_NRES] = {
	"report/rollup-batch-dkim", "report/rollup-batch-spf",
	"report/rollup-batch-reasons",
};

static bool
is_word(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* A result row's key against (rep, id): <0 before it, 0 its, >0 after.
 * off 0: the row is (record, value) of one report's range; off 1:
 * (report, record, value) of an interval's. */
static int
res_cmp(struct store_stmt *s, int off, int64_t rep, int64_t id)
{
	int64_t a;

	if (off == 1 && (a = store_stmt_col_int64(s, 0)) != rep)
		return a < rep ? -1 : 1;
	a = store_stmt_col_int64(s, off);
	return a < id ? -1 : a > id;
}

/* Folds the results of record id of report rep (counted n) into r: each
 * cursor of res skips the rows before it and stops at the first after. */
static int
fold_results(struct lite *l, struct store_stmt *const *res, bool *has,
    int off, int64_t rep, int64_t id, int64_t n, struct fail_row *r)
{
	struct store_stmt *s;
	bool fwd = false, list = false;
	int k, c, rc;

	for (k = 0; k < LITE_NRES; k++) {
		s = res[k];
		while (has[k] && (c = res_cmp(s, off, rep, id)) <= 0) {
			if (c == 0 && k == LITE_DKIM &&
			    strset_add(&r->dkim_domains, store_stmt_col_text(s,
			    off + 1)) == -1)
				return dr_fail(l->err, R_NOMEM, "auth results");
			if (c == 0 && k == LITE_SPF &&
			    strset_add(&r->spf_domains, store_stmt_col_text(s,
			    off + 1)) == -1)
				return dr_fail(l->err, R_NOMEM, "auth results");
			if (c == 0 && k == LITE_REASONS) {
				if (store_stmt_col_int64(s, off + 1) != 0)
					list = true;
				else
					fwd = true;
			}
			if ((rc = store_stmt_step(s, l->err)) == -1)
				return -1;
			has[k] = rc == 1;
		}
	}
	if (fwd)
		(void)dr_count_acc(&r->forwarded, n);
	if (list)
		(void)dr_count_acc(&r->mailing_list, n);
	return 0;
}

/* Folds the current row of rec (lite-records.sql's columns from column
 * off on, of report rep) with its results into its IP's row of out. */
static int
fold_record(struct lite *l, struct fail_ipmap *m, const char *domain,
    struct store_stmt *rec, int off, int64_t rep, struct store_stmt *const *res,
    bool *has, struct fail_rows *out)
{
	struct fail_row *r;
	const char *ip;
	int64_t n;

	if ((ip = store_stmt_col_text(rec, off + 1)) == NULL)
		ip = "";	/* NOT NULL in the schema */
	if ((r = fail_row_for(m, out, domain, ip)) == NULL)
		return dr_fail(l->err, R_NOMEM, "failure rows");
	n = dr_count_in(store_stmt_col_int64(rec, off + 2),
	    DR_MAX_RECORD_COUNT);
	(void)dr_count_acc(&r->records, 1);
	(void)dr_count_acc(&r->messages, n);
	if (store_stmt_col_int64(rec, off + 6) == 0)
		(void)dr_count_acc(&r->dmarc_fail, n);
	if (is_word(store_stmt_col_text(rec, off + 4), "fail"))
		(void)dr_count_acc(&r->spf_fail, n);
	if (is_word(store_stmt_col_text(rec, off + 3), "fail"))
		(void)dr_count_acc(&r->dkim_fail, n);
	if (strset_add(&r->header_from, store_stmt_col_text(rec,
	    off + 5)) == -1)
		return dr_fail(l->err, R_NOMEM, "row sets");
	return fold_results(l, res, has, off, rep, store_stmt_col_int64(rec,
	    off), n, r);
}

/* Steps each of res (bound) to its first row. */
static int
res_first(struct lite *l, struct store_stmt *const *res, bool *has)
{
	int k, rc;

	for (k = 0; k < LITE_NRES; k++) {
		if ((rc = store_stmt_step(res[k], l->err)) == -1)
			return -1;
		has[k] = rc == 1;
	}
	return 0;
}

/* One report's records (ids lo..hi, lite-records) merged with their
 * results. */
int
lite_report(struct lite *l, struct fail_ipmap *m, const char *domain,
    int64_t id, int64_t lo, int64_t hi, struct fail_rows *out)
{
	int k, rc;

	store_stmt_reset(l->rec);
	if (store_stmt_bind_int64(l->rec, 1, id, l->err) == -1 ||
	    store_stmt_bind_int64(l->rec, 2, lo, l->err) == -1 ||
	    store_stmt_bind_int64(l->rec, 3, hi, l->err) == -1)
		return -1;
	for (k = 0; k < LITE_NRES; k++) {
		store_stmt_reset(l->res[k]);
		if (store_stmt_bind_int64(l->res[k], 1, lo, l->err) == -1 ||
		    store_stmt_bind_int64(l->res[k], 2, hi, l->err) == -1)
			return -1;
	}
	if (res_first(l, l->res, l->has_res) == -1)
		return -1;
	while ((rc = store_stmt_step(l->rec, l->err)) == 1)
		if (fold_record(l, m, domain, l->rec, 0, id, l->res, l->has_res,
		    out) == -1)
			return -1;
	return rc;
}

int
lite_batch(struct lite *l, struct fail_ipmap *m, const char *domain,
    const char *batch, struct fail_rows *out)
{
	int k, rc;

	store_stmt_reset(l->irec);
	if (store_stmt_bind_text(l->irec, 1, batch, l->err) == -1)
		return -1;
	for (k = 0; k < LITE_NRES; k++) {
		store_stmt_reset(l->ires[k]);
		if (store_stmt_bind_text(l->ires[k], 1, batch, l->err) == -1)
			return -1;
	}
	if (res_first(l, l->ires, l->has_ires) == -1)
		return -1;
	while ((rc = store_stmt_step(l->irec, l->err)) == 1)
		if (fold_record(l, m, domain, l->irec, 1,
		    store_stmt_col_int64(l->irec, 0), l->ires, l->has_ires,
		    out) == -1)
			return -1;
	/* the result statements read to their end: the connection is free */
	for (k = 0; k < LITE_NRES; k++)
		store_stmt_reset(l->ires[k]);
	store_stmt_reset(l->irec);
	return rc;
}

int
lite_domain(struct lite *l, const char *domain, const struct report_opts *o,
    struct fail_rows *out)
{
	struct fail_ipmap m = { NULL, 0, 0 };
	int rc, ret = -1;

	store_stmt_reset(l->rep);
	if (store_stmt_bind_text(l->rep, 1, domain, l->err) == -1 ||
	    fail_bind_window(l->rep, o, l->err) == -1)
		goto done;
	while ((rc = store_stmt_step(l->rep, l->err)) == 1) {
		if (store_stmt_col_is_null(l->rep, 1))
			continue;	/* no records */
		if (lite_report(l, &m, domain, store_stmt_col_int64(l->rep, 0),
		    store_stmt_col_int64(l->rep, 1),
		    store_stmt_col_int64(l->rep, 2), out) == -1)
			goto done;
	}
	if (rc == -1)
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
	if (store_stmt_open(st, "report/lite-reports", &l->rep, err) == -1 ||
	    store_stmt_open(st, "report/lite-records", &l->rec, err) == -1)
		return -1;
	if (store_stmt_open(st, "report/rollup-batch-records", &l->irec,
	    err) == -1)
		return -1;
	for (k = 0; k < LITE_NRES; k++)
		if (store_stmt_open(st, lite_res_name[k], &l->res[k], err) == -1 ||
		    store_stmt_open(st, lite_ires_name[k], &l->ires[k],
		    err) == -1)
			return -1;
	return 0;
}

void
lite_close(struct lite *l)
{
	int k;

	store_stmt_close(l->rep);
	store_stmt_close(l->rec);
	store_stmt_close(l->irec);
	for (k = 0; k < LITE_NRES; k++) {
		store_stmt_close(l->res[k]);
		store_stmt_close(l->ires[k]);
	}
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
