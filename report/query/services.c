/*
 * report/query/services.c -- classification of a source against the
 * catalogue of sending services (see services.h).
 *
 * Design rationale: the evidence is ranked by how hard it is to forge.
 * An ip rule is the admin's own statement; a DKIM d= was signed by the
 * service (a reporter saw the signature, pass or fail); an SPF / envelope
 * domain was chosen by the sender; a PTR name counts only when it is
 * forward-confirmed; an ASN says whose network, not whose mail.  The first
 * kind of rule that matches names the service, and the matched text says
 * which rule it was, so a reader can check the claim.  Then the verdict:
 * reporters' reasons first (they saw the message), then what the service
 * is and how it matched.  A domain aligned with header_from is the
 * sender's own signature or envelope, never a service's.
 */
#include <stdio.h>
#include <string.h>

#include "report/dns/asn.h"
#include "report/dns/ptr.h"
#include "report/query/failures.h"
#include "report/query/services.h"
#include "store/align.h"
#include "util/limits.h"

static const char *const verdict_word[SV__N] = {
#define X(id, word) [id] = word,
	SVC_VERDICTS(X)
#undef X
};

const char *
services_verdict_word(enum svc_verdict v)
{
	return (unsigned)v < SV__N ? verdict_word[v] : "?";
}

/* Lower case, no trailing dot; false when it does not fit. */
static bool
norm(const char *in, char *out, size_t outlen)
{
	size_t n, i;

	if (in == NULL || (n = strlen(in)) == 0 || n >= outlen)
		return false;
	for (i = 0; i < n; i++)
		out[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] - 'A' + 'a' :
		    in[i]);
	if (out[n - 1] == '.')
		n--;
	out[n] = '\0';
	return n > 0;
}

static bool
is_own(const struct svc_source *in, const char *dom)
{
	return in->header_from != NULL &&
	    align_is_aligned(dom, in->header_from, 'r');
}

/* The longest rule of kind that one of the names is under; -1 none.  A
 * name is under a rule's value when it is the value or ends in "." and
 * the value, so each name's suffixes at its dots are looked up in the
 * catalogue's index, longest first (values are unique per kind). */
static long
match_names(const struct svccat *cat, enum svc_rule_kind kind,
    const struct svc_source *in, const char *const *names, size_t n,
    bool skip_own, char *seen, size_t seenlen)
{
	char d[DR_DOMAIN_BUF];
	const char *s;
	size_t i, best_len = 0;
	long best = -1, j;

	for (i = 0; i < n; i++) {
		if (!norm(names[i], d, sizeof(d)) || (skip_own && is_own(in, d)))
			continue;
		for (s = d; s != NULL; s = (s = strchr(s, '.')) ? s + 1 : NULL) {
			if ((j = svccat_rule_find(cat, kind, s)) < 0)
				continue;
			if (strlen(s) > best_len) {
				best = j;
				best_len = strlen(s);
				(void)snprintf(seen, seenlen, "%s", d);
			}
			break;	/* the longest suffix of this name */
		}
	}
	return best;
}

/* Finds the rule that names the service; writes the matched text. */
static const struct svc_rule *
find_rule(const struct svccat *cat, const struct svc_source *in,
    char *matched, size_t mlen)
{
	char seen[DR_DOMAIN_BUF] = "";
	const struct svc_rule *r;
	const char *ptr = in->ptr_confirmed ? in->ptr : NULL;
	long at;

	if ((at = svccat_rule_ip(cat, in->ip)) >= 0) {
		r = &cat->rule[at];
		(void)snprintf(matched, mlen, "ip %s in %s", in->ip, r->value);
		return r;
	}
	if ((at = match_names(cat, SVC_R_DKIM, in, in->dkim_domains,
	    in->n_dkim, true, seen, sizeof(seen))) >= 0) {
		r = &cat->rule[at];
		(void)snprintf(matched, mlen, strcmp(seen, r->value) == 0 ?
		    "dkim d=%s" : "dkim d=%s (under %s)", seen, r->value);
		return r;
	}
	if ((at = match_names(cat, SVC_R_SPF, in, in->spf_domains, in->n_spf,
	    true, seen, sizeof(seen))) >= 0) {
		r = &cat->rule[at];
		(void)snprintf(matched, mlen, strcmp(seen, r->value) == 0 ?
		    "spf domain %s" : "spf domain %s (under %s)", seen, r->value);
		return r;
	}
	if (ptr != NULL && (at = match_names(cat, SVC_R_PTR, in, &ptr, 1,
	    false, seen, sizeof(seen))) >= 0) {
		r = &cat->rule[at];
		(void)snprintf(matched, mlen, "ptr %s (under %s)", seen, r->value);
		return r;
	}
	if (in->asn != 0 && (at = svccat_rule_asn(cat, in->asn)) >= 0) {
		r = &cat->rule[at];
		(void)snprintf(matched, mlen, "asn %u%s%s", (unsigned)in->asn,
		    in->as_name != NULL ? " " : "",
		    in->as_name != NULL ? in->as_name : "");
		return r;
	}
	return NULL;
}

