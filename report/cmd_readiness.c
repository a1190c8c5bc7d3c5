/*
 * report/cmd_readiness.c -- `dmarc-report readiness [--inventory]`: what
 * a stricter policy (p=quarantine, p=reject, pct) would do per policy
 * domain, in messages, and a verdict with its reasons; --inventory lists
 * who sends as each domain instead, one line per service (or category)
 * and verdict.
 *
 * Thin: widens the default window to DR_READY_DAYS (28 days: four whole
 * weeks, util/limits.h), calls report_summary_counts() and report_failures()
 * over every source (passing and failing), classifies each row
 * (services_classify_row(), with the PTR and ASN answers, as failures
 * does) and hands them to readiness_compute() (report/query/readiness.c,
 * where the rules are).  The policy now (DNS, unless --no-dns) is
 * preferred over the one the reports saw.
 *
 * The inventory is an option, not a `senders` command: it is the same
 * rows, window and classification -- the list an admin checks before
 * following the verdict -- and one command keeps the two from drifting.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "report/query/failures.h"
#include "report/query/readiness.h"
#include "report/query/services.h"
#include "report/out/out.h"
#include "report/check/policy_now.h"
#include "report/dns/ptr.h"
#include "store/store.h"
#include "util/count.h"
#include "util/hash.h"
#include "util/limits.h"
#include "util/svccat.h"

enum {
	RD_DOMAIN, RD_VERDICT, RD_ADVICE, RD_POLICY, RD_POLICY_SRC, RD_MESSAGES,
	RD_LEGIT, RD_SVC_FAIL, RD_FWD_FAIL, RD_LEGIT_FAIL, RD_SPOOF, RD_REPORTS,
	RD_REPORTERS, RD_FIX_SVCS, RD_REASONS, RD__N
};

static const struct out_col ready_cols[RD__N] = {
	[RD_DOMAIN] = { "domain", "DOMAIN", COL_STR },
	[RD_VERDICT] = { "verdict", "VERDICT", COL_STR },
	[RD_ADVICE] = { "advice", "ADVICE", COL_STR },
	[RD_POLICY] = { "policy", "POLICY", COL_STR },
	[RD_POLICY_SRC] = { "policy_source", "FROM", COL_STR },
	[RD_MESSAGES] = { "messages", "MSGS", COL_INT },
	[RD_LEGIT] = { "legitimate", "LEGITIMATE", COL_INT },
	[RD_SVC_FAIL] = { "service_failing", "SERVICES HIT", COL_INT },
	[RD_FWD_FAIL] = { "forwarded_failing", "FORWARDS HIT", COL_INT },
	[RD_LEGIT_FAIL] = { "legitimate_failing", "LEGIT HIT", COL_INT },
	[RD_SPOOF] = { "spoofed_stopped", "SPOOF STOPPED", COL_INT },
	[RD_REPORTS] = { "reports", "REPORTS", COL_INT },
	[RD_REPORTERS] = { "reporters", "REPORTERS", COL_INT },
	[RD_FIX_SVCS] = { "fix_services", "FIX FIRST", COL_LIST },
	[RD_REASONS] = { "reasons", "REASONS", COL_STR },
};

enum {
	V_DOMAIN, V_SERVICE, V_KIND, V_VERDICT, V_MESSAGES, V_FAILING,
	V_PASS_PCT, V_SPF_PCT, V_DKIM_PCT, V_IPS, V_FIX, V__N
};

static const struct out_col inv_cols[V__N] = {
	[V_DOMAIN] = { "domain", "DOMAIN", COL_STR },
	[V_SERVICE] = { "service", "SERVICE", COL_STR },
	[V_KIND] = { "kind", "KIND", COL_STR },
	[V_VERDICT] = { "verdict", "VERDICT", COL_STR },
	[V_MESSAGES] = { "messages", "MSGS", COL_INT },
	[V_FAILING] = { "dmarc_fail", "DMARC FAIL", COL_INT },
	[V_PASS_PCT] = { "dmarc_pass_pct", "PASS%", COL_PCT },
	[V_SPF_PCT] = { "spf_aligned_pct", "SPF ALIGNED%", COL_PCT },
	[V_DKIM_PCT] = { "dkim_aligned_pct", "DKIM ALIGNED%", COL_PCT },
	[V_IPS] = { "ips", "IPS", COL_INT },
	[V_FIX] = { "fix", "FIX", COL_STR },
};

static bool
is_fix(const struct ready_group *g)
{
	return g->failing > 0 && (g->verdict == SV_NOT_SET_UP ||
	    g->verdict == SV_YOURS || g->verdict == SV_ALIGNED);
}

static const char *
group_name(const struct ready_group *g)
{
	return g->svc != NULL ? g->svc->name : "(no service known)";
}

/* JSON: "services_to_fix": [{"service", "failing", "fix"}], the fix list
 * of a fix-services-first domain ([] otherwise). */
