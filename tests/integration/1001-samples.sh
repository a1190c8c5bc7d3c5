#!/usr/bin/env bash
# The sample Maildir (samples/maildir, see samples/README.md): ingest a copy
# and check the exact totals of samples/EXPECTED.tsv and the per-file
# outcomes and filing of samples/MESSAGES.tsv; then run again and check that
# nothing is done twice.
set -u
. "$(dirname "$0")/lib.sh"
dr_need_binary
dr_tmpdir

S="$DR_SRC/samples"
E="$S/EXPECTED.tsv"
M="$S/MESSAGES.tsv"
md="$DR_TMP/Maildir"
db="$DR_TMP/samples.sqlite"
dr_copy_maildir "$S/maildir" "$md"
ex() { dr_expect "$E" "$1" || echo "?missing-key:$1"; }
q() { dr_sql "$db" "$1"; }

# --- first run -----------------------------------------------------------
dr_ingest --db "$db" "$md" > "$DR_TMP/out" 2> "$DR_TMP/err"
rc=$?
dr_check "exit status (1: one message rejected)" "$(ex exit)" "$rc"
want="messages=$(ex summary.messages) stored=$(ex summary.stored)"
want="$want duplicates=$(ex summary.duplicates) conflicts=$(ex summary.conflicts)"
want="$want records=$(ex summary.records) not_report=$(ex summary.not_report)"
want="$want rejected=$(ex summary.rejected) seconds="
dr_check_grep "summary line" "^dmarc-ingest: $want" "$DR_TMP/out"
dr_check "one stdout line" 1 "$(wc -l < "$DR_TMP/out")"

# Exactly one stderr line, for the rejected message, with its reason id.
rej=$(ex rejected.file)
dr_check_grep "stderr names the rejected message and reason" \
    "^dmarc-ingest: [^ ]*${rej//./\\.}[^:]*: $(ex rejected.reason): ." "$DR_TMP/err"
dr_check "stderr has one line" 1 "$(grep -c . "$DR_TMP/err")"

# Totals in the public views.
dr_check "reports/records/messages" \
    "$(ex reports)|$(ex records)|$(ex message_count)" \
    "$(q 'SELECT count(*), sum(record_count), sum(message_count) FROM report_summary')"
dr_check "record_detail agrees" "$(ex records)|$(ex message_count)" \
    "$(q 'SELECT count(*), sum(message_count) FROM record_detail')"
dr_check "record_count matches the records" 0 \
    "$(q 'SELECT count(*) FROM reports r WHERE r.record_count <>
	(SELECT count(*) FROM records c WHERE c.report = r.id)
	OR r.message_count <> (SELECT coalesce(sum(count), 0) FROM records c WHERE c.report = r.id)')"
for d in $(awk -F '\t' '$1 ~ /^domain\..*\.reports$/ {
    sub(/^domain\./, "", $1); sub(/\.reports$/, "", $1); print $1 }' "$E"); do
	dr_check "domain $d" \
	    "$(ex "domain.$d.reports")|$(ex "domain.$d.records")|$(ex "domain.$d.messages")" \
	    "$(q "SELECT count(*), sum(record_count), sum(message_count)
		FROM report_summary WHERE policy_domain = '$d'")"
done
dr_check "no other policy domain" \
    "$(awk -F '\t' '$1 ~ /^domain\..*\.reports$/' "$E" | wc -l)" \
    "$(q 'SELECT count(DISTINCT policy_domain) FROM report_summary')"
for disp in none pass quarantine reject; do
	dr_check "messages with disposition $disp" "$(ex "disposition.$disp")" \
	    "$(q "SELECT coalesce(sum(message_count), 0) FROM record_detail
		WHERE disposition = '$disp'")"
done
for r in pass fail; do
	dr_check "DMARC $r messages" "$(ex "dmarc.$r")" \
	    "$(q "SELECT coalesce(sum(message_count), 0) FROM record_detail WHERE dmarc = '$r'")"
done
dr_check "IPv6 records" "$(ex ipv6_records)" \
    "$(q "SELECT count(*) FROM record_detail WHERE source_ip LIKE '%:%'")"
dr_check "IPv6 stored in inet_ntop form" 1 \
    "$(q "SELECT count(*) FROM record_detail WHERE source_ip = '2001:db8::25'")"
for s in dmarc-2.0 rfc7489; do
	dr_check "schema $s" "$(ex "schema.$s")" \
	    "$(q "SELECT count(*) FROM report_summary WHERE schema = '$s'")"
done
dr_check "reporters" "$(ex orgs)" \
    "$(q "SELECT group_concat(org_name, '|') FROM
	(SELECT org_name FROM report_summary ORDER BY org_name)")"
