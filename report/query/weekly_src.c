/*
 * report/query/weekly_src.c -- the record-level parts of the weekly data: top
 * failing sources, senders that pass, DKIM selectors in use, and the
 * ingest log.
 *
 * Design rationale: only the window's reports are visited, their records
 * in one streamed statement (sql/report/weekly-records-window.sql: one
 * round trip, not one per report), so the cost follows the week's records
 * and not the database's.  The failing messages a report puts into the window
 * (weekly.c) are shared out among its failing records with the same
 * cumulative floor rule as the days, so the sources add up exactly to the
 * domain's failures (weekly.h).  The passing messages are shared out
 * among the passing records of the same read likewise: one statement for
 * both.
 */
#include <stdlib.h>
#include <string.h>

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

static int
source_add_reporter(struct weekly_source *src, size_t ri)
{
	size_t i;

	for (i = 0; i < src->n_reporters; i++)
		if (src->reporters[i] == ri)
			return 0;
	if (weekly_grow(&src->reporters, &src->cap_reporters, src->n_reporters,
	    sizeof(*src->reporters)) == -1)
		return -1;
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

/* The cumulative share of a record of cnt messages: *cum counts the
 * messages before it (capped at all), win of all fall in the window. */
static int64_t
cum_share(int64_t win, int64_t all, int64_t *cum, int64_t cnt)
{
	__int128 w = win;
	int64_t before = (int64_t)(w * *cum / all);

	*cum = cnt > all - *cum ? all : *cum + cnt;
	return (int64_t)(w * *cum / all) - before;
}

/* One record of a window report as read (report/weekly-records-window),
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
		if (passes && (share = cum_share(r->pass_win, r->pass_all,
		    &st->pcum, w->cnt)) != 0 &&
		    add_passing(bd, w, r, ip, share) == -1)
			return -1;
		return 0;
	}
	if (!fails || (share = cum_share(r->fail_win, r->fail_all, &st->cum,
	    w->cnt)) == 0)
		return 0;
	if (source_get(bd, r->dom, ip, &src) == -1)
		return -1;
	(void)dr_count_acc(&src->msgs, share);
	if (src->n_sample < WEEKLY_SAMPLE)
		src->sample[src->n_sample++] = w->id;
	if (source_add_reporter(src, r->rep) == -1)
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

/*
 * The window's records in one statement, by report id; bd->wr is in id
 * order too (weekly-reports.sql), so one walk pairs them.  Rows of a
 * report not kept (another domain, no share in the window) are skipped.
 * A report's records are shared out in id order (the cumulative floor
 * rule and the sample records depend on it); the statement does not sort
 * them (PostgreSQL's sort of every row was 0.4 of its 1 s over the
 * realistic 10M database): each report's are gathered and put in order
 * here, which they nearly always are already.
 */
int
weekly_read_sources(struct build *bd)
{
	struct store_stmt *s = NULL;
	struct rstate st = { NULL, 0, 0 };
	struct rbuf rb;
	int64_t rid, cur = 0;
	size_t i = 0;
	bool have = false;
	int rc, ret = -1;

	if (bd->n_wr == 0)
		return 0;
	memset(&rb, 0, sizeof(rb));
	rb.sorted = true;
	buf_init(&rb.ips, (size_t)1 << 30);
	if (store_stmt_open(bd->st, "report/weekly-records-window", &s,
	    bd->err) == -1 ||
	    store_stmt_bind_int64(s, 1, bd->w->start, bd->err) == -1 ||
	    store_stmt_bind_int64(s, 2, bd->w->end, bd->err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, bd->err)) == 1) {
		rid = store_stmt_col_int64(s, 0);
		if (!have || rid != cur) {
			if (st.r != NULL && rbuf_flush(bd, &rb, &st) == -1)
				goto done;
			have = true;
			cur = rid;
			while (i < bd->n_wr && bd->wr[i].id < rid)
				i++;
			st.r = NULL;
			if (i < bd->n_wr && bd->wr[i].id == rid &&
			    ((bd->wr[i].fail_win > 0 && bd->wr[i].fail_all > 0) ||
			    (bd->wr[i].pass_win > 0 && bd->wr[i].pass_all > 0)))
				st = (struct rstate){ &bd->wr[i], 0, 0 };
		}
		if (st.r != NULL && rbuf_add(bd, &rb, s) == -1)
			goto done;
	}
	if (rc == -1 || (st.r != NULL && rbuf_flush(bd, &rb, &st) == -1))
		goto done;
	ret = 0;
done:
	store_stmt_close(s);
	free(rb.v);
	buf_release(&rb.ips);
	return ret;
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
				sm[n++] = (struct sample){ src->sample[k], src };
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
