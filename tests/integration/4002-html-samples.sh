#!/usr/bin/env bash
# 4002-html-samples: the weekly page of the sample Maildir (ISO week
# 2026-W46), number by number against samples/EXPECTED.tsv; the same page
# twice is the same bytes; --mail wraps exactly that page; an empty week
# says so and draws nothing; hostile report strings (xss-bait.xml) stay
# inert text; usage errors exit 64.
set -u
. "$(dirname "$0")/lib.sh"
# these columns and exit statuses predate the ASN lookups (issue 12, tested
# in 2014-report-asn): every run here is without them
report() { "$DR_BUILD/dmarc-report" --no-asn "$@"; }
DC="$DR_SRC/tests/html/domcheck.py"
S="$DR_SRC/samples"
[ -f "$S/EXPECTED.tsv" ] || skip_or_fail "samples/ not present"
need_tool python3
ex() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$S/EXPECTED.tsv"; }
dc() { python3 "$DC" "$@"; }
NOW=4102444800		# 2100-01-01: after the ingest, so its log is in range
export DB="$T/db.sqlite"
cp -r "$S/maildir" "$T/md"
ingest --db "$DB" "$T/md" >/dev/null 2>&1
rc=$?
check_eq "ingest exit (one rejected)" "$(ex exit)" "$rc"

P="$T/week.html"
report --db "$DB" --no-dns html --week 2026-W46 --now $NOW -o "$P"
check_eq "html exit" 0 "$?"
check_eq "page is safe" safe "$(dc "$P" safe)"
check_eq "reports" "$(ex reports)" "$(dc "$P" text k-reports)"
check_eq "messages" "$(ex message_count)" "$(dc "$P" text k-messages)"
pass=$(ex dmarc.pass); all=$(ex message_count)
rate=$(python3 -c "p,a=$pass,$all; t=p*1000//a; print('%d.%d %%' % (t//10, t%10))")
check_eq "pass rate" "$rate" "$(dc "$P" text k-pass | tr '\342\200\257' ' ' | tr -s ' ')"
orgs=$(ex orgs | tr '|' '\n' | tr 'A-Z' 'a-z' | sort -u | wc -l)
check_eq "reporters" "$orgs" "$(dc "$P" text k-reporters)"
check_eq "reporter rows" "$orgs" "$(dc "$P" rows reporters-t)"
check_eq "reports in reporter table" "$(ex reports)" "$(dc "$P" colsum reporters-t 1)"
check_eq "messages in reporter table" "$(ex message_count)" "$(dc "$P" colsum reporters-t 2)"
check_grep "window" "2026-11-09</strong> to <strong>2026-11-15" "$P"
check_grep "week label" "<title>DMARC weekly summary 2026-W46</title>" "$P"
check_eq "domains covered" "Domains covered: example.com, example.org, example.net." \
	"$(dc "$P" text domains-covered)"

# Per domain: sections are ordered by messages (example.com, .org, .net).
i=1; fails=0; dn=0; dq=0; dr=0; do=0
for d in example.com example.org example.net; do
	check_eq "$d heading" "$d" "$(dc "$P" text h-d-$i)"
	check_eq "$d messages (days total)" "$(ex domain.$d.messages)" "$(dc "$P" cell days-$i 8 1)"
	check_eq "$d days add up" "$(ex domain.$d.messages)" "$(dc "$P" colsum days-$i 1)"
	f=$(dc "$P" cell days-$i 8 3)
	p=$(dc "$P" cell days-$i 8 2)
	check_eq "$d passed + failed" "$(ex domain.$d.messages)" "$((p + f))"
	s=$(dc "$P" colsum src-$i-u 3)
	k=$( (dc "$P" colsum src-$i-k 3 2>/dev/null) || echo 0)
	check_eq "$d sources add up to failures" "$f" "$((s + k))"
	fails=$((fails + f))
	dn=$((dn + $(dc "$P" cell disp-$i 1 1 | tr -d ,)))
	dq=$((dq + $(dc "$P" cell disp-$i 2 1 | tr -d ,)))
	dr=$((dr + $(dc "$P" cell disp-$i 3 1 | tr -d ,)))
	do=$((do + $(dc "$P" cell disp-$i 4 1 | tr -d ,)))
	check_grep "$d no-dns policy note" "DNS checks not run \(--no-dns\)" "$P"
	i=$((i + 1))
