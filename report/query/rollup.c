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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/query/failures_int.h"
#include "store/read.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/count.h"

/* The fingerprint columns (rollup-fingerprints.sql, rollup-cached.sql):
 * reports, sum of ids, max id, sums of record_count and message_count, max
 * ingested_at. */
#define FP_N	6
#define DAY	86400
#define LEVEL_MAX	4	/* blocks of 2, 4, 8, 16 days */

/* A unit of the cache: an interval (level 0, its reports' b, e) or a
 * block (level 1 to 4, the days [b, e)). */
struct unit {
	int		 level;
	int64_t		 b, e;
	int64_t		 fp[FP_N];	/* now */
	bool		 fresh;		/* the cache's rows are current */
	bool		 used;		/* a block with intervals */
	bool		 computed;	/* rows below hold it, to be stored */
	long		 blk;		/* an interval's block, or -1 */
	struct fail_rows rows;
};

struct units {
	struct unit	*v;
	size_t		 n, cap;
};

/* The statements of a run, opened on first use. */
struct rollup {
	struct store	*st, *wst;
	struct store_stmt *fps, *cached, *src, *srcip, *irep;
	struct store_stmt *put, *clear, *sput;
	struct lite	 l;
	struct dr_err	*err;
	const struct rollup_want *want;	/* this domain's IPs, or NULL */
};

static void
units_release(struct units *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		fail_rows_release(&u->v[i].rows);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

static struct unit *
unit_add(struct units *u, struct dr_err *err)
{
	struct unit *v;

	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 64;

		if ((v = reallocarray(u->v, cap, sizeof(*v))) == NULL) {
			dr_fail(err, R_NOMEM, "rollup");
			return NULL;
		}
		u->v = v;
		u->cap = cap;
	}
	v = &u->v[u->n++];
	memset(v, 0, sizeof(*v));
	v->blk = -1;
	return v;
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
    struct units *iv)
{
	struct unit *v;
	int k, rc;

	if (bind_win(ru->fps, domain, o, ru->err) == -1)
		return -1;
	while ((rc = store_stmt_step(ru->fps, ru->err)) == 1) {
		if ((v = unit_add(iv, ru->err)) == NULL)
			return -1;
		v->b = store_stmt_col_int64(ru->fps, 0);
		v->e = store_stmt_col_int64(ru->fps, 1);
		for (k = 0; k < FP_N; k++)
			v->fp[k] = store_stmt_col_int64(ru->fps, 2 + k);
	}
	return rc;
}

static int64_t
floor_day(int64_t t)
{
	return t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
}

/*
 * The blocks of the window [s, e): from the first midnight inside it, at
 * each day the largest block aligned there that ends inside it, else one
 * day (its intervals stay level 0).
 */
static int
make_blocks(const struct report_opts *o, struct units *bl, struct dr_err *err)
{
	int64_t p, end, size;
	struct unit *v;
	int k;

	if (o->win_end <= o->win_start)
		return 0;
	p = floor_day(o->win_start);
	if (p * DAY < o->win_start)
		p++;
	end = floor_day(o->win_end);
	while (p < end) {
		for (k = LEVEL_MAX; k >= 1; k--) {
			size = (int64_t)1 << k;
			if (((p % size) + size) % size == 0 && p + size <= end)
				break;
		}
		if (k == 0) {
			p++;
			continue;
		}
		if ((v = unit_add(bl, err)) == NULL)
			return -1;
		v->level = k;
		v->b = p * DAY;
		v->e = (p + size) * DAY;
		p += size;
	}
	return 0;
}

/* Adds fingerprint b into a (a block's, from its intervals). */
static void
fp_combine(int64_t *a, const int64_t *b)
{
	a[0] = (int64_t)((uint64_t)a[0] + (uint64_t)b[0]);
	a[1] = (int64_t)((uint64_t)a[1] + (uint64_t)b[1]);
	a[2] = a[2] > b[2] ? a[2] : b[2];
	a[3] = (int64_t)((uint64_t)a[3] + (uint64_t)b[3]);
	a[4] = (int64_t)((uint64_t)a[4] + (uint64_t)b[4]);
	a[5] = a[5] > b[5] ? a[5] : b[5];
}

