/*
 * report/dns/dns.h -- the folder report/dns/: asking DNS, concurrently and
 * with bounded waits, and remembering the answers.
 *
 *   resolver.c  one c-ares channel, many queries in flight, timeouts and
 *               SERVFAIL kept apart from NXDOMAIN/NODATA
 *   answer.c    a raw reply read as the answer to the question asked:
 *               only records owned by the name (or its CNAME chain)
 *   dnsrun.c    the answer set of one run (each name asked once)
 *   ptr.c       PTR names with forward confirmation, cached in the store
 *               with their TTL (sql/report/ptr-*.sql)
 *   asn.c       origin AS, prefix, country and AS name from the IP-to-ASN
 *               TXT zones, cached the same way (sql/report/asn-*.sql)
 *   cache_many.c  both caches read for many IPs, a statement per batch
 *
 * May use: util/, store/ (its read API, store/read.h, for the PTR cache),
 * c-ares.  Never the query, output or check layers above it.
 */
#ifndef DR_DNS_H
#define DR_DNS_H

#include "report/dns/asn.h"
#include "report/dns/dnsrun.h"
#include "report/dns/ptr.h"
#include "report/dns/resolver.h"

#endif
