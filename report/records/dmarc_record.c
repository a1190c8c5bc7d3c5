/*
 * report/records/dmarc_record.c -- parse and validate a DMARC record (RFC 7489
 * 6.3-6.6, RFC 9989 4.7-4.8; brief 3.2-3.4 and 3.8).
 *
 * Design rationale: the record is split on ';' into tag=value pairs and
 * each value is checked on its own: a bad value falls back to its default
 * (as receivers do) and is reported as an error with its consequence.
 * Only v=DMARC1 not being first kills the whole record.  No allocation and
 * no DNS here: fuzz targets call dmarc_record_parse() on raw bytes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/records/dmarc_record.h"
#include "report/records/tok.h"
#include "util/limits.h"

enum dmarc_tag {
	T_V, T_P, T_SP, T_NP, T_ADKIM, T_ASPF, T_FO, T_RUA, T_RUF, T_T, T_PSD,
	T_PCT, T_RF, T_RI, T__COUNT
};

static const char *const tag_names[T__COUNT] = {
	"v", "p", "sp", "np", "adkim", "aspf", "fo", "rua", "ruf", "t", "psd",
	"pct", "rf", "ri"
};

/* Quoting of record text inside a finding is bounded to this many bytes. */
#define QLEN	DR_QUOTE_LEN

static bool
eq_ci(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

bool
dmarc_is_candidate(const char *txt, size_t len)
{
	const char *s = txt;
	size_t n = len;

	tok_trim(&s, &n);
	if (n < 1 || (s[0] != 'v' && s[0] != 'V'))
		return false;
	s++, n--;
	while (n > 0 && tok_is_wsp(*s))
		s++, n--;
	if (n < 1 || *s != '=')
		return false;
	s++, n--;
	while (n > 0 && tok_is_wsp(*s))
		s++, n--;
	if (n < 6 || strncasecmp(s, "DMARC1", 6) != 0)
		return false;
	return n == 6 || s[6] == ';' || tok_is_wsp(s[6]);
}

const char *
dmarc_policy_name(enum dmarc_policy p)
{
	switch (p) {
	case DMARC_P_NONE:
		return "none";
	case DMARC_P_QUARANTINE:
		return "quarantine";
	case DMARC_P_REJECT:
		return "reject";
	default:
		return NULL;
	}
}

static enum dmarc_policy
parse_policy(const char *v, size_t n)
{
	if (eq_ci(v, n, "none"))
		return DMARC_P_NONE;
	if (eq_ci(v, n, "quarantine"))
		return DMARC_P_QUARANTINE;
	if (eq_ci(v, n, "reject"))
		return DMARC_P_REJECT;
	return DMARC_P_INVALID;
}

/* Parses a decimal without sign or leading junk; -1 when not one. */
static long long
parse_uint(const char *v, size_t n, long long max)
{
	long long x = 0;
	size_t i;

	if (n == 0 || n > 12)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (v[i] - '0');
	}
	return x > max ? -1 : x;
}

static bool
is_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

/* Checks a mailto: address (after "mailto:") and fills u->host. */
static bool
parse_mailto(struct dmarc_uri *u, const char *a, size_t n)
{
	const char *at, *host;
	size_t hn, i;

	for (i = 0; i < n; i++)
		if (a[i] == '?')	/* hfields are allowed; not ours to check */
			n = i;
	at = memchr(a, '@', n);
	if (at == NULL || at == a || memchr(at + 1, '@', n - (at + 1 - a)))
		return false;
	host = at + 1;
	hn = n - (size_t)(host - a);
	if (hn == 0 || hn >= sizeof(u->host) || memchr(host, '.', hn) == NULL ||
	    host[0] == '.' || host[hn - 1] == '.')
		return false;
	for (i = 0; i < hn; i++) {
		if (!is_host_char(host[i]))
			return false;
		u->host[i] = (host[i] >= 'A' && host[i] <= 'Z') ?
		    host[i] + 32 : host[i];
	}
	u->host[hn] = '\0';
	return true;
}

/* Strips a "!10m" size suffix; returns -1 when a '!' is there but malformed. */
static int
strip_size(const char **s, size_t *n)
{
	const char *bang = NULL;
	size_t i, k;

	for (i = 0; i < *n; i++)
		if ((*s)[i] == '!')
			bang = *s + i;
	if (bang == NULL)
		return 0;
	k = (size_t)(bang - *s) + 1;
	i = k;
	while (i < *n && (*s)[i] >= '0' && (*s)[i] <= '9')
		i++;
	if (i == k)
		return -1;
	if (i < *n && strchr("kmgtKMGT", (*s)[i]) != NULL)
		i++;
	if (i != *n)
		return -1;
	*n = k - 1;
	return 1;
}

