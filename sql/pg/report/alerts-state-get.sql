-- alerts-state-get: what the latest stateful alerts run recorded for one
-- alert: its value (NULL: no row, the alert is new).
--
-- Parameters:
--   ?1  alert key
--
-- Used by report/query/alerts_state.c (alerts_state_mark).
-- PostgreSQL: the same statement as sql/report/alerts-state-get.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT value FROM alert_state WHERE key = ?1;
