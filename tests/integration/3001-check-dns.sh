#!/usr/bin/env bash
# 3001-check-dns: `dmarc-report check` against a real NSD serving
# tests/dns/zones/*.zone: valid records, missing _dmarc, several records,
# 11-lookup include chain, void lookups, include loop, +all, macros, DKIM
# keys of 2048/1024/512 bits, revoked, Ed25519, CNAME, split TXT strings,
# ip6:, rua authorization, org-domain fallback, timeouts (silent server),
# and results stored with their time.
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_tool python3 "the silent server"
. "$DR_SRC/tests/dns/nsd-run.sh"
need_tool jq
nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
SILENT_PID=
trap 'nsd_stop; [ -n "$SILENT_PID" ] && kill $SILENT_PID 2>/dev/null; rm -rf "$T"' EXIT
S="--dns-server 127.0.0.1:$NSD_PORT"
DB=$T/db.sqlite
mkdb "$DB"
# a selector seen in stored auth results is checked without --selector
q "INSERT INTO dkim_results(record, domain, selector, result) VALUES (1, 'valid.test', 's2048', 'pass')"
q "INSERT INTO report_selectors(domain, selector, report) VALUES ('valid.test', 's2048', 1)"

report --db "$DB" $S check valid.test sub.valid.test --selector s1024 \
    --selector s512 --selector old --selector ed --selector cn --selector gone \
    --ip 198.51.100.7 --ip 2001:db8::10 --ip 2001:db8:1::5 --ip 203.0.113.5 \
    --ip 192.0.2.10 --ip bogus --format json >"$T/v.json"
check_eq "check exit (errors found: a missing selector, no SPF at sub)" 1 $?
j() { jq -r "$1" "$T/v.json"; }
V='.domains[0]'
check_eq "dmarc" "ok|_dmarc.valid.test|true|reject|quarantine|s" \
    "$(j "$V.dmarc | [.status,.name,.valid,.p,.sp,.adkim] | join(\"|\")")"
check_eq "dmarc errors" 0 "$(j "$V.dmarc.errors | length")"
check_eq "rua external authorized" "mailto:agg@rua-host.test|true|true" \
    "$(j "$V.dmarc.rua[1] | [.uri,.external,.authorized] | join(\"|\")")"
check_eq "rua own domain" "false" "$(j "$V.dmarc.rua[0].external")"
check_eq "spf" "ok|true|2|0" "$(j "$V.spf | [.status,.valid,.lookups,.void_lookups] | join(\"|\")")"
check_eq "spf per ip" "198.51.100.7=pass:include:_spf.provider.test > ip4:198.51.100.0/24 \
2001:db8::10=pass:mx 2001:db8:1::5=pass:ip6:2001:db8:1::/48 203.0.113.5=fail:-all \
192.0.2.10=pass:ip4:192.0.2.0/25 bogus=null:null" \
    "$(j "[$V.spf.ip_results[] | \"\(.ip)=\(.result):\(.mechanism)\"] | join(\" \")")"
check_eq "dkim selectors (args, then stored)" "s1024 s512 old ed cn gone s2048" \
    "$(j "[$V.dkim[].selector] | join(\" \")")"
dk() { j "$V.dkim[] | select(.selector == \"$1\") | $2"; }
check_eq "dkim 2048 split strings" "ok|true|rsa|2048|false" \
    "$(dk s2048 '[.status,.valid,.key_type,.key_bits,.revoked] | join("|")')"
check_eq "dkim 1024 weak" "ok|1024|RSA key of 1024 bits is weak: use 2048 bits" \
    "$(dk s1024 '[.status,.key_bits,.warnings[0]] | join("|")')"
check_eq "dkim 512 invalid" "invalid|false|512" "$(dk s512 '[.status,.valid,.key_bits] | join("|")')"
check_eq "dkim revoked" "revoked|true|false" "$(dk old '[.status,.revoked,.valid] | join("|")')"
check_eq "dkim ed25519" "ok|ed25519|256" "$(dk ed '[.status,.key_type,.key_bits] | join("|")')"
check_eq "dkim cname" "ok|cn.valid.test.dkim.provider.test|2048" \
    "$(dk cn '[.status,.cname,.key_bits] | join("|")')"
