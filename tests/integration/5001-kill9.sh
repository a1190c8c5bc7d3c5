#!/usr/bin/env bash
# Crash safety: dmarc-ingest is killed with SIGKILL at 50 random moments while
# it ingests a generated Maildir (300 messages: reports in gzip and zip,
# messages with two reports, re-deliveries, broken attachments, plain mails),
# then run to completion.  The database must then hold exactly the expected
# reports, records and messages -- nothing lost, nothing twice, the same as
# one uninterrupted run -- and every message file must be in exactly one
# place that matches its outcome (new/, cur/ or the quarantine).
# DR_SEED=n replays a sequence of kill times; DR_KILLS=n changes the count.
# The kills are counted only when they hit an ingest with work left; when
# the Maildir drains first (a loaded machine wakes this shell late and a run
# finishes what it should have died in), a further episode starts on fresh
# copies and is checked the same way, until the count is reached (at most
# four episodes; fewer hits than half the count is a failure).
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3 "gen-test-maildir.py"

seed=${DR_SEED:-$(( $(date +%s) % 32768 ))}
kills=${DR_KILLS:-50}
echo "seed=$seed kills=$kills"
RANDOM=$seed
eval "$(python3 "$DR_SRC/tests/integration/gen-test-maildir.py" $T/ref/Maildir 300)"
cp -a $T/ref/Maildir $T/pristine

# The reference: one uninterrupted run on an identical copy.
ingest -q --db $T/ref/db.sqlite --batch 5 $T/ref/Maildir > /dev/null 2>&1
rc=$?
check_eq "reference run finishes (1: some rejected)" 1 $rc

# Spread the kills over the whole ingest.  Timing a process is too noisy
# to aim by the clock alone, so the delay is steered by progress: after
# each round the files that left new/ are counted against the share of the
# remaining work this round should have done (what is left / rounds to
# come), and the centre of the delay moves down when a round did too much
# and up when it did too little.  Each delay is random around that centre
# (half to one and a half times it); one round in five dies at a random
# moment before the centre, often in its start-up (schema creation, WAL
# recovery, listing).  So the rounds die in every phase of a batch (parse,
# savepoints, COMMIT, the moves after it) and walk through the Maildir.
# Leak checking is off in the killed runs: LeakSanitizer's exit scan would
# only add noise.
s0=100000
cp -a $T/pristine $T/tm
ingest -q --db $T/timing.sqlite --batch 5 $T/tm > /dev/null 2>&1
for i in 1 2 3; do	# the fastest of three runs with nothing to do
	t1=$(date +%s%N)
	ingest -q --db $T/timing.sqlite --batch 5 $T/tm > /dev/null 2>&1
	t2=$(( ($(date +%s%N) - t1) / 1000000 ))
	[ $t2 -lt $s0 ] && s0=$t2
done
centre=$(( s0 + 2 ))
echo "a run with nothing to do takes ${s0} ms"

