-- ptr-get-many: the cached PTR answers of many source IPs at once
-- (ptr-get.sql's, with the IP first): 0 ip, 1 status, 2 name, 3 fcrdns,
-- 4 expires_at; no row for an IP not cached.
--
-- Parameters:
--   ?1  the IPs, a JSON array of strings (as stored in records.source_ip)
--
-- Used by report/dns/ptr.c (ptr_lookup()).
-- PostgreSQL dialect of sql/report/ptr-get-many.sql (docs/SCHEMA.md,
-- "PostgreSQL"): json_each(?1) is jsonb_array_elements_text().
SELECT p.ip, p.status, p.name, p.fcrdns, p.expires_at
FROM ptr_cache p
WHERE p.ip IN (SELECT jsonb_array_elements_text(CAST(?1 AS jsonb)))
ORDER BY p.ip;
