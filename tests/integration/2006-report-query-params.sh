#!/usr/bin/env bash
# 2006-report-query-params: typed parameters of the named queries (issue
# 15).  until=2026-11-31 applied no upper bound (bound as text, which every
# integer is less than), since=2026/11/09 gave "no rows", domain=Example.COM
# matched nothing.  Now each query file declares :name and type in its
# header; dates must be real YYYY-MM-DD days (exit 64 naming the
# parameter), domains are normalized like --domain, and query --list shows
# the parameters with their types.
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_ingest
DB=$T/db.sqlite
copy_maildir "$DR_SRC/samples/maildir" "$T/md"
ingest -q --db "$DB" "$T/md" 2>/dev/null
Q() { report --db "$DB" --no-dns query "$@"; }
days() { tr -d '\r' | awk -F, 'NR > 1 { print $1 " " $2 }' | paste -sd'|'; }

Q daily-volume since=2026-11-09 until=2026-11-10 --format csv >"$T/a.csv"
check_eq "date bounds (2026-11-11 on left out)" \
    "example.com 2026-11-09|example.com 2026-11-10|example.net 2026-11-10|example.org 2026-11-09" \
    "$(days <"$T/a.csv")"

# not a calendar day, or not YYYY-MM-DD: refused, the parameter named
for kv in until=2026-11-31 since=2026/11/09 since=2026-02-29 until=1794268800 \
    since=2026-11-9 "since=2026-11-09 "; do
	Q daily-volume "$kv" >"$T/out" 2>"$T/err"
	check_eq "$kv: exit" 64 $?
	check_eq "$kv: message" \
	    "dmarc-report: query daily-volume: ${kv%%=*} '${kv#*=}': expected a date YYYY-MM-DD" \
	    "$(cat "$T/err")"
	check_eq "$kv: no output" 0 "$(wc -c <"$T/out")"
done

# domains as --domain takes them: case, trailing dot
Q daily-volume domain=example.com since=2026-11-09 until=2026-11-15 \
    --format csv >"$T/lc.csv"
check_grep "domain: rows" "^example.com,2026-11-09," "$T/lc.csv"
for d in Example.COM EXAMPLE.com.; do
	Q daily-volume domain=$d since=2026-11-09 until=2026-11-15 \
	    --format csv >"$T/d.csv"
	check_eq "domain=$d: exit" 0 $?
	cmp -s "$T/lc.csv" "$T/d.csv"; check_eq "domain=$d: same rows" 0 $?
done
Q daily-volume domain=. >/dev/null 2>"$T/err"; check_eq "domain=.: exit" 64 $?
check_grep "domain=.: message" \
    "^dmarc-report: query daily-volume: domain '\.': expected a domain name$" "$T/err"

# unknown key: refused as before; text is bound as given
Q daily-volume nosuch=1 2>"$T/err"; check_eq "unknown key: exit" 64 $?
check_grep "unknown key: message" "this query has no parameter :nosuch" "$T/err"
Q ptr-cache ip=192.0.2.1 >/dev/null 2>"$T/err"; check_eq "text: exit" 0 $?

# --list: each query's parameters with their types
report --db "$DB" query --list --format csv | tr -d '\r' >"$T/list.csv"
check_grep "list: daily-volume" \
    "^daily-volume,domain=domain since=date until=date," "$T/list.csv"
check_grep "list: ptr-cache" "^ptr-cache,ip=text," "$T/list.csv"
report --db "$DB" query --list >"$T/list.txt"
# (was: a table, "^NAME +PARAMETERS +DESCRIPTION", whose description
# cell showed the first line only; now each query's whole description and
# each parameter's meaning, wrapped, nothing cut)
check_grep "list: name and parameters" \
    "^daily-volume  domain=domain since=date until=date$" "$T/list.txt"
check_grep "list: whole description" "NULL with no messages\.$" \
    "$T/list.txt"
check_grep "list: parameter meaning" "^      since=date: first day of the window$" \
    "$T/list.txt"
finish
