-- check-insert: a DNS check that found a new state of a DNS object: one new
-- row, first seen and last seen now.  Written inside store_cache_begin()
-- ... store_commit().
--
-- Parameters:
--   ?1  domain checked
--   ?2  kind: 'dmarc', 'spf', 'dkim' or 'mx'
--   ?3  DNS name looked at
--   ?4  status ('ok', 'invalid', 'none', ...)
--   ?5  the record as found (MX: the hosts, one per line), NULL when none
--   ?6  valid: 1 / 0
--   ?7  the part's JSON object (summary_json)
--   ?8  time of the check (first_seen and last_seen), Unix seconds
--
-- Used by report/check/check_out.c (check_store()).
-- PostgreSQL: the same statement as sql/report/check-insert.sql
-- (docs/SCHEMA.md, "PostgreSQL").
INSERT INTO dns_checks(domain, kind, name, status, record, valid,
                       summary_json, first_seen, last_seen)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8);