static void
parse_uris(struct dmarc_txt *rec, const char *tag, const char *v,
    size_t n, struct dmarc_uri *uris, size_t *nuris)
{
	struct tok tk;
	size_t sn, extra = 0;
	const char *s, *colon;
	struct dmarc_uri *u;
	int r;

	tok_init(&tk, v, n, ',');
	while (tok_next(&tk, &s, &sn)) {
		if (sn == 0) {
			dnsmsg_add(&rec->errors, "%s= holds an empty URI "
			    "(stray comma)", tag);
			continue;
		}
		if (*nuris >= DMARC_MAX_URIS) {
			extra++;
			continue;
		}
		if ((r = strip_size(&s, &sn)) == -1) {
			dnsmsg_add(&rec->errors, "%s URI '%.*s' has a malformed "
			    "'!' suffix: a literal '!' must be written %%21",
			    tag, (int)(sn > QLEN ? QLEN : sn), s);
			continue;
		}
		if (r == 1)
			dnsmsg_add(&rec->warnings, "the !size suffix in %s= is "
			    "obsolete (RFC 9989): receivers ignore it", tag);
		if (sn >= DMARC_MAX_URI_LEN) {
			dnsmsg_add(&rec->errors, "a %s URI is longer than %d "
			    "bytes: ignored", tag, DMARC_MAX_URI_LEN - 1);
			continue;
		}
		u = &uris[(*nuris)++];
		memcpy(u->uri, s, sn);
		u->uri[sn] = '\0';
		u->host[0] = '\0';
		colon = memchr(s, ':', sn);
		u->is_mailto = sn > 7 && strncasecmp(s, "mailto:", 7) == 0;
		if (u->is_mailto) {
			u->valid = parse_mailto(u, s + 7, sn - 7);
			if (!u->valid)
				dnsmsg_add(&rec->errors, "%s URI '%.*s' is not a "
				    "valid mailto: address: reports cannot be "
				    "sent there", tag, QLEN, u->uri);
		} else if (colon == NULL || colon == s || memchr(s, '@', (size_t)
		    (colon - s)) != NULL) {
			u->valid = false;
			dnsmsg_add(&rec->errors, "%s URI '%.*s' has no scheme: "
			    "write mailto:%.*s", tag, QLEN, u->uri, QLEN,
			    u->uri);
		} else {
			u->valid = true;
			dnsmsg_add(&rec->warnings, "%s URI '%.*s' is not "
			    "mailto:: most receivers only send to mailto: "
			    "addresses", tag, QLEN, u->uri);
		}
	}
	if (extra > 0)
		dnsmsg_add(&rec->warnings, "%s= lists more than %d URIs: the "
		    "rest are not checked (receivers may use only two)", tag,
		    DMARC_MAX_URIS);
}

static bool
parse_fo(struct dmarc_txt *rec, const char *v, size_t n)
{
	struct tok tk;
	size_t sn;
	const char *s;
	bool has0 = false, has1 = false;

	if (n == 0)
		return false;
	tok_init(&tk, v, n, ':');
	while (tok_next(&tk, &s, &sn)) {
		if (sn != 1 || strchr("01dDsS", s[0]) == NULL)
			return false;
		has0 |= s[0] == '0';
		has1 |= s[0] == '1';
	}
	if (has0 && has1)
		dnsmsg_add(&rec->warnings, "fo= holds both 0 and 1, which RFC "
		    "9989 forbids (1 already includes 0)");
	return n < sizeof(rec->fo);
}

