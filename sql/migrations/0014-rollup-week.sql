-- Migration 14: the weekly page's week from the rollup (issue 11).
--
-- rollup_sources (migration 12) gains, for level 0 rows (intervals), what
-- the weekly page's sources and passing senders take from an interval
-- whose reports lie wholly in its window (report/query/weekly_src.c).  A
-- report wholly in the window shares out all its messages: each record
-- its count, capped by the cumulative rule at the report's own totals
-- (report_stats: messages - dmarc_pass failing, dmarc_pass passing), so
-- these sums are the page's, whatever the window:
--   wk_fail        failing messages (records with dmarc_pass = 0)
--   wk_pass        passing messages
--   wk_pass_dkim, wk_pass_spf   passing ones whose aligned DKIM / SPF
--                  passed (dkim_eval / spf_eval = 'pass')
--   wk_sample      the first 16 failing records (by report id, then
--                  record id) as "report.record" joined by ","
--   wk_reporters   the reporters (org_key) with failing records, each as
--                  its first such report's id, ':', the key's length in
--                  bytes, ':', the key ("17:9:google.com"), so that no
--                  byte of a hostile key can split it
-- Blocks (level > 0) leave them 0 and ''.
--
-- The rows cached before hold none of it: the cache is emptied (it is
-- safe to, sql/migrations/0012-rollup.sql) and the next readiness or html
-- run computes it again, once.
DELETE FROM rollup_sources;
DELETE FROM rollup_intervals;
ALTER TABLE rollup_sources ADD COLUMN wk_fail INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_sources ADD COLUMN wk_pass INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_sources ADD COLUMN wk_pass_dkim INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_sources ADD COLUMN wk_pass_spf INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_sources ADD COLUMN wk_sample TEXT NOT NULL DEFAULT '';
ALTER TABLE rollup_sources ADD COLUMN wk_reporters TEXT NOT NULL DEFAULT '';
