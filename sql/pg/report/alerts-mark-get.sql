-- alerts-mark-get: how far alert_sources is filled (reports.id), and the
-- newest report now.  Columns: mark (0 before the first fill), max id.
--
-- Used by report/query/alerts_state.c (alerts_sources_update).
-- PostgreSQL: the same statement as sql/report/alerts-mark-get.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT coalesce((SELECT value FROM alert_marks WHERE name = 'sources'), 0),
       coalesce((SELECT max(id) FROM reports), 0);
