/*
 * report/html/html.c -- the weekly page (see html.h for the rules it keeps).
 *
 * Layout: header (window, totals, week-over-week change, contents), one
 * section per domain (pass rate, day chart + table, dispositions, policy
 * and findings, top failing sources split into known forwarders/services
 * and unknown senders), then reporters and the ingest log.  An empty
 * window says so in words and draws no chart.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/out/escape.h"
#include "report/html/html.h"
#include "report/html/html_int.h"
#include "report/query/opts.h"
#include "util/rate.h"


static const char css[] =
":root{--fg:#1b1f24;--mute:#57606a;--line:#d0d7de;--bg:#fff;--pass:#2f6fb3;"
"--fail:#c2410c;--ok:#116329;--warn:#9a6700;--bad:#b42318;}\n"
"*{box-sizing:border-box}\n"
"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
"color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:16px}\n"
"h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.35em;margin:1.6em 0 .4em;"
"border-bottom:2px solid var(--line);padding-bottom:.2em}"
"h3{font-size:1.1em;margin:1.2em 0 .3em}h4{font-size:1em;margin:1em 0 .3em}\n"
".window,.muted,figcaption,caption{color:var(--mute)}\n"
"caption{text-align:left;font-size:.9em;padding:.2em 0}\n"
".kpi{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0;padding:0}\n"
".kpi div{border:1px solid var(--line);border-radius:6px;padding:8px 12px;"
"min-width:140px;flex:1}\n"
".kpi dt{font-size:.85em;color:var(--mute)}.kpi dd{margin:0;font-size:1.5em;"
"font-weight:600}.kpi dd.chg{font-size:.85em;font-weight:400;color:var(--mute)}\n"
".tw{overflow-x:auto;margin:.3em 0 1em}\n"
"table{border-collapse:collapse;width:100%;font-size:.92em}\n"
"th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;"
"vertical-align:top;overflow-wrap:anywhere}\n"
"th{background:#f6f8fa;overflow-wrap:normal}td code.ip{white-space:nowrap}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;"
"white-space:nowrap;overflow-wrap:normal}\n"
"table.src{min-width:900px}td.svc{min-width:220px}\n"
".verdict{font-weight:600}.v-unknown{color:#b42318}.v-your-service-not-set-up{color:#9a6700}"
".fix{font-size:.88em;margin-top:.25em}\n"
".rate strong{font-size:1.4em}\n"
".badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85em;"
"font-weight:600;border:1px solid currentColor}\n"
".s-ok{color:var(--ok)}.s-info{color:var(--mute)}.s-warn{color:var(--warn)}"
".s-bad{color:var(--bad)}\n"
".findings{padding-left:1.2em}.findings li{margin:.2em 0}\n"
".actions{border:1px solid var(--line);border-left:4px solid var(--warn);"
"border-radius:6px;padding:4px 12px;margin:.6em 0}.actions h3{margin:.3em 0}\n"
".readiness{border-left:4px solid var(--line);padding:2px 12px;margin:.6em 0}\n"
".charts{display:flex;flex-wrap:wrap;gap:16px;margin:0}\n"
".charts figure{flex:1 1 420px;margin:0}\n"
"svg.chart{width:100%;height:auto;max-height:260px}\n"
".bp{fill:var(--pass)}.hf-bg{fill:var(--fail)}.hf-line{stroke:#fff;stroke-width:2}\n"
".grid{stroke:var(--line);stroke-width:1}.ax{font-size:11px;fill:var(--mute)}\n"
".legend{list-style:none;padding:0;margin:.2em 0;font-size:.9em}"
".legend li{display:inline-block;margin-right:1.2em}\n"
".sw{display:inline-block;width:1em;height:1em;vertical-align:-.15em;"
"margin-right:.3em;border:1px solid var(--fg)}\n"
".sw-p{background:var(--pass)}.sw-f{background:repeating-linear-gradient(45deg,"
"var(--fail) 0 3px,#fff 3px 5px)}\n"
".empty{border:2px dashed var(--line);padding:16px;font-size:1.1em}\n"
"nav ul{padding-left:1.2em;margin:.2em 0}\n"
"code{font-size:.92em;overflow-wrap:anywhere}\n"
"footer{margin-top:2em;color:var(--mute);font-size:.85em}\n"
"@media (max-width:640px){body{padding:8px;font-size:14px}"
".kpi div{min-width:45%}th,td{padding:3px 4px}"
".hide-narrow{display:none}}\n"
"@media print{body{max-width:none;font-size:10pt;padding:0}nav{display:none}"
"section.domain{break-before:page}section.domain:first-of-type{break-before:auto}"
"table,figure{break-inside:avoid}.tw{overflow:visible}table.src{min-width:0}"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

int
html_policy_add(struct html_policy *p, enum html_sev sev, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;
	void *nf;
	size_t i;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -1;
	for (i = 0; i < p->n; i++)
		if (strcmp(p->f[i].text, text) == 0) {
			free(text);	/* said once is enough */
			return 0;
		}
	if (p->n == p->cap) {
		size_t nc = p->cap ? 2 * p->cap : 8;

		if ((nf = realloc(p->f, nc * sizeof(*p->f))) == NULL) {
			free(text);
			return -1;
		}
		p->f = nf;
		p->cap = nc;
	}
	p->f[p->n].sev = sev;
	p->f[p->n].text = text;
	p->n++;
	return 0;
}

