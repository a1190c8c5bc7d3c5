/*
 * ingest/mime_fast.c -- the common message shapes without GMime.
 *
 * Design rationale:
 * - GMime builds a GObject per header, part, content type and address
 *   list, and frees them again: about 0.2 ms of CPU for a 4 KiB report
 *   message, a third of the whole ingest.  Nearly every report message is
 *   plain: ASCII headers, one multipart/mixed or a single part, base64.
 * - This parser accepts only what it can parse exactly as GMime does and
 *   answers "not mine" (0) for everything else: 8-bit or folded-in-odd-
 *   places headers, encoded words, RFC 2231 parameters, comments,
 *   quoted-printable, nested multiparts, message/ parts, a boundary line
 *   with trailing text, a missing close delimiter, base64 with anything
 *   but the alphabet and final padding, duplicated header fields that
 *   matter, and any cap that would act.  Those go to GMime unchanged, so
 *   every rejection and every odd case keeps its GMime behaviour.
 * - tests/unit/ingest/test_mime.c compares both parsers on every message
 *   of the test corpora.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "ingest/mime_int.h"

#define VAL_MAX		1024	/* an unfolded header value we look at */
#define NAME_MAX_	256	/* file name, boundary, content type */

enum { H_CT, H_CTE, H_CD, H_MSGID, H_SUBJECT, H_N };

struct hdrs {
	char	 val[H_N][VAL_MAX];
	size_t	 len[H_N];
	bool	 has[H_N];
	bool	 folded[H_N];
};

/* One line [*s, *e) without its CRLF or LF; *i moves past it. */
static bool
next_line(const unsigned char *p, size_t n, size_t *i, size_t *s, size_t *e)
{
	const unsigned char *nl;

	if (*i >= n)
		return false;
	*s = *i;
	nl = memchr(p + *i, '\n', n - *i);
	if (nl == NULL) {
		*e = n;
		*i = n;
	} else {
		*e = (size_t)(nl - p);
		*i = *e + 1;
	}
	if (*e > *s && p[*e - 1] == '\r')
		(*e)--;
	return true;
}

static bool
is_vchar(unsigned char c)
{
	return (c >= 0x20 && c < 0x7F) || c == '\t';
}

static int
hdr_index(const unsigned char *name, size_t len)
{
	static const char *const names[H_N] = {
		"content-type", "content-transfer-encoding",
		"content-disposition", "message-id", "subject",
	};
	int k;

	for (k = 0; k < H_N; k++)
		if (strlen(names[k]) == len &&
		    g_ascii_strncasecmp((const char *)name, names[k], len) == 0)
			return k;
	return -1;
}

static bool
hdr_append(struct hdrs *h, int k, const unsigned char *v, size_t len)
{
	if (h->len[k] + len >= VAL_MAX)
		return false;
	memcpy(h->val[k] + h->len[k], v, len);
	h->len[k] += len;
	h->val[k][h->len[k]] = '\0';
	return true;
}

/*
 * Reads a header block from [*i, n): 0 with *i after the empty line, -1
 * when it is not plain (see the top).  An empty block is fine for a part
 * (is_top false), not for a message.
 */
static int
read_headers(const unsigned char *p, size_t n, size_t *i, bool is_top,
    struct hdrs *h)
{
	size_t s, e, k;
	int cur = -1, idx;
	bool any = false;

	memset(h->has, 0, sizeof(h->has));
	memset(h->len, 0, sizeof(h->len));
	memset(h->folded, 0, sizeof(h->folded));
	while (next_line(p, n, i, &s, &e)) {
		if (e == s)
			return is_top && !any ? -1 : 0;
		for (k = s; k < e; k++)
			if (!is_vchar(p[k]))
				return -1;
		if (p[s] == ' ' || p[s] == '\t') {
			if (!any)
				return -1;
			if (cur >= 0) {
				h->folded[cur] = true;
				if (!hdr_append(h, cur, p + s, e - s))
					return -1;
			}
			continue;
		}
		for (k = s; k < e && p[k] != ':'; k++)
			if (p[k] <= ' ' || p[k] >= 0x7F)
				return -1;
		if (k == e || k == s)
			return -1;
		any = true;
		cur = idx = hdr_index(p + s, k - s);
		if (idx < 0)
			continue;
		if (h->has[idx])
			return -1;		/* GMime's choice between two */
		h->has[idx] = true;
		h->val[idx][0] = '\0';
		if (!hdr_append(h, idx, p + k + 1, e - k - 1))
			return -1;
	}
	return -1;				/* no empty line */
}