check_eq "dkim missing" "none|null|false" "$(dk gone '[.status,.record,.valid] | map(tostring) | join("|")')"
check_eq "mx" "10 mx1.valid.test,20 mx2.valid.test" "$(j "$V.mx | join(\",\")")"
W='.domains[1]'
check_eq "org-domain fallback" "ok|_dmarc.valid.test|sub.valid.test|valid.test" \
    "$(j "[$W.dmarc.status,$W.dmarc.name,$W.domain,$W.org_domain] | join(\"|\")")"
check_eq "no spf at sub" "none|false" "$(j "$W.spf | [.status,.valid] | map(tostring) | join(\"|\")")"

# broken domains
report $S check nodmarc.test twospf.test chain.test l2.chain.test at10.chain.test \
    void.test two.void.test loop.test plusall.test badrua.test --format json >"$T/b.json"
check_eq "check broken exit (errors found)" 1 $?
b() { jq -r ".domains[] | select(.domain == \"$1\") | $2" "$T/b.json"; }
check_eq "missing _dmarc" "none|null|null" "$(b nodmarc.test '.dmarc | [.status,.record,.p] | map(tostring) | join("|")')"
check_grep "apex dmarc flagged" "published at nodmarc.test itself" <(b nodmarc.test '.dmarc.errors[]')
check_eq "two spf" "permerror|false" "$(b twospf.test '.spf | [.status,.valid] | map(tostring) | join("|")')"
check_grep "two spf cause" "2 SPF records" <(b twospf.test '.spf.errors[]')
check_eq "two dmarc" "several" "$(b twospf.test '.dmarc.status')"
check_eq "11 lookups" "permerror|11" "$(b chain.test '.spf | [.status,.lookups] | map(tostring) | join("|")')"
check_grep "11 lookups cause" "more than 10 DNS lookups" <(b chain.test '.spf.errors[]')
check_eq "10 lookups is the limit" "ok|true|10" "$(b at10.chain.test '.spf | [.status,.valid,.lookups] | map(tostring) | join("|")')"
check_grep "10 lookups warned" "10 of 10 DNS lookups" <(b at10.chain.test '.spf.warnings[]')
check_eq "void lookups" "permerror|3" "$(b void.test '.spf | [.status,.void_lookups] | map(tostring) | join("|")')"
check_eq "two voids ok" "ok|2" "$(b two.void.test '.spf | [.status,.void_lookups] | map(tostring) | join("|")')"
check_grep "include loop" "include loop" <(b loop.test '.spf.errors[]')
check_eq "loop is permerror" "permerror" "$(b loop.test '.spf.status')"
check_grep "+all" "every server on the Internet" <(b plusall.test '.spf.warnings[]')
check_grep "p=none monitors" "p=none only monitors" <(b plusall.test '.dmarc.warnings[]')
# RFC 7489 7.1: only the unauthorized address is dropped, the policy applies
check_eq "unauthorized rua" "ok|false" "$(b badrua.test '.dmarc | [.status,.rua[0].authorized] | map(tostring) | join("|")')"
check_grep "unauthorized rua says so" "^rua agg@rua-host.test: rua-host.test has not authorized reports for badrua.test \\(no TXT at badrua.test._report._dmarc.rua-host.test\\); receivers will not send reports there; the policy still applies$" <(b badrua.test '.dmarc.warnings[]')

# macros, split strings, IPv6
report $S check macro.test split.test --ip 192.0.2.50 --ip 192.0.2.51 \
    --ip 198.51.100.9 --ip 2001:db8:3::1 --format json >"$T/m.json"
m() { jq -r ".domains[] | select(.domain == \"$1\") | $2" "$T/m.json"; }
check_eq "exists macro" "pass:exists:%{i}._spf.macro.test fail:-all fail:-all fail:-all" \
    "$(m macro.test '[.spf.ip_results[] | "\(.result):\(.mechanism)"] | join(" ")')"
check_eq "p=rej not fixed" "invalid|invalid|false" "$(m macro.test '.dmarc | [.status,.p,.valid] | map(tostring) | join("|")')"
check_eq "split SPF joined" "pass pass pass" \
    "$(m split.test '[.spf.ip_results[1,2,3].result] | join(" ")')"
