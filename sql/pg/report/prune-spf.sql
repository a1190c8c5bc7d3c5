-- prune-spf (PostgreSQL): deletes the spf_results of the records of the
-- batch's reports.
--
-- Used by store/prune.c (store_prune()).
DELETE FROM spf_results
WHERE record IN (SELECT c.id FROM records c
    WHERE c.report IN (SELECT id FROM prune_batch));
