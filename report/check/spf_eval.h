/*
 * report/check/spf_eval.h -- SPF check_host() (RFC 7208) over a per-run
 * DNS answer set; see report/records/spf.h for the record parser.
 */
#ifndef DR_SPF_EVAL_H
#define DR_SPF_EVAL_H

#include "report/records/spf.h"

struct dnsrun;

#define SPF_MAX_DEPTH	(SPF_MAX_LOOKUPS + 2)

struct spf_eval {
	/* in */
	struct spf_ip	 ip;		/* ignored in walk mode */
	bool		 walk;		/* no IP: visit every term, match none */
	char		 sender[SPF_MAX_NAME + 66];	/* "" -> postmaster@domain */
	char		 helo[SPF_MAX_NAME + 1];	/* "" -> domain */
	/* out */
	enum spf_result	 result;
	int		 lookups;	/* DNS-querying terms evaluated */
	int		 voids;		/* void lookups */
	char		 mechanism[320];	/* deciding term, with include path */
	char		 cause[320];	/* why permerror/temperror */
	const char	*dns_cause;	/* temperror: "timeout", "refused",
					 * "SERVFAIL", "bad reply" (static) */
	struct dnsmsg	 warnings;	/* from nested records */
	/* internal */
	char		 stack[SPF_MAX_DEPTH][SPF_MAX_NAME + 1];
	int		 depth;
};

/* Resets the outputs; keeps ip/walk/sender/helo. */
void		 spf_eval_reset(struct spf_eval *ev);
/*
 * check_host(ip, domain, sender).  Returns 0 when finished (ev->result and
 * friends set), 1 when answers are missing from run (the queries are
 * queued there: send them, then call again), -1 when out of memory.
 */
int		 spf_check_host(struct spf_eval *ev, struct dnsrun *run,
		    const char *domain);

#endif
