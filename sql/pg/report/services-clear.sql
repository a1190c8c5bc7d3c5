-- services-clear: empties the services tables before a refresh (the rules
-- go with their services: ON DELETE CASCADE, and explicitly, for a
-- connection with foreign keys off).
--
-- Used by store/services.c (store_services_sync).
-- PostgreSQL: the same statement as sql/report/services-clear.sql
-- (docs/SCHEMA.md, "PostgreSQL").
DELETE FROM service_rules;
