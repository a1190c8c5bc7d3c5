#!/usr/bin/env bash
# 6012-pg-fixtures-same: "same answers" over the integration fixtures, not
# only samples/ (6010): the test data the 1xxx/2xxx tests feed dmarc-ingest
# is ingested into an SQLite file and into a PostgreSQL database (a server
# of tests/pg/pg-run.sh, UTF-8 locale, not C), each run in the same order
# on its own copy of the inputs:
#   - samples/maildir (a Maildir, one non-report left in new/);
#   - a gen-test-maildir.py Maildir (gzip, zip, two reports in one message,
#     re-deliveries, broken attachments into .Quarantine, plain mails) and
#     an mbox of its messages (1016);
#   - tests/data/xml/*.xml (hostile: XXE, entity bomb, UTF-16, windows-1252,
#     truncated ...), tests/data/report/totals-not-a-report.eml (2011),
#     tests/data/services/report.xml (2015), the alerts reports of 2013
#     (healthy, failing, hostile names, broken), the readiness reports of
#     2016 and the late-identity / conflict replay cases of 1004;
#   - ../shared/corpus/real (when ../shared exists; skipped otherwise).
# The --json run summaries (and -v lines) of every ingest must be the same;
# so must the files left in new/, filed in cur/ and in the quarantine.
# Then every dmarc-report command -- summary, failures [--all], sources,
# reports [--rejected --all-rejected], query NAME (each named query, with
# and without domain=), readiness [--inventory], alerts --all (and the
# stateful alerts, twice), html (page and --mail), check against an
# unreachable server, prune --dry-run -- in every format it has, over
# several windows (--since/--until, --week, each --domain) with --no-dns
# --no-asn and a fixed --now (DMARC_RUA_NOW), must give the same stdout,
# stderr and exit status byte for byte.  Normalised: the ingest runs'
# timings in their summaries; the time of ingest (the wall clock of each
# store's run) is set to the same value in both after each run.
# `prune --dry-run` is compared like every other command.
# DR_KEEP=1 keeps $T with each difference in $T/diffs/.
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_tool python3 "fixture generation and JSON"
need_tool sqlite3
need_ingest
cd "$T" || exit 1	# a build without the backend writes files named after --db
pg_start
PDB=$(pg_newdb fixtures) || { echo "FAIL: no database"; exit 1; }
SDB=$T/fixtures.sqlite
export DMARC_RUA_NOW=1794787200		# 2026-11-16 00:00 UTC

# --- the inputs (built once, copied for each store) ---------------------------
S=$T/src
mkdir -p "$S/files" "$S/alerts" "$S/ready" "$S/replay"
copy_maildir "$DR_SRC/samples/maildir" "$S/samples"
python3 "$DR_SRC/tests/integration/gen-test-maildir.py" "$S/gen" 60 > /dev/null
python3 - "$DR_SRC/tests/integration/gen-test-maildir.py" "$S/gen" "$S/gen.mbox" <<'PY'
import os, sys
gen, out = sys.argv[2], sys.argv[3]
names = sorted(os.listdir(os.path.join(gen, "new")))[:12]
with open(out, "wb") as f:
    for n in names:
        data = open(os.path.join(gen, "new", n), "rb").read()
        f.write(b"From reporter@example.net Mon Nov 16 00:00:00 2026\n")
        f.write(data.replace(b"\nFrom ", b"\n>From "))
        if not data.endswith(b"\n"):
            f.write(b"\n")
        f.write(b"\n")
