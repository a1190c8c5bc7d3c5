#!/usr/bin/env bash
# Database faults: a full disk (small tmpfs), a read-only database (an
# immutable file, a read-only file system), a corrupt database file (garbage,
# damaged pages, a truncated file) and a database from a newer schema
# version.  Each gives one clear line on stderr, exit 70 (75 for a busy
# database) and leaves the Maildir exactly as it was: same directories,
# same files, same bytes.  Cases that need root (mount, chattr) are skipped
# one by one when not possible; the test skips (77) only if none could run.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3 "gen-test-maildir.py"

python3 "$DR_SRC/tests/integration/gen-test-maildir.py" $T/Maildir 40 > /dev/null
snap() { # a Maildir's directories, files and bytes
	(cd "$1" && find . -printf '%y %p %s\n' | sort && find . -type f -exec sha256sum {} + | sort)
}
snap $T/Maildir > $T/before
ran=0 mounts=""
cleanup() {
	for m in $mounts; do umount "$m" 2>/dev/null; done
	[ -f "$T/imm.sqlite" ] && chattr -i "$T/imm.sqlite" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# expect NAME REASON-REGEX EXIT -- ingest arguments...
expect() {
	local name=$1 re=$2 want=$3 rc
	shift 4
	ran=$((ran + 1))
	"$DR_BUILD/dmarc-ingest" --no-progress "$@" $T/Maildir > $T/out 2> $T/err
	rc=$?
	check_eq "$name: exit status" "$want" "$rc"
	# Messages rejected before the failure may be named first; the run's
	# own error is the last line, and there is exactly one such line.
	check_eq "$name: one run error on stderr" 1 "$(grep -c '^dmarc-ingest: [a-z-]*: ' $T/err)"
	check_grep "$name: clear reason" "^dmarc-ingest: ($re): " $T/err
	echo "  $name: $(tail -1 $T/err)"
	snap $T/Maildir > $T/after
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! cmp -s $T/before $T/after; then
		echo "FAIL: $name: the Maildir changed:"; diff $T/before $T/after | head
		DR_FAILS=$((DR_FAILS + 1))
		rm -rf $T/Maildir
		python3 "$DR_SRC/tests/integration/gen-test-maildir.py" $T/Maildir 40 > /dev/null
	fi
}
mkdb() { # path: a valid database with one stored report
	python3 "$DR_SRC/tests/integration/gen-test-maildir.py" $T/seed.$$ 1 > /dev/null
	"$DR_BUILD/dmarc-ingest" --no-progress -q --db "$1" $T/seed.$$ > /dev/null 2>&1
	rm -rf $T/seed.$$ $T/seed.$$.expect
	sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
}

# --- newer schema ------------------------------------------------------------
mkdb $T/newer.sqlite
sqlite3 $T/newer.sqlite 'PRAGMA user_version = 999'
expect "newer schema" "database-newer" 65 -- --db $T/newer.sqlite
check_grep "newer schema: says which version" "999" $T/err

# --- corrupt files -----------------------------------------------------------
head -c 65536 /dev/urandom > $T/garbage.sqlite
expect "garbage file" "database" 70 -- --db $T/garbage.sqlite
mkdb $T/pages.sqlite
size=$(stat -c %s $T/pages.sqlite)
# Keep the 100-byte header, overwrite everything else on page 1 and after.
dd if=/dev/urandom of=$T/pages.sqlite bs=1 seek=100 count=$((size - 100)) conv=notrunc status=none
expect "damaged pages" "database" 70 -- --db $T/pages.sqlite
mkdb $T/trunc.sqlite
truncate -s 1500 $T/trunc.sqlite
expect "truncated file" "database" 70 -- --db $T/trunc.sqlite
printf 'SQLite format 3\0' > $T/headonly.sqlite
expect "header only" "database" 70 -- --db $T/headonly.sqlite

# --- read-only database ------------------------------------------------------
mkdb $T/imm.sqlite
if [ "$(id -u)" -ne 0 ]; then
	chmod 0444 $T/imm.sqlite
	# named with the fix before SQLite's "readonly database" (issue 14)
	expect "read-only file" "permission" 77 -- --db $T/imm.sqlite
elif chattr +i $T/imm.sqlite 2>/dev/null; then
	expect "immutable file" "database" 70 -- --db $T/imm.sqlite
	chattr -i $T/imm.sqlite
else
	echo "  skip: chattr +i not possible here"
fi
mkdir -p $T/ro
if mount -t tmpfs -o size=4m tmpfs $T/ro 2>/dev/null; then
	mounts="$mounts $T/ro"
	mkdb $T/ro/db.sqlite
	touch $T/ro/db.sqlite.lock
	if mount -o remount,ro $T/ro 2>/dev/null; then
		expect "read-only file system" "database|io" 70 -- --db $T/ro/db.sqlite
		check_eq "read-only fs: database unchanged" 1 "$(sqlite3 "file:$T/ro/db.sqlite?immutable=1" 'SELECT count(*) FROM reports' 2>&1)"
	fi
else
	echo "  skip: cannot mount a tmpfs (not root)"
fi

# --- full disk -----------------------------------------------------------------
mkdir -p $T/full
if mount -t tmpfs -o size=2m tmpfs $T/full 2>/dev/null; then
	mounts="$mounts $T/full"
	mkdb $T/full/db.sqlite
	# Fill all but 48 KiB: the database opens (WAL and shared memory are
	# there), the run parses a batch, and writing it fails part way.
	avail=$(df --output=avail -B 4096 $T/full | tail -1)
	dd if=/dev/zero of=$T/full/filler bs=4k count=$((avail - 12)) status=none
	expect "full disk" "database|io" 70 -- --db $T/full/db.sqlite
	check_eq "full disk: database still sound" ok "$(rm -f $T/full/filler; sqlite3 $T/full/db.sqlite 'PRAGMA integrity_check')"
	check_eq "full disk: nothing half-stored" 1 "$(sqlite3 $T/full/db.sqlite 'SELECT count(*) FROM reports')"
	# Room again: the same Maildir now goes in whole.
	ingest -q --db $T/full/db.sqlite $T/Maildir > /dev/null 2>&1
	check_eq "after the disk is freed: ingest works (1: some rejected)" 1 $?
else
	echo "  skip: cannot mount a tmpfs (not root)"
fi

[ $ran -eq 0 ] && exit 77
finish