static void
json_fix(struct json_writer *w, size_t row, void *arg)
{
	const struct readiness *r = arg;
	const struct ready_domain *d = &r->dom[row];
	size_t i;

	json_key(w, "services_to_fix");
	json_arr_begin(w);
	for (i = d->group0; d->verdict == RV_FIX_FIRST &&
	    i < d->group0 + d->ngroups; i++) {
		if (!is_fix(&r->groups[i]))
			continue;
		json_obj_begin(w);
		json_key(w, "service");
		json_str(w, r->groups[i].svc != NULL ? r->groups[i].svc->name :
		    NULL);
		json_key(w, "failing");
		json_int(w, r->groups[i].failing);
		json_key(w, "fix");
		json_str(w, r->groups[i].fix);
		json_obj_end(w);
	}
	json_arr_end(w);
}

static int
fill_ready(struct out_table *t, const struct readiness *r)
{
	const struct ready_domain *d;
	const char *names[64];
	size_t i, j, n, more;
	long k;

	for (i = 0; i < r->ndom; i++) {
		d = &r->dom[i];
		if ((k = out_row(t)) < 0)
			return -1;
		out_str(t, k, RD_DOMAIN, d->domain);
		out_str(t, k, RD_VERDICT, readiness_verdict_word(d->verdict));
		out_str(t, k, RD_ADVICE, d->advice);
		out_str(t, k, RD_POLICY, d->policy_p[0] ? d->policy_p : NULL);
		out_str(t, k, RD_POLICY_SRC, d->policy_from_dns ? "dns" :
		    "reports");
		out_int(t, k, RD_MESSAGES, d->messages);
		out_int(t, k, RD_LEGIT, d->legit);
		out_int(t, k, RD_SVC_FAIL, d->svc_fail);
		out_int(t, k, RD_FWD_FAIL, d->fwd_fail);
		out_int(t, k, RD_LEGIT_FAIL, dr_count_add(d->svc_fail, d->fwd_fail));
		out_int(t, k, RD_SPOOF, d->spoof);
		out_int(t, k, RD_REPORTS, d->reports);
		out_int(t, k, RD_REPORTERS, d->reporters);
		n = more = 0;
		for (j = d->group0; d->verdict == RV_FIX_FIRST &&
		    j < d->group0 + d->ngroups; j++) {
			if (!is_fix(&r->groups[j]))
				continue;
			if (n < sizeof(names) / sizeof(names[0]))
				names[n++] = group_name(&r->groups[j]);
			else
				more++;
		}
		out_list(t, k, RD_FIX_SVCS, names, n, more);
		out_str(t, k, RD_REASONS, d->reasons);
	}
	return t->failed ? -1 : 0;
}

