/*
 * report/check/check.c -- per-domain DNS checks as steps over a run's answers
 * (see check.h for the design).
 *
 * Each part (DMARC discovery, rua authorization, SPF, DKIM selectors, MX)
 * is recomputed from the answers at every step until it finishes, so a
 * step function resets its own outputs first and never keeps state
 * between rounds except its "done" bit.  Statuses: "ok", "invalid",
 * "none", "several", "revoked", "permerror", "temperror", and for a DKIM
 * selector that cannot make a DNS name "bad-selector".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/check/check.h"
#include "report/dns/dnsrun.h"
#include "report/dns/resolver.h"
#include "store/align.h"
#include "util/limits.h"

enum {
	DONE_DMARC = 1, DONE_RUA = 2, DONE_SPF = 4, DONE_DKIM = 8, DONE_MX = 16,
	DONE_ALL = 31
};

#define QLEN	64

static bool
is_temp(const struct dns_answer *a)
{
	return dns_status_is_temporary(a->status) != 0;
}

static void
msgs_append(struct dnsmsg *dst, const struct dnsmsg *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		dnsmsg_add(dst, "%s", src->text[i]);
	dst->dropped += src->dropped;
}

/*
 * Writes SELECTOR._domainkey.DOMAIN into out.  A selector is a dotted name
 * (RFC 6376 3.1): each label 1 to 63 octets and the whole name at most
 * DR_MAX_DOMAIN_LEN, never cut to fit.  Returns NULL, or why the selector
 * cannot make a name (out is then "").
 */
static const char *
dkim_name(const char *sel, const char *domain, char *out, size_t outlen)
{
	static const char infix[] = "._domainkey.";
	size_t n = strlen(sel), label = 0, i;
	int w;

	out[0] = '\0';
	if (n == 0)
		return "it is empty";
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)sel[i];

		if (c <= ' ' || c == 0x7f || c == '\\')
			return "it holds a space, a control byte or a backslash";
		if (c != '.') {
			if (++label > 63)
				return "a label is over 63 octets";
			continue;
		}
		if (label == 0)
			return "it has an empty label";
		label = 0;
	}
	if (label == 0)
		return "it has an empty label";
	if (n + sizeof(infix) - 1 + strlen(domain) > DR_MAX_DOMAIN_LEN)
		return "the name SELECTOR._domainkey.DOMAIN would be over "
		    "253 octets";
	w = snprintf(out, outlen, "%s%s%s", sel, infix, domain);
	if (w < 0 || (size_t)w >= outlen) {
		out[0] = '\0';
		return "the name SELECTOR._domainkey.DOMAIN would be over "
		    "253 octets";
	}
	return NULL;
}

/*
 * A name that is no DNS name (an empty or over-long label) is still
 * checked, as a receiver would meet it: every lookup of it is NXDOMAIN
 * without a query (dnsrun.h), so SPF gives "none" (RFC 7208 4.3).  Only
 * a name that does not fit or holds a control byte is refused.
 */
static int
lower_name(const char *name, char *out, size_t outlen)
{
	size_t i, len = strlen(name);

	if (len == 0 || len >= outlen)
		return -1;
	for (i = 0; i <= len; i++) {
		if (name[i] != '\0' && (unsigned char)name[i] < ' ')
			return -1;
		out[i] = (name[i] >= 'A' && name[i] <= 'Z') ?
		    (char)(name[i] + 32) : name[i];
	}
	return 0;
}

