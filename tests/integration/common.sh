# tests/integration/common.sh -- sourced by the NNNN-*.sh tests.
# Gives: $T (a temp dir removed at exit), ingest / report (the binaries),
# q SQL (sqlite3 on $T/db.sqlite), check_eq, check_grep, finish.
: "${DR_BUILD:?DR_BUILD not set}" "${DR_SRC:?DR_SRC not set}"
T=$(mktemp -d /tmp/dr-it-XXXXXX)
trap 'rm -rf "$T"' EXIT
DR_FAILS=0
DR_CHECKS=0
ingest() { "$DR_BUILD/dmarc-ingest" --no-progress "$@"; }
report() { "$DR_BUILD/dmarc-report" "$@"; }
q() { sqlite3 -batch -noheader "${DB:-$T/db.sqlite}" "$1"; }
check_eq() { # what expected actual
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected [$2], got [$3]"
		DR_FAILS=$((DR_FAILS + 1))
	fi
}
check_grep() { # what pattern file
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! grep -qE -- "$2" "$3"; then
		echo "FAIL: $1: /$2/ not in $3:"; sed 's/^/    /' "$3" | head -20
		DR_FAILS=$((DR_FAILS + 1))
	fi
}
need_shared() {
	SHARED="$DR_SRC/../shared"
	[ -d "$SHARED/corpus" ] || { echo "skip: ../shared/corpus not present"; exit 77; }
}
finish() {
	echo "$((DR_CHECKS - DR_FAILS)) passed, $DR_FAILS failed"
	[ "$DR_FAILS" -eq 0 ]
}
