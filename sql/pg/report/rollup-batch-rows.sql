-- rollup-batch-rows: the records of a batch of reports with their DKIM
-- results, SPF results and forwarding reasons, as one stream ordered by
-- (report, record, kind, seq): 0 report, 1 record, 2 kind (0 the record,
-- 1 a DKIM result, 2 an SPF result, 3 a reason), 3 seq; a record's row:
-- 4 source_ip, 5 count, 6 dkim_eval, 7 spf_eval, 8 header_from,
-- 9 dmarc_pass; a result's: 10 domain; a reason's: 11 1 for mailing_list,
-- 0 for forwarded or trusted_forwarder.  The results are those in each
-- report's record id range, which may hold ids of other reports (written
-- at the same time): the caller folds a result only into the record row
-- of the same (report, record) just before it, and skips the others.
--
-- Parameters:
--   ?1  the batch: a JSON array of [report id, first records.id, last
--       records.id] of reports, in id order, as
--       rollup-interval-reports.sql gives them (the report's own first
--       and last: SQLite reads them again)
--
-- Used by report/query/failures_lite.c (lite_batch), for an interval the
-- rollup cache lacks (report/query/rollup.c), on PostgreSQL: one
-- statement a batch of about 5,000 record ids instead of four a report
-- (a round trip each: 1,800 for an interval of 460 reports).  One
-- stream, not four: PostgreSQL carries one streaming result per
-- connection, and four would mean reading three into memory (a report of
-- a million records: gigabytes).
-- PostgreSQL dialect of sql/report/rollup-batch-rows.sql (docs/SCHEMA.md,
-- "PostgreSQL"): the batch's ranges as given, per report one range of each
-- table's key (LATERAL; OFFSET 0 keeps it a per-report range scan), one
-- sort of the batch's rows.
WITH x AS (SELECT CAST(e ->> 0 AS bigint) AS id, CAST(e ->> 1 AS bigint) AS lo,
                  CAST(e ->> 2 AS bigint) AS hi
           FROM jsonb_array_elements(CAST(?1 AS jsonb)) e)
SELECT x.id, c.id, 0, 0, c.source_ip, c.count, c.dkim_eval, c.spf_eval,
       c.header_from, c.dmarc_pass, CAST(NULL AS text), 0
FROM x CROSS JOIN LATERAL (SELECT c.id, c.source_ip, c.count, c.dkim_eval,
                                  c.spf_eval, c.header_from, c.dmarc_pass
                           FROM records c
                           WHERE c.id BETWEEN x.lo AND x.hi AND c.report = x.id
                           OFFSET 0) c
UNION ALL
SELECT x.id, d.record, 1, d.seq, NULL, NULL, NULL, NULL, NULL, NULL, d.domain, 0
FROM x CROSS JOIN LATERAL (SELECT d.record, d.seq, d.domain FROM dkim_results d
                           WHERE d.record BETWEEN x.lo AND x.hi OFFSET 0) d
UNION ALL
SELECT x.id, d.record, 2, d.seq, NULL, NULL, NULL, NULL, NULL, NULL, d.domain, 0
FROM x CROSS JOIN LATERAL (SELECT d.record, d.seq, d.domain FROM spf_results d
                           WHERE d.record BETWEEN x.lo AND x.hi OFFSET 0) d
UNION ALL
SELECT x.id, d.record, 3, d.seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       CASE WHEN d.type = 'mailing_list' THEN 1 ELSE 0 END
FROM x CROSS JOIN LATERAL (SELECT d.record, d.seq, d.type FROM record_reasons d
                           WHERE d.record BETWEEN x.lo AND x.hi
                             AND d.type IN ('forwarded', 'trusted_forwarder',
                                            'mailing_list')
                           OFFSET 0) d
ORDER BY 1, 2, 3, 4;
