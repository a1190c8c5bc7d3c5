/*
 * report/query/weekly_src.c -- the record-level parts of the weekly data: top
 * failing sources, senders that pass, DKIM selectors in use, and the
 * ingest log.
 *
 * Design rationale: only the window's reports are visited, so the cost
 * follows the week and not the database.  A report wholly in the window
 * puts all its messages there: its records' shares are their counts,
 * which the window rollup keeps per interval and source IP (rollup.c,
 * migration 14), so where the cache holds an interval as it is now
 * (its fingerprint) its cached rows stand for its records -- on the
 * 10,000,000-record benchmark's week 266,000 rows instead of 780,000
 * records.  The other reports (straddling the window's edges, or not
 * cached yet) are read record by record (weekly-records-of.sql, one
 * statement per few thousand reports).  Either way the failing messages
 * a report puts into the window (weekly.c) are shared out among its
 * failing records with the same cumulative floor rule as the days, so the
 * sources add up exactly to the domain's failures (weekly.h); the passing
 * ones among its passing records likewise.
 */
#include <stdlib.h>
#include <string.h>

#include "report/query/failures_int.h"
#include "report/query/weekly_int.h"
#include "util/outcome.h"
#include "store/read.h"
#include "util/buf.h"
#include "util/count.h"

/* Maps a comma-joined list of result words to what-failed bits. */
static unsigned
what_bits(const char *list, bool is_dkim)
{
	unsigned bits = 0;
	const char *p = list, *q;
	size_t n;

	if (list == NULL || *list == '\0')
		return is_dkim ? WF_DKIM_NONE : WF_SPF_NONE;
	while (*p != '\0') {
		q = strchr(p, ',');
		n = q ? (size_t)(q - p) : strlen(p);
		if (n == 4 && strncmp(p, "none", 4) == 0)
			bits |= is_dkim ? WF_DKIM_NONE : WF_SPF_NONE;
		else if (n == 4 && strncmp(p, "fail", 4) == 0)
			bits |= is_dkim ? WF_DKIM_FAIL : WF_SPF_FAIL;
		else if (n == 4 && strncmp(p, "pass", 4) == 0)
			bits |= is_dkim ? WF_DKIM_UNALIGNED : WF_SPF_UNALIGNED;
		else if (!is_dkim && n == 8 && strncmp(p, "softfail", 8) == 0)
			bits |= WF_SPF_SOFTFAIL;
		else
			bits |= is_dkim ? WF_DKIM_TEMP : WF_SPF_TEMP;
		p += n;
		if (*p == ',')
			p++;
	}
	return bits;
}

static int
source_get(struct build *bd, size_t di, const char *ip, struct weekly_source **out)
{
	struct weekly_domain *d = &bd->w->domains[di];
	struct dsrc *ds = &bd->srcs[di];
	struct weekly_source *src;
	size_t i;

	if (weekly_map_get(&ds->map, ip, &i)) {
		*out = &d->sources[i];
		return 0;
	}
	if (weekly_grow(&d->sources, &ds->cap, d->n_sources, sizeof(*d->sources)) == -1)
		return dr_fail(bd->err, R_NOMEM, "sources");
	src = &d->sources[d->n_sources];
	memset(src, 0, sizeof(*src));
	src->spf_today = -1;
	src->verdict = -1;
	if ((src->ip = strdup(ip)) == NULL ||
	    weekly_map_put(&ds->map, src->ip, d->n_sources) == -1) {
		free(src->ip);
		src->ip = NULL;
		return dr_fail(bd->err, R_NOMEM, "source");
	}
	d->n_sources++;
	*out = src;
	return 0;
}

/* Adds reporter ri, whose report rid has failing records of src: the
 * reporters are listed by their first such report (sort_first()). */
static int
source_add_reporter(struct weekly_source *src, size_t ri, int64_t rid)
{
	size_t i, cap;

	for (i = 0; i < src->n_reporters; i++)
		if (src->reporters[i] == ri) {
			if (rid < src->rep_first[i])
				src->rep_first[i] = rid;
			return 0;
		}
	cap = src->cap_reporters;
	if (weekly_grow(&src->rep_first, &cap, src->n_reporters,
	    sizeof(*src->rep_first)) == -1 ||
	    weekly_grow(&src->reporters, &src->cap_reporters, src->n_reporters,
	    sizeof(*src->reporters)) == -1)
		return -1;
	src->rep_first[src->n_reporters] = rid;
	src->reporters[src->n_reporters++] = ri;
	return 0;
}

static int
passer_get(struct build *bd, size_t di, const char *ip,
    struct weekly_passer **out)
{
	struct weekly_domain *d = &bd->w->domains[di];
	struct dsrc *ds = &bd->srcs[di];
	struct weekly_passer *p = NULL;
	size_t i;

