/*
 * report/query/weekly.c -- the data for the weekly page (see weekly.h for the
 * counting rule).
 *
 * Design rationale: the per-report totals come from report_stats (kept by
 * triggers at ingest), so the window's numbers cost one pass over the
 * reports that overlap [window - max(window, 4 weeks), window end) and
 * never touch records.  Only the failing records of the window's reports
 * are read (the records_report index covers that query), plus the DKIM
 * selectors those reports name.  Domains, reporters and sources are
 * looked up through one small open-addressing string map.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/query/failures.h"
#include "report/query/failures_int.h"
#include "report/query/opts.h"
#include "report/query/weekly_int.h"
#include "store/read.h"
#include "store/store.h"
#include "util/count.h"
#include "util/limits.h"

int64_t
weekly_share(int64_t count, int64_t begin, int64_t end, int64_t from, int64_t to)
{
	__int128 c = count, d, fa, fb;

	if (count <= 0 || to <= from)
		return 0;
	if (dr_count_is_sat(count))	/* not known: so is any share of it */
		return weekly_share((int64_t)1 << 62, begin, end, from, to) > 0 ?
		    DR_COUNT_SAT : 0;
	if (end <= begin)
		return from <= begin && begin < to ? count : 0;
	d = (__int128)end - begin;
	fa = (__int128)from - begin;
	fb = (__int128)to - begin;
	fa = fa < 0 ? 0 : fa > d ? d : fa;
	fb = fb < 0 ? 0 : fb > d ? d : fb;
	return (int64_t)(c * fb / d - c * fa / d);
}

/*
 * Adds the window's share of one report's dispositions to d: each is its
 * part of the share the report's messages have in the window (share
 * messages), rounded down, and the rest is "other", so the four always add
 * up to the messages the page counts, however the rounding falls.
 */
static void
disp_shares(struct weekly_domain *d, int64_t share, int64_t msgs, int64_t dn,
    int64_t dq, int64_t dr)
{
	int64_t n = 0, q = 0, r = 0, sum = dr_count_add(dr_count_add(dn, dq), dr);

	if (dr_count_is_sat(share)) {
		/* Not known (util/count.h): it stays so in the total. */
		(void)dr_count_acc(&d->disp_other, DR_COUNT_SAT);
		return;
	}
	if (msgs > 0 && share > 0 && !dr_count_is_sat(msgs) &&
	    !dr_count_is_sat(sum) && sum <= msgs) {
		n = (int64_t)((__int128)dn * share / msgs);
		q = (int64_t)((__int128)dq * share / msgs);
		r = (int64_t)((__int128)dr * share / msgs);
	}
	(void)dr_count_acc(&d->disp_none, n);
	(void)dr_count_acc(&d->disp_quarantine, q);
	(void)dr_count_acc(&d->disp_reject, r);
	(void)dr_count_acc(&d->disp_other, share - n - q - r);
}

static bool
overlaps(int64_t b, int64_t e, int64_t from, int64_t to)
{
	if (e <= b)
		return from <= b && b < to;
	return b < to && e > from;
}

/* The domain's index, created (with its day array) when new. */
static int
domain_get(struct build *bd, const char *name, size_t *out)
{
	struct weekly *w = bd->w;
	struct weekly_domain *d;
	size_t i;

	if (weekly_map_get(&bd->doms, name, out))
		return 0;
	if (weekly_grow(&w->domains, &bd->dom_cap, w->n_domains,
	    sizeof(*w->domains)) == -1 ||
	    weekly_grow(&bd->srcs, &bd->srcs_cap, w->n_domains,
	    sizeof(*bd->srcs)) == -1)
		return dr_fail(bd->err, R_NOMEM, "domains");
	d = &w->domains[w->n_domains];
	memset(d, 0, sizeof(*d));
	memset(&bd->srcs[w->n_domains], 0, sizeof(*bd->srcs));
	d->rep_pct = -1;
	d->rep_latest = INT64_MIN;
	d->name = strdup(name);
	d->days = calloc((size_t)w->ndays, sizeof(*d->days));
	if (d->name == NULL || d->days == NULL) {
		free(d->name);
		free(d->days);
		return dr_fail(bd->err, R_NOMEM, "domain");
	}
	for (i = 0; i < (size_t)w->ndays; i++)
		d->days[i].start = w->start + (int64_t)i * DAY;
	if (weekly_map_put(&bd->doms, d->name, w->n_domains) == -1) {
		free(d->name);
		free(d->days);
		return dr_fail(bd->err, R_NOMEM, "domain map");
	}
	*out = w->n_domains++;
	return 0;
}