/* Puts each interval into the block holding its date_begin, if any. */
static void
assign(struct units *iv, struct units *bl)
{
	struct unit *v, *k;
	size_t i, j;

	for (i = 0; i < iv->n; i++) {
		v = &iv->v[i];
		if (v->e < v->b)
			continue;
		for (j = 0; j < bl->n; j++) {
			k = &bl->v[j];
			if (v->b < k->b || v->b >= k->e)
				continue;
			if (!k->used) {
				memcpy(k->fp, v->fp, sizeof(k->fp));
				k->used = true;
			} else
				fp_combine(k->fp, v->fp);
			v->blk = (long)j;
			break;
		}
	}
}

/* The unit (level, b, e) of iv (level 0, sorted by end, begin) or bl. */
static struct unit *
unit_find(struct units *iv, struct units *bl, int level, int64_t b, int64_t e)
{
	size_t lo = 0, hi, mid;
	struct unit *v;

	if (level != 0) {
		for (lo = 0; lo < bl->n; lo++)
			if (bl->v[lo].level == level && bl->v[lo].b == b &&
			    bl->v[lo].e == e)
				return bl->v[lo].used ? &bl->v[lo] : NULL;
		return NULL;
	}
	hi = iv->n;
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

/* Marks the units whose cached fingerprint is the one now. */
static int
read_cached(struct rollup *ru, const char *domain, const struct report_opts *o,
    struct units *iv, struct units *bl)
{
	struct unit *v;
	int k, rc;
	bool same;

	if (bind_win(ru->cached, domain, o, ru->err) == -1)
		return -1;
	while ((rc = store_stmt_step(ru->cached, ru->err)) == 1) {
		v = unit_find(iv, bl, (int)store_stmt_col_int64(ru->cached, 0),
		    store_stmt_col_int64(ru->cached, 1),
		    store_stmt_col_int64(ru->cached, 2));
		if (v == NULL)
			continue;	/* not this window's, or all gone */
		same = true;
		for (k = 0; k < FP_N; k++)
			if (store_stmt_col_int64(ru->cached, 3 + k) != v->fp[k])
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

/* Folds the current row of s (rollup-sources.sql's columns) into the
 * row of (domain, its IP) of out.  -2: a malformed (hand-edited) row. */
static int
fold_cached(struct store_stmt *s, const char *domain, struct fail_ipmap *m,
    struct fail_rows *out, bool *over, struct dr_err *err)
{
	struct fail_row *w;
	const char *ip;
	int d;

	if ((ip = store_stmt_col_text(s, 0)) == NULL)
		ip = "";
	if ((w = fail_row_for(m, out, domain, ip)) == NULL)
		return dr_fail(err, R_NOMEM, "rollup rows");
	(void)dr_count_acc(&w->records, store_stmt_col_int64(s, 1));
	(void)dr_count_acc(&w->messages, store_stmt_col_int64(s, 2));
	(void)dr_count_acc(&w->dmarc_fail, store_stmt_col_int64(s, 3));
	(void)dr_count_acc(&w->spf_fail, store_stmt_col_int64(s, 4));
	(void)dr_count_acc(&w->dkim_fail, store_stmt_col_int64(s, 5));
	(void)dr_count_acc(&w->forwarded, store_stmt_col_int64(s, 6));
	(void)dr_count_acc(&w->mailing_list, store_stmt_col_int64(s, 7));
	if (store_stmt_col_int64(s, 8) != 0)
		*over = true;
	if ((d = set_decode(store_stmt_col_text(s, 9), &w->header_from)) == 0 &&
	    (d = set_decode(store_stmt_col_text(s, 10),
	    &w->spf_domains)) == 0)
		d = set_decode(store_stmt_col_text(s, 11), &w->dkim_domains);
	if (d == -1)
		return dr_fail(err, R_NOMEM, "rollup rows");
	if (w->header_from.truncated || w->spf_domains.truncated ||
	    w->dkim_domains.truncated)
		*over = true;
	return d;
}

static int
bind_unit(struct store_stmt *s, const char *domain, const struct unit *u,
    struct dr_err *err)
{
	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, domain, err) == -1 ||
	    store_stmt_bind_int64(s, 2, u->level, err) == -1 ||
	    store_stmt_bind_int64(s, 3, u->b, err) == -1 ||
	    store_stmt_bind_int64(s, 4, u->e, err) == -1)
		return -1;
	return 0;
}

/* IPs per rollup-source-ips statement. */
#define IPS_BATCH	1000

/* Folds the rows of s (bound) into out; a malformed (hand-edited) row
 * stops it with *over set (see one_domain()).  0 or -1. */
static int
fold_stmt(struct rollup *ru, struct store_stmt *s, const char *domain,
    struct fail_ipmap *m, struct fail_rows *out, bool *over)
{
	int rc, d;

	while ((rc = store_stmt_step(s, ru->err)) == 1)
		if ((d = fold_cached(s, domain, m, out, over, ru->err)) != 0) {
			if (d == -1)
				return -1;
			*over = true;
			return 0;
		}
	return rc;
}

/* The cached rows of unit u (all, or only ips[0..nips): one statement per
 * IPS_BATCH of them) into out. */
static int
read_unit(struct rollup *ru, const char *domain, const struct unit *u,
    const char *const *ips, size_t nips, struct fail_ipmap *m,
    struct fail_rows *out, bool *over)
{
	struct buf b;
	size_t i = 0;
	int rc = 0;

	if (ips == NULL)
		return bind_unit(ru->src, domain, u, ru->err) == -1 ? -1 :
		    fold_stmt(ru, ru->src, domain, m, out, over);
	buf_init(&b, (size_t)1 << 30);
	while (rc == 0 && !*over && i < nips) {
		if (buf_json_batch(&b, ips, NULL, nips, &i, IPS_BATCH) == -1)
			rc = dr_fail(ru->err, R_NOMEM, "rollup rows");
		else if (bind_unit(ru->srcip, domain, u, ru->err) == -1 ||
		    store_stmt_bind_text(ru->srcip, 5, b.data, ru->err) == -1)
			rc = -1;
		else
			rc = fold_stmt(ru, ru->srcip, domain, m, out, over);
	}
	buf_release(&b);
	return rc;
}

/* The rows of interval v from its reports' records, the reports in id
 * order (lite_fold_reports(): on PostgreSQL in batches). */
static int
compute(struct rollup *ru, const char *domain, struct unit *v)
{
	struct fail_ipmap m = { NULL, 0, 0 };
	struct store_stmt *s = ru->irep;
	int rc = -1;

	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, domain, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 2, v->b, ru->err) == -1 ||
	    store_stmt_bind_int64(s, 3, v->e, ru->err) == -1)
		goto done;
	/* An interval: with the weekly page's data (struct fail_wk). */
	ru->l.wk = true;
	rc = lite_fold_reports(&ru->l, &m, domain, s, &v->rows);
	ru->l.wk = false;
	v->computed = rc == 0;