/* Appends to out (cut at its end: the fixed buffer is the cap). */
static void
add(char *out, size_t len, const char *fmt, const char *a, const char *b,
    const char *c)
{
	size_t n = strlen(out);

	if (n + 1 < len)
		(void)snprintf(out + n, len - n, fmt, a, b, c);
}

/* The first DKIM d= of the source that is not the sender's own. */
static const char *
foreign_dkim(const struct svc_source *in)
{
	size_t i;

	for (i = 0; i < in->n_dkim; i++)
		if (in->dkim_domains[i] != NULL && in->dkim_domains[i][0] != '\0' &&
		    !is_own(in, in->dkim_domains[i]))
			return in->dkim_domains[i];
	return NULL;
}

static bool
has_own(const struct svc_source *in, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] != NULL && is_own(in, v[i]))
			return true;
	return false;
}

static void
fix_not_set_up(const struct svc_service *s, const struct svc_source *in,
    char *out, size_t len)
{
	const char *hf = in->header_from != NULL ? in->header_from :
	    "your domain";
	const char *d = foreign_dkim(in);

	if (d != NULL)
		add(out, len, "%s signs with d=%s, not %s: ", s->name, d, hf);
	else
		add(out, len, "%s sends as %s%s without a DKIM signature aligned"
		    " with it: ", s->name, hf, "");
	add(out, len, "set up DKIM authentication for %s in %s (%s)", hf,
	    s->name, s->dkim_fix != NULL ? s->dkim_fix :
	    "it gives you the CNAME or TXT records to publish under _domainkey");
	if (s->spf_fix != NULL)
		add(out, len, "; for SPF: %s%s%s", s->spf_fix, "", "");
	else
		add(out, len, "; for SPF to align too, set a custom return-path"
		    " (bounce domain) under %s in %s and publish the record it"
		    " gives%s", hf, s->name, "");
}

void
services_classify(const struct svccat *cat, const struct svc_source *in,
    struct svc_class *out)
{
	const struct svc_rule *r;
	const struct svc_service *s = NULL;
	char rule[SVC_MATCHED_MAX - 40] = "";
	const char *hf = in->header_from != NULL ? in->header_from :
	    "your domain";
	bool own_dkim, own_spf;

