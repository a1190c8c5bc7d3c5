#!/usr/bin/env bash
# Concurrency: three dmarc-ingest runs started together on one Maildir and
# one database give the same result as one run (the lock: one works, the
# others exit 75 at once or find nothing left to do).  Readers -- sqlite3,
# and dmarc-report summary when it is built -- polling the database during a
# long ingest (a 20,000-record report plus 600 messages) are never blocked
# and never see half a report: in every snapshot each report's record_count
# equals its rows in records.  "Blocked" is a poll that waited 4 s or more
# (most of the readers' 5 s busy timeout): the slowest poll is printed as a
# figure, but a loaded CI machine (ASan, valgrind and PostgreSQL tests
# beside this one) makes a poll take a second without any lock, so time
# alone below that never fails the test.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3 "gen-test-maildir.py"

python3 "$DR_SRC/tests/integration/gen-test-maildir.py" $T/ref/Maildir 300 > $T/expect.sh
. $T/expect.sh
cp -a $T/ref/Maildir $T/Maildir
ingest -q --db $T/ref/db.sqlite $T/ref/Maildir > /dev/null 2>&1

# --- three at once --------------------------------------------------------
for i in 1 2 3; do
	"$DR_BUILD/dmarc-ingest" --no-progress --json --db $T/db.sqlite --batch 20 \
	    $T/Maildir > $T/out$i 2> $T/err$i &
	eval "pid$i=$!"
done
codes=""
for i in 1 2 3; do
	eval "wait \$pid$i"; codes="$codes $?"
done
echo "exit codes:$codes"
ok=1
for c in $codes; do
	case $c in 0|1|75) ;; *) ok=0 ;; esac
done
check_eq "each run exits 0, 1 (rejected) or 75 (lock held)" 1 $ok
check_eq "exactly one run did the work" 1 "$(cat $T/out1 $T/out2 $T/out3 | grep -c "\"stored\":$REPORTS,")"
for i in 1 2 3; do
	if grep -q 'locked' $T/err$i; then
		check_grep "run $i says why it stopped" "^dmarc-ingest: locked: another dmarc-ingest is running" $T/err$i
	fi
done
dump() {
	DB=$1 q "SELECT org_name, report_id, digest, record_count, message_count FROM reports ORDER BY 1, 2"
	DB=$1 q "SELECT r.report_id, c.source_ip, c.count FROM records c JOIN reports r ON r.id = c.report ORDER BY 1, 2, 3"
	DB=$1 q "SELECT source_key, outcome, reason, reports, filed_to FROM messages ORDER BY 1"
}
dump $T/ref/db.sqlite > $T/ref.dump
dump $T/db.sqlite > $T/got.dump
DR_CHECKS=$((DR_CHECKS + 1))
if ! cmp -s $T/ref.dump $T/got.dump; then
	echo "FAIL: three runs differ from one:"; diff $T/ref.dump $T/got.dump | head -20
	DR_FAILS=$((DR_FAILS + 1))
fi
check_eq "reports" $REPORTS "$(q 'SELECT count(*) FROM reports')"
check_eq "messages counted" $MESSAGES "$(q 'SELECT sum(message_count) FROM reports')"
check_eq "same files as one run" "$(cd $T/ref/Maildir && find . -type f | sort)" \
    "$(cd $T/Maildir && find . -type f | sort)"

# Three at once with the lock taken by turns: a run that finds the lock
# held exits 75; started one after another, each later one does nothing.
ingest --db $T/db.sqlite $T/Maildir > $T/again 2>&1
check_grep "a fourth run has nothing to do" "messages=0 stored=0" $T/again

# --- a reader during an ingest ----------------------------------------------
python3 "$DR_SRC/tests/integration/gen-test-maildir.py" $T/M2 600 > /dev/null
python3 "$DR_SRC/tests/integration/gen-test-maildir.py" --big $T/big.xml 20000
DB=$T/r.sqlite
ingest -q --db $DB $T/M2/new/000000.M0P1.gen > /dev/null 2>&1  # create the schema
"$DR_BUILD/dmarc-ingest" --no-progress -q --db $DB --batch 50 $T/M2 $T/big.xml \
    > /dev/null 2> $T/ingest.err &
