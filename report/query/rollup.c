/*
 * report/query/rollup.c -- report_failures_rollup(): report_failures_lite()'s
 * rows read from the window rollup, a derived cache
 * (sql/migrations/0012-rollup.sql), instead of every record of the window.
 *
 * Design rationale:
 *  - The unit is the interval: a policy domain and a reports' own
 *    (date_begin, date_end).  A window (lite-reports.sql's overlap rule)
 *    takes whole intervals, so the window's (domain, IP) row is the fold of
 *    its intervals' rows: counts add (saturating, so in any order), sets
 *    unite.  Over 28 days of the 10,000,000-record benchmark that is
 *    1,100,000 cached rows instead of 3,200,000 records with their results.
 *  - Off the ingest path: dmarc-ingest never writes here (three hosts
 *    ingesting one day's reports would serialize on shared rows).  Per
 *    domain, one GROUP BY over the window's reports gives each interval's
 *    fingerprint now (rollup-fingerprints.sql: count, sum and max of ids,
 *    sums of record_count and message_count, max ingested_at); an interval
 *    whose cached fingerprint differs or is missing -- a report arrived,
 *    some were pruned -- is computed from its records by lite_report(), the
 *    raw path restricted to its reports.  All of it in one read
 *    transaction, so the fingerprints, the cached rows and the records are
 *    one snapshot.
 *  - The computed intervals are stored afterwards in one write transaction
 *    on wst (the database itself, or the primary --write-db names when it
 *    is a standby), each with the fingerprint of that snapshot: a report
 *    landing in between makes the next run see a difference and compute
 *    again.  A run that cannot write (read-only, busy, a standby without
 *    --write-db, any failure) keeps them for itself: never an error.  Two
 *    runs writing one interval serialize on its rollup_intervals row
 *    (rollup-interval-put.sql); the last one wins, and both are right.
 *  - Exactness over sets: a cached set holds every distinct value up to
 *    STRSET_MAX.  Which values a truncated set keeps depends on the order
 *    records are read in, so when a domain's union would exceed
 *    STRSET_MAX (or an interval's did) that domain is computed from the
 *    records as report_failures_lite() does: the same answer, without the
 *    cache.  Hostile input only; real sets hold a few values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/query/failures_int.h"
#include "store/read.h"
#include "store/store.h"
#include "util/count.h"

/* The fingerprint columns (rollup-fingerprints.sql, rollup-cached.sql). */
#define FP_N	6

/* One interval of a domain in the window. */
struct ivl {
	int64_t		 b, e;
	int64_t		 fp[FP_N];
	bool		 fresh;		/* the cache's rows are current */
	struct fail_rows rows;		/* computed here (not fresh) */
};

struct ivls {
	struct ivl	*v;
	size_t		 n, cap;
};

/* The statements of a run, opened on first use. */
struct rollup {
	struct store	*st, *wst;
	struct store_stmt *fps, *cached, *src, *irep;
	struct store_stmt *put, *clear, *sput;
	struct lite	 l;
	bool		 l_open;
	struct dr_err	*err;
};

static void
ivls_release(struct ivls *iv)
{
	size_t i;

	for (i = 0; i < iv->n; i++)
		fail_rows_release(&iv->v[i].rows);
	free(iv->v);
	memset(iv, 0, sizeof(*iv));
}

static int
bind_win(struct store_stmt *s, const char *domain, const struct report_opts *o,
    struct dr_err *err)
{
	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, domain, err) == -1 ||
	    fail_bind_window(s, o, err) == -1)
		return -1;
	return 0;
}

/* The window's intervals with their fingerprints now, by (end, begin). */
static int
read_fps(struct rollup *ru, const char *domain, const struct report_opts *o,
    struct ivls *iv)
{
	struct ivl *v;
	int k, rc;

