-- failures-records: the records of one policy domain's reports in the
-- window, each joined with its DKIM and SPF results: one row per (record,
-- DKIM result, SPF result), NULLs where a record has none.  CROSS JOIN
-- fixes SQLite's loop order (reports, then records, then their results),
-- so the rows of one record arrive together and a change of c.id starts
-- the next record.  reports_domain_end finds the reports, records_report
-- their records, *_results_record the results.
--
-- Columns: 0 c.id, 1 c.source_ip, 2 c.count, 3 c.dkim_eval, 4 c.spf_eval,
-- 5 c.header_from, 6 c.disposition, 7 r.org_name, 8 r.date_begin,
-- 9 r.date_end, 10 r.adkim, 11 r.aspf, 12 c.eval_derived, 13 d.domain,
-- 14 d.result, 15 s.domain, 16 s.scope, 17 s.result, 18 c.dmarc_pass (the
-- one definition of DMARC pass: sql/migrations/0005-one-definition.sql),
-- 19 the record has a reporter reason forwarded or trusted_forwarder,
-- 20 it has a reason mailing_list (1 or 0; record_reasons is keyed by
-- record, so each is one B-tree probe).
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--   ?4  NULL, or a JSON array of source IPs: only their records (no
--       caller passes one since the weekly page takes its sources'
--       evidence from its own scan, report/query/weekly_ev.c; kept so
--       that the statement and its PostgreSQL twin stay as they are)
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/query/failures.c (report_failures).
SELECT c.id, c.source_ip, c.count,
       c.dkim_eval, c.spf_eval, c.header_from, c.disposition, r.org_name,
       r.date_begin, r.date_end, r.adkim, r.aspf, c.eval_derived,
       d.domain, d.result, s.domain, s.scope, s.result, c.dmarc_pass,
       EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id
               AND x.type IN ('forwarded', 'trusted_forwarder')),
       EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id
               AND x.type = 'mailing_list')
FROM reports r CROSS JOIN records c ON c.report = r.id
LEFT JOIN dkim_results d ON d.record = c.id
LEFT JOIN spf_results s ON s.record = c.id
WHERE r.policy_domain = ?1
  AND r.date_end >= ?2 AND +r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
  AND (?4 IS NULL OR c.source_ip IN (SELECT value FROM json_each(?4)));
