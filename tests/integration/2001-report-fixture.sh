#!/usr/bin/env bash
# 2001-report-fixture: dmarc-report end to end on the hand-checked fixture
# (tests/data/report/fixture.sql): exact numbers in every format, the
# "nothing to show" and usage exit codes, hostile strings, named queries.
. "$DR_SRC/tests/integration/lib.sh"
# these columns and exit statuses predate the ASN lookups (issue 12, tested
# in 2014-report-asn): every run here is without them
report() { "$DR_BUILD/dmarc-report" --no-asn "$@"; }
need_tool sqlite3
need_tool python3 "json_get"
DB=$T/db.sqlite
mkdb "$DB" "$DR_SRC/tests/data/report/fixture.sql"
W="--db $DB --no-dns --since 2026-11-09 --until 2026-11-15"

# summary, JSON
report $W summary --format json >"$T/s.json"; check_eq "summary exit" 0 $?
check_eq "summary domains" "example.com example.org" "$(json_get "$T/s.json" "' '.join(r['domain'] for r in j['rows'])")"
check_eq "summary example.com" "3 3 25 16 64 48 56 16 3 6" \
    "$(json_get "$T/s.json" "' '.join(str(round(v,1)) if isinstance(v,float) else str(v) for v in [j['rows'][0][k] for k in ('reports','reporters','messages','dmarc_pass','dmarc_pass_pct','spf_aligned_pct','dkim_aligned_pct','disp_none','disp_quarantine','disp_reject')])")"
check_eq "summary policy" "p=reject sp=none adkim=r aspf=r pct=100" "$(json_get "$T/s.json" "j['rows'][0]['policy']")"
check_eq "summary window" "2026-11-09 2026-11-15" "$(json_get "$T/s.json" "j['since']+' '+j['until']")"

# failures, JSON: only failing rows, most failing first
report $W failures --format json >"$T/f.json"; check_eq "failures exit" 0 $?
check_eq "failures rows" "198.51.100.7 2001:db8::5" "$(json_get "$T/f.json" "' '.join(r['source_ip'] for r in j['rows'])")"
check_eq "failures row 1" "example.com 8 8 8 8 3 not looked up" \
    "$(json_get "$T/f.json" "' '.join(str(j['rows'][0][k]) for k in ('domain','messages','dmarc_fail','spf_fail','dkim_fail','align_diff','ptr'))")"
check_eq "failures sets" "attacker.test,mail.example.com|Microsoft,google.com" \
    "$(json_get "$T/f.json" "','.join(j['rows'][0]['spf_domains'])+'|'+','.join(j['rows'][0]['reporters'])")"
check_eq "failures seen" "2026-11-09T00:00:00Z 2026-11-11T00:00:00Z" \
    "$(json_get "$T/f.json" "j['rows'][0]['first_seen']+' '+j['rows'][0]['last_seen']")"
report $W failures --all --format csv >"$T/f.csv"
check_eq "failures --all csv lines" 6 "$(wc -l <"$T/f.csv")"
check_eq "failures csv header" "domain,source_ip,ptr,fcrdns,messages,dmarc_fail,spf_fail,dkim_fail,quarantined,rejected,align_diff,header_from,spf_domains,dkim_domains,reporters,first_seen,last_seen,spf_today,spf_today_mechanism,service,kind,verdict,matched,fix" "$(head -1 "$T/f.csv" | tr -d '\r')"
check_eq "failures csv org row" "example.org,192.0.2.1,not looked up,,7,0,7,0,0,0,7,example.org,example.org,mail.example.org,google.com,2026-11-09T00:00:00Z,2026-11-09T23:59:59Z,,,,,aligned,," "$(grep example.org "$T/f.csv" | tr -d '\r')"
report $W --domain EXAMPLE.ORG. failures >"$T/f.txt" 2>"$T/f.err"
check_eq "no failures exit" 0 $?
check_grep "no failures message" "no DMARC failures in 2026-11-09 .. 2026-11-15" "$T/f.err"

# table output is aligned: each column starts where its header starts
report $W failures --all >"$T/t.txt"
check_eq "table rows" 6 "$(wc -l <"$T/t.txt")"
check_eq "table columns aligned" ok "$(awk 'NR == 1 { p = index($0, "SOURCE IP"); m = index($0, "MSGS") + 3; next }
    substr($0, p - 1, 1) != " " || substr($0, p, 1) == " " || substr($0, m, 1) !~ /[0-9]/ || substr($0, m + 1, 1) != " " { bad = 1 }
    END { print bad ? "misaligned" : "ok" }' "$T/t.txt")"

# reports and rejected inputs
report $W reports --format json >"$T/r.json"
check_eq "reports count" 4 "$(json_get "$T/r.json" "len(j['reports'])")"
check_eq "rejected in window" "xml-malformed" "$(json_get "$T/r.json" "' '.join(r['reason'] for r in j['rejected'])")"
report $W reports --all-rejected --rejected --format csv >"$T/r.csv"
check_eq "all rejected csv" 3 "$(wc -l <"$T/r.csv")"