	if (bind_win(ru->fps, domain, o, ru->err) == -1)
		return -1;
	while ((rc = store_stmt_step(ru->fps, ru->err)) == 1) {
		if (iv->n == iv->cap) {
			size_t cap = iv->cap ? iv->cap * 2 : 64;

			if ((v = reallocarray(iv->v, cap, sizeof(*v))) == NULL)
				return dr_fail(ru->err, R_NOMEM, "rollup");
			iv->v = v;
			iv->cap = cap;
		}
		v = &iv->v[iv->n++];
		memset(v, 0, sizeof(*v));
		v->b = store_stmt_col_int64(ru->fps, 0);
		v->e = store_stmt_col_int64(ru->fps, 1);
		for (k = 0; k < FP_N; k++)
			v->fp[k] = store_stmt_col_int64(ru->fps, 2 + k);
	}
	return rc;
}

/* The interval (b, e) of iv (sorted by end, begin), or NULL. */
static struct ivl *
ivl_find(struct ivls *iv, int64_t b, int64_t e)
{
	size_t lo = 0, hi = iv->n, mid;
	struct ivl *v;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		v = &iv->v[mid];
		if (v->e == e && v->b == b)
			return v;
		if (v->e < e || (v->e == e && v->b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Marks the intervals whose cached fingerprint is the one now. */
static int
read_cached(struct rollup *ru, const char *domain, const struct report_opts *o,
    struct ivls *iv)
{
	struct ivl *v;
	int k, rc;
	bool same;

	if (bind_win(ru->cached, domain, o, ru->err) == -1)
		return -1;
	while ((rc = store_stmt_step(ru->cached, ru->err)) == 1) {
		v = ivl_find(iv, store_stmt_col_int64(ru->cached, 0),
		    store_stmt_col_int64(ru->cached, 1));
		if (v == NULL)
			continue;	/* every report of it gone */
		same = true;
		for (k = 0; k < FP_N; k++)
			if (store_stmt_col_int64(ru->cached, 2 + k) != v->fp[k])
				same = false;
		v->fresh = same;
	}
	return rc;
}

/*
 * Sets as stored: each value as its length in decimal, ':', its bytes.
 * Adds the values of text to s; -1 out of memory, -2 malformed.
 */
static int
set_decode(const char *text, struct strset *s)
{
	const char *p = text;
	char *end, buf[256], *val;
	unsigned long long len;
	int rc;

	if (p == NULL)
		return 0;
	while (*p != '\0') {
		if (*p < '0' || *p > '9')
			return -2;
		len = strtoull(p, &end, 10);
		if (*end != ':' || len == 0 || strnlen(end + 1, len) < len)
			return -2;
		p = end + 1;
		if (len < sizeof(buf)) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			rc = strset_add(s, buf);
		} else {
			if ((val = strndup(p, len)) == NULL)
				return -1;
			rc = strset_add(s, val);
			free(val);
		}
		if (rc == -1)
			return -1;
		p += len;
	}
	return 0;
}

/* s encoded as set_decode() reads it; NULL when out of memory. */
static char *
set_encode(const struct strset *s)
{
	char *out = NULL;
	size_t len = 0, i;
	FILE *fp;

	if ((fp = open_memstream(&out, &len)) == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
		(void)fprintf(fp, "%zu:%s", strlen(s->v[i]), s->v[i]);
	if (fclose(fp) == EOF) {
		free(out);
		return NULL;
	}
	return out;
}

/* Unites src into dst; *over when dst had to drop a value. */
static int
set_unite(struct strset *dst, const struct strset *src, bool *over)
{
	size_t i;

	if (src->truncated)
		*over = true;
	for (i = 0; i < src->n; i++)
		if (strset_add(dst, src->v[i]) == -1)
			return -1;
	if (dst->truncated)
		*over = true;
	return 0;
}

/* Adds an interval's row to the window's row of the same (domain, IP). */
static int
row_fold(struct fail_ipmap *m, struct fail_rows *out, const struct fail_row *r,
    bool *over, struct dr_err *err)
{
	struct fail_row *w;

	if ((w = fail_row_for(m, out, r->domain, r->source_ip)) == NULL)
		return dr_fail(err, R_NOMEM, "rollup rows");
	(void)dr_count_acc(&w->records, r->records);
	(void)dr_count_acc(&w->messages, r->messages);
	(void)dr_count_acc(&w->dmarc_fail, r->dmarc_fail);
	(void)dr_count_acc(&w->spf_fail, r->spf_fail);
	(void)dr_count_acc(&w->dkim_fail, r->dkim_fail);
	(void)dr_count_acc(&w->forwarded, r->forwarded);
	(void)dr_count_acc(&w->mailing_list, r->mailing_list);
	if (set_unite(&w->header_from, &r->header_from, over) == -1 ||
	    set_unite(&w->spf_domains, &r->spf_domains, over) == -1 ||
	    set_unite(&w->dkim_domains, &r->dkim_domains, over) == -1)
		return dr_fail(err, R_NOMEM, "rollup rows");
	return 0;
}

/* The cached rows of the fresh intervals into the window's rows. */
static int
read_sources(struct rollup *ru, const char *domain,
    const struct report_opts *o, struct ivls *iv, struct fail_ipmap *m,
    struct fail_rows *out, bool *over)
{
	struct store_stmt *s = ru->src;
	struct fail_row *w;
	struct ivl *v = NULL;
	const char *ip;
	int64_t b, e, t;
	int rc, d;

	if (bind_win(s, domain, o, ru->err) == -1)
		return -1;
	while ((rc = store_stmt_step(s, ru->err)) == 1) {
		b = store_stmt_col_int64(s, 0);
		e = store_stmt_col_int64(s, 1);
		if (v == NULL || v->b != b || v->e != e)
			v = ivl_find(iv, b, e);
		if (v == NULL || !v->fresh)
			continue;
		if ((ip = store_stmt_col_text(s, 2)) == NULL)
			ip = "";
		if ((w = fail_row_for(m, out, domain, ip)) == NULL)
			return dr_fail(ru->err, R_NOMEM, "rollup rows");
		(void)dr_count_acc(&w->records, store_stmt_col_int64(s, 3));
		(void)dr_count_acc(&w->messages, store_stmt_col_int64(s, 4));
		(void)dr_count_acc(&w->dmarc_fail, store_stmt_col_int64(s, 5));
		(void)dr_count_acc(&w->spf_fail, store_stmt_col_int64(s, 6));
		(void)dr_count_acc(&w->dkim_fail, store_stmt_col_int64(s, 7));
		(void)dr_count_acc(&w->forwarded, store_stmt_col_int64(s, 8));
		(void)dr_count_acc(&w->mailing_list,
		    store_stmt_col_int64(s, 9));
		if ((t = store_stmt_col_int64(s, 10)) != 0)
			*over = true;
		if ((d = set_decode(store_stmt_col_text(s, 11),
		    &w->header_from)) == 0)
			d = set_decode(store_stmt_col_text(s, 12),
			    &w->spf_domains);
		if (d == 0)
			d = set_decode(store_stmt_col_text(s, 13),
			    &w->dkim_domains);
		if (d == -1)
			return dr_fail(ru->err, R_NOMEM, "rollup rows");
		if (d == -2) {
			/* A hand-edited cache row: compute the interval. */
			v->fresh = false;
			*over = true;
		}
		if (w->header_from.truncated || w->spf_domains.truncated ||
		    w->dkim_domains.truncated)
			*over = true;
	}
	return rc;
}

/* The rows of interval v from its reports' records (lite_report()). */
static int
compute(struct rollup *ru, const char *domain, struct ivl *v)
{
	struct fail_ipmap m = { NULL, 0, 0 };
	struct store_stmt *s = ru->irep;
	int rc = -1;

	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, domain, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 2, v->b, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 3, v->e, ru->err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, ru->err)) == 1) {
		if (store_stmt_col_is_null(s, 1))
			continue;	/* no records */
		if (lite_report(&ru->l, &m, domain, store_stmt_col_int64(s, 0),
		    store_stmt_col_int64(s, 1), store_stmt_col_int64(s, 2),
		    &v->rows) == -1) {
			rc = -1;
			goto done;
		}
	}
done:
	free(m.slot);
	return rc;
}

