/*
 * report/dns/dnsrun.h -- the DNS answers of one check run, and the queue of
 * queries still to send.
 *
 * Design rationale: the checks (report/check/check.c, spf_eval.c) are written as
 * plain functions over this answer set.  When one needs an answer that is
 * not there, dnsrun_get() queues the query and returns NULL; the check
 * returns "not yet".  The driver then sends every queued query of every
 * domain at once on the shared c-ares channel (dnsrun_flush), waits for
 * all of them, and runs the checks again.  So all first-level queries of
 * all domains are in flight together, and each answer is fetched once per
 * run however many domains, IPs or includes need it.
 *
 * Names are compared lower-cased without a trailing dot.  A name that
 * cannot be a DNS name (empty label, label over 63 or name over 253
 * octets) is answered NXDOMAIN without a query.
 */
#ifndef DR_DNSRUN_H
#define DR_DNSRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "report/dns/resolver.h"

struct dnsrun;

int		 dnsrun_new(struct dnsrun **out);
void		 dnsrun_free(struct dnsrun *run);	/* accepts NULL */

/* The answer for (name, type) when known (borrowed, valid until
 * dnsrun_free); NULL when it is not known yet (the query is queued). */
const struct dns_answer *dnsrun_get(struct dnsrun *run, const char *name,
		    enum dns_type type);

/* Stores an answer (tests, and the flush callback).  rr are copied. */
int		 dnsrun_put(struct dnsrun *run, const char *name,
		    enum dns_type type, enum dns_status status,
		    const char *const *rr, size_t n, const char *cname);

/* Tests: a name not stored is answered NXDOMAIN at once, never queued. */
void		 dnsrun_set_offline(struct dnsrun *run, bool offline);

/* Queries queued and not yet sent. */
size_t		 dnsrun_queued(const struct dnsrun *run);

/* Sends every queued query on r and processes events until all are
 * answered.  Returns 0, or -1 when out of memory. */
int		 dnsrun_flush(struct dnsrun *run, struct resolver *r);

/* True once an allocation failed (the answers may be incomplete). */
bool		 dnsrun_failed(const struct dnsrun *run);

/* Queries sent by this run. */
size_t		 dnsrun_sent(const struct dnsrun *run);

/* Lower-cases name into out without a trailing dot; -1 when it cannot be
 * a DNS name (see above) or does not fit. */
int		 dnsrun_norm(const char *name, char *out, size_t outlen);

#endif
