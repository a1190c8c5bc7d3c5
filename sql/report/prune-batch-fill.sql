-- prune-batch-fill: the next batch: at most ?3 reports that ended before
-- ?1, with ids above ?2 (the last id of the previous batch), in id order.
--
-- Parameters:
--   ?1  DATE as Unix seconds: a report whose date_end < ?1 is pruned
--   ?2  the last id of the previous batch (0 at first)
--   ?3  how many reports per batch (prune --batch N)
--
-- Used by store/prune.c (store_prune()).
INSERT INTO prune_batch(id)
SELECT id FROM reports
WHERE date_end < ?1 AND id > ?2
ORDER BY id
LIMIT ?3;
