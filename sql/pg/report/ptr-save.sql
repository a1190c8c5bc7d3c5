-- ptr-save: stores (or replaces) the PTR answer of one source IP.  Only
-- definite answers are saved, never temporary failures.  Written inside
-- store_cache_begin() ... store_commit(); when an ingest holds the write
-- lock the answers are not saved.
--
-- Parameters:
--   ?1  IP address
--   ?2  status: 'ok' or 'nxdomain'
--   ?3  the PTR name, NULL unless 'ok'
--   ?4  forward-confirmed: 1 / 0, NULL unknown
--   ?5  TTL of the answer, seconds
--   ?6  time of the lookup (fetched_at), Unix seconds
--   ?7  when to look again (expires_at): ?6 + TTL clamped to
--       [PTR_TTL_MIN, PTR_TTL_MAX] of report/dns/ptr.h
--
-- Used by report/dns/ptr.c (ptr_lookup()).
-- PostgreSQL dialect of sql/report/ptr-save.sql (docs/SCHEMA.md,
-- "PostgreSQL"): INSERT OR REPLACE is an upsert on the primary key.
INSERT INTO ptr_cache(ip, status, name, fcrdns, ttl, fetched_at,
                      expires_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (ip) DO UPDATE SET
	status = excluded.status,
	name = excluded.name,
	fcrdns = excluded.fcrdns,
	ttl = excluded.ttl,
	fetched_at = excluded.fetched_at,
	expires_at = excluded.expires_at;