static void
set_tag(struct dmarc_txt *rec, enum dmarc_tag tag, const char *v,
    size_t n)
{
	long long x;
	int q = (int)(n > QLEN ? QLEN : n);

	switch (tag) {
	case T_V:
		break;
	case T_P:
	case T_SP:
	case T_NP: {
		enum dmarc_policy p = parse_policy(v, n);

		if (p == DMARC_P_INVALID)
			dnsmsg_add(&rec->errors, "%s=%.*s is not a policy (none, "
			    "quarantine or reject)", tag_names[tag], q, v);
		if (tag == T_P)
			rec->p = p;
		else if (tag == T_SP)
			rec->sp = p;
		else
			rec->np = p;
		break;
	}
	case T_ADKIM:
	case T_ASPF:
		if (n != 1 || strchr("rRsS", v[0]) == NULL) {
			dnsmsg_add(&rec->errors, "%s=%.*s is invalid (r or s): "
			    "receivers use relaxed alignment", tag_names[tag],
			    q, v);
			break;
		}
		*(tag == T_ADKIM ? &rec->adkim : &rec->aspf) =
		    (v[0] == 's' || v[0] == 'S') ? 's' : 'r';
		break;
	case T_FO:
		if (!parse_fo(rec, v, n)) {
			dnsmsg_add(&rec->errors, "fo=%.*s is invalid (a colon "
			    "list of 0, 1, d, s): receivers use fo=0", q, v);
			break;
		}
		memcpy(rec->fo, v, n);
		rec->fo[n] = '\0';
		break;
	case T_RUA:
		parse_uris(rec, "rua", v, n, rec->rua, &rec->n_rua);
		break;
	case T_RUF:
		parse_uris(rec, "ruf", v, n, rec->ruf, &rec->n_ruf);
		break;
	case T_T:
		if (n != 1 || strchr("yYnN", v[0]) == NULL)
			dnsmsg_add(&rec->errors, "t=%.*s is invalid (y or n): "
			    "receivers use t=n", q, v);
		else
			rec->t = (v[0] == 'y' || v[0] == 'Y') ? 'y' : 'n';
		break;
	case T_PSD:
		if (n != 1 || strchr("yYnNuU", v[0]) == NULL)
			dnsmsg_add(&rec->errors, "psd=%.*s is invalid (y, n or "
			    "u): receivers use psd=u", q, v);
		else
			rec->psd = (char)(v[0] | 0x20);
		break;
	case T_PCT:
		if ((x = parse_uint(v, n, 100)) < 0) {
			dnsmsg_add(&rec->errors, "pct=%.*s is not a number from "
			    "0 to 100: receivers use pct=100", q, v);
			break;
		}
		rec->pct = (int)x;
		dnsmsg_add(&rec->warnings, "pct= is historic (removed in RFC "
		    "9989): receivers following RFC 9989 ignore it");
		if (x < 100)
			dnsmsg_add(&rec->warnings, "pct=%lld: the policy is "
			    "applied to only %lld%% of failing mail; the rest "
			    "is treated one step softer", x, x);
		break;
	case T_RF:
		dnsmsg_add(&rec->warnings, "rf= is historic (RFC 9989): "
		    "receivers ignore it");
		break;
	case T_RI:
		if (parse_uint(v, n, 4294967295LL) < 0)
			dnsmsg_add(&rec->errors, "ri=%.*s is not a number of "
			    "seconds", q, v);
		dnsmsg_add(&rec->warnings, "ri= is historic (RFC 9989): "
		    "receivers send reports daily whatever it says");
		break;
	case T__COUNT:
		break;
	}
}

static int
lookup_tag(const char *name, size_t n)
{
	int i;

	for (i = 0; i < T__COUNT; i++)
		if (eq_ci(name, n, tag_names[i]))
			return i;
	return -1;
}

static bool
has_valid_rua(const struct dmarc_txt *rec)
{
	size_t i;

	for (i = 0; i < rec->n_rua; i++)
		if (rec->rua[i].valid)
			return true;
	return false;
}

static int
policy_rank(enum dmarc_policy p)
{
	return p == DMARC_P_REJECT ? 3 : p == DMARC_P_QUARANTINE ? 2 : 1;
}

/* Works out what receivers do with the tags as parsed. */
static void
consequences(struct dmarc_txt *rec)
{
	bool bad_p = rec->p == DMARC_P_INVALID || rec->p == DMARC_P_ABSENT;
	bool bad_sub = rec->sp == DMARC_P_INVALID || rec->np == DMARC_P_INVALID;

	rec->applies = true;
	if (bad_p || bad_sub) {
		if (rec->p == DMARC_P_ABSENT)
			dnsmsg_add(&rec->errors, "no p= tag: RFC 7489 requires "
			    "it; RFC 9989 receivers read it as p=none");
		if (has_valid_rua(rec)) {
			dnsmsg_add(&rec->errors, "because of the %s, receivers "
			    "act as if the record said p=none (monitoring "
			    "only)", bad_p ? "missing or invalid p=" :
			    "invalid sp=/np=");
		} else {
			dnsmsg_add(&rec->errors, "because of the %s and no "
			    "valid rua=, RFC 7489 receivers apply no DMARC at "
			    "all to this domain", bad_p ? "missing or invalid "
			    "p=" : "invalid sp=/np=");
		}
		rec->eff_p = rec->eff_sp = rec->eff_np = DMARC_P_NONE;
		rec->applies = has_valid_rua(rec) ||
		    (rec->p == DMARC_P_ABSENT && !bad_sub);
		return;
	}
	rec->eff_p = rec->p;
	rec->eff_sp = rec->sp != DMARC_P_ABSENT ? rec->sp : rec->eff_p;
	rec->eff_np = rec->np != DMARC_P_ABSENT ? rec->np : rec->eff_sp;
	if (rec->p == DMARC_P_NONE)
		dnsmsg_add(&rec->warnings, "p=none only monitors: mail that "
		    "fails DMARC is delivered as usual");
	if (policy_rank(rec->eff_sp) < policy_rank(rec->eff_p))
		dnsmsg_add(&rec->warnings, "sp=%s is weaker than p=%s: "
		    "subdomains are less protected than the domain",
		    dmarc_policy_name(rec->eff_sp), dmarc_policy_name(rec->p));
	if (rec->np != DMARC_P_ABSENT &&
	    policy_rank(rec->eff_np) < policy_rank(rec->eff_sp))
		dnsmsg_add(&rec->warnings, "np=%s is weaker than sp=%s: "
		    "mail from made-up subdomains is less protected",
		    dmarc_policy_name(rec->eff_np),
		    dmarc_policy_name(rec->eff_sp));
}