	if (weekly_map_get(&ds->pmap, ip, &i)) {
		*out = &d->passers[i];
		return 0;
	}
	if (weekly_grow(&d->passers, &ds->pcap, d->n_passers,
	    sizeof(*d->passers)) == -1)
		return dr_fail(bd->err, R_NOMEM, "passing senders");
	p = &d->passers[d->n_passers];
	memset(p, 0, sizeof(*p));
	if ((p->ip = strdup(ip)) == NULL ||
	    weekly_map_put(&ds->pmap, p->ip, d->n_passers) == -1) {
		free(p->ip);
		p->ip = NULL;
		return dr_fail(bd->err, R_NOMEM, "passing sender");
	}
	d->n_passers++;
	*out = p;
	return 0;
}

/* One record of a window report as read (report/weekly-records-of),
 * its IP copied into the report's bytes (the row's text dies at the next
 * step). */
struct wrec {
	int64_t		 id, cnt;
	bool		 pass, dkim, spf;
	size_t		 ip;		/* offset into struct rbuf's ips */
};

/* The records of the report being read. */
struct rbuf {
	struct wrec	*v;
	size_t		 n, cap;
	struct buf	 ips;
	bool		 sorted;	/* ids came ascending */
};

/* A passing record's share of the window's passing messages. */
static int
add_passing(struct build *bd, const struct wrec *w, const struct wrep *r,
    const char *ip, int64_t share)
{
	struct weekly_passer *p = NULL;

	if (passer_get(bd, r->dom, ip, &p) == -1)
		return -1;
	(void)dr_count_acc(&p->msgs, share);
	if (w->dkim)
		(void)dr_count_acc(&p->dkim_aligned, share);
	if (w->spf)
		(void)dr_count_acc(&p->spf_aligned, share);
	return 0;
}

/* Where a report's records are while they are read: the messages shared
 * out so far. */
struct rstate {
	const struct wrep *r;
	int64_t		 cum, pcum;
};

/* One record of report st->r, in id order: failing into its domain's
 * sources, passing into its passers. */
static int
record_row(struct build *bd, const struct wrec *w, const char *ip,
    struct rstate *st)
{
	const struct wrep *r = st->r;
	struct weekly_source *src = NULL;
	bool fails = r->fail_win > 0 && r->fail_all > 0;
	bool passes = r->pass_win > 0 && r->pass_all > 0;
	int64_t share;

	if (w->pass) {
		if (passes && (share = fail_cum_share(r->pass_win, r->pass_all,
		    &st->pcum, w->cnt)) != 0 &&
		    add_passing(bd, w, r, ip, share) == -1)
			return -1;
		return 0;
	}
	if (!fails || (share = fail_cum_share(r->fail_win, r->fail_all, &st->cum,
	    w->cnt)) == 0)
		return 0;
	if (source_get(bd, r->dom, ip, &src) == -1)
		return -1;
	(void)dr_count_acc(&src->msgs, share);
	fail_sample_keep(src->sample, &src->n_sample, WEEKLY_SAMPLE, r->id,
	    w->id);
	if (source_add_reporter(src, r->rep, r->id) == -1)
		return dr_fail(bd->err, R_NOMEM, "source reporters");
	return 0;
}

/* Keeps the current row of s (a record of a kept report). */
static int
rbuf_add(struct build *bd, struct rbuf *rb, struct store_stmt *s)
{
	const char *ip = store_stmt_col_text(s, 1);
	int64_t cnt = store_stmt_col_int64(s, 2);
	struct wrec *w;

	if (ip == NULL || cnt <= 0)
		return 0;	/* no share, no effect on the others' */
	if (weekly_grow(&rb->v, &rb->cap, rb->n, sizeof(*rb->v)) == -1)
		return dr_fail(bd->err, R_NOMEM, "records");
	w = &rb->v[rb->n];
	w->id = store_stmt_col_int64(s, 3);
	w->cnt = cnt;
	w->pass = store_stmt_col_int64(s, 4) != 0;
	w->dkim = store_stmt_col_int64(s, 5) != 0;
	w->spf = store_stmt_col_int64(s, 6) != 0;
	w->ip = rb->ips.len;
	if (buf_append(&rb->ips, ip, strlen(ip) + 1) == -1)
		return dr_fail(bd->err, R_NOMEM, "records");
	if (rb->n > 0 && w->id < rb->v[rb->n - 1].id)
		rb->sorted = false;
	rb->n++;
	return 0;
}

