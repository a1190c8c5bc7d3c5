#!/usr/bin/env bash
# Issue 11: every dmarc-report command works against a read-only hot
# standby.  samples/maildir is ingested into the primary; after the standby
# has replayed it, each command -- summary, failures, sources, reports (and
# --rejected), readiness (and --inventory), every named query, html (page
# and --mail), alerts --all, check -- gives the same output and the same
# exit status against the standby as against the primary, in every format.
# check (which stores its results) runs on the standby first, then on the
# primary (both see the state before either wrote), and again after the
# standby caught up with the primary's writes.  The stateful alerts (no
# --all) answers on the standby as on the primary (both read the state the
# primary saved), with one note that the standby keeps no state; with
# --write-db PRIMARY it keeps the alert state and check results there.
#
# ASSUMED about the CLI (adjust here when pg-core differs):
#  A1 --db takes a conninfo string (lead's decision 1); the standby is
#     reached with PG_STANDBY_CONNINFO (same role, database, password file).
#  A2 On a standby (pg_is_in_recovery) dmarc-report keeps no cache or
#     state (ptr/dns/asn caches, dns_checks): the output is the same, and
#     stderr may carry extra lines that say "read-only" (pg-core's notes);
#     those are dropped before comparing stderr.  The stateful `alerts`
#     (no --all) cannot keep its state there: it answers as on the
#     primary (same exit, same output) and says on stderr that the alert
#     state is not kept.
#  A3 The --db value itself appears in no normal output; where it does
#     (an error), both values are replaced by DB before comparing.
#  A4 check with an unreachable resolver (a closed loopback port, 100 ms,
#     one try) answers "could not check", exit 69, the same on both.
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_ingest
cd "$T"   # the code before the PG backend takes --db for a file name: keep it in $T
pg_start
pg_standby

copy_maildir "$DR_SRC/samples/maildir" $T/md
ingest -q --db "$PG_CONNINFO" $T/md > $T/ingest.out 2>&1
rc=$?
check_eq "samples into the primary (1: one is rejected)" 1 $rc
pg_wait_replay 60
check_eq "the standby caught up" 0 $?
check_eq "the standby is read-only" t "$(pg_sql_standby 'SELECT pg_is_in_recovery()')"
check_eq "the standby has the reports" \
    "$(pg_sql 'SELECT count(*) FROM reports')" "$(pg_sql_standby 'SELECT count(*) FROM reports')"

NOW=1795046400   # 2026-11-20, fixed: html and alerts print it
W="--no-dns --since 2026-11-09 --until 2026-11-15"
DNS="--dns-server 127.0.0.1:9"    # A4: nothing answers
CHK="--timeout 100 --tries 1"
# same NAME ARGS... -- dmarc-report ARGS on the standby, then on the primary
same() {
	local name=$1 a b f
	shift
	report --db "$PG_STANDBY_CONNINFO" "$@" > $T/sb.out 2> $T/sb.err
	a=$?
	report --db "$PG_CONNINFO" "$@" > $T/pr.out 2> $T/pr.err
	b=$?
	for f in sb.out sb.err pr.out pr.err; do   # A3; check has no --now
		sed -i -e "s|$PG_STANDBY_CONNINFO|DB|g" -e "s|$PG_CONNINFO|DB|g" \
		    -e 's/"checked_at": [0-9]*/"checked_at": NOW/' $T/$f
	done
	sed -i '/read-only/d' $T/sb.err   # A2
	check_eq "$name: exit status (standby primary)" "$b $b" "$a $b"
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! cmp -s $T/sb.out $T/pr.out || ! cmp -s $T/sb.err $T/pr.err; then
		echo "FAIL: $name: the standby's output differs from the primary's:"
		diff $T/pr.out $T/sb.out | head -8
		diff $T/pr.err $T/sb.err | head -8
		DR_FAILS=$((DR_FAILS + 1))
	fi
	case $b in 0|1|69) ;; *) echo "  note: $name: exit $b: $(head -1 $T/pr.err)" ;; esac
}

for f in table csv json; do
	for c in summary failures "failures --all" sources reports \
	    "reports --rejected --all-rejected" readiness "readiness --inventory"; do
		# shellcheck disable=SC2086
		same "$c ($f)" $W --format $f $c
	done
done
same "html" --no-dns html --week 2026-W46 --now $NOW -o -
for f in table json; do
	same "alerts --all ($f)" --no-dns --format $f alerts --all --now $NOW
