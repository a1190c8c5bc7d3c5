/* report/out/out_json.c -- streaming JSON writer (see out_json.h). */
#include <math.h>
#include <string.h>

#include "report/out/out_json.h"
#include "util/rate.h"
#include "util/utf8.h"

void
json_init(struct json_writer *w, FILE *fp, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->pretty = pretty;
}

static void
indent(struct json_writer *w)
{
	int i;

	if (!w->pretty)
		return;
	fputc('\n', w->fp);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->fp);
}

/* Separator before a value or key at the current level. */
static void
pre_value(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		fputc(',', w->fp);
	if (w->depth > 0)
		indent(w);
	w->need_comma[w->depth] = true;
}

static void
open_level(struct json_writer *w, int c)
{
	pre_value(w);
	fputc(c, w->fp);
	if (w->depth < JSON_MAX_DEPTH - 1)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void
close_level(struct json_writer *w, int c)
{
	bool had = w->need_comma[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (had)
		indent(w);
	fputc(c, w->fp);
}

void json_obj_begin(struct json_writer *w) { open_level(w, '{'); }
void json_obj_end(struct json_writer *w) { close_level(w, '}'); }
void json_arr_begin(struct json_writer *w) { open_level(w, '['); }
void json_arr_end(struct json_writer *w) { close_level(w, ']'); }

void
json_key(struct json_writer *w, const char *key)
{
	pre_value(w);
	json_write_string(w->fp, key);
	fputc(':', w->fp);
	if (w->pretty)
		fputc(' ', w->fp);
	w->after_key = true;
}

/* Length of a valid UTF-8 sequence at s, 0 if invalid, with its code
 * point in *cp.  s is NUL-terminated and the decoder stops at the first
 * byte that is not a continuation (NUL is not), so 4 is a safe bound. */
static size_t
u8len(const unsigned char *s, uint32_t *cp)
{
	return utf8_decode(s, 4, cp);
}

void
json_write_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	size_t n;

	fputc('"', fp);
	while (*s != '\0') {
		if (*s == '"' || *s == '\\') {
			fputc('\\', fp);
			fputc(*s++, fp);
		} else if (*s == '\n') {
			fputs("\\n", fp);
			s++;
		} else if (*s == '\t') {
			fputs("\\t", fp);
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(fp, "\\u%04x", *s++);
		} else if (*s < 0x80) {
			fputc(*s++, fp);
		} else if ((n = u8len(s, &cp)) > 0) {
			/* invisible or reordering (bidi overrides, U+2028):
			 * \uHHHH, the same string to a parser, and nothing
			 * that reorders a terminal line (all are in the BMP) */
			if (utf8_is_hidden(cp) && cp <= 0xFFFF)
				fprintf(fp, "\\u%04x", (unsigned)cp);
			else
				fwrite(s, 1, n, fp);
			s += n;
		} else {
			fputs("\\ufffd", fp);
			s++;
		}
	}
	fputc('"', fp);
}

void
json_str(struct json_writer *w, const char *s)
{
	pre_value(w);
	if (s == NULL)
		fputs("null", w->fp);
	else
		json_write_string(w->fp, s);
}

void
json_int(struct json_writer *w, int64_t v)
{
	pre_value(w);
	fprintf(w->fp, "%lld", (long long)v);
}

void
json_tenths(struct json_writer *w, int64_t tenths)
{
	char b[32];

	pre_value(w);
	/* 64 rather than 64.0: the same number, as JSON readers see it. */
	if (tenths >= 0 && tenths % 10 == 0)
		(void)snprintf(b, sizeof(b), "%lld", (long long)(tenths / 10));
	else
		rate_fmt_tenths(tenths, b, sizeof(b));
	fputs(tenths < 0 ? "null" : b, w->fp);
}

void
json_double(struct json_writer *w, double v)
{
	pre_value(w);
	if (isnan(v) || isinf(v))
		fputs("null", w->fp);
	else
		fprintf(w->fp, "%.6g", v);
}

void
json_bool(struct json_writer *w, bool v)
{
	pre_value(w);
	fputs(v ? "true" : "false", w->fp);
}

void
json_null(struct json_writer *w)
{
	pre_value(w);
	fputs("null", w->fp);
}

int
json_finish(struct json_writer *w)
{
	fputc('\n', w->fp);
	return ferror(w->fp) ? -1 : 0;
}