static int
cmp_wrec(const void *a, const void *b)
{
	const struct wrec *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Shares out the kept records of report st->r in id order (they nearly
 * always come so: then no sort), and empties rb. */
static int
rbuf_flush(struct build *bd, struct rbuf *rb, struct rstate *st)
{
	size_t i;
	int ret = 0;

	if (!rb->sorted && rb->n > 1)
		qsort(rb->v, rb->n, sizeof(*rb->v), cmp_wrec);
	for (i = 0; i < rb->n && ret == 0; i++)
		ret = record_row(bd, &rb->v[i], rb->ips.data + rb->v[i].ip, st);
	rb->n = 0;
	rb->sorted = true;
	buf_reset(&rb->ips);
	return ret;
}

/* Report ids per weekly-records-of statement, intervals per
 * weekly-rollup-rows statement. */
#define RECORDS_BATCH	5000
#define ROLLUP_BATCH	2000

/* The window report of id (bd->wr is in id order), or NULL. */
static struct wrep *
wrep_of(struct build *bd, int64_t id)
{
	size_t lo = 0, hi = bd->n_wr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (bd->wr[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < bd->n_wr && bd->wr[lo].id == id ? &bd->wr[lo] : NULL;
}

static bool
kept(const struct wrep *r)
{
	return (r->fail_win > 0 && r->fail_all > 0) ||
	    (r->pass_win > 0 && r->pass_all > 0);
}

/* The records of reports ids (a JSON array, ascending) in one statement
 * (weekly-records-of.sql), a report's records shared out together in id
 * order. */
static int
records_batch(struct build *bd, struct store_stmt *s, const char *ids,
    struct rbuf *rb)
{
	struct rstate st = { NULL, 0, 0 };
	int64_t rid, cur = 0;
	bool have = false;
	int rc;

	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, ids, bd->err) == -1)
		return -1;
	while ((rc = store_stmt_step(s, bd->err)) == 1) {
		rid = store_stmt_col_int64(s, 0);
		if (!have || rid != cur) {
			if (have && rid < cur)	/* never: the order given */
				return dr_fail(bd->err, R_DB, "report/weekly-"
				    "records-of: reports out of order");
			if (st.r != NULL && rbuf_flush(bd, rb, &st) == -1)
				return -1;
			have = true;
			cur = rid;
			st = (struct rstate){ wrep_of(bd, rid), 0, 0 };
		}
		if (st.r != NULL && rbuf_add(bd, rb, s) == -1)
			return -1;
	}
	if (rc == -1 || (st.r != NULL && rbuf_flush(bd, rb, &st) == -1))
		return -1;
	store_stmt_reset(s);
	return 0;
}

/*
 * The records of the window's reports whose shares the rollup did not
 * give (from_rollup(): not wholly in the window, or their interval not
 * cached as it is now), in batches of RECORDS_BATCH reports in id order.
 * The failing messages a report puts into the window (weekly.c) are
 * shared out among its failing records with the same cumulative floor
 * rule as the days, so the sources add up exactly to the domain's
 * failures (weekly.h); the passing ones among its passing records.
 */
static int
from_records(struct build *bd)
{
	struct store_stmt *s = NULL;
	struct rbuf rb;
	struct buf ids;
	size_t i, n = 0;
	int ret = -1;

	memset(&rb, 0, sizeof(rb));
	rb.sorted = true;
	buf_init(&rb.ips, (size_t)1 << 30);
	buf_init(&ids, (size_t)1 << 30);
	if (store_stmt_open(bd->st, "report/weekly-records-of", &s,
	    bd->err) == -1)
		goto done;
	for (i = 0; i <= bd->n_wr; i++) {
		if (i < bd->n_wr && (bd->wr[i].cached || !kept(&bd->wr[i])))
			continue;
		if (n > 0 && (i == bd->n_wr || n == RECORDS_BATCH)) {
			if (buf_append(&ids, "]", 2) == -1)
				goto nomem;
			if (records_batch(bd, s, ids.data, &rb) == -1)
				goto done;
			buf_reset(&ids);
			n = 0;
		}
		if (i < bd->n_wr && buf_printf(&ids, "%s%lld", n++ == 0 ? "[" :
		    ",", (long long)bd->wr[i].id) == -1)
			goto nomem;
	}
	ret = 0;
	goto done;
nomem:
	dr_fail(bd->err, R_NOMEM, "records");
done:
	store_stmt_close(s);
	free(rb.v);
	buf_release(&rb.ips);
	buf_release(&ids);
	return ret;
}

/* An interval wholly in the window: a domain and its reports' (b, e). */
struct wint {
	size_t		 dom;
	int64_t		 b, e;
	int64_t		 fp[6];		/* as rollup-fingerprints.sql */
	bool		 ok;		/* fp fits (the sums did not overflow) */
	bool		 fresh;		/* the cache holds it as it is now */
	size_t		 first, n;	/* its reports: ix[first .. first + n) */
};

struct wints {
	struct wint	*v;
	size_t		 n;
	size_t		*ix;		/* into bd->wr, by (dom, b, e, id) */
};

/* A report wholly in the window, to sort by interval. */
struct wkey {
	size_t		 dom;
	int64_t		 b, e, id;
	size_t		 i;		/* into bd->wr */
};

static int
cmp_wkey(const void *a, const void *b)
{
	const struct wkey *x = a, *y = b;

	if (x->dom != y->dom)
		return x->dom < y->dom ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	if (x->e != y->e)
		return x->e < y->e ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The intervals of the window reports wholly in it, with their
 * fingerprints. */
static int
wints_make(struct build *bd, struct wints *wi)
{
	const struct wrep *r;
	struct wint *v = NULL;
	struct wkey *key = NULL;
	__int128 sum[3] = { 0, 0, 0 };
	size_t i, n = 0, k;

	memset(wi, 0, sizeof(*wi));
	if ((wi->ix = calloc(bd->n_wr + 1, sizeof(*wi->ix))) == NULL ||
	    (wi->v = calloc(bd->n_wr + 1, sizeof(*wi->v))) == NULL ||
	    (key = calloc(bd->n_wr + 1, sizeof(*key))) == NULL)
		return dr_fail(bd->err, R_NOMEM, "intervals");
	for (i = 0; i < bd->n_wr; i++) {
		r = &bd->wr[i];
		if (r->whole)
			key[n++] = (struct wkey){ r->dom, r->b, r->e, r->id, i };
	}
	if (n > 1)
		qsort(key, n, sizeof(*key), cmp_wkey);
	for (i = 0; i < n; i++)
		wi->ix[i] = key[i].i;
	free(key);
	for (i = 0; i < n; i++) {
		r = &bd->wr[wi->ix[i]];
		if (v == NULL || r->dom != v->dom || r->b != v->b ||
		    r->e != v->e) {
			v = &wi->v[wi->n++];
			*v = (struct wint){ r->dom, r->b, r->e, { 0 }, true,
			    false, i, 0 };
			v->fp[2] = INT64_MIN;
			v->fp[5] = INT64_MIN;
			sum[0] = sum[1] = sum[2] = 0;
		}
		v->n++;
		v->fp[0]++;
		sum[0] += r->id;
		sum[1] += r->nrec;
		sum[2] += r->nmsg;
		if (r->id > v->fp[2])
			v->fp[2] = r->id;
		if (r->ingested > v->fp[5])
			v->fp[5] = r->ingested;
		for (k = 0; k < 3; k++)
			if (sum[k] > INT64_MAX || sum[k] < INT64_MIN)
				v->ok = false;
		v->fp[1] = (int64_t)sum[0];
		v->fp[3] = (int64_t)sum[1];
		v->fp[4] = (int64_t)sum[2];
	}
	return 0;
}

static void
wints_release(struct wints *wi)
{
	free(wi->v);
	free(wi->ix);
	memset(wi, 0, sizeof(*wi));
}

/* The interval (dom, b, e), or NULL. */
static struct wint *
wint_find(struct wints *wi, size_t dom, int64_t b, int64_t e)
{
	size_t lo = 0, hi = wi->n, mid;
	struct wint *v;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		v = &wi->v[mid];
		if (v->dom < dom || (v->dom == dom && (v->b < b ||
		    (v->b == b && v->e < e))))
			lo = mid + 1;
		else
			hi = mid;
	}
	v = lo < wi->n ? &wi->v[lo] : NULL;
	return v != NULL && v->dom == dom && v->b == b && v->e == e ? v : NULL;
}

/* Marks the intervals the cache holds as they are now
 * (weekly-rollup-intervals.sql). */
static int
wints_fresh(struct build *bd, struct wints *wi)
{
	struct store_stmt *s = NULL;
	struct wint *v;
	const char *name;
	struct buf doms;
	size_t i, di, nd = 0;
	int k, rc, ret = -1;

	buf_init(&doms, (size_t)1 << 30);
	for (i = 0; i < wi->n; i++) {
		if (i > 0 && wi->v[i].dom == wi->v[i - 1].dom)
			continue;
		if (buf_append(&doms, nd++ == 0 ? "[" : ",", 1) == -1 ||
		    buf_json_str(&doms, bd->w->domains[wi->v[i].dom].name) == -1)
			goto nomem;
	}
	if (nd == 0) {
		ret = 0;
		goto done;
	}
	if (buf_append(&doms, "]", 2) == -1)
		goto nomem;
	if (store_stmt_open(bd->st, "report/weekly-rollup-intervals", &s,
	    bd->err) == -1 ||
	    store_stmt_bind_int64(s, 1, bd->w->start, bd->err) == -1 ||
	    store_stmt_bind_int64(s, 2, bd->w->end, bd->err) == -1 ||
	    store_stmt_bind_text(s, 3, doms.data, bd->err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, bd->err)) == 1) {
		if ((name = store_stmt_col_text(s, 0)) == NULL ||
		    !weekly_map_get(&bd->doms, name, &di) ||
		    (v = wint_find(wi, di, store_stmt_col_int64(s, 1),
		    store_stmt_col_int64(s, 2))) == NULL || !v->ok)
			continue;
		for (k = 0; k < 6; k++)
			if (store_stmt_col_int64(s, 3 + k) != v->fp[k])
				break;
		v->fresh = k == 6;
	}
	if (rc == -1)
		goto done;
	ret = 0;
	goto done;
nomem:
	dr_fail(bd->err, R_NOMEM, "intervals");
done:
	store_stmt_close(s);
	buf_release(&doms);
	return ret;
}

