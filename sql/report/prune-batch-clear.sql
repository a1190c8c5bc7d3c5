-- prune-batch-clear: empties the list of the previous batch.
--
-- Used by store/prune.c (store_prune()).
DELETE FROM prune_batch;
