/*
 * report/out/out_text.c -- the aligned table for people at a terminal.
 *
 * Design rationale: every string cell goes through util/vis.h first (so
 * no control byte or escape sequence from a report reaches the terminal),
 * then widths are measured on the escaped text in terminal columns
 * (wcwidth(3) under C.UTF-8: a CJK character takes two, a combining mark
 * none).  Cells are capped at OUT_TEXT_MAXW columns so one hostile 4 KiB
 * field cannot push the table off the screen; lists show as many items as
 * fit, then "+N".  A cut cell ends with "\u2026" (the ellipsis) and the
 * table's footer says that cells were cut.
 *
 * Fitting a terminal (out_text_write_fit, maxw > 0): when the table is
 * wider than maxw, text and list columns are first cut down, the widest
 * first, to OUT_TEXT_MINW columns (or their title); if that is not enough,
 * columns are hidden from the right, never the first two (the row's key:
 * domain, IP, reporter), and the footer names them and says "use --wide".
 */
#include <inttypes.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "report/out/out.h"
#include "util/rate.h"
#include "util/buf.h"
#include "util/count.h"
#include "util/utf8.h"
#include "util/vis.h"

#define OUT_TEXT_MAXW	64
#define OUT_TEXT_MINW	12	/* a column is not cut below this (or its title) */
#define OUT_TEXT_SOFTW	24	/* ...nor below this before others are hidden */
#define OUT_CELL_MAX	(64 * 1024)
#define ELLIPSIS	"\xe2\x80\xa6"	/* U+2026, one column */

