# tests/integration/lib.sh -- the one shell library of the integration
# tests, sourced by every NNNN-*.sh (not a test itself: the test glob only
# runs [0-9]*.sh).  ctest sets DR_BUILD (the build dir) and DR_SRC.
#
# Sourcing it sets
#   T          a temp dir, removed at exit (kept with DR_KEEP=1); a test
#              that sets its own EXIT trap removes "$T" there
#   SHARED     $DR_SRC/../shared (the shared corpus, see need_shared)
#   DR_CHECKS, DR_FAILS   the tally of check_eq / check_grep
#
# Running the programs and reading the database:
#   ingest ARGS...            $DR_BUILD/dmarc-ingest --no-progress ARGS
#   report ARGS...            $DR_BUILD/dmarc-report ARGS
#   q SQL                     sqlite3 on ${DB:-$T/db.sqlite}, '|' separated
#   mkdb DB [SQL-FILE...]     a database created by dmarc-ingest, then the
#                             SQL files and sql/rebuild-derived.sql loaded
#   copy_maildir SRC DST      copy a Maildir (new/ cur/ tmp/ always exist)
#   tsv_get FILE KEY          value of KEY in a KEY<TAB>VALUE file
#   json_get FILE EXPR        a Python expression on the parsed JSON (j)
#   rss_cmd                   prints the GNU time command (peak RSS with
#                             -f %M), or nothing
# Checks:
#   check_eq WHAT WANT GOT    count a check; FAIL line on mismatch
#   check_grep WHAT ERE FILE  count a check; FILE must match ERE
#   finish                    "N passed, N failed"; status 0 if none failed
# Missing tools (anything a test needs that the environment may lack:
# nsd, chromium, python3, jq, sqlite3, valgrind, strace, ../shared):
#   skip_or_fail REASON       skip the test (exit 77); with CI set, fail it
#                             (exit 1): in CI every tool is installed
#   need_tool NAME [WHY]      skip_or_fail unless NAME is on PATH
#   need_shared [PATH]        skip_or_fail unless ../shared/PATH exists
#                             (default corpus)
#   need_ingest               skip_or_fail unless dmarc-ingest runs
#   skip_part_or_fail REASON  for a test that runs without one part: a note
#                             and status 0; with CI set, fail (exit 1)
# PostgreSQL (tests/pg/pg-run.sh has the details and the variables):
#   need_pg                   source the harness; skip_or_fail unless the
#                             PostgreSQL server binaries are installed
#   pg_start                  a fresh primary for this test (PG_CONNINFO,
#                             PG_URI, PG_SUPER...), stopped and removed at
#                             exit; the test fails (exit 1) if it cannot start
#   pg_standby                a hot standby of it (PG_STANDBY_CONNINFO...);
#                             pg_wait_replay waits until it has caught up
#   pg_sql SQL                SQL as superuser on the primary (-At output)
#   pg_newdb NAME             a fresh database; prints its conninfo
# Skips that are about the build or privileges, not a missing tool (an
# ASan build for valgrind, mount or chattr without root), stay plain
# "exit 77" or notes.
: "${DR_BUILD:?DR_BUILD not set}" "${DR_SRC:?DR_SRC not set}"

DR_FAILS=0
DR_CHECKS=0
SHARED="$DR_SRC/../shared"
T=$(mktemp -d "${TMPDIR:-/tmp}/dr-it-XXXXXX")
if [ "${DR_KEEP:-0}" = 1 ]; then
	echo "keeping $T"
else
	trap 'rm -rf "$T"' EXIT
fi
# Hermetic: an /etc/dmarc-rua.conf on the test machine must not change
# what the programs do (an empty file is a valid configuration).
: > "$T/.empty.conf"
export DMARC_RUA_CONFIG="$T/.empty.conf"

skip_or_fail() {
	if [ -n "${CI+set}" ]; then
		echo "FAIL: $1 (CI is set: a missing tool is a failure)"
		exit 1
	fi
	echo "skip: $1"
	exit 77
}

need_tool() {
	command -v "$1" > /dev/null 2>&1 || skip_or_fail "$1 missing${2:+ ($2)}"
}

need_shared() {
	[ -e "$SHARED/${1:-corpus}" ] ||
	    skip_or_fail "$SHARED/${1:-corpus} not present"
}

need_ingest() {
	"$DR_BUILD/dmarc-ingest" --help > /dev/null 2>&1 ||
	    skip_or_fail "$DR_BUILD/dmarc-ingest does not run"
}

skip_part_or_fail() {
	if [ -n "${CI+set}" ]; then
		echo "FAIL: $1 (CI is set: a missing tool is a failure)"
		exit 1
	fi
	echo "note: $1: that part skipped"
}

need_pg() {
	. "$DR_SRC/tests/pg/pg-run.sh"
	pg_find || skip_or_fail "$PG_WHY"
	pg__locale || skip_or_fail "$PG_WHY"
	[ "$(id -u)" -ne 0 ] || need_tool runuser "to run PostgreSQL as a user, not root"
}

pg_start() {
	pg_run_start || { echo "FAIL: the test's PostgreSQL server did not start"; exit 1; }
}

pg_standby() {
	pg_run_standby || { echo "FAIL: the test's PostgreSQL standby did not start"; exit 1; }
}

ingest() { "$DR_BUILD/dmarc-ingest" --no-progress "$@"; }
report() { "$DR_BUILD/dmarc-report" "$@"; }
q() { sqlite3 -batch -noheader "${DB:-$T/db.sqlite}" "$1"; }

# The schema comes from the programs (store_open() via dmarc-ingest on an
# empty Maildir, as bench/gen-db does), never from the SQL files
# concatenated here; the rows written by hand then get what dmarc-ingest
# would derive (sql/rebuild-derived.sql).
mkdb() {
	local db=$1 empty=$T/mkdb-empty m
	shift
	rm -f "$db" "$db-wal" "$db-shm"
	mkdir -p "$empty/new" "$empty/cur" "$empty/tmp"
	if ! ingest -q --db "$db" "$empty"; then
		echo "FAIL: mkdb: dmarc-ingest did not create $db"
		exit 1
	fi
	{
		for m in "$@"; do cat "$m"; done
		cat "$DR_SRC/sql/rebuild-derived.sql"
	} | sqlite3 -batch "$db" > /dev/null
}

copy_maildir() {
	mkdir -p "$2"
	cp -a "$1"/. "$2"/
	mkdir -p "$2/new" "$2/cur" "$2/tmp"
}

tsv_get() {
	awk -F '\t' -v k="$2" '$1 == k { print $2; found = 1; exit }
	    END { if (!found) exit 1 }' "$1"
}

json_get() {
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

rss_cmd() {
	if [ -x /usr/bin/time ] && /usr/bin/time -f %M true > /dev/null 2>&1; then
		echo "/usr/bin/time"
	fi
}

check_eq() {
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected [$2], got [$3]"
		DR_FAILS=$((DR_FAILS + 1))
		return 1
	fi
	return 0
}

check_grep() {
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! grep -qE -- "$2" "$3"; then
		echo "FAIL: $1: /$2/ not in $3:"
		sed 's/^/    /' "$3" | head -20
		DR_FAILS=$((DR_FAILS + 1))
		return 1
	fi
	return 0
}

finish() {
	echo "$((DR_CHECKS - DR_FAILS)) passed, $DR_FAILS failed"
	[ "$DR_FAILS" -eq 0 ]
}