PY
cp "$DR_SRC"/tests/data/xml/*.xml "$DR_SRC/tests/data/report/totals-not-a-report.eml" "$S/files/"
cp "$DR_SRC/tests/data/services/report.xml" "$S/files/services-report.xml"
cp "$DR_SRC/tests/data/alerts/broken.xml" "$S/alerts/zz-broken.xml"
# 2013's reports: the previous and the current window, a hostile reporter
A=$DR_SRC/tests/data/alerts
day() { date -u -d "$1" +%s; }
mkrep() {	# FILE ORG ID FIRST-DAY LAST-DAY IP:COUNT:EVAL:SELECTOR...
	local f=$1 org=$2 id=$3 b e s ip n ev sel
	b=$(day "$4"); e=$(( $(day "$5") + 86399 ))
	shift 5
	for s in "$@"; do
		IFS=: read -r ip n ev sel <<<"$s"
		sed -e "s/@IP@/$ip/" -e "s/@COUNT@/$n/" -e "s/@EVAL@/$ev/g" \
		    -e "s/@SEL@/$sel/" "$A/record.xml.in"
	done > "$T/records"
	sed -e "s/@ORG@/$org/g" -e "s/@ID@/$id/" -e "s/@BEGIN@/$b/" \
	    -e "s/@END@/$e/" -e "/@RECORDS@/{r $T/records" -e "d}" \
	    "$A/report.xml.in" > "$f"
}
for d in 02 03 04 05 06 07 08 09 10 11; do
	extra=; [ $d = 10 ] && extra=203.0.113.66:5000:fail:s2
	mkrep "$S/alerts/g$d.xml" google.com "g-$d" "2026-11-$d" "2026-11-$d" \
	    192.0.2.10:1000:pass:s1 198.51.100.99:10:fail:s1 $extra
done
for d in 09 10 11 12 13 14 15; do
	mkrep "$S/alerts/y$d.xml" yahoo.com "y-$d" "2026-11-$d" "2026-11-$d" 192.0.2.10:100:pass:s1
done
for d in 02 03 04 05; do
	sed -e "s/@ID@/h-$d/" -e "s/@BEGIN@/$(day "2026-11-$d")/" \
	    -e "s/@END@/$(( $(day "2026-11-$d") + 86399 ))/" -e "s/@COUNT@/5/" \
	    "$A/hostile.xml.in" > "$S/alerts/h$d.xml"
done
# 2016's reports
base=1794268800
for day in 0 1 2 3 4 5 6; do
	org=rep-a.test; [ $((day % 2)) -eq 1 ] && org=rep-b.test
	for t in ready service small; do
		[ $t = small ] && [ $day -gt 1 ] && continue
		sed -e "s/@ORG@/$org/g" -e "s/@ID@/$t-$day-$org/" \
		    -e "s/@BEGIN@/$((base + day * 86400))/" \
		    -e "s/@END@/$((base + day * 86400 + 86399))/" \
		    "$DR_SRC/tests/data/readiness/$t.xml.in" > "$S/ready/$t-$day.xml"
	done
done
# 1004's replay cases: late identity (duplicate, conflict), a broken one
x=$DR_SRC/tests/data/xml/minimal.xml
late_identity_xml "$S/replay/01-a.xml" late-1 5
cp "$x" "$S/replay/02-b.xml"
late_identity_xml "$S/replay/03-dup.xml" late-1 5
sed 's/min-1/min-2/' "$x" > "$S/replay/04-c.xml"
late_identity_xml "$S/replay/05-conflict.xml" late-1 6
printf '<feedback><report_metadata>' > "$S/replay/07-broken.xml"
cp "$x" "$S/replay/09-dup-early.xml"
REAL=$SHARED/corpus/real
if [ -d "$REAL" ]; then
	mkdir -p "$S/real"
	(cd "$REAL" && find . -type f ! -name MANIFEST.tsv ! -name '*.md' | sort) |
	while read -r f; do cp "$REAL/$f" "$S/real/$(echo "${f#./}" | tr / _)"; done
else
	skip_part_or_fail "no ../shared/corpus/real"
fi
cp -a "$S" "$T/s"
cp -a "$S" "$T/p"

# --- ingest: the same runs, the same summaries -----------------------------------
n=0
both_ingest() {	# ARGS...: dmarc-ingest in $T/s (SQLite) and $T/p (PostgreSQL)
	n=$((n + 1))
	# (the globs expand in each copy)
	# shellcheck disable=SC2048,SC2086
	(cd "$T/s" && ingest -v --json --db "$SDB" $* > "$T/i$n.s" 2>&1; echo "status $?" >> "$T/i$n.s")
	# shellcheck disable=SC2048,SC2086
	(cd "$T/p" && ingest -v --json --db "$PDB" $* > "$T/i$n.p" 2>&1; echo "status $?" >> "$T/i$n.p")
	# the summary's timings differ from run to run (NORMALISED: elapsed)
	sed -Ei 's/"(elapsed|seconds|ms)[a-z_]*": *[0-9.e+-]+/"\1": T/g' "$T/i$n.s" "$T/i$n.p"
	check_eq "ingest $*: same lines, summary, status" "" "$(diff "$T/i$n.s" "$T/i$n.p" | head -8)"
	# The time of ingest is each store's own wall clock (SQLite's run a
	# second before PostgreSQL's at times), and inputs set aside are
	# listed newest first: run N's rows get the time B+N in both stores.
	local fix="UPDATE messages SET ingested_at = $((B + n)) WHERE ingested_at >= $T0;
UPDATE reports SET ingested_at = $((B + n)) WHERE ingested_at >= $T0;
UPDATE conflicts SET seen_at = $((B + n)) WHERE seen_at >= $T0;"
	sqlite3 "$SDB" "$fix" && "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$PDB" -c "$fix" ||
	    { echo "FAIL: times not set"; exit 1; }
}
T0=$(date +%s) B=$(( $(date +%s) - 1000 ))
both_ingest samples
both_ingest gen.mbox
both_ingest gen
both_ingest 'files/*'
both_ingest --batch 2 'replay/*'
both_ingest 'alerts/*'
both_ingest 'ready/*'
[ -d "$S/real" ] && both_ingest 'real/*'
both_ingest samples gen gen.mbox 'files/*' 'real/*'	# again: all duplicates	# again: all duplicates
check_eq "ingest: something stored" 1 "$(sqlite3 "$SDB" 'SELECT count(*) > 100 FROM reports')"
for d in samples gen; do
	for sub in new cur .Quarantine/new .Quarantine/cur; do
		check_eq "files in $d/$sub" "$(ls "$T/s/$d/$sub" 2>&1 | sed 's/,.*//')" "$(ls "$T/p/$d/$sub" 2>&1 | sed 's/,.*//')"
	done
