/*
 * report/query/weekly.h -- the data behind the weekly HTML page.
 *
 * Design rationale: weekly_build() reads the database once per question
 * (reports in range with their per-report totals from report_stats, the
 * failing records of the window's reports, the ingest log) and returns
 * one plain struct that report/html/html.c turns into markup.  Nothing here
 * prints and nothing here does DNS: PTR names, organizations, "passes SPF
 * today" and the published policy are filled in afterwards by cmd_html.c
 * (through report/dns/ptr.h, report/query/failures.h and report/check/check.h), so this
 * module is a pure function of the database and the window, and its
 * numbers are what tests/unit/report/test_weekly.c checks exactly.
 *
 * Counting rule (documented in docs/cron.md too).  A report covers the
 * half-open interval [date_begin, date_end) (a report with date_end ==
 * date_begin covers the instant date_begin).  Its count C is spread over
 * time in proportion to seconds, with cumulative floor rounding: the part
 * of C that falls in [a, b) is
 *	floor(C * F(b) / D) - floor(C * F(a) / D)
 * where D = date_end - date_begin and F(t) = clamp(t - date_begin, 0, D).
 * The parts of adjacent intervals add up exactly (no message is created or
 * lost by rounding), each part is within one message of its exact
 * pro-rated value, and a report that lies inside one UTC day counts whole
 * on that day.  Every figure on the page (days, window, previous window,
 * dispositions, 4-week history) uses this rule on the report's totals;
 * the failing messages a report puts in the window are then shared out
 * among its failing records with the same cumulative rule (in record id
 * order), so the "top failing sources" add up to the domain's failures.
 * Dispositions are spread column by column, so for a report that crosses
 * the window's edge their sum may differ by a message from pass + fail.
 *
 * Bounded work on big weeks: all failing sources are counted, but only
 * the top WEEKLY_DETAIL of each domain are "detailed" -- their "what
 * failed" is read from their first WEEKLY_SAMPLE failing records (by id),
 * and only they get PTR names and SPF verdicts (cmd_html.c).  DKIM
 * selectors "in use" are the (d=, selector) pairs under the domain that
 * some record of a window report names, found from the dkim_results index
 * (distinct pairs first, then one probe per pair), not by a record scan.
 *
 * Senders that pass: the same read of each window report's records
 * (sql/report/weekly-records.sql) shares the report's passing messages in
 * the window out among its passing records by the same rule, so a
 * domain's passing senders add up to its passing messages; only the top
 * weekly_opts.pass_top of each domain are kept (with the number and the
 * messages of the rest), and only they get PTR names (cmd_html.c).
 *
 * Classification evidence (issue 12): the detailed sources get
 * weekly_source.evidence, report_failures()'s row of the pair (DKIM and
 * SPF domains, header_from, failing, forwarded and mailing-list messages
 * over the window), from the window rollup (weekly_ev.c, rollup.c), so
 * that cmd_html.c classifies them without reading the window again.
 */
#ifndef DR_WEEKLY_H
#define DR_WEEKLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct store;
struct fail_row;

#define WEEKLY_DAY		86400
#define WEEKLY_MAX_DAYS		92	/* longest window the page draws */
#define WEEKLY_HIST_WEEKS	4	/* pass-rate history for p=none advice */
#define WEEKLY_MAX_SELECTORS	32	/* DKIM selectors kept per domain */
#define WEEKLY_MAX_REJECTS	50	/* rejected inputs listed */
#define WEEKLY_DETAIL		100	/* top sources per domain given details */
#define WEEKLY_SAMPLE		16	/* failing records read per source */
#define WEEKLY_PASS_TOP		20	/* passing senders kept per domain
					 * when weekly_opts.pass_top is 0 */

