/*
 * report/out/out.h -- a result table and its three sinks (text, CSV, JSON).
 *
 * The folder report/out/: the writers of every command's output -- this
 * table and its text, CSV and JSON sinks (out_text.c, out_csv.c,
 * out_json.c), and HTML escaping (escape.c), the one choke point of the
 * weekly page.  May use: util/ and report/query/opts.h (the format and
 * the window a table describes).  Nothing here reads the database.
 *
 * Design rationale: the aggregation code returns rows of C structs; each
 * command turns them into one struct out_table (typed cells, strings
 * copied and owned by the table), and the chosen writer escapes at the
 * output boundary (STYLE practice 9): out_text.c through util/vis.h,
 * out_csv.c with RFC 4180 quoting and spreadsheet-formula defusing,
 * JSON through report/out/out_json.h.  Nothing else prints report strings.
 */
#ifndef DR_OUT_H
#define DR_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/out/out_json.h"
#include "report/query/opts.h"

enum col_kind {
	COL_STR,	/* text; NULL shows as "-" / empty / null */
	COL_INT,	/* int64 */
	COL_PCT,	/* a rate (util/rate.h) in tenths of a percent in i;
			   -1 = not applicable */
	COL_LIST,	/* list of strings (JSON array) */
	COL_TIME,	/* Unix seconds, shown as UTC date and time */
	COL_BOOL3,	/* -1 unknown, 0 no, 1 yes */
};

struct out_col {
	const char	*key;		/* JSON key and CSV header */
	const char	*title;		/* table header */
	enum col_kind	 kind;
};

struct out_cell {
	char		*s;		/* COL_STR: owned copy or NULL */
	int64_t		 i;		/* COL_INT, COL_TIME, COL_BOOL3, COL_PCT */
	char		**list;		/* COL_LIST: owned copies */
	size_t		 n;
	size_t		 more;		/* COL_LIST: items left out (capped) */
};

struct out_table {
	const struct out_col	*cols;	/* borrowed (static tables) */
	size_t			 ncols;
	struct out_cell		*cells;	/* nrows * ncols */
	size_t			 nrows;
	size_t			 cap;
	int			 failed;	/* out of memory while filling */
	/* Columns (bit k = column k) left out of one sink, so a table can
	 * show "pass (ip4:...)" where JSON has two fields. */
	uint64_t		 hide_text, hide_csv, hide_json;
	/* Called after the columns of each JSON row, to add nested values
	 * (summary's "dns" object); NULL for none. */
	void			(*json_extra)(struct json_writer *w, size_t row,
				    void *arg);
	void			*json_arg;
};

/* True when column k is shown in the sink whose hide mask is mask. */
#define OUT_SHOWN(mask, k)	((k) >= 64 || !((mask) >> (k) & 1))

void	out_table_init(struct out_table *t, const struct out_col *cols, size_t ncols);
void	out_table_release(struct out_table *t);
/* Appends an empty row; returns its index, or -1 (t->failed set). */
long	out_row(struct out_table *t);
/* Setters copy what they are given; a failed copy sets t->failed. */
void	out_str(struct out_table *t, long row, size_t col, const char *s);
void	out_int(struct out_table *t, long row, size_t col, int64_t v);
/* A rate of part in whole (util/rate.h): the same digits in every sink. */
void	out_rate(struct out_table *t, long row, size_t col, int64_t part,
	    int64_t whole);
void	out_list(struct out_table *t, long row, size_t col,
	    const char *const *items, size_t n, size_t more);

/* Saturated sums (util/count.h): a COL_INT cell holding DR_COUNT_SAT is
 * "not known": text shows it as ">=9223372036854775807", JSON lists its
 * key in the row's "saturated" array, CSV keeps the number, and
 * out_write() prints out_warn_sat()'s one line on stderr. */
bool	out_cell_is_sat(const struct out_table *t, size_t row, size_t col);
bool	out_table_has_sat(const struct out_table *t);
void	out_warn_sat(void);

/* Writers.  Each returns 0, or -1 when the stream reported an error. */
int	out_text_write(FILE *fp, const struct out_table *t);
/* The same, fitted to maxw terminal columns (0: no limit): long text cells
 * are cut with an ellipsis, then columns hidden from the right (never the
 * first two); a footer line says what was hidden or cut. */
int	out_text_write_fit(FILE *fp, const struct out_table *t, size_t maxw);
int	out_csv_write(FILE *fp, const struct out_table *t);
/* Writes the rows as an array of objects at the writer's current spot. */
void	out_json_rows(struct json_writer *w, const struct out_table *t);
/* Writes t in fmt: text/CSV as is; JSON as {"window":..,"rows":[..]}. */
int	out_write(FILE *fp, enum report_format fmt, const struct out_table *t,
	    const struct report_opts *o, const char *what);

/* CSV: writes one cell quoted as needed and defused (tests use it). */
void	out_csv_cell(FILE *fp, const char *s, bool defuse);
/* Text: display width of the vis-escaped form of s. */
size_t	out_text_width(const char *s);

/* dmarc-report alerts (out_alerts.c): one line per alert, or one JSON
 * document; only_new prints the alerts marked new.  0 or -1 (stream). */
struct alerts;
int	out_alerts_text(FILE *fp, const struct alerts *a, bool only_new);
int	out_alerts_json(FILE *fp, const struct alerts *a, bool only_new,
	    int64_t now, int64_t start);

#endif
