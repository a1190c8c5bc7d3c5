# tests/integration/report-lib.sh -- sourced by the 2xxx report tests (after
# common.sh).  mkdb DB [SQL-FILE...]: creates a dmarc-rua database the way
# store_open() does (schema, every migration, views, user_version,
# application_id) with the sqlite3 shell, then loads the given SQL files
# and derives report_stats/report_selectors (sql/rebuild-derived.sql).
mkdb() {
	local db=$1 ver=1 m n
	shift
	rm -f "$db"
	{
		cat "$DR_SRC/sql/schema.sql"
		for m in "$DR_SRC"/sql/migrations/[0-9][0-9][0-9][0-9]-*.sql; do
			[ -e "$m" ] || continue
			cat "$m"
			n=$(basename "$m"); n=$((10#${n%%-*}))
			[ "$n" -gt "$ver" ] && ver=$n
		done
		cat "$DR_SRC/sql/views.sql"
		echo "PRAGMA user_version = $ver; PRAGMA application_id = 1145918019;"
		echo "PRAGMA journal_mode = WAL;"
		for m in "$@"; do cat "$m"; done
		# records written by hand: derive what dmarc-ingest would
		cat "$DR_SRC/sql/rebuild-derived.sql"
	} | sqlite3 -batch "$db" >/dev/null
}
# json_get FILE EXPR: evaluates a Python expression on the parsed JSON (j).
json_get() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
