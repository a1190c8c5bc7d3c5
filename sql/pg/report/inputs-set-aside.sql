-- inputs-set-aside: the one definition of "inputs set aside", used by
-- `dmarc-report reports` and the weekly page alike: every input whose
-- reports are not counted.  A message that is rejected, conflicting or
-- not a report as a whole is one row (part NULL); in a message that was
-- kept, each attachment or member that was rejected or conflicting is one
-- row.  Columns: ingested_at (Unix seconds), path, part, outcome, reason
-- ID, detail; newest first.
--
-- The window rule: inputs are counted by when they were ingested (not by
-- their reports' dates, which a broken input does not have), from the
-- window's start up to now, so that today's rejected inputs always show.
--
-- Parameters:
--   ?1  NULL: only inputs ingested in [?2, ?3]; anything else: all
--   ?2  from, Unix seconds (the window's start)
--   ?3  to, inclusive, Unix seconds (now: the time of the run)
--
-- Used by report/cmd_reports.c (dmarc-report reports) and
-- report/query/weekly_src.c (weekly_read_inputs).
-- PostgreSQL dialect of sql/report/inputs-set-aside.sql (docs/SCHEMA.md,
-- "PostgreSQL"): NULLS FIRST is SQLite's order of NULLs; the type of ?1 is
-- given where "IS NOT NULL" cannot tell it (any value but NULL means all).
SELECT m.ingested_at, m.path, NULL::text COLLATE "C", m.outcome, m.reason,
       m.detail
FROM messages m
WHERE m.outcome IN ('rejected', 'conflict', 'not_report')
  AND (CAST(?1 AS text) IS NOT NULL
       OR (m.ingested_at >= ?2 AND m.ingested_at <= ?3))
UNION ALL
SELECT m.ingested_at, m.path, l.part, l.outcome, l.reason, l.detail
FROM ingest_log l JOIN messages m ON m.id = l.message
WHERE l.outcome IN ('rejected', 'conflict')
  AND m.outcome NOT IN ('rejected', 'conflict', 'not_report')
  AND (CAST(?1 AS text) IS NOT NULL
       OR (m.ingested_at >= ?2 AND m.ingested_at <= ?3))
ORDER BY 1 DESC, 2, 3 NULLS FIRST, 4, 5 NULLS FIRST, 6 NULLS FIRST;
