-- services-clear-services: the second half of services-clear.
--
-- Used by store/services.c (store_services_sync).
-- PostgreSQL: the same statement as sql/report/services-clear-services.sql
-- (docs/SCHEMA.md, "PostgreSQL").
DELETE FROM services;
