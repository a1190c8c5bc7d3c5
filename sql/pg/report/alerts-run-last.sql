-- alerts-run-last: the latest stateful alerts run: id, ran_at,
-- message_mark; no row before the first.
--
-- Used by report/query/alerts_state.c (alerts_state_last).
-- PostgreSQL: the same statement as sql/report/alerts-run-last.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT id, ran_at, message_mark FROM alert_runs ORDER BY id DESC LIMIT 1;