/* A non-negative count of a cached row (a hand-edited one may hold
 * anything). */
static bool
count_ok(int64_t v)
{
	return v >= 0;
}

/* Adds a cached row's sample ("report.record,...") to src; false when
 * malformed. */
static bool
fold_sample(struct weekly_source *src, const char *t)
{
	long long rid, id;
	char *end;

	while (t != NULL && *t != '\0') {
		rid = strtoll(t, &end, 10);
		if (end == t || *end != '.')
			return false;
		t = end + 1;
		id = strtoll(t, &end, 10);
		if (end == t || (*end != ',' && *end != '\0'))
			return false;
		fail_sample_keep(src->sample, &src->n_sample, WEEKLY_SAMPLE,
		    rid, id);
		t = *end == ',' ? end + 1 : end;
	}
	return t != NULL;
}

/* Adds a cached row's reporters ("rid:len:key...") to src; 0, -1 out of
 * memory, -2 malformed. */
static int
fold_reporters(struct build *bd, struct weekly_source *src, const char *t)
{
	char key[DR_MAX_FIELD_LEN + 1], *end;	/* an org_key is a field */
	long long rid, len;
	size_t ri;

	if (t == NULL)
		return -2;
	while (*t != '\0') {
		rid = strtoll(t, &end, 10);
		if (end == t || *end != ':')
			return -2;
		t = end + 1;
		len = strtoll(t, &end, 10);
		if (end == t || *end != ':' || len < 0 ||
		    (size_t)len >= sizeof(key) || strnlen(end + 1, (size_t)len) <
		    (size_t)len)
			return -2;
		memcpy(key, end + 1, (size_t)len);
		key[len] = '\0';
		t = end + 1 + len;
		/* Every report of the interval was read (weekly.c): its
		 * reporter is known. */
		if (!weekly_map_get(&bd->reps, key, &ri))
			return -2;
		if (source_add_reporter(src, ri, rid) == -1)
			return -1;
	}
	return 0;
}

