-- reports-rejected: the inputs the ingest set aside: messages rejected or
-- not a report, and the per-report rejections and conflicts inside kept
-- messages.  Columns: ingested_at (Unix seconds), path, part (NULL for a
-- whole message), outcome, reason ID, detail; oldest first.
--
-- Parameters:
--   ?1  NULL: only inputs ingested in the window; anything else: all
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- Used by report/cmd_reports.c (dmarc-report reports).
SELECT m.ingested_at, m.path, NULL, m.outcome, m.reason, m.detail
FROM messages m
WHERE m.outcome IN ('rejected', 'not_report')
  AND (?1 IS NOT NULL OR (m.ingested_at >= ?2 AND m.ingested_at < ?3))
UNION ALL
SELECT m.ingested_at, m.path, l.part, l.outcome, l.reason, l.detail
FROM ingest_log l JOIN messages m ON m.id = l.message
WHERE l.outcome IN ('rejected', 'conflict')
  AND m.outcome NOT IN ('rejected', 'not_report')
  AND (?1 IS NOT NULL OR (m.ingested_at >= ?2 AND m.ingested_at < ?3))
ORDER BY 1, 2;
