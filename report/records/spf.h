/*
 * report/records/spf.h -- SPF (RFC 7208): record parser and macro
 * expansion (brief section 4); the check_host() evaluator over DNS answers
 * is report/check/spf_eval.h.
 *
 * Design rationale:
 *  - spf_parse() is a pure function over the record's bytes: the terms
 *    point into the caller's buffer, nothing is allocated, no DNS is done,
 *    so it is fuzzed and table-tested on its own.  Any syntax error makes
 *    the record a permerror (RFC 7208 4.6), reported in plain language.
 *  - spf_check_host() evaluates the record for one IP (or, in "walk" mode,
 *    for no IP, visiting every term to count lookups) over a per-run DNS
 *    answer set (report/dns/dnsrun.h).  It never blocks: when an answer it
 *    needs is not there yet the query is queued and it returns 1; the
 *    caller sends every queued query of every domain at once, waits, and
 *    runs it again.  Evaluation is deterministic, so re-running from the
 *    start gives the same counts.  This is what makes thousands of domains
 *    resolve concurrently without a callback state machine per term.
 */
#ifndef DR_SPF_H
#define DR_SPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/records/dnsmsg.h"
#include "util/limits.h"

enum spf_result {
	SPF_NONE,
	SPF_NEUTRAL,
	SPF_PASS,
	SPF_FAIL,
	SPF_SOFTFAIL,
	SPF_TEMPERROR,
	SPF_PERMERROR,
};

enum spf_mech {
	SPF_M_ALL, SPF_M_INCLUDE, SPF_M_A, SPF_M_MX, SPF_M_PTR, SPF_M_IP4,
	SPF_M_IP6, SPF_M_EXISTS,
};

#define SPF_MAX_TERMS		128	/* more is a permerror (hostile) */
#define SPF_MAX_LOOKUPS		10	/* RFC 7208 4.6.4 */
#define SPF_MAX_VOIDS		2	/* RFC 7208 4.6.4 */
#define SPF_MAX_NAME		DR_MAX_DOMAIN_LEN
#define SPF_LONG_RECORD		450	/* advice: fits a 512-byte UDP answer */

struct spf_term {
	enum spf_mech	 mech;
	char		 qual;		/* '+', '-', '~', '?' */
	const char	*spec;		/* domain-spec or NULL (points into txt) */
	size_t		 spec_len;
	int		 cidr4, cidr6;	/* 32 / 128 when not given */
	unsigned char	 addr[16];	/* ip4 (first 4 bytes) / ip6 */
	const char	*text;		/* the term as written (into txt) */
	size_t		 text_len;
};

struct spf_record {
	struct spf_term	 terms[SPF_MAX_TERMS];
	size_t		 n_terms;
	const char	*redirect;	/* domain-spec, or NULL */
	size_t		 redirect_len;
	const char	*exp;
	size_t		 exp_len;
	bool		 has_all;
	unsigned	 macro_letters;	/* bit (c - 'a') for each letter used */
	int		 dns_terms;	/* include/a/mx/ptr/exists/redirect here */
	struct dnsmsg	 errors;	/* any entry: permerror */
	struct dnsmsg	 warnings;
};

/* True when txt is "v=spf1" (any case) followed by a space or the end. */
bool		 spf_is_record(const char *txt, size_t len);

/* Parses txt[0..len) into *rec; txt must outlive rec (terms point into
 * it).  Returns 0, or -1 when the record has a syntax error (permerror;
 * the reasons are in rec->errors). */
int		 spf_parse(struct spf_record *rec, const char *txt, size_t len);

/* ---- macros (report/records/spf_macro.c) ---- */

struct spf_ip {
	int		 family;	/* 4 or 6 */
	unsigned char	 a[16];
};

/* Parses an IPv4 or IPv6 text address; ::ffff:a.b.c.d becomes IPv4. */
int		 spf_ip_parse(struct spf_ip *ip, const char *s);
/* Writes the address as text (inet_ntop) into out. */
void		 spf_ip_format(const struct spf_ip *ip, char *out, size_t outlen);

struct spf_macro_env {
	const char		*sender;	/* s: local@domain */
	const char		*domain;	/* d: current domain */
	const struct spf_ip	*ip;		/* i, c, v */
	const char		*helo;		/* h */
	const char		*ptr_name;	/* p: NULL -> "unknown" */
	const char		*receiver;	/* r (exp only): NULL -> "unknown" */
	int64_t			 now;		/* t (exp only) */
};

/*
 * Checks the macro-string s[0..n) (RFC 7208 7.1).  is_exp allows the
 * c, r and t letters (explanation strings only).  ORs the letters used
 * into *letters (bit c - 'a').  Returns 0, or -1 with a reason in why.
 */
int		 spf_macro_check(const char *s, size_t n, bool is_exp,
		    unsigned *letters, char *why, size_t whylen);
/* Expands s[0..n) into out (NUL-terminated); -1 on a syntax error or when
 * the result does not fit outlen. */
int		 spf_macro_expand(const char *s, size_t n,
		    const struct spf_macro_env *env, bool is_exp, char *out,
		    size_t outlen);
/* Expands a domain-spec and applies RFC 7208 7.3: a trailing dot goes, and
 * labels are dropped from the left until the name fits 253 octets. */
int		 spf_expand_domain(const char *s, size_t n,
		    const struct spf_macro_env *env, char *out, size_t outlen);

const char	*spf_result_name(enum spf_result r);	/* "pass", ... */

#endif
