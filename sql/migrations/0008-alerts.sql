-- Migration 8: the state of `dmarc-report alerts` (issue 13), so that an
-- alert is raised once, then not again until it changes or clears.
-- Self-contained: it reads no other table, and only dmarc-report alerts
-- writes these four (alert_state, alert_runs, alert_sources, alert_marks).
--
-- alert_state: one row per alert that was true at the latest stateful run.
--   key         stable identity of the alert, built from normalized values
--               ("new-source|example.com|192.0.2.7", "dns-invalid|
--               example.com|spf|example.com"): kind, policy domain (lower
--               case, A-labels), subject
--   kind        'new-source', 'pass-rate-drop', 'failing-growth',
--               'dns-changed', 'dns-invalid', 'spf-limit', 'dkim-key',
--               'silent-reporter', 'set-aside'
--   domain      the policy domain, NULL for set-aside inputs
--   value       what the alert said, in short: a changed value raises it
--               again (the DNS state's row id, a status, a volume's order
--               of magnitude); '' when only true/false matters
--   raised_at   when it was last printed (the run's "now")
--   seen_run    alert_runs.id of the latest run that found it true; a row
--               a later run does not find true is deleted (cleared), so it
--               is raised again when it comes back
CREATE TABLE alert_state (
	key		TEXT PRIMARY KEY,
	kind		TEXT NOT NULL,
	domain		TEXT,
	value		TEXT NOT NULL,
	raised_at	INTEGER NOT NULL,
	seen_run	INTEGER NOT NULL
);
CREATE INDEX alert_state_run ON alert_state(seen_run);

-- alert_runs: one row per stateful run whose output was written.
--   ran_at         the run's "now", Unix seconds
--   message_mark   max(messages.id) when it ran: inputs set aside after it
--                  (messages.id > mark) are new to the next run
--   raised         how many alerts it printed
CREATE TABLE alert_runs (
	id		INTEGER PRIMARY KEY,
	ran_at		INTEGER NOT NULL,
	message_mark	INTEGER NOT NULL,
	raised		INTEGER NOT NULL
);

-- alert_sources: every (policy domain, source IP) pair that ever failed
-- DMARC, with the earliest end of a report where it failed: "not seen
-- failing before" without reading every record of the database on each
-- run (a new-source check then reads only the window's records).  Derived
-- data: filled by dmarc-report alerts from the reports stored since its
-- last fill (alert_marks 'sources'); dropping both rebuilds it.
CREATE TABLE alert_sources (
	domain		TEXT NOT NULL,
	ip		TEXT NOT NULL,
	first_end	INTEGER NOT NULL,
	PRIMARY KEY (domain, ip)
) WITHOUT ROWID;

-- alert_marks: how far derived alert data is filled ('sources':
-- the reports.id up to which alert_sources is complete).
CREATE TABLE alert_marks (
	name		TEXT PRIMARY KEY,
	value		INTEGER NOT NULL
);
