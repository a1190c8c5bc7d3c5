/*
 * report/check/check.h -- live DNS policy checks of a domain: DMARC, SPF, DKIM,
 *
 * The folder report/check/: what DNS says now about a domain.  check.c
 * runs the checks, check_rows.c the per-row SPF verdicts, spf_eval.c SPF
 * check_host(), check_out.c writes and stores results (the store's check
 * cache, sql/report/check-*.sql), policy_now.c the policy-now columns of
 * summary and failures.  May use: util/, store/ (read API), report/records,
 * report/dns, report/query (options), report/out (JSON writer).
 *
 * MX and the rua external-destination authorization, as they stand now.
 *
 * Design rationale: reports say what happened last week; the fix is in
 * DNS, so failures are shown beside what DNS says today.  Each domain's
 * check is a function over the run's answer set (report/dns/dnsrun.h) that
 * either finishes or queues the queries it still needs; check_run() sends
 * the queued queries of every domain together on one c-ares channel, waits,
 * and steps again.  All first-level queries of all domains are therefore in
 * flight at once, and an answer needed by several domains or IPs is asked
 * once.  A timeout or SERVFAIL is reported as "temperror" ("could not
 * check"), never as "no record".
 *
 * Other commands (failures, summary, html) call check_run() with the
 * failing source IPs of a domain and read the per-IP SPF verdicts and
 * check_summarize(); `dmarc-report check` prints everything.
 */
#ifndef DR_CHECK_H
#define DR_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/records/dkim.h"
#include "report/records/dmarc_record.h"
#include "report/records/dnsmsg.h"
#include "report/check/spf_eval.h"
#include "util/err.h"
#include "util/limits.h"

struct dnsrun;
struct resolver;
struct store;
struct json_writer;

/* What one domain's check is asked to do (borrowed strings). */
struct check_req {
	const char		*domain;
	const char *const	*selectors;	/* DKIM selectors to look at */
	size_t			 n_selectors;
	const char *const	*ips;		/* source IPs to evaluate SPF for */
	size_t			 n_ips;
	/* SPF %{s} (LOCAL@DOMAIN) and %{h}; NULL: postmaster@domain and
	 * domain */
	const char		*sender;
	const char		*helo;
};

/* Statuses, as printed: "ok", "invalid", "none", "several", "permerror",
 * "temperror"; a DKIM selector that cannot make a DNS name (a label over
 * 63 octets, SELECTOR._domainkey.DOMAIN over DR_MAX_DOMAIN_LEN, an empty
 * label or a byte no name has) is "bad-selector", never looked up. */

/* A "temperror" part also has a cause: the first failed lookup's
 * dns_status_cause() ("timeout", "refused", "SERVFAIL", "bad reply");
 * NULL otherwise.  Outputs write it as "could not check (CAUSE)". */
struct check_dmarc {
	const char		*status;
	const char		*cause;
	char			 name[280];	/* where the record was found */
	char			*record;	/* owned, or NULL */
	bool			 at_org;	/* found at the org domain */
	struct dmarc_txt	 rec;		/* parsed (when record) */
	struct dnsmsg		 errors;	/* discovery + record errors */
	struct dnsmsg		 warnings;
};

struct check_rua {
	char			 uri[DMARC_MAX_URI_LEN];
	char			 host[DMARC_MAX_HOST_LEN];
	bool			 external;
	int			 authorized;	/* 1 yes, 0 no, -1 unknown */
	const char		*cause;		/* authorized -1: why */
};

struct check_ip {
	char			 ip[64];
	bool			 ok;		/* parsed as an address */
	struct spf_eval		*ev;		/* owned */
};

struct check_spf {
	const char		*status;
	const char		*cause;
	char			*record;	/* owned, or NULL */
	bool			 valid;
	int			 lookups, voids;
	enum spf_result		 walk_result;
	struct dnsmsg		 errors;
	struct dnsmsg		 warnings;
	struct check_ip		*ips;		/* n_ips entries */
	size_t			 n_ips;
};

