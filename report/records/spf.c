/*
 * report/records/spf.c -- SPF record parser (RFC 7208 sections 4.6, 5, 6, 7, 12).
 *
 * Design rationale: the whole record is parsed before anything is
 * evaluated, because a syntax error anywhere is a permerror even when an
 * earlier term would have matched (RFC 7208 4.6).  Terms keep pointers
 * into the caller's buffer; nothing is allocated.  Findings are phrased
 * for the domain's admin, with the term quoted (bounded).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/records/spf.h"
#include "util/limits.h"

#define QLEN	DR_QUOTE_LEN
#define QT(p, n)	(int)((n) > QLEN ? QLEN : (n)), (p)

static const char *const mech_names[] = {
	"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"
};

bool
spf_is_record(const char *txt, size_t len)
{
	return len >= 6 && strncasecmp(txt, "v=spf1", 6) == 0 &&
	    (len == 6 || txt[6] == ' ');
}

const char *
spf_result_name(enum spf_result r)
{
	static const char *const names[] = {
		"none", "neutral", "pass", "fail", "softfail", "temperror",
		"permerror"
	};

	return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r] :
	    "?";
}

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* toplabel = ( *alphanum ALPHA *alphanum ) /
 *            ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) */
static bool
is_toplabel(const char *s, size_t n)
{
	bool alpha = false, dash = false;
	size_t i;

	if (n == 0 || n > 63 || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (!is_alnum(s[i]))
			return false;
		else if (!(s[i] >= '0' && s[i] <= '9'))
			alpha = true;
	}
	return alpha || dash;
}

/* domain-spec = macro-string domain-end;
 * domain-end = ( "." toplabel [ "." ] ) / macro-expand */
static int
check_domain_spec(struct spf_record *rec, const char *what, const char *s,
    size_t n)
{
	char why[128];
	size_t end, k;

	if (n == 0) {
		dnsmsg_add(&rec->errors, "%s has an empty domain", what);
		return -1;
	}
	if (spf_macro_check(s, n, false, &rec->macro_letters, why,
	    sizeof(why)) == -1) {
		dnsmsg_add(&rec->errors, "%s: %s", what, why);
		return -1;
	}
	if (s[n - 1] == '}')
		return 0;	/* ends in a macro-expand */
	if (n >= 2 && s[n - 2] == '%' && s[n - 1] != '\0' &&
	    strchr("%_-", s[n - 1]) != NULL &&
	    !(n >= 3 && s[n - 3] == '%'))
		return 0;
	end = n;
	if (s[end - 1] == '.')
		end--;
	for (k = end; k > 0 && s[k - 1] != '.'; k--)
		;
	if (k == 0 || !is_toplabel(s + k, end - k)) {
		dnsmsg_add(&rec->errors, "%s: '%.*s' is not a fully qualified "
		    "domain name", what, QT(s, n));
		return -1;
	}
	return 0;
}

/* "/" ( "0" / %x31-39 0*N DIGIT ) with a maximum; returns len or -1. */
static int
parse_cidr(const char *s, size_t n, int max)
{
	int v = 0;
	size_t i;

	if (n == 0 || n > 3 || (s[0] == '0' && n > 1))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v > max ? -1 : v;
}

static size_t
digits_before(const char *s, size_t k)
{
	size_t d = k;

	while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
		d--;
	return k - d;
}

/*
 * Where the dual-cidr-length of "a:" or "mx:" starts in s[0..n) (its
 * domain-spec and CIDR), or n.  Only a trailing "/N", "//N" or "/N//N" is
 * a CIDR: a domain-spec may itself hold '/' and ':' (RFC 7208 7.1, e.g.
 * "a:foo:bar/baz.example.com"), so the first '/' proves nothing.
 */
static size_t
cidr_start(const char *s, size_t n)
{
	size_t k = n, d;

	d = digits_before(s, k);
	if (d == 0 || d == k || s[k - d - 1] != '/')
		return n;
	k -= d + 1;			/* before "/N" */
	if (k > 0 && s[k - 1] == '/') {
		k--;			/* "//N": an ip4 "/N" may precede */
		d = digits_before(s, k);
		if (d > 0 && d < k && s[k - d - 1] == '/')
			k -= d + 1;
	}
	return k;
}

/* dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]:
 * "", "/24", "/24//64" or "//64". */
static int
parse_dual_cidr(struct spf_record *rec, struct spf_term *t, const char *s,
    size_t n)
{
	size_t i, l4;

	if (n == 0)
		return 0;
	if (s[0] != '/')
		goto bad;
	for (i = 1; i + 1 < n && !(s[i] == '/' && s[i + 1] == '/'); i++)
		;
	if (n >= 2 && s[1] == '/')
		i = 0;			/* "//64" */
	else if (i + 1 >= n)
		i = n;			/* "/24" */
	l4 = i > 0 ? i - 1 : 0;
	if (i > 0 && (t->cidr4 = parse_cidr(s + 1, l4, 32)) < 0)
		goto bad;
	if (i < n && (t->cidr6 = parse_cidr(s + i + 2, n - i - 2, 128)) < 0)
		goto bad;
	return 0;
bad:
	dnsmsg_add(&rec->errors, "'%.*s' has a malformed CIDR length",
	    QT(t->text, t->text_len));
	return -1;
}

