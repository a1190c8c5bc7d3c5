/*
 * report/out/out_table.c -- the typed result table shared by all writers, and
 * its JSON form (see out.h).  Cells own copies of their strings so the
 * caller's statement or row buffers may go away before writing.
 */
#include <stdlib.h>
#include <string.h>

#include "report/out/out.h"
#include "util/count.h"
#include "util/rate.h"

void
out_table_init(struct out_table *t, const struct out_col *cols, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols;
}

void
out_table_release(struct out_table *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i].s);
		for (j = 0; j < t->cells[i].n; j++)
			free(t->cells[i].list[j]);
		free(t->cells[i].list);
	}
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

long
out_row(struct out_table *t)
{
	struct out_cell *c;
	size_t ncap;

	if (t->nrows == t->cap) {
		ncap = t->cap ? t->cap * 2 : 64;
		c = reallocarray(t->cells, ncap * t->ncols, sizeof(*c));
		if (c == NULL) {
			t->failed = 1;
			return -1;
		}
		t->cells = c;
		t->cap = ncap;
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(*c));
	return (long)t->nrows++;
}

static struct out_cell *
cell(struct out_table *t, long row, size_t col)
{
	if (row < 0 || (size_t)row >= t->nrows || col >= t->ncols)
		return NULL;
	return &t->cells[(size_t)row * t->ncols + col];
}

void
out_str(struct out_table *t, long row, size_t col, const char *s)
{
	struct out_cell *c = cell(t, row, col);

	if (c == NULL || s == NULL)
		return;
	free(c->s);
	if ((c->s = strdup(s)) == NULL)
		t->failed = 1;
}

void
out_int(struct out_table *t, long row, size_t col, int64_t v)
{
	struct out_cell *c = cell(t, row, col);

	if (c != NULL)
		c->i = v;
}

void
out_rate(struct out_table *t, long row, size_t col, int64_t part, int64_t whole)
{
	struct out_cell *c = cell(t, row, col);

	if (c != NULL)
		c->i = rate_tenths(part, whole);
}

void
out_list(struct out_table *t, long row, size_t col, const char *const *items,
    size_t n, size_t more)
{
	struct out_cell *c = cell(t, row, col);
	size_t i;

	if (c == NULL || c->list != NULL)
		return;
	c->more = more;
	if (n == 0)
		return;
	if ((c->list = calloc(n, sizeof(*c->list))) == NULL) {
		t->failed = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		if ((c->list[i] = strdup(items[i] ? items[i] : "")) == NULL) {
			t->failed = 1;
			break;
		}
		c->n++;
	}
}

bool
out_cell_is_sat(const struct out_table *t, size_t row, size_t col)
{
	return t->cols[col].kind == COL_INT &&
	    dr_count_is_sat(t->cells[row * t->ncols + col].i);
}

bool
out_table_has_sat(const struct out_table *t)
{
	size_t r, k;

	for (r = 0; r < t->nrows; r++)
		for (k = 0; k < t->ncols; k++)
			if (out_cell_is_sat(t, r, k))
				return true;
	return false;
}

void
out_warn_sat(void)
{
	fputs("dmarc-report: warning: " DR_COUNT_SAT_WARNING "\n", stderr);
}

/* "saturated": the keys of the row's sums that are not known (only in a
 * row that has one, so ordinary output does not change). */
static void
json_sat(struct json_writer *w, const struct out_table *t, size_t r)
{
	size_t k;
	bool any = false;

	for (k = 0; k < t->ncols; k++) {
		if (!OUT_SHOWN(t->hide_json, k) || !out_cell_is_sat(t, r, k))
			continue;
		if (!any) {
			json_key(w, "saturated");
			json_arr_begin(w);
			any = true;
		}
		json_str(w, t->cols[k].key);
	}
	if (any)
		json_arr_end(w);
}

static void
json_time(struct json_writer *w, int64_t t)
{
	char day[16], s[40];
	int64_t sec = ((t % 86400) + 86400) % 86400;

	window_fmt_day(t, day, sizeof(day));
	(void)snprintf(s, sizeof(s), "%sT%02d:%02d:%02dZ", day, (int)(sec / 3600),
	    (int)(sec / 60 % 60), (int)(sec % 60));
	json_str(w, s);
}

void
out_json_rows(struct json_writer *w, const struct out_table *t)
{
	const struct out_cell *c;
	size_t r, k, j;

	json_arr_begin(w);
	for (r = 0; r < t->nrows; r++) {
		json_obj_begin(w);
		for (k = 0; k < t->ncols; k++) {
			if (!OUT_SHOWN(t->hide_json, k))
				continue;
			c = &t->cells[r * t->ncols + k];
			json_key(w, t->cols[k].key);
			switch (t->cols[k].kind) {
			case COL_STR:
				json_str(w, c->s);
				break;
			case COL_INT:
				json_int(w, c->i);
				break;
			case COL_PCT:
				json_tenths(w, c->i);
				break;
			case COL_LIST:
				json_arr_begin(w);
				for (j = 0; j < c->n; j++)
					json_str(w, c->list[j]);
				json_arr_end(w);
				break;
			case COL_TIME:
				json_time(w, c->i);
				break;
			case COL_BOOL3:
				if (c->i < 0)
					json_null(w);
				else
					json_bool(w, c->i != 0);
				break;
			}
		}
		json_sat(w, t, r);
		if (t->json_extra != NULL)
			t->json_extra(w, r, t->json_arg);
		json_obj_end(w);
	}
	json_arr_end(w);
}

int
out_write(FILE *fp, enum report_format fmt, const struct out_table *t,
    const struct report_opts *o, const char *what)
{
	struct json_writer w;
	char a[16], b[16];

	if (out_table_has_sat(t))
		out_warn_sat();
	switch (fmt) {
	case FMT_TABLE:
		return out_text_write_fit(fp, t, o != NULL ? o->term_cols : 0);
	case FMT_CSV:
		return out_csv_write(fp, t);
	case FMT_JSON:
		json_init(&w, fp, true);
		json_obj_begin(&w);
		json_key(&w, "what");
		json_str(&w, what);
		if (o != NULL) {
			window_fmt_day(o->win_start, a, sizeof(a));
			window_fmt_day(o->win_end - 86400, b, sizeof(b));
			json_key(&w, "since");
			json_str(&w, a);
			json_key(&w, "until");
			json_str(&w, b);
		}
		json_key(&w, "rows");
		out_json_rows(&w, t);
		json_obj_end(&w);
		return json_finish(&w);
	}
	return -1;
}
