-- Migration 9: the IP-to-ASN answers of dmarc-report (issue 12), cached
-- like ptr_cache: the network of each source IP and the name of each AS,
-- from the origin/origin6/AS<n> TXT zones (asn.cymru.com or a mirror,
-- --asn-zone).  Self-contained: it reads no other table, and only
-- report/dns/asn.c writes these two.
--
-- asn_cache: one row per (source IP, zone base) looked up.
--   status      'ok' or 'nxdomain' (no ASN known: NXDOMAIN or no TXT),
--               never a temporary failure (the next run asks again).
--   asn         the first origin AS; asns all of them ("13335 15169")
--   prefix, cc, registry   the routed prefix, its country (may be ''),
--               the registry; NULL unless 'ok'
--   ttl         the TTL of the answer (SOA minimum for negative answers)
--   fetched_at  when it was looked up; expires_at when to look again
--               (fetched_at + ttl clamped to [DR_ASN_TTL_MIN,
--               DR_ASN_TTL_MAX] of util/limits.h: 1 hour, 7 days)
CREATE TABLE asn_cache (
	ip		TEXT NOT NULL,
	zone		TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('ok','nxdomain')),
	asn		INTEGER,
	asns		TEXT,
	prefix		TEXT,
	cc		TEXT,
	registry	TEXT,
	ttl		INTEGER NOT NULL,
	fetched_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	PRIMARY KEY (ip, zone)
);

-- as_name_cache: one row per (AS number, zone base): AS<n>.<zone> TXT.
--   status      'ok' or 'nxdomain'; name NULL unless 'ok'
CREATE TABLE as_name_cache (
	asn		INTEGER NOT NULL,
	zone		TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('ok','nxdomain')),
	name		TEXT,
	ttl		INTEGER NOT NULL,
	fetched_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	PRIMARY KEY (asn, zone)
);