/* Folds the current row of s (weekly-rollup-rows.sql) of domain di; 0,
 * -1 error, -2 a malformed row. */
static int
rollup_row(struct build *bd, struct store_stmt *s, size_t di)
{
	struct weekly_source *src = NULL;
	struct weekly_passer *p = NULL;
	const char *ip = store_stmt_col_text(s, 1);
	int64_t fail = store_stmt_col_int64(s, 2), pass = store_stmt_col_int64(s, 3);
	int64_t dkim = store_stmt_col_int64(s, 4), spf = store_stmt_col_int64(s, 5);
	int rc;

	if (ip == NULL || !count_ok(fail) || !count_ok(pass) ||
	    !count_ok(dkim) || !count_ok(spf))
		return -2;
	if (pass != 0) {
		if (passer_get(bd, di, ip, &p) == -1)
			return -1;
		(void)dr_count_acc(&p->msgs, pass);
		(void)dr_count_acc(&p->dkim_aligned, dkim);
		(void)dr_count_acc(&p->spf_aligned, spf);
	}
	if (fail == 0)
		return 0;
	if (source_get(bd, di, ip, &src) == -1)
		return -1;
	(void)dr_count_acc(&src->msgs, fail);
	if (!fold_sample(src, store_stmt_col_text(s, 6)))
		return -2;
	if ((rc = fold_reporters(bd, src, store_stmt_col_text(s, 7))) == -1)
		return dr_fail(bd->err, R_NOMEM, "source reporters");
	return rc;
}

/* The cached rows of fresh intervals v[0 .. n) in one statement; 0, -1,
 * -2 a malformed row. */
static int
rollup_batch(struct build *bd, struct store_stmt *s, struct wint *const *v,
    size_t n, struct buf *b)
{
	size_t i;
	int64_t k;
	int rc, ret;

	buf_reset(b);
	for (i = 0; i < n; i++)
		if (buf_append(b, i == 0 ? "[[" : ",[", 2) == -1 ||
		    buf_json_str(b, bd->w->domains[v[i]->dom].name) == -1 ||
		    buf_printf(b, ",%lld,%lld]", (long long)v[i]->b,
		    (long long)v[i]->e) == -1)
			return dr_fail(bd->err, R_NOMEM, "intervals");
	if (buf_append(b, "]", 2) == -1)
		return dr_fail(bd->err, R_NOMEM, "intervals");
	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, b->data, bd->err) == -1)
		return -1;
	while ((rc = store_stmt_step(s, bd->err)) == 1) {
		k = store_stmt_col_int64(s, 0);
		if (k < 0 || (uint64_t)k >= n)
			continue;
		if ((ret = rollup_row(bd, s, v[k]->dom)) != 0) {
			store_stmt_reset(s);
			return ret;
		}
	}
	store_stmt_reset(s);
	return rc == -1 ? -1 : 0;
}

/*
 * The shares of the reports wholly in the window, where their interval
 * is in the rollup cache as it is now (rollup.c, migration 14): per
 * interval and source IP, the sums its records give (a whole report's
 * share of a record is its count), the first failing records and the
 * reporters.  Those reports are marked cached; 0, -1, or -2 when a
 * cached row is malformed (hand-edited: the caller starts again from
 * the records).
 */
