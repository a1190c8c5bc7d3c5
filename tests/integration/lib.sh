# tests/integration/lib.sh -- shared bash helpers for integration tests
# (sourced; not a test itself: the test glob only runs [0-9]*.sh).
#
#   dr_tmpdir            make $DR_TMP (removed at exit unless DR_KEEP=1)
#   dr_copy_maildir S D  copy Maildir S to D (new/ cur/ tmp/ always exist)
#   dr_ingest ARGS...    run $DR_BUILD/dmarc-ingest --no-progress ARGS
#   dr_sql DB SQL        sqlite3 -batch -noheader, '|' separated
#   dr_expect FILE KEY   value of KEY in a key<TAB>value file
#   dr_check WHAT EXPECTED ACTUAL      count a check, print FAIL on mismatch
#   dr_check_grep WHAT ERE FILE        FILE must match ERE
#   dr_need_shared       exit 77 unless $DR_SRC/../shared/corpus exists
#   dr_need_binary       exit 77 unless dmarc-ingest runs (--help)
#   dr_rss_cmd           prints the /usr/bin/time prefix for peak RSS, or ""
#   dr_finish            print the tally; exit 0 only if nothing failed
: "${DR_BUILD:?DR_BUILD not set}" "${DR_SRC:?DR_SRC not set}"

DR_FAILS=0
DR_CHECKS=0
DR_INGEST="$DR_BUILD/dmarc-ingest"
DR_SHARED="$DR_SRC/../shared"

dr_tmpdir() {
	DR_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dr-it-XXXXXX")
	if [ "${DR_KEEP:-0}" = 1 ]; then
		echo "keeping $DR_TMP"
	else
		trap 'rm -rf "$DR_TMP"' EXIT
	fi
}

dr_copy_maildir() {
	mkdir -p "$2"
	cp -a "$1"/. "$2"/
	mkdir -p "$2/new" "$2/cur" "$2/tmp"
}

dr_ingest() {
	"$DR_INGEST" --no-progress "$@"
}

dr_sql() {
	sqlite3 -batch -noheader "$1" "$2"
}

dr_expect() {
	awk -F '\t' -v k="$2" '$1 == k { print $2; found = 1; exit }
	    END { if (!found) exit 1 }' "$1"
}

dr_check() {
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected [$2], got [$3]"
		DR_FAILS=$((DR_FAILS + 1))
		return 1
	fi
	return 0
}

dr_check_grep() {
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! grep -qE -- "$2" "$3"; then
		echo "FAIL: $1: /$2/ not found in:"
		sed 's/^/    /' "$3" | head -20
		DR_FAILS=$((DR_FAILS + 1))
		return 1
	fi
	return 0
}

dr_need_shared() {
	if [ ! -d "$DR_SHARED/corpus" ]; then
		echo "skip: $DR_SHARED/corpus not present"
		exit 77
	fi
}

dr_need_binary() {
	if ! "$DR_INGEST" --help > /dev/null 2>&1; then
		echo "skip: $DR_INGEST does not run yet"
		exit 77
	fi
	command -v sqlite3 > /dev/null || { echo "skip: no sqlite3 CLI"; exit 77; }
}

# GNU time prints the peak RSS in KiB with -f %M; without it we measure
# nothing (never fail on time or memory).
dr_rss_cmd() {
	if [ -x /usr/bin/time ] && /usr/bin/time -f %M true > /dev/null 2>&1; then
		echo "/usr/bin/time"
	fi
}

dr_finish() {
	echo "$((DR_CHECKS - DR_FAILS)) of $DR_CHECKS checks passed, $DR_FAILS failed"
	[ "$DR_FAILS" -eq 0 ]
}
