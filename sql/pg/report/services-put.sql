-- services-put: one service of the shipped catalogue.
--
-- Parameters: ?1 id, ?2 kind, ?3 name, ?4 source, ?5 dkim_fix, ?6 spf_fix.
--
-- Used by store/services.c (store_services_sync).
-- PostgreSQL: the same statement as sql/report/services-put.sql
-- (docs/SCHEMA.md, "PostgreSQL").
INSERT INTO services (id, kind, name, source, dkim_fix, spf_fix)
VALUES (?1, ?2, ?3, ?4, ?5, ?6);
