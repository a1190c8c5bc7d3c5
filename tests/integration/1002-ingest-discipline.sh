#!/usr/bin/env bash
# Maildir discipline: commit-then-move, crash recovery (committed but not
# moved), re-run does no work twice, non-reports left alone and not re-read,
# quarantine of broken reports, the lock, stdin and bare files.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3

report() { # org id ip count -> XML on stdout
	cat <<XML
<?xml version="1.0"?>
<feedback><report_metadata><org_name>$1</org_name><email>r@$1</email>
<report_id>$2</report_id><date_range><begin>1762646400</begin><end>1762732799</end></date_range>
</report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>
<record><row><source_ip>$3</source_ip><count>$4</count><policy_evaluated>
<disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
<identifiers><header_from>example.com</header_from></identifiers>
<auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>
<spf><domain>bounce.example.net</domain><result>pass</result></spf></auth_results></record></feedback>
XML
}
mail_gz() { # file org id ip count
	{
		printf 'From: reports@%s\nTo: dmarc@example.com\nSubject: Report Domain: example.com Submitter: %s Report-ID: %s\n' "$2" "$2" "$3"
		printf 'Message-ID: <%s@%s>\nMIME-Version: 1.0\nContent-Type: application/gzip; name="x.xml.gz"\nContent-Transfer-Encoding: base64\n\n' "$3" "$2"
		report "$2" "$3" "$4" "$5" | gzip -9n | base64
	} > "$1"
}

md=$T/Maildir
mkdir -p $md/new $md/cur $md/tmp
mail_gz $md/new/m1 rep.example r1 192.0.2.1 5
mail_gz $md/new/m2 rep.example r2 192.0.2.2 7
mail_gz $md/new/m3 rep.example r1 192.0.2.1 5          # duplicate of m1
printf 'From: a@b\nSubject: hello\n\nnot a report\n' > $md/new/m4
# random bytes behind a fixed start: bare random bytes begin with '<' (or
# whitespace and '<') about one run in 200, and are then sniffed as XML
{ printf 'From: a@b\nSubject: broken\nContent-Type: application/gzip\nContent-Transfer-Encoding: base64\n\n'; { printf 'NOTGZIP'; head -c 300 /dev/urandom; } | base64; } > $md/new/m5
printf 'x' > $md/tmp/partial                              # never read

ingest --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "exit status: some rejected" 1 $?
check_grep "summary line" "messages=5 stored=2 duplicates=1 conflicts=0 records=2 not_report=1 rejected=1" $T/out
check_grep "one line for the broken message" "m5.*: not-report-data:" $T/err
check_eq "stored messages" 2 "$(q "SELECT count(*) FROM messages WHERE outcome='stored'")"
check_eq "reports" 2 "$(q 'SELECT count(*) FROM report_summary')"
check_eq "messages counted" 12 "$(q 'SELECT sum(message_count) FROM report_summary')"
check_eq "new/ keeps only the non-report" "m4" "$(ls $md/new)"
check_eq "cur/ holds the reports with S" "m1:2,S m2:2,S m3:2,S" "$(ls $md/cur | tr '\n' ' ' | sed 's/ $//')"
check_eq "quarantine holds the broken one" "m5" "$(ls $md/.Quarantine/new)"
test -f $md/.Quarantine/maildirfolder; check_eq "quarantine is a Maildir++ folder" 0 $?
check_eq "tmp/ untouched" "partial" "$(ls $md/tmp)"

# Re-run: no work twice (the non-report is remembered, not re-read).
ingest --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "re-run exit" 0 $?
check_grep "re-run does nothing" "messages=0 stored=0 duplicates=0" $T/out
check_eq "reports after re-run" 2 "$(q 'SELECT count(*) FROM report_summary')"

# Crash after COMMIT, before the move: put a stored file back into new/.
mv "$md/cur/m2:2,S" $md/new/m2
ingest --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "recovery exit" 0 $?
check_eq "recovered message filed" "m4" "$(ls $md/new)"
check_eq "no double count after recovery" 12 "$(q 'SELECT sum(message_count) FROM report_summary')"
check_eq "no second messages row" 1 "$(q "SELECT count(*) FROM messages WHERE source_key='m2'")"

# A re-delivered copy under a new name is a duplicate, not a double count.
cp "$md/cur/m1:2,S" $md/new/m1-copy
ingest --db $T/db.sqlite -v $md > $T/out 2> $T/err
check_grep "copy is a duplicate" "m1-copy: duplicate" $T/out
check_eq "still 12 messages" 12 "$(q 'SELECT sum(message_count) FROM report_summary')"

# The lock: a second run while one holds it exits 75 and says so.
exec 9> $T/db.sqlite.lock
flock -n 9
ingest --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "locked exit status" 75 $?
check_grep "says another ingest runs" "locked: another dmarc-ingest is running" $T/err
exec 9>&-

# stdin and bare files are read, never moved.
mail_gz $T/single.eml other.example s1 198.51.100.7 3
ingest --db $T/db.sqlite - < $T/single.eml > $T/out 2> $T/err
check_eq "stdin exit" 0 $?
check_grep "stdin stored" "stored=1" $T/out
report bare.example b1 2001:DB8::1 4 > $T/bare.xml
report bare.example b2 203.0.113.9 6 | gzip > $T/bare.xml.gz
ingest --db $T/db.sqlite $T/bare.xml $T/bare.xml.gz > $T/out 2> $T/err
check_grep "bare files stored" "stored=2" $T/out
test -f $T/bare.xml && test -f $T/bare.xml.gz; check_eq "bare files stay" 0 $?
check_eq "IPv6 canonical" "2001:db8::1" "$(q "SELECT source_ip FROM record_detail WHERE report_id='b1'")"
ingest --db $T/db.sqlite $T/bare.xml > $T/out 2> $T/err
check_grep "re-ingested bare file is a duplicate" "stored=0 duplicates=1" $T/out

# Usage errors.
ingest --db $T/db.sqlite $T/nonexistent > /dev/null 2> $T/err
# no input is 66 (EX_NOINPUT, util/exits.def: issue 14), not a usage error
check_eq "missing input: no input" 66 $?
ingest --bogus-flag > /dev/null 2>&1
check_eq "unknown flag" 64 $?
finish
