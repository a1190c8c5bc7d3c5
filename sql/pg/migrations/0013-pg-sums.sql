-- Migration 13 (PostgreSQL): report_stats_derived sums bigint, not
-- numeric.  The numbers and the column types are the same: sum() of a
-- bigint is itself numeric (exact, no overflow: PostgreSQL adds in 128-bit
-- integers), capped with LEAST(..., 9223372036854775807) and cast to
-- bigint as before (sql/pg/schema.sql says why).  Only the cost differs:
-- casting each of a report's values to numeric and adding numerics took
-- 0.7 s of the COMMIT of a 1,000,000-record report (the view derives
-- report_stats there, store/pg_put.c derive()); adding bigints takes
-- 0.4 s.  (Version 12 is another change, made in both stores; this one
-- has a no-op twin in sql/migrations/0013-pg-sums.sql so that both stores
-- stay at the same version.)
CREATE OR REPLACE VIEW report_stats_derived AS
SELECT
	report,
	count(*)					AS records,
	LEAST(coalesce(sum(CASE WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END), 0),
	    9223372036854775807)::bigint			AS messages,
	LEAST(coalesce(sum(CASE WHEN dmarc_pass = 0 THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END), 0),
	    9223372036854775807)::bigint			AS dmarc_pass,
	LEAST(coalesce(sum(CASE WHEN dkim_eval IS DISTINCT FROM 'pass' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END), 0),
	    9223372036854775807)::bigint			AS dkim_aligned,
	LEAST(coalesce(sum(CASE WHEN spf_eval IS DISTINCT FROM 'pass' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END), 0),
	    9223372036854775807)::bigint			AS spf_aligned,
	LEAST(coalesce(sum(CASE WHEN disposition IS DISTINCT FROM 'none' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END), 0),
	    9223372036854775807)::bigint			AS disp_none,
	LEAST(coalesce(sum(CASE WHEN disposition IS DISTINCT FROM 'quarantine' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END), 0),
	    9223372036854775807)::bigint			AS disp_quarantine,
	LEAST(coalesce(sum(CASE WHEN disposition IS DISTINCT FROM 'reject' THEN 0 WHEN count < 0 OR count > 1099511627776
	    THEN 9223372036854775807 ELSE count END), 0),
	    9223372036854775807)::bigint			AS disp_reject
FROM records
GROUP BY report
UNION ALL
SELECT r.id, 0, 0, 0, 0, 0, 0, 0, 0
FROM reports r
WHERE NOT EXISTS (SELECT 1 FROM records c WHERE c.report = r.id);
