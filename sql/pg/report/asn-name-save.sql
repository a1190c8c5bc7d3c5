-- asn-name-save: stores (or replaces) the name of one AS (definite
-- answers only).  Written inside store_cache_begin() ... store_commit().
--
-- Parameters:
--   ?1  AS number             ?2  zone base
--   ?3  status: 'ok' or 'nxdomain'
--   ?4  the name, NULL unless 'ok'
--   ?5  TTL of the answer     ?6  time of the lookup (fetched_at)
--   ?7  expires_at: ?6 + TTL clamped to [DR_ASN_TTL_MIN, DR_ASN_TTL_MAX]
--
-- Used by report/dns/asn.c (asn_lookup()).
-- PostgreSQL dialect of sql/report/asn-name-save.sql (docs/SCHEMA.md,
-- "PostgreSQL"): INSERT OR REPLACE is an upsert on the primary key.
INSERT INTO as_name_cache(asn, zone, status, name, ttl, fetched_at,
                          expires_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (asn, zone) DO UPDATE SET
	status = excluded.status,
	name = excluded.name,
	ttl = excluded.ttl,
	fetched_at = excluded.fetched_at,
	expires_at = excluded.expires_at;
