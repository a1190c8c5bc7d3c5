-- prune-conflicts: deletes the conflicts recorded against the batch's
-- reports (re-sends with other content; their messages stay in the
-- ingest log and in "inputs set aside").
--
-- Used by store/prune.c (store_prune()).
DELETE FROM conflicts WHERE report IN (SELECT id FROM prune_batch);
