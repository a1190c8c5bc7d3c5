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
	(SELECT count(*) FROM records c
	    WHERE c.report IN (SELECT id FROM prune_batch)),
	(SELECT count(*) FROM record_reasons x
	    WHERE x.record IN (SELECT c.id FROM records c
	    WHERE c.report IN (SELECT id FROM prune_batch))),
	(SELECT count(*) FROM dkim_results x
	    WHERE x.record IN (SELECT c.id FROM records c
	    WHERE c.report IN (SELECT id FROM prune_batch))),
	(SELECT count(*) FROM spf_results x
	    WHERE x.record IN (SELECT c.id FROM records c
	    WHERE c.report IN (SELECT id FROM prune_batch))),
	(SELECT count(*) FROM report_errors e
	    WHERE e.report IN (SELECT id FROM prune_batch)),
	(SELECT count(*) FROM report_selectors s
	    WHERE s.report IN (SELECT id FROM prune_batch)),
	(SELECT count(*) FROM conflicts k
	    WHERE k.report IN (SELECT id FROM prune_batch)),
	(SELECT count(*) FROM ingest_log l
	    WHERE l.report IN (SELECT id FROM prune_batch)),
	(SELECT count(DISTINCT r.message) FROM reports r
	    WHERE r.id IN (SELECT id FROM prune_batch)),
	(SELECT coalesce(max(id), 0) FROM prune_batch);
