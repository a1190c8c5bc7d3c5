-- rollup-interval-reports: the reports of one interval (policy domain,
-- date_begin, date_end) in id order, each with the first and last id of
-- its records (NULL when it has none), as lite-reports.sql gives them:
-- 0 id, 1 first records.id, 2 last; then what the weekly page's share of
-- a report wholly in its window takes (migration 14): 3 its messages and
-- 4 those passing DMARC (report_stats, as weekly-reports.sql), 5 org_key.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  date_begin, ?3 date_end of the interval, Unix seconds
--
-- Used by report/query/rollup.c to compute an interval the cache lacks.
-- PostgreSQL dialect of sql/report/rollup-interval-reports.sql:
-- parameters cast.
SELECT r.id,
       (SELECT min(c.id) FROM records c WHERE c.report = r.id),
       (SELECT max(c.id) FROM records c WHERE c.report = r.id),
       coalesce(s.messages, 0), coalesce(s.dmarc_pass, 0), r.org_key
FROM reports r LEFT JOIN report_stats s ON s.report = r.id
WHERE r.policy_domain = CAST(?1 AS text) AND r.date_end = CAST(?3 AS bigint)
  AND r.date_begin = CAST(?2 AS bigint)
ORDER BY r.id;