/* What failed for a source, over all its failing records (bit set). */
enum weekly_what {
	WF_DKIM_NONE = 0x001,		/* no DKIM signature reported */
	WF_DKIM_FAIL = 0x002,		/* signature failed to verify */
	WF_DKIM_UNALIGNED = 0x004,	/* a signature passed, other domain */
	WF_DKIM_TEMP = 0x008,		/* temperror/permerror/neutral/policy */
	WF_SPF_NONE = 0x010,		/* no SPF result / none */
	WF_SPF_FAIL = 0x020,
	WF_SPF_SOFTFAIL = 0x040,
	WF_SPF_UNALIGNED = 0x080,	/* SPF passed for another domain */
	WF_SPF_TEMP = 0x100,		/* temperror/permerror/neutral/policy */
	WF_FORWARDED = 0x200,		/* reporter named a forwarder/list reason */
};

struct weekly_day {
	int64_t		 start;		/* 00:00 UTC of the day */
	int64_t		 pass;		/* DMARC pass messages */
	int64_t		 fail;
};

struct weekly_source {
	char		*ip;
	int64_t		 msgs;		/* failing messages in the window */
	unsigned	 what;		/* enum weekly_what bits (detailed only) */
	bool		 detailed;	/* among the top WEEKLY_DETAIL of its domain */
	int64_t		 sample[WEEKLY_SAMPLE][2];	/* (report, record)
							   ids of its first
							   failing records */
	size_t		 n_sample;
	size_t		*reporters;	/* weekly.reporters indexes, distinct, */
	size_t		 n_reporters;	/* in the order first seen (by */
	int64_t		*rep_first;	/* their first report id here) */
	size_t		 cap_reporters;
	/* Filled by cmd_html.c after the DNS step (NULL / -1 when unknown). */
	char		*ptr;		/* PTR cell: a name, or what is known */
	bool		 has_ptr_name;	/* ptr is a forward-confirmed-or-not name
					 * (not "not looked up", "could not
					 * check", "none") */
	char		*org;		/* sending organization */
	int		 spf_today;	/* 1 passes SPF now, 0 does not, -1 not
					 * checked, -2 lookups failed */
	bool		 known;		/* known forwarder or service */
	char		*known_what;	/* e.g. "forwarder", "Google" */
	/* The network (report/dns/asn.h), for the page and for callers that
	 * classify sources: asn 0 when not known. */
	uint32_t	 asn;		/* origin AS */
	char		*as_name;	/* "GOOGLE, US", NULL when not known */
	char		*cc;		/* country of the prefix, "US", or NULL */
	char		*network;	/* the cell: "GOOGLE, US (AS15169)",
					 * "no ASN known", "could not check
					 * (timeout)", "not looked up" */
	/* The catalogue of sending services (report/query/services.h),
	 * filled by cmd_html.c; NULL / -1 when not classified. */
	char		*svc_name;	/* "Mailchimp"; NULL: no service */
	const char	*svc_kind;	/* "ESP / marketing" (static) */
	int		 verdict;	/* enum svc_verdict, -1 none */
	char		*matched;	/* "dkim d=mcsv.net" */
	char		*fix;		/* plain words */
	char		*hfrom;		/* the header_from it was judged for */
	/* What classification needs (detailed sources only, NULL
	 * otherwise): report_failures()'s row of (domain, ip) over the
	 * window, read from the records of the page's own scan; its sets
	 * and counts, not first_seen, last_seen, reporters or align_diff. */
	struct fail_row	*evidence;
};

/* A source IP whose messages passed DMARC in the window. */
struct weekly_passer {
	char		*ip;
	int64_t		 msgs;		/* passing messages in the window */
	int64_t		 spf_aligned;	/* of those, aligned SPF passed */
	int64_t		 dkim_aligned;	/* of those, aligned DKIM passed */
	char		*ptr;		/* filled by cmd_html.c: a name, "(no
					 * PTR)", "not looked up", "could not
					 * check (CAUSE)"; NULL before */
};

struct weekly_selector {
	char		*domain;	/* d= of the signature */
	char		*selector;
};