void
html_policy_release(struct html_policy *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		free(p->f[i].text);
	free(p->f);
	free(p->record);
	free(p->p);
	memset(p, 0, sizeof(*p));
}

static const char *
sev_word(enum html_sev s)
{
	switch (s) {
	case SEV_OK: return "OK";
	case SEV_INFO: return "Note";
	case SEV_WARN: return "Warning";
	default: return "Problem";
	}
}

static const char *
sev_class(enum html_sev s)
{
	switch (s) {
	case SEV_OK: return "s-ok";
	case SEV_INFO: return "s-info";
	case SEV_WARN: return "s-warn";
	default: return "s-bad";
	}
}

/* "up 12.5 % from 1,097" style change of cur against prev. */
static void
put_change(FILE *fp, int64_t cur, int64_t prev, const char *unit)
{
	__int128 t;
	int64_t d;

	if (dr_count_is_sat(cur) || dr_count_is_sat(prev)) {
		fputs("no comparison (counts not known)", fp);
		return;
	}
	d = cur - prev;
	if (prev <= 0) {
		fprintf(fp, "no %s in the previous window", unit);
		return;
	}
	t = (__int128)(d < 0 ? -d : d) * 1000 / prev;
	if (d == 0)
		fputs("&#9644; unchanged from ", fp);
	else
		fprintf(fp, "%s %d.%d&#8239;%% from ", d > 0 ? "&#9650; up" : "&#9660; down",
		    (int)(t / 10), (int)(t % 10));
	html_put_int(fp, prev);
	fputs(" in the previous window", fp);
}

static void
put_rate_change(FILE *fp, int64_t pass, int64_t total, int64_t ppass, int64_t ptotal)
{
	int64_t a, b, d;

	if (total <= 0 || ptotal <= 0 || dr_count_is_sat(total) ||
	    dr_count_is_sat(ptotal) || dr_count_is_sat(pass) ||
	    dr_count_is_sat(ppass)) {
		fputs("no comparison", fp);
		return;
	}
	a = rate_tenths(pass, total);
	b = rate_tenths(ppass, ptotal);
	d = a - b;
	if (d == 0)
		fputs("&#9644; same as the previous window", fp);
	else
		fprintf(fp, "%s %" PRId64 ".%" PRId64 " points from the previous window",
		    d > 0 ? "&#9650; up" : "&#9660; down", (d < 0 ? -d : d) / 10,
		    (d < 0 ? -d : d) % 10);
}

