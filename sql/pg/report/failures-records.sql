-- failures-records: the records of one policy domain's reports in the
-- window, each joined with its DKIM and SPF results: one row per (record,
-- DKIM result, SPF result), NULLs where a record has none.  The rows of
-- one record arrive together and a change of c.id starts the next record.
--
-- Columns: 0 c.id, 1 c.source_ip, 2 c.count, 3 c.dkim_eval, 4 c.spf_eval,
-- 5 c.header_from, 6 c.disposition, 7 r.org_name, 8 r.date_begin,
-- 9 r.date_end, 10 r.adkim, 11 r.aspf, 12 c.eval_derived, 13 d.domain,
-- 14 d.result, 15 s.domain, 16 s.scope, 17 s.result, 18 c.dmarc_pass (the
-- one definition of DMARC pass: sql/migrations/0005-one-definition.sql),
-- 19 the record has a reporter reason forwarded or trusted_forwarder,
-- 20 it has a reason mailing_list (1 or 0).
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--   ?4  NULL, or a JSON array of source IPs: only their records (the
--       weekly page classifies its top sources, not every IP)
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/query/failures.c (report_failures).
-- PostgreSQL dialect of sql/report/failures-records.sql (docs/SCHEMA.md,
-- "PostgreSQL"): SQLite's CROSS JOIN fixes its loop order so that the rows
-- of a record come together; PostgreSQL has no such hint (it may hash
-- join), so the ORDER BY says it: records in id order, each record's
-- results in document order.  json_each(?4) is
-- jsonb_array_elements_text(); EXISTS is cast to the integer 1/0.
SELECT c.id, c.source_ip, c.count,
       c.dkim_eval, c.spf_eval, c.header_from, c.disposition, r.org_name,
       r.date_begin, r.date_end, r.adkim, r.aspf, c.eval_derived,
       d.domain, d.result, s.domain, s.scope, s.result, c.dmarc_pass,
       CAST(EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id
               AND x.type IN ('forwarded', 'trusted_forwarder')) AS integer),
       CAST(EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id
               AND x.type = 'mailing_list') AS integer)
FROM reports r JOIN records c ON c.report = r.id
LEFT JOIN dkim_results d ON d.record = c.id
LEFT JOIN spf_results s ON s.record = c.id
WHERE r.policy_domain = ?1
  AND r.date_end >= ?2 AND r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
  AND (CAST(?4 AS text) IS NULL OR c.source_ip IN
       (SELECT jsonb_array_elements_text(CAST(?4 AS jsonb))))
ORDER BY c.id, d.seq NULLS FIRST, s.seq NULLS FIRST;
