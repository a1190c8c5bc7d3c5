-- services-version-get: the shipped catalogue's version the services
-- tables hold (sql/migrations/0010-services.sql).
--
-- Used by store/services.c (store_services_sync).
-- PostgreSQL: the same statement as sql/report/services-version-get.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT version FROM services_version;