static bool
domain_wanted(const struct weekly_opts *o, const char *name)
{
	size_t i;

	if (o->n_domains == 0)
		return true;
	for (i = 0; i < o->n_domains; i++)
		if (strcmp(o->domains[i], name) == 0)
			return true;
	return false;
}

static int
reporter_get(struct build *bd, const char *key, const char *name, size_t *out)
{
	struct weekly *w = bd->w;
	struct weekly_reporter *r;

	if (weekly_map_get(&bd->reps, key, out)) {
		r = &w->reporters[*out];
		if (strcmp(name, r->name) < 0) {
			char *n = strdup(name);

			if (n == NULL)
				return dr_fail(bd->err, R_NOMEM, "reporter");
			free(r->name);
			r->name = n;
		}
		return 0;
	}
	if (weekly_grow(&w->reporters, &bd->rep_cap, w->n_reporters,
	    sizeof(*w->reporters)) == -1)
		return dr_fail(bd->err, R_NOMEM, "reporters");
	r = &w->reporters[w->n_reporters];
	memset(r, 0, sizeof(*r));
	r->key = strdup(key);
	r->name = strdup(name);
	if (r->key == NULL || r->name == NULL ||
	    weekly_map_put(&bd->reps, r->key, w->n_reporters) == -1) {
		free(r->key);
		free(r->name);
		return dr_fail(bd->err, R_NOMEM, "reporter");
	}
	*out = w->n_reporters++;
	return 0;
}

/* Adds one report (a row of report/weekly-reports) to its domain, the
 * window and the history. */
/* Column k of s, a count from report_stats: DR_COUNT_SAT when no report
 * can have it (util/count.h). */
static int64_t
col_count(const struct store_stmt *s, int k)
{
	return dr_count_in(store_stmt_col_int64(s, k), DR_MAX_REPORT_MESSAGES);
}

static int
add_report(struct build *bd, const struct store_stmt *s)
{
	struct weekly *w = bd->w;
	struct weekly_domain *d;
	int64_t id = store_stmt_col_int64(s, 0);
	int64_t b = store_stmt_col_int64(s, 4), e = store_stmt_col_int64(s, 5);
	int64_t msgs = col_count(s, 6), pass, fail;
	int64_t dn = col_count(s, 8), dq = col_count(s, 9);
	int64_t dr = col_count(s, 10), len = w->end - w->start;
	int64_t ps, fs, t;
	const char *dom = store_stmt_col_text(s, 1);
	const char *key = store_stmt_col_text(s, 2);
	const char *org = store_stmt_col_text(s, 3);
	size_t di = 0, ri = 0;
	int k, i;

	if (dom == NULL || key == NULL || org == NULL || !domain_wanted(bd->o, dom))
		return 0;
	/* the same totals the rollup shares out (failures_lite.c) */
	fail_report_totals(store_stmt_col_int64(s, 6),
	    store_stmt_col_int64(s, 7), &fail, &pass);
	if (domain_get(bd, dom, &di) == -1)
		return -1;
	d = &w->domains[di];
	for (k = 0; k < WEEKLY_HIST_WEEKS; k++) {
		t = w->end - (int64_t)k * 7 * DAY;
		(void)dr_count_acc(&d->hist_pass[k],
		    weekly_share(pass, b, e, t - 7 * DAY, t));
		(void)dr_count_acc(&d->hist_fail[k],
		    weekly_share(fail, b, e, t - 7 * DAY, t));
	}
	if (overlaps(b, e, w->start - len, w->start)) {
		w->prev_reports++;
		ps = weekly_share(pass, b, e, w->start - len, w->start);
		fs = weekly_share(fail, b, e, w->start - len, w->start);
		(void)dr_count_acc(&d->prev_pass, ps);
		(void)dr_count_acc(&d->prev_fail, fs);
		(void)dr_count_acc(&w->prev_pass, ps);
		(void)dr_count_acc(&w->prev_msgs, dr_count_add(ps, fs));
	}
	if (!overlaps(b, e, w->start, w->end))
		return 0;
	w->reports++;
	d->reports++;
	for (i = 0; i < w->ndays; i++) {
		t = d->days[i].start;
		(void)dr_count_acc(&d->days[i].pass,
		    weekly_share(pass, b, e, t, t + DAY));
		(void)dr_count_acc(&d->days[i].fail,
		    weekly_share(fail, b, e, t, t + DAY));
	}
	ps = weekly_share(pass, b, e, w->start, w->end);
	fs = weekly_share(fail, b, e, w->start, w->end);
	(void)dr_count_acc(&d->pass, ps);
	(void)dr_count_acc(&d->fail, fs);
	disp_shares(d, dr_count_add(ps, fs), msgs, dn, dq, dr);
	(void)dr_count_acc(&w->pass, ps);
	(void)dr_count_acc(&w->msgs, dr_count_add(ps, fs));
	if (reporter_get(bd, key, org, &ri) == -1)
		return -1;
	w->reporters[ri].reports++;
	(void)dr_count_acc(&w->reporters[ri].msgs, dr_count_add(ps, fs));
	if (b >= d->rep_latest) {
		free(d->rep_p);
		free(d->rep_sp);
		d->rep_p = weekly_dupcol(s, 11);
		d->rep_sp = weekly_dupcol(s, 12);
		d->rep_pct = store_stmt_col_is_null(s, 13) ? -1 :
		    store_stmt_col_int64(s, 13);
		d->rep_latest = b;
	}
	if (weekly_grow(&bd->wr, &bd->cap_wr, bd->n_wr, sizeof(*bd->wr)) == -1)
		return dr_fail(bd->err, R_NOMEM, "window reports");
	/* report_failures()'s window (failures-records.sql) leaves out a
	 * report ending before both its start and the window's.  A report
	 * wholly in the window (weekly_src.c may take its shares from the
	 * rollup): [b, e) inside it; one with e <= b is read from its
	 * records. */
	bd->wr[bd->n_wr++] = (struct wrep){ id, di, ri, fs, fail, ps, pass,
	    e >= b || e >= w->start, b, e, store_stmt_col_int64(s, 14),
	    store_stmt_col_int64(s, 15), store_stmt_col_int64(s, 16),
	    e > b && b >= w->start && e <= w->end, false };
	return 0;
}