done
same "html --mail" --no-dns html --week 2026-W46 --now $NOW --mail a@example.com b@example.com
report --db "$PG_CONNINFO" query --list > $T/list 2>&1
check_eq "query --list" 0 $?
names=$(awk '/^[a-z0-9-]+  / { print $1 }' $T/list)
check_eq "query --list has queries" 1 "$([ -n "$names" ] && echo 1)"
for n in $names; do
	for f in table csv json; do
		same "query $n ($f)" $W --format $f query $n
	done
done
same "query reporters domain=example.com" $W --format csv query reporters \
    domain=example.com since=2026-11-09 until=2026-11-15

# stateful (A2): check on the standby first, then the primary; alerts on
# the primary, and on the standby the same answer or a refusal naming --all
stateful_alerts() {
	report --db "$PG_STANDBY_CONNINFO" --no-dns alerts --now $NOW > $T/sa.out 2> $T/sa.err
	sa=$?
	report --db "$PG_CONNINFO" --no-dns alerts --now $NOW > $T/pa.out 2> $T/pa.err
	pa=$?
	echo "  alerts ($1): primary exit $pa, standby exit $sa: $(head -1 $T/sa.err)"
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ $sa = $pa ] && cmp -s $T/sa.out $T/pa.out &&
	    grep -q 'alert state is not kept' $T/sa.err; then
		:
	else
		echo "FAIL: alerts ($1): the standby does not answer as the primary (with the note that it keeps no state)"
		diff $T/pa.out $T/sa.out | head -5; cat $T/sa.err | head -3
		DR_FAILS=$((DR_FAILS + 1))
	fi
}
stateful_alerts "first run"
# shellcheck disable=SC2086
same "check (first run)" $DNS check example.com example.org $CHK --format json
pg_wait_replay 60
stateful_alerts "second run"
# shellcheck disable=SC2086
same "check (second run)" $DNS check example.com $CHK --format json

# --write-db: the standby's run keeps the alert state and the check
# results on the primary, through a second connection.
pg_sql 'DELETE FROM alert_state; DELETE FROM alert_sources; DELETE FROM alert_runs; DELETE FROM alert_marks' > /dev/null
pg_wait_replay 60
WDB=(--db "$PG_STANDBY_CONNINFO" --write-db "$PG_CONNINFO")
# shellcheck disable=SC2086
report "${WDB[@]}" --no-dns alerts --now $NOW > $T/w1.out 2> $T/w1.err
check_eq "--write-db: alerts raised on the standby (exit 1)" 1 $?
check_eq "--write-db: no note that the state is not kept" "" "$(grep 'not kept' $T/w1.err)"
check_eq "--write-db: the run is recorded on the primary" 1 "$(pg_sql 'SELECT count(*) FROM alert_runs')"
# shellcheck disable=SC2086
report "${WDB[@]}" --no-dns alerts --now $NOW > $T/w2.out 2> $T/w2.err
check_eq "--write-db: the next run knows them (exit 0, nothing new)" "0 0" "$? $(wc -c < $T/w2.out)"
pg_wait_replay 60
report --db "$PG_STANDBY_CONNINFO" --no-dns alerts --now $NOW > $T/w3.out 2> $T/w3.err
check_eq "without --write-db: the state saved through it, replicated (exit 0)" 0 $?
check_grep "without --write-db: the note names it" "not kept.*--write-db" $T/w3.err
# check: with nothing answering, no result is worth storing (could not
# check), but the results' transaction runs: on the standby it cannot
# (the read-only note), through --write-db it does (no note).
# shellcheck disable=SC2086
report --db "$PG_STANDBY_CONNINFO" $DNS check example.net $CHK --format json > /dev/null 2> $T/wc0.err
check_grep "check on the standby alone: the read-only note" "read-only" $T/wc0.err
# shellcheck disable=SC2086
report "${WDB[@]}" $DNS check example.net $CHK --format json > /dev/null 2> $T/wc.err
check_eq "check with --write-db: exit as on the primary (69)" 69 $?
check_eq "check with --write-db: results written on the primary (no note)" "" \
    "$(grep -i 'read-only\|not stored' $T/wc.err)"
report --db "$PG_STANDBY_CONNINFO" --write-db "$T/x.sqlite" --no-dns alerts --now $NOW > /dev/null 2> $T/we.err
check_eq "--write-db not PostgreSQL: usage (64)" 64 $?
report --db "$PG_STANDBY_CONNINFO" --write-db "$PG_STANDBY_CONNINFO" --no-dns alerts --now $NOW > /dev/null 2> $T/we.err
check_eq "--write-db read-only too: 70" 70 $?
check_grep "--write-db read-only: says to give the primary" "give the primary" $T/we.err
check_eq "the standby is still a standby" t "$(pg_sql_standby 'SELECT pg_is_in_recovery()')"
finish
