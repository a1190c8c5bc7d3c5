-- reports-received: the reports whose range overlaps the window: reporter,
-- report ID, policy domain, range (Unix seconds), record and message
-- counts, oldest first.
--
-- Parameters:
--   ?1  policy domain, lower case, or NULL for every domain
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/cmd_reports.c (dmarc-report reports).
-- PostgreSQL dialect of sql/report/reports-received.sql (docs/SCHEMA.md,
-- "PostgreSQL"): no unary + (SQLite's index hint); the type of ?1 is given
-- where "IS NULL" cannot tell it.
SELECT r.org_name, r.report_id, r.policy_domain,
       r.date_begin, r.date_end, r.record_count, r.message_count
FROM reports r
WHERE (CAST(?1 AS text) IS NULL OR r.policy_domain = ?1) AND r.policy_domain <> ''
  AND r.date_end >= ?2 AND r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
ORDER BY r.date_begin, r.org_key, r.report_id, r.policy_domain;
