#!/usr/bin/env bash
# 2004-report-policy-columns: the "policy now" columns of summary (DMARC
# NOW, SPF NOW, DKIM NOW; JSON "dns") and failures (SPF TODAY) against a
# throw-away NSD serving tests/dns/zones/: a healthy domain (valid.test)
# with DKIM selectors from the stored results, an SPF include chain over
# 10 lookups, no DMARC record; a failing IP that passes SPF today and one
# that fails; a refusing and a silent resolver (temperror, never "none");
# --no-dns (no DNS, null / "not looked up"); a stored domain that is not a
# DNS name (not checked, the command still works).
. "$DR_SRC/tests/integration/lib.sh"
# these columns and exit statuses predate the ASN lookups (issue 12, tested
# in 2014-report-asn): every run here is without them
report() { "$DR_BUILD/dmarc-report" --no-asn "$@"; }
need_tool sqlite3
need_tool python3 "json_get"
. "$DR_SRC/tests/dns/nsd-run.sh"
nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
SILENT_PID=
trap 'nsd_stop; [ -n "$SILENT_PID" ] && kill $SILENT_PID 2>/dev/null; rm -rf "$T"' EXIT
DB=$T/db.sqlite
D=1794182400	# 2026-11-09
cat >"$T/data.sql" <<SQL
INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin, date_end,
  policy_domain, p, digest, ingested_at) VALUES
 (1, 'google.com', 'google.com', 'g1', 'rfc7489', $D, $((D + 86399)), 'valid.test', 'reject', 'a', 0),
 (2, 'google.com', 'google.com', 'g2', 'rfc7489', $D, $((D + 86399)), 'nodmarc.test', 'none', 'b', 0),
 (3, 'google.com', 'google.com', 'g3', 'rfc7489', $D, $((D + 86399)), 'chain.test', 'none', 'c', 0),
 (4, 'google.com', 'google.com', 'g4', 'rfc7489', $((D - 30 * 86400)), $((D - 29 * 86400)), 'valid.test', 'reject', 'd', 0);
INSERT INTO records(id, report, source_ip, ip_version, count, disposition, dkim_eval, spf_eval) VALUES
 (1, 1, '192.0.2.10', 4, 100, 'none', 'pass', 'pass'),
 (2, 1, '198.51.100.7', 4, 5, 'reject', 'fail', 'fail'),
 (3, 1, '203.0.113.5', 4, 3, 'reject', 'fail', 'fail'),
 (4, 2, '192.0.2.1', 4, 2, 'none', 'fail', 'fail'),
 (5, 3, '192.0.2.1', 4, 1, 'none', 'fail', 'fail'),
 (6, 4, '192.0.2.10', 4, 1, 'none', 'pass', 'pass');
-- valid.test: s2048, s1024 ok; old revoked, gone missing; attacker.test's
-- selector and s512 (only in a report outside the window) not counted
INSERT INTO dkim_results(record, seq, domain, selector, result) VALUES
 (1, 0, 'valid.test', 's2048', 'pass'), (1, 1, 'valid.test', 's1024', 'pass'),
 (2, 0, 'valid.test', 'old', 'fail'), (3, 0, 'valid.test', 'gone', 'fail'),
 (3, 1, 'attacker.test', 'x', 'fail'), (6, 0, 'valid.test', 's512', 'pass');
SQL
mkdb "$DB" "$T/data.sql"
W="--db $DB --since 2026-11-09 --until 2026-11-15"
S="--dns-server 127.0.0.1:$NSD_PORT"
dns() { json_get "$1" "' '.join('%s=%s' % (r['domain'], '|'.join(map(str, r['dns'].values())) if r['dns'] else None) for r in j['rows'])"; }
today() { json_get "$1" "' '.join('%s/%s=%s:%s' % (r['domain'], r['source_ip'], r['spf_today'], r['spf_today_mechanism']) for r in j['rows'])"; }

# summary: the JSON "dns" object, exact
report $W $S summary --format json >"$T/s.json"
check_eq "summary exit" 0 $?
check_eq "dns keys" "dmarc_p dmarc_sp dmarc_status dmarc_cause spf_valid spf_lookups spf_status spf_cause dkim_ok dkim_broken dkim_status dkim_cause" \
    "$(json_get "$T/s.json" "' '.join(j['rows'][0]['dns'].keys())")"
check_eq "summary dns" "chain.test=None|None|none|None|False|11|permerror|None|0|0|no_selectors|None nodmarc.test=None|None|none|None|True|0|ok|None|0|0|no_selectors|None valid.test=reject|quarantine|ok|None|True|2|ok|None|2|2|broken|None" \
    "$(dns "$T/s.json")"
report $W $S summary >"$T/s.txt"
check_grep "table header" "DMARC NOW +SPF NOW +DKIM NOW$" "$T/s.txt"
check_grep "table valid.test" "^valid\.test .* p=reject sp=quarantine +valid, 2 lookups +2 ok, 2 broken$" "$T/s.txt"
check_grep "table chain.test" "^chain\.test .* none +permerror: 11 lookups +no selectors$" "$T/s.txt"
report $W $S summary --format csv >"$T/s.csv"
check_eq "csv header" "domain,reports,reporters,messages,dmarc_pass,dmarc_pass_pct,spf_aligned_pct,dkim_aligned_pct,disp_none,disp_quarantine,disp_reject,disp_other,policy,policies_seen,dmarc_now,spf_now,dkim_now" \
    "$(head -1 "$T/s.csv" | tr -d '\r')"
check_eq "csv valid.test" 'p=reject sp=quarantine,"valid, 2 lookups","2 ok, 2 broken"' \
    "$(grep '^valid\.test,' "$T/s.csv" | tr -d '\r' | cut -d, -f15-)"

