/*
 * report/records/spf_macro.c -- SPF macro strings (RFC 7208 section 7) and IP text.
 *
 * Design rationale: one scanner serves both checking (at parse time, so a
 * bad macro is a permerror even when the term is never reached) and
 * expansion (at evaluation time).  Values are split on the delimiters into
 * a bounded array of parts; digit transformers are clamped to 128 (the
 * RFC's minimum support), 0 is a syntax error.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "report/records/spf.h"

#define MAX_PARTS	256
#define VAL_MAX		1024

static const char delims_ok[] = ".-+,/_=";

int
spf_ip_parse(struct spf_ip *ip, const char *s)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, s, ip->a) == 1) {
		ip->family = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, ip->a) == 1) {
		ip->family = 6;
		if (memcmp(ip->a, mapped, 12) == 0) {
			memmove(ip->a, ip->a + 12, 4);
			memset(ip->a + 4, 0, 12);
			ip->family = 4;
		}
		return 0;
	}
	return -1;
}

void
spf_ip_format(const struct spf_ip *ip, char *out, size_t outlen)
{
	if (inet_ntop(ip->family == 4 ? AF_INET : AF_INET6, ip->a, out,
	    (socklen_t)outlen) == NULL && outlen > 0)
		out[0] = '\0';
}

/* The raw value of a macro letter (lower case) into val. */
static int
letter_value(char l, const struct spf_macro_env *env, char *val, size_t vlen)
{
	static const char hex[] = "0123456789abcdef";
	const char *s = env->sender ? env->sender : "";
	const char *at = strrchr(s, '@');
	size_t i, o = 0;
	int n = 0;

	switch (l) {
	case 's':
		n = snprintf(val, vlen, "%s", s);
		break;
	case 'l':
		if (at == NULL || at == s)
			n = snprintf(val, vlen, "postmaster");
		else
			n = snprintf(val, vlen, "%.*s", (int)(at - s), s);
		break;
	case 'o':
		n = snprintf(val, vlen, "%s", at ? at + 1 : s);
		break;
	case 'd':
		n = snprintf(val, vlen, "%s", env->domain ? env->domain : "");
		break;
	case 'i':
		if (env->ip == NULL)
			return -1;
		if (env->ip->family == 4) {
			n = snprintf(val, vlen, "%u.%u.%u.%u", env->ip->a[0],
			    env->ip->a[1], env->ip->a[2], env->ip->a[3]);
			break;
		}
		if (vlen < 64)
			return -1;
		for (i = 0; i < 16; i++) {
			val[o++] = hex[env->ip->a[i] >> 4];
			val[o++] = '.';
			val[o++] = hex[env->ip->a[i] & 0xf];
			val[o++] = i == 15 ? '\0' : '.';
		}
		return 0;
	case 'c':
		if (env->ip == NULL)
			return -1;
		spf_ip_format(env->ip, val, vlen);
		return 0;
	case 'p':
		n = snprintf(val, vlen, "%s", env->ptr_name ? env->ptr_name :
		    "unknown");
		break;
	case 'v':
		n = snprintf(val, vlen, "%s", env->ip && env->ip->family == 6 ?
		    "ip6" : "in-addr");
		break;
	case 'h':
		n = snprintf(val, vlen, "%s", env->helo ? env->helo : "");
		break;
	case 'r':
		n = snprintf(val, vlen, "%s", env->receiver ? env->receiver :
		    "unknown");
		break;
	case 't':
		n = snprintf(val, vlen, "%lld", (long long)env->now);
		break;
	default:
		return -1;
	}
	return (n < 0 || (size_t)n >= vlen) ? -1 : 0;
}

static int
put(char *out, size_t outlen, size_t *o, const char *s, size_t n)
{
	if (*o + n >= outlen)
		return -1;
	memcpy(out + *o, s, n);
	*o += n;
	out[*o] = '\0';
	return 0;
}

