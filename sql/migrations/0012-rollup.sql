-- Migration 12: the window rollup, a derived cache for readiness and the
-- weekly page (issues 11 and 12).
--
-- A CACHE: every row here is computed from reports, records and their
-- results by dmarc-report (report/query/rollup.c), never by dmarc-ingest;
-- it is safe to DELETE FROM both tables at any time (the next readiness or
-- html run rebuilds what it needs), and nothing else reads them.
--
-- One row per interval: a policy domain and a reports' own (date_begin,
-- date_end).  All reports of a reporter's day share one, so a window (the
-- overlap rule of sql/report/lite-reports.sql) selects whole intervals and
-- the answers read from here are those read from the records.
--
-- Blocks: a window of weeks is made of hundreds of intervals (one per
-- reporter's day), so the rows of whole runs of days are kept too.  A
-- block of level k (1 to 4) covers 2^k days [date_begin, date_end),
-- aligned on multiples of 2^k days since 1970-01-01, and holds every
-- interval of the domain whose date_begin is inside it (and whose
-- date_end is not before its date_begin).  A window uses the largest
-- blocks inside it and the intervals of the days left over: 28 days are
-- 3 to 6 blocks instead of 28 days of intervals.  Level 0 rows are the
-- intervals themselves (date_begin, date_end as in their reports).
--
-- rollup_intervals: what the cached rows of an interval or a block were
-- computed from, the fingerprint of its reports at that time:
--   reports       how many reports
--   id_sum, id_max   sum and max of their ids (ids are never given twice,
--                 pruned ones included: migration 11)
--   record_sum, message_sum   sums of their record_count, message_count
--   ingested_max  max of their ingested_at
-- A reader compares it with the same figures over reports now
-- (sql/report/rollup-fingerprints.sql) and recomputes an interval whose
-- figures differ (a report arrived, or was pruned) or that has no row.
CREATE TABLE IF NOT EXISTS rollup_intervals (
	policy_domain	TEXT NOT NULL,
	level		INTEGER NOT NULL,
	date_begin	INTEGER NOT NULL,
	date_end	INTEGER NOT NULL,
	reports		INTEGER NOT NULL,
	id_sum		INTEGER NOT NULL,
	id_max		INTEGER NOT NULL,
	record_sum	INTEGER NOT NULL,
	message_sum	INTEGER NOT NULL,
	ingested_max	INTEGER NOT NULL,
	PRIMARY KEY (policy_domain, level, date_end, date_begin)
) WITHOUT ROWID;

-- rollup_sources: per interval (or block) and source IP, what report_failures_lite()
-- folds (report/query/failures.h, struct fail_row):
--   records, messages, dmarc_fail, spf_fail, dkim_fail, forwarded,
--   mailing_list   as there (saturating counts)
--   header_from, spf_domains, dkim_domains   the distinct values, sorted
--                  bytewise, each written as its length in decimal, ':',
--                  then its bytes ("11:example.com3:a.b"), so that no byte
--                  of a hostile value can split it
--   truncated      bits 1, 2, 4: header_from, spf_domains, dkim_domains
--                  held more than STRSET_MAX distinct values (the reader
--                  then computes that domain from the records)
CREATE TABLE IF NOT EXISTS rollup_sources (
	policy_domain	TEXT NOT NULL,
	level		INTEGER NOT NULL,
	date_begin	INTEGER NOT NULL,
	date_end	INTEGER NOT NULL,
	source_ip	TEXT NOT NULL,
	records		INTEGER NOT NULL,
	messages	INTEGER NOT NULL,
	dmarc_fail	INTEGER NOT NULL,
	spf_fail	INTEGER NOT NULL,
	dkim_fail	INTEGER NOT NULL,
	forwarded	INTEGER NOT NULL,
	mailing_list	INTEGER NOT NULL,
	truncated	INTEGER NOT NULL,
	header_from	TEXT NOT NULL,
	spf_domains	TEXT NOT NULL,
	dkim_domains	TEXT NOT NULL,
	PRIMARY KEY (policy_domain, level, date_end, date_begin, source_ip)
) WITHOUT ROWID;
