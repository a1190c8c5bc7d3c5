-- lite-records: one report's records in id order: 0 c.id, 1 c.source_ip,
-- 2 c.count, 3 c.dkim_eval, 4 c.spf_eval, 5 c.header_from, 6 c.dmarc_pass
-- (the one definition: sql/migrations/0005-one-definition.sql).
--
-- Parameters:
--   ?1  reports.id
--
-- One seek in records_report, then the report's rows in id order (the
-- index holds them in that order: no sort).
--
-- Used by report/query/failures_lite.c (report_failures_lite), reset per
-- report, merged with lite-results.sql by record id.
-- From sqlite3: .param set ?1 1
--               .read sql/report/lite-records.sql
SELECT c.id, c.source_ip, c.count, c.dkim_eval, c.spf_eval, c.header_from,
       c.dmarc_pass
FROM records c WHERE c.report = ?1 ORDER BY c.id;