done

# --- every command, both stores ---------------------------------------------------
fails0=$DR_FAILS k=0
same() {	# ARGS...: dmarc-report against both: stdout, stderr, status
	report --db "$SDB" "$@" > "$T/out.s" 2>&1
	echo "status $?" >> "$T/out.s"
	report --db "$PDB" "$@" > "$T/out.p" 2>&1
	echo "status $?" >> "$T/out.p"
	# one cmp when they agree (about 2,000 calls: a diff and a head or
	# three per call were a good part of this test's time)
	if cmp -s "$T/out.s" "$T/out.p"; then
		DR_CHECKS=$((DR_CHECKS + 1))
		return
	fi
	if [ "${DR_KEEP:-0}" = 1 ]; then
		mkdir -p "$T/diffs"; k=$((k + 1))
		{ echo "$*"; diff "$T/out.s" "$T/out.p"; } > "$T/diffs/$k"
	fi
	if [ $((DR_FAILS - fails0)) -lt 20 ]; then
		check_eq "same answer: $*" "" "$(diff "$T/out.s" "$T/out.p" | head -10)"
	else
		DR_CHECKS=$((DR_CHECKS + 1)) DR_FAILS=$((DR_FAILS + 1))
	fi
}
mapfile -t domains < <(sqlite3 "$SDB" "SELECT DISTINCT policy_domain FROM reports ORDER BY 1" | head -60)
echo "${#domains[@]} policy domains"
queries=$(report --db "$SDB" query --list 2>/dev/null | grep -o '^[a-z][a-z0-9-]*')
[ -n "$queries" ] || { echo "FAIL: no named queries listed"; exit 1; }
X="--no-dns --no-asn"
windows=("--since 2026-11-09 --until 2026-11-15" "--since 2026-11-02 --until 2026-11-22"
    "--since 1990-01-01 --until 2030-12-31" "--since 2026-11-16 --until 2026-11-16"
    "--since 2031-01-01 --until 2031-01-07")
for w in "${windows[@]}"; do
	for f in table csv json; do
		for c in summary failures "failures --all" sources reports "reports --rejected" \
		    "reports --rejected --all-rejected" readiness "readiness --inventory" \
		    "alerts --all" "prune --dry-run --before 2026-11-10"; do
			# shellcheck disable=SC2086
			same $X $w $c --format $f
		done
		for qn in $queries; do
			# shellcheck disable=SC2086
			same $X $w query $qn --format $f
		done
		# shellcheck disable=SC2086
		same $X $w --wide failures --all --format $f
	done
done
W="--since 1990-01-01 --until 2030-12-31"
for d in "${domains[@]}"; do
	for f in table csv json; do
		for c in summary "failures --all" sources reports readiness "readiness --inventory" "alerts --all"; do
			# shellcheck disable=SC2086
			same $X $W --domain "$d" $c --format $f
		done
	done
	for qn in $queries; do
		# shellcheck disable=SC2086
		same $X $W query $qn "domain=$d" --format csv
	done
	# shellcheck disable=SC2086
	same $X html --domain "$d" --week 2026-W46 -o -
done
# shellcheck disable=SC2086
same $X --domain example.com --domain example.org $W summary --format json
same $X query ptr-cache --format json
same $X query ptr-cache ip=192.0.2.10 --format csv
same $X query no-such-query
for wk in 2026-W45 2026-W46 2026-W47 2021-W10 2031-W01; do
	same $X html --week "$wk" -o -
	same $X html --week "$wk" --top 1 -o -
	same $X html --week "$wk" --mail dmarc@example.com postmaster@example.com
done
same $X html -o -
same $X --days 28 readiness
for f in table json; do same $X prune --dry-run --before 2026-11-10 --format $f; done
same $X prune --dry-run --before 2099-01-01
# check: DNS is not the point here -- an unreachable server, one fast try
same --dns-server 127.0.0.1:9 check example.com --timeout 50 --tries 1
same --no-dns check example.com
# the stateful alerts: the same alerts raised, then nothing new
same $X alerts
same $X alerts
same $X alerts --format json --all --mail dmarc@example.com postmaster@example.com
echo "$((DR_CHECKS)) checks"
finish
