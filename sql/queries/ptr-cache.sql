-- ptr-cache: the reverse-DNS names dmarc-report has cached, with whether
-- each was forward-confirmed and when it expires.
--
-- Parameters (NULL means "no filter"), one line each: :name, type, meaning.
-- Types (dmarc-report checks key=value against them; `query --list`):
-- date YYYY-MM-DD (bound as Unix seconds: 00:00 UTC; :until the next
-- day's, the day being inclusive), domain (lower case, A-labels), int
-- (decimal), text.  In sqlite3 bind :since/:until as Unix seconds.
--   :ip  text  one source IP, as stored
--
-- From sqlite3: .read sql/queries/ptr-cache.sql
SELECT ip, status, name,
       CASE fcrdns WHEN 1 THEN 'yes' WHEN 0 THEN 'no' ELSE 'unknown' END AS fcrdns,
       ttl,
       datetime(fetched_at, 'unixepoch') AS fetched,
       datetime(expires_at, 'unixepoch') AS expires
FROM ptr_cache
WHERE (:ip IS NULL OR ip = :ip)
ORDER BY ip;
