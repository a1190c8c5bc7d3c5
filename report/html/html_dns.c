/*
 * report/html/html_dns.c -- DNS checks for the weekly page (see html_dns.h).
 *
 * Design rationale: report/check/check.h does the DNS work (all domains at once
 * on one c-ares channel); this file only asks it the page's questions --
 * the DKIM selectors the reports show in use for the domain itself, and
 * the failing source IPs for "passes SPF today" -- and turns its statuses
 * and messages into plain-language findings.  The finding texts may quote
 * DNS data; html.c escapes them like any other data.  A DNS failure is a
 * finding ("could not check"), never a failed page.
 */
#include <stdlib.h>
#include <string.h>

#include "report/check/check.h"
#include "report/html/html_dns.h"
#include "report/dns/resolver.h"
#include "util/limits.h"


/*
 * Adds the check's messages.  A message starting with one of skip[] (a
 * NULL-terminated list) says what a finding of this page already says --
 * the status headline (no record, could not check) or the p=none advice
 * of write_policy() -- so the same finding is not listed twice.
 */
static int
add_msgs(struct html_policy *p, enum html_sev sev, const char *what,
    const struct dnsmsg *m, const char *const *skip)
{
	size_t i, k;
	bool said;

	for (i = 0; i < m->n; i++) {
		for (k = 0, said = false; skip != NULL && skip[k] != NULL; k++)
			said |= strncmp(m->text[i], skip[k], strlen(skip[k])) == 0;
		if (!said && html_policy_add(p, sev, "%s: %s", what,
		    m->text[i]) == -1)
			return -1;
	}
	if (m->dropped > 0 && html_policy_add(p, sev, "%s: %zu more findings",
	    what, m->dropped) == -1)
		return -1;
	return 0;
}

static int
dmarc_findings(struct html_policy *p, const struct check_result *r)
{
	static const char *const skip_err[] = { "no DMARC record at",
	    "could not look up _dmarc.", NULL };
	/* write_policy() gives the p=none advice, with the four weeks' rates */
	static const char *const skip_warn[] = { "p=none only monitors", NULL };
	const struct check_dmarc *d = &r->dmarc;
	const char *name;

	p->dmarc_status = d->status;
	p->dmarc_cause = d->cause;
	if (d->record != NULL) {
		if ((p->record = strdup(d->record)) == NULL)
			return -1;
		name = dmarc_policy_name(d->rec.p);
		if (name != NULL && (p->p = strdup(name)) == NULL)
			return -1;
	}
	if (strcmp(d->status, "none") == 0) {
		if (html_policy_add(p, SEV_BAD, "No DMARC record at _dmarc.%s: receivers "
		    "apply no DMARC policy to this domain and send no reports.",
		    r->domain) == -1)
			return -1;
	} else if (strcmp(d->status, "temperror") == 0) {
		if (html_policy_add(p, SEV_WARN, "The DMARC record could not be "
		    "checked now (%s looking up _dmarc.%s): this is not \"no "
		    "record\"; the next run will try again.", d->cause ?
		    d->cause : "DNS error", r->domain) == -1)
			return -1;
	} else if (strcmp(d->status, "ok") != 0) {
		if (html_policy_add(p, SEV_BAD, "The DMARC record is %s: receivers may "
		    "ignore it.", d->status) == -1)
			return -1;
	}
	if (d->record != NULL && d->at_org && html_policy_add(p, SEV_INFO,
	    "No record of its own: the record at %s (the organizational domain)"
	    " applies.", d->name) == -1)
		return -1;
	/* rua authorization findings are the check's warnings (check.c) */
	if (add_msgs(p, SEV_BAD, "DMARC", &d->errors, skip_err) == -1 ||
	    add_msgs(p, SEV_WARN, "DMARC", &d->warnings, skip_warn) == -1)
		return -1;
	return 0;
}

static int
spf_findings(struct html_policy *p, const struct check_result *r)
{
	static const char *const skip[] = { "no SPF record at",
	    "could not check SPF", NULL };
	const struct check_spf *s = &r->spf;

	if (strcmp(s->status, "none") == 0) {
		if (html_policy_add(p, SEV_WARN, "No SPF record: SPF cannot pass for this"
		    " domain, so DMARC rests on DKIM alone.") == -1)
			return -1;
	} else if (strcmp(s->status, "temperror") == 0) {
		if (html_policy_add(p, SEV_WARN, "The SPF record could not be checked now"
		    " (%s; %s): this is not \"no record\".", s->cause ? s->cause :
		    "DNS error", s->ips[0].ev->cause) == -1)
			return -1;
	} else if (s->lookups > 10) {
		if (html_policy_add(p, SEV_BAD, "SPF needs %d DNS lookups, more than the"
		    " limit of 10: receivers return permerror and SPF fails for every"
		    " message. Flatten or remove includes.", s->lookups) == -1)
			return -1;
	} else if (strcmp(s->status, "ok") != 0 || !s->valid) {
		if (html_policy_add(p, SEV_BAD, "The SPF record is %s: SPF fails for "
		    "every message.", s->status) == -1)
			return -1;
	}
	if (add_msgs(p, SEV_BAD, "SPF", &s->errors, skip) == -1 ||
	    add_msgs(p, SEV_WARN, "SPF", &s->warnings, NULL) == -1)
		return -1;
	return 0;
}

