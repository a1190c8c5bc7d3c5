-- prune-reports (PostgreSQL): deletes the batch's reports, after everything
-- that points to them but their records, which go by ON DELETE CASCADE at
-- once (the foreign keys of sql/pg/schema.sql are deferred, the cascade is
-- not).  The statement trigger records_stats_delete then recomputes no
-- sums: the reports are gone.  prune-records finds nothing left; it stays
-- so that both dialects run the same list.
--
-- Used by store/prune.c (store_prune()).
DELETE FROM reports WHERE id IN (SELECT id FROM prune_batch);
