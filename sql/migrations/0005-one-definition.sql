-- Migration 5: one definition of each derived value.
--
-- 1. records.dmarc_pass is THE definition of "this record passed DMARC":
--    the reporter's policy_evaluated says aligned DKIM or aligned SPF
--    passed (RFC 7489 section 6.6.2).  A virtual column: computed when
--    read, nothing stored, nothing to back-fill.  Every view, query and
--    trigger reads it instead of repeating the expression.
ALTER TABLE records ADD COLUMN dmarc_pass INTEGER
    GENERATED ALWAYS AS (dkim_eval IS 'pass' OR spf_eval IS 'pass') VIRTUAL;

-- 2. report_stats is filled from the view report_stats_derived
--    (sql/views.sql), the one definition of each of its columns:
--    dmarc-ingest at the end of each report, sql/rebuild-derived.sql for
--    records loaded by hand, and these triggers for records edited by
--    hand (the report's row is recomputed; not when the report itself is
--    being deleted, whose report_stats row goes by cascade).
DROP TRIGGER IF EXISTS records_stats_delete;
DROP TRIGGER IF EXISTS records_stats_update;

CREATE TRIGGER records_stats_delete AFTER DELETE ON records
WHEN EXISTS (SELECT 1 FROM reports WHERE id = OLD.report)
BEGIN
	DELETE FROM report_stats WHERE report = OLD.report;
	INSERT INTO report_stats SELECT * FROM report_stats_derived
	    WHERE report = OLD.report;
END;

CREATE TRIGGER records_stats_update AFTER UPDATE OF report, count, dkim_eval,
    spf_eval, disposition ON records
BEGIN
	DELETE FROM report_stats WHERE report IN (OLD.report, NEW.report);
	INSERT INTO report_stats SELECT * FROM report_stats_derived
	    WHERE report IN (OLD.report, NEW.report);
END;
