/*
 * report/query/readiness.h -- what a stricter DMARC policy would do, per
 * policy domain over the window (issue 12), and the inventory of who sends
 * as the domain.  No printing: report/cmd_readiness.c turns it into a
 * table (and the weekly page may show the verdict).
 *
 * Every (domain, source IP) of report_failures(only_failing = false) is
 * classified (services_classify_row()) and its messages split:
 *   passing      messages that passed DMARC: legitimate
 *   svc_fail     failing mail of known services and of your own servers
 *                (verdicts your-service-not-set-up, yours): legitimate mail
 *                a stricter policy would hit -- the fix list
 *   fwd_fail     failing forwarded and mailing-list mail: legitimate, hit
 *                too, but forwarding breaks SPF by nature; shown apart
 *   spoof        failing mail from unknown senders: what it would stop
 * legit = passing + svc_fail + fwd_fail; legit + spoof = messages.
 * The verdict judges the legitimate mail only (util/limits.h DR_READY_*):
 * a heavily spoofed domain is exactly the one that should move.
 */
#ifndef DR_READINESS_H
#define DR_READINESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/query/services.h"

struct fail_rows;
struct summary_rows;

#define READY_VERDICTS(X) \
	X(RV_NOT_ENOUGH_DATA, "not-enough-data") \
	X(RV_FIX_FIRST, "fix-services-first") \
	X(RV_QUARANTINE, "ready-for-quarantine") \
	X(RV_REJECT, "ready-for-reject")

enum ready_verdict {
#define X(id, word) id,
	READY_VERDICTS(X)
#undef X
	RV__N
};

/* One inventory line: a (service or none, verdict) of one domain. */
struct ready_group {
	const char		*domain;	/* borrowed from the rows */
	const struct svc_service *svc;	/* borrowed; NULL: no service known */
	enum svc_verdict	 verdict;
	int64_t			 messages, failing;	/* failing: DMARC */
	int64_t			 spf_ok, dkim_ok;	/* policy_evaluated spf /
							   dkim not "fail" */
	size_t			 ips;
	char			 fix[SVC_FIX_MAX];	/* the first row's */
};

#define READY_REASONS_MAX	2048

struct ready_domain {
	const char	*domain;	/* borrowed from the summary rows */
	int64_t		 reports, reporters, messages;
	int64_t		 passing, svc_fail, fwd_fail, spoof, legit;
	char		 policy_p[16];	/* none / quarantine / reject / "" */
	int		 pct;		/* the reports'; 100 when not said */
	bool		 policy_from_dns;	/* else: the reports' most seen */
	enum ready_verdict verdict;
	char		 advice[64];	/* "p=quarantine; pct=25 first" */
	char		 reasons[READY_REASONS_MAX];	/* sentences, "; " */
	size_t		 group0, ngroups;	/* its lines in readiness.groups */
};

struct readiness {
	struct ready_domain	*dom;
	size_t			 ndom;
	struct ready_group	*groups;	/* per domain, by messages desc */
	size_t			 ngroups, capgroups;
};

/*
 * Computes out from the window's summary rows (reports, reporters, the
 * policy most seen) and every row of report_failures() with its class
 * cls[i].  dns_p[d] (may be NULL, or NULL per domain): the p= of the
 * record published now, preferred over the reports' (pct always comes from
 * the reports).  0, or -1 on out-of-memory (out released).
 */
int	readiness_compute(const struct summary_rows *sum,
	    const struct fail_rows *rows, const struct svc_class *cls,
	    const char *const *dns_p, struct readiness *out);
/*
 * The same, with the class of rows->v[k] written into *out by
 * cls_of(arg, k, out) when it is needed (once per row), so that a caller
 * over hundreds of thousands of rows holds no class per row.
 */
typedef void (*readiness_cls_fn)(void *arg, size_t k, struct svc_class *out);
int	readiness_compute_fn(const struct summary_rows *sum,
	    const struct fail_rows *rows, readiness_cls_fn cls_of, void *arg,
	    const char *const *dns_p, struct readiness *out);
void	readiness_release(struct readiness *r);
const char	*readiness_verdict_word(enum ready_verdict v);

#endif