static int
parse_ip(struct spf_record *rec, struct spf_term *t, const char *s, size_t n)
{
	char addr[64];
	size_t alen;
	const char *slash;
	int af = t->mech == SPF_M_IP4 ? AF_INET : AF_INET6;

	slash = memchr(s, '/', n);
	alen = slash ? (size_t)(slash - s) : n;
	if (alen == 0 || alen >= sizeof(addr))
		goto bad;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(af, addr, t->addr) != 1)
		goto bad;
	if (slash != NULL) {
		int v = parse_cidr(slash + 1, n - alen - 1, af == AF_INET ? 32 :
		    128);

		if (v < 0)
			goto bad;
		if (af == AF_INET)
			t->cidr4 = v;
		else
			t->cidr6 = v;
	}
	if ((af == AF_INET && t->cidr4 < 8) || (af == AF_INET6 &&
	    t->cidr6 < 16))
		dnsmsg_add(&rec->warnings, "'%.*s' authorizes a huge address "
		    "range", QT(t->text, t->text_len));
	return 0;
bad:
	dnsmsg_add(&rec->errors, "'%.*s' is not a valid %s address or "
	    "range", QT(t->text, t->text_len), af == AF_INET ? "IPv4" : "IPv6");
	return -1;
}

static int
parse_modifier(struct spf_record *rec, const char *s, size_t n, size_t eq)
{
	const char *v = s + eq + 1;
	size_t vn = n - eq - 1;
	unsigned letters = 0;
	char why[128];

	if (eq == 8 && strncasecmp(s, "redirect", 8) == 0) {
		if (rec->redirect != NULL) {
			dnsmsg_add(&rec->errors, "redirect= is given twice");
			return -1;
		}
		rec->redirect = v;
		rec->redirect_len = vn;
		rec->dns_terms++;
		return check_domain_spec(rec, "redirect=", v, vn);
	}
	if (eq == 3 && strncasecmp(s, "exp", 3) == 0) {
		if (rec->exp != NULL) {
			dnsmsg_add(&rec->errors, "exp= is given twice");
			return -1;
		}
		rec->exp = v;
		rec->exp_len = vn;
		return check_domain_spec(rec, "exp=", v, vn);
	}
	/* unknown-modifier = name "=" macro-string: ignored, but checked */
	if (spf_macro_check(v, vn, false, &letters, why, sizeof(why)) == -1) {
		dnsmsg_add(&rec->errors, "modifier '%.*s': %s", QT(s, n), why);
		return -1;
	}
	return 0;
}

static int
parse_mechanism(struct spf_record *rec, const char *s, size_t n)
{
	struct spf_term *t;
	size_t i, nl, sl;
	const char *rest;
	char what[QLEN + 8];
	int m = -1;

	if (rec->n_terms >= SPF_MAX_TERMS) {
		dnsmsg_add(&rec->errors, "the record has more than %d terms",
		    SPF_MAX_TERMS);
		return -1;
	}
	t = &rec->terms[rec->n_terms];
	memset(t, 0, sizeof(*t));
	t->text = s;
	t->text_len = n;
	t->cidr4 = 32;
	t->cidr6 = 128;
	t->qual = '+';
	if (n > 0 && s[0] != '\0' && strchr("+-~?", s[0]) != NULL) {
		t->qual = s[0];
		s++, n--;
	}
	for (nl = 0; nl < n && s[nl] != ':' && s[nl] != '/'; nl++)
		;
	for (i = 0; i < sizeof(mech_names) / sizeof(mech_names[0]); i++)
		if (nl == strlen(mech_names[i]) &&
		    strncasecmp(s, mech_names[i], nl) == 0)
			m = (int)i;
	if (m < 0) {
		dnsmsg_add(&rec->errors, "unknown mechanism '%.*s'",
		    QT(t->text, t->text_len));
		return -1;
	}
	t->mech = (enum spf_mech)m;
	rest = s + nl;
	n -= nl;
	snprintf(what, sizeof(what), "'%.*s'", QT(t->text, t->text_len));
	rec->n_terms++;
	switch (t->mech) {
	case SPF_M_ALL:
		rec->has_all = true;
		if (n != 0) {
			dnsmsg_add(&rec->errors, "%s: all takes no argument",
			    what);
			return -1;
		}
		return 0;
	case SPF_M_IP4:
	case SPF_M_IP6:
		if (n == 0 || rest[0] != ':') {
			dnsmsg_add(&rec->errors, "%s needs an address", what);
			return -1;
		}
		return parse_ip(rec, t, rest + 1, n - 1);
	case SPF_M_INCLUDE:
	case SPF_M_EXISTS:
		rec->dns_terms++;
		if (n == 0 || rest[0] != ':') {
			dnsmsg_add(&rec->errors, "%s needs a domain", what);
			return -1;
		}
		t->spec = rest + 1;
		t->spec_len = n - 1;
		return check_domain_spec(rec, what, t->spec, t->spec_len);
	case SPF_M_PTR:
	case SPF_M_A:
	case SPF_M_MX:
		rec->dns_terms++;
		if (n > 0 && rest[0] == ':') {
			sl = cidr_start(rest + 1, n - 1);
			t->spec = rest + 1;
			t->spec_len = sl;
			if (check_domain_spec(rec, what, t->spec, sl) == -1)
				return -1;
			rest += 1 + sl;
			n -= 1 + sl;
		}
		if (t->mech == SPF_M_PTR) {
			dnsmsg_add(&rec->warnings, "ptr is deprecated (RFC 7208 "
			    "5.5): slow, unreliable, and some receivers ignore "
			    "it");
			if (n != 0) {
				dnsmsg_add(&rec->errors, "%s: ptr takes no CIDR "
				    "length", what);
				return -1;
			}
			return 0;
		}
		return parse_dual_cidr(rec, t, rest, n);
	}
	return 0;
}

