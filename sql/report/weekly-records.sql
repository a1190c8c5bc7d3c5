-- weekly-records: one report's records, by id: source_ip, count, id,
-- dmarc_pass (records.dmarc_pass, the one definition: aligned DKIM or
-- aligned SPF passed, as the reporter evaluated it), and whether aligned
-- DKIM and aligned SPF passed (1/0).  The failing ones become the top
-- failing sources, the passing ones the senders that pass.
--
-- Parameters:
--   ?1  reports.id
--
-- One seek in records_report per report, then the report's rows in id
-- order (the index holds the ids in that order: no sort).
--
-- Used by report/query/weekly_src.c (weekly_read_sources), reset per report.
-- From sqlite3: .param set ?1 1
--               .read sql/report/weekly-records.sql
SELECT c.source_ip, c.count, c.id, c.dmarc_pass, c.dkim_eval IS 'pass',
       c.spf_eval IS 'pass'
FROM records c WHERE c.report = ?1 ORDER BY c.id;
