-- alerts-run-add: records a stateful alerts run; returns its id.
--
-- Parameters:
--   ?1  the run's now   ?2  message mark   ?3  alerts printed
--
-- Used by report/query/alerts_state.c (alerts_state_save).
-- PostgreSQL: the same statement as sql/report/alerts-run-add.sql
-- (docs/SCHEMA.md, "PostgreSQL").
INSERT INTO alert_runs(ran_at, message_mark, raised) VALUES (?1, ?2, ?3)
RETURNING id;
