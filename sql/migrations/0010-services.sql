-- Migration 10: the catalogue of sending services (issue 12), so that
-- people can join records with the service that sent them:
--
--   SELECT c.source_ip, s.name, s.kind, r.rule, r.value
--   FROM records c JOIN dkim_results d ON d.record = c.id
--   JOIN service_rules r ON r.rule = 'dkim'
--        AND (d.domain = r.value OR d.domain LIKE '%.' || r.value)
--   JOIN services s ON s.id = r.service;
--
-- Self-contained: it reads no other table; IF NOT EXISTS, so that a
-- database labelled older by hand (tests/integration/2007) migrates again.  The rows are the shipped
-- catalogue (sql/services/catalogue.tsv, embedded in the programs);
-- dmarc-ingest replaces them at its start when the shipped
-- version differs from services_version, so an upgrade refreshes them.
-- The local file (services-file, /etc/dmarc-rua/services.tsv) is read by
-- dmarc-report at each run and is not copied here: edit the file, not
-- these tables, which the next refresh overwrites.
--
-- services: one row per service.
--   id        stable identifier (mailchimp, microsoft365)
--   kind      mailbox, esp, transactional, crm, gateway or list
--   name      what people call it (Mailchimp)
--   source    URL of its SPF/DKIM documentation the rules come from
--   dkim_fix, spf_fix  extra words of the fix text, NULL when none
CREATE TABLE IF NOT EXISTS services (
	id		TEXT PRIMARY KEY,
	kind		TEXT NOT NULL,
	name		TEXT NOT NULL,
	source		TEXT NOT NULL,
	dkim_fix	TEXT,
	spf_fix		TEXT
);

-- service_rules: one row per (rule, value).
--   rule      dkim (a DKIM d= domain), spf (an SPF include: or envelope
--             domain), ptr (a PTR name), asn (an AS number), ip (CIDR)
--   value     lower case; a domain value matches itself and any name
--             under it, the longest value winning
CREATE TABLE IF NOT EXISTS service_rules (
	rule		TEXT NOT NULL,
	value		TEXT NOT NULL,
	service		TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
	PRIMARY KEY (rule, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS service_rules_service ON service_rules(service);

-- services_version: one row, the shipped catalogue's hash when the rows
-- above were written ('' until the first refresh).
CREATE TABLE IF NOT EXISTS services_version (
	version		TEXT NOT NULL
);
INSERT INTO services_version (version)
SELECT '' WHERE NOT EXISTS (SELECT 1 FROM services_version);
