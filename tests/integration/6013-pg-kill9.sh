#!/usr/bin/env bash
# 6013-pg-kill9: kill -9 of ingests on several hosts at once (issue 11).
# Three Maildirs ("hosts": lib.sh hosts_maildirs, as 6003) share half their
# reports (each host its own copy of the mail); host 3 also holds re-sends
# of three of host 1's reports with other content (planted conflicts).
# Rounds: the three dmarc-ingest processes start together against one
# PostgreSQL database (--batch 5: many commits per run) and each is killed
# with SIGKILL at its own random moment; then one clean run per host (the
# three at once).  Then:
#   - every clean run exits 0;
#   - messages table: stored = the unique reports, duplicate = the shared
#     copies, conflict = only the planted ones, one row per message file;
#   - no message lost: every file is in cur/ (none left in new/, none gone);
#   - no report twice: reports = the unique ones, records = theirs, the
#     summary's message total = the sum of the unique reports' counts
#     (dmarc-report summary --format json and the report_summary view);
#   - consistent: report_stats = report_stats_derived, no orphan rows;
#   - a further run per host finds nothing to do.
# DR_SEED=n replays the kill times; DR_ROUNDS=n the rounds (default 10).
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_tool python3 "bench/gen-maildir and the copies"
need_ingest
seed=${DR_SEED:-$(( $(date +%s) % 32768 ))}
ROUNDS=${DR_ROUNDS:-10}
echo "seed=$seed rounds=$ROUNDS"
RANDOM=$seed
S=40 O=40 K=3 NREC=2
U=$((S + 3 * O))
cd "$T" || exit 1
pg_start
db=$(pg_newdb kill9) || { echo "FAIL: no database"; exit 1; }
psqlc() { "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$db" -c "$1"; }

# --- the three hosts' Maildirs (lib.sh) ------------------------------------------
python3 "$DR_SRC/bench/gen-maildir" "$T/pool" $U $NREC > "$T/pool.env"
hosts_maildirs "$T/pool" "$T" $S $O $K
MSGS=$((3 * (S + O) + K))
TOTAL=$(cat "$T/total")
check_eq "generated: host Maildirs" "$((S + O)) $((S + O)) $((S + O + K))" \
    "$(ls "$T/host1/new" | wc -l) $(ls "$T/host2/new" | wc -l) $(ls "$T/host3/new" | wc -l)"
# the schema first, so that the first round's kills land in ingests
mkdir -p "$T/empty/new" "$T/empty/cur" "$T/empty/tmp"
ingest -q --db "$db" "$T/empty"

# --- rounds of kills ---------------------------------------------------------------
run() {	# HOST: one ingest of that host, in the background (pid in $!)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	"$DR_BUILD/dmarc-ingest" --no-progress -q --no-lock-for-tests --batch 5 \
	    --db "$db" "$T/host$1" > /dev/null 2>> "$T/kill.err" &
}
hit=0 span=60 left=$MSGS
for r in $(seq 1 "$ROUNDS"); do
	pids= killers=
	for h in 1 2 3; do
		run $h
		pids="$pids $!"
		# each killed at its own moment, 5 to 5+SPAN ms after its start
		d=$((5 + RANDOM % span))
		( sleep "$((d / 1000)).$(printf '%03d' $((d % 1000)))"; kill -9 $! 2>/dev/null ) &
		killers="$killers $!"
	done
	for p in $pids; do
		wait "$p" 2>/dev/null
		[ $? -eq 137 ] && hit=$((hit + 1))
	done
	# shellcheck disable=SC2086
	wait $killers 2>/dev/null
	now=$(find "$T"/host*/new -type f | wc -l)
	echo "round $r: $now messages left in new/"
	[ "$now" -eq 0 ] && break
	# aim at the middle of what is left: a round that did nothing gets
	# more time, one that did half the work less
	if [ $((left - now)) -lt $((left / (ROUNDS + 1))) ]; then span=$((span + span / 2)); fi
	if [ $((left - now)) -gt $((left / 3)) ]; then span=$((span * 2 / 3 + 5)); fi
	left=$now
