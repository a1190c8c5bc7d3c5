-- prune-stats: deletes the sums of the batch's reports.
--
-- Used by store/prune.c (store_prune()).
DELETE FROM report_stats WHERE report IN (SELECT id FROM prune_batch);