static void
rec_init(struct dmarc_txt *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->pct = -1;
	rec->adkim = rec->aspf = 'r';
	rec->t = 'n';
	rec->psd = 'u';
	rec->fo[0] = '0';
}

/* Checks the bytes receivers may see: printable ASCII and whitespace. */
static bool
is_clean(const char *txt, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)txt[i] < 0x20 && !tok_is_wsp(txt[i])) ||
		    (unsigned char)txt[i] > 0x7e)
			return false;
	return true;
}

int
dmarc_record_parse(struct dmarc_txt *rec, const char *txt, size_t len)
{
	struct tok tk;
	size_t sn, nn, vn, idx = 0;
	const char *s, *eq, *name, *val;
	bool seen[T__COUNT] = { false };
	bool p_late = false;
	int tag;

	rec_init(rec);
	if (!is_clean(txt, len))
		dnsmsg_add(&rec->errors, "the record holds control or "
		    "non-ASCII bytes");
	tok_init(&tk, txt, len, ';');
	while (tok_next(&tk, &s, &sn)) {
		if (sn == 0)
			continue;
		eq = memchr(s, '=', sn);
		name = s;
		nn = eq ? (size_t)(eq - s) : sn;
		tok_trim(&name, &nn);
		val = eq ? eq + 1 : s + sn;
		vn = eq ? sn - (size_t)(val - s) : 0;
		tok_trim(&val, &vn);
		if (idx++ == 0) {
			if (!eq_ci(name, nn, "v") || eq == NULL ||
			    !eq_ci(val, vn, "DMARC1")) {
				dnsmsg_add(&rec->errors, "the record does not "
				    "start with v=DMARC1: receivers ignore it");
				return -1;
			}
			if (vn != 6 || memcmp(val, "DMARC1", 6) != 0) {
				dnsmsg_add(&rec->errors, "v=%.*s: the version "
				    "must be exactly DMARC1 (upper case): "
				    "receivers ignore the record", (int)vn, val);
				return -1;
			}
			rec->is_dmarc = true;
			seen[T_V] = true;
			continue;
		}
		if (eq == NULL) {
			dnsmsg_add(&rec->errors, "'%.*s' is not a tag=value "
			    "pair: ignored", (int)(sn > QLEN ? QLEN : sn), s);
			continue;
		}
		tag = lookup_tag(name, nn);
		if (tag < 0) {
			dnsmsg_add(&rec->warnings, "unknown tag '%.*s' is "
			    "ignored", (int)(nn > QLEN ? QLEN : nn), name);
			continue;
		}
		if (tag == T_P && idx != 2)
			p_late = true;
		if (seen[tag]) {
			dnsmsg_add(&rec->errors, "tag %s= is given twice: "
			    "receivers may use either; the first is kept",
			    tag_names[tag]);
			continue;
		}
		seen[tag] = true;
		set_tag(rec, (enum dmarc_tag)tag, val, vn);
	}
	if (!rec->is_dmarc) {
		dnsmsg_add(&rec->errors, "the record is empty: receivers "
		    "ignore it");
		return -1;
	}
	if (p_late)
		dnsmsg_add(&rec->warnings, "p= is not right after v=DMARC1: "
		    "some RFC 7489 receivers reject that");
	consequences(rec);
	if (rec->t == 'y')
		dnsmsg_add(&rec->warnings, "t=y (test mode): receivers apply "
		    "one step less (reject acts as quarantine, quarantine as "
		    "none)");
	if (rec->n_rua == 0)
		dnsmsg_add(&rec->warnings, "no rua=: you receive no aggregate "
		    "reports");
	if (seen[T_FO] && rec->n_ruf == 0)
		dnsmsg_add(&rec->warnings, "fo= has no effect without ruf=");
	rec->valid = rec->errors.n == 0 && rec->errors.dropped == 0;
	return rec->applies ? 0 : -1;
}
