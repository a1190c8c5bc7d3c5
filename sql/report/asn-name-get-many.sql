-- asn-name-get-many: the cached names of many ASes at once, by AS number;
-- the caller uses a row only while expires_at is in the future.
--
-- Parameters:
--   ?1  a JSON array of AS numbers, [64500, 64501]
--   ?2  the zone base asked (--asn-zone, "asn.cymru.com")
--
-- One statement per batch of ASes (report/dns/asn.c) instead of one per
-- AS.
--
-- Used by report/dns/asn.c (asn_lookup()).
-- From sqlite3: .param set ?1 '[64500,64501]'
--               .param set ?2 asn.cymru.com
--               .read sql/report/asn-name-get-many.sql
SELECT n.asn, n.status, n.name, n.expires_at
FROM as_name_cache n
WHERE n.zone = ?2 AND n.asn IN (SELECT value FROM json_each(?1))
ORDER BY n.asn;
