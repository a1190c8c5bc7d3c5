-- weekly-records-window: the records of every report overlapping the
-- page's window, by report (a report's records in no set order: the C
-- code puts them in id order): 0 report, 1 source_ip, 2 count, 3 id,
-- 4 dmarc_pass (records.dmarc_pass, the one definition: aligned DKIM or
-- aligned SPF passed, as the reporter evaluated it), 5 and 6 whether
-- aligned DKIM and aligned SPF passed (1/0).
--
-- Parameters:
--   ?1  window start, Unix seconds
--   ?2  window end, exclusive, Unix seconds
--
-- Used by report/query/weekly_src.c (weekly_read_sources).
-- PostgreSQL dialect of sql/report/weekly-records-window.sql (docs/SCHEMA.md,
-- "PostgreSQL"): the comparisons as values are CASE ... THEN 1 ELSE 0;
-- parameters cast.  One statement, streamed (single-row mode), instead of
-- one round trip per report.  The plan is written out: the window's
-- reports in id order, then per report an index scan of records_report
-- (LATERAL ... OFFSET 0 keeps the planner from flattening it into a merge
-- join that reads the whole index: 4.1 s instead of 1.3 s over the
-- 10,000,000-record benchmark, 19,488 reports in the week).  No sort
-- by record id: 0.99 -> 0.57 s over the realistic 10M database's week.
SELECT r.id, c.source_ip, c.count, c.id, c.dmarc_pass,
       CASE WHEN c.dkim_eval = 'pass' THEN 1 ELSE 0 END,
       CASE WHEN c.spf_eval = 'pass' THEN 1 ELSE 0 END
FROM (SELECT r.id FROM reports r
      WHERE r.date_begin < CAST(?2 AS bigint)
        AND (r.date_end > CAST(?1 AS bigint)
             OR r.date_begin >= CAST(?1 AS bigint))) r
CROSS JOIN LATERAL (SELECT c.id, c.source_ip, c.count, c.dmarc_pass,
                           c.dkim_eval, c.spf_eval
                    FROM records c WHERE c.report = r.id OFFSET 0) c
ORDER BY r.id;
