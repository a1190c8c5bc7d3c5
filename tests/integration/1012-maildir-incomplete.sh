#!/usr/bin/env bash
# A Maildir without cur/ (issue 15: its report was stored, the message
# never left new/, and every later run said recovered=1 and exited 0):
# cur/ is created, as MDAs do, with one maildir-incomplete line, and the
# message is filed.  When the missing folder cannot be created the run
# stops before reading anything (exit 70, one line).  A committed message
# that cannot be filed (here: --archive is a file) is named (not-moved),
# counted as deferred, stays in new/, and the run exits 75 until a later
# run files it.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3
x=$DR_SRC/tests/data/xml/minimal.xml
md=$T/md
mkdir -p $md/new
cp $x $md/new/m1

ingest --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "no cur/: exit 0" 0 $?
check_eq "no cur/: said" "dmarc-ingest: $md: maildir-incomplete: created the missing tmp/
dmarc-ingest: $md: maildir-incomplete: created the missing cur/" "$(cat $T/err)"
check_grep "no cur/: stored" "messages=1 stored=1 " $T/out
check_eq "no cur/: filed" "m1:2,S" "$(ls $md/cur)"
check_eq "no cur/: new/ empty" "" "$(ls $md/new)"
ingest --json --db $T/db.sqlite $md > $T/json 2> $T/err
check_eq "re-run: exit 0" 0 $?
check_eq "re-run: nothing recovered" 0 "$(json_get $T/json "j['recovered']")"
check_eq "re-run: silent" "" "$(cat $T/err)"

# cur/ cannot be created: the run stops before it reads anything.
mkdir -p $T/ro/new
cp $x $T/ro/new/m2
chmod 555 $T/ro
as_user=()
if [ "$(id -u)" = 0 ]; then	# root writes into mode 555 directories
	need_tool setpriv
	chmod a+rwx $T; chmod a+rw $T/db.sqlite*
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
"${as_user[@]}" "$DR_BUILD/dmarc-ingest" --no-progress --db $T/db.sqlite $T/ro > $T/out 2> $T/err
check_eq "cur/ not creatable: exit 70" 70 $?
check_grep "cur/ not creatable: said" "^dmarc-ingest: io: $T/ro: a Maildir needs tmp/ and it cannot be created: Permission denied$" $T/err
check_eq "cur/ not creatable: nothing read" 0 "$(q "SELECT count(*) FROM messages WHERE source_key = 'm2'")"
chmod 755 $T/ro

# A committed message that cannot be filed.
sed 's/min-1/min-2/' $x > $md/new/m3
: > $T/not-a-dir
for run in 1 2; do
	ingest --db $T/db.sqlite --archive $T/not-a-dir $md > $T/out 2> $T/err
	check_eq "not movable, run $run: exit 75" 75 $?
	check_grep "not movable, run $run: said" "^dmarc-ingest: $md/new: not-moved: 1 message whose reports are stored could not be moved to $T/not-a-dir: " $T/err
	check_grep "not movable, run $run: deferred" " deferred=1 " $T/out
	check_eq "not movable, run $run: still in new/" m3 "$(ls $md/new)"
done
check_eq "not movable: stored once" 1 "$(q "SELECT count(*) FROM reports WHERE report_id = 'min-2'")"
ingest --json --db $T/db.sqlite $md > $T/json 2> $T/err
check_eq "filed later: exit 0" 0 $?
check_eq "filed later: recovered" 1 "$(json_get $T/json "j['recovered']")"
check_eq "filed later: in cur/" "m1:2,S m3:2,S" "$(ls $md/cur | tr '\n' ' ' | sed 's/ $//')"
finish
