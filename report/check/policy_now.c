/*
 * report/check/policy_now.c -- the policy-now columns of summary and failures
 * (see policy_now.h).
 *
 * Design rationale: DKIM selectors come from report_selectors (one row
 * per DKIM domain, selector and report, written by dmarc-ingest).  A
 * domain's distinct selectors are read by skip-scan over its primary key
 * (one seek per selector, however many reports there are), and each is
 * kept only when a report in the window names it (the report ids of one
 * pair are joined with reports), so a domain with years of history costs
 * milliseconds.  Hostile reports can
 * name any number of selectors: at most POLICY_PROBES are looked at and
 * DR_CHECK_MAX_SELECTORS checked.  The statements are
 * sql/report/policy-next-selector.sql and policy-selector-used.sql.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/check/check.h"
#include "report/dns/dnsrun.h"
#include "report/check/policy_now.h"
#include "report/dns/resolver.h"
#include "store/read.h"
#include "util/limits.h"

#define POLICY_PROBES		256

static bool
is_dns_name(const char *d)
{
	char buf[DR_DOMAIN_BUF];

	return d != NULL && dnsrun_norm(d, buf, sizeof(buf)) == 0;
}

static void
sels_free(char **sel, size_t n)
{
	size_t i;

	if (sel == NULL)
		return;
	for (i = 0; i < n; i++)
		free(sel[i]);
	free(sel);
}

/*
 * The selectors the window's reports about dom name for dom itself, in
 * byte order: *out holds *n owned copies (DR_CHECK_MAX_SELECTORS at most).
 */
static int
read_selectors(struct store_stmt *next, struct store_stmt *used,
    const struct report_opts *o, const char *dom, char ***out, size_t *n,
    struct dr_err *err)
{
	char **sel = NULL, *cur = NULL;
	const char *s;
	size_t ns = 0, probes;
	int rc, ret = -1;

	*out = NULL;
	*n = 0;
	if ((sel = calloc(DR_CHECK_MAX_SELECTORS, sizeof(*sel))) == NULL ||
	    (cur = strdup("")) == NULL) {
		dr_fail(err, R_NOMEM, "selectors");
		goto done;
	}
	for (probes = 0; probes < POLICY_PROBES && ns < DR_CHECK_MAX_SELECTORS;
	    probes++) {
		store_stmt_reset(next);
		if (store_stmt_bind_text(next, 1, dom, err) == -1 ||
		    store_stmt_bind_text(next, 2, cur, err) == -1 ||
		    (rc = store_stmt_step(next, err)) == -1)
			goto done;
		/* min() gives one row, NULL when no selector is left */
		if (rc == 0 || (s = store_stmt_col_text(next, 0)) == NULL)
			break;
		free(cur);
		if ((cur = strdup(s)) == NULL) {
			dr_fail(err, R_NOMEM, "selectors");
			goto done;
		}
		store_stmt_reset(next);
		store_stmt_reset(used);
		if (store_stmt_bind_text(used, 1, dom, err) == -1 ||
		    store_stmt_bind_int64(used, 2, o->win_start, err) == -1 ||
		    store_stmt_bind_int64(used, 3, o->win_end, err) == -1 ||
		    store_stmt_bind_text(used, 4, cur, err) == -1)
			goto done;
		rc = store_stmt_step(used, err);
		store_stmt_reset(used);
		if (rc == -1)
			goto done;
		if (rc == 1 && (sel[ns++] = strdup(cur)) == NULL) {
			dr_fail(err, R_NOMEM, "selectors");
			goto done;
		}
	}
	*out = sel;
	*n = ns;
	sel = NULL;
	ret = 0;
done:
	store_stmt_reset(next);
	sels_free(sel, ns);
	free(cur);
	return ret;
}

/* The cause of a temperror part; "DNS error" when none was recorded. */
static const char *
cause_or(const char *cause)
{
	return cause != NULL ? cause : "DNS error";
}

static void
fill_dmarc(struct policy_now *p, const struct check_result *r,
    const struct check_summary *sum)
{
	const struct check_dmarc *d = &r->dmarc;

	p->dmarc_status = d->status;
	if (strcmp(d->status, "temperror") == 0) {
		p->dmarc_cause = cause_or(d->cause);
		(void)snprintf(p->dmarc, sizeof(p->dmarc),
		    "could not check (%s)", p->dmarc_cause);
		return;
	}
	if (d->record == NULL ||
	    !d->rec.is_dmarc) {
		(void)snprintf(p->dmarc, sizeof(p->dmarc), "%s", d->status);
		return;
	}
	p->dmarc_p = sum->dmarc_p;
	p->dmarc_sp = sum->dmarc_sp;
	if (!d->rec.valid)
		(void)snprintf(p->dmarc, sizeof(p->dmarc), "invalid");
	else
		(void)snprintf(p->dmarc, sizeof(p->dmarc), "p=%s sp=%s",
		    sum->dmarc_p, sum->dmarc_sp);
}

