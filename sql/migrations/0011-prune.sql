-- Migration 11: retention (`dmarc-report prune --before DATE`).
--
-- What a prune removes: a report that ended before DATE and everything
-- that hangs off it -- its records with their record_reasons, dkim_results
-- and spf_results, its report_errors, report_stats and report_selectors,
-- and the conflicts recorded against it (re-sends of it with other
-- content; the messages that brought them stay in the ingest log and in
-- "inputs set aside").
--
-- What it keeps:
--  - messages and ingest_log, the ingest log: one row per message, not per
--    record, and the memory that lets dmarc-ingest recognize a message in
--    new/ or cur/ by its unique name and SHA-256 (without it every archived
--    message would be read again); they also date the inputs set aside.
--    An ingest_log row that pointed to a pruned report keeps its org_name
--    and report_id, its report becomes NULL.
--  - the report's identity and digest, in pruned_reports below, so that a
--    pruned report sent again is still a duplicate (same digest) or a
--    conflict (other digest), never stored a second time.
--  - the alert state (alert_sources: "failed before" stays true).
--
-- pruned_reports: one row per pruned report.
--   id             the report's former reports.id: dmarc-ingest takes new
--                  ids above max(reports.id, pruned_reports.id), so an id
--                  is never given twice (alert_marks counts on it)
--   org_key, report_id, policy_domain   the identity, as in reports
--   digest         SHA-256 of its normalized content, as in reports
--   date_begin, date_end, message_count, record_count, message,
--   ingested_at    as they were in reports (what was there)
--   pruned_at      when it was pruned, Unix seconds
CREATE TABLE IF NOT EXISTS pruned_reports (
	id		INTEGER PRIMARY KEY,
	org_key		TEXT NOT NULL,
	report_id	TEXT NOT NULL,
	policy_domain	TEXT NOT NULL,
	digest		TEXT NOT NULL,
	date_begin	INTEGER NOT NULL,
	date_end	INTEGER NOT NULL,
	record_count	INTEGER NOT NULL,
	message_count	INTEGER NOT NULL,
	message		INTEGER REFERENCES messages(id),
	ingested_at	INTEGER NOT NULL,
	pruned_at	INTEGER NOT NULL,
	UNIQUE (org_key, report_id, policy_domain)
);

-- The rows a prune unlinks or deletes are found by report: without these
-- a prune would read the whole ingest log and every conflict per batch.
-- dmarc-ingest writes one ingest_log row per report, so the index costs
-- one entry per report, not per record.
CREATE INDEX IF NOT EXISTS ingest_log_report ON ingest_log(report)
    WHERE report IS NOT NULL;
CREATE INDEX IF NOT EXISTS conflicts_report ON conflicts(report);
