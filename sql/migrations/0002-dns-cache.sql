-- Migration 2: caches for dmarc-report's DNS lookups, and per-report
-- totals kept at ingest so that summaries over millions of records stay fast.
--
-- ptr_cache: one row per source IP that dmarc-report looked up.
--   status      'ok', 'nxdomain', 'nodata' (no PTR), never a temporary error
--               (timeouts and SERVFAIL are not cached: the next run retries).
--   name        the PTR target (the first in DNS order), NULL when none.
--   fcrdns      forward-confirmed: 1 the name resolves back to the IP,
--               0 it does not, NULL unknown (no name, or the forward lookup
--               failed temporarily).
--   ttl         the TTL of the answer (SOA minimum for negative answers).
--   fetched_at  when it was looked up; expires_at when to look again
--               (fetched_at + ttl clamped to [1 hour, 7 days]).
CREATE TABLE ptr_cache (
	ip		TEXT PRIMARY KEY,
	status		TEXT NOT NULL CHECK (status IN ('ok','nxdomain','nodata')),
	name		TEXT,
	fcrdns		INTEGER,
	ttl		INTEGER NOT NULL,
	fetched_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
);

-- dns_cache: any other DNS answer (TXT/A/AAAA/MX ... for the DNS checks).
--   answer  the answer's records as the resolver gives them, one per line
--           (report/resolver.h describes the text forms).
CREATE TABLE dns_cache (
	qname		TEXT NOT NULL,
	qtype		INTEGER NOT NULL,
	status		TEXT NOT NULL,
	answer		TEXT,
	ttl		INTEGER NOT NULL,
	fetched_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	PRIMARY KEY (qname, qtype)
);

-- report_stats: one row per report, the sums over its records, kept by the
-- triggers below on every insert, update and delete of records (so any
-- writer, the ingest or a bulk load, keeps it right).  dmarc_pass follows
-- the reporter's policy_evaluated: dkim_eval = 'pass' OR spf_eval = 'pass'.
CREATE TABLE report_stats (
	report		INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
	records		INTEGER NOT NULL DEFAULT 0,
	messages	INTEGER NOT NULL DEFAULT 0,
	dmarc_pass	INTEGER NOT NULL DEFAULT 0,
	dkim_aligned	INTEGER NOT NULL DEFAULT 0,
	spf_aligned	INTEGER NOT NULL DEFAULT 0,
	disp_none	INTEGER NOT NULL DEFAULT 0,
	disp_quarantine	INTEGER NOT NULL DEFAULT 0,
	disp_reject	INTEGER NOT NULL DEFAULT 0
);

INSERT INTO report_stats
SELECT report, count(*), sum(count),
	sum(CASE WHEN dkim_eval = 'pass' OR spf_eval = 'pass' THEN count ELSE 0 END),
	sum(CASE WHEN dkim_eval = 'pass' THEN count ELSE 0 END),
	sum(CASE WHEN spf_eval = 'pass' THEN count ELSE 0 END),
	sum(CASE WHEN disposition = 'none' THEN count ELSE 0 END),
	sum(CASE WHEN disposition = 'quarantine' THEN count ELSE 0 END),
	sum(CASE WHEN disposition = 'reject' THEN count ELSE 0 END)
FROM records GROUP BY report;

CREATE TRIGGER records_stats_insert AFTER INSERT ON records
BEGIN
	INSERT INTO report_stats(report, records, messages, dmarc_pass,
	    dkim_aligned, spf_aligned, disp_none, disp_quarantine, disp_reject)
	VALUES (NEW.report, 1, NEW.count,
	    CASE WHEN NEW.dkim_eval = 'pass' OR NEW.spf_eval = 'pass' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.dkim_eval = 'pass' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.spf_eval = 'pass' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.disposition = 'none' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.disposition = 'quarantine' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.disposition = 'reject' THEN NEW.count ELSE 0 END)
	ON CONFLICT (report) DO UPDATE SET
	    records = records + 1,
	    messages = messages + excluded.messages,
	    dmarc_pass = dmarc_pass + excluded.dmarc_pass,
	    dkim_aligned = dkim_aligned + excluded.dkim_aligned,
	    spf_aligned = spf_aligned + excluded.spf_aligned,
	    disp_none = disp_none + excluded.disp_none,
	    disp_quarantine = disp_quarantine + excluded.disp_quarantine,
	    disp_reject = disp_reject + excluded.disp_reject;
