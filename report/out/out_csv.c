/*
 * report/out/out_csv.c -- RFC 4180 CSV.
 *
 * Design rationale: every cell that holds a quote, comma, CR or LF is
 * quoted with quotes doubled; rows end in CRLF as RFC 4180 says.  A text
 * cell that starts with = + - @ (or TAB/CR, OWASP's list) would run as a
 * formula in a spreadsheet (CSV injection), so it gets a leading
 * apostrophe; numbers we write ourselves are never touched.  List cells
 * are joined with a space inside one cell.  Bytes are passed through
 * unchanged otherwise: CSV is data, not a terminal.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/out/out.h"
#include "util/rate.h"

void
out_csv_cell(FILE *fp, const char *s, bool defuse)
{
	bool quote;

	if (s == NULL)
		return;
	quote = strpbrk(s, "\",\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (defuse && strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0')
		fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	if (quote)
		fputc('"', fp);
}

static void
list_cell(FILE *fp, const struct out_cell *c)
{
	size_t len = 0, i;
	char *s, *p;

	for (i = 0; i < c->n; i++)
		len += strlen(c->list[i]) + 1;
	if (len == 0)
		return;
	if ((s = malloc(len)) == NULL)
		return;
	p = s;
	for (i = 0; i < c->n; i++) {
		if (i > 0)
			*p++ = ' ';
		memcpy(p, c->list[i], strlen(c->list[i]));
		p += strlen(c->list[i]);
	}
	*p = '\0';
	out_csv_cell(fp, s, true);
	free(s);
}

int
out_csv_write(FILE *fp, const struct out_table *t)
{
	const struct out_cell *c;
	char day[16], num[32];
	int64_t sec;
	size_t r, k;
	bool first;

	for (k = 0, first = true; k < t->ncols; k++) {
		if (!OUT_SHOWN(t->hide_csv, k))
			continue;
		if (!first)
			fputc(',', fp);
		first = false;
		out_csv_cell(fp, t->cols[k].key, false);
	}
	fputs("\r\n", fp);
	for (r = 0; r < t->nrows; r++) {
		for (k = 0, first = true; k < t->ncols; k++) {
			if (!OUT_SHOWN(t->hide_csv, k))
				continue;
			c = &t->cells[r * t->ncols + k];
			if (!first)
				fputc(',', fp);
			first = false;
			switch (t->cols[k].kind) {
			case COL_STR:
				out_csv_cell(fp, c->s, true);
				break;
			case COL_INT:
				fprintf(fp, "%" PRId64, c->i);
				break;
			case COL_PCT:
				if (c->i >= 0) {
					rate_fmt_tenths(c->i, num, sizeof(num));
					fputs(num, fp);
				}
				break;
			case COL_LIST:
				list_cell(fp, c);
				break;
			case COL_TIME:
				window_fmt_day(c->i, day, sizeof(day));
				sec = ((c->i % 86400) + 86400) % 86400;
				fprintf(fp, "%sT%02d:%02d:%02dZ", day, (int)(sec / 3600),
				    (int)(sec / 60 % 60), (int)(sec % 60));
				break;
			case COL_BOOL3:
				if (c->i >= 0)
					fputs(c->i ? "yes" : "no", fp);
				break;
			}
		}
		fputs("\r\n", fp);
	}
	return ferror(fp) ? -1 : 0;
}
