/*
 * report/out/out_text.c -- the aligned table for people at a terminal.
 *
 * Design rationale: every string cell goes through util/vis.h first (so
 * no control byte or escape sequence from a report reaches the terminal),
 * then widths are measured on the escaped text in code points.  Cells are
 * capped at OUT_TEXT_MAXW columns so one hostile 4 KiB field cannot push
 * the table off the screen; lists show as many items as fit, then "+N".
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/out/out.h"
#include "util/rate.h"
#include "util/buf.h"
#include "util/vis.h"

#define OUT_TEXT_MAXW	64
#define OUT_CELL_MAX	(64 * 1024)

/* Display width of UTF-8 text already escaped (valid, printable). */
static size_t
u8width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

size_t
out_text_width(const char *s)
{
	struct buf b;
	size_t w;

	buf_init(&b, OUT_CELL_MAX);
	if (vis_buf(&b, s ? s : "") == -1 || b.data == NULL) {
		buf_release(&b);
		return 0;
	}
	w = u8width(b.data);
	buf_release(&b);
	return w;
}

/* Cuts escaped text s (in place) to at most maxw code points, with "...". */
static void
clip(char *s, size_t maxw)
{
	size_t w = 0, i;

	if (u8width(s) <= maxw)
		return;
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (w == maxw - 3)
				break;
			w++;
		}
	}
	memcpy(s + i, "...", 4);
}

static char *
esc(const char *s)
{
	struct buf b;
	char *out;

	buf_init(&b, OUT_CELL_MAX);
	if (vis_buf(&b, s) == -1 || buf_puts(&b, "") == -1) {
		buf_release(&b);
		return strdup("?");
	}
	out = buf_detach(&b, NULL);
	return out ? out : strdup("");
}

static char *
fmt_list(const struct out_cell *c)
{
	struct buf b;
	char *e, tail[32];
	size_t i, shown = 0, w = 0, ew;

	buf_init(&b, OUT_CELL_MAX);
	for (i = 0; i < c->n; i++) {
		if ((e = esc(c->list[i])) == NULL)
			break;
		clip(e, OUT_TEXT_MAXW);
		ew = u8width(e);
		if (shown > 0 && w + 1 + ew > OUT_TEXT_MAXW - 4) {
			free(e);
			break;
		}
		if (shown > 0)
			(void)buf_puts(&b, ",");
		(void)buf_puts(&b, e);
		w += ew + (shown > 0);
		shown++;
		free(e);
	}
	if (c->n - shown + c->more > 0) {
		(void)snprintf(tail, sizeof(tail), "%s+%zu", shown ? "," : "",
		    c->n - shown + c->more);
		(void)buf_puts(&b, tail);
	}
	if (b.len == 0)
		(void)buf_puts(&b, "-");
	e = buf_detach(&b, NULL);
	return e ? e : strdup("-");
}

static char *
fmt_cell(const struct out_col *col, const struct out_cell *c)
{
	char s[64], day[16], num[32];
	int64_t sec;
	char *e;

	switch (col->kind) {
	case COL_STR:
		if (c->s == NULL)
			return strdup("-");
		if ((e = esc(c->s)) != NULL)
			clip(e, OUT_TEXT_MAXW);
		return e;
	case COL_INT:
		(void)snprintf(s, sizeof(s), "%" PRId64, c->i);
		break;
	case COL_PCT:
		rate_fmt_tenths(c->i, num, sizeof(num));
		(void)snprintf(s, sizeof(s), "%s%s", num, c->i >= 0 ? "%" : "");
		break;
	case COL_LIST:
		return fmt_list(c);
	case COL_TIME:
		window_fmt_day(c->i, day, sizeof(day));
		sec = ((c->i % 86400) + 86400) % 86400;
		(void)snprintf(s, sizeof(s), "%s %02d:%02d", day, (int)(sec / 3600),
		    (int)(sec / 60 % 60));
		break;
	case COL_BOOL3:
		(void)snprintf(s, sizeof(s), "%s", c->i < 0 ? "?" : c->i ? "yes" : "no");
		break;
	}
	return strdup(s);
}

static void
put_padded(FILE *fp, const char *s, size_t width, bool right, bool last)
{
	size_t w = u8width(s), i;

	if (right)
		for (i = w; i < width; i++)
			fputc(' ', fp);
	fputs(s, fp);
	if (!right && !last)
		for (i = w; i < width; i++)
			fputc(' ', fp);
}

int
out_text_write(FILE *fp, const struct out_table *t)
{
	char **txt = NULL;
	size_t *width = NULL, r, k, last = 0, n = t->nrows * t->ncols;
	bool right;
	int rc = -1;

	for (k = 0; k < t->ncols; k++)
		if (OUT_SHOWN(t->hide_text, k))
			last = k;

	if ((txt = calloc(n ? n : 1, sizeof(*txt))) == NULL ||
	    (width = calloc(t->ncols, sizeof(*width))) == NULL)
		goto done;
	for (k = 0; k < t->ncols; k++)
		width[k] = u8width(t->cols[k].title);
	for (r = 0; r < t->nrows; r++)
		for (k = 0; k < t->ncols; k++) {
			txt[r * t->ncols + k] = fmt_cell(&t->cols[k],
			    &t->cells[r * t->ncols + k]);
			if (txt[r * t->ncols + k] == NULL)
				goto done;
			if (u8width(txt[r * t->ncols + k]) > width[k])
				width[k] = u8width(txt[r * t->ncols + k]);
		}
	for (k = 0; k < t->ncols; k++) {
		if (!OUT_SHOWN(t->hide_text, k))
			continue;
		right = t->cols[k].kind == COL_INT || t->cols[k].kind == COL_PCT;
		put_padded(fp, t->cols[k].title, width[k], right, k == last);
		fputs(k == last ? "\n" : "  ", fp);
	}
	for (r = 0; r < t->nrows; r++)
		for (k = 0; k < t->ncols; k++) {
			if (!OUT_SHOWN(t->hide_text, k))
				continue;
			right = t->cols[k].kind == COL_INT || t->cols[k].kind == COL_PCT;
			put_padded(fp, txt[r * t->ncols + k], width[k], right,
			    k == last);
			fputs(k == last ? "\n" : "  ", fp);
		}
	rc = ferror(fp) ? -1 : 0;
done:
	if (txt != NULL)
		for (r = 0; r < n; r++)
			free(txt[r]);
	free(txt);
	free(width);
	return rc;
}
