/*
 * report/dns/ptr.h -- reverse DNS names of source IPs, cached in the database,
 * with a forward-confirmation check (FCrDNS).
 *
 * Design rationale: a weekly report shows thousands of IPs; resolving them
 * all on every run is slow and unfriendly, so answers live in ptr_cache
 * (sql/migrations/0002-dns-cache.sql) until their TTL runs out (clamped
 * to [PTR_TTL_MIN, PTR_TTL_MAX]).  Lookups that fail temporarily are shown
 * as such and never cached.  A PTR name proves nothing by itself (whoever
 * owns the address block writes it), so the name is looked up forward
 * (A or AAAA) and marked confirmed only when it leads back to the IP.
 */
#ifndef DR_PTR_H
#define DR_PTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/limits.h"

struct store;

#define PTR_TTL_MIN	3600		/* re-ask at most hourly */
#define PTR_TTL_MAX	(7 * 86400)	/* and at least weekly */
#define PTR_NAME_MAX	DR_DOMAIN_BUF

enum ptr_status {
	PTR_UNKNOWN,	/* not looked up (--no-dns and not in the cache) */
	PTR_OK,		/* name holds the PTR target */
	PTR_NONE,	/* NXDOMAIN or no PTR record */
	PTR_TEMP,	/* temporary DNS failure: try again later */
};

struct ptr_info {
	enum ptr_status	 status;
	char		 name[PTR_NAME_MAX];	/* "" unless PTR_OK */
	int		 fcrdns;	/* 1 confirmed, 0 not, -1 unknown */
	bool		 from_cache;
	const char	*cause;		/* PTR_TEMP: "timeout", "refused",
					 * "SERVFAIL", "bad reply" (static) */
};

struct ptr_opts {
	bool		 no_dns;	/* cache only */
	const char	*dns_server;	/* NULL: system resolver */
	int		 timeout_ms;	/* per try; 0: DR_DNS_TIMEOUT_MS */
	int		 tries;		/* 0: DR_DNS_TRIES */
	int64_t		 now;		/* Unix seconds */
	bool		 can_write;	/* store is writable: save answers */
	struct store	*cache;		/* not NULL: the cache lives there, not in
					   the store given (--write-db) */
};

struct ptr_stats {
	size_t	cached;		/* answered from the cache */
	size_t	looked_up;	/* IPs sent to DNS */
	size_t	saved;		/* answers written to the cache */
	size_t	max_inflight;
	bool	save_failed;	/* cache not writable now (busy): went on */
};

/*
 * Fills out[i] for ips[i] (n entries; duplicates are looked up once).
 * Fails only on out-of-memory, a bad --dns-server or a database read
 * error (R_DB_BUSY when busy); DNS failures are per-IP statuses.  Cache
 * write failures (the write lock busy, a read-only database) set
 * stats->save_failed and are otherwise ignored.
 */
int	ptr_lookup(struct store *st, const struct ptr_opts *po,
	    const char *const *ips, size_t n, struct ptr_info *out,
	    struct ptr_stats *stats, struct dr_err *err);

/* Short text for a cell: the name, "(no PTR)", "could not check (CAUSE)",
 * or "not looked up" (--no-dns, nothing cached); never NULL. */
const char *ptr_display(const struct ptr_info *p);

#endif
