/*
 * report/html/html_lists.c -- the list tables of the weekly page: top failing
 * sources, senders that pass, reporters and the ingest log.  Every data
 * string is printed through report/out/escape.h; see html.h.
 */
#include <inttypes.h>
#include <string.h>

#include "report/out/escape.h"
#include "report/html/html.h"
#include "report/html/html_int.h"
#include "report/query/opts.h"
#include "report/query/services.h"

#define TOP_DEFAULT	20
#define REPORTERS_SHOWN	6	/* reporters named per source */

/* Service (kind), verdict, the rule that matched and the fix. */
static void
write_service(FILE *fp, const struct weekly_source *s)
{
	if (s->svc_name != NULL) {
		fputs("<b class=\"service\">", fp);
		html_text_max(fp, s->svc_name, HTML_CELL_MAX);
		fputs("</b>", fp);
		if (s->svc_kind != NULL) {
			fputs(" <span class=\"muted\">(", fp);
			html_text(fp, s->svc_kind);
			fputs(")</span>", fp);
		}
	} else
		fputs("<span class=\"muted\">no known service</span>", fp);
	if (s->verdict >= 0) {
		fprintf(fp, "<br><span class=\"verdict v-%s\">",
		    services_verdict_word((enum svc_verdict)s->verdict));
		html_text(fp, services_verdict_word((enum svc_verdict)s->verdict));
		fputs("</span>", fp);
	}
	if (s->matched != NULL) {
		fputs("<br><small class=\"matched\">matched: ", fp);
		html_text_max(fp, s->matched, HTML_CELL_MAX);
		fputs("</small>", fp);
	}
	if (s->fix != NULL) {
		fputs("<div class=\"fix\">", fp);
		html_text_max(fp, s->fix, 4 * HTML_CELL_MAX);
		fputs("</div>", fp);
	}
}

static void
write_source_row(FILE *fp, const struct html_page *pg, const struct weekly_source *s)
{
	char what[256];
	size_t i;

	fputs("<tr><td><code class=\"ip\">", fp);
	html_text_max(fp, s->ip, HTML_CELL_MAX);
	fputs("</code></td><td>", fp);
	if (s->ptr != NULL)
		html_text_max(fp, s->ptr, HTML_CELL_MAX);
	else
		fputs("<span class=\"muted\">none known</span>", fp);
	fputs("</td><td>", fp);
	if (s->org != NULL)
		html_text_max(fp, s->org, HTML_CELL_MAX);
	else
		fputs("<span class=\"muted\">unknown</span>", fp);
	if (s->known && s->known_what != NULL) {
		fputs(" <span class=\"muted\">(", fp);
		html_text_max(fp, s->known_what, HTML_CELL_MAX);
		fputs(")</span>", fp);
	}
	if (pg->show_asn) {
		fputs("</td><td>", fp);
		if (s->network != NULL)
			html_text_max(fp, s->network, HTML_CELL_MAX);
		else
			fputs("<span class=\"muted\">not looked up</span>", fp);
		if (s->cc != NULL && *s->cc != '\0') {
			fputs(" <span class=\"muted\">", fp);
			html_text_max(fp, s->cc, 8);
			fputs("</span>", fp);
		}
	}
	fputs("</td><td class=\"n\">", fp);
	html_put_int(fp, s->msgs);
	html_fmt_what(s->what, what, sizeof(what));
	fputs("</td><td>", fp);
	html_text(fp, what);
	if (s->what & WF_FORWARDED)
		fputs("; reporter says forwarded or mailing list", fp);
	fputs("</td><td>", fp);
	if (s->spf_today == 1)
		fputs("<span class=\"s-ok\">&#10003; yes</span>", fp);
	else if (s->spf_today == 0)
		fputs("<span class=\"s-bad\">&#10007; no</span>", fp);
	else if (s->spf_today == -2)
		fputs("<span class=\"s-warn\">could not check</span>", fp);
	else
		fprintf(fp, "<span class=\"muted\">%s</span>",
		    pg->dns_ran ? "unknown" : "not checked");
	fputs("</td><td>", fp);
	for (i = 0; i < s->n_reporters && i < REPORTERS_SHOWN; i++) {
		fputs(i ? ", " : "", fp);
		html_text_max(fp, pg->w->reporters[s->reporters[i]].name, 80);
	}
	if (s->n_reporters > REPORTERS_SHOWN)
		fprintf(fp, " and %zu more", s->n_reporters - REPORTERS_SHOWN);
	fputs("</td><td class=\"svc\">", fp);
	write_service(fp, s);
	fputs("</td></tr>\n", fp);
}

