/*
 * report/query/failures.c -- per (policy domain, source IP) aggregation over a
 * time window, plus the shared scope checks (see failures.h).
 *
 * Design rationale: one pass over the window's records of each domain,
 * joined with their DKIM and SPF results (reports_domain_end finds the
 * reports, records_report their records, *_results_record the results),
 * aggregated in C into a hash table keyed by IP.  The set columns
 * (header_from, auth domains, reporters) and the alignment recomputation
 * need each record anyway, so a precomputed per-IP table would not save
 * the pass; the cost is linear in the records of one domain and one
 * window, which is what bench/report-bench.sh measures.
 * Counts are hostile input: they are summed saturating (util/count.h), so a
 * count no report can have shows as a sum not known, never stops the run.
 */
#include <stdlib.h>
#include <string.h>

#include "report/query/align_check.h"
#include "report/query/failures.h"
#include "report/query/failures_int.h"
#include "store/read.h"
#include "util/count.h"
#include "util/hash.h"
#include "util/limits.h"


int
strset_add(struct strset *s, const char *str)
{
	size_t lo = 0, hi = s->n, mid;
	char **v, *copy;
	int c;

	if (str == NULL || str[0] == '\0')
		return 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(s->v[mid], str);
		if (c == 0)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->n >= STRSET_MAX) {
		s->truncated = true;
		return 0;
	}
	if (s->n == s->cap) {
		v = reallocarray(s->v, s->cap ? s->cap * 2 : 4, sizeof(*v));
		if (v == NULL)
			return -1;
		s->v = v;
		s->cap = s->cap ? s->cap * 2 : 4;
	}
	if ((copy = strdup(str)) == NULL)
		return -1;
	memmove(&s->v[lo + 1], &s->v[lo], (s->n - lo) * sizeof(*s->v));
	s->v[lo] = copy;
	s->n++;
	return 0;
}

void
strset_release(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int
fail_bind_window(struct store_stmt *s, const struct report_opts *o,
    struct dr_err *err)
{
	if (store_stmt_bind_int64(s, 2, o->win_start, err) == -1 ||
	    store_stmt_bind_int64(s, 3, o->win_end, err) == -1)
		return -1;
	return 0;
}

int
report_window_domains(struct store *st, const struct report_opts *o,
    struct strset *out, struct dr_err *err)
{
	/* sql/report/failures-window-domains.sql: no DISTINCT, the strset
	 * removes duplicates. */
	struct store_stmt *s = NULL;
	size_t i;
	int rc, ret = -1;

	if (o->n_domains > 0) {
		for (i = 0; i < o->n_domains; i++)
			if (strset_add(out, o->domains[i]) == -1)
				return dr_fail(err, R_NOMEM, "domains");
		return 0;
	}
	if (store_stmt_open(st, "report/failures-window-domains", &s,
	    err) == -1 || fail_bind_window(s, o, err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, err)) == 1)
		if (strset_add(out, store_stmt_col_text(s, 0)) == -1) {
			dr_fail(err, R_NOMEM, "domains");
			goto done;
		}
	if (rc == -1)
		goto done;
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}

/*
 * Runs the one-integer statement name with ?1 = text (may be NULL) and,
 * when o is not NULL, the window.
 */
static int
count_q(struct store *st, const char *name, const char *text,
    const struct report_opts *o, int64_t *n, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	int rc, ret = -1;

	*n = 0;
	if (store_stmt_open(st, name, &s, err) == -1 ||
	    store_stmt_bind_text(s, 1, text, err) == -1 ||
	    (o != NULL && fail_bind_window(s, o, err) == -1))
		goto done;
	if ((rc = store_stmt_step(s, err)) == -1)
		goto done;
	if (rc == 0) {
		dr_fail(err, R_DB, "%s: no row", name);
		goto done;
	}
	*n = store_stmt_col_int64(s, 0);
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}

int
report_check_scope(struct store *st, const struct report_opts *o,
    struct dr_err *err)
{
	char win[80];
	int64_t n;
	size_t i;

