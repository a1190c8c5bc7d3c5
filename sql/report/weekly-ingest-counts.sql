-- weekly-ingest-counts: the input messages ingested in [?1, ?2] by
-- outcome: outcome (messages.outcome), count of messages, reports newly
-- stored from them (messages.reports: what dmarc-ingest counts as stored=).
--
-- Parameters:
--   ?1  from, Unix seconds (the window's start)
--   ?2  to, inclusive, Unix seconds (the page's generation time)
--
-- Used by report/query/weekly_src.c (weekly_read_inputs).
-- From sqlite3: .param set ?1 1795996800
--               .param set ?2 1796601600
--               .read sql/report/weekly-ingest-counts.sql
SELECT outcome, count(*), sum(reports) FROM messages
WHERE ingested_at >= ?1 AND ingested_at <= ?2 GROUP BY outcome
ORDER BY outcome;
