# tests/integration/lib.sh -- the one shell library of the integration
# tests, sourced by every NNNN-*.sh (not a test itself: the test glob only
# runs [0-9]*.sh).  ctest sets DR_BUILD (the build dir) and DR_SRC.
#
# DR_MEMCHECK=1 in the environment: the programs run under valgrind's
# memcheck (5005-valgrind's sweep), 20-50 times slower.  A test that makes
# a large input only so that a run takes a while (a reader beside a prune,
# a kill -9 in the middle) makes a smaller one then: the code paths are the
# same, and memcheck's slowness gives the while.
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
# Fixtures that more than one test builds (one copy, here):
#   hosts_maildirs POOL OUT S O K   three hosts' Maildirs OUT/host1..3 made
#                             of a bench/gen-maildir POOL (6003, 6013)
#   prune_mkxml ID BEGIN COUNT   one report with an <error> and a reason
#   prune_snap DB BEFORE      the window from BEFORE, as every command
#                             shows it (2017, 6011)
#   prune_consistent WHAT Q [DB]  no orphans, report_stats as derived,
#                             report_selectors as rebuilt, pruned identities
#                             not stored; Q runs the SQL: q (SQLite) or pq
#   prune_kill9 Q DB BEFORE BATCH   kill -9 mid-prune, then the rerun
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

# check_same LABEL A B: files A and B hold the same bytes (else their
# first differences, < A, > B)
check_same() {
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! cmp -s "$2" "$3"; then
		echo "FAIL: $1 (< $(basename "$2"), > $(basename "$3")):"
		diff "$2" "$3" | head -10 | sed 's/^/    /'
		DR_FAILS=$((DR_FAILS + 1))
		return 1
	fi
	return 0
}

# check_differs LABEL A B: files A and B differ
check_differs() {
	DR_CHECKS=$((DR_CHECKS + 1))
	if cmp -s "$2" "$3"; then
		echo "FAIL: $1: $(basename "$2") and $(basename "$3") are the same"
		DR_FAILS=$((DR_FAILS + 1))
		return 1
	fi
	return 0
}

finish() {
	echo "$((DR_CHECKS - DR_FAILS)) passed, $DR_FAILS failed"
	[ "$DR_FAILS" -eq 0 ]
}

# --- fixtures shared by several tests -----------------------------------------

# hosts_maildirs POOL OUT S O K: three "hosts", OUT/host1..3 (Maildirs),
# made of the messages of POOL (a bench/gen-maildir Maildir, in index
# order): the first S reports on every host, the next O of its own per
# host, and on host 3 re-sends of host 1's first K own reports with other
# content (one message more in the first record: planted conflicts).  Each
# host received its own copy of the mail: another Received line, the same
# report bytes.  OUT/total: the message total of the S + 3*O unique
# reports, as the reports say.
hosts_maildirs() {
	python3 - "$@" <<'PY'
import base64, gzip, os, re, sys
pool, out, S, O, K = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
names = sorted(os.listdir(os.path.join(pool, "new")))   # index order (M%07d)
SEP = b"Content-Transfer-Encoding: base64\n\n"
def load(i):
    with open(os.path.join(pool, "new", names[i]), "rb") as f:
        return f.read()
def put(h, name, data):
    d = os.path.join(out, "host%d" % h)
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    hdr = ("Received: from mail.reporter.example by mx%d.example.com; "
           "Mon, 16 Nov 2026 00:00:0%d +0000\n" % (h, h)).encode()
    with open(os.path.join(d, "new", "%s.host%d" % (name, h)), "wb") as f:
        f.write(hdr + data)
def xml_of(data):
    b64 = data.split(SEP, 1)[1].split(b"\n--b", 1)[0]
    return gzip.decompress(base64.b64decode(b64))
def altered(data):
    head, rest = data.split(SEP, 1)
    tail = rest.split(b"\n--b", 1)[1]
    xml = xml_of(data)
    xml2 = re.sub(rb"<count>(\d+)</count>",
                  lambda m: b"<count>%d</count>" % (int(m.group(1)) + 1), xml, 1)
    assert xml2 != xml
    nb = base64.encodebytes(gzip.compress(xml2, mtime=0)).rstrip(b"\n")
    return head + SEP + nb + b"\n--b" + tail
for i in range(S):
    for h in (1, 2, 3):
        put(h, names[i], load(i))
for h in (1, 2, 3):
    for i in range(S + (h - 1) * O, S + h * O):
        put(h, names[i], load(i))
for k in range(K):
    i = S + k                     # host 1's own reports, re-sent to host 3
    put(3, names[i] + ".resend", altered(load(i)))
tot = sum(int(c) for i in range(S + 3 * O)
          for c in re.findall(rb"<count>(\d+)</count>", xml_of(load(i))))
open(os.path.join(out, "total"), "w").write("%d\n" % tot)
PY
}

