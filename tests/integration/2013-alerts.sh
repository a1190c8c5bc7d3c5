#!/usr/bin/env bash
# 2013-alerts: `dmarc-report alerts` (issue 13) over a fixture database
# ingested from crafted reports (tests/data/alerts/) in two windows, with
# NSD serving alerts.test from tests/dns/alerts-v1, then alerts-v2, then
# v1 again.  Each alert type fires once, not again on the next run, and
# again after its condition changes; a quiet run prints nothing and exits
# 0; --all, --since, --format json, --mail; hostile strings escaped in
# text, JSON and mail; exit 1 when alerts print, >= 2 on errors (66 no
# database or no report in it).
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_tool python3 "JSON and mail checks"
need_ingest
DATA=$DR_SRC/tests/data/alerts
DB=$T/db.sqlite
NOW=1794787200			# 2026-11-16 00:00 UTC: "today"
export DMARC_RUA_DB=$DB

day() { date -u -d "$1" +%s; }
# rec IP COUNT pass|fail SELECTOR: one <record>
rec() {
	sed -e "s/@IP@/$1/" -e "s/@COUNT@/$2/" -e "s/@EVAL@/$3/g" \
	    -e "s/@SEL@/$4/" "$DATA/record.xml.in"
}
# mkrep FILE ORG ID FIRST-DAY LAST-DAY RECORD-SPEC...: a report covering
# FIRST-DAY 00:00 to LAST-DAY 23:59:59 (spec IP:COUNT:EVAL:SELECTOR)
mkrep() {
	local f=$1 org=$2 id=$3 b e s
	b=$(day "$4"); e=$(( $(day "$5") + 86399 ))
	shift 5
	for s in "$@"; do
		IFS=: read -r ip n ev sel <<<"$s"
		rec "$ip" "$n" "$ev" "$sel"
	done > "$T/records"
	sed -e "s/@ORG@/$org/g" -e "s/@ID@/$id/" -e "s/@BEGIN@/$b/" \
	    -e "s/@END@/$e/" -e "/@RECORDS@/{r $T/records" -e "d}" \
	    "$DATA/report.xml.in" > "$f"
}
mkhostile() { # FILE ID DAY COUNT
	sed -e "s/@ID@/$2/" -e "s/@BEGIN@/$(day "$3")/" \
	    -e "s/@END@/$(( $(day "$3") + 86399 ))/" -e "s/@COUNT@/$4/" \
	    "$DATA/hostile.xml.in" > "$1"
}

mkdir -p "$T/in"
# previous window (11-02 .. 11-08): Google, healthy; one old failing source
for d in 02 03 04 05 06 07 08; do
	mkrep "$T/in/g$d.xml" google.com "g-$d" "2026-11-$d" "2026-11-$d" \
	    192.0.2.10:1000:pass:s1 198.51.100.99:10:fail:s1
done
# current window (11-09 .. 11-15): Google reports until 11-11, then
# silence; a new source fails 5000 times on 11-10; selector s2 in use
for d in 09 10 11; do
	extra=; [ $d = 10 ] && extra=203.0.113.66:5000:fail:s2
	mkrep "$T/in/g$d.xml" google.com "g-$d" "2026-11-$d" "2026-11-$d" \
	    192.0.2.10:1000:pass:s1 198.51.100.99:10:fail:s1 $extra
done
# a reporter with a hostile name: 4 reports, silent since 11-05
for d in 02 03 04 05; do mkhostile "$T/in/h$d.xml" "h-$d" "2026-11-$d" 5; done
# Yahoo reports every day of the current window (never silent)
for d in 09 10 11 12 13 14 15; do
	mkrep "$T/in/y$d.xml" yahoo.com "y-$d" "2026-11-$d" "2026-11-$d" \
	    192.0.2.10:100:pass:s1