static int
from_rollup(struct build *bd)
{
	struct wints wi;
	struct wint **fresh = NULL;
	struct store_stmt *s = NULL;
	struct buf b;
	size_t i, j, nf = 0;
	int ret = -1;

	buf_init(&b, (size_t)1 << 30);
	if (wints_make(bd, &wi) == -1)
		goto done;
	if (wi.n == 0 || wints_fresh(bd, &wi) == -1) {
		ret = wi.n == 0 ? 0 : -1;
		goto done;
	}
	if ((fresh = calloc(wi.n, sizeof(*fresh))) == NULL) {
		dr_fail(bd->err, R_NOMEM, "intervals");
		goto done;
	}
	for (i = 0; i < wi.n; i++)
		if (wi.v[i].fresh)
			fresh[nf++] = &wi.v[i];
	if (nf == 0) {
		ret = 0;
		goto done;
	}
	if (store_stmt_open(bd->st, "report/weekly-rollup-rows", &s,
	    bd->err) == -1)
		goto done;
	for (i = 0; i < nf; i += ROLLUP_BATCH)
		if ((ret = rollup_batch(bd, s, fresh + i, nf - i < ROLLUP_BATCH ?
		    nf - i : ROLLUP_BATCH, &b)) != 0)
			goto done;
	for (i = 0; i < nf; i++)
		for (j = 0; j < fresh[i]->n; j++)
			bd->wr[wi.ix[fresh[i]->first + j]].cached = true;
	ret = 0;
done:
	store_stmt_close(s);
	buf_release(&b);
	free(fresh);
	wints_release(&wi);
	return ret;
}

/* Forgets every source and passer (a malformed cached row was read). */
static void
sources_reset(struct build *bd)
{
	struct weekly_domain *d;
	size_t i, j;

	for (i = 0; i < bd->w->n_domains; i++) {
		d = &bd->w->domains[i];
		for (j = 0; j < d->n_sources; j++) {
			free(d->sources[j].ip);
			free(d->sources[j].reporters);
			free(d->sources[j].rep_first);
			memset(&d->sources[j], 0, sizeof(d->sources[j]));
		}
		d->n_sources = 0;
		for (j = 0; j < d->n_passers; j++) {
			free(d->passers[j].ip);
			memset(&d->passers[j], 0, sizeof(d->passers[j]));
		}
		d->n_passers = 0;
		weekly_map_release(&bd->srcs[i].map);
		weekly_map_release(&bd->srcs[i].pmap);
		bd->srcs[i].cap = bd->srcs[i].pcap = 0;
		free(d->sources);
		free(d->passers);
		d->sources = NULL;
		d->passers = NULL;
	}
	for (i = 0; i < bd->n_wr; i++)
		bd->wr[i].cached = false;
}

/* Each source's reporters in the order of their first report. */
static void
sort_first(struct build *bd)
{
	struct weekly_source *src;
	size_t i, j, k, l, ri;
	int64_t f;

	for (i = 0; i < bd->w->n_domains; i++)
		for (j = 0; j < bd->w->domains[i].n_sources; j++) {
			src = &bd->w->domains[i].sources[j];
			for (k = 1; k < src->n_reporters; k++) {
				ri = src->reporters[k];
				f = src->rep_first[k];
				for (l = k; l > 0 && src->rep_first[l - 1] > f; l--) {
					src->reporters[l] = src->reporters[l - 1];
					src->rep_first[l] = src->rep_first[l - 1];
				}
				src->reporters[l] = ri;
				src->rep_first[l] = f;
			}
		}
}

/*
 * The top failing sources and the passing senders of the window: the
 * reports wholly in it from the rollup cache where it holds their
 * interval as it is now (from_rollup(): on the 10,000,000-record
 * benchmark's week 266,000 cached rows instead of 780,000 records), the
 * others from their records (from_records()).  Both give each source its
 * failing messages, its first failing records by (report, record) and
 * its reporters by first report: the same page either way.  All in the
 * page's read transaction: the reports, the fingerprints and the cached
 * rows are one snapshot.
 */
int
weekly_read_sources(struct build *bd)
{
	int rc;

	if (bd->n_wr == 0)
		return 0;
	if ((rc = from_rollup(bd)) == -1)
		return -1;
	if (rc == -2)
		sources_reset(bd);
	if (from_records(bd) == -1)
		return -1;
	sort_first(bd);
	return 0;
}

static int
cmp_passer(const void *a, const void *b)
{
	const struct weekly_passer *x = a, *y = b;

	if (x->msgs != y->msgs)
		return x->msgs > y->msgs ? -1 : 1;
	return strcmp(x->ip, y->ip);
}

