-- dmarc-rua public query API: these views are stable across versions.
-- Query them with sqlite3; see docs/SCHEMA.md and README.md.

-- Views are dropped and re-created after every migration.
DROP VIEW IF EXISTS report_summary;
DROP VIEW IF EXISTS record_detail;
DROP VIEW IF EXISTS rejected_inputs;
DROP VIEW IF EXISTS report_stats_derived;

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
-- dkim_raw/spf_raw (version 6): the reporter's word when it was neither
-- pass nor fail (softfail, none, ...); dkim/spf are then 'fail'.
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
	CASE WHEN c.dmarc_pass THEN 'pass' ELSE 'fail' END AS dmarc,
	c.header_from		AS header_from,
	c.envelope_from		AS envelope_from,
	c.envelope_to		AS envelope_to,
	(SELECT group_concat(coalesce(d.domain, '') || ':' || coalesce(d.result, ''), ';')
	   FROM dkim_results d WHERE d.record = c.id) AS dkim_results,
	(SELECT group_concat(coalesce(s.domain, '') || ':' || coalesce(s.result, ''), ';')
	   FROM spf_results s WHERE s.record = c.id) AS spf_results,
	c.id			AS record_rowid,
	r.id			AS report_rowid,
	c.dkim_eval_raw		AS dkim_raw,
	c.spf_eval_raw		AS spf_raw
FROM records c JOIN reports r ON r.id = c.report;

-- Inputs that were set aside, newest first.
CREATE VIEW rejected_inputs AS
SELECT m.path, m.message_id, m.outcome, m.reason, m.detail, m.ingested_at
FROM messages m
WHERE m.outcome IN ('rejected', 'not_report')
ORDER BY m.ingested_at DESC, m.id DESC;

-- The one definition of each column of report_stats: the sums over a
-- report's records.  dmarc-ingest fills report_stats from it at the end of
-- each report (WHERE report = ?, which SQLite pushes into the GROUP BY),
-- sql/rebuild-derived.sql for every report, and the records_stats_*
-- triggers for records edited by hand.  Column for column as report_stats.
-- A report without records (a reporter that saw no mail) has its row of
-- zeros: it counts as a report everywhere report_stats is joined.
-- Every sum of counts follows the saturation rule of docs/SCHEMA.md ("Sums
-- of counts"): a value no report can have (negative; above 2^40 in a
-- record, 2^44 in a report) or a total past 2^63-1 gives
-- 9223372036854775807, which dmarc-report shows as not known.
CREATE VIEW report_stats_derived AS
SELECT
	report,
	count(*)					AS records,
	CAST(total(CASE WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END) AS INTEGER)	AS messages,
	CAST(total(CASE WHEN NOT dmarc_pass THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END) AS INTEGER)	AS dmarc_pass,
	CAST(total(CASE WHEN dkim_eval IS NOT 'pass' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END) AS INTEGER)	AS dkim_aligned,
	CAST(total(CASE WHEN spf_eval IS NOT 'pass' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END) AS INTEGER)	AS spf_aligned,
	CAST(total(CASE WHEN disposition IS NOT 'none' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END) AS INTEGER)	AS disp_none,
	CAST(total(CASE WHEN disposition IS NOT 'quarantine' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END) AS INTEGER)	AS disp_quarantine,
	CAST(total(CASE WHEN disposition IS NOT 'reject' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END) AS INTEGER)	AS disp_reject
FROM records
GROUP BY report
UNION ALL
SELECT r.id, 0, 0, 0, 0, 0, 0, 0, 0
FROM reports r
WHERE NOT EXISTS (SELECT 1 FROM records c WHERE c.report = r.id);
