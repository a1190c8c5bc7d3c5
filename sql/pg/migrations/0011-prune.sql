-- Migration 11 (PostgreSQL): retention.  The twin of
-- sql/migrations/0011-prune.sql, whose comment says what a prune removes,
-- what it keeps and why; here only the dialect differs.
--
-- pruned_reports.id is the report's former id, not an identity column:
-- the ids come from reports' sequence, which never gives one twice (the
-- SQLite store reads max(id) of both tables for that).
CREATE TABLE IF NOT EXISTS pruned_reports (
	id		bigint PRIMARY KEY,
	org_key		text COLLATE "C" NOT NULL,
	report_id	text COLLATE "C" NOT NULL,
	policy_domain	text COLLATE "C" NOT NULL,
	digest		text COLLATE "C" NOT NULL,
	date_begin	bigint NOT NULL,
	date_end	bigint NOT NULL,
	record_count	bigint NOT NULL,
	message_count	bigint NOT NULL,
	message		bigint REFERENCES messages(id)
			    DEFERRABLE INITIALLY DEFERRED,
	ingested_at	bigint NOT NULL,
	pruned_at	bigint NOT NULL,
	UNIQUE (org_key, report_id, policy_domain)
);

-- The rows a prune unlinks or deletes are found by report (sql/pg/
-- schema.sql indexes conflicts(report) already).
CREATE INDEX IF NOT EXISTS ingest_log_report ON ingest_log(report)
    WHERE report IS NOT NULL;
CREATE INDEX IF NOT EXISTS conflicts_report ON conflicts(report);