# A sleep without fork: read with a timeout on a FIFO nobody writes to
# (a forked sleep or awk would add 10-20 ms, a whole batch, to each delay).
mkfifo $T/never
exec 7<> $T/never
msleep() { local t; printf -v t '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); read -r -t $t -u 7 _; }
# One episode: fresh copies of the Maildir, kills until the Maildir drains
# or the count is reached, a run to completion, then every check.
cp $T/ref/Maildir.expect $T/Maildir.expect
: > $T/kill.err
episode() {
	local ep=$1
	rm -rf $T/Maildir $T/db.sqlite $T/db.sqlite-wal $T/db.sqlite-shm
	cp -a $T/pristine $T/Maildir
	hit=0 busy=0 i=0
	while [ $((busy_all + busy)) -lt $kills ] && [ $i -lt $((kills * 4)) ]; do
		i=$((i + 1))
		left=$(( $(ls $T/Maildir/new | wc -l) - NOTREPORT_FILES ))
		[ $left -gt 0 ] || break
		if [ $((RANDOM % 5)) -eq 0 ]; then
			d=$(( RANDOM % (centre / 2 + 1) ))
		else
			d=$(( centre / 2 + RANDOM % (centre + 1) ))
		fi
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		"$DR_BUILD/dmarc-ingest" --no-progress -q --db $T/db.sqlite --batch 5 \
		    $T/Maildir > /dev/null 2>> $T/kill.err &
		pid=$!
		msleep $d
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		st=$?
		[ $st -eq 137 ] && hit=$((hit + 1))	# died of the SIGKILL
		now=$(( $(ls $T/Maildir/new | wc -l) - NOTREPORT_FILES ))
		[ $st -eq 137 ] && [ $left -gt 0 ] && busy=$((busy + 1))
		want=$(( left / (kills - busy_all - busy + 1) ))
		[ $want -lt 1 ] && want=1
		if [ $((left - now)) -gt $want ]; then
			centre=$(( centre - centre / 8 - 1 ))
		elif [ $((left - now)) -lt $want ]; then
			centre=$(( centre + centre / 16 + 1 ))
		fi
		[ $centre -lt 2 ] && centre=2
		[ -n "${DR_KILL_TRACE:-}" ] &&
		    echo "round $i: left $left -> $now (want -$want), delay $d ms, status $st, next centre $centre"
	done
	echo "episode $ep: $hit kills hit a running ingest, $busy with work left;" \
	    "$(( $(ls $T/Maildir/new | wc -l) - NOTREPORT_FILES )) messages left for the final run"
	busy_all=$((busy_all + busy))
	if grep -v -e ': gzip-corrupt:' -e '^dmarc-ingest: messages=' $T/kill.err | grep -q .; then
		echo "stderr of killed runs (other than the broken messages):"
		grep -v -e ': gzip-corrupt:' $T/kill.err | sort | uniq -c | head
	fi

	# Run to completion.
	ingest -q --db $T/db.sqlite --batch 5 $T/Maildir > $T/out 2> $T/err
	rc=$?
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "FAIL: final run exit $rc"; cat $T/err; DR_FAILS=$((DR_FAILS + 1))
	fi
	ingest --db $T/db.sqlite --batch 5 $T/Maildir > $T/out2 2>&1
	check_grep "a further run finds nothing to do" "messages=0 stored=0 duplicates=0" $T/out2

	check_eq "integrity" ok "$(q 'PRAGMA integrity_check')"
	check_eq "reports" $REPORTS "$(q 'SELECT count(*) FROM report_summary')"
	check_eq "records (rows)" $RECORDS "$(q 'SELECT count(*) FROM records')"
	check_eq "records (totals)" $RECORDS "$(q 'SELECT sum(record_count) FROM report_summary')"
	check_eq "messages counted" $MESSAGES "$(q 'SELECT sum(message_count) FROM report_summary')"
	check_eq "one messages row per file" "$FILES $FILES" \
	    "$(q "SELECT count(*) || ' ' || count(DISTINCT source_key) FROM messages")"
	check_eq "no report row twice" 0 \
	    "$(q 'SELECT count(*) FROM (SELECT org_key, report_id FROM reports GROUP BY 1, 2 HAVING count(*) > 1)')"
	check_eq "every record belongs to a report" 0 \
	    "$(q 'SELECT count(*) FROM records WHERE report NOT IN (SELECT id FROM reports)')"

	# Same content as the uninterrupted run (ids and times aside).
	dump() {
		DB=$1 q "SELECT org_name, report_id, digest, record_count, message_count FROM reports ORDER BY 1, 2"
		DB=$1 q "SELECT r.report_id, c.source_ip, c.count FROM records c JOIN reports r ON r.id = c.report ORDER BY 1, 2, 3"
		DB=$1 q "SELECT source_key, outcome, reason, reports, filed_to FROM messages ORDER BY 1"
	}
	dump $T/ref/db.sqlite > $T/ref.dump
	dump $T/db.sqlite > $T/got.dump
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! cmp -s $T/ref.dump $T/got.dump; then
		echo "FAIL: database differs from an uninterrupted run:"
		diff $T/ref.dump $T/got.dump | head -20
		DR_FAILS=$((DR_FAILS + 1))
	fi

	# Outcome per message as the generator planned it.
	q "SELECT source_key || ' ' || CASE outcome WHEN 'conflict' THEN 'duplicate' ELSE outcome END FROM messages ORDER BY 1" > $T/outcomes
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! diff -q <(sort $T/Maildir.expect) $T/outcomes > /dev/null; then
		echo "FAIL: outcomes differ from the plan:"; diff <(sort $T/Maildir.expect) $T/outcomes | head
		DR_FAILS=$((DR_FAILS + 1))
	fi

	# Every file in exactly one place, and the right one.
	md=$T/Maildir
	{
		for f in $md/new/*; do [ -e "$f" ] && echo "$(basename "$f") new"; done
		for f in $md/cur/*; do [ -e "$f" ] && echo "$(basename "$f") cur"; done
		for f in $md/.Quarantine/new/* $md/.Quarantine/cur/*; do
			[ -e "$f" ] && echo "$(basename "$f") quarantine"; done
	} | sort > $T/places
	check_eq "files in all places" $FILES "$(wc -l < $T/places)"
	check_eq "no file in two places" $FILES "$(sed 's/:2,.*//; s/ .*//' $T/places | sort -u | wc -l)"
	sed 's/ stored$/ cur/; s/ duplicate$/ cur/; s/ rejected$/ quarantine/; s/ not_report$/ new/' \
	    $T/Maildir.expect | sort > $T/want-places
	sed 's/:2,S / /' $T/places > $T/got-places
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! cmp -s $T/want-places $T/got-places; then
		echo "FAIL: files not where their outcome says:"; diff $T/want-places $T/got-places | head
		DR_FAILS=$((DR_FAILS + 1))
	fi
	check_eq "stored files carry the S flag" $((STORED_FILES + DUP_FILES)) \
	    "$(ls $md/cur | grep -c ':2,S$')"
	check_eq "tmp/ empty" "" "$(ls -A $md/tmp)"
	check_eq "same files as the reference run" "$(cd $T/ref/Maildir && find . -type f | sort)" \
	    "$(cd $md && find . -type f | sort)"
}
busy_all=0
for ep in 1 2 3 4; do
	episode $ep
	[ $busy_all -ge $kills ] && break
done
echo "$busy_all kills hit an ingest with work left in $ep episode(s)"
DR_CHECKS=$((DR_CHECKS + 1))
if [ $busy_all -lt $((kills / 2)) ]; then
	echo "FAIL: only $busy_all kills hit an ingest with work left"; DR_FAILS=$((DR_FAILS + 1))
fi
finish
