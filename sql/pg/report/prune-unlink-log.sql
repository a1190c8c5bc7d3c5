-- prune-unlink-log (PostgreSQL): the ingest log stays (it is how dmarc-ingest
-- knows a
-- message it has read), but its rows no longer point to a pruned report:
-- they keep org_name and report_id, report becomes NULL.
--
-- Used by store/prune.c (store_prune()).
UPDATE ingest_log SET report = NULL
WHERE report IN (SELECT id FROM prune_batch);