# sources without DNS: one group
report $W sources --format json >"$T/o.json"
check_eq "sources orgs" "not looked up:4:32:9" "$(json_get "$T/o.json" "' '.join('%s:%d:%d:%d' % (o['org'],o['ips'],o['messages'],o['dmarc_fail']) for o in j['organizations'])")"

# named queries
report $W query failures-by-ip --format csv >"$T/q.csv"; check_eq "query exit" 0 $?
check_eq "query rows" "domain,source_ip,messages,dmarc_fail,spf_fail,dkim_fail,reporters|example.com,198.51.100.7,8,8,8,8,2|example.com,2001:db8::5,1,1,1,1,1" "$(tr -d '\r' <"$T/q.csv" | paste -sd'|')"
report $W query failures-by-ip domain=example.org >"$T/q2.txt" 2>"$T/q2.err"
check_grep "query no rows" "no rows" "$T/q2.err"
report $W query daily-volume since=2026-11-10 until=2026-11-10 --format csv >"$T/q3.csv"
check_eq "query date params" "example.com,2026-11-10,1,7,4,57.1" "$(sed -n 2p "$T/q3.csv" | tr -d '\r')"
report --db "$DB" query --list >"$T/ql.txt"
check_grep "query list" "^failures-by-ip " "$T/ql.txt"
sqlite3 -batch "$DB" ".param set :domain example.com" ".read $DR_SRC/sql/queries/failures-by-ip.sql" >"$T/q4.txt"
check_eq "query file runs in sqlite3" 3 "$(wc -l <"$T/q4.txt")"

# nothing to show: clear message, exit 1
report $W --domain example.net summary 2>"$T/e1"; check_eq "unknown domain exit" 1 $?
check_grep "unknown domain message" "unknown-domain: no report about 'example.net'" "$T/e1"
report --db "$DB" --no-dns --since 2026-10-01 --until 2026-10-07 failures 2>"$T/e2"; check_eq "empty window exit" 1 $?
check_grep "empty window message" "empty-window: no report in 2026-10-01 .. 2026-10-07" "$T/e2"
mkdb "$T/empty.sqlite"
report --db "$T/empty.sqlite" summary 2>"$T/e3"; check_eq "empty db exit" 1 $?
check_grep "empty db message" "empty-database" "$T/e3"
# no database is not "nothing to show" (issue 14: util/exits.def)
report --db "$T/nonexistent.sqlite" summary 2>"$T/e4"; check_eq "missing db exit" 66 $?
check_grep "missing db message" "no database at" "$T/e4"
DMARC_RUA_DB=$DB report --no-dns --since 2026-11-09 --until 2026-11-15 summary >/dev/null; check_eq "DMARC_RUA_DB" 0 $?

# usage errors: exit 64
for args in "--days x summary" "--format xml summary" "nosuch" "summary --bogus" \
    "--since 2026-02-30 summary" "--since 2026-11-09 --until 2026-11-15 --days 3 summary" \
    "query nosuch" "query failures-by-ip nosuch=1" "query failures-by-ip noequals" "--domain"; do
	report --db "$DB" $args >/dev/null 2>&1; check_eq "usage: $args" 64 $?
done
report --help >"$T/h.txt"; check_eq "help exit" 0 $?
check_grep "help lists commands" "^  failures " "$T/h.txt"
report failures --help >"$T/h2.txt"; check_grep "command help" "usage: dmarc-report \[options\] failures \[--all\]" "$T/h2.txt"

# hostile strings: escaped in the table, defused in CSV, valid JSON
sqlite3 -batch "$DB" "INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin, date_end, policy_domain, digest, ingested_at) VALUES (9, 'evil' || char(27) || '[2J', 'evil', 'x', 'rfc7489', 1794182400, 1794268799, 'example.com', 'd9', 0); INSERT INTO records(report, source_ip, ip_version, count, dkim_eval, spf_eval, header_from) VALUES (9, '192.0.2.66', 4, 1, 'fail', 'fail', '=cmd|''/c calc''!A1');"
report $W failures >"$T/h.txt"
check_eq "no raw ESC in table" 0 "$(grep -c $'\x1b' "$T/h.txt")"
check_grep "escaped ESC" 'evil\\x1b\[2J' "$T/h.txt"
report $W failures --format csv >"$T/h.csv"
check_grep "csv defused" ",'=cmd\|'/c calc'!A1," "$T/h.csv"
report $W failures --format json >"$T/h.json"
check_eq "json valid and exact" "evil"$'\x1b'"[2J" "$(json_get "$T/h.json" "[r for r in j['rows'] if r['source_ip']=='192.0.2.66'][0]['reporters'][0]")"

finish