	window_describe(o, win, sizeof(win));
	if (count_q(st, "report/failures-any-report", NULL, NULL, &n,
	    err) == -1)
		return -1;
	if (n == 0)
		return dr_fail(err, R_EMPTY_DB, "the database holds no report yet"
		    " (run dmarc-ingest first)");
	for (i = 0; i < o->n_domains; i++) {
		if (count_q(st, "report/failures-domain-known", o->domains[i], NULL,
		    &n, err) == -1)
			return -1;
		if (n == 0)
			return dr_fail(err, R_UNKNOWN_DOMAIN, "no report about '%s' in"
			    " the database (see: dmarc-report summary --days 36600)",
			    o->domains[i]);
		if (count_q(st, "report/failures-domain-in-window", o->domains[i], o,
		    &n, err) == -1)
			return -1;
		if (n == 0)
			return dr_fail(err, R_EMPTY_WINDOW, "no report about '%s' in"
			    " %s (no report's date range overlaps it); widen it"
			    " with --since/--until or --days",
			    o->domains[i], win);
	}
	if (o->n_domains == 0) {
		if (count_q(st, "report/failures-any-in-window", NULL, o, &n,
		    err) == -1)
			return -1;
		if (n == 0)
			return dr_fail(err, R_EMPTY_WINDOW, "no report in %s (no"
			    " report's date range overlaps it); widen it with"
			    " --since/--until or --days", win);
	}
	return 0;
}

/* --- per-IP aggregation --------------------------------------------- */

static int
ipmap_grow(struct fail_ipmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024, i, j;
	struct fail_slot *ns;

	if ((ns = calloc(ncap, sizeof(*ns))) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++) {
		if (m->slot[i].row == 0)
			continue;
		j = m->slot[i].h & (ncap - 1);
		while (ns[j].row != 0)
			j = (j + 1) & (ncap - 1);
		ns[j] = m->slot[i];
	}
	free(m->slot);
	m->slot = ns;
	m->cap = ncap;
	return 0;
}

struct fail_row *
fail_row_for(struct fail_ipmap *m, struct fail_rows *rows, const char *domain,
    const char *ip)
{
	struct fail_row *r, *v;
	uint64_t h = dr_fnv_str(ip);
	size_t j;

	if ((m->used + 1) * 2 > m->cap && ipmap_grow(m) == -1)
		return NULL;
	j = h & (m->cap - 1);
	while (m->slot[j].row != 0) {
		if (m->slot[j].h == h && strcmp(m->slot[j].ip, ip) == 0)
			return &rows->v[m->slot[j].row - 1];
		j = (j + 1) & (m->cap - 1);
	}
	if (rows->n == rows->cap) {
		v = reallocarray(rows->v, rows->cap ? rows->cap * 2 : 64, sizeof(*v));
		if (v == NULL)
			return NULL;
		rows->v = v;
		rows->cap = rows->cap ? rows->cap * 2 : 64;
	}
	r = &rows->v[rows->n];
	memset(r, 0, sizeof(*r));
	if ((r->domain = strdup(domain)) == NULL ||
	    (r->source_ip = strdup(ip)) == NULL) {
		free(r->domain);
		free(r->source_ip);
		return NULL;
	}
	r->first_seen = INT64_MAX;
	r->last_seen = INT64_MIN;
	rows->n++;
	m->slot[j].h = h;
	m->slot[j].ip = r->source_ip;
	m->slot[j].row = rows->n;
	m->used++;
	return r;
}

/* Sums saturate (util/count.h): a hand-edited count never stops a run. */
static void
add64(int64_t *acc, int64_t v)
{
	(void)dr_count_acc(acc, v);
}