# failures: SPF TODAY per failing IP
report $W $S failures --format json >"$T/f.json"
check_eq "failures exit" 0 $?
check_eq "spf today" "valid.test/198.51.100.7=pass:include:_spf.provider.test > ip4:198.51.100.0/24 valid.test/203.0.113.5=fail:-all nodmarc.test/192.0.2.1=fail:-all chain.test/192.0.2.1=permerror:more than 10 DNS lookups (the 11th is 'include:l11.chain.test')" \
    "$(today "$T/f.json")"
report $W $S failures >"$T/f.txt"
check_grep "table spf today pass" "^valid\.test +198\.51\.100\.7 .* pass \(include:_spf\.provider\.test > ip4:198\.51\.100\.0/24\)$" "$T/f.txt"
check_grep "table spf today fail" "^valid\.test +203\.0\.113\.5 .* fail \(-all\)$" "$T/f.txt"
report $W $S failures --format csv >"$T/f.csv"
check_eq "csv spf today" "spf_today,spf_today_mechanism|pass,include:_spf.provider.test > ip4:198.51.100.0/24" \
    "$(tr -d '\r' <"$T/f.csv" | head -2 | cut -d, -f18-19 | paste -sd'|')"

# a refusing resolver: temperror with its cause, never "none"; the table
# and CSV say "could not check (refused)"
report $W --dns-server 127.0.0.1:9 summary --format json >"$T/r.json"
check_eq "refused exit (some lookups failed)" 69 $?
check_eq "refused summary" "chain.test=None|None|temperror|refused|None|None|temperror|refused|0|0|no_selectors|None nodmarc.test=None|None|temperror|refused|None|None|temperror|refused|0|0|no_selectors|None valid.test=None|None|temperror|refused|None|None|temperror|refused|0|0|temperror|refused" \
    "$(dns "$T/r.json")"
report $W --dns-server 127.0.0.1:9 failures --format json >"$T/rf.json"
check_eq "refused spf today" "temperror temperror temperror temperror" \
    "$(json_get "$T/rf.json" "' '.join(r['spf_today'] for r in j['rows'])")"
report $W --dns-server 127.0.0.1:9 summary >"$T/r.txt"
check_grep "refused table" "^valid\.test .* could not check \(refused\) +could not check \(refused\) +could not check \(refused\)$" "$T/r.txt"
check_eq "refused table: no raw temperror" 0 "$(grep -c temperror "$T/r.txt")"
report $W --dns-server 127.0.0.1:9 summary --format csv >"$T/r.csv"
check_eq "refused csv" "could not check (refused),could not check (refused),could not check (refused)" \
    "$(grep '^valid\.test,' "$T/r.csv" | tr -d '\r' | cut -d, -f15-)"

# a resolver that never answers: timeouts are temperror, and bounded
python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",0))
print(s.getsockname()[1]); sys.stdout.flush(); time.sleep(60)' >"$T/port" &
SILENT_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
start=$(date +%s%N)
report $W --dns-server 127.0.0.1:$(cat "$T/port") summary --format json >"$T/t.json"
check_eq "silent exit (some lookups failed)" 69 $?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "silent bounded (<15s)" yes "$([ $ms -lt 15000 ] && echo yes || echo "no: ${ms}ms")"
check_eq "silent summary" "temperror|temperror|temperror" \
    "$(json_get "$T/t.json" "'|'.join(r['dns']['dmarc_status'] for r in j['rows'])")"
check_eq "silent spf" "None|None|None" \
    "$(json_get "$T/t.json" "'|'.join(str(r['dns']['spf_valid']) for r in j['rows'])")"

# --no-dns: no queries (a dead server would be slow), columns kept
start=$(date +%s%N)
report $W --no-dns --dns-server 127.0.0.1:$(cat "$T/port") summary --format json >"$T/n.json"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "no-dns: no DNS" yes "$([ $ms -lt 1500 ] && echo yes || echo "no: ${ms}ms")"
check_eq "no-dns: dns null" "chain.test=None nodmarc.test=None valid.test=None" "$(dns "$T/n.json")"
report $W --no-dns failures --format json >"$T/nf.json"
check_eq "no-dns: spf today null" "valid.test/198.51.100.7=None:None valid.test/203.0.113.5=None:None nodmarc.test/192.0.2.1=None:None chain.test/192.0.2.1=None:None" \
    "$(today "$T/nf.json")"
report $W --no-dns summary >"$T/n.txt"
check_grep "no-dns: table says not looked up" "^valid\.test .* not looked up +not looked up +not looked up$" "$T/n.txt"
report $W --no-dns failures >"$T/nf.txt"
check_grep "no-dns: failures SPF TODAY" "^valid\.test +198\.51\.100\.7 .* not checked$" "$T/nf.txt"
report $W --no-dns summary --format csv >"$T/n.csv"
check_eq "no-dns: csv header kept" "$(head -1 "$T/s.csv")" "$(head -1 "$T/n.csv")"

# a stored policy domain that is not a DNS name: not checked, no failure
q "UPDATE reports SET policy_domain = 'bad..name' WHERE id = 2"
report $W $S summary --format json >"$T/b.json"
check_eq "bad name exit" 0 $?
check_eq "bad name not checked" "bad..name=None valid.test=ok" \
    "$(json_get "$T/b.json" "' '.join('%s=%s' % (r['domain'], r['dns'] and r['dns']['dmarc_status']) for r in j['rows'] if r['domain'] != 'chain.test')")"
report $W $S failures --format json >"$T/bf.json"
check_eq "bad name failures exit" 0 $?
check_eq "bad name spf today" "None" \
    "$(json_get "$T/bf.json" "[r['spf_today'] for r in j['rows'] if r['domain'] == 'bad..name'][0]")"
finish
