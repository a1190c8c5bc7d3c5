-- sql/views.sql as schema version 1 shipped it (commit 521307f^): the
-- fixture of test_store.c's migration test, which builds a real v1 database.
-- dmarc-rua public query API: these views are stable across versions.
-- Query them with sqlite3; see docs/SCHEMA.md and README.md.

-- Views are dropped and re-created after every migration.
DROP VIEW IF EXISTS report_summary;
DROP VIEW IF EXISTS record_detail;
DROP VIEW IF EXISTS rejected_inputs;

-- One row per stored report.
CREATE VIEW report_summary AS
SELECT
	r.org_name		AS org_name,
	r.report_id		AS report_id,
	r.policy_domain		AS policy_domain,
	r.date_begin		AS date_begin,
	r.date_end		AS date_end,
	r.record_count		AS record_count,
	r.message_count		AS message_count,
	r.email			AS email,
	r.p			AS p,
	r.sp			AS sp,
	r.schema		AS schema,
	r.ingested_at		AS ingested_at
FROM reports r;

-- One row per record, with the reporter and the evaluated results.
-- dkim and spf are the DMARC-aligned outcomes the reporter gave
-- (policy_evaluated); dkim_results/spf_results are the raw results joined
-- with ';' for reading only (query the tables for exact values).
CREATE VIEW record_detail AS
SELECT
	r.org_name		AS reporter,
	r.report_id		AS report_id,
	r.policy_domain		AS policy_domain,
	r.date_begin		AS date_begin,
	r.date_end		AS date_end,
	c.source_ip		AS source_ip,
	c.count			AS message_count,
	c.disposition		AS disposition,
	c.dkim_eval		AS dkim,
	c.spf_eval		AS spf,
	CASE WHEN c.dkim_eval = 'pass' OR c.spf_eval = 'pass'
	     THEN 'pass' ELSE 'fail' END AS dmarc,
	c.header_from		AS header_from,
	c.envelope_from		AS envelope_from,
	c.envelope_to		AS envelope_to,
	(SELECT group_concat(coalesce(d.domain, '') || ':' || coalesce(d.result, ''), ';')
	   FROM dkim_results d WHERE d.record = c.id) AS dkim_results,
	(SELECT group_concat(coalesce(s.domain, '') || ':' || coalesce(s.result, ''), ';')
	   FROM spf_results s WHERE s.record = c.id) AS spf_results,
	c.id			AS record_rowid,
	r.id			AS report_rowid
FROM records c JOIN reports r ON r.id = c.report;

-- Inputs that were set aside, newest first.
CREATE VIEW rejected_inputs AS
SELECT m.path, m.message_id, m.outcome, m.reason, m.detail, m.ingested_at
FROM messages m
WHERE m.outcome IN ('rejected', 'not_report')
ORDER BY m.ingested_at DESC;