static bool
eq(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/*
 * The record being folded in.  The statement's text pointers die at the
 * next step, and a record spans one row per (DKIM result x SPF result), so
 * what the alignment check needs is copied here.
 */
struct rec_state {
	int64_t		 id;
	int64_t		 n;		/* its message count */
	struct fail_row	*row;
	char		 hfrom[DR_MAX_DOMAIN_LEN + 2];
	char		 adkim[2], aspf[2];
	char		 dkim_eval[8], spf_eval[8];	/* "" when absent */
	struct ac_result res;
};

static void
copy_small(char *dst, size_t len, const char *src)
{
	if (src == NULL || strlen(src) >= len)
		dst[0] = '\0';
	else
		memcpy(dst, src, strlen(src) + 1);
}

static const char *
or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* Ends the current record: counts it as an alignment disagreement when
 * the recomputation differs from the reporter. */
static void
rec_finish(struct rec_state *rs)
{
	if (rs->row == NULL)
		return;
	align_check_compare(&rs->res, or_null(rs->hfrom), or_null(rs->dkim_eval),
	    or_null(rs->spf_eval));
	if (align_check_disagrees(&rs->res))
		add64(&rs->row->align_diff, rs->n);
	rs->row = NULL;
}

/* Starts a record from the current row of s: counts, sets, state. */
static int
rec_start(struct store_stmt *s, struct rec_state *rs, struct fail_row *r,
    struct dr_err *err)
{
	int64_t n = dr_count_in(store_stmt_col_int64(s, 2), DR_MAX_RECORD_COUNT);
	const char *dkim = store_stmt_col_text(s, 3);
	const char *spf = store_stmt_col_text(s, 4);

	add64(&r->records, 1);
	add64(&r->messages, n);
	if (store_stmt_col_int64(s, 18) == 0)	/* records.dmarc_pass */
		add64(&r->dmarc_fail, n);
	if (eq(spf, "fail"))
		add64(&r->spf_fail, n);
	if (eq(dkim, "fail"))
		add64(&r->dkim_fail, n);
	if (eq(store_stmt_col_text(s, 6), "quarantine"))
		add64(&r->disp_quarantine, n);
	if (eq(store_stmt_col_text(s, 6), "reject"))
		add64(&r->disp_reject, n);
	if (store_stmt_col_int64(s, 19) != 0)
		add64(&r->forwarded, n);
	if (store_stmt_col_int64(s, 20) != 0)
		add64(&r->mailing_list, n);
	if (store_stmt_col_int64(s, 8) < r->first_seen)
		r->first_seen = store_stmt_col_int64(s, 8);
	if (store_stmt_col_int64(s, 9) > r->last_seen)
		r->last_seen = store_stmt_col_int64(s, 9);
	if (strset_add(&r->header_from, store_stmt_col_text(s, 5)) == -1 ||
	    strset_add(&r->reporters, store_stmt_col_text(s, 7)) == -1)
		return dr_fail(err, R_NOMEM, "row sets");
	memset(rs, 0, sizeof(*rs));
	rs->id = store_stmt_col_int64(s, 0);
	rs->n = n;
	rs->row = r;
	copy_small(rs->hfrom, sizeof(rs->hfrom), store_stmt_col_text(s, 5));
	copy_small(rs->adkim, sizeof(rs->adkim), store_stmt_col_text(s, 10));
	copy_small(rs->aspf, sizeof(rs->aspf), store_stmt_col_text(s, 11));
	/* Values we derived ourselves cannot disagree with themselves. */
	if (store_stmt_col_int64(s, 12) == 0) {
		copy_small(rs->dkim_eval, sizeof(rs->dkim_eval), dkim);
		copy_small(rs->spf_eval, sizeof(rs->spf_eval), spf);
	}
	return 0;
}

/* Folds the auth-result columns of the current row into the record. */
static int
rec_auth(struct store_stmt *s, struct rec_state *rs, struct dr_err *err)
{
	struct fail_row *r = rs->row;
	const char *hf = or_null(rs->hfrom), *dom;

	if (!store_stmt_col_is_null(s, 13) || !store_stmt_col_is_null(s, 14)) {
		dom = store_stmt_col_text(s, 13);
		if (strset_add(&r->dkim_domains, dom) == -1)
			return dr_fail(err, R_NOMEM, "auth results");
		if (!rs->res.dkim_aligned && hf != NULL)
			rs->res.dkim_aligned = align_check_dkim(hf, or_null(rs->adkim),
			    dom, store_stmt_col_text(s, 14));
	}
	if (!store_stmt_col_is_null(s, 15) || !store_stmt_col_is_null(s, 17)) {
		dom = store_stmt_col_text(s, 15);
		if (strset_add(&r->spf_domains, dom) == -1)
			return dr_fail(err, R_NOMEM, "auth results");
		if (!rs->res.spf_aligned && hf != NULL)
			rs->res.spf_aligned = align_check_spf(hf, or_null(rs->aspf), dom,
			    store_stmt_col_text(s, 16),
			    store_stmt_col_text(s, 17));
	}
	return 0;
}

int
fail_row_cmp(const void *a, const void *b)
{
	const struct fail_row *x = a, *y = b;
	int c;

	if (x->dmarc_fail != y->dmarc_fail)
		return x->dmarc_fail > y->dmarc_fail ? -1 : 1;
	if (x->messages != y->messages)
		return x->messages > y->messages ? -1 : 1;
	if ((c = strcmp(x->domain, y->domain)) != 0)
		return c;
	return strcmp(x->source_ip, y->source_ip);
}

void
fail_row_release(struct fail_row *r)
{
	if (r == NULL)
		return;
	free(r->domain);
	free(r->source_ip);
	strset_release(&r->header_from);
	strset_release(&r->spf_domains);
	strset_release(&r->dkim_domains);
	strset_release(&r->reporters);
	fail_wk_free(r->wk);
	r->wk = NULL;
}

void
fail_wk_free(struct fail_wk *wk)
{
	size_t i;

	if (wk == NULL)
		return;
	if (wk->f != NULL) {
		for (i = 0; i < wk->f->n_rep; i++)
			free(wk->f->rep[i].key);
		free(wk->f->rep);
		free(wk->f);
	}
	free(wk);
}

void
fail_rows_release(struct fail_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		fail_row_release(&rows->v[i]);
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

/*
 * One pass over the domain's records in the window, each joined with its
 * DKIM and SPF results (sql/report/failures-records.sql): the rows of one
 * record arrive together and a change of c.id starts the next record.
 */
static int
one_domain(struct store_stmt *s, const char *domain,
    const struct report_opts *o, struct fail_rows *out, struct dr_err *err)
{
	struct fail_ipmap m = { NULL, 0, 0 };
	struct rec_state rs;
	struct fail_row *r;
	int rc, ret = -1;

	memset(&rs, 0, sizeof(rs));
	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, domain, err) == -1 ||
	    fail_bind_window(s, o, err) == -1 ||
	    store_stmt_bind_null(s, 4, err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, err)) == 1) {
		if (rs.row == NULL || store_stmt_col_int64(s, 0) != rs.id) {
			rec_finish(&rs);
			r = fail_row_for(&m, out, domain,
			    store_stmt_col_text(s, 1));
			if (r == NULL) {
				dr_fail(err, R_NOMEM, "failure rows");
				goto done;
			}
			if (rec_start(s, &rs, r, err) == -1)
				goto done;
		}
		if (rec_auth(s, &rs, err) == -1)
			goto done;
	}
	if (rc == -1)
		goto done;
	rec_finish(&rs);
	ret = 0;
done:
	free(m.slot);
	return ret;
}

int
report_failures(struct store *st, const struct report_opts *o,
    bool only_failing, struct fail_rows *out, struct dr_err *err)
{
	struct store_stmt *q = NULL;
	struct strset doms = { NULL, 0, 0, false };
	size_t i, j;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (store_stmt_open(st, "report/failures-records", &q, err) == -1)
		goto done;
	if (report_window_domains(st, o, &doms, err) == -1)
		goto done;
	for (i = 0; i < doms.n; i++)
		if (one_domain(q, doms.v[i], o, out, err) == -1)
			goto done;
	if (only_failing) {
		for (i = j = 0; i < out->n; i++) {
			if (out->v[i].dmarc_fail > 0)
				out->v[j++] = out->v[i];
			else
				fail_row_release(&out->v[i]);
		}
		out->n = j;
	}
	if (out->n > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(out->v, out->n, sizeof(*out->v), fail_row_cmp);
	ret = 0;
done:
	if (ret == -1)
		fail_rows_release(out);
	strset_release(&doms);
	store_stmt_close(q);
	return ret;
}
