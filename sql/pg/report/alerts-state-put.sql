-- alerts-state-put: one alert found true by this run: inserted, or its
-- row refreshed (raised_at moves only when it was raised again).  Inside
-- store_cache_begin() ... store_commit().
--
-- Parameters:
--   ?1  key   ?2  kind   ?3  domain (NULL)   ?4  value
--   ?5  raised_at: the run's now when printed this run, else NULL (keep)
--   ?6  this run's alert_runs.id
--
-- Used by report/query/alerts_state.c (alerts_state_save).
-- PostgreSQL dialect of sql/report/alerts-state-put.sql (docs/SCHEMA.md,
-- "PostgreSQL"): ?5 is cast to bigint, which coalesce() cannot tell.
INSERT INTO alert_state(key, kind, domain, value, raised_at, seen_run)
VALUES (?1, ?2, ?3, ?4, coalesce(CAST(?5 AS bigint), 0), ?6)
ON CONFLICT (key) DO UPDATE SET
	kind = excluded.kind,
	domain = excluded.domain,
	value = excluded.value,
	raised_at = coalesce(CAST(?5 AS bigint), alert_state.raised_at),
	seen_run = excluded.seen_run;
