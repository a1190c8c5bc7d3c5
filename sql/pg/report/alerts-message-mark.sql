-- alerts-message-mark: the newest messages.id (0 when none): inputs set
-- aside after it are new to the next alerts run.
--
-- Used by report/query/alerts_state.c (alerts_state_save).
-- PostgreSQL: the same statement as sql/report/alerts-message-mark.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT coalesce(max(id), 0) FROM messages;