int
check_init(struct check_result *res, const struct check_req *req)
{
	size_t i, ns = req->n_selectors, ni = req->n_ips;

	memset(res, 0, sizeof(*res));
	if (dnsrun_norm(req->domain, res->domain, sizeof(res->domain)) == -1 &&
	    lower_name(req->domain, res->domain, sizeof(res->domain)) == -1)
		return -1;
	if (align_org_domain(res->domain, res->org_domain,
	    sizeof(res->org_domain)) == -1)
		memcpy(res->org_domain, res->domain, sizeof(res->domain));
	res->checked_at = (int64_t)time(NULL);
	if (ns > DR_CHECK_MAX_SELECTORS)
		ns = DR_CHECK_MAX_SELECTORS;
	if (ni > DR_CHECK_MAX_IPS)
		ni = DR_CHECK_MAX_IPS;
	if (ns > 0 && (res->dkim = calloc(ns, sizeof(*res->dkim))) == NULL)
		return -1;
	res->n_dkim = ns;
	for (i = 0; i < ns; i++) {
		struct check_dkim *k = &res->dkim[i];
		const char *why;

		if ((k->selector = strdup(req->selectors[i])) == NULL)
			return -1;
		if ((why = dkim_name(k->selector, res->domain, k->name,
		    sizeof(k->name))) == NULL)
			continue;
		k->status = "bad-selector";
		dnsmsg_add(&k->errors, "selector '%.*s' cannot be looked up: %s;"
		    " verifiers cannot find its key either", QLEN, k->selector,
		    why);
	}
	if ((res->spf.ips = calloc(ni + 1, sizeof(*res->spf.ips))) == NULL)
		return -1;
	/* ips[0] is the walk (no IP: counts every lookup); 1.. the IPs. */
	res->spf.n_ips = ni + 1;
	for (i = 0; i <= ni; i++) {
		struct check_ip *ci = &res->spf.ips[i];

		if ((ci->ev = calloc(1, sizeof(*ci->ev))) == NULL)
			return -1;
		/* the caller checked that they fit (cmd_check.c) */
		snprintf(ci->ev->sender, sizeof(ci->ev->sender), "%s",
		    req->sender ? req->sender : "");
		snprintf(ci->ev->helo, sizeof(ci->ev->helo), "%s",
		    req->helo ? req->helo : "");
		if (i == 0) {
			ci->ev->walk = true;
			ci->ok = true;
			continue;
		}
		snprintf(ci->ip, sizeof(ci->ip), "%s", req->ips[i - 1]);
		ci->ok = spf_ip_parse(&ci->ev->ip, ci->ip) == 0;
	}
	return 0;
}

/* ---- DMARC discovery (RFC 7489 6.6.3: domain, then org domain) ---- */

/* Looks at _dmarc.dom: 1 pending, 0 found (record parsed), 2 nothing
 * usable there, 3 temporary failure. */
static int
dmarc_at(struct check_result *res, struct dnsrun *run, const char *dom)
{
	struct check_dmarc *d = &res->dmarc;
	const struct dns_answer *a;
	char name[280];
	const char *txt = NULL;
	size_t i, n = 0;

	snprintf(name, sizeof(name), "_dmarc.%s", dom);
	if ((a = dnsrun_get(run, name, DNS_TXT)) == NULL)
		return 1;
	if (is_temp(a)) {
		dnsmsg_add(&d->errors, "could not look up %s (%s): DMARC not "
		    "checked; this is not \"no record\"", name,
		    dns_status_name(a->status));
		d->cause = dns_status_cause(a->status);
		return 3;
	}
	for (i = 0; a->status == DNS_OK && i < a->n; i++)
		if (dmarc_is_candidate(a->rr[i], strlen(a->rr[i]))) {
			txt = a->rr[i];
			n++;
		}
	if (n > 1) {
		dnsmsg_add(&d->errors, "%zu DMARC records at %s: receivers "
		    "treat that as no record", n, name);
		d->status = "several";
		return 2;
	}
	if (n == 0)
		return 2;
	snprintf(d->name, sizeof(d->name), "%s", name);
	if ((d->record = strdup(txt)) == NULL)
		return -1;
	(void)dmarc_record_parse(&d->rec, txt, strlen(txt));
	return 0;
}

static int
step_dmarc(struct check_result *res, struct dnsrun *run)
{
	struct check_dmarc *d = &res->dmarc;
	const struct dns_answer *apex;
	bool several;
	size_t i;
	int r;

	free(d->record);
	d->record = NULL;
	d->status = NULL;
	d->cause = NULL;
	d->at_org = false;
	d->name[0] = '\0';
	dnsmsg_clear(&d->errors);
	dnsmsg_clear(&d->warnings);
	r = dmarc_at(res, run, res->domain);
	if (r == 2 && strcmp(res->org_domain, res->domain) != 0) {
		several = d->status != NULL;
		r = dmarc_at(res, run, res->org_domain);
		if (r == 0) {
			d->at_org = true;
			dnsmsg_add(&d->warnings, "no record at _dmarc.%s: the "
			    "record of the organizational domain %s applies "
			    "(its sp=)", res->domain, res->org_domain);
		} else if (r == 2 && several) {
			d->status = "several";
		}
	}
	if (r == 1 || r == -1)
		return r;
	if (r == 3) {
		d->status = "temperror";
		return 0;
	}
	if (r == 0) {
		d->status = d->rec.valid ? "ok" : "invalid";
		msgs_append(&d->errors, &d->rec.errors);
		msgs_append(&d->warnings, &d->rec.warnings);
		return 0;
	}
	/* Nothing usable: look for the classic record-at-the-apex mistake. */
	if ((apex = dnsrun_get(run, res->domain, DNS_TXT)) == NULL)
		return 1;
	for (i = 0; apex->status == DNS_OK && i < apex->n; i++)
		if (dmarc_is_candidate(apex->rr[i], strlen(apex->rr[i])))
			dnsmsg_add(&d->errors, "a v=DMARC1 record is published at "
			    "%s itself: receivers only look at _dmarc.%s",
			    res->domain, res->domain);
	if (d->status == NULL)
		d->status = "none";
	dnsmsg_add(&d->errors, "no DMARC record at _dmarc.%s%s%s: receivers "
	    "apply no DMARC policy to this domain", res->domain,
	    strcmp(res->org_domain, res->domain) ? " or _dmarc." : "",
	    strcmp(res->org_domain, res->domain) ? res->org_domain : "");
	return 0;
}

