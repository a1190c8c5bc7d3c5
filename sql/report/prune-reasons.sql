-- prune-reasons: deletes the record_reasons of the records of the batch's
-- reports.
--
-- Used by store/prune.c (store_prune()).
DELETE FROM record_reasons
WHERE record IN (SELECT c.id FROM records c
    WHERE c.report IN (SELECT id FROM prune_batch));
