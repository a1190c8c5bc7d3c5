-- Migration 12 (PostgreSQL): the window rollup.  The twin of
-- sql/migrations/0012-rollup.sql, whose comment says what the columns
-- hold; a cache (safe to DELETE FROM, rebuilt by dmarc-report), never
-- written by dmarc-ingest.  Text is COLLATE "C" (SQLite's byte order).
CREATE TABLE IF NOT EXISTS rollup_intervals (
	policy_domain	text COLLATE "C" NOT NULL,
	level		integer NOT NULL,
	date_begin	bigint NOT NULL,
	date_end	bigint NOT NULL,
	reports		bigint NOT NULL,
	id_sum		bigint NOT NULL,
	id_max		bigint NOT NULL,
	record_sum	bigint NOT NULL,
	message_sum	bigint NOT NULL,
	ingested_max	bigint NOT NULL,
	PRIMARY KEY (policy_domain, level, date_end, date_begin)
);

CREATE TABLE IF NOT EXISTS rollup_sources (
	policy_domain	text COLLATE "C" NOT NULL,
	level		integer NOT NULL,
	date_begin	bigint NOT NULL,
	date_end	bigint NOT NULL,
	source_ip	text COLLATE "C" NOT NULL,
	records		bigint NOT NULL,
	messages	bigint NOT NULL,
	dmarc_fail	bigint NOT NULL,
	spf_fail	bigint NOT NULL,
	dkim_fail	bigint NOT NULL,
	forwarded	bigint NOT NULL,
	mailing_list	bigint NOT NULL,
	truncated	integer NOT NULL,
	header_from	text COLLATE "C" NOT NULL,
	spf_domains	text COLLATE "C" NOT NULL,
	dkim_domains	text COLLATE "C" NOT NULL,
	PRIMARY KEY (policy_domain, level, date_end, date_begin, source_ip)
);
