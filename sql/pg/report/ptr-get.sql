-- ptr-get: the cached PTR answer of one source IP; the caller uses it only
-- while expires_at is in the future.
--
-- Parameters:
--   ?1  IP address, as stored in records.source_ip
--
-- Used by report/dns/ptr.c (ptr_lookup()).
-- PostgreSQL: the same statement as sql/report/ptr-get.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT status, name, fcrdns, expires_at
FROM ptr_cache
WHERE ip = ?1;
