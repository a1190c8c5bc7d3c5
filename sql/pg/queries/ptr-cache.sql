-- ptr-cache: the reverse-DNS names dmarc-report has cached, with whether
-- each was forward-confirmed and when it expires.
--
-- Parameters (NULL means "no filter"), one line each: :name, type, meaning.
-- Types (dmarc-report checks key=value against them; `query --list`):
-- date YYYY-MM-DD (bound as Unix seconds: 00:00 UTC; :until the next
-- day's, the day being inclusive), domain (lower case, A-labels), int
-- (decimal), text.  In psql bind :since/:until as Unix seconds.
--   :ip  text  one source IP, as stored
--
-- From psql (psql pastes a variable's value as is: quote text, set every
-- parameter, NULL for no filter):
--               \set ip NULL
--               \i sql/pg/queries/ptr-cache.sql
-- PostgreSQL dialect of sql/queries/ptr-cache.sql (docs/SCHEMA.md,
-- "PostgreSQL"): datetime(x, 'unixepoch') is to_char(... AT TIME ZONE
-- 'UTC', 'YYYY-MM-DD HH24:MI:SS').
SELECT ip, status, name,
       CAST(CASE fcrdns WHEN 1 THEN 'yes' WHEN 0 THEN 'no' ELSE 'unknown' END
           AS text) COLLATE "C" AS fcrdns,
       ttl,
       to_char(to_timestamp(fetched_at) AT TIME ZONE 'UTC',
           'YYYY-MM-DD HH24:MI:SS') COLLATE "C" AS fetched,
       to_char(to_timestamp(expires_at) AT TIME ZONE 'UTC',
           'YYYY-MM-DD HH24:MI:SS') COLLATE "C" AS expires
FROM ptr_cache
WHERE (CAST(:ip AS text) IS NULL OR ip = :ip)
ORDER BY ip;
