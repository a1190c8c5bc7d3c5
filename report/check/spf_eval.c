/*
 * report/check/spf_eval.c -- check_host() (RFC 7208 section 4 and 5) over a
 * per-run answer set (report/dns/dnsrun.h).
 *
 * Design rationale: the evaluation is an ordinary recursive function.
 * When an answer is missing it returns PENDING all the way up, leaving the
 * query queued; the caller sends the queue and runs it again from the
 * start, which recounts lookups and void lookups exactly (the answers do
 * not change within a run).  Limits are checked the moment a counter is
 * incremented, including inside includes (brief 4.4).  Each record is
 * parsed whole before it is evaluated: a syntax error anywhere is a
 * permerror.  Include loops are caught by the chain of domains being
 * evaluated, for a clearer cause; the result stays permerror.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/dns/dnsrun.h"
#include "report/check/spf_eval.h"
#include "util/limits.h"

#define PENDING		(-2)
#define NOMEM		(-3)
#define NOMATCH		(-4)
#define MATCH		(-5)

#define QLEN		DR_QUOTE_LEN
#define QT(p, n)	(int)((n) > QLEN ? QLEN : (n)), (p)

static int	check_host(struct spf_eval *, struct dnsrun *, const char *);

void
spf_eval_reset(struct spf_eval *ev)
{
	ev->result = SPF_NONE;
	ev->lookups = 0;
	ev->voids = 0;
	ev->mechanism[0] = '\0';
	ev->cause[0] = '\0';
	ev->dns_cause = NULL;
	ev->depth = 0;
	dnsmsg_clear(&ev->warnings);
}

static bool
is_temp(const struct dns_answer *a)
{
	return dns_status_is_temporary(a->status) != 0;
}

/* Keeps the first failed lookup's cause (ev->dns_cause); true. */
static bool
temp_cause(struct spf_eval *ev, const struct dns_answer *a)
{
	if (ev->dns_cause == NULL)
		ev->dns_cause = dns_status_cause(a->status);
	return true;
}

static bool
is_void(const struct dns_answer *a)
{
	return a->status == DNS_NXDOMAIN || a->status == DNS_NODATA ||
	    (a->status == DNS_OK && a->n == 0);
}