static int
run_done(struct store_stmt *s, struct dr_err *err)
{
	int rc = store_stmt_step(s, err);

	store_stmt_reset(s);
	return rc == -1 ? -1 : 0;
}

static int
put_row(struct rollup *ru, const struct ivl *v, const struct fail_row *r)
{
	struct store_stmt *s = ru->sput;
	char *set[3] = { NULL, NULL, NULL };
	int64_t t = (r->header_from.truncated ? 1 : 0) |
	    (r->spf_domains.truncated ? 2 : 0) |
	    (r->dkim_domains.truncated ? 4 : 0);
	int k, ret = -1;

	if ((set[0] = set_encode(&r->header_from)) == NULL ||
	    (set[1] = set_encode(&r->spf_domains)) == NULL ||
	    (set[2] = set_encode(&r->dkim_domains)) == NULL) {
		dr_fail(ru->err, R_NOMEM, "rollup rows");
		goto done;
	}
	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, r->domain, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 2, v->b, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 3, v->e, ru->err) == -1 ||
	    store_stmt_bind_text(s, 4, r->source_ip, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 5, r->records, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 6, r->messages, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 7, r->dmarc_fail, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 8, r->spf_fail, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 9, r->dkim_fail, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 10, r->forwarded, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 11, r->mailing_list, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 12, t, ru->err) == -1)
		goto done;
	for (k = 0; k < 3; k++)
		if (store_stmt_bind_text(s, 13 + k, set[k], ru->err) == -1)
			goto done;
	ret = run_done(s, ru->err);
