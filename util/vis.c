/* util/vis.c -- escape control bytes and invalid UTF-8 (see vis.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/vis.h"

/* Length of the valid UTF-8 sequence at s (1..4) with its code point in
 * *cp, or 0 if invalid or a C1 control (U+0080..U+009F act on terminals
 * too, so their bytes are shown). */
static size_t
utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = utf8_decode(s, n, cp);

	if (len == 0 || (*cp >= 0x80 && *cp <= 0x9f))
		return 0;
	return len;
}

typedef int (*emit_fn)(void *ctx, const char *p, size_t n);

static int
vis_emit(const char *str, size_t n, emit_fn emit, void *ctx)
{
	const unsigned char *s = (const unsigned char *)str;
	char esc[16];
	size_t i = 0, l;
	uint32_t cp;

	while (i < n) {
		if (s[i] == '\\') {
			if (emit(ctx, "\\\\", 2) == -1)
				return -1;
			i++;
			continue;
		}
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			l = 1;
			while (i + l < n && s[i + l] >= 0x20 && s[i + l] < 0x7f &&
			    s[i + l] != '\\')
				l++;
		} else if (s[i] >= 0x80 && (l = utf8_len(s + i, n - i, &cp)) > 0) {
			/* Bidi overrides and line separators reorder or break
			 * the line on a terminal as on a page: shown as the
			 * HTML escaper shows them (report/out/escape.c). */
			if (utf8_is_hidden(cp)) {
				(void)snprintf(esc, sizeof(esc), "\\u%04x",
				    (unsigned)cp);
				if (emit(ctx, esc, strlen(esc)) == -1)
					return -1;
				i += l;
				continue;
			}
		} else {
			(void)snprintf(esc, sizeof(esc), "\\x%02x", s[i]);
			if (emit(ctx, esc, 4) == -1)
				return -1;
			i++;
			continue;
		}
		if (emit(ctx, (const char *)s + i, l) == -1)
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

int
vis_fputn(FILE *fp, const char *s, size_t n)
{
	return vis_emit(s, n, emit_file, fp);
}

int
vis_fputs(FILE *fp, const char *s)
{
	if (s == NULL)
		return 0;
	return vis_emit(s, strlen(s), emit_file, fp);
}

int
vis_buf(struct buf *b, const char *s)
{
	if (s == NULL)
		return 0;
	return vis_emit(s, strlen(s), emit_buf, b);
}
