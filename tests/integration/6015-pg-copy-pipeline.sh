#!/usr/bin/env bash
# 6015-pg-copy-pipeline: a big report's COPY chunks queue up behind the one
# in flight (store/pg_copy.c pipe_push) and a new block of record ids is
# taken between them.  One message of 60,000 records (several chunks of
# each table) into PostgreSQL:
#   - the server refuses a DKIM chunk past record 40,000 (a trigger made
#     here, ENABLE ALWAYS so that session_replication_role does not skip
#     it): the run fails with one line naming the COPY and the server's
#     cause, the message stays in new/, nothing of the report is stored;
#   - the trigger dropped, the next run stores it: every record, DKIM and
#     SPF row, report_stats as derived, the same summary as SQLite.
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_tool python3 "bench/gen-maildir"
need_tool sqlite3
need_ingest
cd "$T" || exit 1
pg_start
db=$(pg_newdb pipe) || { echo "FAIL: no database"; exit 1; }
psqlc() { "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$db" -c "$1"; }
N=60000
python3 "$DR_SRC/bench/gen-maildir" "$T/md" 1 $N > "$T/gen.env"
cp -r "$T/md" "$T/md.lite"
mkdir -p "$T/empty/new" "$T/empty/cur" "$T/empty/tmp"
ingest -q --db "$db" "$T/empty"
check_eq "schema made" 0 $?
psqlc "CREATE FUNCTION refuse_late() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN IF NEW.record > 40000 THEN RAISE EXCEPTION 'refused here: record %',
    NEW.record; END IF; RETURN NEW; END \$\$;
    CREATE TRIGGER refuse_late BEFORE INSERT ON dkim_results
    FOR EACH ROW EXECUTE FUNCTION refuse_late();
    ALTER TABLE dkim_results ENABLE ALWAYS TRIGGER refuse_late"

ingest -q --db "$db" "$T/md" > "$T/out" 2> "$T/err"
rc=$?
check_eq "refused chunk: the run fails" 1 "$([ $rc -ne 0 ] && echo 1 || echo 0)"
check_eq "refused chunk: one error line" 1 "$(grep -c '^dmarc-ingest: ' "$T/err")"
check_grep "refused chunk: the COPY named" "store DKIM results \(COPY\)" "$T/err"
check_grep "refused chunk: the server's cause" "refused here: record 4[0-9]{4}" "$T/err"
echo "  the error: $(cat "$T/err")"
check_eq "refused chunk: the message not moved" "1 0" \
    "$(ls "$T/md/new" | wc -l) $(ls "$T/md/cur" | wc -l)"
check_eq "refused chunk: nothing stored" "0|0|0|0" \
    "$(psqlc "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM records),
        (SELECT count(*) FROM dkim_results), (SELECT count(*) FROM messages)")"

psqlc "DROP TRIGGER refuse_late ON dkim_results; DROP FUNCTION refuse_late()"
ingest -q --db "$db" "$T/md" > "$T/out" 2> "$T/err"
check_eq "then: exit 0" 0 $?
check_eq "then: the message moved" "0 1" "$(ls "$T/md/new" | wc -l) $(ls "$T/md/cur" | wc -l)"
check_eq "then: every row" "1|$N|$N|$N" \
    "$(psqlc "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM records),
        (SELECT count(*) FROM dkim_results), (SELECT count(*) FROM spf_results)")"
check_eq "then: report_stats as derived" "0" \
    "$(psqlc "SELECT count(*) FROM (SELECT * FROM report_stats EXCEPT
        SELECT * FROM report_stats_derived) d")"
ingest -q --db "$T/lite.sqlite" "$T/md.lite" > /dev/null 2>&1
W="--no-dns --no-asn --since 2020-01-01 --until 2030-12-31"
check_eq "then: the summary is SQLite's" \
    "$(report --db "$T/lite.sqlite" $W summary --format csv 2>&1)" \
    "$(report --db "$db" $W summary --format csv 2>&1)"
finish