/* Terminal columns of code point cp (0, 1 or 2). */
static size_t
cpwidth(uint32_t cp)
{
	static locale_t utf8_loc;
	static int tried;
	locale_t old;
	int w;

	if (cp < 0x7f)
		return 1;
	if (!tried) {
		tried = 1;
		utf8_loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (utf8_loc == (locale_t)0)
		return 1;
	old = uselocale(utf8_loc);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w < 0 ? 1 : (size_t)w;
}

/* Length of the code point at s (valid UTF-8 after vis; 1 otherwise). */
static size_t
cplen(const char *s, uint32_t *cp)
{
	size_t n = utf8_decode((const unsigned char *)s, strnlen(s, 4), cp);

	if (n == 0) {
		*cp = (unsigned char)*s;
		n = 1;
	}
	return n;
}

/* Display width of UTF-8 text already escaped (valid, printable). */
static size_t
u8width(const char *s)
{
	uint32_t cp;
	size_t w = 0;

	while (*s) {
		s += cplen(s, &cp);
		w += cpwidth(cp);
	}
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

/*
 * Cuts escaped text *sp to at most maxw (>= 1) columns, ending it with the
 * ellipsis; *sp may be reallocated.  Returns true when it was cut.
 */
static bool
clip(char **sp, size_t maxw)
{
	char *s = *sp, *n;
	uint32_t cp;
	size_t w = 0, i = 0, l, cw;

	if (s == NULL || u8width(s) <= maxw)
		return false;
	while (s[i]) {
		l = cplen(s + i, &cp);
		cw = cpwidth(cp);
		if (w + cw > maxw - 1)
			break;
		w += cw;
		i += l;
	}
	if ((n = realloc(s, i + sizeof(ELLIPSIS))) == NULL) {
		s[i] = '\0';
		return true;
	}
	memcpy(n + i, ELLIPSIS, sizeof(ELLIPSIS));
	*sp = n;
	return true;
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
fmt_list(const struct out_cell *c, bool *cut)
{
	struct buf b;
	char *e, tail[32];
	size_t i, shown = 0, w = 0, ew;

	buf_init(&b, OUT_CELL_MAX);
	for (i = 0; i < c->n; i++) {
		if ((e = esc(c->list[i])) == NULL)
			break;
		*cut |= clip(&e, OUT_TEXT_MAXW);
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
fmt_cell(const struct out_col *col, const struct out_cell *c, bool *cut)
{
	char s[64], day[16], num[32];
	int64_t sec;
	char *e;

	switch (col->kind) {
	case COL_STR:
		if (c->s == NULL)
			return strdup("-");
		if ((e = esc(c->s)) != NULL)
			*cut |= clip(&e, OUT_TEXT_MAXW);
		return e;
	case COL_INT:
		(void)snprintf(s, sizeof(s), "%s%" PRId64,
		    dr_count_is_sat(c->i) ? ">=" : "", c->i);
		break;
	case COL_PCT:
		rate_fmt_tenths(c->i, num, sizeof(num));
		(void)snprintf(s, sizeof(s), "%s%s", num, c->i >= 0 ? "%" : "");
		break;
	case COL_LIST:
		return fmt_list(c, cut);
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

static bool
is_text(const struct out_col *c)
{
	return c->kind == COL_STR || c->kind == COL_LIST;
}

/* Sum of the shown columns' widths and the gaps between them. */
static size_t
total_width(const struct out_table *t, const size_t *width, uint64_t hide)
{
	size_t k, sum = 0, n = 0;

	for (k = 0; k < t->ncols; k++)
		if (OUT_SHOWN(hide, k)) {
			sum += width[k];
			n++;
		}
	return sum + (n > 1 ? 2 * (n - 1) : 0);
}

/* Columns not cut before the others are hidden: the row's key. */
#define OUT_KEY_COLS	2

/* Narrows text columns from index from on, the widest first, down to
 * their floor, until the shown ones fit maxw (or none can narrow). */
static void
narrow(const struct out_table *t, size_t *width, uint64_t hide, size_t maxw,
    size_t from, size_t minw)
{
	size_t k, best, floor, tw;

	while ((tw = total_width(t, width, hide)) > maxw) {
		best = t->ncols;
		for (k = from; k < t->ncols && k < 64; k++) {
			if (!OUT_SHOWN(hide, k) || !is_text(&t->cols[k]))
				continue;
			floor = u8width(t->cols[k].title);
			if (floor < minw)
				floor = minw;
			if (width[k] > floor && (best == t->ncols ||
			    width[k] > width[best]))
				best = k;
		}
		if (best == t->ncols)
			return;
		floor = u8width(t->cols[best].title);
		if (floor < minw)
			floor = minw;
		width[best] = tw - maxw >= width[best] - floor ? floor :
		    width[best] - (tw - maxw);
	}
}

/*
 * Narrows width[] (and adds to *hide) until the table fits maxw.  While
 * cutting text columns other than the first two (the widest first) to
 * OUT_TEXT_SOFTW columns is not enough, columns are hidden from the
 * right, never the first two; when they are all hidden, every text column
 * may be cut to OUT_TEXT_MINW.  Returns the number of columns hidden.
 */
static size_t
fit(const struct out_table *t, size_t *width, uint64_t *hide, size_t maxw)
{
	size_t k = t->ncols < 64 ? t->ncols : 64, hidden = 0;
	size_t *w;

	if ((w = calloc(t->ncols, sizeof(*w))) == NULL)
		return 0;
	for (;;) {
		memcpy(w, width, t->ncols * sizeof(*w));
		narrow(t, w, *hide, maxw, OUT_KEY_COLS, OUT_TEXT_SOFTW);
		if (total_width(t, w, *hide) <= maxw) {
			memcpy(width, w, t->ncols * sizeof(*w));
			break;
		}
		while (k > OUT_KEY_COLS && !OUT_SHOWN(*hide, k - 1))
			k--;
		if (k <= OUT_KEY_COLS) {
			narrow(t, width, *hide, maxw, 0, OUT_TEXT_MINW);
			break;
		}
		*hide |= 1ULL << --k;
		hidden++;
	}
	free(w);
	return hidden;
}

/* The footer: which columns fit() hid, and that cells were cut. */
static void
put_footer(FILE *fp, const struct out_table *t, uint64_t hidden_mask,
    size_t hidden, bool cut)
{
	size_t k, n = 0;

	if (hidden > 0) {
		fprintf(fp, "(%zu column%s hidden: ", hidden,
		    hidden == 1 ? "" : "s");
		for (k = 0; k < t->ncols && k < 64; k++)
			if (hidden_mask >> k & 1)
				fprintf(fp, "%s%s", n++ ? ", " : "", t->cols[k].title);
		fputs("; use --wide)\n", fp);
	}
	if (cut)
		fputs("(cells ending in " ELLIPSIS " are cut; --format csv or json"
		    " has them whole)\n", fp);
}

int
out_text_write(FILE *fp, const struct out_table *t)
{
	return out_text_write_fit(fp, t, 0);
}

/* A title wider than its (narrowed) column is cut like a cell. */
static void
put_title(FILE *fp, const char *title, size_t width, bool right, bool last)
{
	char *s = strdup(title);

	if (s == NULL)
		return;
	(void)clip(&s, width);
	put_padded(fp, s, width, right, last);
	free(s);
}

int
out_text_write_fit(FILE *fp, const struct out_table *t, size_t maxw)
{
	char **txt = NULL;
	size_t *width = NULL, r, k, last = 0, n = t->nrows * t->ncols, hidden = 0;
	uint64_t hide = t->hide_text;
	bool right, cut = false;
	int rc = -1;

	if ((txt = calloc(n ? n : 1, sizeof(*txt))) == NULL ||
	    (width = calloc(t->ncols, sizeof(*width))) == NULL)
		goto done;
	for (k = 0; k < t->ncols; k++)
		width[k] = u8width(t->cols[k].title);
	for (r = 0; r < t->nrows; r++)
		for (k = 0; k < t->ncols; k++) {
			bool was_cut = false;

			/* A hidden column's cut cell is not on the page: it
			 * does not earn the footer. */
			txt[r * t->ncols + k] = fmt_cell(&t->cols[k],
			    &t->cells[r * t->ncols + k], &was_cut);
			cut |= was_cut && OUT_SHOWN(hide, k);
			if (txt[r * t->ncols + k] == NULL)
				goto done;
			if (u8width(txt[r * t->ncols + k]) > width[k])
				width[k] = u8width(txt[r * t->ncols + k]);
		}
	if (maxw > 0)
		hidden = fit(t, width, &hide, maxw);
	for (k = 0; k < t->ncols; k++)
		if (OUT_SHOWN(hide, k))
			last = k;
	for (r = 0; r < n; r++)
		if (OUT_SHOWN(hide, r % t->ncols))
			cut |= clip(&txt[r], width[r % t->ncols]);
	for (k = 0; k < t->ncols; k++) {
		if (!OUT_SHOWN(hide, k))
			continue;
		right = t->cols[k].kind == COL_INT || t->cols[k].kind == COL_PCT;
		put_title(fp, t->cols[k].title, width[k], right, k == last);
		fputs(k == last ? "\n" : "  ", fp);
	}
	for (r = 0; r < t->nrows; r++)
		for (k = 0; k < t->ncols; k++) {
			if (!OUT_SHOWN(hide, k))
				continue;
			right = t->cols[k].kind == COL_INT || t->cols[k].kind == COL_PCT;
			put_padded(fp, txt[r * t->ncols + k], width[k], right,
			    k == last);
			fputs(k == last ? "\n" : "  ", fp);
		}
	put_footer(fp, t, hide & ~t->hide_text, hidden, cut);
	rc = ferror(fp) ? -1 : 0;
done:
	if (txt != NULL)
		for (r = 0; r < n; r++)
			free(txt[r]);
	free(txt);
	free(width);
	return rc;
}