done
check_eq "DMARC failures" "$(ex dmarc.fail)" "$fails"
check_eq "disposition none" "$(ex disposition.none)" "$dn"
check_eq "disposition quarantine" "$(ex disposition.quarantine)" "$dq"
check_eq "disposition reject" "$(ex disposition.reject)" "$dr"
check_eq "disposition pass (other)" "$(ex disposition.pass)" "$do"
check_eq "every day row of example.com" 7 "$(dc "$P" rows days-1)"
check_eq "two charts per domain" 6 "$(dc "$P" count svg)"

# The ingest log since the window began.
check_eq "inputs summary" "From 2026-11-09 to 2100-01-01 00:00 UTC the ingest looked at $(ex summary.messages) input messages: $(ex outcome.stored) with new reports ($(ex summary.stored) reports stored), $(ex outcome.duplicate) duplicates, $(ex outcome.not_report) not reports, $(ex outcome.rejected) rejected, $(ex outcome.conflict) conflicts." \
	"$(dc "$P" text inputs-summary)"
check_eq "inputs set aside count" "$(( $(ex outcome.rejected) + $(ex outcome.conflict) + $(ex outcome.not_report) ))" "$(dc "$P" text k-rejected)"
check_grep "rejected file listed" "$(ex rejected.file)" "$P"
check_grep "rejected reason listed" "<code>$(ex rejected.reason)</code>" "$P"

# Deterministic: same db, same --now, same bytes.
report --db "$DB" --no-dns html --week 2026-W46 --now $NOW > "$T/again.html"
check_eq "same bytes twice (stdout)" "" "$(cmp "$P" "$T/again.html" 2>&1)"

# --since/--until gives the same week.
report --db "$DB" --no-dns --since 2026-11-09 --until 2026-11-15 html --now $NOW -o "$T/su.html"
check_eq "--since/--until same numbers" "$(ex message_count)" "$(dc "$T/su.html" text k-messages)"

# --mail: a MIME message whose HTML part is the page.
report --db "$DB" --no-dns html --week 2026-W46 --now $NOW \
	--mail "DMARC <dmarc@example.com>" admin@example.com > "$T/mail.eml"
check_eq "mail exit" 0 "$?"
python3 - "$T/mail.eml" "$P" > "$T/mail.out" <<'PY'
import email, re, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
page = open(sys.argv[2], "rb").read()
svg = re.compile(rb'<svg .*?</svg>\n', re.S)
cells = re.compile(rb'<table class="mchart".*?</tr>\n</table>\n', re.S)
print("type", m.get_content_type())
print("subject", m["Subject"])
print("date", m["Date"])
print("msgid", bool(m["Message-ID"]) and m["Message-ID"].startswith("<"))
parts = [p for p in m.walk() if not p.is_multipart()]
print("parts", " ".join(p.get_content_type() for p in parts))
mp = parts[1].get_payload(decode=True)
# the mailed page is the page with its SVG charts drawn as table cells
print("html-same", svg.sub(b"", page) == cells.sub(b"", mp))
print("mail-svg", mp.count(b"<svg"), "page-svg", page.count(b"<svg"))
print("mail-charts", len(cells.findall(mp)), "page-charts", len(svg.findall(page)))
# each bar's numbers as text, per day: "Mon 11-09" .. "470: 400 passed, 70 failed"
rows = re.findall(rb'<tr><th scope="row"[^>]*>(\w+ \d\d-\d\d)</th>.*?'
    rb'<td class="n"[^>]*>([^<]*)</td></tr>', mp)
print("bar-rows", len(rows))
for d, t in rows[:7]:
    print("bar", d.decode(), t.decode())