# prune_mkxml ID BEGIN COUNT: one report written by hand, with what
# gen-maildir leaves out (an <error>, a policy_evaluated reason): report
# id ID, one day from BEGIN (epoch seconds), one record of COUNT messages.
prune_mkxml() {
	cat <<EOF
<?xml version="1.0"?>
<feedback><report_metadata><org_name>Old Org</org_name>
<email>dmarc@old.example</email><report_id>$1</report_id>
<date_range><begin>$2</begin><end>$(($2 + 86399))</end></date_range>
<error>one error</error></report_metadata>
<policy_published><domain>example.com</domain><p>none</p></policy_published>
<record><row><source_ip>192.0.2.99</source_ip><count>$3</count>
<policy_evaluated><disposition>none</disposition><dkim>fail</dkim>
<spf>pass</spf><reason><type>forwarded</type></reason></policy_evaluated>
</row><identifiers><header_from>example.com</header_from></identifiers>
<auth_results><dkim><domain>example.com</domain><selector>k1</selector>
<result>fail</result></dkim><spf><domain>example.com</domain>
<result>pass</result></spf></auth_results></record></feedback>
EOF
}

# prune_snap DB BEFORE: the window BEFORE .. 2026-11-15 of database DB (a
# file or a conninfo) as every command shows it, stderr included (the
# report's clock, "now", left out): pruning what ended before BEFORE must
# not change a byte of it.
prune_snap() {
	local w="--since $2 --until 2026-11-15 --no-dns --no-asn"
	report --db "$1" $w summary --format json
	report --db "$1" $w failures --all --format csv
	report --db "$1" $w reports --format json | grep -v '"now"'
	report --db "$1" $w sources --format csv
	report --db "$1" $w query daily-volume since="$2" until=2026-11-16
}

# prune_consistent WHAT Q [DB]: the database is consistent after a prune
# (or one killed half way): no orphan rows, report_stats equal to
# report_stats_derived, report_selectors equal to a rebuild from the DKIM
# results, no pruned identity also a stored report; with SQLite also
# integrity_check and foreign_key_check.  Q runs one statement ("Q SQL
# DB", -At style output): q for SQLite ($DB; the argument unused), pq for
# PostgreSQL (DB: a database of the test's server, default its own).
prune_consistent() {
	local what=$1 run=$2 db=${3:-}
	if [ "$run" = q ]; then
		check_eq "$what: integrity_check" ok "$(q 'PRAGMA integrity_check')"
		check_eq "$what: foreign_key_check" "" "$(q 'PRAGMA foreign_key_check')"
	fi
	check_eq "$what: no orphans" "0|0|0|0|0|0|0|0" "$("$run" "SELECT
	    (SELECT count(*) FROM records WHERE report NOT IN (SELECT id FROM reports)),
	    (SELECT count(*) FROM dkim_results WHERE record NOT IN (SELECT id FROM records)),
	    (SELECT count(*) FROM spf_results WHERE record NOT IN (SELECT id FROM records)),
	    (SELECT count(*) FROM record_reasons WHERE record NOT IN (SELECT id FROM records)),
	    (SELECT count(*) FROM report_errors WHERE report NOT IN (SELECT id FROM reports)),
	    (SELECT count(*) FROM report_selectors WHERE report NOT IN (SELECT id FROM reports)),
	    (SELECT count(*) FROM conflicts WHERE report NOT IN (SELECT id FROM reports)),
	    (SELECT count(*) FROM ingest_log WHERE report NOT IN (SELECT id FROM reports))" $db)"
	check_eq "$what: report_stats = report_stats_derived" "0|0" "$("$run" "SELECT
	    (SELECT count(*) FROM (SELECT * FROM report_stats EXCEPT
	        SELECT * FROM report_stats_derived) a),
	    (SELECT count(*) FROM (SELECT * FROM report_stats_derived EXCEPT
	        SELECT * FROM report_stats) b)" $db)"
	check_eq "$what: report_selectors = a rebuild" 0 "$("$run" "SELECT count(*) FROM (
	    SELECT domain, selector, report FROM report_selectors EXCEPT
	    SELECT d.domain, d.selector, c.report FROM dkim_results d
	    JOIN records c ON c.id = d.record WHERE d.domain IS NOT NULL
	    AND d.selector IS NOT NULL AND d.selector <> '') s" $db)"
	check_eq "$what: reports and identities are disjoint" 0 "$("$run" "SELECT count(*)
	    FROM reports r JOIN pruned_reports p USING (org_key, report_id,
	    policy_domain)" $db)"
}

