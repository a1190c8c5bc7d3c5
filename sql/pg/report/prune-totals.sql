-- prune-totals (PostgreSQL): what a prune before ?1 leaves and remembers:
-- reports
-- kept (ended on or after ?1) and their records (report_stats), reports
-- still to prune (ended before ?1), and identities remembered in
-- pruned_reports.  Read before and after the batches.
--
-- Parameters:
--   ?1  DATE as Unix seconds
--
-- Used by store/prune.c (store_prune()).
SELECT
	(SELECT count(*) FROM reports WHERE date_end >= ?1),
	(SELECT CAST(coalesce(sum(s.records), 0) AS bigint) FROM reports r
	    JOIN report_stats s ON s.report = r.id WHERE r.date_end >= ?1),
	(SELECT count(*) FROM reports WHERE date_end < ?1),
	(SELECT count(*) FROM pruned_reports);
