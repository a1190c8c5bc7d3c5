-- prune-reports: deletes the batch's reports, after everything that
-- points to them but their records.  In SQLite the reports go before the
-- records: the hand-edit trigger records_stats_delete (migration 5)
-- recomputes a report's sums on each deleted record while the report
-- exists, and skips when it is gone.  The prune runs with foreign keys
-- off and deletes every dependent row itself, in one transaction.
--
-- Used by store/prune.c (store_prune()).
DELETE FROM reports WHERE id IN (SELECT id FROM prune_batch);
