#!/usr/bin/env bash
# Conformance on the hostile corpus: shared/corpus/hostile/EXPECT.tsv.
# Each file is copied to its own directory and ingested alone into a fresh
# database (dup-b.xml.gz after dup-a.xml, into the same one), then:
#   ingest            exit 0, stored, exact reports/records/messages
#   reject            exit 1, 0 reports, messages.outcome = rejected
#   skip              exit 0, 0 reports, messages.outcome = not_report
#   no-ingest         0 reports, outcome rejected or not_report
#   duplicate         after both files: 1 report, 11 messages
#   ingest-or-reject  all of it (exact counts) or nothing (rejected)
# Always: no byte of /etc/passwd in the database or the output, no file
# /tmp/dmarc-zip-slip.xml (nor one created next to the input), exit status
# never 70 or a signal.  Peak RSS and time per file are printed (needs GNU
# time: Debian package `time`); they never fail the test.
set -u
. "$(dirname "$0")/lib.sh"
need_shared
need_ingest
need_tool sqlite3

H="$SHARED/corpus/hostile"
EXP="$H/EXPECT.tsv"
[ -f "$EXP" ] || skip_or_fail "no $EXP"
SLIP=/tmp/dmarc-zip-slip.xml
slip_before=$(stat -c %Y "$SLIP" 2> /dev/null || echo none)
[ "$slip_before" != none ] && echo "note: $SLIP exists before the test (mtime $slip_before)"
TIME=$(rss_cmd)
[ -n "$TIME" ] || echo "note: GNU time missing (Debian package 'time'): no RSS figures"
MISS="$T/mismatches"
: > "$MISS"
miss() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$MISS"; }
STATS="$T/stats"
: > "$STATS"

# run_one DIR FILE DB: ingest, record exit status, RSS (KiB) and seconds.
run_one() {
	local d=$1 f=$2 db=$3 t0 t1
	t0=$(date +%s.%N)
	if [ -n "$TIME" ]; then
		(cd "$d/cwd/a/b/c/d/e" && timeout 300 "$TIME" -f %M -o "$d/rss" \
		    "$DR_BUILD/dmarc-ingest" --no-progress --db "$db" "$d/$f") > "$d/out" 2> "$d/err"
	else
		(cd "$d/cwd/a/b/c/d/e" && timeout 300 "$DR_BUILD/dmarc-ingest" --no-progress \
		    --db "$db" "$d/$f") > "$d/out" 2> "$d/err"
	fi
	RC=$?
	t1=$(date +%s.%N)
	RSS=$( [ -s "$d/rss" ] && tail -1 "$d/rss" || echo -)
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	printf '%s\t%s\t%s\t%s\n' "$f" "$RC" "$RSS" "$SECS" >> "$STATS"
}

dupdb=""
while IFS=$'\t' read -r file wrap expect nrep nrec nmsg oracle what; do
	[ "$file" = file ] && continue
	d="$T/h/${file//\//_}"
	mkdir -p "$d/cwd/a/b/c/d/e"
	cp "$H/$file" "$d/$file"
	db="$d/db.sqlite"
	if [ "$file" = dup-b.xml.gz ] && [ -n "$dupdb" ]; then
		db=$dupdb
	fi
	run_one "$d" "$file" "$db"
	[ "$file" = dup-a.xml ] && dupdb=$db
	DB=$db
	cnt=$(q "SELECT count(*) || '/' || coalesce(sum(record_count), 0) || '/' ||
	    coalesce(sum(message_count), 0) FROM report_summary" 2> /dev/null)
	out=$(q "SELECT outcome || coalesce('(' || reason || ')', '') FROM messages
	    ORDER BY id DESC LIMIT 1" 2> /dev/null)
	o=${out%%(*}
	got="rc=$RC $out reports/records/messages=$cnt"
	case $RC in
	0|1) ;;
	*) check_eq "$file: exit status 0 or 1" "0|1" "$RC" > /dev/null ||
	    miss "$file" "exit 0 or 1, no crash/timeout" "$got $(head -c 160 "$d/err")" ;;
	esac
	ok=no
	case $expect in
	ingest)
		want="rc=0 stored $nrep/$nrec/$nmsg"
		[ "$RC" = 0 ] && [ "$o" = stored ] && [ "$cnt" = "$nrep/$nrec/$nmsg" ] && ok=yes ;;
	reject)
		want="rc=1 rejected 0 reports"
		[ "$RC" = 1 ] && [ "$o" = rejected ] && [ "${cnt%%/*}" = 0 ] && ok=yes ;;
	skip)
		want="rc=0 not_report 0 reports"
		[ "$RC" = 0 ] && [ "$o" = not_report ] && [ "${cnt%%/*}" = 0 ] && ok=yes ;;
	no-ingest)
		want="rejected|not_report, 0 reports"
		case $o in rejected|not_report) [ "${cnt%%/*}" = 0 ] && ok=yes ;; esac ;;
	duplicate)
		want="duplicate; db holds 1/1/11 after dup-a + dup-b"
		[ "$o" = duplicate ] && [ "$cnt" = 1/1/11 ] && ok=yes ;;
	ingest-or-reject)
		want="stored $nrep/$nrec/$nmsg or rejected 0"
		if [ "$o" = stored ] && [ "$cnt" = "$nrep/$nrec/$nmsg" ] && [ "$RC" = 0 ]; then
			ok=yes
		elif [ "$o" = rejected ] && [ "${cnt%%/*}" = 0 ] && [ "$RC" = 1 ]; then
			ok=yes
		fi ;;
	*)
		want="(unknown expectation $expect)" ;;
	esac
	check_eq "$file: $expect" yes "$ok" > /dev/null || miss "$file" "$want" "$got $(head -c 160 "$d/err")"
	if [ "$o" = rejected ]; then
		check_eq "$file: stderr reason line" 1 \
		    "$(grep -cE '^dmarc-ingest: .*: [a-z0-9-]+: ' "$d/err")" > /dev/null ||
		    miss "$file" "one stderr line 'dmarc-ingest: FILE: reason-id: detail'" "$(head -c 200 "$d/err")"
	fi
	# Nothing of /etc/passwd anywhere: database, stdout, stderr.
	leak=$( { sqlite3 "$db" .dump 2> /dev/null; cat "$d/out" "$d/err"; } | grep -c 'root:x:')
	check_eq "$file: no /etc/passwd bytes" 0 "$leak" > /dev/null ||
	    miss "$file" "no 'root:x:' in db/output" "$leak lines"
	# No file created from a member name next to the input or the cwd.
	extra=$(cd "$d" && find . -type f ! -name "$file" ! -name 'db.sqlite*' ! -name out ! -name err \
	    ! -name rss ! -name '*.lock' | tr '\n' ' ')
	check_eq "$file: no stray files" "" "$extra" > /dev/null ||
	    miss "$file" "no files created" "$extra"
	# Terminal escapes never reach the terminal raw.
	if grep -q $'\033' "$d/out" "$d/err"; then
		check_eq "$file: no raw ESC in output" 0 1 > /dev/null
		miss "$file" "no raw ESC byte on stdout/stderr" "ESC found"
	fi
