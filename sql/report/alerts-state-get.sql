-- alerts-state-get: what the latest stateful alerts run recorded for one
-- alert: its value (NULL: no row, the alert is new).
--
-- Parameters:
--   ?1  alert key
--
-- Used by report/query/alerts_state.c (alerts_state_mark).
SELECT value FROM alert_state WHERE key = ?1;
