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
-- PostgreSQL dialect of sql/report/alerts-set-aside.sql (docs/SCHEMA.md,
-- "PostgreSQL"): SQLite takes the bare columns path ... report_id from the
-- row of max(mid), the first such row in its scan order (a message's
-- ingest_log rows in id order); here DISTINCT ON picks that row, ordered
-- by mid descending, then ingest_log.id.
WITH s AS (
	SELECT m.id AS mid, NULL::bigint AS lid, m.path AS path,
	       NULL::text COLLATE "C" AS part, m.outcome AS outcome,
	       m.reason AS reason, m.detail AS detail,
	       NULL::text COLLATE "C" AS org_name,
	       NULL::text COLLATE "C" AS report_id
	FROM messages m
	WHERE m.outcome IN ('rejected', 'not_report')
	  AND ((CAST(?1 AS bigint) IS NOT NULL AND m.id > ?1)
	       OR (CAST(?1 AS bigint) IS NULL AND m.ingested_at >= ?2))
	UNION ALL
	SELECT m.id, l.id, m.path, l.part, l.outcome, l.reason, l.detail,
	       l.org_name, l.report_id
	FROM ingest_log l JOIN messages m ON m.id = l.message
	WHERE l.outcome IN ('rejected', 'conflict')
	  AND m.outcome NOT IN ('rejected', 'not_report')
	  AND ((CAST(?1 AS bigint) IS NOT NULL AND m.id > ?1)
	       OR (CAST(?1 AS bigint) IS NULL AND m.ingested_at >= ?2))),
g AS (
	SELECT coalesce(reason, outcome) AS k, count(*) AS n, max(mid) AS newest
	FROM s GROUP BY 1),
pick AS (
	SELECT DISTINCT ON (coalesce(reason, outcome))
	       coalesce(reason, outcome) AS k, path, part, detail, org_name,
	       report_id
	FROM s
	ORDER BY coalesce(reason, outcome), mid DESC, lid NULLS FIRST)
SELECT g.k, g.n, g.newest, pick.path, pick.part, pick.detail,
       pick.org_name, pick.report_id
FROM g JOIN pick ON pick.k = g.k
ORDER BY 2 DESC, 1;