dr_check "conflicts table" "$(ex conflicts_table)" "$(q 'SELECT count(*) FROM conflicts')"
dr_check "kept Mail.Ru report has the first count (12, not 13)" 12 \
    "$(q "SELECT message_count FROM report_summary WHERE org_name = 'Mail.Ru'")"

# The ingest log: one messages row per file, with the outcome of MESSAGES.tsv.
for o in stored duplicate conflict not_report rejected; do
	dr_check "messages with outcome $o" "$(ex "outcome.$o")" \
	    "$(q "SELECT count(*) FROM messages WHERE outcome = '$o'")"
done
dr_check "one messages row per file" "$(ex files)" "$(q 'SELECT count(*) FROM messages')"
while IFS=$'\t' read -r sub file outcome reason nrep nrec nmsg filed; do
	case $sub in '#'*) continue ;; esac
	key=${file%%:2,*}
	got=$(q "SELECT outcome || ' ' || reports FROM messages WHERE source_key = '$key'")
	dr_check "outcome of $file" "$outcome $nrep" "$got"
	if [ "$outcome" = rejected ] || [ "$outcome" = not_report ]; then
		dr_check "reason of $file" "$reason" \
		    "$(q "SELECT reason FROM messages WHERE source_key = '$key'")"
	fi
	case $filed in
	.Quarantine/*)
		n=$(ls "$md/.Quarantine/new" "$md/.Quarantine/cur" 2>/dev/null |
		    grep -c "^${key//./\\.}")
		dr_check "$file quarantined in .Quarantine/{new,cur}" 1 "$n" ;;
	*)
		dr_check "$file filed as $filed" yes \
		    "$([ -f "$md/$filed" ] && echo yes || echo "no ($(cd "$md" && ls new cur | tr '\n' ' '))")" ;;
	esac
done < "$M"
dr_check "new/ holds only the non-report" "$(ex not_report.file)" "$(ls "$md/new")"
dr_check "cur/ holds every stored/duplicate/conflict message" \
    "$(( $(ex outcome.stored) + $(ex outcome.duplicate) + $(ex outcome.conflict) ))" \
    "$(ls "$md/cur" | grep -c ':2,[A-Za-z]*S')"
dr_check "tmp/ untouched" "" "$(ls "$md/tmp")"
dr_check "nothing lost: files in the Maildir" "$(ex files)" \
    "$(find "$md" -type f ! -name maildirfolder ! -name '.gitkeep' | wc -l)"

# --- second run: no work twice ------------------------------------------------
before=$(q 'SELECT count(*), sum(record_count), sum(message_count) FROM report_summary')
nmsg=$(q 'SELECT count(*) FROM messages')
dr_ingest --db "$db" "$md" > "$DR_TMP/out2" 2> "$DR_TMP/err2"
dr_check "second run exit" 0 $?
dr_check_grep "second run does nothing" \
    "^dmarc-ingest: messages=0 stored=0 duplicates=0 conflicts=0 records=0 not_report=0 rejected=0" \
    "$DR_TMP/out2"
dr_check "second run is silent on stderr" "" "$(cat "$DR_TMP/err2")"
dr_check "totals unchanged" "$before" \
    "$(q 'SELECT count(*), sum(record_count), sum(message_count) FROM report_summary')"
dr_check "no new messages rows" "$nmsg" "$(q 'SELECT count(*) FROM messages')"
dr_check "non-report still in new/" "$(ex not_report.file)" "$(ls "$md/new")"

# --- --json and -q on a fresh database ------------------------------------------
md2="$DR_TMP/Maildir2"
dr_copy_maildir "$S/maildir" "$md2"
dr_ingest --db "$DR_TMP/j.sqlite" --json "$md2" > "$DR_TMP/json" 2> /dev/null
jw="{\"messages\":$(ex summary.messages),\"stored\":$(ex summary.stored),"
jw="$jw\"duplicates\":$(ex summary.duplicates),\"conflicts\":$(ex summary.conflicts),"
jw="$jw\"records\":$(ex summary.records),\"not_report\":$(ex summary.not_report),"
jw="$jw\"rejected\":$(ex summary.rejected),"
dr_check_grep "--json summary" "^${jw//\{/\\\{}" "$DR_TMP/json"
if command -v python3 > /dev/null; then
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$DR_TMP/json" 2> /dev/null
	dr_check "--json output is valid JSON" 0 $?
fi
dr_copy_maildir "$S/maildir" "$DR_TMP/Maildir3"
rm -f "$DR_TMP/Maildir3/new/$(ex rejected.file)"
dr_ingest --db "$DR_TMP/q.sqlite" -q "$DR_TMP/Maildir3" > "$DR_TMP/qout" 2>&1
dr_check "-q exit without the broken one" 0 $?
dr_check "-q prints nothing on success" "" "$(cat "$DR_TMP/qout")"
dr_finish