static int
fill_inventory(struct out_table *t, const struct readiness *r)
{
	const struct ready_group *g;
	size_t i;
	long k;

	for (i = 0; i < r->ngroups; i++) {
		g = &r->groups[i];
		if ((k = out_row(t)) < 0)
			return -1;
		out_str(t, k, V_DOMAIN, g->domain);
		out_str(t, k, V_SERVICE, g->svc != NULL ? g->svc->name : NULL);
		out_str(t, k, V_KIND, g->svc != NULL ?
		    svccat_kind_word(g->svc->kind) : NULL);
		out_str(t, k, V_VERDICT, services_verdict_word(g->verdict));
		out_int(t, k, V_MESSAGES, g->messages);
		out_int(t, k, V_FAILING, g->failing);
		out_rate(t, k, V_PASS_PCT, dr_count_sub(g->messages, g->failing),
		    g->messages);
		out_rate(t, k, V_SPF_PCT, g->spf_ok, g->messages);
		out_rate(t, k, V_DKIM_PCT, g->dkim_ok, g->messages);
		out_int(t, k, V_IPS, (int64_t)g->ips);
		out_str(t, k, V_FIX, g->fix[0] ? g->fix : NULL);
	}
	return t->failed ? -1 : 0;
}

/* The p= published now per summary row, or NULL (unchecked, no record):
 * the weekly page's checks (page_p, by domain name) when given, else
 * policy_now_domains(). */
static int
dns_policy(struct report_ctx *ctx, const struct report_opts *o,
    const char *const *page_dom, const char *const *page_p, size_t npage,
    struct cmd_ready *cr, struct dr_err *err)
{
	const struct summary_rows *sum = cr->sum;
	const char **doms = NULL;
	size_t i, j;
	int rc = -1;

	if ((cr->pn = calloc(sum->n + 1, sizeof(*cr->pn))) == NULL ||
	    (cr->dns_p = calloc(sum->n + 1, sizeof(*cr->dns_p))) == NULL ||
	    (doms = calloc(sum->n + 1, sizeof(*doms))) == NULL) {
		dr_fail(err, R_NOMEM, "readiness");
		goto done;
	}
	if (page_p != NULL) {
		for (i = 0; i < sum->n; i++)
			for (j = 0; j < npage; j++)
				if (strcmp(page_dom[j], sum->v[i].domain) == 0)
					cr->dns_p[i] = page_p[j];
		rc = 0;
		goto done;
	}
	for (i = 0; i < sum->n; i++)
		doms[i] = sum->v[i].domain;
	if (policy_now_domains(ctx->st, o, doms, sum->n, cr->pn, err) == -1)
		goto done;
	for (i = 0; i < sum->n; i++)
		if (cr->pn[i].checked && cr->pn[i].dmarc_p != NULL)
			cr->dns_p[i] = cr->pn[i].dmarc_p;
	rc = 0;
done:
	free(doms);
	return rc;
}

/*
 * The network answers of the rows' sources: each distinct IP is looked up
 * once (PTR, ASN), and ix[k] is row k's index in pi and ai.  Rows are
 * (domain, IP): over 28 days of a big database, hundreds of thousands of
 * them share some tens of thousands of IPs.
 */
struct ready_net {
	const struct fail_rows	*rows;
	const struct svccat	*cat;
	struct ptr_info		*pi;
	struct asn_info		*ai;
	size_t			*ix;
};

static void
ready_net_release(struct ready_net *rn)
{
	free(rn->pi);
	free(rn->ai);
	free(rn->ix);
}

/* services_classify_row() of row k (readiness_cls_fn). */
static void
class_of(void *arg, size_t k, struct svc_class *out)
{
	const struct ready_net *rn = arg;

	services_classify_row(rn->cat, &rn->rows->v[k], &rn->pi[rn->ix[k]],
	    &rn->ai[rn->ix[k]], out);
}

/* Sorts distinct-IP numbers by their IP (qsort_r has no portable
 * form; the numbers carry their string). */
struct uip {
	const char	*ip;
	size_t		 k;	/* first-seen number */
};

static int
cmp_uip(const void *a, const void *b)
{
	return strcmp(((const struct uip *)a)->ip, ((const struct uip *)b)->ip);
}

/*
 * The distinct source IPs of rows, sorted, into ips[0..*n), and each row's
 * index among them into ix: a hash of the IPs (rows are many, IPs fewer:
 * each domain's sources over 28 days), then one sort of the distinct ones
 * (instead of a sort of every row's IP and a bsearch per row).
 */
