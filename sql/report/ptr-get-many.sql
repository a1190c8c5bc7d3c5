-- ptr-get-many: the cached PTR answers of many source IPs at once
-- (ptr-get.sql's, with the IP first): 0 ip, 1 status, 2 name, 3 fcrdns,
-- 4 expires_at; no row for an IP not cached.  The caller uses an answer
-- only while expires_at is in the future.
--
-- Parameters:
--   ?1  the IPs, a JSON array of strings (as stored in records.source_ip)
--
-- One statement per batch of IPs: readiness over 28 days asks for tens of
-- thousands (one round trip each on PostgreSQL: seconds).
--
-- Used by report/dns/ptr.c (ptr_lookup()).
-- From sqlite3: .param set ?1 '["192.0.2.1","198.51.100.7"]'
--               .read sql/report/ptr-get-many.sql
SELECT p.ip, p.status, p.name, p.fcrdns, p.expires_at
FROM ptr_cache p
WHERE p.ip IN (SELECT value FROM json_each(?1))
ORDER BY p.ip;