static void
fill_spf(struct policy_now *p, const struct check_result *r,
    const struct check_summary *sum)
{
	const struct check_spf *s = &r->spf;

	p->spf_status = s->status;
	p->spf_valid = sum->spf_valid;
	p->spf_lookups = sum->spf_valid < 0 ? -1 : sum->spf_lookups;
	if (strcmp(s->status, "ok") == 0)
		(void)snprintf(p->spf, sizeof(p->spf), "%s, %d lookup%s",
		    s->valid ? "valid" : "invalid", s->lookups,
		    s->lookups == 1 ? "" : "s");
	else if (strcmp(s->status, "permerror") == 0)
		(void)snprintf(p->spf, sizeof(p->spf), "permerror: %d lookup%s",
		    s->lookups, s->lookups == 1 ? "" : "s");
	else if (strcmp(s->status, "temperror") == 0) {
		p->spf_cause = cause_or(s->cause);
		(void)snprintf(p->spf, sizeof(p->spf), "could not check (%s)",
		    p->spf_cause);
	} else
		(void)snprintf(p->spf, sizeof(p->spf), "%s", s->status);
}

static void
fill_dkim(struct policy_now *p, const struct check_result *r,
    const struct check_summary *sum)
{
	size_t i;

	p->dkim_ok = sum->dkim_ok;
	p->dkim_broken = sum->dkim_broken;
	for (i = 0; i < r->n_dkim; i++)
		if (strcmp(r->dkim[i].status, "temperror") == 0 &&
		    p->dkim_temp++ == 0)
			p->dkim_cause = cause_or(r->dkim[i].cause);
	if (r->n_dkim == 0) {
		p->dkim_status = "no_selectors";
		(void)snprintf(p->dkim, sizeof(p->dkim), "no selectors");
		return;
	}
	p->dkim_status = p->dkim_temp > 0 ? "temperror" :
	    p->dkim_broken > 0 ? "broken" : "ok";
	if ((size_t)p->dkim_temp == r->n_dkim)
		(void)snprintf(p->dkim, sizeof(p->dkim), "could not check (%s)",
		    p->dkim_cause);
	else if (p->dkim_temp > 0)
		(void)snprintf(p->dkim, sizeof(p->dkim), "%d ok, %d broken, "
		    "%d could not check (%s)", p->dkim_ok, p->dkim_broken,
		    p->dkim_temp, p->dkim_cause);
	else
		(void)snprintf(p->dkim, sizeof(p->dkim), "%d ok, %d broken",
		    p->dkim_ok, p->dkim_broken);
}

static void
fill(struct policy_now *p, const struct check_result *r)
{
	struct check_summary sum;

	memset(p, 0, sizeof(*p));
	check_summarize(r, &sum);
	p->checked = true;
	fill_dmarc(p, r, &sum);
	fill_spf(p, r, &sum);
	fill_dkim(p, r, &sum);
}

int
policy_now_domains(struct store *st, const struct report_opts *o,
    const char *const *domains, size_t n, struct policy_now *out,
    struct dr_err *err)
{
	struct store_stmt *next = NULL, *used = NULL;
	struct check_req *reqs = NULL;
	struct check_result *res = NULL;
	struct resolver *r = NULL;
	size_t *idx = NULL, nr = 0, ns, i;
	char **sel;
	int ret = -1;

	memset(out, 0, n * sizeof(*out));
	if (o->no_dns || n == 0)
		return 0;
	if ((reqs = calloc(n, sizeof(*reqs))) == NULL ||
	    (idx = calloc(n, sizeof(*idx))) == NULL) {
		dr_fail(err, R_NOMEM, "DNS checks");
		goto done;
	}
	if (store_stmt_open(st, "report/policy-next-selector", &next,
	    err) == -1 || store_stmt_open(st, "report/policy-selector-used",
	    &used, err) == -1)
		goto done;
	for (i = 0; i < n; i++) {
		/* A stored name that is not a DNS name is not checked. */
		if (!is_dns_name(domains[i]))
			continue;
		if (read_selectors(next, used, o, domains[i], &sel, &ns,
		    err) == -1)
			goto done;
		reqs[nr].domain = domains[i];
		reqs[nr].selectors = (const char *const *)sel;
		reqs[nr].n_selectors = ns;
		idx[nr++] = i;
	}
	if (nr == 0) {
		ret = 0;
		goto done;
	}
	if (resolver_new(&r, o->dns_server, o->dns_timeout_ms, o->dns_tries,
	    err) == -1 || check_run(r, reqs, nr, &res, err) == -1)
		goto done;
	for (i = 0; i < nr; i++)
		fill(&out[idx[i]], &res[i]);
	ret = 0;
done:
	check_results_free(res, nr);
	resolver_free(r);
	if (reqs != NULL)
		for (i = 0; i < nr; i++)
			sels_free((char **)reqs[i].selectors,
			    reqs[i].n_selectors);
	free(reqs);
	free(idx);
	store_stmt_close(next);
	store_stmt_close(used);
	return ret;
}

