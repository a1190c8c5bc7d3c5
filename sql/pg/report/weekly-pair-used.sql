-- weekly-pair-used: 1 when a report about policy domain ?3 that overlaps
-- the window [?4, ?5) names the DKIM pair (?1, ?2); no row when none does.
-- An exact answer from report_selectors: one seek per report naming the
-- pair.
--
-- Parameters:
--   ?1  DKIM d= domain
--   ?2  selector
--   ?3  policy domain
--   ?4  window start, Unix seconds
--   ?5  window end, exclusive, Unix seconds
--
-- Used by report/query/weekly_src.c (weekly_read_selectors), reset per
-- probe.
-- PostgreSQL: the same statement as sql/report/weekly-pair-used.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT 1 FROM report_selectors s JOIN reports r ON r.id = s.report
WHERE s.domain = ?1 AND s.selector = ?2
  AND r.policy_domain = ?3 AND r.date_begin < ?5 AND (r.date_end > ?4 OR
      (r.date_end = r.date_begin AND r.date_begin >= ?4)) LIMIT 1;