static void
write_head(FILE *fp, const struct html_page *pg, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
	    " style-src 'unsafe-inline'; img-src data:; base-uri 'none';"
	    " form-action 'none'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"generator\" content=\"dmarc-rua\">\n<title>", fp);
	html_text(fp, title);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	(void)pg;
}

static void
write_header(FILE *fp, const struct html_page *pg)
{
	const struct weekly *w = pg->w;
	char a[16], b[16], t[48];
	size_t i;

	window_fmt_day(w->start, a, sizeof(a));
	window_fmt_day(w->end - WEEKLY_DAY, b, sizeof(b));
	html_fmt_time(pg->generated, t, sizeof(t));
	/* "weekly" only for an ISO week; another window by its real span */
	if (pg->label != NULL)
		fputs("<header>\n<h1>DMARC weekly summary</h1>\n", fp);
	else
		fprintf(fp, "<header>\n<h1>DMARC summary, %s &#8211; %s</h1>\n",
		    a, b);
	fputs("<p class=\"window\" id=\"window\">Window: <strong>", fp);
	fprintf(fp, "%s</strong> to <strong>%s</strong> (UTC, %d days)", a, b, w->ndays);
	if (pg->label != NULL) {
		fputs(", week ", fp);
		html_text(fp, pg->label);
	}
	fprintf(fp, ". Generated %s.</p>\n<p id=\"domains-covered\">Domains covered: ", t);
	if (w->n_domains == 0)
		fputs("none", fp);
	for (i = 0; i < w->n_domains; i++) {
		fputs(i ? ", " : "", fp);
		html_text_max(fp, w->domains[i].name, HTML_CELL_MAX);
	}
	fputs(".</p>\n<dl class=\"kpi\">\n<div><dt>Reports received</dt><dd id=\"k-reports\">",
	    fp);
	html_put_int(fp, w->reports);
	fputs("</dd><dd class=\"chg\">", fp);
	put_change(fp, w->reports, w->prev_reports, "reports");
	fputs("</dd></div>\n<div><dt>Reporters</dt><dd id=\"k-reporters\">", fp);
	html_put_int(fp, (int64_t)w->n_reporters);
	fputs("</dd></div>\n<div><dt>Messages seen</dt><dd id=\"k-messages\">", fp);
	html_put_int(fp, w->msgs);
	fputs("</dd><dd class=\"chg\">", fp);
	put_change(fp, w->msgs, w->prev_msgs, "messages");
	fputs("</dd></div>\n<div><dt>Passed DMARC</dt><dd id=\"k-pass\">", fp);
	html_put_rate(fp, w->pass, w->msgs);
	fputs("</dd><dd class=\"chg\">", fp);
	put_rate_change(fp, w->pass, w->msgs, w->prev_pass, w->prev_msgs);
	fputs("</dd></div>\n<div><dt>Inputs set aside</dt><dd id=\"k-rejected\">", fp);
	html_put_int(fp, w->rejects_total);
	fputs("</dd></div>\n</dl>\n<nav aria-label=\"Contents\"><ul>\n", fp);
	for (i = 0; i < w->n_domains; i++) {
		fprintf(fp, "<li><a href=\"#d-%zu\">", i + 1);
		html_text_max(fp, w->domains[i].name, HTML_CELL_MAX);
		fputs("</a></li>\n", fp);
	}
	fputs("<li><a href=\"#reporters\">Reporters</a></li>\n"
	    "<li><a href=\"#inputs\">Inputs set aside</a></li>\n</ul></nav>\n</header>\n",
	    fp);
}

