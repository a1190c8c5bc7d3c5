-- asn-get-many: the cached networks of many source IPs at once, by IP;
-- the caller uses a row only while expires_at is in the future.
--
-- Parameters:
--   ?1  a JSON array of IP addresses, as stored in records.source_ip
--   ?2  the zone base asked (--asn-zone, "asn.cymru.com")
--
-- One statement per batch of IPs (report/dns/asn.c, ASN_GET_BATCH)
-- instead of one per IP: readiness and the weekly page read the answers
-- of every source of 28 days, hundreds of thousands of IPs on a big
-- database and, on PostgreSQL, a round trip each.
--
-- Used by report/dns/asn.c (asn_lookup()).
-- From sqlite3: .param set ?1 '["192.0.2.1","2001:db8::1"]'
--               .param set ?2 asn.cymru.com
--               .read sql/report/asn-get-many.sql
SELECT a.ip, a.status, a.asn, a.asns, a.prefix, a.cc, a.registry,
       a.expires_at
FROM asn_cache a
WHERE a.zone = ?2 AND a.ip IN (SELECT value FROM json_each(?1))
ORDER BY a.ip;
