#!/usr/bin/env bash
# Issue 11: "no such database" is told by its SQLSTATE (3D000), not by the
# server's English text.  The server here speaks German (its message
# catalogue, LANGUAGE=de in its environment: "Datenbank »x« existiert
# nicht"); both programs still answer a --db naming a database that does
# not exist with exit 66 (no-database) and the fix (createdb), for a
# conninfo and for a URI with a password (never shown).  Other refusals
# stay what they were: a wrong password is not "no database", a server
# that is down is 75.
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_ingest
cd "$T"
pg_start
ls /usr/share/locale/de/LC_MESSAGES/postgres-*.mo > /dev/null 2>&1 ||
    skip_or_fail "no German message catalogue of PostgreSQL (/usr/share/locale/de/LC_MESSAGES/postgres-*.mo)"
pg_stop
LANGUAGE=de pg_start_again || { echo "FAIL: restart with LANGUAGE=de"; exit 1; }
"$PG_BIN/psql" -X -q "$PG_SUPER dbname=nosuch" -c 'SELECT 1' > "$T/psql.err" 2>&1
grep -q 'existiert nicht' "$T/psql.err" ||
    skip_or_fail "the server does not speak German here: $(head -1 "$T/psql.err")"
echo "  the server says: $(head -1 "$T/psql.err")"

mkdir -p "$T/empty/new" "$T/empty/cur" "$T/empty/tmp"
nodb="${PG_CONNINFO%dbname=*}dbname=nosuch"
nouri="${PG_URI%/*}/nosuch"
for db in "$nodb" "$nouri"; do
	case $db in postgresql:*) form=URI ;; *) form=conninfo ;; esac
	report --db "$db" summary > /dev/null 2> "$T/r.err"
	check_eq "report, $form: no such database: 66" 66 $?
	check_grep "report, $form: no-database, with the fix" "^dmarc-report: no-database: .*createdb" "$T/r.err"
	ingest --db "$db" "$T/empty" > /dev/null 2> "$T/i.err"
	check_eq "ingest, $form: no such database: 66" 66 $?
	check_grep "ingest, $form: no-database, with the fix" "^dmarc-ingest: no-database: .*createdb" "$T/i.err"
	check_eq "$form: the password is not shown" 0 "$(cat "$T/r.err" "$T/i.err" | grep -cF -- "$PG_PASSWORD")"
done
echo "  $(head -1 "$T/i.err")"

# a database that exists, a wrong password: not "no database"
bad="postgresql://$PG_USER:wrong-$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
report --db "$bad" summary > /dev/null 2> "$T/r.err"
rc=$?
check_eq "wrong password: not 66" 1 "$([ $rc != 66 ] && [ $rc != 0 ] && echo 1 || echo 0)"
check_eq "wrong password: not no-database" 0 "$(grep -c 'no-database' "$T/r.err")"
# the server down: 75, not 66
pg_stop
report --db "$nodb" summary > /dev/null 2> "$T/r.err"
check_eq "server down: 75" 75 $?
LANGUAGE=de pg_start_again
finish