END;

CREATE TRIGGER records_stats_delete AFTER DELETE ON records
BEGIN
	UPDATE report_stats SET
	    records = records - 1,
	    messages = messages - OLD.count,
	    dmarc_pass = dmarc_pass - CASE WHEN OLD.dkim_eval = 'pass' OR OLD.spf_eval = 'pass' THEN OLD.count ELSE 0 END,
	    dkim_aligned = dkim_aligned - CASE WHEN OLD.dkim_eval = 'pass' THEN OLD.count ELSE 0 END,
	    spf_aligned = spf_aligned - CASE WHEN OLD.spf_eval = 'pass' THEN OLD.count ELSE 0 END,
	    disp_none = disp_none - CASE WHEN OLD.disposition = 'none' THEN OLD.count ELSE 0 END,
	    disp_quarantine = disp_quarantine - CASE WHEN OLD.disposition = 'quarantine' THEN OLD.count ELSE 0 END,
	    disp_reject = disp_reject - CASE WHEN OLD.disposition = 'reject' THEN OLD.count ELSE 0 END
	WHERE report = OLD.report;
END;

-- An update is a delete of the old row and an insert of the new one.
CREATE TRIGGER records_stats_update AFTER UPDATE OF report, count, dkim_eval,
    spf_eval, disposition ON records
BEGIN
	UPDATE report_stats SET
	    records = records - 1,
	    messages = messages - OLD.count,
	    dmarc_pass = dmarc_pass - CASE WHEN OLD.dkim_eval = 'pass' OR OLD.spf_eval = 'pass' THEN OLD.count ELSE 0 END,
	    dkim_aligned = dkim_aligned - CASE WHEN OLD.dkim_eval = 'pass' THEN OLD.count ELSE 0 END,
	    spf_aligned = spf_aligned - CASE WHEN OLD.spf_eval = 'pass' THEN OLD.count ELSE 0 END,
	    disp_none = disp_none - CASE WHEN OLD.disposition = 'none' THEN OLD.count ELSE 0 END,
	    disp_quarantine = disp_quarantine - CASE WHEN OLD.disposition = 'quarantine' THEN OLD.count ELSE 0 END,
	    disp_reject = disp_reject - CASE WHEN OLD.disposition = 'reject' THEN OLD.count ELSE 0 END
	WHERE report = OLD.report;
	INSERT INTO report_stats(report, records, messages, dmarc_pass,
	    dkim_aligned, spf_aligned, disp_none, disp_quarantine, disp_reject)
	VALUES (NEW.report, 1, NEW.count,
	    CASE WHEN NEW.dkim_eval = 'pass' OR NEW.spf_eval = 'pass' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.dkim_eval = 'pass' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.spf_eval = 'pass' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.disposition = 'none' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.disposition = 'quarantine' THEN NEW.count ELSE 0 END,
	    CASE WHEN NEW.disposition = 'reject' THEN NEW.count ELSE 0 END)
	ON CONFLICT (report) DO UPDATE SET
	    records = records + 1,
	    messages = messages + excluded.messages,
	    dmarc_pass = dmarc_pass + excluded.dmarc_pass,
	    dkim_aligned = dkim_aligned + excluded.dkim_aligned,
	    spf_aligned = spf_aligned + excluded.spf_aligned,
	    disp_none = disp_none + excluded.disp_none,
	    disp_quarantine = disp_quarantine + excluded.disp_quarantine,
	    disp_reject = disp_reject + excluded.disp_reject;
END;

-- Window queries.  A report is in the window [S, E) when date_end >= S and
-- date_begin < E; the range on date_end comes first because windows are
-- usually recent, so the scan covers the window and what came after it,
-- not all history.  The first index also covers what summary reads from
-- reports (reporter, published policy), so summary touches no table row
-- of reports; the second serves "which domains have data in the window".
CREATE INDEX reports_domain_end ON reports(policy_domain, date_end, date_begin,
    org_key, p, sp, adkim, aspf, pct);
CREATE INDEX reports_end ON reports(date_end, date_begin, policy_domain);
