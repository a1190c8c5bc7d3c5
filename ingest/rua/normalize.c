/*
 * ingest/rua/normalize.c -- value normalization for report fields (see
 * normalize.h).
 *
 * Design rationale: the tables below are the whole vocabulary we accept;
 * they come from the field table of the brief (1.2) and the quirks seen in
 * the wild (6.4: upper-case words, legacy SPF words).  We never guess beyond
 * them: an unknown word is NULL plus the raw word, so nothing invents a
 * "pass" (Facebook's invalid values stay visible as such).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ingest/rua/normalize.h"

struct word_map {
	const char	*from;
	const char	*to;
};

static const char *const dispositions[] = {
	"none", "quarantine", "reject", "pass", NULL
};
static const char *const pass_fail[] = { "pass", "fail", NULL };
static const char *const dkim_results[] = {
	"none", "pass", "fail", "policy", "neutral", "temperror", "permerror",
	NULL
};
static const char *const spf_results[] = {
	"none", "neutral", "pass", "fail", "softfail", "temperror",
	"permerror", "policy", NULL
};
static const struct word_map spf_legacy[] = {
	{ "hardfail", "fail" },
	{ "unknown", "temperror" },
	{ "error", "permerror" },
	{ NULL, NULL }
};
static const char *const reason_types[] = {
	"forwarded", "sampled_out", "trusted_forwarder", "mailing_list",
	"local_policy", "policy_test_mode", "other", NULL
};
static const char *const spf_scopes[] = { "mfrom", "helo", NULL };

bool
norm_is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
norm_lower(char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

void
norm_domain(char *s)
{
	size_t n;

	if (s == NULL)
		return;
	norm_lower(s);
	n = strlen(s);
	if (n > 0 && s[n - 1] == '.')
		s[n - 1] = '\0';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The table words are lower case: most differ from v in the first byte. */
static const char *
lookup(const char *const *tab, const char *v)
{
	int c0;

	if (v == NULL)
		return NULL;
	c0 = lower((unsigned char)v[0]);
	for (; *tab != NULL; tab++)
		if ((unsigned char)(*tab)[0] == c0 && strcasecmp(*tab, v) == 0)
			return *tab;
	return NULL;
}

const char *
norm_disposition(const char *v)
{
	return lookup(dispositions, v);
}

const char *
norm_pass_fail(const char *v)
{
	return lookup(pass_fail, v);
}

const char *
norm_dkim_result(const char *v)
{
	return lookup(dkim_results, v);
}

const char *
norm_spf_result(const char *v)
{
	const struct word_map *m;
	const char *n;

	if ((n = lookup(spf_results, v)) != NULL)
		return n;
	for (m = spf_legacy; v != NULL && m->from != NULL; m++)
		if (strcasecmp(m->from, v) == 0)
			return m->to;
	return NULL;
}

const char *
norm_reason_type(const char *v)
{
	const char *n;

	n = lookup(reason_types, v);
	return n != NULL ? n : "other";
}

const char *
norm_spf_scope(const char *v)
{
	if (v == NULL || *v == '\0')
		return "mfrom";
	return lookup(spf_scopes, v);
}

bool
norm_keep_raw(const char *v, const char *n)
{
	if (v == NULL)
		return false;
	return n == NULL || (strcmp(v, n) != 0 && strcasecmp(v, n) != 0);
}

int
norm_int64(const char *v, int64_t *out, enum dr_reason overflow,
    const char *what, struct dr_err *err)
{
	const char *p = v;
	int64_t n = 0;
	char clip[48];

	if (v == NULL)
		return dr_fail(err, R_BAD_INTEGER, "%s: missing value", what);
	if (*p == '+')
		p++;
	if (*p == '\0')
		goto bad;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		if (__builtin_mul_overflow(n, 10, &n) ||
		    __builtin_add_overflow(n, *p - '0', &n)) {
			norm_clip(v, 32, clip, sizeof(clip));
			return dr_fail(err, overflow,
			    "%s: \"%s\" does not fit 64 bits", what, clip);
		}
	}
	*out = n;
	return 0;
bad:
	norm_clip(v, 32, clip, sizeof(clip));
	return dr_fail(err, R_BAD_INTEGER,
	    "%s: \"%s\" is not a non-negative decimal integer", what, clip);
}

int
norm_timestamp(const char *v, int64_t *out, bool *is_decimal,
    const char *what, struct dr_err *err)
{
	const char *dot, *p;
	char whole[32], clip[48];
	size_t n;

	*is_decimal = false;
	if (v == NULL || (dot = strchr(v, '.')) == NULL)
		return norm_int64(v, out, R_BAD_INTEGER, what, err);
	for (p = dot + 1; *p == '0'; p++)
		;
	norm_clip(v, 32, clip, sizeof(clip));
	if (p == dot + 1 || *p != '\0')
		return dr_fail(err, R_BAD_INTEGER, "%s: \"%s\" is not a whole"
		    " number of seconds", what, clip);
	/* 31 characters hold any int64 with a sign and leading zeros to
	 * spare; a longer integral part is too big anyway. */
	n = (size_t)(dot - v);
	if (n >= sizeof(whole))
		return dr_fail(err, R_BAD_INTEGER, "%s: \"%s\" does not fit"
		    " 64 bits", what, clip);
	memcpy(whole, v, n);
	whole[n] = '\0';
	if (norm_int64(whole, out, R_BAD_INTEGER, what, err) == -1)
		return -1;
	*is_decimal = true;
	return 0;
}

/*
 * Strict dotted-quad IPv4, the inet_pton(AF_INET) grammar: four decimal
 * parts 0-255, no leading zero, nothing else.  Such a string is already
 * in the inet_ntop() form, so it is copied as it is.  Returns its length,
 * or 0 when v is not one.
 */
static size_t
ip4_canon(const char *v)
{
	const char *p = v;
	int parts = 0, val, digits;

	for (;;) {
		val = 0;
		for (digits = 0; *p >= '0' && *p <= '9'; p++, digits++) {
			if (digits > 0 && val == 0)
				return 0;	/* leading zero */
			val = val * 10 + (*p - '0');
			if (val > 255)
				return 0;
		}
		if (digits == 0)
			return 0;
		if (++parts == 4)
			return *p == '\0' ? (size_t)(p - v) : 0;
		if (*p++ != '.')
			return 0;
	}
}

int
norm_ip(const char *v, char *out, size_t outlen, int *version)
{
	unsigned char addr[16];
	size_t n;

	if (v == NULL || outlen < INET6_ADDRSTRLEN)
		return -1;
	if ((n = ip4_canon(v)) != 0) {
		memcpy(out, v, n + 1);
		*version = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, v, addr) != 1 ||
	    inet_ntop(AF_INET6, addr, out, (socklen_t)outlen) == NULL)
		return -1;
	*version = 6;
	return 0;
}

void
norm_clip(const char *v, size_t max, char *out, size_t outlen)
{
	size_t n;

	if (outlen == 0)
		return;
	if (v == NULL)
		v = "";
	n = strlen(v);
	if (n > max)
		n = max;
	if (n > outlen - 1)
		n = outlen - 1;
	/* Back off to the start of a UTF-8 sequence when cutting. */
	if (v[n] != '\0')
		while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
			n--;
	memcpy(out, v, n);
	out[n] = '\0';
}
