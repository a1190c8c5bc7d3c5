/*
 * report/html/html_chart.c -- number formatting (as text and onto the page)
 * and the inline SVG day chart of the weekly page.
 *
 * Design rationale: the chart is decoration for people who can see it; the
 * same numbers are always in the table next to it, the SVG carries a
 * <title>, a <desc> and an aria-label, and failures are hatched as well as
 * coloured.  Geometry is computed in doubles printed with one decimal, so
 * the markup is the same on every run; only the labels hold numbers, and
 * those are exact integers.  Nothing here prints a data string except the
 * domain name, through html_attr()/html_text().
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report/out/escape.h"
#include "report/html/html.h"
#include "report/html/html_int.h"
#include "report/query/opts.h"
#include "util/rate.h"

void
html_fmt_int(int64_t v, char *out, size_t outlen)
{
	char digits[32], tmp[48];
	size_t n, i, j = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	(void)snprintf(digits, sizeof(digits), "%" PRIu64, u);
	n = strlen(digits);
	if (v < 0)
		tmp[j++] = '-';
	if (dr_count_is_sat(v)) {	/* a sum not known (util/count.h): "≥" */
		tmp[j++] = '\xe2';
		tmp[j++] = '\x89';
		tmp[j++] = '\xa5';
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			tmp[j++] = ',';
		tmp[j++] = digits[i];
	}
	tmp[j] = '\0';
	(void)snprintf(out, outlen, "%s", tmp);
}

void
html_fmt_rate(int64_t part, int64_t whole, char *out, size_t outlen)
{
	rate_fmt(part, whole, out, outlen);
}

void
html_put_int(FILE *fp, int64_t v)
{
	char b[32];

	html_fmt_int(v, b, sizeof(b));
	fputs(b, fp);
}

void
html_put_rate(FILE *fp, int64_t part, int64_t whole)
{
	char b[32];

	html_fmt_rate(part, whole, b, sizeof(b));
	fputs(b, fp);
	if (b[0] != '-')
		fputs("&#8239;%", fp);
}

void
html_fmt_time(int64_t t, char *out, size_t outlen)
{
	char day[16];
	int64_t s = ((t % WEEKLY_DAY) + WEEKLY_DAY) % WEEKLY_DAY;

	window_fmt_day(t, day, sizeof(day));
	(void)snprintf(out, outlen, "%s %02d:%02d UTC", day, (int)(s / 3600),
	    (int)(s / 60 % 60));
}

static const char *const wday[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

const char *
html_wday(int64_t t)
{
	int64_t day = t >= 0 ? t / WEEKLY_DAY : (t - WEEKLY_DAY + 1) / WEEKLY_DAY;

	return wday[((day + 3) % 7 + 7) % 7];
}

/* Appends to out (of outlen, *len used); stops quietly when full. */
static void
appendf(char *out, size_t outlen, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*len >= outlen)
		return;
	va_start(ap, fmt);
	r = vsnprintf(out + *len, outlen - *len, fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= outlen - *len)
		*len = outlen;
	else
		*len += (size_t)r;
}

void
html_fmt_what(unsigned what, char *out, size_t outlen)
{
	static const struct { unsigned bit; const char *text; } dk[] = {
		{ WF_DKIM_FAIL, "signature did not verify" },
		{ WF_DKIM_UNALIGNED, "signed by another domain" },
		{ WF_DKIM_NONE, "not signed" },
		{ WF_DKIM_TEMP, "error or neutral" },
	}, sp[] = {
		{ WF_SPF_FAIL, "fail" },
		{ WF_SPF_SOFTFAIL, "softfail" },
		{ WF_SPF_UNALIGNED, "passed for another domain" },
		{ WF_SPF_NONE, "no SPF result" },
		{ WF_SPF_TEMP, "error or neutral" },
	};
	size_t i, len = 0;
	bool first = true;

	if (outlen == 0)
		return;
	out[0] = '\0';
	appendf(out, outlen, &len, "DKIM: ");
	for (i = 0; i < sizeof(dk) / sizeof(dk[0]); i++)
		if (what & dk[i].bit) {
			appendf(out, outlen, &len, "%s%s", first ? "" : ", ", dk[i].text);
			first = false;
		}
	appendf(out, outlen, &len, "%s; SPF: ", first ? "-" : "");
	first = true;
	for (i = 0; i < sizeof(sp) / sizeof(sp[0]); i++)
		if (what & sp[i].bit) {
			appendf(out, outlen, &len, "%s%s", first ? "" : ", ", sp[i].text);
			first = false;
		}
	if (first)
		appendf(out, outlen, &len, "-");
}