static int
distinct_ips(const struct fail_rows *rows, const char **ips, size_t *n,
    size_t *ix)
{
	size_t cap = 16, i, j, *slot = NULL, *rank = NULL;
	struct uip *uv = NULL;
	const char *ip;
	int ret = -1;

	while (cap < rows->n * 2 + 2)
		cap *= 2;
	/* slot: 0 empty, else 1 + a first-seen number; ix[i]: row i's */
	if ((slot = calloc(cap, sizeof(*slot))) == NULL ||
	    (uv = calloc(rows->n + 1, sizeof(*uv))) == NULL)
		goto done;
	*n = 0;
	for (i = 0; i < rows->n; i++) {
		ip = rows->v[i].source_ip;
		for (j = dr_fnv_str(ip) & (cap - 1); slot[j] != 0;
		    j = (j + 1) & (cap - 1))
			if (strcmp(uv[slot[j] - 1].ip, ip) == 0)
				break;
		if (slot[j] == 0) {
			uv[*n].ip = ip;
			uv[*n].k = *n;
			slot[j] = ++*n;
		}
		ix[i] = slot[j] - 1;
	}
	if (*n > 1)
		qsort(uv, *n, sizeof(*uv), cmp_uip);
	if ((rank = calloc(*n + 1, sizeof(*rank))) == NULL)
		goto done;
	for (i = 0; i < *n; i++) {
		ips[i] = uv[i].ip;
		rank[uv[i].k] = i;
	}
	for (i = 0; i < rows->n; i++)
		ix[i] = rank[ix[i]];
	ret = 0;
done:
	free(slot);
	free(rank);
	free(uv);
	return ret;
}

/* The PTR and ASN answers of rows' distinct IPs into rn, looked up on st
 * as po says (no notes printed: *ps and *as tell). */
static int
lookup_net_on(struct store *st, const struct ptr_opts *po, const char *zone,
    bool no_asn, const struct fail_rows *rows, const struct svccat *cat,
    struct ready_net *rn, size_t *nips, struct ptr_stats *ps,
    struct ptr_stats *as, struct dr_err *err)
{
	const char **ips = NULL;
	size_t n = 0;
	int rc = -1;

	memset(rn, 0, sizeof(*rn));
	memset(ps, 0, sizeof(*ps));
	memset(as, 0, sizeof(*as));
	rn->rows = rows;
	rn->cat = cat;
	if ((ips = calloc(rows->n + 1, sizeof(*ips))) == NULL ||
	    (rn->ix = calloc(rows->n + 1, sizeof(*rn->ix))) == NULL ||
	    distinct_ips(rows, ips, &n, rn->ix) == -1 ||
	    (rn->pi = calloc(n + 1, sizeof(*rn->pi))) == NULL ||
	    (rn->ai = calloc(n + 1, sizeof(*rn->ai))) == NULL) {
		dr_fail(err, R_NOMEM, "readiness");
		goto done;
	}
	*nips = n;
	if (ptr_lookup(st, po, ips, n, rn->pi, ps, err) == -1 ||
	    (!no_asn && asn_lookup(st, po, zone, ips, n, rn->ai, as,
	    err) == -1))
		goto done;
	rc = 0;
done:
	free(ips);
	return rc;
}

static int
lookup_net(struct report_ctx *ctx, const struct fail_rows *rows,
    const struct svccat *cat, bool cache_only, struct ready_net *rn,
    struct dr_err *err)
{
	struct ptr_opts po;
	struct ptr_stats ps, as;
	size_t nips;

	cmd_ptr_opts(ctx, &po);
	if (cache_only)
		po.no_dns = true;
	if (lookup_net_on(ctx->st, &po, ctx->opts.asn_zone, ctx->opts.no_asn,
	    rows, cat, rn, &nips, &ps, &as, err) == -1)
		return -1;
	cmd_ptr_note(&ps);
	cmd_asn_note(&as);
	return 0;
}

void
cmd_ready_release(struct cmd_ready *cr)
{
	if (cr->sum != NULL)
		summary_rows_release(cr->sum);
	if (cr->rows != NULL)
		fail_rows_release(cr->rows);
	readiness_release(cr->rd);
	free(cr->sum);
	free(cr->rows);
	free(cr->rd);
	free(cr->pn);
	free(cr->dns_p);
	memset(cr, 0, sizeof(*cr));
}

