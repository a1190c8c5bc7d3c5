-- sql/pg/rebuild-derived.sql: the PostgreSQL dialect of
-- sql/rebuild-derived.sql -- recompute the tables dmarc-ingest derives from
-- the records (report_stats, report_selectors).  dmarc-ingest writes them
-- itself; run this only after loading or editing records by hand:
--
--     psql -X -v ON_ERROR_STOP=1 -d 'service=dmarc' -f sql/pg/rebuild-derived.sql
--
-- Idempotent; one transaction.  It reads every record.  The sums are the
-- view report_stats_derived (sql/pg/schema.sql): the same definition
-- dmarc-ingest uses.  INSERT OR IGNORE is ON CONFLICT DO NOTHING.
BEGIN;
DELETE FROM report_stats;
INSERT INTO report_stats SELECT * FROM report_stats_derived;
DELETE FROM report_selectors;
INSERT INTO report_selectors
SELECT d.domain, d.selector, c.report
FROM dkim_results d JOIN records c ON c.id = d.record
WHERE d.domain IS NOT NULL AND d.selector IS NOT NULL AND d.selector <> ''
ON CONFLICT DO NOTHING;
COMMIT;
