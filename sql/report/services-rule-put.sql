-- services-rule-put: one rule of the shipped catalogue.
--
-- Parameters: ?1 rule, ?2 value, ?3 service id.
--
-- Used by store/services.c (store_services_sync).
INSERT INTO service_rules (rule, value, service) VALUES (?1, ?2, ?3);
