-- alerts-silent: reporters that sent at least ?5 reports about a policy
-- domain whose period ended in [?2, ?3), the newest of them ending before
-- ?4: a receiver that went silent.  Columns: policy_domain, org_key,
-- org_name (of the newest report), reports, newest date_end.
--
-- Parameters:
--   ?1  policy domain, or NULL for every domain
--   ?2  lookback start ("the last weeks"), Unix seconds
--   ?3  now, Unix seconds (reports ending later are not counted)
--   ?4  silent since: now minus the silent days, Unix seconds
--   ?5  minimum reports in the lookback
--
-- Used by report/query/alerts.c (alerts_silent).
-- PostgreSQL dialect of sql/report/alerts-silent.sql (docs/SCHEMA.md,
-- "PostgreSQL"): SQLite takes the bare column org_name from the row of
-- max(date_end); here a window picks that row (ties: the earlier
-- date_begin, then the lower id, SQLite's index order).
SELECT policy_domain, org_key, org_name, n, newest
FROM (
	SELECT policy_domain, org_key, org_name,
	       count(*) OVER w AS n, max(date_end) OVER w AS newest,
	       row_number() OVER (PARTITION BY policy_domain, org_key
	           ORDER BY date_end DESC, date_begin, id) AS rn
	FROM reports
	WHERE (CAST(?1 AS text) IS NULL OR policy_domain = ?1) AND policy_domain <> ''
	  AND date_end >= ?2 AND date_end < ?3
	WINDOW w AS (PARTITION BY policy_domain, org_key)) x
WHERE rn = 1 AND n >= CAST(?5 AS bigint) AND newest < ?4
ORDER BY 1, 2;