/*
 * The read ahead.  Design rationale: over 28 days of a big database the
 * page spends most of its time in two independent reads, its week's
 * records (weekly_build()) and readiness's rollup; on two CPUs, or with
 * a PostgreSQL server doing the work, they overlap.  The second
 * connection sees a snapshot of its own, as the two reads did one after
 * the other before (each is one read transaction): readiness and the
 * week are separate windows and never add up to each other.  It is
 * opened here, on the main thread, as the first one was (the same mode;
 * its cache writes go where report_cache_store() says, through a
 * connection of its own); the thread only runs the summary, the rollup
 * and the cache reads of the PTR and ASN answers, whose code keeps no
 * state outside the store and its arguments.  With DNS on, the page looks
 * up its own sources meanwhile and saves the answers: what the thread
 * found no fresh answer for is read again after it (recheck_net()), so
 * the verdict sees what the cache holds after the page's lookups, as
 * with one connection.
 */
struct ready_pre {
	pthread_t		 th;
	struct store		*st, *wst;	/* wst: NULL, st or its own */
	struct report_opts	 o;
	struct ptr_opts		 po;		/* the caches only */
	struct summary_rows	 sum;
	struct fail_rows	 rows;
	struct ready_net	 rn;		/* the rows' PTR and ASN answers */
	size_t			 nips;		/* ... of this many distinct IPs */
	struct dr_err		 err;
	int			 rc;
	bool			 joined;
};

static void *
pre_run(void *arg)
{
	struct ready_pre *p = arg;
	struct ptr_stats ps, as;

	p->rc = report_summary_counts(p->st, &p->o, &p->sum, &p->err);
	if (p->rc == 0)
		p->rc = report_failures_rollup(p->st, p->wst, &p->o, NULL, 0,
		    &p->rows, &p->err);
	/* The page's readiness reads PTR and ASN answers from the caches
	 * only (cmd_ready_build(): page_p): here too, off the main thread
	 * (tens of thousands of IPs over 28 days). */
	if (p->rc == 0)
		p->rc = lookup_net_on(p->st, &p->po, p->o.asn_zone,
		    p->o.no_asn, &p->rows, NULL, &p->rn, &p->nips, &ps, &as,
		    &p->err);
	return NULL;
}

static void
pre_free(struct ready_pre *p)
{
	summary_rows_release(&p->sum);
	fail_rows_release(&p->rows);
	ready_net_release(&p->rn);
	if (p->wst != p->st)
		store_close(p->wst);
	store_close(p->st);
	free(p);
}