void
html_write_sources(FILE *fp, const struct html_page *pg, const struct weekly_domain *d,
    size_t idx, bool known)
{
	size_t i, n = 0, shown = 0, top = pg->top_n ? pg->top_n : TOP_DEFAULT;
	int64_t msgs = 0, rest = 0;

	for (i = 0; i < d->n_sources; i++)
		if (d->sources[i].known == known) {
			n++;
			(void)dr_count_acc(&msgs, d->sources[i].msgs);
		}
	fprintf(fp, "<h4>%s</h4>\n", known ? "Known forwarders and services" :
	    "Unknown senders");
	if (n == 0) {
		fprintf(fp, "<p class=\"muted\">None.</p>\n");
		return;
	}
	fprintf(fp, "<p>%zu source%s, ", n, n == 1 ? "" : "s");
	html_put_int(fp, msgs);
	fprintf(fp, " failed message%s.%s</p>\n", msgs == 1 ? "" : "s", known ?
	    " Forwarders and mailing lists break SPF and sometimes DKIM; a "
	    "service that sends for you needs your DKIM key or SPF include." :
	    " If one of these is yours, add it to SPF or sign its mail with DKIM;"
	    " otherwise someone else is using your domain.");
	fprintf(fp, "<div class=\"tw\"><table class=\"src\" id=\"src-%zu-%s\">\n<caption>Top failing "
	    "sources: %s</caption>\n<thead><tr><th scope=\"col\">Source IP</th>"
	    "<th scope=\"col\">PTR name</th><th scope=\"col\">Organization</th>"
	    "%s"
	    "<th scope=\"col\" class=\"n\">Messages</th><th scope=\"col\">What failed</th>"
	    "<th scope=\"col\">Passes SPF today</th><th scope=\"col\">Seen by</th>"
	    "<th scope=\"col\">Service and verdict</th>"
	    "</tr></thead>\n<tbody>\n", idx, known ? "k" : "u",
	    known ? "known forwarders and services" : "unknown senders",
	    pg->show_asn ? "<th scope=\"col\">Network (country)</th>" : "");
	for (i = 0; i < d->n_sources; i++) {
		if (d->sources[i].known != known)
			continue;
		if (shown == top || !d->sources[i].detailed) {
			(void)dr_count_acc(&rest, d->sources[i].msgs);
			continue;
		}
		write_source_row(fp, pg, &d->sources[i]);
		shown++;
	}
	fputs("</tbody>\n</table></div>\n", fp);
	if (n > shown) {
		fprintf(fp, "<p class=\"muted\">and %zu more source%s with ", n - shown,
		    n - shown == 1 ? "" : "s");
		html_put_int(fp, rest);
		fputs(" messages (<code>dmarc-report failures</code> lists them all).</p>\n", fp);
	}
}

