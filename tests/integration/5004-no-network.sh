#!/usr/bin/env bash
# No network during ingest.  The hostile corpus (XXE over HTTP and file,
# external DTDs, parameter entities, bombs ...), the samples and a generated
# Maildir are ingested (1) under strace, which must show no socket() and no
# connect() call at all and no open of /etc/passwd, /etc/hosts or
# /etc/resolv.conf (a name lookup or an XXE fetch would need them), and
# (2) in a network namespace with no interfaces, where the results must be
# the same as outside it.
set -u
. "$(dirname "$0")/lib.sh"
need_tool python3 "gen-test-maildir.py"
need_tool sqlite3
# A missing strace is a missing tool (fails with CI set); ptrace or a
# network namespace refused is about privileges: a note, the other part runs.
can_strace=0
if ! command -v strace > /dev/null; then
	skip_part_or_fail "strace missing: part (1)"
elif strace -f -qq -o /dev/null true 2> /dev/null; then
	can_strace=1
else
	echo "note: ptrace not allowed here: part (1) skipped"
fi
if unshare -n true 2>/dev/null; then
	ns="unshare -n"
elif unshare -rn true 2>/dev/null; then
	ns="unshare -rn"
else
	ns=""
	echo "note: no network namespace possible here: part (2) skipped"
fi
[ $can_strace = 0 ] && [ -z "$ns" ] && { echo "skip: neither strace nor unshare usable"; exit 77; }

mkdir -p $T/in
hostile="$DR_SRC/../shared/corpus/hostile"
if [ -d "$hostile" ]; then
	for f in "$hostile"/*; do
		case $f in *.tsv) ;; *) cp "$f" $T/in/ ;; esac
	done
else
	skip_part_or_fail "$hostile missing: the hostile corpus"
fi
if [ -d "$DR_SRC/samples" ]; then
	find "$DR_SRC/samples" -type f \( -name '*.xml' -o -name '*.gz' -o -name '*.zip' \
	    -o -name '*.eml' \) -size -2M -exec cp -t $T/in/ {} + 2>/dev/null
fi
python3 "$DR_SRC/tests/integration/gen-test-maildir.py" $T/Maildir 40 > /dev/null
cp -a $T/Maildir $T/Maildir2
echo "$(ls $T/in | wc -l) files and a 40-message Maildir"

# (1) strace: every process, every thread.  LeakSanitizer needs ptrace
# itself, so leak checking is off for this one run (the other tests keep it).
if [ $can_strace = 1 ]; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -qq -o $T/trace -e trace=socket,connect,sendto,sendmsg,openat,open \
	    "$DR_BUILD/dmarc-ingest" --no-progress --db $T/db.sqlite $T/Maildir $T/in/* \
	    > $T/out 2> $T/err
	rc=$?
	echo "strace run: exit $rc; $(tail -1 $T/out)"
	grep -E '(^|[^a-z])(socket|connect|sendto|sendmsg)\(' $T/trace > $T/net
	check_eq "no socket/connect/send calls" "" "$(head -5 $T/net)"
	grep -E 'open(at)?\(.*"/etc/(passwd|hosts|resolv\.conf|nsswitch\.conf|gai\.conf)"' \
	    $T/trace > $T/etc
	check_eq "no open of /etc/passwd or resolver files" "" "$(head -5 $T/etc)"
	grep -E 'open(at)?\(.*"(https?|ftp)://' $T/trace > $T/urls
	check_eq "no attempt to open a URL" "" "$(head -5 $T/urls)"
else
	"$DR_BUILD/dmarc-ingest" --no-progress --db $T/db.sqlite $T/Maildir $T/in/* \
	    > $T/out 2> $T/err
	rc=$?
fi
check_eq "run finished (1: some rejected)" 1 $rc
check_grep "run printed its summary" "^dmarc-ingest: messages=" $T/out
check_eq "no byte of /etc/passwd in the database" 0 \
    "$(q "SELECT count(*) FROM reports WHERE org_name LIKE '%root:%' OR extra_contact LIKE '%root:%'")"
DR_CHECKS=$((DR_CHECKS + 1))
if grep -a -q 'root:x:0:0' $T/db.sqlite $T/out $T/err; then
	echo "FAIL: /etc/passwd content in the database or output"; DR_FAILS=$((DR_FAILS + 1))
fi
q "SELECT outcome, reason, count(*) FROM messages GROUP BY 1, 2 ORDER BY 1, 2" > $T/res1

# (2) no interfaces at all (not even lo up): same results.
if [ -n "$ns" ]; then
	$ns sh -c 'ip -o link 2>/dev/null | grep -v " lo:" ; exit 0' > $T/links
	check_eq "namespace has no interface but a down lo" "" "$(cat $T/links)"
	$ns "$DR_BUILD/dmarc-ingest" --no-progress --db $T/db2.sqlite $T/Maildir2 $T/in/* \
	    > $T/out2 2> $T/err2
	rc=$?
	echo "namespace run: exit $rc; $(tail -1 $T/out2)"
	check_eq "namespace run finished (1: some rejected)" 1 $rc
	DB=$T/db2.sqlite q "SELECT outcome, reason, count(*) FROM messages GROUP BY 1, 2 ORDER BY 1, 2" > $T/res2
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! cmp -s $T/res1 $T/res2; then
		echo "FAIL: results differ without network:"; diff $T/res1 $T/res2
		DR_FAILS=$((DR_FAILS + 1))
	fi
fi
finish
