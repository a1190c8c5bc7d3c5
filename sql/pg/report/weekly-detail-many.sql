-- weekly-detail-many: what failed for many records at once, by id: 0 the
-- record's id, 1 its distinct DKIM results (comma-joined, NULL when none),
-- 2 the distinct SPF results of scope mfrom (likewise), 3 1 when the
-- reporter gave a forwarding reason (forwarded, mailing_list,
-- trusted_forwarder), else 0.  No row for an id that does not exist.
--
-- Parameters:
--   ?1  the records.id, a JSON array of integers
--
-- One statement per batch of the weekly page's sample records (the
-- detailed sources', up to WEEKLY_SAMPLE each) instead of one per record:
-- 9,600 round trips a page on PostgreSQL at 10,000,000 records.
--
-- Used by report/query/weekly_src.c (weekly_read_details).
-- PostgreSQL dialect of sql/report/weekly-detail-many.sql (docs/SCHEMA.md,
-- "PostgreSQL"): group_concat(DISTINCT x) joins the distinct values in the
-- order they first appear (the results' document order, seq);
-- string_agg(DISTINCT ...) could only sort them, so each value is taken
-- with its first seq and joined in that order.  EXISTS is cast to the
-- integer 1/0; json_each(?1) is jsonb_array_elements_text(), cast.
SELECT c.id,
       (SELECT string_agg(x.result, ',' ORDER BY x.first)
          FROM (SELECT d.result, min(d.seq) AS first FROM dkim_results d
                WHERE d.record = c.id GROUP BY d.result) x),
       (SELECT string_agg(x.result, ',' ORDER BY x.first)
          FROM (SELECT s.result, min(s.seq) AS first FROM spf_results s
                WHERE s.record = c.id AND coalesce(s.scope, 'mfrom') = 'mfrom'
                GROUP BY s.result) x),
       CAST(EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id AND
          x.type IN ('forwarded', 'mailing_list', 'trusted_forwarder'))
          AS integer)
FROM records c
WHERE c.id IN (SELECT CAST(jsonb_array_elements_text(CAST(?1 AS jsonb))
                           AS bigint))
ORDER BY c.id;
