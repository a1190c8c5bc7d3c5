-- weekly-failing: one report's records that fail DMARC (neither aligned
-- DKIM nor aligned SPF passed, as the reporter evaluated it), by id:
-- source_ip, count, id.
--
-- Parameters:
--   ?1  reports.id
--
-- Used by report/query/weekly_src.c (weekly_read_sources), reset per report.
-- From sqlite3: .param set ?1 1
--               .read sql/report/weekly-failing.sql
SELECT c.source_ip, c.count, c.id FROM records c WHERE c.report = ?1
  AND NOT c.dmarc_pass ORDER BY c.id;