done:
	free(m.slot);
	return rc;
}

/* Block k's rows from its intervals: the cached ones read, the others
 * computed (and kept, to be stored too). */
static int
build_block(struct rollup *ru, const char *domain, struct units *iv,
    size_t k, struct unit *blk, bool *over)
{
	struct fail_ipmap m = { NULL, 0, 0 };
	struct unit *v;
	size_t i, j;
	int ret = -1;

	for (i = 0; i < iv->n; i++) {
		v = &iv->v[i];
		if (v->blk != (long)k)
			continue;
		if (v->fresh) {
			if (read_unit(ru, domain, v, NULL, 0, &m, &blk->rows,
			    over) == -1)
				goto done;
			continue;
		}
		if (compute(ru, domain, v) == -1)
			goto done;
		for (j = 0; j < v->rows.n; j++)
			if (row_fold(&m, &blk->rows, &v->rows.v[j], over,
			    ru->err) == -1)
				goto done;
	}
	blk->computed = true;
	ret = 0;
done:
	free(m.slot);
	return ret;
}

static int
run_done(struct store_stmt *s, struct dr_err *err)
{
	int rc = store_stmt_step(s, err);

	store_stmt_reset(s);
	return rc == -1 ? -1 : 0;
}

/* Appends wk's six fields (migration 14; a block's, NULL: 0 and ''). */
static int
wk_json(struct buf *b, const struct fail_wk *wk)
{
	const struct fail_wk_fail *f = wk != NULL ? wk->f : NULL;
	struct buf t;
	size_t i;
	int ret = -1;

	if (wk == NULL)
		return buf_puts(b, ",0,0,0,0,\"\",\"\"");
	buf_init(&t, (size_t)1 << 30);
	if (buf_printf(b, ",%lld,%lld,%lld,%lld,", (long long)wk->fail,
	    (long long)wk->pass, (long long)wk->pass_dkim,
	    (long long)wk->pass_spf) == -1)
		goto done;
	for (i = 0; f != NULL && i < f->n_sample; i++)
		if (buf_printf(&t, "%s%lld.%lld", i > 0 ? "," : "",
		    (long long)f->sample[i][0],
		    (long long)f->sample[i][1]) == -1)
			goto done;
	if (buf_append(&t, "", 1) == -1 || buf_json_str(b, t.data) == -1 ||
	    buf_append(b, ",", 1) == -1)
		goto done;
	buf_reset(&t);
	for (i = 0; f != NULL && i < f->n_rep; i++)
		if (buf_printf(&t, "%lld:%zu:", (long long)f->rep[i].rid,
		    strlen(f->rep[i].key)) == -1 ||
		    buf_append(&t, f->rep[i].key, strlen(f->rep[i].key)) == -1)
			goto done;
	if (buf_append(&t, "", 1) == -1 || buf_json_str(b, t.data) == -1)
		goto done;
	ret = 0;
done:
	buf_release(&t);
	return ret;
}

