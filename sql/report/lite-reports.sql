-- lite-reports: one policy domain's reports in the window, each with the
-- first and last id of its records (NULL when it has none), for the
-- record-and-result merge of report_failures_lite().  The window rule is
-- failures-records.sql's (see failures-window-domains.sql).
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- Used by report/query/failures_lite.c (report_failures_lite).
-- From sqlite3: .param set ?1 example.com
--               .param set ?2 0
--               .param set ?3 4000000000
--               .read sql/report/lite-reports.sql
SELECT r.id,
       (SELECT min(c.id) FROM records c WHERE c.report = r.id),
       (SELECT max(c.id) FROM records c WHERE c.report = r.id)
FROM reports r
WHERE r.policy_domain = ?1
  AND r.date_end >= ?2 AND +r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2);
