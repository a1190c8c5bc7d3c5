-- Migration 14 (PostgreSQL): the weekly page's week from the rollup.  The
-- twin of sql/migrations/0014-rollup-week.sql, whose comment says what the
-- columns hold; the cache is emptied (rebuilt by the next run): TRUNCATE,
-- so that the rows written next lie in key order in a fresh heap instead
-- of in the holes of 1,700,000 dead ones (rollup.c put_unit()).
TRUNCATE rollup_sources, rollup_intervals;
ALTER TABLE rollup_sources ADD COLUMN wk_fail bigint NOT NULL DEFAULT 0;
ALTER TABLE rollup_sources ADD COLUMN wk_pass bigint NOT NULL DEFAULT 0;
ALTER TABLE rollup_sources ADD COLUMN wk_pass_dkim bigint NOT NULL DEFAULT 0;
ALTER TABLE rollup_sources ADD COLUMN wk_pass_spf bigint NOT NULL DEFAULT 0;
ALTER TABLE rollup_sources ADD COLUMN wk_sample text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE rollup_sources ADD COLUMN wk_reporters text COLLATE "C" NOT NULL DEFAULT '';
