-- services-rule-put: one rule of the shipped catalogue.
--
-- Parameters: ?1 rule, ?2 value, ?3 service id.
--
-- Used by store/services.c (store_services_sync).
-- PostgreSQL: the same statement as sql/report/services-rule-put.sql
-- (docs/SCHEMA.md, "PostgreSQL").
INSERT INTO service_rules (rule, value, service) VALUES (?1, ?2, ?3);