done < "$EXP"

slip_after=$(stat -c %Y "$SLIP" 2> /dev/null || echo none)
check_eq "no $SLIP created" "$slip_before" "$slip_after" > /dev/null ||
    miss zip-slip.zip "no $SLIP" "created/modified"

# Value checks on some of the stored ones.
hq() { DB=$T/h/$1/db.sqlite q "$2" 2> /dev/null; }
vcheck() { # file what expected actual
	check_eq "$1: $2" "$3" "$4" > /dev/null || miss "$1" "$2 = $3" "$4"
}
vcheck char-refs-cdata.xml org_name 'AT&T ☺ <ok>' "$(hq char-refs-cdata.xml 'SELECT org_name FROM report_summary')"
vcheck char-refs-cdata.xml record "192.0.2.90|4|reject|fail|fail|example.com" \
    "$(hq char-refs-cdata.xml 'SELECT source_ip, message_count, disposition, dkim, spf, header_from FROM record_detail')"
vcheck utf16-bom.xml org_name 'utf16 Ünïcødé.example' "$(hq utf16-bom.xml 'SELECT org_name FROM report_summary')"
vcheck ipv6-odd-forms.xml "per-IP messages" "2001:db8::1=9|::ffff:192.0.2.33=7" \
    "$(hq ipv6-odd-forms.xml "SELECT group_concat(k, '|') FROM (SELECT source_ip || '=' ||
	sum(message_count) AS k FROM record_detail
	WHERE source_ip IN ('2001:db8::1', '::ffff:192.0.2.33')
	GROUP BY source_ip ORDER BY source_ip)")"
vcheck ipv6-odd-forms.xml "distinct IPs" 7 \
    "$(hq ipv6-odd-forms.xml 'SELECT count(DISTINCT source_ip) FROM record_detail')"
vcheck xss-bait.xml org_name '<script>alert("org")</script><img src=x onerror=alert(1)>' \
    "$(hq xss-bait.xml 'SELECT org_name FROM report_summary')"
vcheck sqli-report-id.xml "tables intact" "4" \
    "$(hq sqli-report-id.xml "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND
	name IN ('reports', 'records', 'messages', 'ingest_log')")"
vcheck sqli-report-id.xml report_id "x'); DELETE FROM records WHERE ('1'='1" \
    "$(hq sqli-report-id.xml 'SELECT report_id FROM report_summary')"
d="$T/h/sqli-report-id.xml"
ingest --db "$d/db.sqlite" "$d/sqli-report-id.xml" > "$d/out2" 2> /dev/null
vcheck sqli-report-id.xml "re-ingest adds nothing" "stored=0 duplicates=1 records=2" \
    "$(grep -oE 'stored=[0-9]+ duplicates=[0-9]+' "$d/out2") records=$(hq sqli-report-id.xml 'SELECT count(*) FROM record_detail')"

echo
echo "Peak RSS and wall time per file (never a failure):"
awk -F '\t' '{ printf "  %-26s exit=%-3s rss=%8s KiB  %6ss\n", $1, $2, $3, $4 }' "$STATS"
if [ -s "$MISS" ]; then
	echo
	echo "MISMATCHES ($(wc -l < "$MISS")):"
	{
		printf 'FILE\tEXPECTED\tGOT\n'
		cat "$MISS"
	} | awk -F '\t' '{ printf "%-24s | %-44s | %s\n", $1, $2, $3 }'
fi
finish
