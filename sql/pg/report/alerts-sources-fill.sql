-- alerts-sources-fill: adds the failing (policy domain, source IP) pairs
-- of the reports stored since the last fill (reports.id in (?1, ?2]) to
-- alert_sources, keeping the earliest end of a failing report per pair.
-- Inside store_cache_begin() ... store_commit(), with alerts-mark-set.
--
-- Parameters:
--   ?1  reports.id already covered (alert_marks 'sources', 0 at first)
--   ?2  reports.id covered after this statement (max(reports.id) now)
--
-- Used by report/query/alerts_state.c (alerts_sources_update).
-- PostgreSQL dialect of sql/report/alerts-sources-fill.sql
-- (docs/SCHEMA.md, "PostgreSQL"): the two-argument min() is LEAST();
-- "NOT c.dmarc_pass" is "c.dmarc_pass = 0".
INSERT INTO alert_sources(domain, ip, first_end)
SELECT r.policy_domain, c.source_ip, min(r.date_end)
FROM reports r JOIN records c ON c.report = r.id
WHERE r.id > ?1 AND r.id <= ?2 AND r.policy_domain <> ''
  AND c.dmarc_pass = 0
GROUP BY 1, 2
ON CONFLICT (domain, ip) DO UPDATE SET
	first_end = LEAST(alert_sources.first_end, excluded.first_end);
