-- services-version-set: records the shipped catalogue's version after a
-- refresh.
--
-- Parameters: ?1 version (16 hex digits).
--
-- Used by store/services.c (store_services_sync).
-- PostgreSQL: the same statement as sql/report/services-version-set.sql
-- (docs/SCHEMA.md, "PostgreSQL").
UPDATE services_version SET version = ?1;