struct weekly_domain {
	char		*name;
	int64_t		 reports;	/* reports overlapping the window */
	int64_t		 pass;		/* messages in the window */
	int64_t		 fail;
	int64_t		 disp_none, disp_quarantine, disp_reject, disp_other;
	struct weekly_day *days;	/* weekly.ndays entries */
	int64_t		 prev_pass, prev_fail;	/* previous window */
	int64_t		 hist_pass[WEEKLY_HIST_WEEKS];	/* [0]: 7 days to the end */
	int64_t		 hist_fail[WEEKLY_HIST_WEEKS];
	char		*rep_p, *rep_sp;	/* policy_published of the latest report */
	int64_t		 rep_pct;	/* -1 when absent */
	int64_t		 rep_latest;	/* its date_begin (internal) */
	struct weekly_source *sources;	/* sorted: msgs desc, ip */
	size_t		 n_sources;
	struct weekly_passer *passers;	/* the top ones: msgs desc, ip */
	size_t		 n_passers;
	size_t		 passers_total;	/* distinct passing IPs, all of them */
	int64_t		 passers_rest;	/* passing messages of the others */
	struct weekly_selector *selectors;	/* sorted by domain, selector */
	size_t		 n_selectors;
};

struct weekly_reporter {
	char		*name;		/* org_name as received (smallest spelling) */
	char		*key;		/* org_key */
	int64_t		 reports;
	int64_t		 msgs;		/* messages in the window */
};

struct weekly_reject {
	char		*path;
	char		*part;		/* attachment / member, or NULL */
	char		*outcome;	/* messages.outcome or ingest_log.outcome */
	char		*reason;
	char		*detail;
	int64_t		 at;		/* ingested_at */
};

struct weekly_opts {
	int64_t		 start, end;	/* window [start, end), whole UTC days */
	const char *const *domains;	/* only these (lower-case); NULL/0: all */
	size_t		 n_domains;
	int64_t		 now;		/* generation time: rejects up to it */
	size_t		 pass_top;	/* passing senders kept per domain;
					 * 0: WEEKLY_PASS_TOP */
	struct store	*cache_st;	/* where the window rollup is stored
					 * (the database, or --write-db's
					 * primary); NULL: read, not stored */
};

struct weekly {
	int64_t		 start, end, now;
	int		 ndays;
	int64_t		 reports, prev_reports;
	int64_t		 msgs, prev_msgs;
	int64_t		 pass, prev_pass;
	struct weekly_domain *domains;	/* with messages or reports in the window
					   (plus every --domain asked for) */
	size_t		 n_domains;
	struct weekly_reporter *reporters;	/* sorted: msgs desc, name */
	size_t		 n_reporters;
	/* Ingest log from start to now. */
	/* in_reports: reports newly stored from those messages (what
	 * dmarc-ingest calls stored=). */
	int64_t		 in_reports;
	int64_t		 in_total, in_stored, in_duplicate, in_conflict,
			 in_not_report, in_rejected;
	struct weekly_reject *rejects;	/* newest first, at most WEEKLY_MAX_REJECTS */
	size_t		 n_rejects;
	int64_t		 rejects_total;
};

/* Builds the page data for o's window.  *out is NULL after a failure. */
int	weekly_build(struct weekly **out, struct store *st,
	    const struct weekly_opts *o, struct dr_err *err);
void	weekly_free(struct weekly *w);	/* accepts NULL */
/* True when a count the page shows is saturated (util/count.h): the
 * database holds a count no report can have. */
bool	weekly_has_sat(const struct weekly *w);

/* The part of count that falls in [from, to) for a report over
 * [begin, end) under the cumulative floor rule above. */
int64_t	weekly_share(int64_t count, int64_t begin, int64_t end, int64_t from,
	    int64_t to);

/* Monday 00:00 UTC of ISO week "YYYY-Www"; -1 when invalid. */
int	weekly_parse_isoweek(const char *s, int64_t *monday);
/* ISO week "YYYY-Www" of t into out (at least 9 bytes). */
void	weekly_fmt_isoweek(int64_t t, char *out, size_t outlen);

#endif