static int
fail(struct spf_eval *ev, enum spf_result r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct spf_eval *ev, enum spf_result r, const char *fmt, ...)
{
	va_list ap;

	if (ev->cause[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(ev->cause, sizeof(ev->cause), fmt, ap);
		va_end(ap);
	}
	return (int)r;
}

static bool
in_prefix(const unsigned char *a, const unsigned char *b, int bits)
{
	int full = bits / 8, rest = bits % 8;

	if (memcmp(a, b, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a[full] ^ b[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* Does any address in ans match the client within the term's CIDR? */
static bool
addr_match(const struct spf_eval *ev, const struct dns_answer *ans,
    int cidr4, int cidr6)
{
	struct spf_ip ip;
	size_t i;

	if (ev->walk || ans->status != DNS_OK)
		return false;
	for (i = 0; i < ans->n; i++) {
		if (spf_ip_parse(&ip, ans->rr[i]) == -1 ||
		    ip.family != ev->ip.family)
			continue;
		if (in_prefix(ip.a, ev->ip.a, ip.family == 4 ? cidr4 : cidr6))
			return true;
	}
	return false;
}

static enum dns_type
addr_type(const struct spf_eval *ev)
{
	return (!ev->walk && ev->ip.family == 6) ? DNS_AAAA : DNS_A;
}

static int
count_lookup(struct spf_eval *ev, const struct spf_term *t, const char *mod)
{
	if (++ev->lookups <= SPF_MAX_LOOKUPS)
		return 0;
	if (t != NULL)
		return fail(ev, SPF_PERMERROR, "more than %d DNS lookups (the "
		    "%dth is '%.*s')", SPF_MAX_LOOKUPS, ev->lookups,
		    QT(t->text, t->text_len));
	return fail(ev, SPF_PERMERROR, "more than %d DNS lookups (the %dth "
	    "is redirect=%s)", SPF_MAX_LOOKUPS, ev->lookups, mod);
}

static int
count_void(struct spf_eval *ev, const char *what, const char *name)
{
	if (++ev->voids <= SPF_MAX_VOIDS)
		return 0;
	return fail(ev, SPF_PERMERROR, "more than %d void lookups (the %dth "
	    "is %s %s, which does not exist)", SPF_MAX_VOIDS, ev->voids, what,
	    name);
}

static void	reverse_name(const struct spf_ip *, char *, size_t);
static bool	is_sub_or_same(const char *, const char *);

/*
 * %{p} (RFC 7208 7.3): a validated name of the client, i.e. a PTR name
 * (the first 10) whose address lookup leads back to the IP: domain itself
 * if it is one, else a name under domain, else any; "unknown" when none
 * validates or a lookup fails (errors do not make a permerror here).
 * These lookups are not terms: they count toward neither limit.  Returns
 * 0 or PENDING.
 */
static int
validated_ptr(const struct spf_eval *ev, struct dnsrun *run,
    const char *domain, char *out, size_t outlen)
{
	const struct dns_answer *p, *a;
	const char *best = NULL;
	char rname[80];
	bool pending = false;
	int rank = 0, r;
	size_t i;

	snprintf(out, outlen, "unknown");
	if (ev->walk)
		return 0;
	reverse_name(&ev->ip, rname, sizeof(rname));
	if ((p = dnsrun_get(run, rname, DNS_PTR)) == NULL)
		return PENDING;
	for (i = 0; p->status == DNS_OK && i < p->n && i < 10; i++) {
		if ((a = dnsrun_get(run, p->rr[i], addr_type(ev))) == NULL) {
			pending = true;
			continue;
		}
		if (!addr_match(ev, a, 32, 128))
			continue;
		r = strcasecmp(p->rr[i], domain) == 0 ? 3 :
		    is_sub_or_same(p->rr[i], domain) ? 2 : 1;
		if (r > rank) {
			rank = r;
			best = p->rr[i];
		}
	}
	if (pending)
		return PENDING;
	if (best != NULL)
		snprintf(out, outlen, "%s", best);
	return 0;
}

/* The target name of a term: its expanded domain-spec, or domain.
 * Returns 0, PENDING (a %{p} lookup) or SPF_PERMERROR. */
static int
target(struct spf_eval *ev, struct dnsrun *run, const char *spec, size_t len,
    const char *domain, char *out, size_t outlen)
{
	struct spf_macro_env env;
	char ptr[SPF_MAX_NAME + 1], why[128];
	unsigned letters = 0;

	if (spec == NULL) {
		snprintf(out, outlen, "%s", domain);
		return 0;
	}
	memset(&env, 0, sizeof(env));
	env.sender = ev->sender;
	env.domain = domain;
	env.ip = &ev->ip;
	env.helo = ev->helo;
	if (spf_macro_check(spec, len, false, &letters, why,
	    sizeof(why)) == 0 && (letters & (1u << ('p' - 'a')))) {
		if (validated_ptr(ev, run, domain, ptr, sizeof(ptr)) != 0)
			return PENDING;
		env.ptr_name = ptr;
	}
	if (spf_expand_domain(spec, len, &env, out, outlen) == -1)
		return fail(ev, SPF_PERMERROR, "cannot expand '%.*s'",
		    QT(spec, len));
	return 0;
}

/* The PTR query name of the client address. */
static void
reverse_name(const struct spf_ip *ip, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	int i;

	if (ip->family == 4) {
		snprintf(out, outlen, "%u.%u.%u.%u.in-addr.arpa", ip->a[3],
		    ip->a[2], ip->a[1], ip->a[0]);
		return;
	}
	for (i = 15; i >= 0 && o + 4 < outlen; i--) {
		out[o++] = hex[ip->a[i] & 0xf];
		out[o++] = '.';
		out[o++] = hex[ip->a[i] >> 4];
		out[o++] = '.';
	}
	snprintf(out + o, outlen - o, "ip6.arpa");
}

static bool
is_sub_or_same(const char *name, const char *dom)
{
	size_t n = strlen(name), d = strlen(dom);

	if (n < d || strcasecmp(name + n - d, dom) != 0)
		return false;
	return n == d || name[n - d - 1] == '.';
}

static int
mech_mx(struct spf_eval *ev, struct dnsrun *run, const struct spf_term *t,
    const char *name)
{
	const struct dns_answer *mx, *a;
	bool pending = false, match = false;
	const char *host;
	size_t i;

	if ((mx = dnsrun_get(run, name, DNS_MX)) == NULL)
		return PENDING;
	if (is_temp(mx) && temp_cause(ev, mx))
		return fail(ev, SPF_TEMPERROR, "MX lookup for %s: %s", name,
		    dns_status_name(mx->status));
	if (is_void(mx))
		return count_void(ev, "MX of", name) ? SPF_PERMERROR : NOMATCH;
	if (mx->n > 10)
		return fail(ev, SPF_PERMERROR, "'%.*s': %s has %zu MX hosts, "
		    "more than the 10 address lookups allowed",
		    QT(t->text, t->text_len), name, mx->n);
	for (i = 0; i < mx->n; i++) {
		host = strchr(mx->rr[i], ' ');
		host = host ? host + 1 : mx->rr[i];
		if (*host == '\0' || strcmp(host, ".") == 0)
			continue;	/* null MX */
		if ((a = dnsrun_get(run, host, addr_type(ev))) == NULL) {
			pending = true;
			continue;
		}
		if (is_temp(a) && temp_cause(ev, a))
			return fail(ev, SPF_TEMPERROR, "address lookup for MX "
			    "host %s: %s", host, dns_status_name(a->status));
		match |= addr_match(ev, a, t->cidr4, t->cidr6);
	}
	if (pending)
		return PENDING;
	return match ? MATCH : NOMATCH;
}

static int
mech_ptr(struct spf_eval *ev, struct dnsrun *run, const char *dom)
{
	const struct dns_answer *p, *a;
	char rname[80];
	bool pending = false, match = false;
	size_t i;

	if (ev->walk)
		return NOMATCH;		/* no client address to look up */
	reverse_name(&ev->ip, rname, sizeof(rname));
	if ((p = dnsrun_get(run, rname, DNS_PTR)) == NULL)
		return PENDING;
	if (is_temp(p))
		return NOMATCH;		/* RFC 7208 5.5: errors do not match */
	if (is_void(p))
		return count_void(ev, "PTR of", rname) ? SPF_PERMERROR :
		    NOMATCH;
	for (i = 0; i < p->n && i < 10; i++) {
		if ((a = dnsrun_get(run, p->rr[i], addr_type(ev))) == NULL) {
			pending = true;
			continue;
		}
		if (addr_match(ev, a, ev->ip.family == 4 ? 32 : 0, 128) &&
		    is_sub_or_same(p->rr[i], dom))
			match = true;
	}
	if (pending)
		return PENDING;
	return match ? MATCH : NOMATCH;
}

/* Address and exists mechanisms: a, exists. */
static int
mech_lookup(struct spf_eval *ev, struct dnsrun *run, const struct spf_term *t,
    const char *name)
{
	enum dns_type type = t->mech == SPF_M_EXISTS ? DNS_A : addr_type(ev);
	const struct dns_answer *a;

	if ((a = dnsrun_get(run, name, type)) == NULL)
		return PENDING;
	if (is_temp(a) && temp_cause(ev, a))
		return fail(ev, SPF_TEMPERROR, "%s lookup for %s: %s",
		    type == DNS_AAAA ? "AAAA" : "A", name,
		    dns_status_name(a->status));
	if (is_void(a))
		return count_void(ev, t->mech == SPF_M_EXISTS ? "exists:" :
		    "a:", name) ? SPF_PERMERROR : NOMATCH;
	if (t->mech == SPF_M_EXISTS)
		return ev->walk ? NOMATCH : MATCH;
	return addr_match(ev, a, t->cidr4, t->cidr6) ? MATCH : NOMATCH;
}

static bool
on_stack(const struct spf_eval *ev, const char *name)
{
	int i;

	for (i = 0; i < ev->depth; i++)
		if (strcasecmp(ev->stack[i], name) == 0)
			return true;
	return false;
}

static void
prepend(struct spf_eval *ev, const char *head, size_t hlen)
{
	char tmp[sizeof(ev->mechanism) + QLEN + 4];

	/* A deep include path is cut at the end: it is our own text. */
	snprintf(tmp, sizeof(tmp), "%.*s > %s", QT(head, hlen), ev->mechanism);
	snprintf(ev->mechanism, sizeof(ev->mechanism), "%.*s",
	    (int)sizeof(ev->mechanism) - 1, tmp);
}

static int
mech_include(struct spf_eval *ev, struct dnsrun *run,
    const struct spf_term *t, const char *name)
{
	int r;

	if (on_stack(ev, name))
		return fail(ev, SPF_PERMERROR, "include loop: %s includes %s "
		    "again", ev->stack[ev->depth - 1], name);
	r = check_host(ev, run, name);
	switch (r) {
	case SPF_PASS:
		prepend(ev, t->text, t->text_len);
		return MATCH;
	case SPF_FAIL:
	case SPF_SOFTFAIL:
	case SPF_NEUTRAL:
		ev->mechanism[0] = '\0';
		return NOMATCH;
	case SPF_NONE:
		return fail(ev, SPF_PERMERROR, "'%.*s': %s has no SPF record",
		    QT(t->text, t->text_len), name);
	default:
		return r;	/* temperror, permerror, PENDING, NOMEM */
	}
}

static int
eval_term(struct spf_eval *ev, struct dnsrun *run, const struct spf_term *t,
    const char *domain)
{
	char name[SPF_MAX_NAME + 1];
	int r;

	switch (t->mech) {
	case SPF_M_ALL:
		return ev->walk ? NOMATCH : MATCH;
	case SPF_M_IP4:
		return !ev->walk && ev->ip.family == 4 &&
		    in_prefix(t->addr, ev->ip.a, t->cidr4) ? MATCH : NOMATCH;
	case SPF_M_IP6:
		return !ev->walk && ev->ip.family == 6 &&
		    in_prefix(t->addr, ev->ip.a, t->cidr6) ? MATCH : NOMATCH;
	default:
		break;
	}
	if (count_lookup(ev, t, NULL) != 0)
		return SPF_PERMERROR;
	if ((r = target(ev, run, t->spec, t->spec_len, domain, name,
	    sizeof(name))) != 0)
		return r;
	switch (t->mech) {
	case SPF_M_INCLUDE:
		return mech_include(ev, run, t, name);
	case SPF_M_MX:
		return mech_mx(ev, run, t, name);
	case SPF_M_PTR:
		return mech_ptr(ev, run, name);
	default:
		return mech_lookup(ev, run, t, name);
	}
}

static enum spf_result
qual_result(char q)
{
	return q == '-' ? SPF_FAIL : q == '~' ? SPF_SOFTFAIL : q == '?' ?
	    SPF_NEUTRAL : SPF_PASS;
}

/* Queues the TXT lookups of static include/redirect targets early, so a
 * record's includes resolve in one round instead of one per include. */
static void
prefetch(struct dnsrun *run, const struct spf_record *rec)
{
	char name[SPF_MAX_NAME + 2];
	size_t i;

	for (i = 0; i < rec->n_terms; i++) {
		const struct spf_term *t = &rec->terms[i];

		if (t->mech != SPF_M_INCLUDE || t->spec_len > SPF_MAX_NAME ||
		    memchr(t->spec, '%', t->spec_len) != NULL)
			continue;
		memcpy(name, t->spec, t->spec_len);
		name[t->spec_len] = '\0';
		(void)dnsrun_get(run, name, DNS_TXT);
	}
	if (rec->redirect != NULL && !rec->has_all &&
	    rec->redirect_len <= SPF_MAX_NAME &&
	    memchr(rec->redirect, '%', rec->redirect_len) == NULL) {
		memcpy(name, rec->redirect, rec->redirect_len);
		name[rec->redirect_len] = '\0';
		(void)dnsrun_get(run, name, DNS_TXT);
	}
}

static int
eval_record(struct spf_eval *ev, struct dnsrun *run,
    const struct spf_record *rec, const char *domain)
{
	char name[SPF_MAX_NAME + 1];
	size_t i;
	int r;

	for (i = 0; i < rec->n_terms; i++) {
		const struct spf_term *t = &rec->terms[i];

		r = eval_term(ev, run, t, domain);
		if (r == NOMATCH)
			continue;
		if (r != MATCH)
			return r;
		if (t->mech != SPF_M_INCLUDE)
			snprintf(ev->mechanism, sizeof(ev->mechanism), "%.*s",
			    QT(t->text, t->text_len));
		return (int)qual_result(t->qual);
	}
	if (ev->walk && rec->has_all)
		return SPF_NEUTRAL;
	if (rec->redirect == NULL || rec->has_all) {
		snprintf(ev->mechanism, sizeof(ev->mechanism), "default "
		    "(no term matched)");
		return SPF_NEUTRAL;
	}
	if ((r = target(ev, run, rec->redirect, rec->redirect_len, domain,
	    name, sizeof(name))) != 0)
		return r;
	if (count_lookup(ev, NULL, name) != 0)
		return SPF_PERMERROR;
	if (on_stack(ev, name))
		return fail(ev, SPF_PERMERROR, "redirect loop: %s redirects "
		    "to %s again", domain, name);
	r = check_host(ev, run, name);
	if (r == SPF_NONE)
		return fail(ev, SPF_PERMERROR, "redirect=%s has no SPF record",
		    name);
	if (r >= 0 && ev->mechanism[0] != '\0') {
		char head[SPF_MAX_NAME + 16];

		snprintf(head, sizeof(head), "redirect=%s", name);
		prepend(ev, head, strlen(head));
	}
	return r;
}

static int
check_host(struct spf_eval *ev, struct dnsrun *run, const char *domain)
{
	const struct dns_answer *a;
	struct spf_record *rec = NULL;
	const char *txt = NULL;
	char norm[SPF_MAX_NAME + 1];
	size_t i, nspf = 0;
	int r;

	/* RFC 7208 4.3: a malformed name (empty or long label, one label)
	 * or a domain literal such as a HELO "[192.0.2.1]" is "none" at
	 * once, without a query */
	if (dnsrun_norm(domain, norm, sizeof(norm)) == -1 ||
	    strchr(norm, '.') == NULL)
		return fail(ev, SPF_NONE, "%.*s is not a valid domain name",
		    QLEN, domain);
	if (norm[0] == '[')
		return fail(ev, SPF_NONE, "%s is a domain literal, not a "
		    "domain name", norm);
	if ((a = dnsrun_get(run, norm, DNS_TXT)) == NULL)
		return PENDING;
	if (is_temp(a) && temp_cause(ev, a))
		return fail(ev, SPF_TEMPERROR, "TXT lookup for %s: %s", norm,
		    dns_status_name(a->status));
	for (i = 0; a->status == DNS_OK && i < a->n; i++)
		if (spf_is_record(a->rr[i], strlen(a->rr[i]))) {
			txt = a->rr[i];
			nspf++;
		}
	if (nspf == 0)
		return fail(ev, SPF_NONE, "%s has no SPF record", norm);
	if (nspf > 1)
		return fail(ev, SPF_PERMERROR, "%s has %zu SPF records (exactly "
		    "one is allowed)", norm, nspf);
	if (ev->depth >= SPF_MAX_DEPTH)
		return fail(ev, SPF_PERMERROR, "includes nested deeper than %d",
		    SPF_MAX_DEPTH);
	if ((rec = malloc(sizeof(*rec))) == NULL)
		return NOMEM;
	if (spf_parse(rec, txt, strlen(txt)) == -1) {
		r = fail(ev, SPF_PERMERROR, "syntax error in the SPF record of "
		    "%s: %s", norm, rec->errors.text[0]);
		goto done;
	}
	if (ev->depth > 0)
		for (i = 0; i < rec->warnings.n; i++)
			dnsmsg_add(&ev->warnings, "%s: %s", norm,
			    rec->warnings.text[i]);
	prefetch(run, rec);
	memcpy(ev->stack[ev->depth++], norm, sizeof(norm));
	r = eval_record(ev, run, rec, norm);
	ev->depth--;
done:
	free(rec);
	return r;
}

int
spf_check_host(struct spf_eval *ev, struct dnsrun *run, const char *domain)
{
	char norm[SPF_MAX_NAME + 1];
	int r;

	spf_eval_reset(ev);
	if (dnsrun_norm(domain, norm, sizeof(norm)) == 0) {
		if (ev->sender[0] == '\0')
			snprintf(ev->sender, sizeof(ev->sender),
			    "postmaster@%s", norm);
		if (ev->helo[0] == '\0')
			snprintf(ev->helo, sizeof(ev->helo), "%s", norm);
	}
	r = check_host(ev, run, domain);
	if (r == PENDING)
		return 1;
	if (r == NOMEM || dnsrun_failed(run))
		return -1;
	ev->result = (enum spf_result)r;
	if (r != SPF_PERMERROR && r != SPF_TEMPERROR && r != SPF_NONE)
		ev->cause[0] = '\0';
	return 0;
}