ipid=$!
max=0 polls=0 bad=0 seen_big=0 partial=0 rmax=0 rpolls=0 rbad=0
have_report=0
if [ -x "$DR_BUILD/dmarc-report" ] && "$DR_BUILD/dmarc-report" --db "$DB" --no-dns \
    --since 2025-11-01 --until 2025-11-30 summary > /dev/null 2>&1; then
	have_report=1
fi
reader_sql="BEGIN; SELECT count(*) FROM reports r WHERE record_count != (SELECT count(*) FROM records c WHERE c.report = r.id); SELECT count(*) FROM reports WHERE report_id LIKE 'big-%'; SELECT count(*) FROM reports; COMMIT;"
while kill -0 $ipid 2>/dev/null; do
	t0=$(date +%s%N)
	# Like dmarc-report, the reader waits on a busy database (up to 5 s,
	# so that a block shows as latency, not as an error).
	res=$(sqlite3 -batch -noheader -cmd '.timeout 5000' "$DB" "$reader_sql" 2>&1)
	rc=$?
	dt=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ $dt -gt $max ] && max=$dt
	polls=$((polls + 1))
	set -- $res
	if [ $rc -ne 0 ] || [ $# -ne 3 ]; then
		bad=$((bad + 1)); echo "reader error: $res"
	elif [ "$1" != 0 ]; then
		partial=$((partial + 1)); echo "reader saw half a report: $res"
	fi
	[ "${2:-0}" = 1 ] && seen_big=1
	if [ $have_report = 1 ] && [ $((polls % 3)) = 0 ]; then
		t0=$(date +%s%N)
		"$DR_BUILD/dmarc-report" --db "$DB" --no-dns --since 2025-11-01 \
		    --until 2025-11-30 --format json summary > $T/rep.json 2> $T/rep.err
		rrc=$?
		dt=$(( ($(date +%s%N) - t0) / 1000000 ))
		[ $dt -gt $rmax ] && rmax=$dt
		rpolls=$((rpolls + 1))
		if [ $rrc -ne 0 ]; then
			rbad=$((rbad + 1)); echo "dmarc-report failed ($rrc): $(head -1 $T/rep.err)"
		fi
	fi
done
wait $ipid
irc=$?
echo "reader: $polls sqlite3 polls during the ingest, slowest ${max} ms"
echo "dmarc-report: $rpolls runs during the ingest, slowest ${rmax} ms"
check_eq "ingest with a reader finishes (1: some rejected)" 1 $irc
DR_CHECKS=$((DR_CHECKS + 1))
if [ $polls -lt 5 ]; then echo "FAIL: only $polls polls"; DR_FAILS=$((DR_FAILS + 1)); fi
check_eq "reader never failed (busy, locked)" 0 $bad
check_eq "reader never saw half a report" 0 $partial
DR_CHECKS=$((DR_CHECKS + 1))
if [ $max -ge 4000 ]; then echo "FAIL: reader blocked ${max} ms"; DR_FAILS=$((DR_FAILS + 1)); fi
if [ $have_report = 1 ]; then
	check_eq "dmarc-report never failed during the ingest" 0 $rbad
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ $rpolls -lt 2 ]; then echo "FAIL: dmarc-report ran only $rpolls times"; DR_FAILS=$((DR_FAILS + 1)); fi
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ $rmax -ge 4000 ]; then echo "FAIL: dmarc-report blocked ${rmax} ms"; DR_FAILS=$((DR_FAILS + 1)); fi
else
	echo "note: dmarc-report not usable here: sqlite3 only"
fi
check_eq "the big report is complete" 20000 "$(q "SELECT count(*) FROM records c JOIN reports r ON r.id = c.report WHERE r.report_id = 'big-20000'")"
finish
