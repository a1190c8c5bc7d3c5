-- weekly-records: one report's records, by id: source_ip, count, id,
-- dmarc_pass (records.dmarc_pass, the one definition: aligned DKIM or
-- aligned SPF passed, as the reporter evaluated it), and whether aligned
-- DKIM and aligned SPF passed (1/0).  The failing ones become the top
-- failing sources, the passing ones the senders that pass.
--
-- Parameters:
--   ?1  reports.id
--
-- Used by report/query/weekly_src.c (weekly_read_sources), reset per report.
-- PostgreSQL dialect of sql/report/weekly-records.sql (docs/SCHEMA.md,
-- "PostgreSQL"): "x IS 'pass'" (0/1) is CASE WHEN x = 'pass' THEN 1 ELSE
-- 0 END.
SELECT c.source_ip, c.count, c.id, c.dmarc_pass,
       CASE WHEN c.dkim_eval = 'pass' THEN 1 ELSE 0 END,
       CASE WHEN c.spf_eval = 'pass' THEN 1 ELSE 0 END
FROM records c WHERE c.report = ?1 ORDER BY c.id;
