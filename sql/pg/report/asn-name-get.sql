-- asn-name-get: the cached name of one AS; the caller uses it only while
-- expires_at is in the future.
--
-- Parameters:
--   ?1  AS number             ?2  zone base
--
-- Used by report/dns/asn.c (asn_lookup()).
-- PostgreSQL: the same statement as sql/report/asn-name-get.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT status, name, expires_at
FROM as_name_cache
WHERE asn = ?1 AND zone = ?2;
