/*
 * report/html/html.h -- the weekly page writer.
 *
 * The folder report/html/: the weekly page (html.c, html_lists.c,
 * html_chart.c), its DNS findings (html_dns.c) and its MIME mail
 * (html_mail.c).  May use: util/, report/records, report/dns,
 * report/query, report/out (escaping), report/check.  Nothing here reads
 * the database: cmd_html.c hands it a struct weekly.
 *
 * Design rationale: html_write() turns a struct weekly (report/query/weekly.h)
 * plus the DNS findings that cmd_html.c gathered into one self-contained
 * HTML5 document: inline CSS (with @media print and a narrow-screen
 * layout), inline SVG charts each with <title>, aria-label and a data
 * table beside it, no <script>, no external URL of any kind, and a
 * Content-Security-Policy meta that forbids both anyway.  Only constant
 * markup is written directly; every data string goes through
 * report/out/escape.h, and no element id, class or href is ever made from
 * data (ids are "d-<n>" by position).  Colour is never the only signal:
 * every status has a word, every chart has a hatch pattern and a table.
 * Numbers are exact integers with thousands separators; rates are shown
 * rounded down to 0.1 % (so "100.0 %" means no failure at all).
 */
#ifndef DR_HTML_H
#define DR_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/query/readiness.h"
#include "report/query/weekly.h"

enum html_sev {
	SEV_OK,			/* good news, nothing to do */
	SEV_INFO,		/* worth knowing */
	SEV_WARN,		/* should be looked at */
	SEV_BAD,		/* broken: mail is at risk */
};

struct html_finding {
	enum html_sev	 sev;
	char		*text;		/* plain language; may quote DNS data */
};

/* What the DNS checks found for one domain (filled by cmd_html.c). */
struct html_policy {
	bool		 checked;	/* the checks ran (not --no-dns, no error) */
	char		*record;	/* the DMARC record as published, or NULL */
	char		*p;		/* its p= (none|quarantine|reject), or NULL */
	const char	*dmarc_status;	/* check.h status (static), or NULL */
	const char	*dmarc_cause;	/* temperror: "refused", ... (static) */
	struct html_finding *f;
	size_t		 n, cap;
};

struct html_page {
	const struct weekly	*w;
	const char		*label;		/* "2026-W46" or NULL */
	int64_t			 generated;	/* Unix s, shown in the header */
	bool			 dns_ran;	/* false with --no-dns */
	bool			 show_asn;	/* the network column (not --no-asn) */
	const struct html_policy *policies;	/* one per w->domains, or NULL */
	size_t			 top_n;		/* sources shown per group; 0: 20 */
	/* Readiness for a stricter policy over the DR_READY_DAYS days that
	 * end with the window (report/query/readiness.h), as `dmarc-report
	 * readiness` gives it: rd, and ready[i] w->domains[i]'s (NULL: no
	 * report in those days); rd NULL: not computed.  Shown atop each
	 * domain, and its advice is the action list's policy step. */
	const struct readiness	*rd;
	const struct ready_domain *const *ready;
	int64_t			 ready_start;	/* its first day */
	bool			 mail;		/* for --mail: no SVG (Gmail and
						   Outlook drop it), charts as
						   table cells */
};

/* Writes the page; returns 0, or -1 when fp reported an error. */
int	html_write(FILE *fp, const struct html_page *pg);

/* Adds a finding (text formatted like printf); -1 when out of memory.
 * A finding whose text is already listed is not added again. */
int	html_policy_add(struct html_policy *p, enum html_sev sev, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
void	html_policy_release(struct html_policy *p);

/* Helpers shared with the plain-text part of --mail. */
/* "1,234,567" into out (>= 32 bytes). */
void	html_fmt_int(int64_t v, char *out, size_t outlen);
/* "97.5" (rounded down to 0.1) for part of whole, or "-" when whole is 0. */
void	html_fmt_rate(int64_t part, int64_t whole, char *out, size_t outlen);
/* "2026-11-23 12:00 UTC" */
void	html_fmt_time(int64_t t, char *out, size_t outlen);
/* Plain-language list of what failed ("DKIM: fail; SPF: softfail"). */
void	html_fmt_what(unsigned what, char *out, size_t outlen);
/* The readiness block of w->domains[i] (its section's idx); the
 * readiness of d, or NULL. */
void	html_write_readiness(FILE *fp, const struct html_page *pg, size_t i,
	    size_t idx);
const struct ready_domain *html_ready_of(const struct html_page *pg,
	    const struct weekly_domain *d);

#endif
