/*
 * report/check/policy_now.h -- the "policy as published now" columns of
 * `summary` (DMARC NOW, SPF NOW, DKIM NOW, JSON "dns") and `failures`
 * (SPF TODAY), taken from the DNS checks of report/check.h.
 *
 * Design rationale: the commands stay thin; this module asks the store
 * which DKIM selectors the domain's reports name, runs one concurrent
 * check of every distinct domain on one resolver (check_run() or
 * check_rows()), and boils each result down to short texts and to the
 * JSON fields.  Nothing here touches DNS under --no-dns.  A lookup that
 * timed out or failed (SERVFAIL, refused) is "could not check (CAUSE)" in
 * the texts and status "temperror" with its cause in JSON, never "none":
 * "none" only ever means the record is absent.
 */
#ifndef DR_POLICY_NOW_H
#define DR_POLICY_NOW_H

#include <stdbool.h>
#include <stddef.h>

#include "report/out/out_json.h"
#include "report/query/opts.h"
#include "util/err.h"

struct store;

/* One domain's published policy now.  Pointers are to static strings. */
struct policy_now {
	bool		 checked;	/* false: --no-dns or not a DNS name */
	char		 dmarc[96];	/* "p=reject sp=quarantine", "none", ... */
	char		 spf[64];	/* "valid, 7 lookups", "permerror: 11 lookups" */
	char		 dkim[96];	/* "2 ok, 1 broken", "no selectors", ... */
	const char	*dmarc_p;	/* NULL when no usable record */
	const char	*dmarc_sp;
	const char	*dmarc_status;	/* ok none invalid several temperror */
	const char	*dmarc_cause;	/* temperror: "refused", ...; else NULL */
	int		 spf_valid;	/* 1, 0, -1 unknown (temperror) */
	int		 spf_lookups;	/* -1 unknown */
	const char	*spf_status;	/* ok none permerror temperror */
	const char	*spf_cause;	/* temperror: its cause; else NULL */
	int		 dkim_ok, dkim_broken, dkim_temp;
	const char	*dkim_status;	/* ok broken temperror no_selectors */
	const char	*dkim_cause;	/* the first temperror's cause, or NULL */
};

/*
 * Fills out[i] for domains[i] (policy domains of a summary).  The DKIM
 * selectors checked are those the domain's reports in the window name for
 * the domain itself.  Under o->no_dns it only clears out.  Returns -1 on
 * out-of-memory, a database error or a bad --dns-server; DNS failures are
 * results.
 */
int	policy_now_domains(struct store *st, const struct report_opts *o,
	    const char *const *domains, size_t n, struct policy_now *out,
	    struct dr_err *err);

/* Writes p as the JSON object {"dmarc_p":...}, or null when unchecked;
 * each *_status "temperror" has its *_cause (else null). */
void	policy_now_json(struct json_writer *w, const struct policy_now *p);

/* The SPF verdict of one (domain, source IP) row with today's record. */
struct spf_today {
	const char	*verdict;	/* "pass", "fail", ... or NULL unchecked */
	char		 mechanism[320];	/* deciding term or cause, may be "" */
	char		 text[340];	/* "pass (ip4:198.51.100.0/24)" or "" */
};

/*
 * Fills out[i] for (domains[i], ips[i]): each distinct domain is checked
 * once with the IPs of its rows.  Under o->no_dns it only clears out.
 * Returns -1 on out-of-memory or a bad --dns-server.
 */
int	policy_now_spf_today(const struct report_opts *o,
	    const char *const *domains, const char *const *ips, size_t n,
	    struct spf_today *out, struct dr_err *err);

#endif