/* ---- rua external destinations (RFC 7489 7.1) ---- */

/* "mailto:a@b" as the address "a@b" (other URIs as they are). */
static const char *
mailbox(const char *uri)
{
	return strncmp(uri, "mailto:", 7) == 0 ? uri + 7 : uri;
}

static int
step_rua(struct check_result *res, struct dnsrun *run)
{
	const struct dmarc_txt *rec = &res->dmarc.rec;
	const char *policy = res->dmarc.at_org ? res->org_domain : res->domain;
	char org_pol[256], org_host[256], name[600], norm[DR_DOMAIN_BUF];
	struct dnsmsg errs, warns;
	const struct dns_answer *a;
	bool pending = false;
	size_t i, k;
	int w;

	res->n_rua = 0;
	if (res->dmarc.record == NULL)
		return 0;
	dnsmsg_clear(&errs);
	dnsmsg_clear(&warns);
	if (align_org_domain(policy, org_pol, sizeof(org_pol)) == -1)
		snprintf(org_pol, sizeof(org_pol), "%s", policy);
	for (i = 0; i < rec->n_rua && i < DMARC_MAX_URIS; i++) {
		struct check_rua *u = &res->rua[res->n_rua++];

		memcpy(u->uri, rec->rua[i].uri, sizeof(u->uri));
		memcpy(u->host, rec->rua[i].host, sizeof(u->host));
		u->external = false;
		u->authorized = 1;
		if (!rec->rua[i].valid || !rec->rua[i].is_mailto)
			continue;
		if (align_org_domain(u->host, org_host, sizeof(org_host)) == -1)
			snprintf(org_host, sizeof(org_host), "%s", u->host);
		if (strcmp(org_host, org_pol) == 0)
			continue;
		u->external = true;
		w = snprintf(name, sizeof(name), "%s._report._dmarc.%s", policy,
		    u->host);
		if (w < 0 || (size_t)w >= sizeof(name) ||
		    dnsrun_norm(name, norm, sizeof(norm)) == -1) {
			/* never looked up cut or as "no record" */
			u->authorized = 0;
			dnsmsg_add(&errs, "rua host %.*s cannot authorize reports "
			    "about %s: %s._report._dmarc.%.*s is not a DNS name "
			    "(over 253 octets or a label over 63), so no "
			    "receiver can check it", QLEN, u->host, policy,
			    policy, QLEN, u->host);
			continue;
		}
		if ((a = dnsrun_get(run, name, DNS_TXT)) == NULL) {
			pending = true;
			continue;
		}
		if (is_temp(a)) {
			u->authorized = -1;
			u->cause = dns_status_cause(a->status);
			dnsmsg_add(&warns, "rua %.*s: could not check whether %s "
			    "has authorized reports for %s (%s looking up %.200s);"
			    " this is not \"unauthorized\"", QLEN, mailbox(u->uri),
			    u->host, policy, u->cause, name);
			continue;
		}
		u->authorized = 0;
		for (k = 0; a->status == DNS_OK && k < a->n; k++)
			if (dmarc_is_candidate(a->rr[k], strlen(a->rr[k])))
				u->authorized = 1;
		/* RFC 7489 7.1: only this address is dropped; the policy
		 * applies as published */
		if (u->authorized == 0)
			dnsmsg_add(&warns, "rua %.*s: %s has not authorized "
			    "reports for %s (no TXT at %.200s); receivers will "
			    "not send reports there; the policy still applies",
			    QLEN, mailbox(u->uri), u->host, policy, name);
	}
	if (pending)
		return 1;
	msgs_append(&res->dmarc.errors, &errs);
	msgs_append(&res->dmarc.warnings, &warns);
	return 0;
}