void
weekly_trim_passers(struct build *bd)
{
	struct weekly_domain *d;
	size_t i, j, top = bd->o->pass_top ? bd->o->pass_top : WEEKLY_PASS_TOP;

	for (i = 0; i < bd->w->n_domains; i++) {
		d = &bd->w->domains[i];
		d->passers_total = d->n_passers;
		if (d->n_passers == 0)
			continue;
		qsort(d->passers, d->n_passers, sizeof(*d->passers), cmp_passer);
		for (j = top; j < d->n_passers; j++) {
			(void)dr_count_acc(&d->passers_rest, d->passers[j].msgs);
			free(d->passers[j].ip);
			free(d->passers[j].ptr);
		}
		if (d->n_passers > top)
			d->n_passers = top;
	}
}

/* A sample record of a detailed source, for the batched read below. */
struct sample {
	int64_t			 id;
	struct weekly_source	*src;
};

static int
cmp_sample(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Samples per weekly-detail-many statement. */
#define DETAIL_BATCH	1000

/* "What failed" for the top sources of each domain (sorted already), from
 * their sample records (report/weekly-detail-many): every sample id, in
 * order, in batches. */
int
weekly_read_details(struct build *bd)
{
	struct weekly_source *src;
	struct store_stmt *s = NULL;
	struct sample *sm = NULL;
	struct buf b;
	size_t i, j, k, n = 0, from, to;
	int64_t id;
	int rc, ret = -1;

	buf_init(&b, (size_t)1 << 30);
	for (i = 0; i < bd->w->n_domains; i++)
		for (j = 0; j < bd->w->domains[i].n_sources && j < WEEKLY_DETAIL; j++)
			n += bd->w->domains[i].sources[j].n_sample;
	if ((sm = calloc(n + 1, sizeof(*sm))) == NULL) {
		dr_fail(bd->err, R_NOMEM, "sources");
		goto done;
	}
	n = 0;
	for (i = 0; i < bd->w->n_domains; i++)
		for (j = 0; j < bd->w->domains[i].n_sources && j < WEEKLY_DETAIL; j++) {
			src = &bd->w->domains[i].sources[j];
			src->detailed = true;
			for (k = 0; k < src->n_sample; k++)
				sm[n++] = (struct sample){ src->sample[k][1],
				    src };
		}
	if (n == 0) {
		ret = 0;
		goto done;
	}
	qsort(sm, n, sizeof(*sm), cmp_sample);
	if (store_stmt_open(bd->st, "report/weekly-detail-many", &s,
	    bd->err) == -1)
		goto done;
	for (from = 0; from < n; from = to) {
		buf_reset(&b);
		if (buf_append(&b, "[", 1) == -1)
			goto nomem;
		for (to = from, k = 0; to < n && k < DETAIL_BATCH; to++) {
			if (to > from && sm[to].id == sm[to - 1].id)
				continue;
			if (buf_printf(&b, "%s%lld", k++ > 0 ? "," : "",
			    (long long)sm[to].id) == -1)
				goto nomem;
		}
		if (buf_append(&b, "]", 1) == -1)
			goto nomem;
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, b.data, bd->err) == -1)
			goto done;
		/* Rows by id: one walk over the sorted samples. */
		j = from;
		while ((rc = store_stmt_step(s, bd->err)) == 1) {
			id = store_stmt_col_int64(s, 0);
			while (j < to && sm[j].id < id)
				j++;
			for (; j < to && sm[j].id == id; j++) {
				src = sm[j].src;
				src->what |= what_bits(store_stmt_col_text(s, 1),
				    true);
				src->what |= what_bits(store_stmt_col_text(s, 2),
				    false);
				if (store_stmt_col_int64(s, 3) != 0)
					src->what |= WF_FORWARDED;
			}
		}
		if (rc == -1)
			goto done;
	}
	ret = 0;
	goto done;
nomem:
	dr_fail(bd->err, R_NOMEM, "sources");
done:
	store_stmt_close(s);
	buf_release(&b);
	free(sm);
	return ret;
}

/* True when a is b or a subdomain of b. */
static bool
is_under(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la == lb)
		return strcmp(a, b) == 0;
	return la > lb && a[la - lb - 1] == '.' && strcmp(a + la - lb, b) == 0;
}

static int
selector_add(struct weekly_domain *d, const char *dom, const char *sel)
{
	struct weekly_selector *ws;

	if (d->n_selectors == WEEKLY_MAX_SELECTORS)
		return 0;
	if (d->selectors == NULL &&
	    (d->selectors = calloc(WEEKLY_MAX_SELECTORS, sizeof(*d->selectors))) == NULL)
		return -1;
	ws = &d->selectors[d->n_selectors];
	ws->domain = strdup(dom);
	ws->selector = strdup(sel);
	if (ws->domain == NULL || ws->selector == NULL) {
		free(ws->domain);
		free(ws->selector);
		ws->domain = ws->selector = NULL;
		return -1;
	}
	d->n_selectors++;
	return 0;
}

/* A page domain by name, for bsearch. */
struct dom_ix {
	const char	*name;
	size_t		 i;	/* into w->domains */
};

static int
dom_ix_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dom_ix *)a)->name,
	    ((const struct dom_ix *)b)->name);
}