static int
read_reports(struct build *bd)
{
	struct weekly *w = bd->w;
	struct store_stmt *s = NULL;
	int64_t lo, len = w->end - w->start;
	int rc, ret = -1;

	lo = w->start - len;
	if (w->end - (int64_t)WEEKLY_HIST_WEEKS * 7 * DAY < lo)
		lo = w->end - (int64_t)WEEKLY_HIST_WEEKS * 7 * DAY;
	if (store_stmt_open(bd->st, "report/weekly-reports", &s, bd->err) == -1 ||
	    store_stmt_bind_int64(s, 1, lo, bd->err) == -1 ||
	    store_stmt_bind_int64(s, 2, w->end, bd->err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, bd->err)) == 1)
		if (add_report(bd, s) == -1)
			goto done;
	if (rc == -1)
		goto done;
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}


static int
cmp_domain(const void *a, const void *b)
{
	const struct weekly_domain *x = a, *y = b;
	int64_t mx = dr_count_add(x->pass, x->fail), my = dr_count_add(y->pass, y->fail);

	if (mx != my)
		return mx > my ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
cmp_source(const void *a, const void *b)
{
	const struct weekly_source *x = a, *y = b;

	if (x->msgs != y->msgs)
		return x->msgs > y->msgs ? -1 : 1;
	return strcmp(x->ip, y->ip);
}

static int
cmp_selector(const void *a, const void *b)
{
	const struct weekly_selector *x = a, *y = b;
	int c = strcmp(x->domain, y->domain);

	return c ? c : strcmp(x->selector, y->selector);
}

static void
domain_release(struct weekly_domain *d)
{
	size_t i;

	free(d->name);
	free(d->days);
	free(d->rep_p);
	free(d->rep_sp);
	for (i = 0; i < d->n_sources; i++) {
		free(d->sources[i].ip);
		free(d->sources[i].reporters);
		free(d->sources[i].rep_first);
		free(d->sources[i].ptr);
		free(d->sources[i].org);
		free(d->sources[i].known_what);
		free(d->sources[i].as_name);
		free(d->sources[i].cc);
		free(d->sources[i].network);
		free(d->sources[i].svc_name);
		free(d->sources[i].matched);
		free(d->sources[i].fix);
		free(d->sources[i].hfrom);
		fail_row_release(d->sources[i].evidence);
		free(d->sources[i].evidence);
	}
	free(d->sources);
	for (i = 0; i < d->n_passers; i++) {
		free(d->passers[i].ip);
		free(d->passers[i].ptr);
	}
	free(d->passers);
	for (i = 0; i < d->n_selectors; i++) {
		free(d->selectors[i].domain);
		free(d->selectors[i].selector);
	}
	free(d->selectors);
}

void
weekly_free(struct weekly *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n_domains; i++)
		domain_release(&w->domains[i]);
	free(w->domains);
	for (i = 0; i < w->n_reporters; i++) {
		free(w->reporters[i].name);
		free(w->reporters[i].key);
	}
	free(w->reporters);
	for (i = 0; i < w->n_rejects; i++) {
		free(w->rejects[i].path);
		free(w->rejects[i].part);
		free(w->rejects[i].outcome);
		free(w->rejects[i].reason);
		free(w->rejects[i].detail);
	}
	free(w->rejects);
	free(w);
}

