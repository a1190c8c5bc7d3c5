-- alerts-set-aside: the inputs the ingest set aside (as in
-- sql/report/reports-rejected.sql: messages rejected or not a report, and
-- the rejected or conflicting reports inside kept messages), grouped by
-- reason.  Columns: reason (the outcome when there is none), inputs,
-- newest messages.id, and of the newest input: path, part, detail,
-- org_name, report_id.
--
-- Parameters:
--   ?1  messages.id mark: only inputs of messages after it; NULL: use ?2
--   ?2  ingested at or after, Unix seconds (when ?1 is NULL)
--
-- Used by report/query/alerts.c (alerts_set_aside).
WITH s AS (
	SELECT m.id AS mid, m.path AS path, NULL AS part, m.outcome AS outcome,
	       m.reason AS reason, m.detail AS detail, NULL AS org_name,
	       NULL AS report_id
	FROM messages m
	WHERE m.outcome IN ('rejected', 'not_report')
	  AND ((?1 IS NOT NULL AND m.id > ?1) OR (?1 IS NULL AND m.ingested_at >= ?2))
	UNION ALL
	SELECT m.id, m.path, l.part, l.outcome, l.reason, l.detail, l.org_name,
	       l.report_id
	FROM ingest_log l JOIN messages m ON m.id = l.message
	WHERE l.outcome IN ('rejected', 'conflict')
	  AND m.outcome NOT IN ('rejected', 'not_report')
	  AND ((?1 IS NOT NULL AND m.id > ?1) OR (?1 IS NULL AND m.ingested_at >= ?2)))
SELECT coalesce(reason, outcome), count(*), max(mid), path, part, detail,
       org_name, report_id
FROM s
GROUP BY 1
ORDER BY 2 DESC, 1;
