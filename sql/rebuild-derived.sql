-- sql/rebuild-derived.sql: recompute the tables dmarc-ingest derives from
-- the records (report_stats, report_selectors).  dmarc-ingest writes them
-- itself; run this only after loading or editing records by hand:
--
--     sqlite3 dmarc.sqlite < sql/rebuild-derived.sql
--
-- Idempotent; one transaction.  It reads every record (seconds per million).
BEGIN;
DELETE FROM report_stats;
INSERT INTO report_stats
SELECT report, count(*), sum(count),
	sum(CASE WHEN dkim_eval = 'pass' OR spf_eval = 'pass' THEN count ELSE 0 END),
	sum(CASE WHEN dkim_eval = 'pass' THEN count ELSE 0 END),
	sum(CASE WHEN spf_eval = 'pass' THEN count ELSE 0 END),
	sum(CASE WHEN disposition = 'none' THEN count ELSE 0 END),
	sum(CASE WHEN disposition = 'quarantine' THEN count ELSE 0 END),
	sum(CASE WHEN disposition = 'reject' THEN count ELSE 0 END)
FROM records GROUP BY report;
DELETE FROM report_selectors;
INSERT OR IGNORE INTO report_selectors
SELECT d.domain, d.selector, c.report
FROM dkim_results d JOIN records c ON c.id = d.record
WHERE d.domain IS NOT NULL AND d.selector IS NOT NULL AND d.selector <> '';
COMMIT;
