#!/usr/bin/env bash
# The sample Maildir (samples/maildir, see samples/README.md): ingest a copy
# and check the exact totals of samples/EXPECTED.tsv and the per-file
# outcomes and filing of samples/MESSAGES.tsv; then run again and check that
# nothing is done twice.
set -u
. "$(dirname "$0")/lib.sh"
need_ingest
need_tool sqlite3

S="$DR_SRC/samples"
E="$S/EXPECTED.tsv"
M="$S/MESSAGES.tsv"
md="$T/Maildir"
db="$T/samples.sqlite"
copy_maildir "$S/maildir" "$md"
ex() { tsv_get "$E" "$1" || echo "?missing-key:$1"; }
DB=$db				# for q

# --- first run -----------------------------------------------------------
ingest --db "$db" "$md" > "$T/out" 2> "$T/err"
rc=$?
check_eq "exit status (1: one message rejected)" "$(ex exit)" "$rc"
want="messages=$(ex summary.messages) stored=$(ex summary.stored)"
want="$want duplicates=$(ex summary.duplicates) conflicts=$(ex summary.conflicts)"
want="$want records=$(ex summary.records) not_report=$(ex summary.not_report)"
want="$want rejected=$(ex summary.rejected) seconds="
check_grep "summary line" "^dmarc-ingest: $want" "$T/out"
check_eq "one stdout line" 1 "$(wc -l < "$T/out")"

# Exactly one stderr line, for the rejected message, with its reason id.
rej=$(ex rejected.file)
check_grep "stderr names the rejected message and reason" \
    "^dmarc-ingest: [^ ]*${rej//./\\.}[^:]*: $(ex rejected.reason): ." "$T/err"
check_eq "stderr has one line" 1 "$(grep -c . "$T/err")"

# Totals in the public views.
check_eq "reports/records/messages" \
    "$(ex reports)|$(ex records)|$(ex message_count)" \
    "$(q 'SELECT count(*), sum(record_count), sum(message_count) FROM report_summary')"
check_eq "record_detail agrees" "$(ex records)|$(ex message_count)" \
    "$(q 'SELECT count(*), sum(message_count) FROM record_detail')"
check_eq "record_count matches the records" 0 \
    "$(q 'SELECT count(*) FROM reports r WHERE r.record_count <>
	(SELECT count(*) FROM records c WHERE c.report = r.id)
	OR r.message_count <> (SELECT coalesce(sum(count), 0) FROM records c WHERE c.report = r.id)')"
for d in $(awk -F '\t' '$1 ~ /^domain\..*\.reports$/ {
    sub(/^domain\./, "", $1); sub(/\.reports$/, "", $1); print $1 }' "$E"); do
	check_eq "domain $d" \
	    "$(ex "domain.$d.reports")|$(ex "domain.$d.records")|$(ex "domain.$d.messages")" \
	    "$(q "SELECT count(*), sum(record_count), sum(message_count)
		FROM report_summary WHERE policy_domain = '$d'")"
done
check_eq "no other policy domain" \
    "$(awk -F '\t' '$1 ~ /^domain\..*\.reports$/' "$E" | wc -l)" \
    "$(q 'SELECT count(DISTINCT policy_domain) FROM report_summary')"
for disp in none pass quarantine reject; do
	check_eq "messages with disposition $disp" "$(ex "disposition.$disp")" \
	    "$(q "SELECT coalesce(sum(message_count), 0) FROM record_detail
		WHERE disposition = '$disp'")"
done
for r in pass fail; do
	check_eq "DMARC $r messages" "$(ex "dmarc.$r")" \
	    "$(q "SELECT coalesce(sum(message_count), 0) FROM record_detail WHERE dmarc = '$r'")"
done
check_eq "IPv6 records" "$(ex ipv6_records)" \
    "$(q "SELECT count(*) FROM record_detail WHERE source_ip LIKE '%:%'")"
check_eq "IPv6 stored in inet_ntop form" 1 \
    "$(q "SELECT count(*) FROM record_detail WHERE source_ip = '2001:db8::25'")"
for s in dmarc-2.0 rfc7489; do
	check_eq "schema $s" "$(ex "schema.$s")" \
	    "$(q "SELECT count(*) FROM report_summary WHERE schema = '$s'")"
done
check_eq "reporters" "$(ex orgs)" \
    "$(q "SELECT group_concat(org_name, '|') FROM
	(SELECT org_name FROM report_summary ORDER BY org_name)")"