done
ingest -q --db "$DB" "$T/in"/*.xml
check_eq "fixture ingest" 0 $?
# set aside: a broken report under a hostile file name, and a conflict
# (same reporter and id, other content) with the hostile org and id
H=$(printf "%s" "$T/in/<script>x<script>"$'\xe2\x80\xae'"gnp.xml")
cp "$DATA/broken.xml" "$H"
mkhostile "$T/in/conflict.xml" "h-02" "2026-11-02" 6
ingest -q --db "$DB" "$H" "$T/in/conflict.xml"
check_eq "set-aside ingest exit (rejects)" 1 $?

A="--now $NOW --no-dns"
run() { report alerts $A "$@" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"; }
rc() { cat "$T/rc"; }
kinds() { awk '{ print $2 }' "$T/out" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }'; }

# --- run 1: everything fires once -------------------------------------
run
check_eq "run 1 exit: alerts printed" 1 "$(rc)"
check_eq "run 1 kinds" "failing-growth=1 new-source=1 pass-rate-drop=1 set-aside=2 silent-reporter=2 " "$(kinds)"
check_grep "new source with network" "new failing source 203\.0\.113\.66 \(network 203\.0\.113\.0/24\): 5000 messages failed DMARC as alerts\.test since 2026-11-09, never before" "$T/out"
check_grep "old failing source is not new" "." "$T/out"
check_eq "old source not alerted" 0 "$(grep -c 198.51.100.99 "$T/out")"
check_grep "detail command" "\[see: dmarc-report failures --domain alerts\.test --since 2026-11-09\]" "$T/out"
check_grep "pass rate drop" "pass rate of alerts\.test fell from 99\.0% to" "$T/out"
check_grep "silent google" "reporter google\.com sent 10 reports about alerts\.test in the last 4 weeks, none after 2026-11-11 \\(4 days\\)" "$T/out"
check_eq "yahoo is not silent" 0 "$(grep -c 'reporter yahoo' "$T/out")"
check_grep "set aside broken" "1 input set aside by the ingest: xml-" "$T/out"
check_grep "set aside conflict" "input set aside by the ingest: (conflict|report-conflict)" "$T/out"
check_eq "most severe first" "CRIT" "$(head -1 "$T/out" | cut -c1-4)"
check_eq "severity order" "$(cut -c1-4 "$T/out" | sort -s -t' ' -k1,1 | awk '{o=($1=="CRIT")?1:($1=="WARN")?2:3; print o}' | sort -n | tr -d '\n')" \
    "$(cut -c1-4 "$T/out" | awk '{o=($1=="CRIT")?1:($1=="WARN")?2:3; print o}' | tr -d '\n')"
# hostile strings, text: one line per alert, nothing raw
check_eq "text: one line per alert" 7 "$(wc -l <"$T/out")"
check_eq "text: no raw U+202E" 0 "$(grep -c $'\xe2\x80\xae' "$T/out")"
check_eq "text: no raw CR" 0 "$(grep -c $'\r' "$T/out")"
check_grep "text: bidi shown escaped" '\\u202[eE]' "$T/out"
check_grep "text: newline shown escaped" 'gnp\.exe\\x0aSubject: injected' "$T/out"
check_grep "text: long name cut" '\[cut\]' "$T/out"
check_eq "text: lines stay short" 0 "$(awk 'length($0) > 1200' "$T/out" | wc -l)"
cp "$T/out" "$T/run1.txt"

# --- run 2: nothing new: quiet ----------------------------------------
run
check_eq "run 2 quiet exit" 0 "$(rc)"
check_eq "run 2 prints nothing" "" "$(cat "$T/out" "$T/err")"

# --all shows everything true now, --since from a day, neither touches state
run --all
check_eq "--all exit" 1 "$(rc)"
check_eq "--all lists all but the set-aside inputs already reported" \
    "failing-growth=1 new-source=1 pass-rate-drop=1 set-aside=2 silent-reporter=2 " "$(kinds)"
run --since 2026-11-09
check_eq "--since exit" 1 "$(rc)"
check_grep "--since new source" "new-source" "$T/out"
run
check_eq "--all and --since keep the state: quiet" "0:" "$(rc):$(cat "$T/out")"
# an ingest holding the write lock: alert_sources cannot be filled, and
# new sources come from a scan of every record: the same alerts
run --all; cp "$T/out" "$T/all.txt"
sqlite3 "$DB" "DELETE FROM alert_sources; DELETE FROM alert_marks"
{ echo "BEGIN IMMEDIATE; DELETE FROM alert_marks;"; sleep 4; echo "ROLLBACK;"; } | sqlite3 "$DB" &
LOCKER=$!
sleep 1
run --all
check_eq "busy database: the scan finds the same alerts" "$(cat "$T/all.txt")" "$(cat "$T/out")"
check_eq "busy: alert_sources not filled" 0 "$(sqlite3 -readonly "$DB" "SELECT count(*) FROM alert_sources" 2>/dev/null || echo 0)"
wait $LOCKER
run --all
check_eq "not busy: alert_sources filled again" 1 "$(q "SELECT count(*) > 0 FROM alert_sources")"

# --- changes: each DB alert fires again --------------------------------
# new source grows tenfold
mkrep "$T/in/g11b.xml" google.com "g-11b" 2026-11-11 2026-11-11 203.0.113.66:50000:fail:s2
# google reports again (no longer silent)
mkrep "$T/in/g15.xml" google.com "g-15" 2026-11-15 2026-11-15 192.0.2.10:1000:pass:s1
# another broken input
cp "$DATA/broken.xml" "$T/in/broken2.xml"
ingest -q --db "$DB" "$T/in/g11b.xml" "$T/in/g15.xml" "$T/in/broken2.xml"
run
check_eq "run 3 exit" 1 "$(rc)"
check_eq "run 3: grown source, new set-aside only" "new-source=1 set-aside=1 " "$(kinds)"
check_grep "run 3 grown" "203\.0\.113\.66 .*55000 messages" "$T/out"
run
check_eq "run 4 quiet" "0:" "$(rc):$(cat "$T/out")"
# google silent again four days later: raised again (the alert had cleared)
A="--now $((NOW + 4 * 86400)) --no-dns"
run --min-failing 1000000 --min-messages 1000000000
check_grep "silent again after it cleared" "reporter google\.com .* none after 2026-11-15" "$T/out"
A="--now $NOW --no-dns"
run
# a jump clears (threshold) and comes back
run --drop 99 --growth 100000
check_eq "jump cleared: quiet" "0:" "$(rc):$(cat "$T/out")"
run
check_eq "jump back: raised again" "failing-growth=1 pass-rate-drop=1 " "$(kinds)"

# --- JSON and mail, hostile strings -----------------------------------
run --all --format json
check_eq "json exit" 1 "$(rc)"
check_eq "json parses, kinds" "failing-growth new-source pass-rate-drop set-aside silent-reporter" \
    "$(json_get "$T/out" "' '.join(sorted(set(a['kind'] for a in j['alerts'])))")"
check_eq "json hostile org kept exactly (up to the cut)" True \
    "$(json_get "$T/out" "any('<script>alert(1)</script> \u202egnp.exe\nSubject: injected' in a['text'] for a in j['alerts'])")"
check_eq "json: no raw U+202E" 0 "$(grep -c $'\xe2\x80\xae' "$T/out")"
check_eq "json key normalized" "new-source|alerts.test|203.0.113.66 55000" \
    "$(json_get "$T/out" "' '.join(str(a[k]) for a in j['alerts'] if a['kind']=='new-source' for k in ('key','count'))")"
check_eq "json: hostile key bound as is" 1 \
    "$(json_get "$T/out" "sum(1 for a in j['alerts'] if a['key'].startswith('silent-reporter|alerts.test|evil <script>'))")"
run --since 2026-11-01 --mail 'dmarc@example.org' 'ops@example.org'
check_eq "mail exit" 1 "$(rc)"
python3 - "$T/out" >"$T/mail.chk" <<'PY'
import sys, email, email.policy
raw = open(sys.argv[1], 'rb').read()
m = email.message_from_bytes(raw, policy=email.policy.default)
print('subject', m['Subject'])
head = raw.split(b'\n\n', 1)[0]
print('to', m['To'])
print('headers', len([l for l in head.split(b'\n') if l.startswith(b'Subject:')]))
body = m.get_content()
print('ctype', m.get_content_type())
print('raw-bidi', '\u202e' in body)
print('escaped-bidi', '\\u202' in body.lower())
print('injected', 'Subject: injected' in body and '\nSubject: injected' not in body)
print('ascii', all(b < 128 for b in raw))
PY
check_grep "mail subject" "^subject DMARC alerts: [0-9]+ new \\([0-9]+ critical\\)$" "$T/mail.chk"
check_eq "mail" "to ops@example.org
headers 1
ctype text/plain
raw-bidi False
escaped-bidi True
injected True
ascii True" "$(tail -n +2 "$T/mail.chk")"

# --- exit statuses ------------------------------------------------------
# (66, util/exits.def: the one table; >= 2 as issue 13 asks)
report alerts --db "$T/none.sqlite" --no-dns >/dev/null 2>&1
check_eq "no database: 66" 66 $?
sqlite3 "$T/empty.sqlite" 'PRAGMA user_version' >/dev/null
report alerts --db "$T/empty.sqlite" --no-dns >/dev/null 2>&1
check_eq "empty database: 66, never 1 (alerts printed)" 66 $?
report alerts --no-dns --bogus >/dev/null 2>&1
check_eq "bad option: 64" 64 $?
report alerts --no-dns --format csv >/dev/null 2>&1
check_eq "csv: 64" 64 $?
report alerts --no-dns --now $NOW --drop 101 >/dev/null 2>&1
check_eq "drop over 100: 64" 64 $?
if [ "$(id -u)" != 0 ]; then
	chmod a-w "$DB" "$T"
	report alerts --no-dns --now $NOW >/dev/null 2>"$T/err"
	check_eq "read-only, stateful: 70" 70 $?
	chmod u+w "$DB" "$T"
fi
# output that cannot be written: exit 70, state not saved, raised again
cp "$DATA/broken.xml" "$T/in/broken3.xml"
ingest -q --db "$DB" "$T/in/broken3.xml"
report alerts --no-dns --now $NOW >/dev/full 2>"$T/err"
check_eq "output error: 70" 70 $?
run
check_eq "after a failed write the alert comes again" "set-aside=1 " "$(kinds)"

# --- DNS: NSD serving alerts.test, v1 -> v2 -> v1 -----------------------
. "$DR_SRC/tests/dns/nsd-run.sh"
if ! command -v "$NSD_BIN" >/dev/null 2>&1; then
	skip_part_or_fail "nsd missing: DNS alerts"
	finish; exit
fi
trap 'nsd_stop; [ "${DR_KEEP:-0}" = 1 ] || rm -rf "$T"' EXIT
serve() { # alerts-v1 | alerts-v2
	nsd_stop 2>/dev/null
	NSD_ZONES_DIR=$DR_SRC/tests/dns/$1
	nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
	A="--now $NOW --dns-server 127.0.0.1:$NSD_PORT"
}
serve alerts-v1
run
check_eq "dns v1 exit" 1 "$(rc)"
check_eq "dns v1: the missing key of s2" "dkim-key=1 " "$(kinds)"
check_grep "dkim missing" "DKIM key s2\._domainkey\.alerts\.test, in use in this window's reports, is missing" "$T/out"
check_eq "dns v1 no s1 alert (2048 bits)" 0 "$(grep -c 's1\._domainkey' "$T/out")"
check_eq "stored states" 5 "$(q "SELECT count(*) FROM dns_checks WHERE domain = 'alerts.test'")"
run
check_eq "dns v1 again: quiet" "0:" "$(rc):$(cat "$T/out")"
serve alerts-v2
run
check_eq "dns v2 exit" 1 "$(rc)"
check_eq "dns v2 kinds" "dkim-key=1 dns-changed=4 dns-invalid=1 spf-limit=1 " "$(kinds)"
check_grep "dmarc invalid" "dmarc record _dmarc\.alerts\.test is invalid" "$T/out"
check_grep "spf limit" "SPF of alerts\.test needs 11 DNS lookups \(limit 10\)" "$T/out"
check_grep "dkim revoked" "DKIM key s1\._domainkey\.alerts\.test, .* is revoked" "$T/out"
check_grep "mx changed" "mx record alerts\.test changed on .*: was ok \"10 mx1\.alerts\.test\", now ok \"20 mx2\.alerts\.test\"" "$T/out"
check_grep "dns detail command" "\[see: dmarc-report check alerts\.test\]" "$T/out"
run
check_eq "dns v2 again: quiet" "0:" "$(rc):$(cat "$T/out")"
serve alerts-v1
run
check_eq "dns back to v1: changes raised again" "dns-changed=4 " "$(kinds)"
run
check_eq "dns v1 at last: quiet" "0:" "$(rc):$(cat "$T/out")"
# no DMARC record: said as such, never "dmarc record ... is none"
mkdir -p "$T/alerts-v3"
grep -v '^_dmarc' "$DR_SRC/tests/dns/alerts-v1/alerts.test.zone" \
    >"$T/alerts-v3/alerts.test.zone"
nsd_stop 2>/dev/null
NSD_ZONES_DIR=$T/alerts-v3
nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
A="--now $NOW --dns-server 127.0.0.1:$NSD_PORT"
run
check_grep "no dmarc record, in words" "no DMARC record at _dmarc\.alerts\.test: receivers apply no DMARC policy" "$T/out"
check_eq "no dmarc record: never 'is none'" 0 "$(grep -c 'is none' "$T/out")"
serve alerts-v1
run
# --no-dns reads the stored states: nothing new either
A="--now $NOW --no-dns"
run
check_eq "no-dns after dns: quiet" "0:" "$(rc):$(cat "$T/out")"
finish