	memset(out, 0, sizeof(*out));
	if ((r = find_rule(cat, in, rule, sizeof(rule))) != NULL)
		s = out->svc = &cat->svc[r->service];
	(void)snprintf(out->matched, sizeof(out->matched), "%s", rule);
	if (s != NULL && s->kind == SVC_OURS) {
		out->verdict = SV_YOURS;
		if (in->dmarc_fail > 0)
			add(out->fix, sizeof(out->fix), "%s is your own infrastructure"
			    " (services file): sign its mail with DKIM for %s and list"
			    " its addresses in the SPF record of %s", s->name, hf, hf);
		return;
	}
	if (in->dmarc_fail <= 0) {
		out->verdict = SV_ALIGNED;
		return;
	}
	/* only failing sources need them (most sources pass) */
	own_dkim = has_own(in, in->dkim_domains, in->n_dkim);
	own_spf = has_own(in, in->spf_domains, in->n_spf);
	if (in->mailing_list > 0 || (s != NULL && s->kind == SVC_LIST)) {
		out->verdict = SV_MAILING_LIST;
		if (in->mailing_list > 0)
			(void)snprintf(out->matched, sizeof(out->matched),
			    "reason mailing_list%s%s", rule[0] ? "; " : "", rule);
		add(out->fix, sizeof(out->fix), "%s re-sent your mail and changed"
		    " it, so your signature broke: no change to your DNS (do not add"
		    " the list to your SPF record); lists that rewrite From: or"
		    " receivers that trust ARC from it deliver it%s%s",
		    s != NULL ? s->name : "a mailing list", "", "");
		return;
	}
	/* The sender's own (failing) signature says "re-sent" only next to
	 * a mailbox provider or gateway that matched by its network or
	 * envelope: alone it proves nothing, anyone can forge a failing
	 * d=example.com, and spoofing must not read "no action". */
	if (in->forwarded > 0 || (own_dkim && s != NULL &&
	    r->kind != SVC_R_DKIM && (s->kind == SVC_MAILBOX ||
	    s->kind == SVC_GATEWAY))) {
		out->verdict = SV_FORWARDED;
		if (in->forwarded > 0)
			(void)snprintf(out->matched, sizeof(out->matched),
			    "reason forwarded%s%s", rule[0] ? "; " : "", rule);
		add(out->fix, sizeof(out->fix), "%s re-sent your mail (forwarding):"
		    " SPF cannot pass from its servers%s; no change to your DNS --"
		    " keep signing with DKIM for %s, which survives plain"
		    " forwarding, and receivers that trust ARC accept the rest",
		    s != NULL ? s->name : "a forwarder", own_dkim ?
		    " and your DKIM signature broke on the way" : "", hf);
		return;
	}
	if (s == NULL) {
		out->verdict = SV_UNKNOWN;
		add(out->fix, sizeof(out->fix), "nothing known sends from here and"
		    " it is not authorized by %s: likely spoofing, which p=quarantine"
		    " or p=reject stops; if it is yours, add it to the services file"
		    " (a service of kind ours with an ip rule) and sign its mail with"
		    " DKIM for %s%s", hf, hf, "");
		return;
	}
	/* Matched by a network fact (ptr, asn): a mailbox provider or a
	 * gateway using its own envelope re-sent the mail; with the sender's
	 * own envelope domain, the sender uses it and SPF lacks it. */
	if ((r->kind == SVC_R_PTR || r->kind == SVC_R_ASN) && !own_spf &&
	    (s->kind == SVC_MAILBOX || s->kind == SVC_GATEWAY)) {
		out->verdict = SV_FORWARDED;
		add(out->fix, sizeof(out->fix), "%s re-sent your mail from its own"
		    " servers and envelope (forwarding): no change to your DNS --"
		    " keep signing with DKIM for %s; receivers that trust ARC from"
		    " %s accept it", s->name, hf, s->name);
		return;
	}
	out->verdict = SV_NOT_SET_UP;
	fix_not_set_up(s, in, out->fix, sizeof(out->fix));
}

void
services_source_net(struct svc_source *in, const struct ptr_info *p,
    const struct asn_info *a)
{
	if (p != NULL && p->status == PTR_OK) {
		in->ptr = p->name;
		in->ptr_confirmed = p->fcrdns == 1;
	}
	if (a != NULL && a->status == ASN_OK) {
		in->asn = a->asn;
		in->as_name = a->name_status == ASN_OK ? a->as_name : NULL;
		in->cc = a->cc[0] != '\0' ? a->cc : NULL;
	}
}

void
services_classify_row(const struct svccat *cat, const struct fail_row *r,
    const struct ptr_info *p, const struct asn_info *a, struct svc_class *out)
{
	struct svc_source in;

	memset(&in, 0, sizeof(in));
	in.ip = r->source_ip;
	services_source_net(&in, p, a);
	in.header_from = r->header_from.n > 0 ? r->header_from.v[0] : r->domain;
	in.spf_domains = (const char *const *)r->spf_domains.v;
	in.n_spf = r->spf_domains.n;
	in.dkim_domains = (const char *const *)r->dkim_domains.v;
	in.n_dkim = r->dkim_domains.n;
	in.dmarc_fail = r->dmarc_fail;
	in.forwarded = r->forwarded;
	in.mailing_list = r->mailing_list;
	services_classify(cat, &in, out);
}