static int
cmp_reporter_p(const void *a, const void *b)
{
	const struct weekly_reporter *x = *(const struct weekly_reporter *const *)a;
	const struct weekly_reporter *y = *(const struct weekly_reporter *const *)b;
	int c;

	if (x->msgs != y->msgs)
		return x->msgs > y->msgs ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return strcmp(x->key, y->key);
}

/* Sorts the reporters and renumbers the sources' references to them. */
static int
sort_reporters(struct build *bd)
{
	struct weekly *w = bd->w;
	struct weekly_reporter **pp = NULL, *nr = NULL;
	struct weekly_source *src;
	size_t *newidx = NULL, i, j, k, n = w->n_reporters;
	int ret = -1;

	if (n == 0)
		return 0;
	pp = calloc(n, sizeof(*pp));
	nr = calloc(n, sizeof(*nr));
	newidx = calloc(n, sizeof(*newidx));
	if (pp == NULL || nr == NULL || newidx == NULL) {
		dr_fail(bd->err, R_NOMEM, "reporters");
		goto done;
	}
	for (i = 0; i < n; i++)
		pp[i] = &w->reporters[i];
	qsort(pp, n, sizeof(*pp), cmp_reporter_p);
	for (i = 0; i < n; i++) {
		nr[i] = *pp[i];
		newidx[pp[i] - w->reporters] = i;
	}
	for (i = 0; i < w->n_domains; i++)
		for (j = 0; j < w->domains[i].n_sources; j++) {
			src = &w->domains[i].sources[j];
			for (k = 0; k < src->n_reporters; k++)
				src->reporters[k] = newidx[src->reporters[k]];
		}
	free(w->reporters);
	w->reporters = nr;
	nr = NULL;
	bd->rep_cap = n;
	ret = 0;
done:
	free(pp);
	free(nr);
	free(newidx);
	return ret;
}

/*
 * Drops domains that have nothing in the window unless they were asked
 * for, then sorts everything for output.  Reporter indexes in the sources
 * refer to the reporters array, so reporters are sorted first and the
 * indexes remapped.
 */
static int
finish(struct build *bd)
{
	struct weekly *w = bd->w;
	size_t i, j;
	struct weekly_domain *d;

	for (i = j = 0; i < w->n_domains; i++) {
		d = &w->domains[i];
		if (d->reports == 0 && bd->o->n_domains == 0) {
			domain_release(d);
			continue;
		}
		w->domains[j++] = *d;
	}
	w->n_domains = j;
	for (i = 0; i < bd->o->n_domains; i++)
		if (!weekly_map_get(&bd->doms, bd->o->domains[i], &j) &&
		    domain_get(bd, bd->o->domains[i], &j) == -1)
			return -1;
	if (sort_reporters(bd) == -1)
		return -1;
	weekly_trim_passers(bd);
	if (w->n_domains > 0)
		qsort(w->domains, w->n_domains, sizeof(*w->domains), cmp_domain);
	for (i = 0; i < w->n_domains; i++) {
		d = &w->domains[i];
		if (d->n_sources > 0)
			qsort(d->sources, d->n_sources, sizeof(*d->sources), cmp_source);
		if (d->n_selectors > 0)
			qsort(d->selectors, d->n_selectors, sizeof(*d->selectors),
			    cmp_selector);
	}
	return 0;
}