done:
	for (k = 0; k < 3; k++)
		free(set[k]);
	return ret;
}

/* Writes the computed intervals of one domain, in one transaction. */
static int
store_computed(struct rollup *ru, const char *domain, const struct ivls *iv)
{
	const struct ivl *v;
	size_t i, j;
	int k;

	if ((ru->put == NULL &&
	    store_stmt_open(ru->wst, "report/rollup-interval-put", &ru->put,
	    ru->err) == -1) ||
	    (ru->clear == NULL &&
	    store_stmt_open(ru->wst, "report/rollup-interval-clear", &ru->clear,
	    ru->err) == -1) ||
	    (ru->sput == NULL &&
	    store_stmt_open(ru->wst, "report/rollup-source-put", &ru->sput,
	    ru->err) == -1))
		return -1;
	if (store_cache_begin(ru->wst, ru->err) == -1)
		return -1;
	for (i = 0; i < iv->n; i++) {
		v = &iv->v[i];
		if (v->fresh)
			continue;
		store_stmt_reset(ru->put);
		if (store_stmt_bind_text(ru->put, 1, domain, ru->err) == -1 ||
		    store_stmt_bind_int64(ru->put, 2, v->b, ru->err) == -1 ||
		    store_stmt_bind_int64(ru->put, 3, v->e, ru->err) == -1)
			goto fail;
		for (k = 0; k < FP_N; k++)
			if (store_stmt_bind_int64(ru->put, 4 + k, v->fp[k],
			    ru->err) == -1)
				goto fail;
		if (run_done(ru->put, ru->err) == -1)
			goto fail;
		store_stmt_reset(ru->clear);
		if (store_stmt_bind_text(ru->clear, 1, domain, ru->err) == -1 ||
		    store_stmt_bind_int64(ru->clear, 2, v->b, ru->err) == -1 ||
		    store_stmt_bind_int64(ru->clear, 3, v->e, ru->err) == -1 ||
		    run_done(ru->clear, ru->err) == -1)
			goto fail;
		for (j = 0; j < v->rows.n; j++)
			if (put_row(ru, v, &v->rows.v[j]) == -1)
				goto fail;
	}
	return store_commit(ru->wst, ru->err);
fail:
	store_rollback(ru->wst);
	return -1;
}

/* Drops the rows from n0 on (one domain's, on the way to the fallback). */
static void
rows_cut(struct fail_rows *out, size_t n0)
{
	size_t i;

	for (i = n0; i < out->n; i++)
		fail_row_release(&out->v[i]);
	out->n = n0;
}

