-- rollup-interval-put: records that the cache holds an interval (level
-- 0) or a block computed from reports with this fingerprint
-- (sql/migrations/0012-rollup.sql), in the transaction that writes its
-- rows (rollup-interval-clear.sql, then rollup-source-put.sql).  A
-- concurrent run writing the same one waits here for the other's commit,
-- then replaces it.
--
-- Parameters:
--   ?1  policy domain, ?2 level, ?3 date_begin, ?4 date_end
--   ?5  reports, ?6 sum of ids, ?7 max id, ?8 sum of record_count,
--   ?9  sum of message_count, ?10 max ingested_at
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- PostgreSQL dialect of sql/report/rollup-interval-put.sql: the same text (INSERT ... ON CONFLICT is in both).
INSERT INTO rollup_intervals(policy_domain, level, date_begin, date_end,
    reports, id_sum, id_max, record_sum, message_sum, ingested_max)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT (policy_domain, level, date_end, date_begin) DO UPDATE SET
    reports = excluded.reports, id_sum = excluded.id_sum,
    id_max = excluded.id_max, record_sum = excluded.record_sum,
    message_sum = excluded.message_sum,
    ingested_max = excluded.ingested_max;
