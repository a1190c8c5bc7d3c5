-- asn-save: stores (or replaces) the network of one source IP.  Only
-- definite answers are saved, never temporary failures.  Written inside
-- store_cache_begin() ... store_commit().
--
-- Parameters:
--   ?1  IP address            ?2  zone base
--   ?3  status: 'ok' or 'nxdomain'
--   ?4  first origin ASN      ?5  all origin ASNs, space-separated
--   ?6  prefix                ?7  country code      ?8  registry
--       (?4..?8 NULL unless 'ok')
--   ?9  TTL of the answer     ?10 time of the lookup (fetched_at)
--   ?11 expires_at: ?10 + TTL clamped to [DR_ASN_TTL_MIN, DR_ASN_TTL_MAX]
--
-- Used by report/dns/asn.c (asn_lookup()).
-- PostgreSQL dialect of sql/report/asn-save.sql (docs/SCHEMA.md,
-- "PostgreSQL"): INSERT OR REPLACE is an upsert on the primary key.
INSERT INTO asn_cache(ip, zone, status, asn, asns, prefix, cc, registry,
                      ttl, fetched_at, expires_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT (ip, zone) DO UPDATE SET
	status = excluded.status,
	asn = excluded.asn,
	asns = excluded.asns,
	prefix = excluded.prefix,
	cc = excluded.cc,
	registry = excluded.registry,
	ttl = excluded.ttl,
	fetched_at = excluded.fetched_at,
	expires_at = excluded.expires_at;
