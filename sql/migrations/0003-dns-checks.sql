-- Migration 3: results of the live DNS policy checks (dmarc-report check,
-- and the policy columns of failures/summary/html), kept with their time
-- so a report can say when a record changed.
--
-- dns_checks: one row per *state* of one DNS object: a new row is written
-- when the status or the record text differs from the newest row for the
-- same (domain, kind, name); otherwise that row's last_seen, valid and
-- summary_json are refreshed.  Temporary DNS failures are not stored (they
-- say nothing about the record).
--   kind          'dmarc', 'spf', 'dkim' or 'mx'
--   name          the DNS name looked at: _dmarc.example.com (or the org
--                 domain's), s1._domainkey.example.com, example.com
--   status        'ok', 'invalid', 'none', 'several', 'revoked', 'permerror'
--   record        the record as found (MX: the hosts, one per line);
--                 NULL when there is none
--   valid         1 / 0
--   summary_json  the check's JSON object for this part (as printed by
--                 `dmarc-report check --format json`)
--   first_seen    the first check that saw this state: "changed since"
--   last_seen     the latest check that saw it
CREATE TABLE dns_checks (
	id		INTEGER PRIMARY KEY,
	domain		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('dmarc','spf','dkim','mx')),
	name		TEXT NOT NULL,
	status		TEXT NOT NULL,
	record		TEXT,
	valid		INTEGER,
	summary_json	TEXT NOT NULL,
	first_seen	INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL
);
CREATE INDEX dns_checks_object ON dns_checks(domain, kind, name, id);

-- The current state of every checked object, when it started, and what it
-- was before (NULL when it never changed).
DROP VIEW IF EXISTS dns_check_current;
CREATE VIEW dns_check_current AS
SELECT
	c.domain	AS domain,
	c.kind		AS kind,
	c.name		AS name,
	c.status	AS status,
	c.record	AS record,
	c.valid		AS valid,
	c.summary_json	AS summary_json,
	c.first_seen	AS since,
	c.last_seen	AS checked_at,
	p.status	AS previous_status,
	p.record	AS previous_record,
	p.last_seen	AS previous_seen
FROM dns_checks c
LEFT JOIN dns_checks p ON p.id = (
	SELECT max(q.id) FROM dns_checks q
	WHERE q.domain = c.domain AND q.kind = c.kind AND q.name = c.name
	    AND q.id < c.id)
WHERE c.id = (
	SELECT max(m.id) FROM dns_checks m
	WHERE m.domain = c.domain AND m.kind = c.kind AND m.name = c.name);
