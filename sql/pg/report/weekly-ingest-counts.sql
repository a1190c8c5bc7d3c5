-- weekly-ingest-counts: the input messages ingested in [?1, ?2] by
-- outcome: outcome (messages.outcome), count of messages, reports newly
-- stored from them (messages.reports: what dmarc-ingest counts as stored=).
--
-- Parameters:
--   ?1  from, Unix seconds (the window's start)
--   ?2  to, inclusive, Unix seconds (the page's generation time)
--
-- Used by report/query/weekly_src.c (weekly_read_inputs).
-- PostgreSQL dialect of sql/report/weekly-ingest-counts.sql
-- (docs/SCHEMA.md, "PostgreSQL"): sum() of bigint is numeric here, cast
-- back to bigint.
SELECT outcome, count(*), CAST(sum(reports) AS bigint) FROM messages
WHERE ingested_at >= ?1 AND ingested_at <= ?2 GROUP BY outcome
ORDER BY outcome;