check_eq "split SPF record" "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/24 ip6:2001:db8:3::/48 -all" "$(m split.test '.spf.record')"

# a server that never answers: temperror everywhere, never "no record"
python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",0))
print(s.getsockname()[1]); sys.stdout.flush(); time.sleep(60)' >"$T/port" &
SILENT_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
start=$(date +%s%N)
report --dns-server 127.0.0.1:$(cat "$T/port") check valid.test --selector s2048 \
    --ip 192.0.2.1 --timeout 200 --tries 1 --format json >"$T/t.json"
check_eq "timeout exit (lookups failed)" 69 $?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "timeouts are bounded (<3s)" yes "$([ $ms -lt 3000 ] && echo yes || echo "no: ${ms}ms")"
check_eq "timeout statuses" "temperror|null|temperror|null|temperror|temperror|temperror" \
    "$(jq -r '.domains[0] | [.dmarc.status,.dmarc.valid,.spf.status,.spf.valid,.dkim[0].status,.spf.ip_results[0].result,.mx_status] | map(tostring) | join("|")' "$T/t.json")"
check_grep "timeout not no-record" "not \"no record\"" <(jq -r '.domains[0].dmarc.errors[]' "$T/t.json")
# nothing listening at all (ICMP refused) is temporary too
report --dns-server 127.0.0.1:9 check valid.test --timeout 200 --tries 1 --format json >"$T/r.json"
check_eq "refused statuses" "temperror|temperror" "$(jq -r '.domains[0] | [.dmarc.status,.spf.status] | join("|")' "$T/r.json")"

# stored with their time; an unchanged record refreshes, a change adds a row
check_eq "stored rows (7 + 6 selectors)" "dkim|13 dmarc|2 mx|2 spf|2" \
    "$(q "SELECT kind || '|' || count(*) FROM dns_checks GROUP BY kind ORDER BY kind" | tr '\n' ' ' | sed 's/ $//')"
check_eq "temperror not stored" 0 "$(q "SELECT count(*) FROM dns_checks WHERE status = 'temperror'")"
q "UPDATE dns_checks SET record = 'v=DMARC1; p=none', first_seen = 1, last_seen = 1 WHERE kind = 'dmarc' AND domain = 'valid.test'"
report --db "$DB" $S check valid.test --format json >/dev/null
check_eq "changed record adds a row" 2 "$(q "SELECT count(*) FROM dns_checks WHERE kind = 'dmarc' AND domain = 'valid.test'")"
check_eq "current view shows previous" "ok|v=DMARC1; p=none|1" \
    "$(q "SELECT status, previous_record, previous_seen FROM dns_check_current WHERE kind = 'dmarc' AND domain = 'valid.test'")"
report --db "$DB" $S check valid.test --format json >/dev/null
check_eq "unchanged record refreshes" 2 "$(q "SELECT count(*) FROM dns_checks WHERE kind = 'dmarc' AND domain = 'valid.test'")"
check_grep "summary_json stored" '"status":"ok"' <(q "SELECT summary_json FROM dns_check_current WHERE kind = 'spf' AND domain = 'valid.test'")

# table output escapes hostile text and exits 0
report $S check valid.test >"$T/table.txt"
check_eq "table exit" 0 $?
check_grep "table row" "^valid.test +spf +ok +lookups 2/10" "$T/table.txt"

# CSV carries the findings too (they were dropped): rows with level and
# finding set, after the checks
report $S check twospf.test plusall.test --format csv | tr -d '\r' >"$T/c.csv"
# (1: twospf.test has errors, util/exits.def)
check_eq "csv exit" 1 "${PIPESTATUS[0]}"
check_eq "csv header" "domain,check,status,detail,record,level,finding" \
    "$(head -1 "$T/c.csv")"
check_grep "csv: spf error finding" '^twospf\.test,spf,,,,error,.*2 SPF records' "$T/c.csv"
check_grep "csv: +all warning finding" \
    '^plusall\.test,spf,,,,warning,.*every server on the Internet' "$T/c.csv"
finish
