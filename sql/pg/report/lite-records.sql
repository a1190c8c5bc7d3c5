-- lite-records: one report's records in id order: 0 c.id, 1 c.source_ip,
-- 2 c.count, 3 c.dkim_eval, 4 c.spf_eval, 5 c.header_from, 6 c.dmarc_pass
-- (the one definition: sql/migrations/0005-one-definition.sql).
--
-- Parameters:
--   ?1  reports.id
--   ?2  its first records.id, ?3 its last (lite-reports.sql)
--
-- Used by report/query/failures_lite.c (report_failures_lite), reset per
-- report, merged with lite-dkim.sql, lite-spf.sql and lite-reasons.sql
-- by record id.
-- PostgreSQL dialect of sql/report/lite-records.sql (docs/SCHEMA.md,
-- "PostgreSQL"): SQLite's rowid range is a range of the primary key
-- records.id (one index range scan); the unary + (SQLite's hint not to use
-- records_report) is dropped, c.report only filters the range.
SELECT c.id, c.source_ip, c.count, c.dkim_eval, c.spf_eval, c.header_from,
       c.dmarc_pass
FROM records c WHERE c.id BETWEEN ?2 AND ?3 AND c.report = ?1
ORDER BY c.id;