/*
 * The DKIM pairs each domain's window reports name, whose d= domain is
 * the domain, under it or above it (report/weekly-window-selectors: one
 * statement over the window's reports), in (d=, selector) order, at most
 * WEEKLY_MAX_SELECTORS per domain.
 */
int
weekly_read_selectors(struct build *bd)
{
	const struct weekly *w = bd->w;
	struct weekly_domain *d;
	struct store_stmt *s = NULL;
	struct dom_ix key, *ix = NULL, *hit;
	const char *dom, *sel;
	size_t i;
	int rc, ret = -1;

	if (w->n_domains == 0)
		return 0;
	if ((ix = calloc(w->n_domains, sizeof(*ix))) == NULL)
		return dr_fail(bd->err, R_NOMEM, "selectors");
	for (i = 0; i < w->n_domains; i++) {
		ix[i].name = w->domains[i].name;
		ix[i].i = i;
	}
	qsort(ix, w->n_domains, sizeof(*ix), dom_ix_cmp);
	if (store_stmt_open(bd->st, "report/weekly-window-selectors", &s,
	    bd->err) == -1 ||
	    store_stmt_bind_int64(s, 1, w->start, bd->err) == -1 ||
	    store_stmt_bind_int64(s, 2, w->end, bd->err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, bd->err)) == 1) {
		dom = store_stmt_col_text(s, 0);
		sel = store_stmt_col_text(s, 1);
		key.name = store_stmt_col_text(s, 2);
		if (dom == NULL || sel == NULL || key.name == NULL ||
		    (hit = bsearch(&key, ix, w->n_domains, sizeof(*ix),
		    dom_ix_cmp)) == NULL)
			continue;
		d = &w->domains[hit->i];
		if (d->reports == 0 ||
		    !(is_under(dom, d->name) || is_under(d->name, dom)))
			continue;
		if (selector_add(d, dom, sel) == -1) {
			dr_fail(bd->err, R_NOMEM, "selectors");
			goto done;
		}
	}
	if (rc == -1)
		goto done;
	ret = 0;
done:
	store_stmt_close(s);
	free(ix);
	return ret;
}

/* The ingest log's counts by outcome (report/weekly-ingest-counts). */
static int
read_counts(struct build *bd)
{
	struct weekly *w = bd->w;
	struct store_stmt *s = NULL;
	const char *o;
	enum dr_outcome oc;
	int64_t n;
	int rc = -1;

	if (store_stmt_open(bd->st, "report/weekly-ingest-counts", &s,
	    bd->err) == -1 ||
	    store_stmt_bind_int64(s, 1, w->start, bd->err) == -1 ||
	    store_stmt_bind_int64(s, 2, w->now, bd->err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, bd->err)) == 1) {
		o = store_stmt_col_text(s, 0);
		n = store_stmt_col_int64(s, 1);
		w->in_total += n;
		w->in_reports += store_stmt_col_int64(s, 2);
		if (o == NULL || dr_outcome_from_name(o, &oc) == -1)
			continue;
		switch (oc) {
		case OUT_STORED:
			w->in_stored += n;
			break;
		case OUT_DUPLICATE:
			w->in_duplicate += n;
			break;
		case OUT_CONFLICT:
			w->in_conflict += n;
			break;
		case OUT_NOT_REPORT:
			w->in_not_report += n;
			break;
		case OUT_REJECTED:
			w->in_rejected += n;
			break;
		default:	/* warning: ingest_log only */
			break;
		}
	}
done:
	store_stmt_close(s);
	return rc;
}

/* The ingest log: counts, then the inputs set aside
 * (report/inputs-set-aside, the definition `reports` uses too). */
int
weekly_read_inputs(struct build *bd)
{
	struct weekly *w = bd->w;
	struct weekly_reject *r;
	struct store_stmt *s = NULL;
	int rc, ret = -1;

	if (read_counts(bd) == -1)
		return -1;
	if (store_stmt_open(bd->st, "report/inputs-set-aside", &s,
	    bd->err) == -1 ||
	    store_stmt_bind_text(s, 1, NULL, bd->err) == -1 ||
	    store_stmt_bind_int64(s, 2, w->start, bd->err) == -1 ||
	    store_stmt_bind_int64(s, 3, w->now, bd->err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, bd->err)) == 1) {
		w->rejects_total++;
		if (w->n_rejects == WEEKLY_MAX_REJECTS)
			continue;
		if (w->rejects == NULL && (w->rejects = calloc(WEEKLY_MAX_REJECTS,
		    sizeof(*w->rejects))) == NULL) {
			dr_fail(bd->err, R_NOMEM, "rejected inputs");
			goto done;
		}
		r = &w->rejects[w->n_rejects++];
		r->at = store_stmt_col_int64(s, 0);
		r->path = weekly_dupcol(s, 1);
		r->part = weekly_dupcol(s, 2);
		r->outcome = weekly_dupcol(s, 3);
		r->reason = weekly_dupcol(s, 4);
		r->detail = weekly_dupcol(s, 5);
	}
	if (rc == -1)
		goto done;
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}
