-- weekly-records-of: the records of the given reports, report after
-- report in the order given: 0 report, 1 source_ip, 2 count, 3 id,
-- 4 dmarc_pass, 5 and 6 whether aligned DKIM and aligned SPF passed (1/0).
--
-- Parameters:
--   ?1  the report ids, a JSON array, ascending
--
-- Used by report/query/weekly_src.c (weekly_read_sources).
-- PostgreSQL dialect of sql/report/weekly-records-of.sql: per report an
-- index scan of records_report (LATERAL ... OFFSET 0), the reports in
-- the order given; the comparisons as values are CASE ... THEN 1 ELSE 0.
SELECT r.id, c.source_ip, c.count, c.id, c.dmarc_pass,
       CASE WHEN c.dkim_eval = 'pass' THEN 1 ELSE 0 END,
       CASE WHEN c.spf_eval = 'pass' THEN 1 ELSE 0 END
FROM (SELECT CAST(e AS bigint) AS id
      FROM jsonb_array_elements_text(CAST(?1 AS jsonb)) e) r
CROSS JOIN LATERAL (SELECT c.id, c.source_ip, c.count, c.dmarc_pass,
                           c.dkim_eval, c.spf_eval
                    FROM records c WHERE c.report = r.id OFFSET 0) c;