/* ---- SPF ---- */

static int
step_spf(struct check_result *res, struct dnsrun *run)
{
	struct check_spf *s = &res->spf;
	struct spf_record *rec = NULL;
	const struct dns_answer *a;
	const struct spf_eval *w;
	const char *txt = NULL;
	bool pending = false;
	size_t i, n = 0;
	int r;

	if ((a = dnsrun_get(run, res->domain, DNS_TXT)) == NULL)
		return 1;
	for (i = 0; i < s->n_ips; i++) {
		struct check_ip *ci = &s->ips[i];

		if (!ci->ok || ci->ev->depth == -1)
			continue;	/* bad address, or finished */
		if ((r = spf_check_host(ci->ev, run, res->domain)) == -1)
			return -1;
		if (r == 1)
			pending = true;
		else
			ci->ev->depth = -1;	/* finished: not run again */
	}
	if (pending)
		return 1;
	free(s->record);
	s->record = NULL;
	s->cause = NULL;
	dnsmsg_clear(&s->errors);
	dnsmsg_clear(&s->warnings);
	for (i = 0; a->status == DNS_OK && i < a->n; i++)
		if (spf_is_record(a->rr[i], strlen(a->rr[i]))) {
			txt = a->rr[i];
			n++;
		}
	if (n == 1) {
		if ((s->record = strdup(txt)) == NULL ||
		    (rec = malloc(sizeof(*rec))) == NULL)
			return -1;
		(void)spf_parse(rec, txt, strlen(txt));
		msgs_append(&s->errors, &rec->errors);
		msgs_append(&s->warnings, &rec->warnings);
		free(rec);
	}
	w = s->ips[0].ev;
	s->walk_result = w->result;
	s->lookups = w->lookups;
	s->voids = w->voids;
	switch (w->result) {
	case SPF_NONE:
		s->status = "none";
		dnsmsg_add(&s->errors, "no SPF record at %s: receivers get SPF "
		    "\"none\" for mail from this domain", res->domain);
		break;
	case SPF_TEMPERROR:
		s->status = "temperror";
		s->cause = w->dns_cause != NULL ? w->dns_cause : "bad reply";
		dnsmsg_add(&s->errors, "could not check SPF (%s); this is not "
		    "\"no record\"", w->cause);
		break;
	case SPF_PERMERROR:
		s->status = "permerror";
		if (s->errors.n == 0)
			dnsmsg_add(&s->errors, "permerror: %s", w->cause);
		break;
	default:
		s->status = "ok";
		break;
	}
	msgs_append(&s->warnings, &w->warnings);
	if (s->lookups >= SPF_MAX_LOOKUPS - 1 && w->result != SPF_PERMERROR)
		dnsmsg_add(&s->warnings, "%d of %d DNS lookups used: one more "
		    "include breaks SPF", s->lookups, SPF_MAX_LOOKUPS);
	if (s->voids == SPF_MAX_VOIDS)
		dnsmsg_add(&s->warnings, "%d void lookups (names that do not "
		    "exist): one more is a permerror", s->voids);
	s->valid = strcmp(s->status, "ok") == 0 && s->errors.n == 0;
	return 0;
}

/* ---- DKIM selectors ---- */

static int
step_dkim(struct check_result *res, struct dnsrun *run)
{
	const struct dns_answer *a;
	bool pending = false;
	size_t i;

	for (i = 0; i < res->n_dkim; i++) {
		struct check_dkim *k = &res->dkim[i];

		if (k->status != NULL)
			continue;
		if ((a = dnsrun_get(run, k->name, DNS_TXT)) == NULL) {
			pending = true;
			continue;
		}
		dnsmsg_clear(&k->errors);
		if (a->cname != NULL)
			snprintf(k->cname, sizeof(k->cname), "%s", a->cname);
		if (is_temp(a)) {
			k->status = "temperror";
			k->cause = dns_status_cause(a->status);
			dnsmsg_add(&k->errors, "could not look up %s (%s): key "
			    "not checked; this is not \"no key\"", k->name,
			    dns_status_name(a->status));
			continue;
		}
		if (a->status != DNS_OK || a->n == 0) {
			k->status = "none";
			dnsmsg_add(&k->errors, "no key at %s: the selector was "
			    "retired, or the record was not copied when DNS "
			    "moved; signatures with it fail", k->name);
			continue;
		}
		if (a->n > 1)
			dnsmsg_add(&k->errors, "%zu TXT records at %s: verifiers "
			    "may pick any (two halves of a key must be two "
			    "strings of one record)", a->n, k->name);
		if ((k->record = strdup(a->rr[0])) == NULL)
			return -1;
		(void)dkim_key_parse(&k->key, k->record, strlen(k->record));
		k->status = k->key.revoked ? "revoked" : (k->key.valid &&
		    k->errors.n == 0) ? "ok" : "invalid";
	}
	return pending ? 1 : 0;
}

