/*
 * report/dns/resolver.h -- one c-ares channel, many queries in flight.
 *
 * Design rationale: dmarc-report resolves thousands of PTR names and the
 * DNS checks fan out into TXT/A/AAAA/MX queries.  One channel with bounded
 * timeouts and tries runs them concurrently; answers come back through a
 * callback as plain text so the callers (ptr.c, dmarc_record.c, spf.c,
 * dkim.c) never touch c-ares structs.  A timeout or SERVFAIL is a
 * temporary error, never "no record": callers must keep the status.
 *
 * Answer text forms: TXT -> each RR's character-strings joined with nothing
 * in between (RFC 7208 3.3 / RFC 6376 3.6.2.2), one entry per RR;
 * PTR/CNAME/NS -> the target name without trailing dot; A/AAAA -> inet_ntop
 * text; MX -> "PREF NAME" (e.g. "10 mx1.example.com").  ttl is the smallest
 * TTL of the answer RRs (or of the SOA minimum for NXDOMAIN/NODATA if
 * known, else 0).  Only records of the type asked owned by the name asked,
 * or by the end of the CNAME chain from it, are answers (answer.h); a
 * reply to another question, or one with only other owners' records, is
 * DNS_ERROR.
 */
#ifndef DR_RESOLVER_H
#define DR_RESOLVER_H

#include <stddef.h>

#include "util/err.h"

struct resolver;

enum dns_status {
	DNS_OK,			/* answer with >= 1 record of the type */
	DNS_NXDOMAIN,		/* name does not exist */
	DNS_NODATA,		/* name exists, no record of that type */
	DNS_SERVFAIL,		/* server failure (rcode SERVFAIL): temporary */
	DNS_TIMEOUT,		/* no answer in time: temporary */
	DNS_ERROR,		/* malformed answer, bad name, ...: temporary */
	DNS_REFUSED,		/* rcode REFUSED, or nothing listening (ICMP
				 * port unreachable): temporary */
};
#define DNS_STATUS_N	(DNS_REFUSED + 1)

/* Query types, the DNS numbers. */
enum dns_type {
	DNS_A = 1, DNS_NS = 2, DNS_CNAME = 5, DNS_PTR = 12, DNS_MX = 15,
	DNS_TXT = 16, DNS_AAAA = 28,
};

struct dns_answer {
	enum dns_status	 status;
	int		 ttl;
	char		**rr;		/* n strings, owned by the resolver during the callback */
	size_t		 n;
	char		*cname;		/* CNAME target followed, or NULL */
};

/* Callback: ans is borrowed and valid only during the call. */
typedef void (*resolver_cb)(void *arg, const struct dns_answer *ans);

/*
 * server: NULL for the system resolver (/etc/resolv.conf), or "IP" /
 * "IP:PORT" / "[IPv6]:PORT", or up to DR_DNS_MAX_SERVERS of them separated
 * by commas (asked in turn: a timeout, SERVFAIL or REFUSED fails over to
 * the next).  timeout_ms per try, tries per query.
 */
int		 resolver_new(struct resolver **out, const char *server, int timeout_ms,
		    int tries, struct dr_err *err);
void		 resolver_free(struct resolver *r);		/* accepts NULL */
/* Version of the c-ares library in use ("1.18.1"), for --version. */
const char	*resolver_lib_version(void);
/* Starts a query; cb runs from resolver_run() (or from here on early
 * failure).  Name is a domain name (no trailing dot needed). */
int		 resolver_query(struct resolver *r, const char *name, enum dns_type type,
		    resolver_cb cb, void *arg);
/* Reverse query helper: builds the in-addr.arpa / ip6.arpa name. */
int		 resolver_query_ptr(struct resolver *r, const char *ip, resolver_cb cb,
		    void *arg);
/* Processes events until no query is pending. */
int		 resolver_run(struct resolver *r);
/* Largest number of queries that were in flight at once (for benchmarks). */
size_t		 resolver_max_inflight(const struct resolver *r);
size_t		 resolver_queries_sent(const struct resolver *r);

/* Synchronous convenience: one query, waits for it.  out is deep-copied;
 * free with dns_answer_release(). */
int		 resolver_query_sync(struct resolver *r, const char *name,
		    enum dns_type type, struct dns_answer *out);
void		 dns_answer_release(struct dns_answer *a);
const char	*dns_status_name(enum dns_status s);	/* "ok", "nxdomain", ... */
int		 dns_status_is_temporary(enum dns_status s);
/* Why a lookup failed, in words for people: "timeout", "refused",
 * "SERVFAIL", "bad reply"; NULL when s is not a temporary failure.  Every
 * output writes a failed lookup as "could not check (CAUSE)". */
const char	*dns_status_cause(enum dns_status s);

/*
 * The lookups of this process that failed (timeout, refused, SERVFAIL,
 * bad reply), counted per status over every resolver, and the server
 * last asked (NULL: the system resolver).  Only queries actually sent
 * count; a bad name answered at once does not.  main() reads it once at
 * the end of a command to say on stderr, one line per cause, that the
 * answers are incomplete (report/cli.c report_dns_failures()).
 */
struct dns_tally {
	size_t		 failed[DNS_STATUS_N];	/* per enum dns_status */
	const char	*server;
};
void		 resolver_tally(struct dns_tally *out);

#endif
