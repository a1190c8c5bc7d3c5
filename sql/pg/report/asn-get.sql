-- asn-get: the cached network of one source IP; the caller uses it only
-- while expires_at is in the future.
--
-- Parameters:
--   ?1  IP address, as stored in records.source_ip
--   ?2  the zone base asked (--asn-zone, "asn.cymru.com")
--
-- Used by report/dns/asn.c (asn_lookup()).
-- PostgreSQL: the same statement as sql/report/asn-get.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT status, asn, asns, prefix, cc, registry, expires_at
FROM asn_cache
WHERE ip = ?1 AND zone = ?2;
