-- check-update: a DNS check that found the same state again: refreshes its
-- row's last_seen, valid and summary_json.  Written inside
-- store_cache_begin() ... store_commit().
--
-- Parameters:
--   ?1  time of the check (last_seen), Unix seconds
--   ?2  valid: 1 / 0
--   ?3  the part's JSON object (summary_json)
--   ?4  dns_checks.id of the state (from check-last)
--
-- Used by report/check/check_out.c (check_store()).
-- PostgreSQL: the same statement as sql/report/check-update.sql
-- (docs/SCHEMA.md, "PostgreSQL").
UPDATE dns_checks
SET last_seen = ?1, valid = ?2, summary_json = ?3
WHERE id = ?4;