/* One domain's rows, from the cache and the computed intervals. */
static int
one_domain(struct rollup *ru, const char *domain, const struct report_opts *o,
    struct fail_rows *out)
{
	struct fail_ipmap m = { NULL, 0, 0 };
	struct dr_err werr = DR_ERR_INIT;
	struct ivls iv = { NULL, 0, 0 };
	struct ivl *v;
	size_t i, j, n0 = out->n, stale = 0;
	bool over = false, in_txn = false;
	int ret = -1;

	if (store_read_begin(ru->st, ru->err) == -1)
		goto done;
	in_txn = true;
	if (read_fps(ru, domain, o, &iv) == -1 ||
	    read_cached(ru, domain, o, &iv) == -1 ||
	    read_sources(ru, domain, o, &iv, &m, out, &over) == -1)
		goto done;
	for (i = 0; i < iv.n && !over; i++) {
		v = &iv.v[i];
		if (v->fresh)
			continue;
		stale++;
		if (compute(ru, domain, v) == -1)
			goto done;
		for (j = 0; j < v->rows.n; j++)
			if (row_fold(&m, out, &v->rows.v[j], &over,
			    ru->err) == -1)
				goto done;
	}
	if (over) {
		/* A set beyond STRSET_MAX: as report_failures_lite(). */
		rows_cut(out, n0);
		if (lite_domain(&ru->l, domain, o, out) == -1)
			goto done;
		stale = 0;
	}
	store_stmt_reset(ru->l.rep);
	store_stmt_reset(ru->l.rec);
	for (i = 0; i < LITE_NRES; i++)
		store_stmt_reset(ru->l.res[i]);
	store_stmt_reset(ru->fps);
	store_stmt_reset(ru->cached);
	store_stmt_reset(ru->src);
	store_stmt_reset(ru->irep);
	in_txn = false;
	if (store_commit(ru->st, ru->err) == -1)
		goto done;
	ret = 0;
	/* A cache: failing to keep it costs time on the next run only. */
	if (stale > 0 && ru->wst != NULL) {
		ru->err = &werr;
		(void)store_computed(ru, domain, &iv);
		ru->err = ru->l.err;
		dr_err_clear(&werr);
	}
done:
	if (in_txn)
		store_rollback(ru->st);
	free(m.slot);
	ivls_release(&iv);
	return ret;
}

int
report_failures_rollup(struct store *st, struct store *wst,
    const struct report_opts *o, struct fail_rows *out, struct dr_err *err)
{
	struct rollup ru;
	struct strset doms = { NULL, 0, 0, false };
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&ru, 0, sizeof(ru));
	ru.st = st;
	ru.wst = wst;
	ru.err = err;
	if (lite_open(st, &ru.l, err) == -1 ||
	    store_stmt_open(st, "report/rollup-fingerprints", &ru.fps,
	    err) == -1 ||
	    store_stmt_open(st, "report/rollup-cached", &ru.cached, err) == -1 ||
	    store_stmt_open(st, "report/rollup-sources", &ru.src, err) == -1 ||
	    store_stmt_open(st, "report/rollup-interval-reports", &ru.irep,
	    err) == -1)
		goto done;
	if (report_window_domains(st, o, &doms, err) == -1)
		goto done;
	for (i = 0; i < doms.n; i++)
		if (one_domain(&ru, doms.v[i], o, out) == -1)
			goto done;
	if (out->n > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(out->v, out->n, sizeof(*out->v), fail_row_cmp);
	ret = 0;
done:
	if (ret == -1)
		fail_rows_release(out);
	strset_release(&doms);
	lite_close(&ru.l);
	store_stmt_close(ru.fps);
	store_stmt_close(ru.cached);
	store_stmt_close(ru.src);
	store_stmt_close(ru.irep);
	store_stmt_close(ru.put);
	store_stmt_close(ru.clear);
	store_stmt_close(ru.sput);
	return ret;
}
