/*
 * report/html/html_actions.c -- the action list that opens each domain's
 * section of the weekly page: the three most important things to do,
 * each linking to the part of the page it comes from.
 *
 * Design rationale: nothing new is computed here; the list ranks what the
 * page already shows.  Order: broken DNS (SEV_BAD findings: mail is at
 * risk), then the unknown sender with the most failing messages
 * (authorize it or stop it), then warnings, then the known service with
 * the most failures that the sender can fix (verdict your-service-not-
 * set-up: "Set up DKIM for example.com at Mailchimp"; or yours), else the
 * known forwarder with the most, then the policy step (p=none to
 * quarantine, quarantine to reject) when readiness says the domain is
 * ready (html_write_readiness() above the list gives why), then the next
 * unknown senders.  Links are "#policy-N", "#ready-N", "#src-N-u",
 * "#src-N-k" and "#h-thresholds-N", ids the page writes; no id or href is
 * made from data, and every data string is escaped (report/out/escape.h).
 */
#include <inttypes.h>
#include <string.h>

#include "report/out/escape.h"
#include "report/html/html.h"
#include "report/html/html_int.h"
#include "report/query/opts.h"
#include "report/query/services.h"

#define ACTIONS_MAX	3

/* The (skip+1)-th failing source of d with known == known (the list is
 * sorted by failing messages, most first), or NULL. */
static const struct weekly_source *
top_source(const struct weekly_domain *d, bool known, size_t skip)
{
	size_t i;

	for (i = 0; i < d->n_sources; i++)
		if (d->sources[i].known == known && d->sources[i].detailed &&
		    skip-- == 0)
			return &d->sources[i];
	return NULL;
}

/* The known source with the most failures that the sender can fix (a
 * service not set up, or its own servers), else the top known source:
 * forwarded mail needs no action and should not hide a service that does. */
static const struct weekly_source *
top_fixable(const struct weekly_domain *d)
{
	size_t i;

	for (i = 0; i < d->n_sources; i++)
		if (d->sources[i].known && d->sources[i].detailed &&
		    (d->sources[i].verdict == SV_NOT_SET_UP ||
		    d->sources[i].verdict == SV_YOURS))
			return &d->sources[i];
	return top_source(d, true, 0);
}

static void
put_findings(FILE *fp, const struct html_policy *pol, enum html_sev sev,
    size_t idx, size_t *n)
{
	size_t i;

	for (i = 0; pol != NULL && i < pol->n && *n < ACTIONS_MAX; i++) {
		if (pol->f[i].sev != sev)
			continue;
		fputs("<li>", fp);
		html_text_max(fp, pol->f[i].text, 4 * HTML_CELL_MAX);
		fprintf(fp, " <a href=\"#policy-%zu\">See the policy</a></li>\n", idx);
		(*n)++;
	}
}

static void
put_source(FILE *fp, const struct weekly_source *s, bool known, size_t idx,
    size_t *n)
{
	if (s == NULL || *n >= ACTIONS_MAX)
		return;
	fputs("<li>", fp);
	if (known && s->verdict == SV_NOT_SET_UP && s->svc_name != NULL) {
		fputs("Set up DKIM for ", fp);
		html_text_max(fp, s->hfrom != NULL ? s->hfrom : "your domain",
		    HTML_CELL_MAX);
		fputs(" at ", fp);
		html_text_max(fp, s->svc_name, HTML_CELL_MAX);
		fputs(" (", fp);
		html_text_max(fp, s->ip, HTML_CELL_MAX);
		fputs("): ", fp);
	} else if (known && s->verdict == SV_YOURS) {
		fputs("Sign the mail of your own ", fp);
		html_text_max(fp, s->svc_name != NULL ? s->svc_name : s->ip,
		    HTML_CELL_MAX);
		fputs(" (", fp);
		html_text_max(fp, s->ip, HTML_CELL_MAX);
		fputs(") with DKIM and list it in SPF: ", fp);
	} else if (known) {
		fputs("Give ", fp);
		html_text_max(fp, s->known_what ? s->known_what : s->org ? s->org :
		    s->ip, HTML_CELL_MAX);
		fputs(" (", fp);
		html_text_max(fp, s->ip, HTML_CELL_MAX);
		fputs(") your DKIM key or an SPF include, or accept that forwarded"
		    " mail fails: ", fp);
	} else {
		fputs("Authorize ", fp);
		html_text_max(fp, s->ip, HTML_CELL_MAX);
		if (s->ptr != NULL && s->has_ptr_name) {
			fputs(" (", fp);
			html_text_max(fp, s->ptr, HTML_CELL_MAX);
			fputs(")", fp);
		}
		fputs(" in SPF or sign its mail with DKIM if it is yours, or stop"
		    " it: ", fp);
	}
	html_put_int(fp, s->msgs);
	fprintf(fp, " failed message%s. <a href=\"#src-%zu-%s\">See the sources</a>"
	    "</li>\n", s->msgs == 1 ? "" : "s", idx, known ? "k" : "u");
	(*n)++;
}

