-- alerts-mark-set: records how far alert_sources is filled.
--
-- Parameters:
--   ?1  reports.id covered
--
-- Used by report/query/alerts_state.c (alerts_sources_update).
-- PostgreSQL: the same statement as sql/report/alerts-mark-set.sql
-- (docs/SCHEMA.md, "PostgreSQL").
INSERT INTO alert_marks(name, value) VALUES ('sources', ?1)
ON CONFLICT (name) DO UPDATE SET value = excluded.value;
