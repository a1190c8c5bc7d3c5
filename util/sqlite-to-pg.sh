#!/usr/bin/env bash
# util/sqlite-to-pg.sh -- move a dmarc-rua SQLite database into PostgreSQL.
#
#     util/sqlite-to-pg.sh SQLITE_FILE CONNINFO
#
# SQLITE_FILE is a dmarc-rua database at the schema version of this
# release (PRAGMA user_version, 12: the last of sql/pg/migrations/, 10 when
# there is none); run the dmarc-ingest of this release on it once to
# migrate an older one.  CONNINFO is what --db takes for PostgreSQL: a URI
# (postgresql://user@host/dbname) or a conninfo string (service=dmarc,
# "host=db1 dbname=dmarc"); the libpq environment (PGHOST, PGSERVICE,
# ~/.pgpass, PGSSLMODE, ...) applies as in every libpq client.  The
# password is never printed: put it in ~/.pgpass or PGPASSWORD rather than
# in the URI, which other users can read in the process list.
#
# The target database must be empty: either a database without tables
# (the script creates the schema as dmarc-ingest does: sql/pg/schema.sql,
# version 10, then each sql/pg/migrations/NNNN-*.sql in order, and
# schema_version set to the last), or one where dmarc-ingest created the
# schema and stored nothing yet (its services catalogue is replaced by
# the SQLite file's; a schema older than this release is migrated
# forward first, as dmarc-ingest would).  Anything else is refused, and
# nothing is written.
#
# What is copied: every table, row for row, with its ids (messages,
# reports, records, ...), the report identities (org_key, report_id,
# policy_domain) and digests, so that a report sent again after the move is
# a duplicate, a changed one a conflict, exactly as before; the identities
# and digests of pruned reports (pruned_reports), which stay duplicates
# and conflicts too; report_stats and report_selectors as they are.  sqlite3 exports each table as CSV
# (NULL is an empty field, an empty string is ""), psql \copy loads it;
# all in one transaction (psql --single-transaction): an error anywhere
# leaves the target as it was.  The identity sequences are then set past
# the largest id of each table (reports': past pruned_reports' too, whose
# ids are former report ids, never given twice).  The SQLite file is opened read-only and
# not changed.  Stop dmarc-ingest (its timer) while this runs.
#
# Needs sqlite3 and psql (Debian: sqlite3, postgresql-client).  Exit 0 on
# success, 1 on a refused or failed move (one line saying why), 64 on a
# usage error.
set -u
set -o pipefail

prog=sqlite-to-pg
die() { echo "$prog: $*" >&2; exit 1; }

if [ $# -ne 2 ]; then
	echo "usage: $prog SQLITE_FILE CONNINFO" >&2
	exit 64
fi
src=$1 conn=$2
here=$(cd "$(dirname "$0")" && pwd)
schema=${DR_PG_SCHEMA:-$here/../sql/pg/schema.sql}
migdir=$(dirname "$schema")/migrations

command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 not found: install it (Debian: apt-get install sqlite3)"
command -v psql >/dev/null 2>&1 || die "psql not found: install it (Debian: apt-get install postgresql-client)"
[ -f "$src" ] && [ -r "$src" ] || die "$src: not a readable file"
[ -r "$schema" ] || die "$schema: the PostgreSQL schema is missing (set DR_PG_SCHEMA)"

# The migrations after version 10, in order (NNNN-name.sql, NNNN > 0010),
# and the version they lead to: the one this release writes.
migs=() latest=10
for f in "$migdir"/[0-9][0-9][0-9][0-9]-*.sql; do
	[ -e "$f" ] || continue
	n=$(basename "$f"); n=$((10#${n%%-*}))
	[ "$n" -gt 10 ] || continue
	[ "$n" -gt "$latest" ] || die "$migdir: two migrations for version $n"
	migs+=("$n:$f") latest=$n
done

# Read-only, never creating a file: a URI with mode=ro.
srcuri="file:$(cd "$(dirname "$src")" && pwd)/$(basename "$src")?mode=ro"
sq() { sqlite3 -batch -bail -noheader "$srcuri" "$@"; }

appid=$(sq "PRAGMA application_id") || die "$src: cannot be read by sqlite3"
[ "$appid" = 1145918019 ] || die "$src: not a dmarc-rua database (application_id $appid)"
ver=$(sq "PRAGMA user_version") || die "$src: cannot be read by sqlite3"
case $ver in
"$latest") ;;
*[!0-9]*|"") die "$src: schema version '$ver' is not a number: not a dmarc-rua database" ;;
*)	[ "$ver" -lt "$latest" ] ||
	    die "$src: schema version $ver is newer than this script's ($latest): use util/sqlite-to-pg.sh of the dmarc-rua release that wrote it"
	die "$src: schema version $ver, this script moves version $latest only: run dmarc-ingest of this release on it once (it migrates the file), then move it" ;;
esac

# Rows pointing to rows that do not exist (a hand edit with foreign keys
# off, sqlite3's default) would fail the load half-way: say so first.
orphans=$(sq "SELECT count(*) FROM pragma_foreign_key_check") ||
    die "$src: cannot be read by sqlite3"
[ "$orphans" = 0 ] || die "$src: $orphans rows point to rows that do not exist (edited by hand with foreign keys off?): list them with sqlite3 $src 'PRAGMA foreign_key_check', delete or fix them, then move again"

