/*
 * report/dns/asn.h -- the network (ASN, prefix, country, AS name) of each
 * source IP, from the IP-to-ASN TXT zones, cached in the database.
 *
 * Design rationale: a PTR name is written by whoever owns the address
 * block and is often missing; the origin AS of the routed prefix is not
 * up to the sender, so "AS15169 GOOGLE" says who runs an IP even without
 * a PTR.  The widely used zones (Team Cymru's asn.cymru.com, or a site's
 * own mirror: --asn-zone BASE) answer TXT questions:
 *
 *   4.4.8.8.origin.BASE   "15169 | 8.8.8.0/24 | US | arin | 2023-12-28"
 *   <32 nibbles>.origin6.BASE   the same for IPv6
 *   AS15169.BASE          "15169 | US | arin | 2000-03-30 | GOOGLE, US"
 *
 * It is the PTR path again (ptr.h): one resolver, every question in flight
 * at once, definite answers cached with their TTL (clamped to
 * [DR_ASN_TTL_MIN, DR_ASN_TTL_MAX]) in asn_cache and as_name_cache
 * (sql/migrations/0009-asn-cache.sql), temporary failures shown as
 * "could not check (CAUSE)" and never cached, never shown as "no ASN".
 * The TXT text is hostile: it is read strictly (asn_parse_origin(),
 * asn_parse_name()), ASCII only, each field checked, and anything else is
 * a bad reply (ASN_TEMP, "bad reply").
 */
#ifndef DR_ASN_H
#define DR_ASN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/dns/ptr.h"
#include "util/err.h"
#include "util/limits.h"

struct store;

#define ASN_ZONE_DEFAULT	"asn.cymru.com"
#define ASN_PREFIX_MAX		44	/* "ffff:...:ffff/128" + NUL */
#define ASN_LIST_MAX		(DR_ASN_MOAS * 11)	/* "13335 15169" */

enum asn_status {
	ASN_UNKNOWN,	/* not looked up (--no-dns and not in the cache) */
	ASN_OK,		/* asn, prefix, ... filled in */
	ASN_NONE,	/* NXDOMAIN or no TXT: no ASN known for the IP */
	ASN_TEMP,	/* could not check: cause says why */
};

struct asn_info {
	enum asn_status	 status;
	uint32_t	 asn;		/* the first origin AS (ASN_OK) */
	char		 asns[ASN_LIST_MAX];	/* all origin ASes, "13335 15169" */
	char		 prefix[ASN_PREFIX_MAX];	/* "8.8.8.0/24" */
	char		 cc[3];		/* "US", "" unknown */
	char		 registry[16];	/* "arin", "" unknown */
	/* The AS name (AS<n>.BASE), looked up for ASN_OK only. */
	enum asn_status	 name_status;
	char		 as_name[DR_ASN_NAME_MAX];	/* "GOOGLE, US" */
	int64_t		 expires;	/* of the origin answer (Unix s), 0 unknown */
	bool		 from_cache;
	const char	*cause;		/* ASN_TEMP: "timeout", ... (static) */
	const char	*name_cause;	/* name_status ASN_TEMP: the same */
};

/*
 * Fills out[i] for ips[i] (n entries; duplicates asked once) from the
 * cache and, unless po->no_dns, from DNS under zone (NULL:
 * ASN_ZONE_DEFAULT).  Fails only on out-of-memory, a bad --dns-server or
 * a database read error; DNS failures are per-IP statuses.  A cache that
 * cannot be written sets stats->save_failed and is otherwise ignored.
 */
int	asn_lookup(struct store *st, const struct ptr_opts *po,
	    const char *zone, const char *const *ips, size_t n,
	    struct asn_info *out, struct ptr_stats *stats, struct dr_err *err);

/*
 * The origin question of ip under zone into out[0..outlen):
 * "4.4.8.8.origin.asn.cymru.com", IPv6 as 32 reversed nibbles under
 * origin6.  -1 when ip is not an address or out is too small.
 */
int	asn_origin_qname(const char *ip, const char *zone, char *out,
	    size_t outlen);

/*
 * Reads the TXT strings txt[0..n) of an origin answer into a (status
 * ASN_OK and the fields), or returns -1 (a untouched but for zeroes) when
 * any string is not "ASN[ ASN...] | PREFIX | CC | REGISTRY | DATE" with
 * ASCII digits, an address/length prefix, two capital letters or nothing,
 * a lower-case registry, a YYYY-MM-DD date or nothing, each string at
 * most DR_ASN_TXT_MAX bytes.  Several strings (more and less specific
 * prefixes): the longest prefix wins, then the smallest text, so runs
 * agree.  Several ASNs (MOAS): asn is the first, asns lists them all.
 */
int	asn_parse_origin(const char *const *txt, size_t n, struct asn_info *a);

/*
 * Reads one TXT string of AS<asn>.BASE ("15169 | US | arin | 2000-03-30 |
 * GOOGLE, US") into name[0..namelen): the name, printable ASCII, cut at
 * namelen - 1 bytes.  -1 when the first field is not asn or the text is
 * not of that form.
 */
int	asn_parse_name(const char *txt, uint32_t asn, char *name,
	    size_t namelen);

/* Short text for a cell: "AS15169", "no ASN known", "could not check
 * (CAUSE)", or NULL when not looked up. */
const char	*asn_display(const struct asn_info *a, char *buf, size_t len);
/* The AS name cell: the name, "" when none, "could not check (CAUSE)",
 * or NULL when not looked up. */
const char	*asn_name_display(const struct asn_info *a);
/* The status word for CSV/JSON: "ok", "none", "not looked up", "could
 * not check" (then a->cause says why). */
const char	*asn_status_text(const struct asn_info *a);

#endif