void
html_write_passers(FILE *fp, const struct weekly_domain *d, size_t idx)
{
	const struct weekly_passer *p;
	size_t i, more;

	fprintf(fp, "<details class=\"pass\" id=\"pass-%zu\">\n<summary>Senders"
	    " that pass (%zu)</summary>\n", idx, d->passers_total);
	if (d->passers_total == 0) {
		fputs("<p class=\"muted\">No message passed DMARC in this"
		    " window.</p>\n</details>\n", fp);
		return;
	}
	fprintf(fp, "<div class=\"tw\"><table class=\"src\" id=\"pass-%zu-t\">\n"
	    "<caption>Senders that pass DMARC, most messages first</caption>\n"
	    "<thead><tr><th scope=\"col\">Source IP</th><th scope=\"col\">PTR"
	    " name</th><th scope=\"col\" class=\"n\">Messages</th>"
	    "<th scope=\"col\" class=\"n\">SPF aligned</th>"
	    "<th scope=\"col\" class=\"n\">DKIM aligned</th></tr></thead>\n"
	    "<tbody>\n", idx);
	for (i = 0; i < d->n_passers; i++) {
		p = &d->passers[i];
		fputs("<tr><td><code class=\"ip\">", fp);
		html_text_max(fp, p->ip, HTML_CELL_MAX);
		fputs("</code></td><td>", fp);
		if (p->ptr != NULL)
			html_text_max(fp, p->ptr, HTML_CELL_MAX);
		else
			fputs("<span class=\"muted\">not looked up</span>", fp);
		fputs("</td><td class=\"n\">", fp);
		html_put_int(fp, p->msgs);
		fputs("</td><td class=\"n\">", fp);
		html_put_rate(fp, p->spf_aligned, p->msgs);
		fputs("</td><td class=\"n\">", fp);
		html_put_rate(fp, p->dkim_aligned, p->msgs);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n", fp);
	if ((more = d->passers_total - d->n_passers) > 0) {
		fprintf(fp, "<p class=\"muted\">and %zu more sender%s with ",
		    more, more == 1 ? "" : "s");
		html_put_int(fp, d->passers_rest);
		fprintf(fp, " passing message%s (<code>dmarc-report"
		    " sources</code> lists them all).</p>\n",
		    d->passers_rest == 1 ? "" : "s");
	}
	fputs("</details>\n", fp);
}

void
html_write_reporters(FILE *fp, const struct weekly *w)
{
	size_t i;

	fputs("<section id=\"reporters\" aria-labelledby=\"h-reporters\">\n"
	    "<h2 id=\"h-reporters\">Reporters</h2>\n", fp);
	if (w->n_reporters == 0) {
		fputs("<p class=\"muted\">No reporter sent a report for this window.</p>\n"
		    "</section>\n", fp);
		return;
	}
	fputs("<div class=\"tw\"><table id=\"reporters-t\">\n<caption>Who sent reports"
	    " about this window</caption>\n<thead><tr><th scope=\"col\">Reporter</th>"
	    "<th scope=\"col\" class=\"n\">Reports</th><th scope=\"col\" class=\"n\">"
	    "Messages</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < w->n_reporters; i++) {
		fputs("<tr><td>", fp);
		html_text_max(fp, w->reporters[i].name, HTML_CELL_MAX);
		fputs("</td><td class=\"n\">", fp);
		html_put_int(fp, w->reporters[i].reports);
		fputs("</td><td class=\"n\">", fp);
		html_put_int(fp, w->reporters[i].msgs);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n</section>\n", fp);
}

void
html_write_inputs(FILE *fp, const struct weekly *w)
{
	char a[16], t[48];
	size_t i;

	window_fmt_day(w->start, a, sizeof(a));
	html_fmt_time(w->now, t, sizeof(t));
	fputs("<section id=\"inputs\" aria-labelledby=\"h-inputs\">\n"
	    "<h2 id=\"h-inputs\">Inputs set aside</h2>\n<p id=\"inputs-summary\">", fp);
	fprintf(fp, "From %s to %s the ingest looked at ", a, t);
	html_put_int(fp, w->in_total);
	fputs(" input messages: ", fp);
	html_put_int(fp, w->in_stored);
	fputs(" with new reports (", fp);
	html_put_int(fp, w->in_reports);
	fprintf(fp, " report%s stored), ", w->in_reports == 1 ? "" : "s");
	html_put_int(fp, w->in_duplicate);
	fputs(" duplicates, ", fp);
	html_put_int(fp, w->in_not_report);
	fputs(" not reports, ", fp);
	html_put_int(fp, w->in_rejected);
	fputs(" rejected, ", fp);
	html_put_int(fp, w->in_conflict);
	fputs(" conflicts.</p>\n", fp);
	if (w->rejects_total == 0) {
		fputs("<p class=\"s-ok\">&#10003; No input was set aside.</p>\n</section>\n",
		    fp);
		return;
	}
	fputs("<div class=\"tw\"><table id=\"rejects-t\">\n<caption>Rejected, "
	    "conflicting or not a report (newest first)</caption>\n<thead><tr><th scope=\"col\">Ingested</th>"
	    "<th scope=\"col\">File</th><th scope=\"col\">Part</th><th scope=\"col\">"
	    "Outcome</th><th scope=\"col\">Reason</th><th scope=\"col\">Detail</th>"
	    "</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < w->n_rejects; i++) {
		const struct weekly_reject *r = &w->rejects[i];

		html_fmt_time(r->at, t, sizeof(t));
		fprintf(fp, "<tr><td class=\"n\">%s</td><td>", t);
		html_text_max(fp, r->path, HTML_CELL_MAX);
		fputs("</td><td>", fp);
		html_text_max(fp, r->part, HTML_CELL_MAX);
		fputs("</td><td>", fp);
		html_text(fp, r->outcome);
		fputs("</td><td><code>", fp);
		html_text_max(fp, r->reason, HTML_CELL_MAX);
		fputs("</code></td><td>", fp);
		html_text_max(fp, r->detail, HTML_CELL_MAX);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n", fp);
	if (w->rejects_total > (int64_t)w->n_rejects)
		fprintf(fp, "<p class=\"muted\">and %" PRId64 " more (<code>dmarc-report"
		    " reports --rejected</code> lists them all).</p>\n",
		    w->rejects_total - (int64_t)w->n_rejects);
	fputs("</section>\n", fp);
}
