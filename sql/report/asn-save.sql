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
INSERT OR REPLACE INTO asn_cache(ip, zone, status, asn, asns, prefix, cc,
                                 registry, ttl, fetched_at, expires_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);