done
echo "$hit kills hit a running ingest"
check_eq "some kills hit a running ingest" yes "$([ $hit -ge 3 ] && echo yes)"
if grep -qv -e '^$' "$T/kill.err" 2>/dev/null; then
	echo "stderr of killed runs:"; sort "$T/kill.err" | uniq -c | head
fi

# --- one clean run per host, at once -------------------------------------------------
pids=
for h in 1 2 3; do
	"$DR_BUILD/dmarc-ingest" --no-progress --json --no-lock-for-tests \
	    --db "$db" "$T/host$h" > "$T/out$h" 2> "$T/err$h" &
	pids="$pids $!"
done
codes=
for p in $pids; do wait "$p"; codes="$codes $?"; done
check_eq "clean runs: exit codes" " 0 0 0" "$codes"
for h in 1 2 3; do [ -s "$T/err$h" ] && sed "s/^/host $h: /" "$T/err$h" | head -5; done

check_eq "messages: outcomes" "conflict|$K duplicate|$((2 * S)) stored|$U" \
    "$(psqlc 'SELECT outcome, count(*) FROM messages GROUP BY 1 ORDER BY 1' | paste -sd' ')"
check_eq "messages: one row per file" "$MSGS $MSGS" \
    "$(psqlc 'SELECT count(*), count(DISTINCT source_key) FROM messages' | tr '|' ' ')"
check_eq "files: none in new/, all in cur/" "0 $MSGS" \
    "$(find "$T"/host*/new -type f | wc -l) $(find "$T"/host*/cur -type f | wc -l)"
check_eq "reports: the unique ones" "$U" "$(psqlc 'SELECT count(*) FROM reports')"
check_eq "reports: no identity twice" 0 \
    "$(psqlc 'SELECT count(*) FROM (SELECT org_key, report_id, policy_domain FROM reports GROUP BY 1, 2, 3 HAVING count(*) > 1) d')"
check_eq "conflicts: only the planted ones" "$K" "$(psqlc 'SELECT count(*) FROM conflicts')"
check_eq "records: the unique reports'" "$((U * NREC))" "$(psqlc 'SELECT count(*) FROM records')"
# a planted conflict's two versions race: whichever committed first is
# stored (the re-send counts one message more); the other is the conflict
resent=$(psqlc "SELECT count(*) FROM messages WHERE outcome = 'conflict' AND source_key NOT LIKE '%.resend%'")
TOTAL=$((TOTAL + resent))
check_eq "report_summary: message total" "$TOTAL" "$(psqlc 'SELECT sum(message_count) FROM report_summary')"
report --db "$db" --no-dns --no-asn --since 1990-01-01 --until 2035-12-31 summary --format json > "$T/sum.json"
check_eq "summary: message total" "$TOTAL" \
    "$(json_get "$T/sum.json" 'sum(r["messages"] for r in (j["rows"] if isinstance(j, dict) else j))' 2>&1)"
check_eq "report_stats = report_stats_derived" "0 $U" \
    "$(psqlc 'SELECT (SELECT count(*) FROM (SELECT * FROM report_stats EXCEPT SELECT * FROM report_stats_derived) a)
	+ (SELECT count(*) FROM (SELECT * FROM report_stats_derived EXCEPT SELECT * FROM report_stats) b), count(*) FROM report_stats' | tr '|' ' ')"
check_eq "no orphans" "0|0|0|0" \
    "$(psqlc 'SELECT (SELECT count(*) FROM records WHERE report NOT IN (SELECT id FROM reports)),
	(SELECT count(*) FROM dkim_results WHERE record NOT IN (SELECT id FROM records)),
	(SELECT count(*) FROM spf_results WHERE record NOT IN (SELECT id FROM records)),
	(SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_stats s WHERE s.report = r.id))')"
for h in 1 2 3; do
	ingest --json --no-lock-for-tests --db "$db" "$T/host$h" > "$T/again$h" 2>&1
	check_eq "host $h: a further run finds nothing" "0 0" \
	    "$(json_get "$T/again$h" 'j["messages"], j["stored"]' | tr -d '(),')"
done
finish
