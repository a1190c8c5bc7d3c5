/*
 * report/query/failures.h -- the aggregations behind summary, failures, sources
 * and reports: rows of C structs, no printing (the HTML page and the unit
 * tests call these directly).
 *
 * Window rule (all functions): a report counts, whole, when its range
 * overlaps the window [o->win_start, o->win_end).  A report's range is
 * taken as [date_begin, date_end) -- reporters write the end either as
 * 23:59:59 or as the next midnight; half-open keeps a day's report from
 * leaking into the next day's window.  A zero-length range counts when its
 * instant is inside the window.
 *
 * Domains: o->domains (lower case) or, when o->n_domains is 0, every
 * policy domain with a report in the window, in alphabetical order.
 *
 * "Nothing to show" is an error with a reason the caller turns into exit
 * status 1: R_EMPTY_DB (no report at all), R_UNKNOWN_DOMAIN (a --domain no
 * report was ever about), R_EMPTY_WINDOW (no report in the window).
 */
#ifndef DR_FAILURES_H
#define DR_FAILURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/dns/asn.h"
#include "report/dns/ptr.h"
#include "report/query/opts.h"
#include "util/err.h"

struct store;

/* A small sorted set of distinct strings (copies), capped. */
#define STRSET_MAX	1000
struct strset {
	char	**v;		/* sorted, owned */
	size_t	 n, cap;
	bool	 truncated;	/* more distinct values than STRSET_MAX */
};
int	strset_add(struct strset *s, const char *str);	/* NULL/"" ignored */
void	strset_release(struct strset *s);

/* One (policy domain, source IP) over the window. */
/*
 * What the weekly page takes from an interval's row (rollup.c, migration
 * 14; sql/migrations/0014-rollup-week.sql says what each holds): the
 * shares of reports wholly in a window, which are their whole counts.
 */
#define FAIL_WK_SAMPLE	16	/* = WEEKLY_SAMPLE (weekly.h) */
struct fail_wk_rep {
	int64_t		 rid;	/* its first report with failing records here */
	char		*key;	/* its org_key */
};
struct fail_wk_fail {			/* of a source with failing shares */
	int64_t		 sample[FAIL_WK_SAMPLE][2];	/* (report, record)
							   ids, ascending */
	size_t		 n_sample;
	struct fail_wk_rep *rep;	/* in the order of rid */
	size_t		 n_rep, cap_rep;
};
struct fail_wk {
	int64_t		 fail, pass, pass_dkim, pass_spf;
	struct fail_wk_fail *f;		/* NULL while fail is 0 (most
					   sources pass: 40 bytes, not 300) */
};

struct fail_row {
	char		*domain;
	char		*source_ip;
	int64_t		 records;
	int64_t		 messages;
	int64_t		 dmarc_fail;	/* neither dkim_eval nor spf_eval = pass */
	int64_t		 spf_fail;	/* spf_eval = 'fail' */
	int64_t		 dkim_fail;	/* dkim_eval = 'fail' */
	int64_t		 disp_quarantine, disp_reject;
	int64_t		 align_diff;	/* messages whose recomputed alignment
					   disagrees with the reporter */
	int64_t		 forwarded;	/* messages with a reporter reason
					   forwarded / trusted_forwarder */
	int64_t		 mailing_list;	/* ... with reason mailing_list */
	int64_t		 first_seen;	/* min date_begin */
	int64_t		 last_seen;	/* max date_end */
	struct strset	 header_from, spf_domains, dkim_domains, reporters;
	struct fail_wk	*wk;		/* an interval computed by the rollup;
					   else NULL */
};

struct fail_rows {
	struct fail_row	*v;
	size_t		 n, cap;
};

/*
 * Every (domain, IP) with traffic in the window (only_failing: only those
 * with dmarc_fail > 0), sorted by dmarc_fail, then messages, descending,
 * then domain and IP.  out is empty on entry and must be released.
 */
int	report_failures(struct store *st, const struct report_opts *o,
	    bool only_failing, struct fail_rows *out, struct dr_err *err);
/*
 * report_failures(only_failing = false)'s rows, for readiness and the
 * weekly page's verdict: domain, source_ip, records, messages, dmarc_fail,
 * spf_fail, dkim_fail, forwarded, mailing_list, header_from, spf_domains
 * and dkim_domains as there; disp_quarantine, disp_reject, align_diff,
 * reporters are left empty and first_seen, last_seen 0.  Reads each
 * report's results in one range instead of a seek per record
 * (failures_lite.c): 28 days of 10,000,000 records in a few seconds.
 */
