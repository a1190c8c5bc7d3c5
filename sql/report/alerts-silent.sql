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
SELECT policy_domain, org_key, org_name, count(*), max(date_end)
FROM reports
WHERE (?1 IS NULL OR policy_domain = ?1) AND policy_domain <> ''
  AND date_end >= ?2 AND date_end < ?3
GROUP BY policy_domain, org_key
HAVING count(*) >= ?5 AND max(date_end) < ?4
ORDER BY 1, 2;
