-- prune-selectors: deletes the DKIM selector pairs of the batch's reports.
--
-- Used by store/prune.c (store_prune()).
DELETE FROM report_selectors WHERE report IN (SELECT id FROM prune_batch);