/* ---- MX ---- */

static int
step_mx(struct check_result *res, struct dnsrun *run)
{
	const struct dns_answer *a;
	size_t i;

	if ((a = dnsrun_get(run, res->domain, DNS_MX)) == NULL)
		return 1;
	res->n_mx = 0;
	if (is_temp(a)) {
		res->mx_status = "temperror";
		res->mx_cause = dns_status_cause(a->status);
		return 0;
	}
	if (a->status != DNS_OK || a->n == 0) {
		res->mx_status = "none";
		return 0;
	}
	res->mx_status = "ok";
	for (i = 0; i < a->n && res->n_mx < DR_CHECK_MAX_MX; i++)
		snprintf(res->mx[res->n_mx++], sizeof(res->mx[0]), "%s",
		    a->rr[i]);
	return 0;
}

int
check_step(struct check_result *res, const struct check_req *req,
    struct dnsrun *run)
{
	static const struct {
		unsigned bit;
		int (*fn)(struct check_result *, struct dnsrun *);
	} parts[] = {
		{ DONE_DMARC, step_dmarc }, { DONE_RUA, step_rua },
		{ DONE_SPF, step_spf }, { DONE_DKIM, step_dkim },
		{ DONE_MX, step_mx },
	};
	size_t i;
	int r;

	(void)req;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (res->done & parts[i].bit)
			continue;
		if (parts[i].bit == DONE_RUA && !(res->done & DONE_DMARC))
			continue;
		if ((r = parts[i].fn(res, run)) == -1)
			return -1;
		if (r == 0)
			res->done |= parts[i].bit;
	}
	/* rua may become ready in the same step as DMARC */
	if ((res->done & DONE_DMARC) && !(res->done & DONE_RUA)) {
		if ((r = step_rua(res, run)) == -1)
			return -1;
		if (r == 0)
			res->done |= DONE_RUA;
	}
	if (dnsrun_failed(run))
		return -1;
	return res->done == DONE_ALL ? 0 : 1;
}

void
check_results_free(struct check_result *res, size_t n)
{
	size_t i, k;

	if (res == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(res[i].dmarc.record);
		free(res[i].spf.record);
		for (k = 0; k < res[i].spf.n_ips; k++)
			free(res[i].spf.ips[k].ev);
		free(res[i].spf.ips);
		for (k = 0; k < res[i].n_dkim; k++) {
			free(res[i].dkim[k].selector);
			free(res[i].dkim[k].record);
		}
		free(res[i].dkim);
	}
	free(res);
}

int
check_run(struct resolver *r, const struct check_req *reqs, size_t n,
    struct check_result **out, struct dr_err *err)
{
	struct check_result *res = NULL;
	struct dnsrun *run = NULL;
	size_t i, pending, round;
	int rc;

	*out = NULL;
	if (dnsrun_new(&run) == -1 ||
	    (res = calloc(n ? n : 1, sizeof(*res))) == NULL) {
		dr_fail(err, R_NOMEM, "DNS checks");
		goto fail;
	}
	for (i = 0; i < n; i++)
		if (check_init(&res[i], &reqs[i]) == -1) {
			dr_fail(err, R_USAGE, "'%.*s' is not a domain name", QLEN,
			    reqs[i].domain);
			n = i + 1;
			goto fail;
		}
	for (round = 0;; round++) {
		pending = 0;
		for (i = 0; i < n; i++) {
			if (res[i].done == DONE_ALL)
				continue;
			if ((rc = check_step(&res[i], &reqs[i], run)) == -1) {
				dr_fail(err, R_NOMEM, "DNS checks");
				goto fail;
			}
			pending += (size_t)rc;
		}
		if (pending == 0)
			break;
		if (dnsrun_queued(run) == 0 || round > 200) {
			dr_fail(err, R_INTERNAL, "DNS checks stalled");
			goto fail;
		}
		if (dnsrun_flush(run, r) == -1) {
			dr_fail(err, R_NOMEM, "DNS checks");
			goto fail;
		}
	}
	dnsrun_free(run);
	*out = res;
	return 0;
fail:
	check_results_free(res, n);
	dnsrun_free(run);
	return -1;
}
