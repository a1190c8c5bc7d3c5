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
 * quarantine, quarantine to reject) when the pass rate allows it, then
 * the next unknown senders.  Links
 * are "#policy-N", "#src-N-u", "#src-N-k" and "#h-thresholds-N", ids the
 * page writes; no id or href is made from data, and every data string is
 * escaped (report/out/escape.h).
 */
#include <inttypes.h>
#include <string.h>

#include "report/out/escape.h"
#include "report/html/html.h"
#include "report/html/html_int.h"
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

/* The next policy step, when the pass rate allows it. */
static void
put_policy_step(FILE *fp, const struct html_policy *pol,
    const struct weekly_domain *d, size_t idx, size_t *n)
{
	const char *p = pol != NULL && pol->checked ? pol->p : NULL;

	if (p == NULL)
		p = d->rep_p;
	if (p == NULL || *n >= ACTIONS_MAX || !html_ready_for_enforcement(d))
		return;
	if (strcmp(p, "none") == 0)
		fputs("<li>Move to p=quarantine: at least 98&#8239;% of messages passed"
		    " DMARC in each of the last four weeks.", fp);
	else if (strcmp(p, "quarantine") == 0)
		fputs("<li>Consider p=reject: at least 98&#8239;% of messages passed"
		    " DMARC in each of the last four weeks.", fp);
	else
		return;
	fprintf(fp, " <a href=\"#policy-%zu\">See the policy</a></li>\n", idx);
	(*n)++;
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
	put_policy_step(fp, pol, d, idx, &n);
	for (k = 1; n < ACTIONS_MAX && top_source(d, false, k) != NULL; k++)
		put_source(fp, top_source(d, false, k), false, idx, &n);
	fputs("</ol>\n", fp);
	if (n == 0)
		fprintf(fp, "<p class=\"s-ok\" id=\"noaction-%zu\">Nothing to do this"
		    " week%s.</p>\n", idx, pg->dns_ran ? "" :
		    " as far as the reports tell (DNS was not checked)");
	fputs("</div>\n", fp);
}
