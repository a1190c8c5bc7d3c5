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
-- From sqlite3: .param set ?1 example.com
--               .param set ?2 s1
--               .param set ?3 example.com
--               .param set ?4 1795996800
--               .param set ?5 1796601600
--               .read sql/report/weekly-pair-used.sql
SELECT 1 FROM report_selectors s JOIN reports r ON r.id = s.report
WHERE s.domain = ?1 AND s.selector = ?2
  AND r.policy_domain = ?3 AND r.date_begin < ?5 AND (r.date_end > ?4 OR
      (r.date_end = r.date_begin AND r.date_begin >= ?4)) LIMIT 1;