static bool
is_tspecial(unsigned char c)
{
	return strchr("()<>@,;:\\\"/[]?=", c) != NULL;
}

static bool
is_token(unsigned char c)
{
	return c > ' ' && c < 0x7F && !is_tspecial(c);
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A token into out (NUL-terminated); NULL when there is none. */
static const char *
get_token(const char *s, char *out, size_t outlen)
{
	size_t k = 0;

	while (is_token((unsigned char)*s)) {
		if (k + 1 >= outlen)
			return NULL;
		out[k++] = *s++;
	}
	out[k] = '\0';
	return k > 0 ? s : NULL;
}

struct params {
	char	 name[NAME_MAX_];	/* "name" or "filename" */
	char	 boundary[NAME_MAX_];
	bool	 has_name, has_boundary;
};

/*
 * Parameters after the value: (";" attribute "=" (token | quoted-string))*
 * with white space around.  Only plain ones: no RFC 2231 (attribute*),
 * no backslash, no encoded words, no repeated attribute we keep.
 */
static bool
get_params(const char *s, const char *namekey, struct params *pp)
{
	char attr[64], val[NAME_MAX_];
	size_t k;

	pp->has_name = pp->has_boundary = false;
	for (;;) {
		s = skip_ws(s);
		if (*s == '\0')
			return true;
		if (*s != ';')
			return false;
		s = skip_ws(s + 1);
		if ((s = get_token(s, attr, sizeof(attr))) == NULL)
			return false;
		if (strchr(attr, '*') != NULL)
			return false;
		s = skip_ws(s);
		if (*s != '=')
			return false;
		s = skip_ws(s + 1);
		if (*s == '"') {
			for (k = 0, s++; *s != '"'; s++) {
				if (*s == '\0' || *s == '\\' || *s == '\t' ||
				    k + 1 >= sizeof(val))
					return false;
				val[k++] = *s;
			}
			val[k] = '\0';
			s++;
		} else if ((s = get_token(s, val, sizeof(val))) == NULL)
			return false;
		if (strstr(val, "=?") != NULL)
			return false;
		if (g_ascii_strcasecmp(attr, namekey) == 0) {
			if (pp->has_name)
				return false;
			memcpy(pp->name, val, strlen(val) + 1);
			pp->has_name = true;
		} else if (g_ascii_strcasecmp(attr, "boundary") == 0) {
			if (pp->has_boundary)
				return false;
			memcpy(pp->boundary, val, strlen(val) + 1);
			pp->has_boundary = true;
		}
	}
}

/* Content-Type: type "/" subtype params -> lower-case "type/subtype". */
static bool
get_ctype(const struct hdrs *h, char *ct, size_t ctlen, struct params *pp)
{
	char type[NAME_MAX_], sub[NAME_MAX_];
	const char *s;
	int n;

	if (!h->has[H_CT]) {
		memcpy(ct, "text/plain", sizeof("text/plain"));
		pp->has_name = pp->has_boundary = false;
		return true;
	}
	s = skip_ws(h->val[H_CT]);
	if ((s = get_token(s, type, sizeof(type))) == NULL || *s != '/')
		return false;
	if ((s = get_token(s + 1, sub, sizeof(sub))) == NULL)
		return false;
	if (!get_params(s, "name", pp))
		return false;
	n = snprintf(ct, ctlen, "%s/%s", type, sub);
	if (n < 0 || (size_t)n >= ctlen)
		return false;
	for (; *ct != '\0'; ct++)
		*ct = g_ascii_tolower(*ct);
	return true;
}

enum cte { CTE_IDENTITY, CTE_BASE64 };

static bool
get_cte(const struct hdrs *h, enum cte *cte)
{
	char tok[32];
	const char *s;

	*cte = CTE_IDENTITY;
	if (!h->has[H_CTE])
		return true;
	s = skip_ws(h->val[H_CTE]);
	if ((s = get_token(s, tok, sizeof(tok))) == NULL || *skip_ws(s) != '\0')
		return false;
	if (g_ascii_strcasecmp(tok, "base64") == 0)
		*cte = CTE_BASE64;
	else if (g_ascii_strcasecmp(tok, "7bit") != 0 &&
	    g_ascii_strcasecmp(tok, "8bit") != 0 &&
	    g_ascii_strcasecmp(tok, "binary") != 0)
		return false;
	return true;
}

/* Base64 alphabet values; 64: line break (skipped), 65: '=', 66: other. */
static unsigned char b64_tab[256];

static void
b64_init(void)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int k;

	if (b64_tab['='] == 65)
		return;
	memset(b64_tab, 66, sizeof(b64_tab));
	for (k = 0; k < 64; k++)
		b64_tab[(unsigned char)a[k]] = (unsigned char)k;
	b64_tab['\r'] = b64_tab['\n'] = 64;
	b64_tab['='] = 65;
}