static void
write_days(FILE *fp, const struct html_page *pg, const struct weekly_domain *d,
    size_t idx)
{
	const struct weekly *w = pg->w;
	char day[16];
	int i;

	void (*chart)(FILE *, const struct weekly_domain *, int, size_t, bool) =
	    pg->mail ? html_chart_cells : html_chart;

	fputs("<div class=\"charts\">\n<figure>\n", fp);
	chart(fp, d, w->ndays, idx, false);
	fputs("<figcaption>Messages per day.</figcaption>\n<ul class=\"legend\">"
	    "<li><span class=\"sw sw-p\"></span>passed DMARC (solid)</li>"
	    "<li><span class=\"sw sw-f\"></span>failed DMARC (hatched)</li></ul>\n"
	    "</figure>\n<figure>\n", fp);
	chart(fp, d, w->ndays, idx, true);
	fputs("<figcaption>Failed messages per day (own scale).</figcaption>\n"
	    "</figure>\n</div>\n", fp);
	fprintf(fp, "<div class=\"tw\"><table id=\"days-%zu\">\n<caption>Messages per day"
	    " (a report's count is spread over the days its range covers)</caption>\n"
	    "<thead><tr><th scope=\"col\">Day</th><th scope=\"col\" class=\"n\">Messages"
	    "</th><th scope=\"col\" class=\"n\">Passed</th><th scope=\"col\" class=\"n\">"
	    "Failed</th><th scope=\"col\" class=\"n\">Pass rate</th></tr></thead>\n<tbody>\n",
	    idx);
	for (i = 0; i < w->ndays; i++) {
		const struct weekly_day *dy = &d->days[i];

		window_fmt_day(dy->start, day, sizeof(day));
		fprintf(fp, "<tr><th scope=\"row\">%s %s</th><td class=\"n\">",
		    html_wday(dy->start), day);
		html_put_int(fp, dr_count_add(dy->pass, dy->fail));
		fputs("</td><td class=\"n\">", fp);
		html_put_int(fp, dy->pass);
		fputs("</td><td class=\"n\">", fp);
		html_put_int(fp, dy->fail);
		fputs("</td><td class=\"n\">", fp);
		html_put_rate(fp, dy->pass, dr_count_add(dy->pass, dy->fail));
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th><td class=\"n\">", fp);
	html_put_int(fp, dr_count_add(d->pass, d->fail));
	fputs("</td><td class=\"n\">", fp);
	html_put_int(fp, d->pass);
	fputs("</td><td class=\"n\">", fp);
	html_put_int(fp, d->fail);
	fputs("</td><td class=\"n\">", fp);
	html_put_rate(fp, d->pass, dr_count_add(d->pass, d->fail));
	fputs("</td></tr></tfoot>\n</table></div>\n", fp);
}

static void
write_dispositions(FILE *fp, const struct weekly_domain *d, size_t idx)
{
	struct { const char *name; int64_t v; } rows[] = {
		{ "none (delivered as usual)", d->disp_none },
		{ "quarantine (spam folder)", d->disp_quarantine },
		{ "reject (refused)", d->disp_reject },
		{ "not stated or other", d->disp_other },
	};
	int64_t total = dr_count_add(dr_count_add(d->disp_none, d->disp_quarantine),
	    dr_count_add(d->disp_reject, d->disp_other));
	size_t i;

	fprintf(fp, "<h3>Dispositions applied</h3>\n<div class=\"tw\"><table id=\"disp-%zu\">"
	    "\n<caption>What receivers did with the messages</caption>\n<thead><tr>"
	    "<th scope=\"col\">Disposition</th><th scope=\"col\" class=\"n\">Messages</th>"
	    "<th scope=\"col\" class=\"n\">Share</th></tr></thead>\n<tbody>\n", idx);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		fprintf(fp, "<tr><th scope=\"row\">%s</th><td class=\"n\">", rows[i].name);
		html_put_int(fp, rows[i].v);
		fputs("</td><td class=\"n\">", fp);
		html_put_rate(fp, rows[i].v, total);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n", fp);
}

static void
write_finding(FILE *fp, enum html_sev sev, const char *text)
{
	fprintf(fp, "<li class=\"%s\"><strong>%s:</strong> ", sev_class(sev), sev_word(sev));
	html_text(fp, text);
	fputs("</li>\n", fp);
}

