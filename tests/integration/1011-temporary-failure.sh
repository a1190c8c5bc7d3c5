#!/usr/bin/env bash
# Temporary failures leave the message in new/ (issue 15): a message over
# --max-message-bytes or unreadable (mode 000) is not quarantined and not
# recorded; every run names it (message-too-big / unreadable) and exits 75
# while it persists; once the cause is fixed the next run stores it.  A
# message rejected for its content (here over --max-xml-depth) goes to the
# quarantine; moved back to new/ by a person, it is read again (it used to
# be filed straight back, unread, messages=0).
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3
x=$DR_SRC/tests/data/xml/minimal.xml
md=$T/md
mkdir -p $md/new $md/cur $md/tmp

# --- over --max-message-bytes --------------------------------------------
cp $x $md/new/big
for run in 1 2; do
	ingest --db $T/db.sqlite --max-message-bytes 100 $md > $T/out 2> $T/err
	check_eq "too big, run $run: exit 75" 75 $?
	check_eq "too big, run $run: one line" \
	    "dmarc-ingest: $md/new/big: message-too-big: larger than 100 bytes (--max-message-bytes): left in place" \
	    "$(cat $T/err)"
	check_grep "too big, run $run: counted" "messages=0 .* rejected=0 deferred=1 seconds=" $T/out
	check_eq "too big, run $run: still in new/" big "$(ls $md/new)"
	check_eq "too big, run $run: no quarantine" no "$([ -e $md/.Quarantine ] && echo yes || echo no)"
	check_eq "too big, run $run: no row" 0 "$(q 'SELECT count(*) FROM messages')"
done
ingest -q --json --db $T/db.sqlite --max-message-bytes 100 $md > $T/json 2> $T/err
check_eq "too big, -q --json: exit 75" 75 $?
check_eq "too big, -q --json: deferred" 1 "$(json_get $T/json "j['deferred']")"
ingest --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "cap raised: exit 0" 0 $?
check_grep "cap raised: stored" "messages=1 stored=1 " $T/out
check_eq "cap raised: filed" "big:2,S" "$(ls $md/cur)"

# --- unreadable -----------------------------------------------------------
sed 's/min-1/min-2/' $x > $md/new/locked
chmod 000 $md/new/locked
as_user=()
if [ "$(id -u)" = 0 ]; then
	# root reads mode 000 files: run as nobody on a world-writable tree
	need_tool setpriv
	chmod -R a+rwX $T/db.sqlite* $md; chmod 000 $md/new/locked; chmod a+rwx $T
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
for run in 1 2; do
	"${as_user[@]}" "$DR_BUILD/dmarc-ingest" --no-progress --db $T/db.sqlite $md > $T/out 2> $T/err
	check_eq "unreadable, run $run: exit 75" 75 $?
	check_eq "unreadable, run $run: one line" \
	    "dmarc-ingest: $md/new/locked: unreadable: Permission denied: left in place" \
	    "$(cat $T/err)"
	check_eq "unreadable, run $run: still in new/" locked "$(ls $md/new)"
	check_eq "unreadable, run $run: no row" 1 "$(q 'SELECT count(*) FROM messages')"
done
chmod 644 $md/new/locked
"${as_user[@]}" "$DR_BUILD/dmarc-ingest" --no-progress --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "readable again: exit 0" 0 $?
check_grep "readable again: stored" "messages=1 stored=1 " $T/out

# --- rejected for its content, moved back by a person --------------------
sed 's/min-1/min-3/' $x > $md/new/deep
ingest --db $T/db.sqlite --max-xml-depth 3 $md > $T/out 2> $T/err
check_eq "too deep: exit 1" 1 $?
check_grep "too deep: named" "deep: xml-too-deep: " $T/err
check_eq "too deep: quarantined" deep "$(ls $md/.Quarantine/new)"
mv $md/.Quarantine/new/deep $md/new/deep
ingest --db $T/db.sqlite --max-xml-depth 3 $md > $T/out 2> $T/err
check_eq "moved back, cap unchanged: exit 1" 1 $?
check_grep "moved back, cap unchanged: read again" "messages=1 .* rejected=1" $T/out
check_eq "moved back, cap unchanged: quarantined again" deep "$(ls $md/.Quarantine/new)"
check_eq "moved back, cap unchanged: its one row" 1 "$(q "SELECT count(*) FROM messages WHERE source_key = 'deep'")"
mv $md/.Quarantine/new/deep $md/new/deep
ingest --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "moved back: exit 0" 0 $?
check_grep "moved back: read again and stored" "messages=1 stored=1 " $T/out
check_eq "moved back: filed to cur/" "big:2,S deep:2,S locked:2,S" "$(ls $md/cur | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "moved back: report stored" 1 "$(q "SELECT count(*) FROM reports WHERE report_id = 'min-3'")"
check_eq "moved back: quarantine empty" "" "$(ls $md/.Quarantine/new)"
finish
