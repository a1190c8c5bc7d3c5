-- summary-counts: how many reports one policy domain has in the window and
-- from how many reporters (distinct org_key): the first two columns of
-- summary-totals.sql, without its sums.  Readiness needs only these (and
-- the policy, summary-policies.sql): over four weeks of a 10,000,000-record
-- database, 7 ms per domain on PostgreSQL instead of 50 (no join with
-- report_stats, no sums).
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/query/summary.c (report_summary_counts).
SELECT count(*), count(DISTINCT r.org_key)
FROM reports r
WHERE r.policy_domain = ?1
  AND r.date_end >= ?2 AND +r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2);
