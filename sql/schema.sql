-- dmarc-rua database schema, version 1.
--
-- This file is compiled into the programs (store/schema.c is generated from
-- it) and applied to a new, empty database.  An existing database of an
-- older version is moved forward by sql/migrations/NNNN-*.sql in order;
-- PRAGMA user_version holds the version.  Tables may change between
-- versions; the views in sql/views.sql are the stable public API.
--
-- Conventions: timestamps are Unix seconds (UTC) as INTEGER; enumerations
-- are stored lower-case with the raw word kept in *_raw when it was not one
-- of the schema's values; domains are lower-case without a trailing dot;
-- IP addresses are in inet_ntop() form.

PRAGMA foreign_keys = ON;

-- One row per input message (or bare file) that an ingest run looked at:
-- the ingest log.  A message is recognized again by its Maildir unique name
-- (source_key) and by the SHA-256 of its bytes.
CREATE TABLE messages (
	id		INTEGER PRIMARY KEY,
	source_key	TEXT NOT NULL,		-- Maildir unique name, or the path of a bare file
	path		TEXT NOT NULL,		-- where it was read from
	sha256		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	message_id	TEXT,			-- Message-ID header, when there is one
	subject		TEXT,			-- decoded Subject (diagnostics only)
	outcome		TEXT NOT NULL CHECK (outcome IN
			    ('stored','duplicate','conflict','not_report','rejected')),
	reason		TEXT,			-- reason id (util/reasons.def) when not stored
	detail		TEXT,			-- one-line detail
	reports		INTEGER NOT NULL DEFAULT 0,	-- reports newly stored from it
	filed_to	TEXT,			-- where the file was moved after commit (NULL: left)
	ingested_at	INTEGER NOT NULL
);
CREATE INDEX messages_source ON messages(source_key);
CREATE INDEX messages_time ON messages(ingested_at);

-- One row per report found in a message (or attachment / zip member) and
-- what became of it: stored, duplicate, conflict, rejected, not_report.
CREATE TABLE ingest_log (
	id		INTEGER PRIMARY KEY,
	message		INTEGER NOT NULL REFERENCES messages(id),
	part		TEXT,			-- attachment / member name (untrusted text)
	outcome		TEXT NOT NULL CHECK (outcome IN
			    ('stored','duplicate','conflict','not_report','rejected','warning')),
	reason		TEXT,
	detail		TEXT,
	org_name	TEXT,
	report_id	TEXT,
	report		INTEGER REFERENCES reports(id)	-- the stored (or earlier) report
);
CREATE INDEX ingest_log_message ON ingest_log(message);

-- One row per unique report: identity (org_key, report_id); migration 6
-- makes it (org_key, report_id, policy_domain).
CREATE TABLE reports (
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
	UNIQUE (org_key, report_id)
);
-- Window indexes on reports come with migration 2 (reports_domain_end,
-- reports_end), shaped by the queries of dmarc-report.

-- <error> elements of report_metadata, in order.
CREATE TABLE report_errors (
	report		INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL,
	text		TEXT NOT NULL,
	PRIMARY KEY (report, seq)
);

-- One row per <record>.
CREATE TABLE records (
	id		INTEGER PRIMARY KEY,
	report		INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	source_ip	TEXT NOT NULL,
	ip_version	INTEGER NOT NULL CHECK (ip_version IN (4, 6)),
	count		INTEGER NOT NULL CHECK (count >= 0),
	disposition	TEXT,			-- none|quarantine|reject|pass, NULL if unknown
	disposition_raw	TEXT,
	dkim_eval	TEXT,			-- aligned DKIM result as the reporter saw it: pass|fail
	spf_eval	TEXT,			-- aligned SPF result: pass|fail
	eval_derived	INTEGER NOT NULL DEFAULT 0,	-- 1: dkim/spf_eval derived by us
	header_from	TEXT,
	envelope_from	TEXT,
	envelope_to	TEXT
);
CREATE INDEX records_report ON records(report, source_ip, count, dkim_eval, spf_eval);

-- policy_evaluated/reason elements.
CREATE TABLE record_reasons (
	record		INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	type		TEXT,			-- forwarded|sampled_out|trusted_forwarder|mailing_list|local_policy|policy_test_mode|other
	type_raw	TEXT,
	comment		TEXT
);
CREATE INDEX record_reasons_record ON record_reasons(record);

-- auth_results/dkim: raw DKIM results, one per signature.
CREATE TABLE dkim_results (
	record		INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	domain		TEXT,
	selector	TEXT,
	result		TEXT,			-- none|pass|fail|policy|neutral|temperror|permerror
	result_raw	TEXT,
	human_result	TEXT
);
CREATE INDEX dkim_results_record ON dkim_results(record);
CREATE INDEX dkim_results_domain ON dkim_results(domain, selector);

-- auth_results/spf: raw SPF results.
CREATE TABLE spf_results (
	record		INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	domain		TEXT,
	scope		TEXT,			-- mfrom|helo
	result		TEXT,			-- none|neutral|pass|fail|softfail|temperror|permerror|policy
	result_raw	TEXT,
	human_result	TEXT
);
CREATE INDEX spf_results_record ON spf_results(record);

-- Reports received again under the same identity but with other content:
-- recorded, never counted.
CREATE TABLE conflicts (
	id		INTEGER PRIMARY KEY,
	report		INTEGER NOT NULL REFERENCES reports(id),	-- the report kept
	digest		TEXT NOT NULL,		-- digest of the conflicting copy
	message		INTEGER REFERENCES messages(id),
	seen_at		INTEGER NOT NULL
);