static void
write_policy(FILE *fp, const struct html_page *pg, const struct weekly_domain *d,
    const struct html_policy *pol, size_t idx)
{
	const char *p = NULL;
	size_t i;

	fprintf(fp, "<h3>Policy</h3>\n<div id=\"policy-%zu\">\n", idx);
	if (pol != NULL && pol->checked) {
		fputs("<p>Published now: ", fp);
		if (pol->record != NULL) {
			fputs("<code>", fp);
			html_text_max(fp, pol->record, 4 * HTML_CELL_MAX);
			fputs("</code></p>\n", fp);
		} else if (pol->dmarc_status != NULL &&
		    strcmp(pol->dmarc_status, "temperror") == 0) {
			fputs("<strong>could not check (", fp);
			html_text(fp, pol->dmarc_cause ? pol->dmarc_cause :
			    "DNS error");
			fputs(")</strong></p>\n", fp);
		} else if (pol->dmarc_status != NULL &&
		    strcmp(pol->dmarc_status, "several") == 0)
			fputs("<strong>several DMARC records (receivers treat that as"
			    " no record)</strong></p>\n", fp);
		else
			fputs("<strong>no DMARC record found</strong></p>\n", fp);
		p = pol->p;
	} else
		fprintf(fp, "<p class=\"muted\">DNS checks not run%s: the published policy"
		    " and DNS findings are not shown.</p>\n",
		    pg->dns_ran ? " (the lookups failed)" : " (--no-dns)");
	if (d->rep_p != NULL || d->rep_sp != NULL) {
		fputs("<p>As the latest report saw it: p=", fp);
		html_text(fp, d->rep_p ? d->rep_p : "?");
		if (d->rep_sp != NULL) {
			fputs(", sp=", fp);
			html_text(fp, d->rep_sp);
		}
		if (d->rep_pct >= 0)
			fprintf(fp, ", pct=%" PRId64, d->rep_pct);
		fputs(".</p>\n", fp);
	}
	if (p == NULL)
		p = d->rep_p;
	fputs("<ul class=\"findings\">\n", fp);
	if (pol != NULL)
		for (i = 0; i < pol->n; i++)
			write_finding(fp, pol->f[i].sev, pol->f[i].text);
	/* When to tighten it is readiness's verdict, atop the section. */
	if (p != NULL && strcmp(p, "none") == 0)
		write_finding(fp, SEV_INFO, "p=none: receivers only watch and "
		    "deliver failing mail as usual.");
	else if (p != NULL && strcmp(p, "reject") == 0 && (pol == NULL || pol->n == 0))
		write_finding(fp, SEV_OK, "p=reject: receivers refuse mail that fails DMARC.");
	fputs("</ul>\n</div>\n", fp);
}

/* What the pass-rate badges mean, next to the badge. */
static void
write_thresholds(FILE *fp, size_t idx)
{
	fprintf(fp, "<p class=\"muted\" id=\"h-thresholds-%zu\">Good: 98&#8239;%%"
	    " or more of the messages passed DMARC (whether a stricter policy"
	    " is safe is the readiness verdict above); Needs attention:"
	    " 90&#8239;%%"
	    " to 98&#8239;%%; Poor: below 90&#8239;%%, so legitimate mail is"
	    " failing.</p>\n", idx);
}

