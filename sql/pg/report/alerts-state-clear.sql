-- alerts-state-clear: alerts this run did not find true any more are
-- cleared (deleted), so they are raised again when they come back.  Only
-- within the run's scope: with --domain, other domains' alerts stay.
--
-- Parameters:
--   ?1  this run's alert_runs.id
--   ?2  policy domain of the scope, or NULL for every alert
--
-- Used by report/query/alerts_state.c (alerts_state_save).
-- PostgreSQL dialect of sql/report/alerts-state-clear.sql
-- (docs/SCHEMA.md, "PostgreSQL"): the type of ?2 is given where "IS NULL"
-- cannot tell it.
DELETE FROM alert_state
WHERE seen_run <> ?1
  AND (CAST(?2 AS text) IS NULL OR domain = ?2 OR domain IS NULL);
