-- tests/data/report/fixture.sql -- a small, hand-checked data set for the
-- report aggregations (unit tests and 2xxx integration tests).  Applied to
-- a database created by store_open() (schema + migrations).
-- Day 0 = 2026-11-09 00:00 UTC = 1794182400.  The expected numbers are
-- written out in tests/unit/report/test_failures.c and
-- tests/integration/2001-report-fixture.sh.
INSERT INTO messages(id, source_key, path, sha256, size, outcome, reason, detail, ingested_at)
VALUES (1, 'k1', '/m/new/1', 'aa', 10, 'stored', NULL, NULL, 1794182400 + 3*86400),
       (2, 'k2', '/m/new/bad.eml', 'bb', 10, 'rejected', 'xml-malformed', 'line 3: bad', 1794182400 + 3*86400),
       (3, 'k3', '/m/new/old.eml', 'cc', 10, 'not_report', 'no-report', 'no attachment', 1794182400 - 30*86400);

INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin, date_end,
    policy_domain, p, sp, adkim, aspf, pct, record_count, message_count, digest, message, ingested_at)
VALUES
 (1, 'google.com', 'google.com', 'g1', 'rfc7489', 1794182400, 1794182400 + 86399,
  'example.com', 'reject', 'none', 'r', 'r', 100, 3, 17, 'd1', 1, 1794182400),
 (2, 'Microsoft', 'microsoft', 'm1', 'rfc7489', 1794182400 + 86400, 1794182400 + 2*86400,
  'example.com', 'reject', NULL, 'r', 'r', NULL, 2, 7, 'd2', 1, 1794182400),
 (3, 'google.com', 'google.com', 'g2', 'rfc7489', 1794182400, 1794182400 + 86399,
  'example.org', 'none', NULL, 's', 's', 100, 1, 7, 'd3', 1, 1794182400),
 (4, 'google.com', 'google.com', 'g3', 'rfc7489', 1794182400 + 8*86400, 1794182400 + 8*86400 + 86399,
  'example.com', 'reject', 'none', 'r', 'r', 100, 1, 100, 'd4', 1, 1794182400),
 (5, 'Yahoo', 'yahoo', 'y1', 'rfc7489', 1794182400 + 6*86400, 1794182400 + 7*86400,
  'example.com', 'reject', 'none', 'r', 'r', 100, 1, 1, 'd5', 1, 1794182400);

INSERT INTO records(id, report, source_ip, ip_version, count, disposition, dkim_eval, spf_eval, header_from)
VALUES
 (1, 1, '192.0.2.1', 4, 10, 'none', 'pass', 'pass', 'example.com'),
 (2, 1, '198.51.100.7', 4, 5, 'reject', 'fail', 'fail', 'example.com'),
 (3, 1, '192.0.2.1', 4, 2, 'none', 'fail', 'pass', 'example.com'),
 (4, 2, '198.51.100.7', 4, 3, 'quarantine', 'fail', 'fail', 'example.com'),
 (5, 2, '203.0.113.9', 4, 4, 'none', 'pass', 'fail', 'example.com'),
 (6, 3, '192.0.2.1', 4, 7, 'none', 'pass', 'fail', 'example.org'),
 (7, 4, '192.0.2.1', 4, 100, 'reject', 'fail', 'fail', 'example.com'),
 (8, 5, '2001:db8::5', 6, 1, 'reject', 'fail', 'fail', 'example.com');

INSERT INTO dkim_results(record, domain, selector, result) VALUES
 (1, 'example.com', 's1', 'pass'),
 (2, 'attacker.test', 'x', 'pass'),
 (4, 'example.com', 's1', 'fail'),
 (5, 'example.com', 's1', 'pass'),
 (6, 'mail.example.org', 's2', 'pass');

INSERT INTO spf_results(record, domain, scope, result) VALUES
 (1, 'example.com', 'mfrom', 'pass'),
 (2, 'attacker.test', 'mfrom', 'pass'),
 (3, 'bounce.example.com', 'mfrom', 'pass'),
 (4, 'mail.example.com', 'mfrom', 'pass'),
 (5, 'sender.test', 'mfrom', 'softfail'),
 (6, 'example.org', 'helo', 'pass');

INSERT INTO ingest_log(message, part, outcome, reason, detail) VALUES
 (2, 'report.xml', 'rejected', 'xml-malformed', 'line 3: bad');

-- report_stats and report_selectors, which dmarc-ingest writes, are
-- derived by the loaders (tests/integration/lib.sh mkdb and
-- tests/unit/report/fixture.h) with sql/rebuild-derived.sql.
