/*
 * report/out/escape.c -- HTML escaping for text and attribute values (see
 * escape.h for the rules and why they are enough).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report/out/escape.h"
#include "util/utf8.h"
#include "util/buf.h"

typedef int (*emit_fn)(void *ctx, const char *p, size_t n);

/* Printable ASCII that needs no escape in text or attributes. */
static bool
is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && strchr("&<>\"'\\", c) == NULL;
}

static int
escape_emit(const char *str, size_t maxcp, bool is_attr, emit_fn emit, void *ctx)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, l, ncp = 0;
	const char *rep;
	char tmp[16];
	uint32_t c;

	while (i < n) {
		if (maxcp > 0 && ncp == maxcp)
			return emit(ctx, "\xe2\x80\xa6", 3);	/* U+2026 */
		ncp++;
		l = 1;
		if (is_plain(s[i]))
			while (i + l < n && is_plain(s[i + l]) &&
			    (maxcp == 0 || ncp < maxcp)) {
				l++;
				ncp++;
			}
		rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\\': rep = "\\\\"; break;
		case '\t': rep = is_attr ? "&#9;" : "\t"; break;
		case '\n': rep = is_attr ? "&#10;" : "\n"; break;
		case '\r': rep = "\\x0d"; break;
		default: break;
		}
		if (rep != NULL) {
			if (emit(ctx, rep, strlen(rep)) == -1)
				return -1;
			i++;
			continue;
		}
		if (is_plain(s[i])) {
			if (emit(ctx, str + i, l) == -1)
				return -1;
			i += l;
			continue;
		}
		if (s[i] < 0x20 || s[i] == 0x7f ||
		    (l = utf8_decode(s + i, n - i, &c)) == 0) {
			(void)snprintf(tmp, sizeof(tmp), "\\x%02x", s[i]);
			if (emit(ctx, tmp, 4) == -1)
				return -1;
			i++;
			continue;
		}
		if (utf8_is_hidden(c)) {
			(void)snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned)c);
			if (emit(ctx, tmp, strlen(tmp)) == -1)
				return -1;
		} else if (emit(ctx, str + i, l) == -1)
			return -1;
		i += l;
	}
	return 0;
}

static int
emit_file(void *ctx, const char *p, size_t n)
{
	return fwrite(p, 1, n, ctx) == n ? 0 : -1;
}

static int
emit_buf(void *ctx, const char *p, size_t n)
{
	return buf_append(ctx, p, n);
}

void
html_text(FILE *fp, const char *s)
{
	if (s != NULL)
		(void)escape_emit(s, 0, false, emit_file, fp);
}

void
html_text_max(FILE *fp, const char *s, size_t maxcp)
{
	if (s != NULL)
		(void)escape_emit(s, maxcp, false, emit_file, fp);
}

void
html_attr(FILE *fp, const char *s)
{
	if (s != NULL)
		(void)escape_emit(s, 0, true, emit_file, fp);
}

int
html_escape_buf(struct buf *b, const char *s, size_t maxcp, int is_attr)
{
	if (s == NULL)
		return 0;
	if (escape_emit(s, maxcp, is_attr != 0, emit_buf, b) == -1)
		return -1;
	return buf_append(b, "", 0);
}