# prune_kill9 Q DB BEFORE BATCH [QDB]: `dmarc-report --db DB prune --before
# BEFORE --batch BATCH` killed with SIGKILL once more than 30 reports are
# pruned (polled, not a fixed sleep: an ASan or memcheck build starts
# slower); then the database is consistent (prune_consistent), every
# report is stored or remembered, and the next run removes exactly the
# rest (every report that ended before BEFORE).  Q and QDB as in
# prune_consistent (QDB: DB's name on the server, for pq).
prune_kill9() {
	local run=$1 db=$2 before=$3 batch=$4 qdb=${5:-} pid i total old left
	local before_s
	before_s=$(date -u -d "$before" +%s)
	total=$("$run" 'SELECT count(*) FROM reports' $qdb)
	old=$("$run" "SELECT count(*) FROM reports WHERE date_end < $before_s" $qdb)
	"$DR_BUILD/dmarc-report" --db "$db" prune --before "$before" \
	    --batch "$batch" > /dev/null 2>&1 &
	pid=$!
	for i in $(seq 500); do
		[ "$("$run" 'SELECT count(*) FROM pruned_reports' $qdb 2> /dev/null)" -gt 30 ] \
		    2> /dev/null && break
		sleep 0.02
	done
	kill -9 $pid 2> /dev/null
	wait $pid 2> /dev/null
	left=$("$run" "SELECT count(*) FROM reports WHERE date_end < $before_s" $qdb)
	echo "killed with $left of $old old reports left"
	check_eq "killed mid-prune" 1 "$([ "$left" -gt 0 ] && [ "$left" -lt "$old" ] && echo 1)"
	prune_consistent "after kill -9" "$run" $qdb
	check_eq "after kill -9: every report is stored or remembered" "$total" \
	    "$("$run" 'SELECT (SELECT count(*) FROM reports) + (SELECT count(*) FROM pruned_reports)' $qdb)"
	report --db "$db" prune --before "$before" --format json > "$T/rest.json"
	check_eq "after kill -9: the next run removes the rest" "$left" \
	    "$(json_get "$T/rest.json" 'j["removed"]["reports"]')"
	check_eq "after kill -9 and a rerun: all old reports gone" 0 \
	    "$("$run" "SELECT count(*) FROM reports WHERE date_end < $before_s" $qdb)"
	check_eq "after kill -9 and a rerun: identities" "$old" \
	    "$("$run" 'SELECT count(*) FROM pruned_reports' $qdb)"
	prune_consistent "after the rerun" "$run" $qdb
}

# The readiness fixtures of 2016, 2018 and 6014 (tests/data/readiness/*.xml.in),
# written into $T/in:
#   rollup_mk TEMPLATE DAY ORG [ID-SUFFIX]   one report, DAY days after
#                                  2026-11-01 (ROLLUP_BASE: another day,
#                                  Unix seconds), file TEMPLATE-DAY-ORG[SUFFIX].xml
#   rollup_fixtures                24 days of "ready" and "service" reports
#                                  from two reporters in turn, two "small"
rollup_mk() {
	local base=${ROLLUP_BASE:-1793491200}	# 2026-11-01 00:00 UTC
	sed -e "s/@ORG@/$3/g" -e "s/@ID@/$1-$2-$3${4:-}/" \
	    -e "s/@BEGIN@/$((base + $2 * 86400))/" \
	    -e "s/@END@/$((base + $2 * 86400 + 86399))/" \
	    "$DR_SRC/tests/data/readiness/$1.xml.in" >"$T/in/$1-$2-$3${4:-}.xml"
}
rollup_fixtures() {
	local day org
	mkdir -p "$T/in"
	for day in $(seq 0 23); do
		org=rep-a.test; [ $((day % 2)) -eq 1 ] && org=rep-b.test
		rollup_mk ready $day $org
		rollup_mk service $day $org
	done
	rollup_mk small 3 rep-a.test
	rollup_mk small 4 rep-a.test
}

