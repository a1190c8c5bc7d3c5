-- services-clear-services: the second half of services-clear.
--
-- Used by store/services.c (store_services_sync).
DELETE FROM services;