struct check_dkim {
	char			*selector;	/* owned, whole */
	char			 name[DR_DOMAIN_BUF];	/* SELECTOR._domainkey.DOMAIN,
						 * "" when it cannot be one */
	const char		*status;
	const char		*cause;
	char			*record;	/* owned, or NULL */
	char			 cname[260];	/* "" when not a CNAME */
	struct dkim_key		 key;
	struct dnsmsg		 errors;	/* lookup-level errors */
};

struct check_result {
	char			 domain[DR_DOMAIN_BUF];
	char			 org_domain[DR_DOMAIN_BUF];
	int64_t			 checked_at;	/* Unix s */
	struct check_dmarc	 dmarc;
	struct check_rua	 rua[DMARC_MAX_URIS];
	size_t			 n_rua;
	struct check_spf	 spf;
	struct check_dkim	*dkim;
	size_t			 n_dkim;
	const char		*mx_status;
	const char		*mx_cause;
	char			 mx[DR_CHECK_MAX_MX][260];	/* "10 mx.example.com" */
	size_t			 n_mx;
	unsigned		 done;		/* internal: finished parts */
};

/*
 * Checks n domains concurrently on r.  *out is an array of n results (free
 * with check_results_free()).  Returns 0, or -1 on out-of-memory or a bad
 * request (err filled); DNS failures are results, not errors.
 */
int		 check_run(struct resolver *r, const struct check_req *reqs,
		    size_t n, struct check_result **out, struct dr_err *err);
void		 check_results_free(struct check_result *res, size_t n);

/* One stepping of one domain over run (tests use it with an offline run).
 * Returns 0 when finished, 1 when queries are queued, -1 on OOM. */
int		 check_init(struct check_result *res, const struct check_req *req);
int		 check_step(struct check_result *res, const struct check_req *req,
		    struct dnsrun *run);

/* The policy columns other commands show next to failures. */
struct check_summary {
	const char	*dmarc_p;	/* "reject", ..., "invalid", "none",
					 * "temperror" */
	const char	*dmarc_sp;
	int		 spf_valid;	/* 1, 0, -1 unknown (temperror) */
	int		 spf_lookups;
	int		 dkim_ok;	/* selectors with a valid key */
	int		 dkim_broken;	/* missing, revoked, invalid */
};
void		 check_summarize(const struct check_result *res,
		    struct check_summary *sum);

/* The SPF verdict for ip ("pass", "fail", ...) and the deciding term
 * (may be ""), or NULL when ip was not in the request. */
const char	*check_ip_verdict(const struct check_result *res, const char *ip,
		    const char **mechanism);

/*
 * For the per-(domain, IP) tables of failures/summary/html: checks each
 * distinct domain of domains[0..n) once, with the IPs of its rows, on a
 * resolver made from server ("IP[:PORT]" or NULL for the system's) with
 * the configuration's dns-timeout and dns-tries (timeout_ms, tries; 0: the
 * built-in ones).  row_res[i] gets the index into *out of row i's domain;
 * *nout the number of results.  NULL ips[i] adds no IP.  Free with
 * check_results_free(*out, *nout) and free(row_res).
 */
int		 check_rows(const char *server, int timeout_ms, int tries,
		    const char *const *domains, const char *const *ips,
		    size_t n, struct check_result **out,
		    size_t *nout, size_t **row_res, struct dr_err *err);

/* Writes one domain's result as the JSON object of `check --format json`. */
void		 check_json(struct json_writer *w, const struct check_result *res);

/* Stores the results with their time in dns_checks (sql/migrations/
 * 0003-dns-checks.sql): a row per state, first_seen/last_seen, so a change
 * of record shows as a new row.  Temporary errors are not stored. */
int		 check_store(struct store *st, const struct check_result *res,
		    size_t n, struct dr_err *err);

#endif