void
policy_now_json(struct json_writer *w, const struct policy_now *p)
{
	if (!p->checked) {
		json_null(w);
		return;
	}
	json_obj_begin(w);
	json_key(w, "dmarc_p");
	json_str(w, p->dmarc_p);
	json_key(w, "dmarc_sp");
	json_str(w, p->dmarc_sp);
	json_key(w, "dmarc_status");
	json_str(w, p->dmarc_status);
	json_key(w, "dmarc_cause");
	json_str(w, p->dmarc_cause);
	json_key(w, "spf_valid");
	if (p->spf_valid < 0)
		json_null(w);
	else
		json_bool(w, p->spf_valid == 1);
	json_key(w, "spf_lookups");
	if (p->spf_lookups < 0)
		json_null(w);
	else
		json_int(w, p->spf_lookups);
	json_key(w, "spf_status");
	json_str(w, p->spf_status);
	json_key(w, "spf_cause");
	json_str(w, p->spf_cause);
	json_key(w, "dkim_ok");
	json_int(w, p->dkim_ok);
	json_key(w, "dkim_broken");
	json_int(w, p->dkim_broken);
	json_key(w, "dkim_status");
	json_str(w, p->dkim_status);
	json_key(w, "dkim_cause");
	json_str(w, p->dkim_cause);
	json_obj_end(w);
}

/* Row i's verdict from its domain's result; k is the row's place among
 * the IPs check_rows() gave that domain (ips[0] is the walk). */
static void
fill_today(struct spf_today *t, const struct check_result *res, size_t k,
    const char *ip)
{
	const struct check_ip *ci;
	const char *mech = "";

	if (k + 1 >= res->spf.n_ips)
		return;		/* over DR_CHECK_MAX_IPS: not evaluated */
	ci = &res->spf.ips[k + 1];
	if (!ci->ok || strcmp(ci->ip, ip) != 0)
		return;
	t->verdict = spf_result_name(ci->ev->result);
	if (ci->ev->result == SPF_PERMERROR || ci->ev->result == SPF_TEMPERROR)
		mech = ci->ev->cause;
	else if (ci->ev->result != SPF_NONE)
		mech = ci->ev->mechanism;
	(void)snprintf(t->mechanism, sizeof(t->mechanism), "%s", mech);
	if (ci->ev->result == SPF_TEMPERROR)	/* never blank, never "none" */
		(void)snprintf(t->text, sizeof(t->text), "could not check (%s)",
		    ci->ev->dns_cause ? ci->ev->dns_cause : "DNS error");
	else if (mech[0] != '\0')
		(void)snprintf(t->text, sizeof(t->text), "%s (%.320s)",
		    t->verdict, mech);
	else
		(void)snprintf(t->text, sizeof(t->text), "%s", t->verdict);
}

int
policy_now_spf_today(const struct report_opts *o,
    const char *const *domains, const char *const *ips, size_t n,
    struct spf_today *out, struct dr_err *err)
{
	struct check_result *res = NULL;
	const char **doms = NULL, **rips = NULL;
	size_t *rows = NULL, *map = NULL, *seen = NULL, nres = 0, nv = 0, i;
	int ret = -1;

	memset(out, 0, n * sizeof(*out));
	if (o->no_dns || n == 0)
		return 0;
	if ((doms = calloc(n, sizeof(*doms))) == NULL ||
	    (rips = calloc(n, sizeof(*rips))) == NULL ||
	    (rows = calloc(n, sizeof(*rows))) == NULL) {
		dr_fail(err, R_NOMEM, "DNS checks");
		goto done;
	}
	for (i = 0; i < n; i++)
		if (is_dns_name(domains[i])) {
			doms[nv] = domains[i];
			rips[nv] = ips[i];
			rows[nv++] = i;
		}
	if (nv == 0) {
		ret = 0;
		goto done;
	}
	if (check_rows(o->dns_server, o->dns_timeout_ms, o->dns_tries, doms,
	    rips, nv, &res, &nres, &map, err) == -1)
		goto done;
	if ((seen = calloc(nres, sizeof(*seen))) == NULL) {
		dr_fail(err, R_NOMEM, "DNS checks");
		goto done;
	}
	for (i = 0; i < nv; i++) {
		if (rips[i] == NULL)
			continue;
		fill_today(&out[rows[i]], &res[map[i]], seen[map[i]]++,
		    rips[i]);
	}
	ret = 0;
done:
	check_results_free(res, nres);
	free(doms);
	free(rips);
	free(rows);
	free(map);
	free(seen);
	return ret;
}
