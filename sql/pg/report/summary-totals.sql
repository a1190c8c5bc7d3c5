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
-- correlated term into an aggregate view.
-- Every sum of counts follows the saturation rule of docs/SCHEMA.md ("Sums
-- of counts"): a value no report can have (negative; above 2^40 in a
-- record, 2^44 in a report) or a total past 2^63-1 gives
-- 9223372036854775807, which dmarc-report shows as not known.
-- (sum() ignores the NULL count of a report without records.)
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/query/summary.c (report_summary).
-- PostgreSQL dialect of sql/report/summary-totals.sql (docs/SCHEMA.md,
-- "PostgreSQL"): the saturating sums are LEAST(coalesce(sum(CAST(... AS
-- numeric)), 0), 9223372036854775807) cast to bigint (SQLite:
-- CAST(total(...) AS INTEGER)); "IS NOT 'x'" is "IS DISTINCT FROM 'x'".
SELECT count(*), count(DISTINCT org_key),
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN records < 0 OR records > 17592186044416
           THEN 9223372036854775807 ELSE records END AS numeric)), 0),
           9223372036854775807) AS bigint),
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN messages < 0 OR messages > 17592186044416
           THEN 9223372036854775807 ELSE messages END AS numeric)), 0),
           9223372036854775807) AS bigint),
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN dmarc_pass < 0 OR dmarc_pass > 17592186044416
           THEN 9223372036854775807 ELSE dmarc_pass END AS numeric)), 0),
           9223372036854775807) AS bigint),
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN dkim_aligned < 0 OR dkim_aligned > 17592186044416
           THEN 9223372036854775807 ELSE dkim_aligned END AS numeric)), 0),
           9223372036854775807) AS bigint),
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN spf_aligned < 0 OR spf_aligned > 17592186044416
           THEN 9223372036854775807 ELSE spf_aligned END AS numeric)), 0),
           9223372036854775807) AS bigint),
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN disp_none < 0 OR disp_none > 17592186044416
           THEN 9223372036854775807 ELSE disp_none END AS numeric)), 0),
           9223372036854775807) AS bigint),
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN disp_quarantine < 0 OR disp_quarantine > 17592186044416
           THEN 9223372036854775807 ELSE disp_quarantine END AS numeric)), 0),
           9223372036854775807) AS bigint),
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN disp_reject < 0 OR disp_reject > 17592186044416
           THEN 9223372036854775807 ELSE disp_reject END AS numeric)), 0),
           9223372036854775807) AS bigint)
FROM (
  SELECT r.org_key, s.records, s.messages, s.dmarc_pass,
         s.dkim_aligned, s.spf_aligned, s.disp_none, s.disp_quarantine,
         s.disp_reject
  FROM reports r JOIN report_stats s ON s.report = r.id
  WHERE r.policy_domain = ?1
    AND r.date_end >= ?2 AND r.date_begin < ?3
    AND (r.date_end > ?2 OR r.date_begin >= ?2)
  UNION ALL
  SELECT r.org_key, count(c.id),
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.count < 0 OR c.count > 1099511627776
             THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
             9223372036854775807) AS bigint),
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.dmarc_pass = 0 THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
             THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
             9223372036854775807) AS bigint),
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.dkim_eval IS DISTINCT FROM 'pass' THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
             THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
             9223372036854775807) AS bigint),
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.spf_eval IS DISTINCT FROM 'pass' THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
             THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
             9223372036854775807) AS bigint),
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.disposition IS DISTINCT FROM 'none' THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
             THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
             9223372036854775807) AS bigint),
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.disposition IS DISTINCT FROM 'quarantine' THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
             THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
             9223372036854775807) AS bigint),
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.disposition IS DISTINCT FROM 'reject' THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
             THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
             9223372036854775807) AS bigint)
  FROM reports r LEFT JOIN records c ON c.report = r.id
  WHERE r.policy_domain = ?1
    AND r.date_end >= ?2 AND r.date_begin < ?3
    AND (r.date_end > ?2 OR r.date_begin >= ?2)
    AND NOT EXISTS (SELECT 1 FROM report_stats s WHERE s.report = r.id)
  GROUP BY r.id, r.org_key) t;