/* Row r as rollup-source-put.sql's JSON array. */
static int
row_json(struct buf *b, const struct fail_row *r)
{
	const struct strset *set[3] = { &r->header_from, &r->spf_domains,
	    &r->dkim_domains };
	int64_t t = (r->header_from.truncated ? 1 : 0) |
	    (r->spf_domains.truncated ? 2 : 0) |
	    (r->dkim_domains.truncated ? 4 : 0);
	char *enc;
	int k, rc;

	if (buf_append(b, "[", 1) == -1 || buf_json_str(b, r->source_ip) == -1 ||
	    buf_printf(b, ",%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld",
	    (long long)r->records, (long long)r->messages,
	    (long long)r->dmarc_fail, (long long)r->spf_fail,
	    (long long)r->dkim_fail, (long long)r->forwarded,
	    (long long)r->mailing_list, (long long)t) == -1)
		return -1;
	for (k = 0; k < 3; k++) {
		if ((enc = set_encode(set[k])) == NULL)
			return -1;
		rc = buf_append(b, ",", 1) == -1 || buf_json_str(b, enc) == -1;
		free(enc);
		if (rc)
			return -1;
	}
	return wk_json(b, r->wk) == -1 ? -1 : buf_append(b, "]", 1);
}

/* Rows per rollup-source-put statement. */
#define PUT_BATCH	4000

