#!/usr/bin/env bash
# Errors that name the real cause (issue 14).  A Maildir the ingest user
# may read but not write: the reports are stored, then one not-moved line
# per run says what failed (moving to cur/), how many, why and the fix
# (per message only with -v), and every run exits 75 while it lasts (the
# first run used to exit 1 and every later one 0, repeating 14 bare
# "io: Permission denied" lines).  An unreadable new/ is "cannot read
# MAILDIR/new" (was "not a Maildir"), a missing database directory says to
# create it (was "io: lock ...: No such file or directory"), and a lock
# file root left at mode 0600 no longer locks the service user out with
# exit 70: the lock is taken on a read-only descriptor, a lock file root
# creates goes to the database's owner, and one nobody may read is named
# with its owner and the fix (exit 77).
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool setpriv
[ "$(id -u)" = 0 ] || { echo "skip: needs root to run as another user"; exit 77; }
x=$DR_SRC/tests/data/xml/minimal.xml
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$DR_BUILD/dmarc-ingest" --no-progress "$@"
}
nobody=$(id -nu 65534)
chmod 755 $T

# --- readable, not writable -------------------------------------------
md=$T/md
mkdir -p $md/new $md/cur $md/tmp $T/db
for i in 1 2 3; do sed "s/min-1/min-$i/" $x > $md/new/m$i; done
chmod -R a+rX $md; chmod 555 $md/new $md/cur $md $md/tmp
chown 65534 $T/db
for run in 1 2 3; do
	as_nobody --db $T/db/db.sqlite $md > $T/out 2> $T/err
	check_eq "not writable, run $run: exit 75" 75 $?
	check_eq "not writable, run $run: one line" \
	    "dmarc-ingest: $md/new: not-moved: 3 messages whose reports are stored could not be moved to $md/cur: Permission denied (the user running dmarc-ingest, $nobody, needs write access to both directories: chown -R $nobody $md, or run dmarc-ingest as the Maildir's owner); they stay in $md/new, not read again, until a run can file them (-v names each)" \
	    "$(cat $T/err)"
	check_grep "not writable, run $run: deferred" " deferred=3 " $T/out
	check_eq "not writable, run $run: still in new/" "m1 m2 m3" "$(ls $md/new | tr '\n' ' ' | sed 's/ $//')"
done
DB=$T/db/db.sqlite
check_eq "not writable: stored once" 3 "$(q 'SELECT count(*) FROM reports')"
as_nobody -v --db $T/db/db.sqlite $md > $T/out 2> $T/err
check_eq "not writable, -v: exit 75" 75 $?
check_eq "not writable, -v: a line per message" 3 "$(grep -c ": not-moved: to $md/cur/m[123]:2,S: Permission denied$" $T/err)"
chmod 755 $md/new $md/cur
ingest --db $T/db/db.sqlite $md > $T/out 2> $T/err
check_eq "writable again: exit 0" 0 $?
check_eq "writable again: filed" "m1:2,S m2:2,S m3:2,S" "$(ls $md/cur | tr '\n' ' ' | sed 's/ $//')"

# --- new/ cannot be read ------------------------------------------------
mkdir -p $T/md2/new $T/md2/cur $T/md2/tmp
chmod 000 $T/md2/new
as_nobody --db $T/db/db.sqlite $T/md2 > $T/out 2> $T/err
check_eq "new/ unreadable: exit 66" 66 $?
check_eq "new/ unreadable: said" \
    "dmarc-ingest: no-input: cannot read $T/md2/new: Permission denied (the user running dmarc-ingest, $nobody, needs read, write and search access to the Maildir)" \
    "$(cat $T/err)"
chmod 700 $T/md2 && chmod 755 $T/md2/new
as_nobody --db $T/db/db.sqlite $T/md2 > $T/out 2> $T/err
check_eq "Maildir not searchable: exit 66" 66 $?
check_grep "Maildir not searchable: said" "^dmarc-ingest: no-input: cannot read $T/md2/new: Permission denied " $T/err
ingest --db $T/db/db.sqlite $T/nonexistent > $T/out 2> $T/err
check_eq "missing input: exit 66" 66 $?
check_eq "missing input: said" "dmarc-ingest: no-input: cannot read $T/nonexistent: No such file or directory" "$(cat $T/err)"

# --- the database's directory does not exist ----------------------------
ingest --db $T/nodir/db.sqlite $md > $T/out 2> $T/err
check_eq "no db dir: exit 66" 66 $?
check_eq "no db dir: said" \
    "dmarc-ingest: no-input: database directory $T/nodir does not exist: create it (install -d -o $(id -nu) $T/nodir)" \
    "$(cat $T/err)"
check_eq "no db dir: nothing created" no "$([ -e $T/nodir ] && echo yes || echo no)"

# --- the lock file left by root ------------------------------------------
mkdir -p $T/md3/new $T/md3/cur $T/md3/tmp $T/svc
chmod -R a+rwX $T/md3
chown 65534 $T/svc
as_nobody -q --db $T/svc/db.sqlite $T/md3
check_eq "service user's first run" 0 $?
rm -f $T/svc/db.sqlite.lock
ingest -q --db $T/svc/db.sqlite $T/md3		# root runs it once by hand
check_eq "root's run: exit 0" 0 $?
check_eq "root's lock file goes to the database's owner" "$nobody" "$(stat -c %U $T/svc/db.sqlite.lock)"
as_nobody -q --db $T/svc/db.sqlite $T/md3 2> $T/err
check_eq "service user after root's run: exit 0" 0 $?
rm -f $T/svc/db.sqlite.lock
install -m 600 /dev/null $T/svc/db.sqlite.lock	# an older version's lock
as_nobody -q --db $T/svc/db.sqlite $T/md3 2> $T/err
check_eq "root's 0600 lock: exit 77" 77 $?
check_eq "root's 0600 lock: said" \
    "dmarc-ingest: permission: lock file $T/svc/db.sqlite.lock is owned by root (mode 0600) and not readable by user $nobody: remove it (rm $T/svc/db.sqlite.lock) or chown $nobody $T/svc/db.sqlite.lock" \
    "$(cat $T/err)"
chmod 644 $T/svc/db.sqlite.lock
as_nobody -q --db $T/svc/db.sqlite $T/md3 2> $T/err
check_eq "root's lock readable: not writable is enough" 0 $?
# a database root created by hand: named with its owner (was "database:
# insert record: attempt to write a readonly database", exit 70)
mkdir -p $T/root; chmod 777 $T/root
ingest -q --db $T/root/db.sqlite $T/md3
sed 's/min-1/min-9/' $x > $T/md3/new/m9; chmod a+rw $T/md3/new/m9
as_nobody -q --db $T/root/db.sqlite $T/md3 2> $T/err
check_eq "root's database: exit 77" 77 $?
check_eq "root's database: said" \
    "dmarc-ingest: permission: $T/root/db.sqlite is owned by root (mode 0644) and not writable by user $nobody: chown $nobody $T/root/db.sqlite $T/root/db.sqlite-wal $T/root/db.sqlite-shm, or run dmarc-ingest as root" \
    "$(cat $T/err)"
rm -f $T/svc/db.sqlite.lock
chown root $T/svc; chmod 755 $T/svc
as_nobody -q --db $T/svc/db.sqlite $T/md3 2> $T/err
check_eq "lock not creatable: exit 77" 77 $?
check_eq "lock not creatable: said" \
    "dmarc-ingest: permission: cannot create the lock file $T/svc/db.sqlite.lock: Permission denied (the user running dmarc-ingest, $nobody, needs write access to the database's directory $T/svc)" \
    "$(cat $T/err)"
finish
