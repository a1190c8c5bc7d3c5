-- prune-records (PostgreSQL): deletes the records of the batch's reports
-- (their
-- results went first, the reports just before).
--
-- Used by store/prune.c (store_prune()).
DELETE FROM records WHERE report IN (SELECT id FROM prune_batch);
