-- prune-batch-count (PostgreSQL): what the batch holds: the one count of what
-- a prune
-- removes, for --dry-run and for the real run alike (run before the
-- deletes, in the same transaction).
--
-- Columns: reports, records, record_reasons, dkim_results, spf_results,
-- report_errors, report_selectors, conflicts, ingest_log rows unlinked
-- (kept, their report set to NULL), messages of the reports (kept),
-- the batch's last report id (0 when empty).
--
-- Used by store/prune.c (store_prune()).
SELECT
	(SELECT count(*) FROM prune_batch),
	(SELECT count(*) FROM records c JOIN prune_batch b ON c.report = b.id),
	(SELECT count(*) FROM record_reasons x
	    JOIN records c ON c.id = x.record
	    JOIN prune_batch b ON c.report = b.id),
	(SELECT count(*) FROM dkim_results x
	    JOIN records c ON c.id = x.record
	    JOIN prune_batch b ON c.report = b.id),
	(SELECT count(*) FROM spf_results x
	    JOIN records c ON c.id = x.record
	    JOIN prune_batch b ON c.report = b.id),
	(SELECT count(*) FROM report_errors e
	    JOIN prune_batch b ON e.report = b.id),
	(SELECT count(*) FROM report_selectors s
	    WHERE s.report IN (SELECT id FROM prune_batch)),
	(SELECT count(*) FROM conflicts k
	    WHERE k.report IN (SELECT id FROM prune_batch)),
	(SELECT count(*) FROM ingest_log l
	    WHERE l.report IN (SELECT id FROM prune_batch)),
	(SELECT count(DISTINCT r.message) FROM reports r
	    JOIN prune_batch b ON r.id = b.id),
	(SELECT coalesce(max(id), 0) FROM prune_batch);