const struct ready_domain *
html_ready_of(const struct html_page *pg, const struct weekly_domain *d)
{
	size_t i = (size_t)(d - pg->w->domains);

	if (pg->rd == NULL || pg->ready == NULL || i >= pg->w->n_domains)
		return NULL;
	return pg->ready[i];
}

/* The next policy step, as readiness advises it (its verdict says the
 * domain is ready for a stricter policy). */
static void
put_policy_step(FILE *fp, const struct html_page *pg,
    const struct weekly_domain *d, size_t idx, size_t *n)
{
	const struct ready_domain *r = html_ready_of(pg, d);

	if (r == NULL || *n >= ACTIONS_MAX || (r->verdict != RV_QUARANTINE &&
	    r->verdict != RV_REJECT) || strncmp(r->advice, "keep ", 5) == 0)
		return;
	fputs("<li>Move to ", fp);
	html_text_max(fp, r->advice, HTML_CELL_MAX);
	fputs(": readiness over the last 28 days is ", fp);
	html_text_max(fp, readiness_verdict_word(r->verdict), HTML_CELL_MAX);
	fprintf(fp, ". <a href=\"#ready-%zu\">See why</a></li>\n", idx);
	(*n)++;
}

/*
 * The readiness verdict, its advice, its reasons and (fix-services-first)
 * the services to fix with their fix: the words of `dmarc-report
 * readiness` (report/query/readiness.c), over the 28 days to the
 * window's end.
 */
void
html_write_readiness(FILE *fp, const struct html_page *pg, size_t i,
    size_t idx)
{
	const struct ready_domain *r;
	const struct ready_group *g;
	char a[16], b[16];
	size_t k;

	if (pg->rd == NULL)
		return;
	window_fmt_day(pg->ready_start, a, sizeof(a));
	window_fmt_day(pg->w->end - WEEKLY_DAY, b, sizeof(b));
	fprintf(fp, "<div class=\"readiness\" id=\"ready-%zu\">\n<p>Stricter"
	    " policy (readiness, %s to %s): ", idx, a, b);
	if ((r = html_ready_of(pg, &pg->w->domains[i])) == NULL) {
		fputs("<strong>no report</strong> in these days.</p>\n</div>\n",
		    fp);
		return;
	}
	fprintf(fp, "<strong id=\"verdict-%zu\">", idx);
	html_text_max(fp, readiness_verdict_word(r->verdict), HTML_CELL_MAX);
	fputs("</strong> &mdash; ", fp);
	html_text_max(fp, r->advice, HTML_CELL_MAX);
	fputs(".</p>\n<p class=\"muted\">", fp);
	html_text_max(fp, r->reasons, READY_REASONS_MAX);
	fputs(".</p>\n", fp);
	if (r->verdict == RV_FIX_FIRST) {
		fputs("<ul class=\"fix\">\n", fp);
		for (k = r->group0; k < r->group0 + r->ngroups; k++) {
			g = &pg->rd->groups[k];
			if (g->failing <= 0 || (g->verdict != SV_NOT_SET_UP &&
			    g->verdict != SV_YOURS && g->verdict != SV_ALIGNED))
				continue;
			fputs("<li><strong>", fp);
			html_text_max(fp, g->svc != NULL ? g->svc->name :
			    "(no service known)", HTML_CELL_MAX);
			fputs("</strong>: ", fp);
			html_put_int(fp, g->failing);
			fputs(" failing messages: ", fp);
			html_text_max(fp, g->fix, SVC_FIX_MAX);
			fputs("</li>\n", fp);
		}
		fputs("</ul>\n", fp);
	}
	fputs("</div>\n", fp);
}

void
html_write_actions(FILE *fp, const struct html_page *pg,
    const struct weekly_domain *d, const struct html_policy *pol, size_t idx)
{
	size_t n = 0, k;

	fprintf(fp, "<div class=\"actions\" id=\"actions-%zu\">\n<h3>What to do"
	    "</h3>\n<ol>\n", idx);
	put_findings(fp, pol, SEV_BAD, idx, &n);
	put_source(fp, top_source(d, false, 0), false, idx, &n);
	put_findings(fp, pol, SEV_WARN, idx, &n);
	put_source(fp, top_fixable(d), true, idx, &n);
	put_policy_step(fp, pg, d, idx, &n);
	for (k = 1; n < ACTIONS_MAX && top_source(d, false, k) != NULL; k++)
		put_source(fp, top_source(d, false, k), false, idx, &n);
	fputs("</ol>\n", fp);
	if (n == 0)
		fprintf(fp, "<p class=\"s-ok\" id=\"noaction-%zu\">Nothing to do this"
		    " week%s.</p>\n", idx, pg->dns_ran ? "" :
		    " as far as the reports tell (DNS was not checked)");
	fputs("</div>\n", fp);
}
