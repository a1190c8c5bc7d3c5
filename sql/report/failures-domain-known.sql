-- failures-domain-known: 1 when some report, at any time, is about the
-- policy domain ?1, else 0.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--
-- Used by report/query/failures.c (report_check_scope).
SELECT EXISTS (SELECT 1 FROM reports WHERE policy_domain = ?1);