t = parts[0].get_payload(decode=True).decode()
print("text-messages", "Messages seen: 470" in t)
PY
check_grep "mail type" "^type multipart/alternative$" "$T/mail.out"
check_grep "mail subject" "^subject DMARC weekly summary 2026-W46 \(2026-11-09 to 2026-11-15\)$" "$T/mail.out"
check_grep "mail date" "^date Fri, 01 Jan 2100 00:00:00 \+0000$" "$T/mail.out"
check_grep "mail message-id" "^msgid True$" "$T/mail.out"
check_grep "mail parts" "^parts text/plain text/html$" "$T/mail.out"
# (was: the HTML part is byte for byte the page; now the same page but
# for its charts, which mail clients that drop SVG get as table cells)
check_grep "mail html part is the page, charts aside" "^html-same True$" "$T/mail.out"
check_grep "mail html has no <svg" "^mail-svg 0 page-svg [1-9]" "$T/mail.out"
check_grep "mail html has as many charts" "^mail-charts ([0-9]+) page-charts \1$" \
    "$T/mail.out"
python3 - "$P" "$T/mail.out" > "$T/bars.out" <<'PY'
import re, sys
page = open(sys.argv[1]).read()
table = re.search(r'<table id="days-1">.*?</table>', page, re.S).group(0)
days = re.findall(r'<tr><th scope="row">(\w+) \d{4}-(\d\d-\d\d)</th><td class="n">([\d,]+)'
    r'</td><td class="n">([\d,]+)</td><td class="n">([\d,]+)</td>', table)
bars = [l.split(" ", 3)[1:] for l in open(sys.argv[2]) if l.startswith("bar ")]
want = [[f"{w} {d}", f"{n}: {p} passed, {f} failed"] for w, d, n, p, f in days]
got = [[b[0] + " " + b[1], b[2].rstrip("\n")] for b in bars]
print("days", len(days), "match", want == got[:len(want)] and len(days) > 0)
PY
check_grep "mail bars show each day's numbers as text" "^days 7 match True$" "$T/bars.out"
check_grep "mail text part numbers" "^text-messages True$" "$T/mail.out"
report --db "$DB" --no-dns html --week 2026-W46 --mail "a@b
Bcc: x@y" c@d > /dev/null 2>&1
check_eq "header injection refused" 64 "$?"

# An empty week says so and draws nothing.
report --db "$DB" --no-dns html --week 2026-W40 --now $NOW -o "$T/empty.html"
check_eq "empty week exit" 0 "$?"
check_grep "empty week says so" 'id="empty-week"' "$T/empty.html"
check_eq "empty week: no chart" 0 "$(dc "$T/empty.html" count svg)"
report --db "$DB" --no-dns --domain example.com html --week 2026-W40 --now $NOW -o "$T/empty2.html"
check_grep "empty domain says so" 'id="empty-1"' "$T/empty2.html"
check_eq "empty domain: no chart" 0 "$(dc "$T/empty2.html" count svg)"

# Usage errors.
report --db "$DB" --no-dns --since 2026-11-09 html --week 2026-W46 >/dev/null 2>&1
check_eq "--week with --since" 64 "$?"
report --db "$DB" --no-dns html --week 2026-W99 >/dev/null 2>&1
check_eq "bad week" 64 "$?"
report --db "$DB" --no-dns html --bogus >/dev/null 2>&1
check_eq "unknown option" 64 "$?"

# Hostile strings (../shared/corpus/hostile/xss-bait.xml) render as text.
X="$DR_SRC/../shared/corpus/hostile/xss-bait.xml"
if [ -f "$X" ]; then
	ingest --db "$T/x.sqlite" "$X" >/dev/null 2>&1
	report --db "$T/x.sqlite" --no-dns html --since 2024-01-01 --until 2024-01-07 \
		--now 1704600000 -o "$T/x.html"
	check_eq "xss page exit" 0 "$?"
	check_eq "xss page is safe" safe "$(dc "$T/x.html" safe)"
	check_eq "xss org_name is text" '<script>alert("org")</script><img src=x onerror=alert(1)>' \
		"$(dc "$T/x.html" cell reporters-t 1 0)"
	check_eq "no script element" 0 "$(dc "$T/x.html" count script)"
	check_eq "no img element" 0 "$(dc "$T/x.html" count img)"
fi
finish