/* Strict base64: the alphabet, line breaks, and '=' padding at the end
 * of the last quantum only.  false: not plain. */
static bool
b64_decode(const unsigned char *p, size_t n, unsigned char *out, size_t *olen)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	int q = 0, pad = 0, v;

	b64_init();
	for (i = 0; i < n; i++) {
		v = b64_tab[p[i]];
		if (v < 64 && pad == 0) {
			acc = acc << 6 | (uint32_t)v;
			if (++q == 4) {
				out[o++] = (unsigned char)(acc >> 16);
				out[o++] = (unsigned char)(acc >> 8);
				out[o++] = (unsigned char)acc;
				acc = 0;
				q = 0;
			}
		} else if (v == 64)
			continue;
		else if (v == 65) {
			if (q < 2 || ++pad + q > 4)
				return false;
		} else
			return false;
	}
	if (pad > 0) {
		if (q + pad != 4)
			return false;
		if (q == 2)
			out[o++] = (unsigned char)(acc >> 4);
		else {
			out[o++] = (unsigned char)(acc >> 10);
			out[o++] = (unsigned char)(acc >> 2);
		}
	} else if (q != 0)
		return false;
	*olen = o;
	return true;
}

static void
free_parts(struct mime_msg *m)
{
	mime_msg_free(m);
}

/* One leaf: its headers h, its content [b, e). */
static bool
add_leaf(struct mime_msg *m, size_t *alloc, const struct hdrs *h,
    const unsigned char *p, size_t b, size_t e)
{
	char ct[2 * NAME_MAX_ + 2], disp[64];
	struct params ctp, cdp;
	const char *name = NULL, *s;
	struct mime_part *mp;
	unsigned char *data;
	enum cte cte;
	size_t len;

	if (!get_ctype(h, ct, sizeof(ct), &ctp) || !get_cte(h, &cte))
		return false;
	if (strncmp(ct, "multipart/", 10) == 0 || strncmp(ct, "message/", 8) == 0)
		return false;
	disp[0] = '\0';
	cdp.has_name = false;
	if (h->has[H_CD]) {
		s = skip_ws(h->val[H_CD]);
		if ((s = get_token(s, disp, sizeof(disp))) == NULL ||
		    !get_params(s, "filename", &cdp))
			return false;
	}
	if (cdp.has_name)
		name = cdp.name;
	else if (ctp.has_name)
		name = ctp.name;
	if (mime_is_skipped(ct, name, disp[0] != '\0' ? disp : NULL))
		return true;
	data = g_malloc(e - b + 1);
	if (cte == CTE_BASE64) {
		if (!b64_decode(p + b, e - b, data, &len)) {
			g_free(data);
			return false;
		}
	} else {
		memcpy(data, p + b, e - b);
		len = e - b;
	}
	if (m->n_parts == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 4;
		m->parts = g_renew(struct mime_part, m->parts, *alloc);
	}
	mp = &m->parts[m->n_parts++];
	mp->data = data;
	mp->len = len;
	mp->name = g_strdup(name);
	mp->content_type = g_strdup(ct);
	mp->claims_report = mime_claims_report(ct, name);
	return true;
}

/* Whether line [s, e) is "--boundary" (1), "--boundary--" (2), starts
 * like one but is neither (-1), or is something else (0). */
static int
delimiter(const unsigned char *p, size_t s, size_t e, const char *bd,
    size_t blen)
{
	if (e - s < blen + 2 || p[s] != '-' || p[s + 1] != '-' ||
	    memcmp(p + s + 2, bd, blen) != 0)
		return 0;
	s += blen + 2;
	if (s == e)
		return 1;
	if (e - s == 2 && p[s] == '-' && p[s + 1] == '-')
		return 2;
	return -1;
}

/* Content end: the line break before the delimiter line at s belongs to
 * the delimiter. */
static size_t
content_end(const unsigned char *p, size_t b, size_t s)
{
	if (s > b && p[s - 1] == '\n')
		s--;
	if (s > b && p[s - 1] == '\r')
		s--;
	return s;
}