static int
dkim_findings(struct html_policy *p, const struct check_result *r)
{
	static const char *const skip[] = { "no key at", "could not look up ",
	    NULL };
	const struct check_dkim *k;
	size_t i;
	int rc = 0;

	for (i = 0; i < r->n_dkim && rc == 0; i++) {
		k = &r->dkim[i];
		if (strcmp(k->status, "none") == 0)
			rc = html_policy_add(p, SEV_BAD, "Missing DKIM record for selector"
			    " \"%s\", which is in use (reports show signatures with it):"
			    " nothing at %s, so those signatures fail.", k->selector,
			    k->name);
		else if (strcmp(k->status, "revoked") == 0)
			rc = html_policy_add(p, SEV_WARN, "DKIM selector \"%s\" is in use but"
			    " its key is revoked (empty p=): those signatures fail.",
			    k->selector);
		else if (strcmp(k->status, "bad-selector") == 0)
			rc = html_policy_add(p, SEV_BAD, "DKIM selector \"%s\" is in use"
			    " but cannot make a DNS name, so no verifier finds its"
			    " key: those signatures fail.", k->selector);
		else if (strcmp(k->status, "temperror") == 0)
			rc = html_policy_add(p, SEV_WARN, "DKIM selector \"%s\" could not be"
			    " checked now (%s looking up %s): this is not \"no key\".",
			    k->selector, k->cause ? k->cause : "DNS error", k->name);
		else if (strcmp(k->status, "ok") != 0)
			rc = html_policy_add(p, SEV_BAD, "The DKIM record of selector \"%s\""
			    " at %s is %s.", k->selector, k->name, k->status);
		if (rc == 0)
			rc = add_msgs(p, SEV_BAD, "DKIM", &k->errors, skip);
		if (rc == 0)
			rc = add_msgs(p, SEV_BAD, "DKIM key", &k->key.errors, NULL);
		if (rc == 0)
			rc = add_msgs(p, SEV_WARN, "DKIM key", &k->key.warnings, NULL);
	}
	return rc;
}

/* 1 passes, 0 does not, -1 not checked, -2 could not check (DNS). */
static int
spf_today(const struct check_result *r, const char *ip)
{
	const char *v = check_ip_verdict(r, ip, NULL);

	if (v == NULL)
		return -1;
	if (strcmp(v, "temperror") == 0)
		return -2;
	return strcmp(v, "pass") == 0;
}

/* Fills req for domain d; the arrays are allocated here. */
static int
make_req(struct check_req *req, const struct weekly_domain *d)
{
	const char **sel = NULL, **ips = NULL;
	size_t i, n = 0;

	memset(req, 0, sizeof(*req));
	req->domain = d->name;
	if (d->n_selectors > 0 &&
	    (sel = calloc(d->n_selectors, sizeof(*sel))) == NULL)
		return -1;
	for (i = 0; i < d->n_selectors && n < DR_CHECK_MAX_SELECTORS; i++)
		if (strcmp(d->selectors[i].domain, d->name) == 0)
			sel[n++] = d->selectors[i].selector;
	req->selectors = sel;
	req->n_selectors = n;
	n = d->n_sources < WEEKLY_DETAIL ? d->n_sources : WEEKLY_DETAIL;
	if (n > DR_CHECK_MAX_IPS)
		n = DR_CHECK_MAX_IPS;
	if (n > 0 && (ips = calloc(n, sizeof(*ips))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		ips[i] = d->sources[i].ip;
	req->ips = ips;
	req->n_ips = n;
	return 0;
}

int
html_dns_checks(const struct report_opts *o, struct weekly *w, struct html_policy *pol,
    int64_t now, struct dr_err *err)
{
	struct resolver *r = NULL;
	struct check_req *reqs = NULL;
	struct check_result *res = NULL;
	struct weekly_domain *d;
	size_t i, j;
	int ret = -1;

	(void)now;
	if (w->n_domains == 0)
		return 0;
	if ((reqs = calloc(w->n_domains, sizeof(*reqs))) == NULL)
		return dr_fail(err, R_NOMEM, "dns checks");
	for (i = 0; i < w->n_domains; i++)
		if (make_req(&reqs[i], &w->domains[i]) == -1) {
			dr_fail(err, R_NOMEM, "dns checks");
			goto done;
		}
	if (resolver_new(&r, o->dns_server, o->dns_timeout_ms, o->dns_tries,
	    err) == -1 ||
	    check_run(r, reqs, w->n_domains, &res, err) == -1)
		goto done;
	for (i = 0; i < w->n_domains; i++) {
		d = &w->domains[i];
		pol[i].checked = true;
		if (dmarc_findings(&pol[i], &res[i]) == -1 ||
		    spf_findings(&pol[i], &res[i]) == -1 ||
		    dkim_findings(&pol[i], &res[i]) == -1) {
			dr_fail(err, R_NOMEM, "dns findings");
			goto done;
		}
		for (j = 0; j < reqs[i].n_ips; j++)
			d->sources[j].spf_today = spf_today(&res[i], d->sources[j].ip);
	}
	ret = 0;
done:
	if (res != NULL)
		check_results_free(res, w->n_domains);
	for (i = 0; i < w->n_domains; i++) {
		free((void *)reqs[i].selectors);
		free((void *)reqs[i].ips);
	}
	free(reqs);
	resolver_free(r);
	return ret;
}
