-- Migration 6: a report's identity includes its policy domain; the
-- reporter's own word in policy_evaluated is kept.
--
-- 1. The identity of a report is (org_key, report_id, policy_domain).  Small
--    reporters build report_id from a date or a counter alone, so one
--    reporter's reports for example.com and example.org share it; with
--    (org_key, report_id) the second was a conflict and its domain
--    vanished.  A true re-send always names the same domain, so duplicates
--    and conflicts stay what they were.  SQLite cannot change a UNIQUE
--    constraint in place: the table is rebuilt, column for column (the
--    same order: the views and `SELECT *` of hand scripts see no change),
--    row ids kept, so every row pointing to a report still does.
--    dmarc-ingest runs migrations with foreign keys off (store.c), so
--    dropping the old table deletes nothing else.  Views and the trigger
--    that name reports are dropped first (views.sql re-creates the views
--    after the migrations; the trigger is re-created below), since
--    renaming a table checks every view and trigger.
DROP VIEW IF EXISTS report_summary;
DROP VIEW IF EXISTS record_detail;
DROP VIEW IF EXISTS report_stats_derived;
DROP TRIGGER IF EXISTS records_stats_delete;
DROP TRIGGER IF EXISTS records_stats_update;

CREATE TABLE reports_v6 (
	id		INTEGER PRIMARY KEY,
	org_name	TEXT NOT NULL,		-- as received (trimmed)
	org_key		TEXT NOT NULL,		-- org_name case-folded: the identity
	report_id	TEXT NOT NULL,
	email		TEXT,
	extra_contact	TEXT,
	generator	TEXT,
	version		TEXT,
	schema		TEXT NOT NULL,		-- 'rfc7489', 'dmarc-2.0', 'dmarc-xml-0.1', 'dmarc-xml-0.2'
	date_begin	INTEGER NOT NULL,
	date_end	INTEGER NOT NULL CHECK (date_end >= date_begin),
	policy_domain	TEXT NOT NULL,
	p		TEXT,
	sp		TEXT,
	np		TEXT,
	adkim		TEXT,
	aspf		TEXT,
	pct		INTEGER,
	fo		TEXT,
	testing		TEXT,
	discovery	TEXT,
	record_count	INTEGER NOT NULL DEFAULT 0,
	message_count	INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
	digest		TEXT NOT NULL,		-- SHA-256 of the normalized content
	message		INTEGER REFERENCES messages(id),
	ingested_at	INTEGER NOT NULL,
	UNIQUE (org_key, report_id, policy_domain)
);
INSERT INTO reports_v6 SELECT * FROM reports;
DROP TABLE reports;
ALTER TABLE reports_v6 RENAME TO reports;

-- The window indexes of migration 2 went with the old table.
CREATE INDEX reports_domain_end ON reports(policy_domain, date_end, date_begin,
    org_key, p, sp, adkim, aspf, pct);
CREATE INDEX reports_end ON reports(date_end, date_begin, policy_domain);

-- The hand-edit triggers of migration 5, unchanged.
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

-- 2. policy_evaluated/dkim and spf hold pass or fail; some reporters write
--    other words (softfail for spf, none for dkim).  They are stored as
--    dkim_eval/spf_eval 'fail' (not a pass: not aligned) with the word in
--    dkim_eval_raw/spf_eval_raw, as disposition_raw keeps its word.  Rows
--    stored before have NULL there (the word was not kept) and keep
--    dkim_eval/spf_eval NULL, which no query counts as a pass either.
--    records.dmarc_pass (migration 5) is unchanged.
ALTER TABLE records ADD COLUMN dkim_eval_raw TEXT;
ALTER TABLE records ADD COLUMN spf_eval_raw TEXT;