/* Smallest 1, 2 or 5 times a power of ten that is >= v (and >= 1). */
static int64_t
nice_max(int64_t v)
{
	int64_t p = 1;

	for (;;) {
		if (v <= p)
			return p;
		if (v <= 2 * p)
			return 2 * p;
		if (v <= 5 * p)
			return 5 * p;
		if (p > INT64_MAX / 10)
			return v;
		p *= 10;
	}
}

#define CH_LEFT		56.0
#define CH_TOP		16.0
#define CH_PLOT		160.0
#define CH_BOTTOM	34.0

/*
 * One bar chart of the domain's days: stacked passed/failed messages, or
 * failures alone (fails_only).  idx numbers the ids inside the document.
 */
void
html_chart(FILE *fp, const struct weekly_domain *d, int ndays, size_t idx,
    bool fails_only)
{
	const char *what = fails_only ? "Failed messages per day" : "Messages per day";
	double slot = ndays <= 14 ? 64.0 : ndays <= 31 ? 28.0 : 12.0, bw, x, hp, hf;
	double width = CH_LEFT + slot * ndays + 8.0;
	double height = CH_TOP + CH_PLOT + CH_BOTTOM;
	int64_t max = 0, v, top;
	char n1[32], n2[32], n3[32], day[16];
	int i, g;

	for (i = 0; i < ndays; i++) {
		v = fails_only ? d->days[i].fail :
		    dr_count_add(d->days[i].pass, d->days[i].fail);
		if (v > max)
			max = v;
	}
	top = nice_max(max);
	bw = slot * 0.7;
	fprintf(fp, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\""
	    " viewBox=\"0 0 %.1f %.1f\" role=\"img\" aria-labelledby=\"ct-%zu-%d cd-%zu-%d\""
	    " aria-label=\"%s for ", width, height, idx, fails_only, idx, fails_only,
	    what);
	html_attr(fp, d->name);
	fprintf(fp, "\" preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"ct-%zu-%d\">%s for ",
	    idx, fails_only, what);
	html_text(fp, d->name);
	fprintf(fp, "</title>\n<desc id=\"cd-%zu-%d\">Bar chart, one bar per day; "
	    "the same numbers are in the table that follows.</desc>\n", idx, fails_only);
	fprintf(fp, "<defs><pattern id=\"hatch-%zu-%d\" width=\"6\" height=\"6\""
	    " patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" class=\"hf-bg\"/>"
	    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hf-line\"/>"
	    "</pattern></defs>\n", idx, fails_only);
	for (g = 0; g <= 2; g++) {
		double y = CH_TOP + CH_PLOT - CH_PLOT * g / 2.0;

		if (g == 1 && top % 2 != 0)
			continue;	/* no line at a fractional value */
		html_fmt_int((int64_t)((__int128)top * g / 2), n1, sizeof(n1));
		fprintf(fp, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
		    " y2=\"%.1f\"/><text class=\"ax\" x=\"%.1f\" y=\"%.1f\""
		    " text-anchor=\"end\">%s</text>\n", CH_LEFT, y, width - 4.0, y,
		    CH_LEFT - 6.0, y + 4.0, n1);
	}
	for (i = 0; i < ndays; i++) {
		const struct weekly_day *dy = &d->days[i];

		x = CH_LEFT + slot * i + (slot - bw) / 2.0;
		hp = fails_only ? 0.0 : CH_PLOT * (double)dy->pass / (double)top;
		hf = CH_PLOT * (double)dy->fail / (double)top;
		window_fmt_day(dy->start, day, sizeof(day));
		html_fmt_int(dr_count_add(dy->pass, dy->fail), n1, sizeof(n1));
		html_fmt_int(dy->fail, n2, sizeof(n2));
		html_fmt_int(dy->pass, n3, sizeof(n3));
		fprintf(fp, "<g><title>%s %s: %s messages, %s passed, %s failed DMARC</title>",
		    html_wday(dy->start), day, n1, n3, n2);
		if (hp > 0.0)
			fprintf(fp, "<rect class=\"bp\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
			    " height=\"%.1f\"/>", x, CH_TOP + CH_PLOT - hp - hf, bw, hp);
		if (hf > 0.0)
			fprintf(fp, "<rect class=\"bf\" fill=\"url(#hatch-%zu-%d)\" x=\"%.1f\""
			    " y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", idx, fails_only,
			    x, CH_TOP + CH_PLOT - hf, bw, hf);
		if (ndays <= 14 || i % 7 == 0)
			fprintf(fp, "<text class=\"ax\" x=\"%.1f\" y=\"%.1f\""
			    " text-anchor=\"middle\">%s</text><text class=\"ax\" x=\"%.1f\""
			    " y=\"%.1f\" text-anchor=\"middle\">%.5s</text>",
			    x + bw / 2.0, CH_TOP + CH_PLOT + 14.0, html_wday(dy->start),
			    x + bw / 2.0, CH_TOP + CH_PLOT + 28.0, day + 5);
		fputs("</g>\n", fp);
	}
	fputs("</svg>\n", fp);
}

