#!/usr/bin/env bash
# Issue 15 item 15: words other than pass/fail in policy_evaluated
# (softfail for spf, none for dkim) are kept per record in
# records.dkim_eval_raw/spf_eval_raw, shown by record_detail in two new
# columns at its end, and counted as not aligned (dkim/spf 'fail'); the
# warning names the record.  record_detail keeps every column it had, in
# order, on a database migrated from version 5.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
DB=$T/db.sqlite
X=$DR_SRC/tests/data/xml/minimal.xml
W="--no-dns --since 2024-01-01 --until 2024-01-03"
crlf() { tr -d '\r' < "$1" > "$1.lf" && mv "$1.lf" "$1"; }

# a version-5 database: record_detail's columns before migration 6
sqlite3 -batch "$DB" < "$DR_SRC/tests/data/store/v5-samples.sql"
cols="SELECT group_concat(name, ',') FROM pragma_table_info('record_detail')"
v5cols=$(q "$cols")

# record 1: spf softfail; record 2: dkim none, spf pass; record 3: dkim
# none, spf softfail
sed -e 's/min-1/raw-1/' -e 's/<spf>fail</<spf>softfail</' \
    -e 's|</feedback>|<record><row><source_ip>192.0.2.2</source_ip><count>2</count><policy_evaluated><disposition>none</disposition><dkim>none</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers></record><record><row><source_ip>192.0.2.3</source_ip><count>4</count><policy_evaluated><disposition>none</disposition><dkim>None</dkim><spf>softfail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers></record></feedback>|' \
    "$X" > "$T/raw.xml"
ingest --db "$DB" "$T/raw.xml" > "$T/out" 2> "$T/err"
check_eq "ingest exit" 0 $?
check_eq "schema version" 14 "$(q 'PRAGMA user_version')"
check_eq "old columns kept, new at the end" "$v5cols,dkim_raw,spf_raw" "$(q "$cols")"
check_eq "record_detail" "192.0.2.1|pass|fail|pass||softfail
192.0.2.2|fail|pass|pass|none|
192.0.2.3|fail|fail|fail|None|softfail" "$(q "SELECT source_ip, dkim, spf, dmarc,
    dkim_raw, spf_raw FROM record_detail WHERE report_id = 'raw-1' ORDER BY 1")"
check_eq "records columns" "softfail|2" "$(q "SELECT spf_eval_raw, count(*) FROM
    records WHERE spf_eval_raw IS NOT NULL GROUP BY 1")"
check_eq "dmarc_pass unchanged" "0" "$(q "SELECT dmarc_pass FROM records
    WHERE source_ip = '192.0.2.3'")"
check_eq "warnings name the record" 'record 1: policy_evaluated/spf "softfail" is not a schema value: stored raw, counted as not aligned (2 records)
record 2: policy_evaluated/dkim "none" is not a schema value: stored raw, counted as not aligned (2 records)' \
    "$(q "SELECT detail FROM ingest_log WHERE reason = 'nonstandard-value'
    ORDER BY 1")"
check_eq "report_stats: aligned counts" "11|7|2|5" "$(q "SELECT s.messages,
    s.dmarc_pass, s.spf_aligned, s.dkim_aligned FROM report_stats s JOIN reports r
    ON r.id = s.report WHERE r.report_id = 'raw-1'")"

# failures counts the words as SPF/DKIM not aligned
report --db "$DB" $W failures --all --format csv > "$T/f.csv"
check_eq "failures exit" 0 $?
crlf "$T/f.csv"
check_eq "failures: spf_fail, dkim_fail" "192.0.2.1,0,5,0
192.0.2.2,0,0,2
192.0.2.3,4,4,4" "$(awk -F, 'NR > 1 { print $2 "," $6 "," $7 "," $8 }' "$T/f.csv" | sort)"
report --db "$DB" $W summary --format csv > "$T/s.csv"
crlf "$T/s.csv"
check_eq "summary: messages, pass, spf%, dkim%" "11,7,18.1,45.4" \
    "$(sed -n 2p "$T/s.csv" | cut -d, -f4,5,7,8)"

# the same report again is a duplicate (the digest hashes the words as
# version 5 did)
ingest -q --db "$DB" "$T/raw.xml"
check_eq "re-send exit" 0 $?
check_eq "re-send duplicate" "duplicate" "$(q "SELECT outcome FROM messages
    ORDER BY id DESC LIMIT 1")"
finish