static void
write_domain(FILE *fp, const struct html_page *pg, size_t i)
{
	const struct weekly *w = pg->w;
	const struct weekly_domain *d = &w->domains[i];
	const struct html_policy *pol = pg->policies ? &pg->policies[i] : NULL;
	int64_t total = dr_count_add(d->pass, d->fail), r10;
	size_t idx = i + 1;

	fprintf(fp, "<section class=\"domain\" id=\"d-%zu\" aria-labelledby=\"h-d-%zu\">\n"
	    "<h2 id=\"h-d-%zu\">", idx, idx, idx);
	html_text_max(fp, d->name, HTML_CELL_MAX);
	fputs("</h2>\n", fp);
	html_write_readiness(fp, pg, i, idx);
	if (d->reports == 0 || total == 0) {
		fprintf(fp, "<p class=\"empty\" id=\"empty-%zu\">No report about this domain"
		    " covers this window%s, so there is nothing to chart.</p>\n", idx,
		    d->reports > 0 ? " with any message" : "");
		html_write_actions(fp, pg, d, pol, idx);
		write_policy(fp, pg, d, pol, idx);
		fputs("</section>\n", fp);
		return;
	}
	html_write_actions(fp, pg, d, pol, idx);
	r10 = rate_tenths(d->pass, total);
	fprintf(fp, "<p class=\"rate\">DMARC pass rate: <strong id=\"rate-%zu\">", idx);
	html_put_rate(fp, d->pass, total);
	fputs("</strong> &mdash; ", fp);
	html_put_int(fp, d->pass);
	fputs(" of ", fp);
	html_put_int(fp, total);
	fputs(" messages passed, ", fp);
	html_put_int(fp, d->fail);
	fprintf(fp, " failed, from %" PRId64 " report%s. ", d->reports,
	    d->reports == 1 ? "" : "s");
	if (dr_count_is_sat(total) || dr_count_is_sat(d->pass))
		r10 = -1;	/* counts not known (util/count.h) */
	fprintf(fp, "<span class=\"badge %s\">%s</span> <span class=\"muted\">",
	    r10 >= 980 ? "s-ok" : r10 >= 900 ? "s-warn" : "s-bad",
	    r10 >= 980 ? "Good" : r10 >= 900 ? "Needs attention" :
	    r10 < 0 ? "Counts not known" : "Poor");
	put_rate_change(fp, d->pass, total, d->prev_pass,
	    dr_count_add(d->prev_pass, d->prev_fail));
	fputs(".</span></p>\n", fp);
	write_thresholds(fp, idx);
	write_days(fp, pg, d, idx);
	write_dispositions(fp, d, idx);
	write_policy(fp, pg, d, pol, idx);
	fputs("<h3>Top failing sources</h3>\n", fp);
	if (d->n_sources == 0)
		fprintf(fp, "<p class=\"s-ok\" id=\"nofail-%zu\">No message failed DMARC"
		    " in this window.</p>\n", idx);
	else {
		html_write_sources(fp, pg, d, idx, false);
		html_write_sources(fp, pg, d, idx, true);
	}
	html_write_passers(fp, d, idx);
	fputs("</section>\n", fp);
}

int
html_write(FILE *fp, const struct html_page *pg)
{
	const struct weekly *w = pg->w;
	char title[80], a[16], b[16], t[48];
	size_t i;

	window_fmt_day(w->start, a, sizeof(a));
	window_fmt_day(w->end - WEEKLY_DAY, b, sizeof(b));
	(void)snprintf(title, sizeof(title), "DMARC summary, %s \xe2\x80\x93 %s",
	    a, b);
	if (pg->label != NULL)
		(void)snprintf(title, sizeof(title), "DMARC weekly summary %.16s",
		    pg->label);
	write_head(fp, pg, title);
	write_header(fp, pg);
	fputs("<main>\n", fp);
	if (w->reports == 0)
		fputs("<p class=\"empty\" id=\"empty-week\"><strong>No DMARC reports were "
		    "received for this window.</strong> There is nothing to chart. If you "
		    "expected reports, check the rejected inputs below and that the rua= "
		    "address of your DMARC record still receives mail.</p>\n", fp);
	for (i = 0; i < w->n_domains; i++)
		write_domain(fp, pg, i);
	html_write_reporters(fp, w);
	html_write_inputs(fp, w);
	html_fmt_time(pg->generated, t, sizeof(t));
	fprintf(fp, "</main>\n<footer>\n<p>Generated by dmarc-rua at %s from its database"
	    "%s. A report's message count is spread over the days its date range covers,"
	    " in proportion to seconds and rounded so that totals stay exact; rates are"
	    " rounded down to 0.1&#8239;%%. Week-over-week figures compare with the %d"
	    " days before the window.</p>\n</footer>\n</body>\n</html>\n", t,
	    pg->dns_ran ? " and DNS" : " (no DNS lookups)", w->ndays);
	return ferror(fp) ? -1 : 0;
}