/* Applies the transformers to val and appends it (URL-escaped if upper). */
static int
transform(const char *val, unsigned digits, bool rev, const char *delims,
    bool upper, char *out, size_t outlen, size_t *o)
{
	const char *ps[MAX_PARTS];
	size_t pl[MAX_PARTS], np = 0, i, first, k, start = 0, len = strlen(val);
	char esc[4];

	for (i = 0; i <= len; i++) {
		if (i < len && strchr(delims, val[i]) == NULL)
			continue;
		if (np >= MAX_PARTS)
			return -1;
		ps[np] = val + start;
		pl[np++] = i - start;
		start = i + 1;
	}
	if (rev)
		for (i = 0; i < np / 2; i++) {
			const char *tp = ps[i];
			size_t tl = pl[i];

			ps[i] = ps[np - 1 - i], pl[i] = pl[np - 1 - i];
			ps[np - 1 - i] = tp, pl[np - 1 - i] = tl;
		}
	first = (digits > 0 && digits < np) ? np - digits : 0;
	for (i = first; i < np; i++) {
		if (i > first && put(out, outlen, o, ".", 1) == -1)
			return -1;
		for (k = 0; k < pl[i]; k++) {
			unsigned char c = (unsigned char)ps[i][k];

			if (upper && !((c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '.' || c == '_' || c == '~')) {
				snprintf(esc, sizeof(esc), "%%%02X", c);
				if (put(out, outlen, o, esc, 3) == -1)
					return -1;
			} else if (put(out, outlen, o, (const char *)&c, 1) == -1)
				return -1;
		}
	}
	return 0;
}

/*
 * The one scanner.  With env == NULL it only checks; otherwise it expands
 * into out.  why gets the reason of a syntax error.
 */
static int
scan(const char *s, size_t n, const struct spf_macro_env *env, bool is_exp,
    unsigned *letters, char *out, size_t outlen, char *why, size_t whylen)
{
	char val[VAL_MAX], delims[sizeof(delims_ok)];
	size_t i = 0, o = 0, nd;
	unsigned digits;
	bool rev, upper;
	char l;

	if (out != NULL && outlen > 0)
		out[0] = '\0';
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c != '%') {
			if ((c < 0x21 || c > 0x7e) && !(is_exp && c == ' ')) {
				snprintf(why, whylen, "byte 0x%02x is not allowed "
				    "in a domain-spec", c);
				return -1;
			}
			if (out && put(out, outlen, &o, s + i, 1) == -1)
				goto toolong;
			i++;
			continue;
		}
		if (i + 1 >= n) {
			snprintf(why, whylen, "'%%' at the end: write %%%% for a "
			    "literal percent sign");
			return -1;
		}
		c = (unsigned char)s[i + 1];
		if (c == '%' || c == '_' || c == '-') {
			const char *lit = c == '%' ? "%" : c == '_' ? " " : "%20";

			if (out && put(out, outlen, &o, lit, strlen(lit)) == -1)
				goto toolong;
			i += 2;
			continue;
		}
		if (c != '{') {
			snprintf(why, whylen, "'%%%c' is not a macro (use %%%%, "
			    "%%_, %%- or %%{...})", c >= 0x21 && c <= 0x7e ? c :
			    '?');
			return -1;
		}
		i += 2;
		if (i >= n) {
			snprintf(why, whylen, "unterminated macro '%%{'");
			return -1;
		}
		l = s[i];
		upper = l >= 'A' && l <= 'Z';
		if (upper)
			l = (char)(l + 32);
		if (strchr("slodiphvcrt", l) == NULL || l == '\0') {
			snprintf(why, whylen, "unknown macro letter '%c'",
			    s[i] >= 0x21 && s[i] <= 0x7e ? s[i] : '?');
			return -1;
		}
		if (!is_exp && strchr("crt", l) != NULL) {
			snprintf(why, whylen, "macro letter '%c' is only allowed "
			    "in exp= text", l);
			return -1;
		}
		*letters |= 1u << (l - 'a');
		i++;
		digits = 0;
		nd = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (digits < 1000)
				digits = digits * 10 + (unsigned)(s[i] - '0');
			nd++;
			i++;
		}
		if (nd > 0 && digits == 0) {
			snprintf(why, whylen, "macro transformer 0 is not "
			    "allowed");
			return -1;
		}
		if (digits > 128)
			digits = 128;
		rev = i < n && (s[i] == 'r' || s[i] == 'R');
		if (rev)
			i++;
		nd = 0;
		while (i < n && s[i] != '}' && strchr(delims_ok, s[i]) != NULL &&
		    s[i] != '\0') {
			if (nd < sizeof(delims) - 1 && memchr(delims, s[i], nd) ==
			    NULL)
				delims[nd++] = s[i];
			i++;
		}
		delims[nd] = '\0';
		if (i >= n || s[i] != '}') {
			snprintf(why, whylen, "malformed macro (expected '}')");
			return -1;
		}
		i++;
		if (out == NULL)
			continue;
		if (letter_value(l, env, val, sizeof(val)) == -1 ||
		    transform(val, digits, rev, nd ? delims : ".", upper, out,
		    outlen, &o) == -1)
			goto toolong;
	}
	return 0;
toolong:
	snprintf(why, whylen, "macro expansion too long");
	return -1;
}

int
spf_macro_check(const char *s, size_t n, bool is_exp, unsigned *letters,
    char *why, size_t whylen)
{
	return scan(s, n, NULL, is_exp, letters, NULL, 0, why, whylen);
}

int
spf_macro_expand(const char *s, size_t n, const struct spf_macro_env *env,
    bool is_exp, char *out, size_t outlen)
{
	unsigned letters = 0;
	char why[128];

	return scan(s, n, env, is_exp, &letters, out, outlen, why,
	    sizeof(why));
}

int
spf_expand_domain(const char *s, size_t n, const struct spf_macro_env *env,
    char *out, size_t outlen)
{
	char tmp[2048];
	size_t len;
	char *p;

	if (spf_macro_expand(s, n, env, false, tmp, sizeof(tmp)) == -1)
		return -1;
	len = strlen(tmp);
	if (len > 0 && tmp[len - 1] == '.')
		tmp[--len] = '\0';
	p = tmp;
	while (len > SPF_MAX_NAME) {
		char *dot = strchr(p, '.');

		if (dot == NULL)
			return -1;
		len -= (size_t)(dot + 1 - p);
		p = dot + 1;
	}
	if (len + 1 > outlen)
		return -1;
	memcpy(out, p, len + 1);
	return 0;
}
