-- weekly-reports: the reports that overlap [?1, ?2) with their totals
-- from report_stats, by id: id, policy_domain, org_key, org_name,
-- date_begin, date_end, messages, dmarc_pass, disp_none, disp_quarantine,
-- disp_reject (0 when the report has no report_stats row), p, sp, pct,
-- and record_count, message_count, ingested_at (an interval's fingerprint,
-- as rollup-fingerprints.sql sums them: weekly_src.c).
-- A report with date_end = date_begin covers the instant date_begin.
--
-- Parameters:
--   ?1  from, Unix seconds: the earliest of the previous window's start
--       and 4 weeks before the window's end
--   ?2  window end, exclusive, Unix seconds
--
-- Used by report/query/weekly.c (read_reports).
-- PostgreSQL: the same statement as sql/report/weekly-reports.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT r.id, r.policy_domain, r.org_key, r.org_name, r.date_begin,
       r.date_end, coalesce(s.messages, 0), coalesce(s.dmarc_pass, 0),
       coalesce(s.disp_none, 0), coalesce(s.disp_quarantine, 0),
       coalesce(s.disp_reject, 0), r.p, r.sp, r.pct, r.record_count,
       r.message_count, r.ingested_at
FROM reports r LEFT JOIN report_stats s ON s.report = r.id
WHERE r.date_begin < ?2 AND (r.date_end > ?1 OR
      (r.date_end = r.date_begin AND r.date_begin >= ?1))
ORDER BY r.id;
