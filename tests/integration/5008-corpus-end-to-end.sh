#!/usr/bin/env bash
# The fuzz corpora (tests/fuzz/corpus/rua_xml and mime_unpack: every input
# that reached new code, every crash ever found) go through the real
# dmarc-ingest as bare files, in one run: it must finish (exit 0 or 1),
# report one "dmarc-ingest: " line per rejected input and nothing else on
# stderr (no library chatter, which would bypass the escaping), print no
# raw control byte, and a second run must find every input a duplicate or
# already handled (no input changes the database twice).
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
mkdir -p $T/in
n=0
for t in rua_xml mime_unpack; do
	d="$DR_SRC/tests/fuzz/corpus/$t"
	[ -d "$d" ] || continue
	for f in "$d"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1)); cp "$f" "$T/in/$t-$(basename "$f")"
	done
done
[ $n -eq 0 ] && skip_or_fail "no fuzz corpus in tests/fuzz/corpus"
echo "$n corpus inputs"
ingest --db $T/db.sqlite $T/in/* > $T/out 2> $T/err
rc=$?
echo "exit $rc: $(tail -1 $T/out)"
DR_CHECKS=$((DR_CHECKS + 1))
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
	echo "FAIL: exit $rc"; tail -5 $T/err; DR_FAILS=$((DR_FAILS + 1))
fi
check_grep "summary line" "^dmarc-ingest: messages=$n " $T/out
grep -v '^dmarc-ingest: ' $T/err > $T/stray
check_eq "stderr lines not from dmarc-ingest (e.g. libxml2 chatter)" 0 "$(wc -l < $T/stray)"
[ -s $T/stray ] && sort $T/stray | uniq -c | sort -rn | head -5
rejected=$(sed -n 's/.* rejected=\([0-9]*\) .*/\1/p' $T/out)
check_eq "one stderr line per rejected input" "$rejected" "$(grep -c '^dmarc-ingest: .*/in/' $T/err)"
check_eq "no raw control bytes in the output" 0 \
    "$(cat $T/out $T/err | LC_ALL=C tr -d '\n\t' | LC_ALL=C grep -c '[[:cntrl:]]')"
check_eq "integrity" ok "$(q 'PRAGMA integrity_check')"
before=$(q 'SELECT count(*) FROM reports')
ingest --db $T/db.sqlite $T/in/* > $T/out2 2> $T/err2
check_grep "second run stores nothing" "stored=0 " $T/out2
check_eq "report count unchanged" "$before" "$(q 'SELECT count(*) FROM reports')"
finish
