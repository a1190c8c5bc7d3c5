/* report/html/html_int.h -- shared by html.c and html_chart.c only. */
#ifndef DR_HTML_INT_H
#define DR_HTML_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "report/html/html.h"
#include "report/query/weekly.h"
#include "util/count.h"

/* "Mon".."Sun" of the UTC day holding t. */
const char	*html_wday(int64_t t);
/* The SVG day chart of d; idx makes its ids unique in the page. */
void		 html_chart(FILE *fp, const struct weekly_domain *d, int ndays,
		    size_t idx, bool fails_only);
/* The same chart as an HTML table of bars (td width and background),
 * each bar's numbers as text: for mail clients that drop SVG. */
void		 html_chart_cells(FILE *fp, const struct weekly_domain *d,
		    int ndays, size_t idx, bool fails_only);
/* Integer with separators; rate "97.5 %" (or "-"). */
void		 html_put_int(FILE *fp, int64_t v);
void		 html_put_rate(FILE *fp, int64_t part, int64_t whole);
/* Sections in html_lists.c. */
void		 html_write_sources(FILE *fp, const struct html_page *pg,
		    const struct weekly_domain *d, size_t idx, bool known);
/* "Senders that pass (N)", collapsed: the top passers of d with their PTR
 * cell and aligned shares, "and M more" for the rest. */
void		 html_write_passers(FILE *fp, const struct weekly_domain *d,
		    size_t idx);
/* html_actions.c: the domain's action list (at most three items). */
void		 html_write_actions(FILE *fp, const struct html_page *pg,
		    const struct weekly_domain *d, const struct html_policy *pol,
		    size_t idx);
void		 html_write_reporters(FILE *fp, const struct weekly *w);
void		 html_write_inputs(FILE *fp, const struct weekly *w);

#endif