struct ready_pre *
cmd_ready_pre_start(struct report_ctx *ctx, const struct report_opts *o)
{
	struct dr_err err = DR_ERR_INIT;
	struct ready_pre *p;
	const char *env = getenv("DMARC_RUA_THREADS");

	if (ctx->st == NULL || (env != NULL && strcmp(env, "1") == 0) ||
	    (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->o = *o;
	p->err = (struct dr_err)DR_ERR_INIT;
	if (store_open(&p->st, ctx->opts.db_path, ctx->db_rw ?
	    STORE_REPORT_RW : STORE_REPORT_RO, &err) == -1)
		goto fail;
	if (ctx->wst != NULL) {
		if (store_open(&p->wst, ctx->opts.write_db, STORE_REPORT_RW,
		    &err) == -1 || store_is_readonly(p->wst))
			goto fail;
	} else if (ctx->db_rw)
		p->wst = p->st;
	cmd_ptr_opts(ctx, &p->po);
	p->po.no_dns = true;
	p->po.can_write = false;
	p->po.cache = p->wst != p->st ? p->wst : NULL;
	if (pthread_create(&p->th, NULL, pre_run, p) != 0)
		goto fail;
	return p;
fail:
	dr_err_clear(&err);
	pre_free(p);
	return NULL;
}

void
cmd_ready_pre_end(struct ready_pre *p)
{
	if (p == NULL)
		return;
	if (!p->joined)
		(void)pthread_join(p->th, NULL);
	pre_free(p);
}

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Moves the read ahead's rows into cr, its summary cut to the domains
 * dom[0..n) (all when dom is NULL); false when it failed (cr untouched).
 * The rows of the domains cut need not go: readiness_compute_fn() takes
 * only the rows of the summary's domains.
 */
static bool
pre_take(struct ready_pre *p, const char *const *dom, size_t n,
    struct cmd_ready *cr, struct ready_net *rn, size_t *nips)
{
	const char **sorted = NULL;
	size_t i, k;

	(void)pthread_join(p->th, NULL);
	p->joined = true;
	if (p->rc != 0)
		return false;
	if (dom != NULL) {
		if ((sorted = calloc(n + 1, sizeof(*sorted))) == NULL)
			return false;
		memcpy(sorted, dom, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), cmp_strp);
	}
	for (i = k = 0; i < p->sum.n; i++) {
		if (dom == NULL || bsearch(&p->sum.v[i].domain, sorted, n,
		    sizeof(*sorted), cmp_strp) != NULL)
			p->sum.v[k++] = p->sum.v[i];
		else
			summary_row_release(&p->sum.v[i]);
	}
	p->sum.n = k;
	free(sorted);
	*cr->sum = p->sum;
	*cr->rows = p->rows;
	*rn = p->rn;
	rn->rows = cr->rows;
	*nips = p->nips;
	memset(&p->sum, 0, sizeof(p->sum));
	memset(&p->rows, 0, sizeof(p->rows));
	memset(&p->rn, 0, sizeof(p->rn));
	return true;
}

/*
 * The answers the read ahead found no fresh cache entry for, read again
 * from the caches on the main connection (the page's own lookups, with
 * DNS on, may have saved them meanwhile).  Usually a few: the sources
 * the page looked up; on a cold cache every IP, as one connection would.
 */
static int
recheck_net(struct report_ctx *ctx, struct ready_net *rn, size_t nips,
    struct dr_err *err)
{
	const struct fail_rows *rows = rn->rows;
	const char **ips = NULL;
	struct ptr_info *pi = NULL;
	struct asn_info *ai = NULL;
	struct ptr_stats ps, as;
	struct ptr_opts po;
	size_t *which = NULL, i, k, n = 0;
	char *seen = NULL;
	int rc = -1;

	if (nips == 0)
		return 0;
	if ((seen = calloc(nips, 1)) == NULL ||
	    (which = calloc(nips, sizeof(*which))) == NULL ||
	    (ips = calloc(nips, sizeof(*ips))) == NULL)
		goto nomem;
	for (i = 0; i < rows->n; i++) {
		k = rn->ix[i];
		if (seen[k])
			continue;
		seen[k] = 1;
		if (rn->pi[k].from_cache &&
		    (ctx->opts.no_asn || rn->ai[k].from_cache))
			continue;
		which[n] = k;
		ips[n++] = rows->v[i].source_ip;
	}
	if (n == 0) {
		rc = 0;
		goto done;
	}
	if ((pi = calloc(n, sizeof(*pi))) == NULL ||
	    (ai = calloc(n, sizeof(*ai))) == NULL)
		goto nomem;
	cmd_ptr_opts(ctx, &po);
	po.no_dns = true;
	if (ptr_lookup(ctx->st, &po, ips, n, pi, &ps, err) == -1 ||
	    (!ctx->opts.no_asn && asn_lookup(ctx->st, &po, ctx->opts.asn_zone,
	    ips, n, ai, &as, err) == -1))
		goto done;
	for (i = 0; i < n; i++) {
		if (pi[i].from_cache)
			rn->pi[which[i]] = pi[i];
		if (ai[i].from_cache)
			rn->ai[which[i]] = ai[i];
	}
	rc = 0;
	goto done;
nomem:
	dr_fail(err, R_NOMEM, "readiness");
done:
	free(seen);
	free(which);
	free(ips);
	free(pi);
	free(ai);
	return rc;
}

int
cmd_ready_build(struct report_ctx *ctx, const struct report_opts *o,
    const struct svccat *cat, const char *const *page_dom,
    const char *const *page_p, size_t npage, struct ready_pre *pre,
    struct cmd_ready *cr, struct dr_err *err)
{
	struct ready_net rn = { 0 };
	size_t nips = 0;
	bool have = false;

	memset(cr, 0, sizeof(*cr));
	if ((cr->sum = calloc(1, sizeof(*cr->sum))) == NULL ||
	    (cr->rows = calloc(1, sizeof(*cr->rows))) == NULL ||
	    (cr->rd = calloc(1, sizeof(*cr->rd))) == NULL) {
		cmd_ready_pre_end(pre);
		dr_fail(err, R_NOMEM, "readiness");
		goto fail;
	}
	/* The read ahead's PTR and ASN answers are the caches': only for the
	 * page (page_p), which asks for nothing else. */
	if (pre != NULL) {
		have = page_p != NULL && pre_take(pre, page_dom, npage, cr, &rn,
		    &nips);
		cmd_ready_pre_end(pre);
		rn.cat = cat;
		if (have && !ctx->opts.no_dns &&
		    recheck_net(ctx, &rn, nips, err) == -1)
			goto fail;
	}
	if ((!have && (report_summary_counts(ctx->st, o, cr->sum, err) == -1 ||
	    report_failures_rollup(ctx->st, report_cache_store(ctx), o, NULL,
	    0, cr->rows, err) == -1 ||
	    lookup_net(ctx, cr->rows, cat, page_p != NULL, &rn, err) == -1)) ||
	    dns_policy(ctx, o, page_dom, page_p, npage, cr, err) == -1)
		goto fail;
	if (readiness_compute_fn(cr->sum, cr->rows, class_of, &rn, cr->dns_p,
	    cr->rd) == -1) {
		dr_fail(err, R_NOMEM, "readiness");
		goto fail;
	}
	ready_net_release(&rn);
	return 0;
fail:
	ready_net_release(&rn);
	cmd_ready_release(cr);
	return -1;
}

int
cmd_readiness(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct cmd_ready cr = { 0 };
	struct svccat cat = { 0 };
	struct out_table t;
	bool inventory = false;
	int i_arg, rc = DX_SOFTWARE;

	for (i_arg = 1; i_arg < argc; i_arg++) {
		if (strcmp(argv[i_arg], "--inventory") == 0)
			inventory = true;
		else {
			report_msg(0, "readiness: unknown argument '%s'", argv[i_arg]);
			report_usage(stderr, ctx->cmd);
			return DX_USAGE;
		}
	}
	if (inventory)
		out_table_init(&t, inv_cols, V__N);
	else
		out_table_init(&t, ready_cols, RD__N);
	if (inventory)
		t.hide_text = 1ULL << V_FIX;
	else {
		t.hide_text = 1ULL << RD_POLICY_SRC | 1ULL << RD_LEGIT_FAIL;
		t.json_extra = json_fix;
	}
	/* A policy change is judged on four weeks, not the usual week. */
	if (ctx->opts.days == 0 && ctx->opts.since_arg == NULL) {
		ctx->opts.days = DR_READY_DAYS;
		if (window_resolve(&ctx->opts, (int64_t)time(NULL), &err) == -1) {
			rc = report_fail(&err);
			goto done;
		}
	}
	if ((rc = report_open(ctx)) != DX_OK)
		goto done;
	rc = DX_SOFTWARE;
	if (report_check_scope(ctx->st, &ctx->opts, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	if ((rc = cmd_services_load(ctx, &cat)) != DX_OK)
		goto done;
	rc = DX_SOFTWARE;
	if (cmd_ready_build(ctx, &ctx->opts, &cat, NULL, NULL, 0, NULL, &cr,
	    &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	t.json_arg = cr.rd;
	if ((inventory ? fill_inventory(&t, cr.rd) : fill_ready(&t,
	    cr.rd)) == -1)
		goto done;
	rc = out_write(ctx->out, ctx->opts.format, &t, &ctx->opts,
	    inventory ? "inventory" : "readiness") == -1 ? DX_SOFTWARE : DX_OK;
done:
	out_table_release(&t);
	cmd_ready_release(&cr);
	svccat_release(&cat);
	return rc;
}