# batch_report ID NRECORDS FIRST [DAY]: $T/in/ID.xml (tests 2019 and
# 6016), a report of batch.example for 2026-11-01 (plus DAY days) with
# NRECORDS records, record i
# (from FIRST on) from IP 10.0.x.y with x.y = i mod 4000, count i mod 7 +
# 1, failing when i mod 3 = 0, signed by d(i mod 5).example, forwarded
# when i mod 11 = 0.
batch_report() {
	local day=$((1793491200 + ${4:-0} * 86400))
	awk -v id="$1" -v n="$2" -v first="$3" -v b=$day -v e=$((day + 86399)) 'BEGIN {
	printf "<?xml version=\"1.0\"?>\n<feedback><report_metadata><org_name>rep.test</org_name>"
	printf "<email>d@rep.test</email><report_id>%s</report_id><date_range><begin>%d</begin>", id, b
	printf "<end>%d</end></date_range></report_metadata><policy_published><domain>batch.example</domain>", e
	printf "<p>none</p></policy_published>\n"
	for (i = first; i < first + n; i++) {
		k = i % 4000; fail = i % 3 == 0
		printf "<record><row><source_ip>10.0.%d.%d</source_ip><count>%d</count>", int(k / 256), k % 256, i % 7 + 1
		printf "<policy_evaluated><disposition>none</disposition><dkim>%s</dkim><spf>%s</spf>", fail ? "fail" : "pass", fail ? "fail" : "pass"
		if (i % 11 == 0) printf "<reason><type>forwarded</type></reason>"
		printf "</policy_evaluated></row><identifiers><header_from>batch.example</header_from></identifiers>"
		printf "<auth_results><dkim><domain>d%d.example</domain><result>%s</result></dkim>", i % 5, fail ? "fail" : "pass"
		printf "<spf><domain>batch.example</domain><result>%s</result></spf></auth_results></record>\n", fail ? "fail" : "pass"
	}
	printf "</feedback>\n" }' > "$T/in/$1.xml"
}

# wk_reports: two more reports of batch.example for 2026-11-01 (tests 2019
# and 6016) whose records all come from 10.9.9.9: r6 from other.test (60
# records, 20 failing), r7 from rep.test (30 records, 10 failing).  Stored
# after r1-r5 (file order), so that IP's first 16 failing records are
# r6's and its reporters other.test then rep.test: the weekly columns of
# the rollup (migration 14) keep 16 of 30 and the reporters in order.
wk_reports() {
	batch_report r6 60 20000
	batch_report r7 30 30000
	sed -i -e 's/<source_ip>[^<]*</<source_ip>10.9.9.9</' "$T/in/r6.xml" "$T/in/r7.xml"
	sed -i -e 's/<org_name>rep.test</<org_name>other.test</' "$T/in/r6.xml"
}

# sample_reports: three reports of service.example (tests 2018 and 6014)
# with ten failing records each from 192.0.2.99, around week W47
# (2026-11-16 .. 22): samp-a (rep-a.test, 2026-11-17, DKIM signature
# fails, SPF fails), samp-b (rep-c.test, noon 2026-11-22 to noon 11-23,
# straddling the week's end: not signed, SPF softfail), samp-c
# (rep-b.test, 2026-11-20, SPF temperror), stored in that order.  The
# page's first 16 failing records of that source by (report, record) are
# samp-a's ten and six of samp-b's, whichever path (the rollup cache or
# the records) gave them: its "what failed" names the signature, "not
# signed" and softfail, never "error or neutral".
sample_reports() {
	local name org b e dkim spf i
	while read -r name org b e dkim spf; do
		{
		printf '<?xml version="1.0"?>\n<feedback><report_metadata><org_name>%s</org_name>' "$org"
		printf '<email>d@%s</email><report_id>%s</report_id><date_range><begin>%s</begin>' "$org" "$name" "$b"
		printf '<end>%s</end></date_range></report_metadata><policy_published>' "$e"
		printf '<domain>service.example</domain><p>none</p></policy_published>\n'
		for i in 1 2 3 4 5 6 7 8 9 10; do
			printf '<record><row><source_ip>192.0.2.99</source_ip><count>%s</count>' "$i"
			printf '<policy_evaluated><disposition>none</disposition><dkim>fail</dkim>'
			printf '<spf>fail</spf></policy_evaluated></row><identifiers>'
			printf '<header_from>service.example</header_from></identifiers><auth_results>'
			[ "$dkim" = - ] || printf '<dkim><domain>service.example</domain><result>%s</result></dkim>' "$dkim"
			printf '<spf><domain>service.example</domain><result>%s</result></spf>' "$spf"
			printf '</auth_results></record>\n'
		done
		printf '</feedback>\n'
		} > "$T/in/$name.xml"
	done <<EOT
samp-a rep-a.test 1794873600 1794959999 fail fail
samp-b rep-c.test 1795348800 1795435199 - softfail
samp-c rep-b.test 1795132800 1795219199 - temperror
EOT
}

# late_identity_xml FILE REPORT_ID COUNT: tests/data/xml/minimal.xml with
# report id REPORT_ID and record count COUNT, its report_metadata moved
# after the records (the identity arrives late: 1004, 6010, 6012).
late_identity_xml() {
	python3 - "$DR_SRC/tests/data/xml/minimal.xml" "$1" "$2" "$3" <<'PY'
import re, sys
src, out, rid, count = sys.argv[1:]
t = open(src).read().replace("min-1", rid).replace("<count>5</count>", "<count>%s</count>" % count)
meta = re.search(r"<report_metadata>.*?</report_metadata>", t, re.S).group(0)
t = t.replace(meta, "").replace("</feedback>", meta + "\n</feedback>")
open(out, "w").write(t)
PY
}
