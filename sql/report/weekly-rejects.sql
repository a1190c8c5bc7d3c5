-- weekly-rejects: the rejected and conflicting inputs ingested in
-- [?1, ?2], newest first: path, part (the attachment or member; NULL for
-- a whole message), outcome, reason, detail, ingested_at.  A message
-- rejected or conflicting as a whole is one row; otherwise each of its
-- ingest_log rows that is.
--
-- Parameters:
--   ?1  from, Unix seconds (the window's start)
--   ?2  to, inclusive, Unix seconds (the page's generation time)
--
-- Used by report/query/weekly_src.c (weekly_read_inputs).
-- From sqlite3: .param set ?1 1795996800
--               .param set ?2 1796601600
--               .read sql/report/weekly-rejects.sql
SELECT m.path, NULL, m.outcome, m.reason, m.detail, m.ingested_at
FROM messages m WHERE m.ingested_at >= ?1 AND m.ingested_at <= ?2
  AND m.outcome IN ('rejected', 'conflict')
UNION ALL
SELECT m.path, l.part, l.outcome, l.reason, l.detail, m.ingested_at
FROM ingest_log l JOIN messages m ON m.id = l.message
WHERE m.ingested_at >= ?1 AND m.ingested_at <= ?2
  AND l.outcome IN ('rejected', 'conflict')
  AND m.outcome NOT IN ('rejected', 'conflict')
ORDER BY 6 DESC, 1, 2;