check_eq "conflicts table" "$(ex conflicts_table)" "$(q 'SELECT count(*) FROM conflicts')"
check_eq "kept Mail.Ru report has the first count (12, not 13)" 12 \
    "$(q "SELECT message_count FROM report_summary WHERE org_name = 'Mail.Ru'")"

# The ingest log: one messages row per file, with the outcome of MESSAGES.tsv.
for o in stored duplicate conflict not_report rejected; do
	check_eq "messages with outcome $o" "$(ex "outcome.$o")" \
	    "$(q "SELECT count(*) FROM messages WHERE outcome = '$o'")"
done
check_eq "one messages row per file" "$(ex files)" "$(q 'SELECT count(*) FROM messages')"
while IFS=$'\t' read -r sub file outcome reason nrep nrec nmsg filed; do
	case $sub in '#'*) continue ;; esac
	key=${file%%:2,*}
	got=$(q "SELECT outcome || ' ' || reports FROM messages WHERE source_key = '$key'")
	check_eq "outcome of $file" "$outcome $nrep" "$got"
	if [ "$outcome" = rejected ] || [ "$outcome" = not_report ]; then
		check_eq "reason of $file" "$reason" \
		    "$(q "SELECT reason FROM messages WHERE source_key = '$key'")"
	fi
	case $filed in
	.Quarantine/*)
		n=$(ls "$md/.Quarantine/new" "$md/.Quarantine/cur" 2>/dev/null |
		    grep -c "^${key//./\\.}")
		check_eq "$file quarantined in .Quarantine/{new,cur}" 1 "$n" ;;
	*)
		check_eq "$file filed as $filed" yes \
		    "$([ -f "$md/$filed" ] && echo yes || echo "no ($(cd "$md" && ls new cur | tr '\n' ' '))")" ;;
	esac
done < "$M"
check_eq "new/ holds only the non-report" "$(ex not_report.file)" "$(ls "$md/new")"
check_eq "cur/ holds every stored/duplicate/conflict message" \
    "$(( $(ex outcome.stored) + $(ex outcome.duplicate) + $(ex outcome.conflict) ))" \
    "$(ls "$md/cur" | grep -c ':2,[A-Za-z]*S')"
check_eq "tmp/ untouched" "" "$(ls "$md/tmp")"
check_eq "nothing lost: files in the Maildir" "$(ex files)" \
    "$(find "$md" -type f ! -name maildirfolder ! -name '.gitkeep' | wc -l)"

# --- second run: no work twice ------------------------------------------------
before=$(q 'SELECT count(*), sum(record_count), sum(message_count) FROM report_summary')
nmsg=$(q 'SELECT count(*) FROM messages')
ingest --db "$db" "$md" > "$T/out2" 2> "$T/err2"
check_eq "second run exit" 0 $?
check_grep "second run does nothing" \
    "^dmarc-ingest: messages=0 stored=0 duplicates=0 conflicts=0 records=0 not_report=0 rejected=0" \
    "$T/out2"
check_eq "second run is silent on stderr" "" "$(cat "$T/err2")"
check_eq "totals unchanged" "$before" \
    "$(q 'SELECT count(*), sum(record_count), sum(message_count) FROM report_summary')"
check_eq "no new messages rows" "$nmsg" "$(q 'SELECT count(*) FROM messages')"
check_eq "non-report still in new/" "$(ex not_report.file)" "$(ls "$md/new")"

# --- --json and -q on a fresh database ------------------------------------------
md2="$T/Maildir2"
copy_maildir "$S/maildir" "$md2"
ingest --db "$T/j.sqlite" --json "$md2" > "$T/json" 2> /dev/null
jw="{\"messages\":$(ex summary.messages),\"stored\":$(ex summary.stored),"
jw="$jw\"duplicates\":$(ex summary.duplicates),\"conflicts\":$(ex summary.conflicts),"
jw="$jw\"records\":$(ex summary.records),\"not_report\":$(ex summary.not_report),"
jw="$jw\"rejected\":$(ex summary.rejected),"
check_grep "--json summary" "^${jw//\{/\\\{}" "$T/json"
if command -v python3 > /dev/null; then
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/json" 2> /dev/null
	check_eq "--json output is valid JSON" 0 $?
else
	skip_part_or_fail "python3 missing: --json validity"
fi
copy_maildir "$S/maildir" "$T/Maildir3"
rm -f "$T/Maildir3/new/$(ex rejected.file)"
ingest --db "$T/q.sqlite" -q "$T/Maildir3" > "$T/qout" 2>&1
check_eq "-q exit without the broken one" 0 $?
check_eq "-q prints nothing on success" "" "$(cat "$T/qout")"
finish
