-- weekly-detail: what failed for one record: the distinct DKIM results
-- (comma-joined, NULL when none), the distinct SPF results of scope mfrom
-- (likewise), and 1 when the reporter gave a forwarding reason
-- (forwarded, mailing_list, trusted_forwarder), else 0.  No row when the
-- record does not exist.
--
-- Parameters:
--   ?1  records.id
--
-- Used by report/query/weekly_src.c (weekly_read_details), reset per record.
-- PostgreSQL dialect of sql/report/weekly-detail.sql (docs/SCHEMA.md,
-- "PostgreSQL"): group_concat(DISTINCT x) joins the distinct values in the
-- order they first appear (the results' document order, seq);
-- string_agg(DISTINCT ...) could only sort them, so each value is taken
-- with its first seq and joined in that order.  EXISTS is cast to the
-- integer 1/0.
SELECT (SELECT string_agg(x.result, ',' ORDER BY x.first)
          FROM (SELECT d.result, min(d.seq) AS first FROM dkim_results d
                WHERE d.record = c.id GROUP BY d.result) x),
       (SELECT string_agg(x.result, ',' ORDER BY x.first)
          FROM (SELECT s.result, min(s.seq) AS first FROM spf_results s
                WHERE s.record = c.id AND coalesce(s.scope, 'mfrom') = 'mfrom'
                GROUP BY s.result) x),
       CAST(EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id AND
          x.type IN ('forwarded', 'mailing_list', 'trusted_forwarder'))
          AS integer)
FROM records c WHERE c.id = ?1;
