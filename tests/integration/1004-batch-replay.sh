#!/usr/bin/env bash
# Batches run without a savepoint per message until a message must be
# undone alone; the batch is then rolled back and replayed with
# savepoints.  The database and the counts must be exactly those of a run
# that used savepoints throughout (-v forces them), for each case that
# needs the replay: a rejected message in the middle of a batch, and a
# duplicate or conflict whose identity comes after its records (its
# records were written before it was known).
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3
x=$DR_SRC/tests/data/xml/minimal.xml
in=$T/in; mkdir -p $in
late_identity_xml $in/01-a.xml late-1 5
cp $x $in/02-b.xml
late_identity_xml $in/03-dup.xml late-1 5		# duplicate, identity after its records
sed 's/min-1/min-2/' $x > $in/04-c.xml
late_identity_xml $in/05-conflict.xml late-1 6		# conflict, identity after its records
sed 's/min-1/min-3/' $x > $in/06-d.xml
printf '<feedback><report_metadata>' > $in/07-broken.xml	# rejected
sed 's/min-1/min-4/' $x > $in/08-e.xml
sed 's/min-1/min-5/' $x > $in/09-f.xml
dump() {	# the data, without times and file paths
	sqlite3 -batch "$1" "SELECT org_name, report_id, record_count, message_count, digest FROM reports ORDER BY report_id;
	    SELECT r.report_id, c.source_ip, c.count FROM records c JOIN reports r ON r.id = c.report ORDER BY 1, 2;
	    SELECT count(*) FROM dkim_results; SELECT count(*) FROM spf_results;
	    SELECT r.report_id, s.records, s.messages FROM report_stats s JOIN reports r ON r.id = s.report ORDER BY 1;
	    SELECT domain, selector FROM report_selectors ORDER BY 1, 2;
	    SELECT substr(source_key, length(source_key) - 10), outcome, coalesce(reason, ''), reports FROM messages ORDER BY id;
	    SELECT outcome, coalesce(reason, ''), coalesce(report_id, '') FROM ingest_log ORDER BY id;
	    SELECT count(*) FROM conflicts;"
}
ingest --json --db $T/fast.sqlite $in/*.xml > $T/fast.json 2> $T/fast.err
check_eq "exit (one rejected)" 1 $?
ingest -v --json --db $T/safe.sqlite $in/*.xml > $T/safe.json 2> $T/safe.err
check_eq "exit -v" 1 $?
check_eq "batches replayed" 1 "$(json_get() { python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])['batches_replayed'])" "$1"; }; json_get $T/fast.json)"
check_eq "counts" "stored=6 duplicates=1 conflicts=1 rejected=1" \
    "$(python3 -c "import json,sys; j=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print('stored=%(stored)d duplicates=%(duplicates)d conflicts=%(conflicts)d rejected=%(rejected)d' % j)" $T/fast.json)"
check_eq "one line per rejection" 1 "$(grep -c 'xml-' $T/fast.err)"
dump $T/fast.sqlite > $T/fast.dump
dump $T/safe.sqlite > $T/safe.dump
check_eq "same database as with savepoints" "" "$(diff $T/safe.dump $T/fast.dump)"
check_eq "late-1 stored once" "5" "$(sqlite3 $T/fast.sqlite "SELECT message_count FROM reports WHERE report_id = 'late-1'")"
check_eq "no stray records" "6" "$(sqlite3 $T/fast.sqlite "SELECT count(*) FROM records")"
check_eq "message outcomes" "stored stored duplicate stored conflict stored rejected stored stored" \
    "$(sqlite3 $T/fast.sqlite "SELECT group_concat(outcome, ' ') FROM (SELECT outcome FROM messages ORDER BY id)")"
# the same with batches of 2: each of the three batches holding one of
# those messages replays (the duplicate, the conflict, the rejection);
# the batch after a rejection starts with savepoints and does not
ingest --json --batch 2 --db $T/b2.sqlite $in/*.xml > $T/b2.json 2>/dev/null
dump $T/b2.sqlite > $T/b2.dump
check_eq "batch 2: same database" "" "$(diff $T/safe.dump $T/b2.dump)"
check_eq "batch 2: replays" 3 "$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])['batches_replayed'])" $T/b2.json)"
# standard input cannot be read twice: a run that reads it never replays
ingest --json --db $T/stdin.sqlite - $in/07-broken.xml < $in/06-d.xml > $T/stdin.json 2>/dev/null
check_eq "stdin after a rejection: stored" "stored=1 rejected=1 replayed=0" \
    "$(python3 -c "import json,sys; j=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print('stored=%(stored)d rejected=%(rejected)d replayed=%(batches_replayed)d' % j)" $T/stdin.json)"
check_eq "stdin report kept" "min-3" "$(sqlite3 $T/stdin.sqlite "SELECT report_id FROM reports")"
# nor a named pipe
mkfifo $T/fifo
cat $in/08-e.xml > $T/fifo &
ingest --json --db $T/fifo.sqlite $T/fifo $in/07-broken.xml > $T/fifo.json 2>/dev/null
wait
check_eq "fifo report kept" "min-4" "$(sqlite3 $T/fifo.sqlite "SELECT report_id FROM reports")"
finish