/* Rows ord[from .. to) of v in one statement. */
static int
put_rows(struct rollup *ru, const char *domain, const struct unit *v,
    const struct fail_row *const *ord, size_t from, size_t to)
{
	struct buf b;
	size_t j;
	int ret = -1;

	buf_init(&b, (size_t)1 << 34);	/* a cap the rows never reach */
	if (buf_append(&b, "[", 1) == -1)
		goto nomem;
	for (j = from; j < to; j++)
		if ((j > from && buf_append(&b, ",", 1) == -1) ||
		    row_json(&b, ord[j]) == -1)
			goto nomem;
	if (buf_append(&b, "]", 1) == -1)
		goto nomem;
	if (bind_unit(ru->sput, domain, v, ru->err) == -1 ||
	    store_stmt_bind_text(ru->sput, 5, b.data, ru->err) == -1)
		goto done;
	ret = run_done(ru->sput, ru->err);
	goto done;
nomem:
	dr_fail(ru->err, R_NOMEM, "rollup rows");
done:
	buf_release(&b);
	return ret;
}

static int
cmp_row_ip(const void *a, const void *b)
{
	return strcmp((*(const struct fail_row *const *)a)->source_ip,
	    (*(const struct fail_row *const *)b)->source_ip);
}

/*
 * Writes unit v: its fingerprint, then its rows in source_ip order, the
 * order rollup-sources.sql reads them in (the primary key's).  On
 * PostgreSQL rows land in the heap in the order written: a unit written in
 * the order it was folded in scattered its rows, one page read per row
 * (42,000 pages for a 41,688-row block, 43 ms); in key order 1,536 pages,
 * 22 ms.  (SQLite's WITHOUT ROWID table keeps them in key order itself.)
 */
static int
put_unit(struct rollup *ru, const char *domain, const struct unit *v)
{
	const struct fail_row **ord = NULL;
	size_t j;
	int k, ret = -1;

	if (bind_unit(ru->put, domain, v, ru->err) == -1)
		return -1;
	for (k = 0; k < FP_N; k++)
		if (store_stmt_bind_int64(ru->put, 5 + k, v->fp[k],
		    ru->err) == -1)
			return -1;
	if (run_done(ru->put, ru->err) == -1 ||
	    bind_unit(ru->clear, domain, v, ru->err) == -1 ||
	    run_done(ru->clear, ru->err) == -1)
		return -1;
	if ((ord = calloc(v->rows.n + 1, sizeof(*ord))) == NULL)
		return dr_fail(ru->err, R_NOMEM, "rollup rows");
	for (j = 0; j < v->rows.n; j++)
		ord[j] = &v->rows.v[j];
	if (v->rows.n > 1)
		qsort(ord, v->rows.n, sizeof(*ord), cmp_row_ip);
	for (j = 0; j < v->rows.n; j += PUT_BATCH)
		if (put_rows(ru, domain, v, ord, j, j + PUT_BATCH < v->rows.n ?
		    j + PUT_BATCH : v->rows.n) == -1)
			goto done;
	ret = 0;
done:
	free(ord);
	return ret;
}