/*
 * The chart for mail: Gmail and Outlook drop inline SVG, so each day is a
 * table row whose bar is a cell with a width in percent and a background
 * colour (attributes as well as styles: Outlook's Word engine honours
 * bgcolor and width), the failed part drawn with a darker border so that
 * colour is not the only signal, and the numbers written beside it.
 */
void
html_chart_cells(FILE *fp, const struct weekly_domain *d, int ndays, size_t idx,
    bool fails_only)
{
	const char *what = fails_only ? "Failed messages per day" : "Messages per day";
	int64_t max = 0, v, wp, wf;
	char n1[32], n2[32], n3[32], day[16];
	int i;

	for (i = 0; i < ndays; i++) {
		v = fails_only ? d->days[i].fail : d->days[i].pass + d->days[i].fail;
		if (v > max)
			max = v;
	}
	fprintf(fp, "<table class=\"mchart\" id=\"mchart-%zu-%d\" role=\"img\""
	    " aria-label=\"%s for ", idx, fails_only, what);
	html_attr(fp, d->name);
	fputs("\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" width=\"100%\""
	    " style=\"border-collapse:collapse;width:100%\">\n", fp);
	for (i = 0; i < ndays; i++) {
		const struct weekly_day *dy = &d->days[i];

		window_fmt_day(dy->start, day, sizeof(day));
		html_fmt_int(dy->pass + dy->fail, n1, sizeof(n1));
		html_fmt_int(dy->fail, n2, sizeof(n2));
		html_fmt_int(dy->pass, n3, sizeof(n3));
		/* bar widths in whole percent of the widest day, at least 1
		 * for a non-zero part so that it shows */
		wp = fails_only || max == 0 ? 0 : dy->pass * 100 / max;
		wf = max == 0 ? 0 : dy->fail * 100 / max;
		if (!fails_only && dy->pass > 0 && wp == 0)
			wp = 1;
		if (dy->fail > 0 && wf == 0)
			wf = 1;
		fprintf(fp, "<tr><th scope=\"row\" style=\"white-space:nowrap;"
		    "font-weight:400;padding:2px 6px 2px 0;border:0\">%s %.5s</th>"
		    "<td style=\"width:70%%;padding:2px 0;border:0\">"
		    "<table cellpadding=\"0\" cellspacing=\"0\" border=\"0\""
		    " width=\"100%%\" style=\"border-collapse:collapse;width:100%%\">"
		    "<tr>", html_wday(dy->start), day + 5);
		if (wp > 0)
			fprintf(fp, "<td class=\"mb-p\" width=\"%" PRId64 "%%\""
			    " bgcolor=\"#2f6fb3\" style=\"width:%" PRId64 "%%;"
			    "background:#2f6fb3;height:14px;border:0\"></td>", wp, wp);
		if (wf > 0)
			fprintf(fp, "<td class=\"mb-f\" width=\"%" PRId64 "%%\""
			    " bgcolor=\"#c2410c\" style=\"width:%" PRId64 "%%;"
			    "background:#c2410c;height:14px;border:0;border-left:2px solid"
			    " #000\"></td>", wf, wf);
		fputs("<td style=\"border:0\"></td></tr></table></td>", fp);
		if (fails_only)
			fprintf(fp, "<td class=\"n\" style=\"white-space:nowrap;"
			    "padding:2px 0 2px 6px;border:0\">%s failed</td></tr>\n", n2);
		else
			fprintf(fp, "<td class=\"n\" style=\"white-space:nowrap;"
			    "padding:2px 0 2px 6px;border:0\">%s: %s passed, %s failed"
			    "</td></tr>\n", n1, n3, n2);
	}
	fputs("</table>\n", fp);
}