static bool
walk_multipart(struct mime_msg *m, const unsigned char *p, size_t n,
    size_t i, const char *bd, const struct dr_limits *lim)
{
	struct hdrs *h = NULL;
	size_t blen = strlen(bd), s, e, start = 0, b, alloc = 0;
	int leaves = 0, d = 0;
	bool in_part = false, ok = false;

	h = g_new(struct hdrs, 1);
	while (next_line(p, n, &i, &s, &e)) {
		if ((d = delimiter(p, s, e, bd, blen)) == 0)
			continue;
		if (d == -1 || (d == 2 && !in_part))
			goto done;
		if (in_part) {
			b = start;
			if (read_headers(p, s, &b, false, h) == -1)
				goto done;
			if (++leaves > lim->max_mime_parts)
				goto done;
			if (!add_leaf(m, &alloc, h, p, b, content_end(p, b, s)))
				goto done;
		}
		if (d == 2)
			break;
		in_part = true;
		start = i;
	}
	if (d != 2)
		goto done;			/* no close delimiter */
	for (; i < n; i++)			/* an epilogue of white space */
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			goto done;
	ok = true;
done:
	g_free(h);
	return ok;
}

/* Message-ID: "<" dot-atom "@" dot-atom ">", nothing else. */
static char *
get_msgid(const struct hdrs *h, bool *ok)
{
	const char *s, *e, *at = NULL, *q;

	*ok = false;
	if (!h->has[H_MSGID]) {
		*ok = true;
		return NULL;
	}
	if (h->folded[H_MSGID])
		return NULL;
	s = skip_ws(h->val[H_MSGID]);
	e = h->val[H_MSGID] + h->len[H_MSGID];
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - s < 5 || *s != '<' || e[-1] != '>')
		return NULL;
	for (q = s + 1; q < e - 1; q++) {
		if (*q == '@') {
			if (at != NULL)
				return NULL;
			at = q;
		} else if (*q == '.') {
			if (q[-1] == '.' || q[-1] == '<' || q[-1] == '@' ||
			    q[1] == '>' || q[1] == '@' || q[1] == '.')
				return NULL;
		} else if (!g_ascii_isalnum(*q) && strchr("!#$%&'*+-/=?^_`{|}~", *q) == NULL)
			return NULL;
	}
	if (at == NULL || at == s + 1 || at == e - 2)
		return NULL;
	*ok = true;
	return g_strndup(s + 1, (size_t)(e - s - 2));
}

/* Subject: printable ASCII on one line, no encoded word. */
static char *
get_subject(const struct hdrs *h, bool *ok)
{
	const char *s, *e;

	*ok = false;
	if (!h->has[H_SUBJECT]) {
		*ok = true;
		return NULL;
	}
	if (h->folded[H_SUBJECT] || strstr(h->val[H_SUBJECT], "=?") != NULL)
		return NULL;
	s = skip_ws(h->val[H_SUBJECT]);
	e = h->val[H_SUBJECT] + h->len[H_SUBJECT];
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*ok = true;
	return g_strndup(s, (size_t)(e - s));
}

int
mime_fast_parse(struct mime_msg **out, const unsigned char *p, size_t n,
    const struct dr_limits *lim)
{
	struct mime_msg *m = NULL;
	struct hdrs *h = NULL;
	struct params pp;
	char ct[2 * NAME_MAX_ + 2];
	size_t i = 0, alloc = 0;
	bool ok = false, idok, subok;

	*out = NULL;
	if (lim->max_mime_depth < 2 || lim->max_mime_parts < 1)
		return 0;
	h = g_new(struct hdrs, 1);
	if (read_headers(p, n, &i, true, h) == -1)
		goto done;
	m = g_new0(struct mime_msg, 1);
	m->message_id = get_msgid(h, &idok);
	m->subject = get_subject(h, &subok);
	if (!idok || !subok || !get_ctype(h, ct, sizeof(ct), &pp))
		goto done;
	if (strncmp(ct, "multipart/", 10) == 0) {
		if (!pp.has_boundary || pp.boundary[0] == '\0' ||
		    strlen(pp.boundary) > 70 || strcmp(ct, "multipart/digest") == 0 ||
		    h->has[H_CTE])
			goto done;
		ok = walk_multipart(m, p, n, i, pp.boundary, lim);
	} else
		ok = add_leaf(m, &alloc, h, p, i, n);
done:
	g_free(h);
	if (!ok) {
		free_parts(m);
		return 0;
	}
	*out = m;
	return 1;
}
