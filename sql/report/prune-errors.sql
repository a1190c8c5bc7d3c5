-- prune-errors: deletes the <error> elements of the batch's reports.
--
-- Used by store/prune.c (store_prune()).
DELETE FROM report_errors WHERE report IN (SELECT id FROM prune_batch);
