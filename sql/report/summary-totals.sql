-- summary-totals: one row of totals for one policy domain over the window:
-- reports, distinct reporters (org_key), records, messages, messages
-- passing DMARC, with aligned DKIM, with aligned SPF, and per disposition
-- (none, quarantine, reject).
--
-- The sums come from report_stats, one row per report written by the
-- ingest; a report without a stats row (records bulk-loaded outside
-- dmarc-ingest) is summed from its records, so the totals are right either
-- way and fast when the rows exist.  The sums repeat the columns of the
-- view report_stats_derived (sql/views.sql): joined to it, SQLite 3.40
-- would aggregate every record of the database, since it does not push a
-- correlated term into an aggregate view.  The + on r.id: a scan of reports in
-- id order is not worth it.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/query/summary.c (report_summary).
SELECT count(*), count(DISTINCT org_key),
       sum(records), sum(messages), sum(dmarc_pass), sum(dkim_aligned),
       sum(spf_aligned), sum(disp_none), sum(disp_quarantine),
       sum(disp_reject)
FROM (
  SELECT r.org_key, s.records, s.messages, s.dmarc_pass,
         s.dkim_aligned, s.spf_aligned, s.disp_none, s.disp_quarantine,
         s.disp_reject
  FROM reports r JOIN report_stats s ON s.report = r.id
  WHERE r.policy_domain = ?1
    AND r.date_end >= ?2 AND +r.date_begin < ?3
    AND (r.date_end > ?2 OR r.date_begin >= ?2)
  UNION ALL
  SELECT r.org_key, count(c.id), coalesce(sum(c.count), 0),
         coalesce(sum(CASE WHEN c.dmarc_pass THEN c.count ELSE 0 END), 0),
         coalesce(sum(CASE WHEN c.dkim_eval = 'pass' THEN c.count ELSE 0 END), 0),
         coalesce(sum(CASE WHEN c.spf_eval = 'pass' THEN c.count ELSE 0 END), 0),
         coalesce(sum(CASE WHEN c.disposition = 'none' THEN c.count ELSE 0 END), 0),
         coalesce(sum(CASE WHEN c.disposition = 'quarantine' THEN c.count
                       ELSE 0 END), 0),
         coalesce(sum(CASE WHEN c.disposition = 'reject' THEN c.count ELSE 0 END), 0)
  FROM reports r LEFT JOIN records c ON c.report = r.id
  WHERE r.policy_domain = ?1
    AND r.date_end >= ?2 AND +r.date_begin < ?3
    AND (r.date_end > ?2 OR r.date_begin >= ?2)
    AND NOT EXISTS (SELECT 1 FROM report_stats s WHERE s.report = r.id)
  GROUP BY +r.id);
