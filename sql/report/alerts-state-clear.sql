-- alerts-state-clear: alerts this run did not find true any more are
-- cleared (deleted), so they are raised again when they come back.  Only
-- within the run's scope: with --domain, other domains' alerts stay.
--
-- Parameters:
--   ?1  this run's alert_runs.id
--   ?2  policy domain of the scope, or NULL for every alert
--
-- Used by report/query/alerts_state.c (alerts_state_save).
DELETE FROM alert_state
WHERE seen_run <> ?1 AND (?2 IS NULL OR domain = ?2 OR domain IS NULL);
