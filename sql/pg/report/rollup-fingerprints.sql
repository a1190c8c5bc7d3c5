-- rollup-fingerprints: one policy domain's intervals in the window (the
-- reports' own (date_begin, date_end); the window rule of
-- lite-reports.sql) with the fingerprint of their reports now, to compare
-- with rollup_intervals (sql/migrations/0012-rollup.sql): 0 date_begin,
-- 1 date_end, 2 reports, 3 sum of ids, 4 max id, 5 sum of record_count,
-- 6 sum of message_count, 7 max ingested_at.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- PostgreSQL dialect of sql/report/rollup-fingerprints.sql: sums cast to
-- bigint (sum(bigint) is numeric), the unary + dropped.
SELECT r.date_begin, r.date_end, CAST(count(*) AS bigint),
       CAST(sum(r.id) AS bigint), max(r.id),
       CAST(sum(r.record_count) AS bigint),
       CAST(sum(r.message_count) AS bigint), max(r.ingested_at)
FROM reports r
WHERE r.policy_domain = CAST(?1 AS text)
  AND r.date_end >= CAST(?2 AS bigint) AND r.date_begin < CAST(?3 AS bigint)
  AND (r.date_end > CAST(?2 AS bigint) OR r.date_begin >= CAST(?2 AS bigint))
GROUP BY r.date_end, r.date_begin
ORDER BY r.date_end, r.date_begin;
