-- check-last: the newest stored state of one DNS object of the DNS checks,
-- to tell a state seen again (refresh it) from a new one (add a row).
--
-- Parameters:
--   ?1  domain checked
--   ?2  kind: 'dmarc', 'spf', 'dkim' or 'mx'
--   ?3  DNS name looked at (_dmarc.example.com, s1._domainkey.example.com)
--
-- Used by report/check/check_out.c (check_store()).
-- PostgreSQL: the same statement as sql/report/check-last.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT id, status, record
FROM dns_checks
WHERE domain = ?1 AND kind = ?2 AND name = ?3
ORDER BY id DESC
LIMIT 1;