static void
record_warnings(struct spf_record *rec, size_t len)
{
	size_t i;
	bool after_all = false;

	for (i = 0; i < rec->n_terms; i++) {
		const struct spf_term *t = &rec->terms[i];

		if (after_all) {
			dnsmsg_add(&rec->warnings, "terms after 'all' are never "
			    "evaluated (e.g. '%.*s')", QT(t->text, t->text_len));
			break;
		}
		if (t->mech != SPF_M_ALL)
			continue;
		after_all = true;
		if (t->qual == '+')
			dnsmsg_add(&rec->warnings, "'%.*s' lets every server on "
			    "the Internet pass SPF for this domain",
			    QT(t->text, t->text_len));
		else if (t->qual == '?')
			dnsmsg_add(&rec->warnings, "'?all' makes SPF say nothing "
			    "about servers not listed (neutral)");
	}
	if (rec->redirect != NULL && rec->has_all)
		dnsmsg_add(&rec->warnings, "redirect= is ignored because the "
		    "record contains 'all'");
	if (len > SPF_LONG_RECORD)
		dnsmsg_add(&rec->warnings, "the record is %zu bytes: over %d it "
		    "may not fit a 512-byte UDP answer", len, SPF_LONG_RECORD);
	if (rec->macro_letters & ((1u << ('s' - 'a')) | (1u << ('l' - 'a')) |
	    (1u << ('o' - 'a'))))
		dnsmsg_add(&rec->warnings, "the record uses sender macros "
		    "(%%{s}, %%{l} or %%{o}): results here assume "
		    "postmaster@<domain> unless check --sender is given");
	if (rec->macro_letters & (1u << ('h' - 'a')))
		dnsmsg_add(&rec->warnings, "the record uses the HELO macro "
		    "%%{h}: results here assume the domain as HELO name "
		    "unless check --helo is given");
	if (rec->macro_letters & (1u << ('p' - 'a')))
		dnsmsg_add(&rec->warnings, "the record uses the discouraged "
		    "%%{p} macro (RFC 7208 7.3): a PTR lookup and more for "
		    "each use, slow and unreliable");
}

int
spf_parse(struct spf_record *rec, const char *txt, size_t len)
{
	size_t pos, end, k;
	const char *s;
	int bad = 0;

	memset(rec, 0, offsetof(struct spf_record, errors));
	dnsmsg_clear(&rec->errors);
	dnsmsg_clear(&rec->warnings);
	if (!spf_is_record(txt, len)) {
		dnsmsg_add(&rec->errors, "the record does not start with "
		    "'v=spf1 '");
		return -1;
	}
	for (pos = 6; pos < len; pos = end) {
		while (pos < len && txt[pos] == ' ')
			pos++;
		for (end = pos; end < len && txt[end] != ' '; end++)
			;
		if (end == pos)
			continue;
		s = txt + pos;
		/* modifier: name "=" where name = ALPHA *(ALNUM / - / _ / .) */
		for (k = 0; k < end - pos && (is_alnum(s[k]) || (k > 0 &&
		    s[k] != '\0' && strchr("-_.", s[k]) != NULL)); k++)
			;
		if (k > 0 && k < end - pos && s[k] == '=' &&
		    !(s[0] >= '0' && s[0] <= '9'))
			bad |= parse_modifier(rec, s, end - pos, k);
		else
			bad |= parse_mechanism(rec, s, end - pos);
	}
	record_warnings(rec, len);
	return (bad || rec->errors.n > 0) ? -1 : 0;
}
