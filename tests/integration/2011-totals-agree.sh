#!/usr/bin/env bash
# 2011-totals-agree: every total adds up and every count is named the same
# in `dmarc-ingest --json`, `summary`, `reports` and the weekly page (issue
# 14).  The crafted reports (tests/data/xml/totals-*.xml, all on Wednesday
# 2026-11-11, week 2026-W46) hold a GMX-like <disposition>pass</disposition>
# and a record with no disposition: 250 none + 17 reject + 4 pass + 1 not
# stated = 272 messages, 254 passing DMARC (93.38 %, shown 93.3 by every
# output: rates are rounded down to 0.1 %).  A truncated report and a mail
# that is not a report are the inputs set aside.  The page is read as
# Chromium renders it when chromium is installed.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3
D="$DR_SRC/tests/data"
DC="$DR_SRC/tests/html/domcheck.py"
dc() { python3 "$DC" "$@"; }
export DB="$T/db.sqlite"
W="--db $DB --no-dns --since 2026-11-09 --until 2026-11-15"

mkdb "$DB"
cp "$D/xml/totals-gmx.xml" "$D/xml/totals-no-disposition.xml" \
    "$D/xml/totals-truncated.xml" "$D/report/totals-not-a-report.eml" "$T/"
ingest --json --db "$DB" "$T/totals-gmx.xml" "$T/totals-no-disposition.xml" \
    "$T/totals-truncated.xml" "$T/totals-not-a-report.eml" >"$T/ing.json" 2>"$T/ing.err"
check_eq "ingest: some inputs set aside" 1 "$?"
stored=$(json_get "$T/ing.json" 'j["stored"]')
check_eq "ingest: stored counts reports" 2 "$stored"
set_aside=$(json_get "$T/ing.json" 'j["rejected"] + j["not_report"] + j["conflicts"]')
check_eq "ingest: inputs set aside" 2 "$set_aside"

# summary: the dispositions add up to the messages, in every format.
report $W summary --format json >"$T/s.json"
check_eq "summary json exit" 0 "$?"
r='j["rows"][0]'
check_eq "summary json: messages" 272 "$(json_get "$T/s.json" "$r[\"messages\"]")"
check_eq "summary json: other (pass + not stated)" 5 \
    "$(json_get "$T/s.json" "$r.get(\"disp_other\")")"
check_eq "summary json: dispositions add up" 272 "$(json_get "$T/s.json" \
    "$r[\"disp_none\"] + $r[\"disp_quarantine\"] + $r[\"disp_reject\"] + $r.get(\"disp_other\", 0)")"
check_eq "summary json: pass rate" 93.3 "$(json_get "$T/s.json" "$r[\"dmarc_pass_pct\"]")"
report $W summary --format csv >"$T/s.csv"
check_eq "summary csv: dispositions add up" "272 272 93.3" "$(python3 -c '
import csv, sys
r = next(csv.DictReader(open(sys.argv[1])))
print(r["messages"], sum(int(r.get(k) or 0) for k in
    ("disp_none", "disp_quarantine", "disp_reject", "disp_other")),
    r["dmarc_pass_pct"])' "$T/s.csv")"
report $W summary >"$T/s.txt"
check_grep "summary text: OTHER column" 'OTHER' "$T/s.txt"
check_grep "summary text: 93.3%" ' 93\.3% ' "$T/s.txt"

# The named query rounds as summary does.
report $W query daily-volume --format json >"$T/q.json"
check_eq "query daily-volume: pass_pct" "272 93.3" "$(json_get "$T/q.json" \
    '"%d %.1f" % (int(j["rows"][0]["messages"]), float(j["rows"][0]["pass_pct"]))')"

# reports: the same reports and messages, the same inputs set aside.
report $W reports --format json >"$T/r.json"
check_eq "reports json exit" 0 "$?"
check_eq "reports: reports" "$stored" "$(json_get "$T/r.json" 'len(j["reports"])')"
check_eq "reports: messages" 272 \
    "$(json_get "$T/r.json" 'sum(r["messages"] for r in j["reports"])')"
check_eq "reports: inputs set aside" "$set_aside" \
    "$(json_get "$T/r.json" 'len(j["rejected"])')"
report $W reports >"$T/r.txt"
check_grep "reports text: named count" \
    "^inputs set aside since 2026-11-09 00:00 UTC: $set_aside\$" \
    "$T/r.txt"

# An empty window hides nothing: the inputs set aside show, the empty
# window is a line, and the status is "nothing to show" (1).
report --db "$DB" --no-dns --since 2020-01-01 --until 2020-01-07 reports \
    >"$T/e.txt" 2>"$T/e.err"
check_eq "empty window: status 1" 1 "$?"
check_grep "empty window: a line, not an error" \
    '^no report in 2020-01-01 \.\. 2020-01-07' "$T/e.txt"
check_grep "empty window: today's inputs set aside shown" \
    "^inputs set aside since 2020-01-01 00:00 UTC: $set_aside\$" "$T/e.txt"
check_eq "empty window: nothing on stderr" "" "$(cat "$T/e.err")"
report --db "$DB" --no-dns --since 2020-01-01 --until 2020-01-07 reports \
    --all-rejected --format json >"$T/e.json"
check_eq "empty window --all-rejected json: status 1" 1 "$?"
check_eq "empty window --all-rejected json" "0 $set_aside" \
    "$(json_get "$T/e.json" '"%d %d" % (len(j["reports"]), len(j["rejected"]))')"

# The weekly page, as Chromium shows it when it can.
P="$T/weekly.html"
report --db "$DB" --no-dns html --week 2026-W46 --now 4102444800 -o "$P"
check_eq "html exit" 0 "$?"
V="$P"
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROME" ]; then
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --disable-extensions \
	    --user-data-dir="$T/prof" --dump-dom "file://$P" \
	    >"$T/dom.html" 2>"$T/chrome.err"
	[ -s "$T/dom.html" ] && V="$T/dom.html"
else
	skip_part_or_fail "chromium missing: the page is read as written"
fi
check_eq "page: messages" 272 "$(dc "$V" text k-messages)"
check_eq "page: reports" "$stored" "$(dc "$V" text k-reports)"
check_eq "page: pass rate = summary" \
    "$(json_get "$T/s.json" "'%.1f' % $r[\"dmarc_pass_pct\"]")" \
    "$(dc "$V" text k-pass | sed 's/[^0-9.].*//')"
check_eq "page: domain rate = summary" "93.3" \
    "$(dc "$V" text rate-1 | sed 's/[^0-9.].*//')"
check_eq "page: dispositions add up" 272 "$(dc "$V" colsum disp-1 1)"
check_eq "page: other = summary" 5 "$(dc "$V" cell disp-1 4 1)"
check_eq "page: inputs set aside = reports" "$set_aside" "$(dc "$V" text k-rejected)"
check_eq "page: set-aside rows = reports" "$set_aside" "$(dc "$V" rows rejects-t)"
check_grep "page: reports stored named as reports" \
    "2 with new reports \(2 reports stored\)" <(dc "$V" text inputs-summary)
finish
