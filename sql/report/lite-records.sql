-- lite-records: one report's records in id order: 0 c.id, 1 c.source_ip,
-- 2 c.count, 3 c.dkim_eval, 4 c.spf_eval, 5 c.header_from, 6 c.dmarc_pass
-- (the one definition: sql/migrations/0005-one-definition.sql).
--
-- Parameters:
--   ?1  reports.id
--   ?2  its first records.id, ?3 its last (lite-reports.sql)
--
-- One seek in the table and its rows from ?2 to ?3 in id order, those of
-- other reports skipped ("+c.report": not through records_report, which
-- would cost a table seek per record).
--
-- Used by report/query/failures_lite.c (report_failures_lite), reset per
-- report, merged with lite-dkim.sql, lite-spf.sql and lite-reasons.sql
-- by record id.
-- From sqlite3: .param set ?1 1
--               .param set ?2 1
--               .param set ?3 40
--               .read sql/report/lite-records.sql
SELECT c.id, c.source_ip, c.count, c.dkim_eval, c.spf_eval, c.header_from,
       c.dmarc_pass
FROM records c WHERE c.id BETWEEN ?2 AND ?3 AND +c.report = ?1
ORDER BY c.id;