int
weekly_build(struct weekly **out, struct store *st, const struct weekly_opts *o,
    struct dr_err *err)
{
	struct build bd;
	struct dr_err cerr = DR_ERR_INIT;
	struct weekly *w = NULL;
	size_t i;
	int ret = -1;

	*out = NULL;
	memset(&bd, 0, sizeof(bd));
	if (o->end <= o->start || (o->end - o->start) % DAY != 0 ||
	    (o->end - o->start) / DAY > WEEKLY_MAX_DAYS)
		return dr_fail(err, R_USAGE, "the page covers 1 to %d whole days",
		    WEEKLY_MAX_DAYS);
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return dr_fail(err, R_NOMEM, "weekly");
	w->start = o->start;
	w->end = o->end;
	w->now = o->now;
	w->ndays = (int)((o->end - o->start) / DAY);
	bd.w = w;
	bd.st = st;
	bd.o = o;
	bd.err = err;
	if (store_read_begin(st, err) == -1)
		goto done;
	if (read_reports(&bd) == -1 || weekly_read_sources(&bd) == -1 ||
	    weekly_read_inputs(&bd) == -1 || finish(&bd) == -1 ||
	    weekly_read_details(&bd) == -1 ||
	    weekly_read_selectors(&bd) == -1) {
		store_rollback(st);
		goto done;
	}
	/* A read transaction: its end cannot lose anything, as before. */
	(void)store_commit(st, &cerr);
	if (weekly_read_evidence(&bd) == -1)
		goto done;
	*out = w;
	w = NULL;
	ret = 0;
done:
	weekly_map_release(&bd.doms);
	weekly_map_release(&bd.reps);
	if (bd.srcs != NULL)
		for (i = 0; i < bd.srcs_cap; i++) {
			weekly_map_release(&bd.srcs[i].map);
			weekly_map_release(&bd.srcs[i].pmap);
		}
	free(bd.srcs);
	free(bd.wr);
	weekly_free(w);
	return ret;
}

int
weekly_parse_isoweek(const char *s, int64_t *monday)
{
	char jan4[16], thu[16];
	int64_t t;
	int y, wk, dow;

	if (s == NULL || strlen(s) != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w'))
		return -1;
	for (y = 0; y < 8; y++)
		if (y != 4 && y != 5 && (s[y] < '0' || s[y] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	wk = (s[6] - '0') * 10 + (s[7] - '0');
	if (wk < 1 || wk > 53)
		return -1;
	(void)snprintf(jan4, sizeof(jan4), "%04d-01-04", y);
	if (window_parse_day(jan4, &t) == -1)
		return -1;
	dow = (int)((t / DAY + 3) % 7);		/* 0 = Monday; 1970-01-01 was a Thursday */
	t = t - (int64_t)dow * DAY + (int64_t)(wk - 1) * 7 * DAY;
	window_fmt_day(t + 3 * DAY, thu, sizeof(thu));
	if (strncmp(thu, jan4, 4) != 0)		/* week 53 of a 52-week year */
		return -1;
	*monday = t;
	return 0;
}

void
weekly_fmt_isoweek(int64_t t, char *out, size_t outlen)
{
	char thu[16], jan1[16];
	int64_t day, th, j1;

	day = t >= 0 ? t / DAY : (t - DAY + 1) / DAY;
	th = (day - ((day + 3) % 7 + 7) % 7 + 3) * DAY;
	window_fmt_day(th, thu, sizeof(thu));
	(void)snprintf(jan1, sizeof(jan1), "%.4s-01-01", thu);
	if (window_parse_day(jan1, &j1) == -1)
		j1 = th;
	(void)snprintf(out, outlen, "%.4s-W%02d", thu, (int)((th - j1) / (7 * DAY)) + 1);
}

bool
weekly_has_sat(const struct weekly *w)
{
	const struct weekly_domain *d;
	size_t i;
	int k;

	if (dr_count_is_sat(w->msgs) || dr_count_is_sat(w->prev_msgs))
		return true;
	for (i = 0; i < w->n_domains; i++) {
		d = &w->domains[i];
		for (k = 0; k < WEEKLY_HIST_WEEKS; k++)
			if (dr_count_is_sat(d->hist_pass[k]) ||
			    dr_count_is_sat(d->hist_fail[k]))
				return true;
		if (dr_count_is_sat(d->disp_other))
			return true;
	}
	return false;
}
