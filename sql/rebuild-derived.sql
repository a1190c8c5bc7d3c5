-- sql/rebuild-derived.sql: recompute the tables dmarc-ingest derives from
-- the records (report_stats, report_selectors).  dmarc-ingest writes them
-- itself; run this only after loading or editing records by hand:
--
--     sqlite3 dmarc.sqlite < sql/rebuild-derived.sql
--
-- Idempotent; one transaction.  It reads every record (seconds per million).
-- The sums are the view report_stats_derived (sql/views.sql): the same
-- definition dmarc-ingest uses.
BEGIN;
DELETE FROM report_stats;
INSERT INTO report_stats SELECT * FROM report_stats_derived;
DELETE FROM report_selectors;
INSERT OR IGNORE INTO report_selectors
SELECT d.domain, d.selector, c.report
FROM dkim_results d JOIN records c ON c.id = d.record
WHERE d.domain IS NOT NULL AND d.selector IS NOT NULL AND d.selector <> '';
COMMIT;