# psql: no ~/.psqlrc, stop at the first error, no password prompt.
pq() { psql -X -w -q -v ON_ERROR_STOP=1 -d "$conn" "$@"; }

have=$(pq -At -c "SELECT to_regclass('schema_version') IS NOT NULL" 2>"${TMPDIR:-/tmp}/$prog.$$.err")
if [ $? -ne 0 ]; then
	msg=$(head -1 "${TMPDIR:-/tmp}/$prog.$$.err")
	rm -f "${TMPDIR:-/tmp}/$prog.$$.err"
	die "cannot connect to the PostgreSQL database: ${msg#psql: }"
fi
rm -f "${TMPDIR:-/tmp}/$prog.$$.err"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$prog.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
script=$tmp/load.sql

# The tables whose contents the target must not have: everything but the
# schema version and the services catalogue (written by every dmarc-ingest
# at its start).
catalogue="'schema_version','services','service_rules','services_version'"

# psql_quote PATH: PATH as one argument of a psql meta-command.
psql_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

if [ "$have" = t ]; then
	pgver=$(pq -At -c "SELECT coalesce(max(version), 0) FROM schema_version") ||
	    die "cannot read schema_version of the PostgreSQL database"
	case $pgver in
	*[!0-9]*|"") die "the PostgreSQL database has no readable schema version ('$pgver'): move into an empty database" ;;
	esac
	[ "$pgver" -ge 10 ] && [ "$pgver" -le "$latest" ] ||
	    die "the PostgreSQL database is at schema version $pgver, this script writes version $latest: move into an empty database"
	: > "$script"
else
	n=$(pq -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") ||
	    die "cannot list the tables of the PostgreSQL database"
	[ "$n" = 0 ] || die "the PostgreSQL database holds $n tables but no dmarc-rua schema: move into an empty database"
	pgver=10
	printf '\\i %s\n' "$(psql_quote "$schema")" > "$script"
fi
# Forward to this release's version as dmarc-ingest does (store/pg.c):
# each migration above the target's version, then schema_version.
for m in ${migs[@]+"${migs[@]}"}; do
	[ "${m%%:*}" -gt "$pgver" ] || continue
	printf '\\i %s\n' "$(psql_quote "${m#*:}")" >> "$script"
done
printf 'DELETE FROM schema_version;\nINSERT INTO schema_version(version) VALUES (%d);\n' \
    "$latest" >> "$script"

# The tables and their columns are read from the SQLite file: at this
# version they are those of sql/pg/schema.sql and migrations/, name for name (a difference makes
# \copy fail, and nothing is moved).
tables=$(sq "SELECT name FROM sqlite_schema WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'rollup_%'
    ORDER BY name") || die "$src: cannot list its tables"

cat >> "$script" <<EOF
DO \$\$
DECLARE t text; n bigint;
BEGIN
	FOR t IN SELECT tablename FROM pg_tables
	    WHERE schemaname = current_schema()
	      AND tablename NOT IN ($catalogue) LOOP
		EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I LIMIT 1) x', t) INTO n;
		IF n > 0 THEN
			RAISE EXCEPTION 'the PostgreSQL database is not empty (table % has rows): move into an empty database', t;
		END IF;
	END LOOP;
END
\$\$;
DELETE FROM service_rules;
DELETE FROM services;
DELETE FROM services_version;
EOF

for t in $tables; do
	# Column names in table order, but not the generated dmarc_pass
	# (computed again by PostgreSQL).
	cols=$(sq "SELECT group_concat(name, ',') FROM (SELECT name FROM
	    pragma_table_xinfo('$t') WHERE hidden = 0 ORDER BY cid)") ||
	    die "$src: cannot read the columns of $t"
	[ -n "$cols" ] || continue
	sq -csv "SELECT $cols FROM \"$t\"" > "$tmp/$t.csv" ||
	    die "$src: cannot export table $t"
	printf '\\copy %s(%s) FROM %s WITH (FORMAT csv)\n' "$t" "$cols" \
	    "$(psql_quote "$tmp/$t.csv")" >> "$script"
done

# Identity columns: the next id is past the largest copied; reports'
# also past every pruned report's (its former id: ids are never given
# twice, as the SQLite store takes max() of both).
cat >> "$script" <<'EOF'
SELECT setval(pg_get_serial_sequence('reports', 'id'),
    GREATEST((SELECT max(id) FROM reports),
             (SELECT max(id) FROM pruned_reports), 0) + 1, false) \g /dev/null
EOF
for t in messages ingest_log records conflicts dns_checks alert_runs; do
	printf "SELECT setval(pg_get_serial_sequence('%s', 'id'), coalesce(max(id), 0) + 1, false) FROM %s \\\\g /dev/null\n" \
	    "$t" "$t" >> "$script"
done

if ! pq --single-transaction -f "$script" 2>"$tmp/err"; then
	msg=$(grep -m1 -E 'ERROR|FATAL|error' "$tmp/err" || head -1 "$tmp/err")
	die "nothing moved: ${msg#psql:*: }"
fi
echo "$prog: $src moved into the PostgreSQL database ($(sq "SELECT count(*) FROM reports") reports, $(sq "SELECT count(*) FROM messages") messages)"