/* Writes the computed units of one domain, in one transaction. */
static int
store_computed(struct rollup *ru, const char *domain, const struct units *iv,
    const struct units *bl)
{
	const struct units *u[2] = { iv, bl };
	size_t i;
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
	for (k = 0; k < 2; k++)
		for (i = 0; i < u[k]->n; i++)
			if (u[k]->v[i].computed &&
			    put_unit(ru, domain, &u[k]->v[i]) == -1)
				goto fail;
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

/* Folds unit v's rows, cached or computed, into the window's rows. */
static int
use_unit(struct rollup *ru, const char *domain, struct units *iv, size_t k,
    struct unit *v, struct fail_ipmap *m, struct fail_rows *out, bool *over)
{
	const char *const *ips = ru->want != NULL ? ru->want->ips : NULL;
	size_t nips = ru->want != NULL ? ru->want->n : 0;
	size_t j;

	if (v->fresh)
		return read_unit(ru, domain, v, ips, nips, m, out, over);
	if (v->level == 0) {
		if (compute(ru, domain, v) == -1)
			return -1;
	} else if (build_block(ru, domain, iv, k, v, over) == -1)
		return -1;
	for (j = 0; j < v->rows.n; j++)
		if (row_fold(m, out, &v->rows.v[j], over, ru->err) == -1)
			return -1;
	return 0;
}

/* One domain's rows, from the cache and the computed units. */
static int
one_domain(struct rollup *ru, const char *domain, const struct report_opts *o,
    struct fail_rows *out)
{
	struct fail_ipmap m = { NULL, 0, 0 };
	struct dr_err werr = DR_ERR_INIT;
	struct units iv = { NULL, 0, 0 }, bl = { NULL, 0, 0 };
	size_t i, n0 = out->n;
	bool over = false, in_txn = false, any = false;
	int k, ret = -1;

	if (store_read_begin(ru->st, ru->err) == -1)
		goto done;
	in_txn = true;
	if (read_fps(ru, domain, o, &iv) == -1 ||
	    make_blocks(o, &bl, ru->err) == -1)
		goto done;
	assign(&iv, &bl);
	if (read_cached(ru, domain, o, &iv, &bl) == -1)
		goto done;
	for (i = 0; i < bl.n && !over; i++)
		if (bl.v[i].used && use_unit(ru, domain, &iv, i, &bl.v[i], &m,
		    out, &over) == -1)
			goto done;
	for (i = 0; i < iv.n && !over; i++)
		if (iv.v[i].blk == -1 && use_unit(ru, domain, &iv, 0,
		    &iv.v[i], &m, out, &over) == -1)
			goto done;
	if (over) {
		/* A set beyond STRSET_MAX, or a malformed cache row: as
		 * report_failures_lite(), and nothing stored. */
		rows_cut(out, n0);
		if (lite_domain(&ru->l, domain, o, out) == -1)
			goto done;
	}
	store_stmt_reset(ru->l.rep);
	store_stmt_reset(ru->l.rec);
	for (k = 0; k < LITE_NRES; k++)
		store_stmt_reset(ru->l.res[k]);
	store_stmt_reset(ru->fps);
	store_stmt_reset(ru->cached);
	store_stmt_reset(ru->src);
	store_stmt_reset(ru->srcip);
	store_stmt_reset(ru->irep);
	in_txn = false;
	if (store_commit(ru->st, ru->err) == -1)
		goto done;
	ret = 0;
	for (i = 0; i < iv.n; i++)
		any |= iv.v[i].computed;
	for (i = 0; i < bl.n; i++)
		any |= bl.v[i].computed;
	/* A cache: failing to keep it costs time on the next run only. */
	if (any && !over && ru->wst != NULL) {
		ru->err = &werr;
		(void)store_computed(ru, domain, &iv, &bl);
		ru->err = ru->l.err;
		dr_err_clear(&werr);
	}
done:
	if (in_txn)
		store_rollback(ru->st);
	free(m.slot);
	units_release(&iv);
	units_release(&bl);
	return ret;
}

int
report_failures_rollup(struct store *st, struct store *wst,
    const struct report_opts *o, const struct rollup_want *want,
    size_t nwant, struct fail_rows *out, struct dr_err *err)
{
	struct rollup ru;
	struct strset doms = { NULL, 0, 0, false };
	size_t i, j;
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
	    store_stmt_open(st, "report/rollup-source-ips", &ru.srcip,
	    err) == -1 ||
	    store_stmt_open(st, "report/rollup-interval-reports", &ru.irep,
	    err) == -1)
		goto done;
	if (report_window_domains(st, o, &doms, err) == -1)
		goto done;
	for (i = 0; i < doms.n; i++) {
		ru.want = NULL;
		for (j = 0; want != NULL && j < nwant; j++)
			if (strcmp(want[j].domain, doms.v[i]) == 0)
				ru.want = &want[j];
		if (want != NULL && ru.want == NULL)
			continue;
		if (one_domain(&ru, doms.v[i], o, out) == -1)
			goto done;
	}
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
	store_stmt_close(ru.srcip);
	store_stmt_close(ru.irep);
	store_stmt_close(ru.put);
	store_stmt_close(ru.clear);
	store_stmt_close(ru.sput);
	return ret;
}