int	report_failures_lite(struct store *st, const struct report_opts *o,
	    struct fail_rows *out, struct dr_err *err);
/*
 * report_failures_lite()'s rows, the same, read from the window rollup
 * (rollup.c, sql/migrations/0012-rollup.sql): what the cache lacks or
 * holds stale is computed from the records and, when wst is not NULL,
 * stored there (st itself, or the primary of a standby); a failure to
 * store is no error.  wst NULL: the cache is read, not written.
 * want (may be NULL): only these domains, and of each only the rows of
 * its ips are promised (others may be there).
 */
struct rollup_want {
	const char		*domain;
	const char *const	*ips;
	size_t			 n;
};
int	report_failures_rollup(struct store *st, struct store *wst,
	    const struct report_opts *o, const struct rollup_want *want,
	    size_t nwant, struct fail_rows *out, struct dr_err *err);
void	fail_rows_release(struct fail_rows *rows);
/* Frees r's members (not r); accepts NULL. */
void	fail_row_release(struct fail_row *r);

/* One policy domain over the window. */
struct summary_row {
	char		*domain;
	int64_t		 reports, reporters, records, messages;
	int64_t		 dmarc_pass, dkim_aligned, spf_aligned;
	int64_t		 disp_none, disp_quarantine, disp_reject;
	/* The rest: disposition pass (GMX), not stated, or a word outside
	 * the schema, so that the four add up to messages. */
	int64_t		 disp_other;
	struct strset	 policies;	/* "p=reject sp=none adkim=r aspf=r pct=100" */
	char		*policy;	/* the one most reports showed */
};

struct summary_rows {
	struct summary_row	*v;
	size_t			 n, cap;
};

int	report_summary(struct store *st, const struct report_opts *o,
	    struct summary_rows *out, struct dr_err *err);
/* Only domain, reports, reporters, policies and policy (the rest 0):
 * what readiness reads (sql/report/summary-counts.sql, no sums). */
int	report_summary_counts(struct store *st, const struct report_opts *o,
	    struct summary_rows *out, struct dr_err *err);
void	summary_rows_release(struct summary_rows *rows);
void	summary_row_release(struct summary_row *r);	/* its members */

/*
 * Checks the domains and the window before a command runs and fails with
 * R_EMPTY_DB / R_UNKNOWN_DOMAIN / R_EMPTY_WINDOW and a clear detail.
 */
int	report_check_scope(struct store *st, const struct report_opts *o,
	    struct dr_err *err);

/* The policy domains with a report in the window (copies, sorted). */
int	report_window_domains(struct store *st, const struct report_opts *o,
	    struct strset *out, struct dr_err *err);

/* --- sources: all traffic per IP, grouped by sending organization --- */

struct source_row {
	char		*org;		/* group label, see source_org_label() */
	char		*source_ip;
	struct ptr_info	 ptr;
	struct asn_info	 asn;		/* filled by the caller (cmd_sources.c);
					 * zero: ASN_UNKNOWN */
	int64_t		 messages, dmarc_fail, spf_fail, dkim_fail, align_diff;
	int64_t		 first_seen, last_seen;
	int64_t		 forwarded, mailing_list;	/* as in fail_row */
	struct strset	 domains, header_from, reporters;
	struct strset	 spf_domains, dkim_domains;	/* for services */
};

struct source_org {
	char		*org;
	size_t		 ips;
	int64_t		 messages, dmarc_fail;
};

struct sources {
	struct source_row	*v;	/* grouped by org, orgs in orgs[] order */
	size_t			 n;
	struct source_org	*orgs;	/* by messages, descending */
	size_t			 norgs;
};

/*
 * The organization of an IP is the organizational domain (libpsl) of its
 * PTR name when the name is forward-confirmed; an unconfirmed name gives
 * "ORG (unconfirmed)" -- anyone can write any PTR for their own addresses
 * -- and IPs without a name go to "(no PTR)", "could not check (CAUSE)" or
 * "not looked up" (--no-dns and not cached).
 */
void	source_org_label(const struct ptr_info *p, char *out, size_t outlen);
int	report_sources(struct store *st, const struct report_opts *o,
	    const struct ptr_opts *po, struct sources *out,
	    struct ptr_stats *ps, struct dr_err *err);
void	sources_release(struct sources *s);

#endif
