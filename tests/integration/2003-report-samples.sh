#!/usr/bin/env bash
# 2003-report-samples: ingest samples/maildir with dmarc-ingest, then check
# dmarc-report against samples/EXPECTED.tsv and against independent SQL
# over the record_detail view, with exact numbers.
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_tool python3 "json_get"
[ -x "$DR_BUILD/dmarc-ingest" ] && [ -f "$DR_SRC/samples/EXPECTED.tsv" ] ||
	skip_or_fail "dmarc-ingest or samples/ missing"
cp -r "$DR_SRC/samples/maildir" "$T/md"
ingest --db "$T/db.sqlite" "$T/md" >/dev/null 2>&1
exp() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$DR_SRC/samples/EXPECTED.tsv"; }
W="--db $T/db.sqlite --no-dns --since 2026-11-09 --until 2026-11-15"

# summary against EXPECTED.tsv
report $W summary --format json >"$T/s.json"; check_eq "summary exit" 0 $?
for d in example.com example.net example.org; do
	check_eq "$d messages" "$(exp domain.$d.messages)" \
	    "$(json_get "$T/s.json" "[r['messages'] for r in j['rows'] if r['domain']=='$d'][0]")"
	check_eq "$d reports" "$(exp domain.$d.reports)" \
	    "$(json_get "$T/s.json" "[r['reports'] for r in j['rows'] if r['domain']=='$d'][0]")"
done
check_eq "dmarc pass total" "$(exp dmarc.pass)" "$(json_get "$T/s.json" "sum(r['dmarc_pass'] for r in j['rows'])")"
for disp in none quarantine reject; do
	check_eq "disposition $disp" "$(exp disposition.$disp)" \
	    "$(json_get "$T/s.json" "sum(r['disp_$disp'] for r in j['rows'])")"
done
check_eq "summary exact" "example.com:296:279:257:279 example.net:17:15:15:3 example.org:157:139:139:139" \
    "$(json_get "$T/s.json" "' '.join('%s:%d:%d:%d:%d' % (r['domain'], r['messages'], r['dmarc_pass'], round(r['spf_aligned_pct']*r['messages']/100), round(r['dkim_aligned_pct']*r['messages']/100)) for r in j['rows'])")"

# failures: totals, order and the top rows, and per-IP numbers equal to SQL
report $W failures --format csv >"$T/f.csv"; check_eq "failures exit" 0 $?
check_eq "dmarc fail total" "$(exp dmarc.fail)" "$(tail -n +2 "$T/f.csv" | awk -F, '{ s += $6 } END { print s }')"
check_eq "failures top 3" "example.org,198.51.100.9,11,11|example.com,203.0.113.44,8,8|example.com,198.51.100.23,4,4" \
    "$(tail -n +2 "$T/f.csv" | head -3 | awk -F, '{ print $1 "," $2 "," $5 "," $6 }' | paste -sd'|')"
check_eq "failures rows" 10 "$(tail -n +2 "$T/f.csv" | wc -l)"
report $W failures --all --format csv | tail -n +2 | awk -F, '{ print $1 "|" $2 "|" $5 "|" $6 }' | sort >"$T/mine.txt"
q "SELECT policy_domain, source_ip, sum(message_count),
    sum(CASE WHEN dmarc = 'fail' THEN message_count ELSE 0 END)
    FROM record_detail
    WHERE date_begin < 1794787200 AND (date_end > 1794182400 OR date_begin >= 1794182400)
    GROUP BY 1, 2" | sort >"$T/sql.txt"
check_eq "per-IP numbers equal independent SQL" "$(cat "$T/sql.txt")" "$(cat "$T/mine.txt")"
check_eq "all messages" "$(exp message_count)" "$(awk -F'|' '{ s += $3 } END { print s }' "$T/mine.txt")"

# one domain, one day
report --db "$T/db.sqlite" --no-dns --domain example.org --since 2026-11-09 --days 1 failures --all --format csv >"$T/d.csv"
# (only Outlook.com's report, [11-09 00:00, 11-10 00:00): two IPs)
check_eq "one day example.org" "198.51.100.77,3,3|203.0.113.5,49,0" \
    "$(tail -n +2 "$T/d.csv" | awk -F, '{ print $2 "," $5 "," $6 }' | sort | paste -sd'|')"

# reports and the ingest log
report $W reports --format json >"$T/r.json"
check_eq "reports listed" "$(exp reports)" "$(json_get "$T/r.json" "len(j['reports'])")"
check_eq "report records" "$(exp records)" "$(json_get "$T/r.json" "sum(r['records'] for r in j['reports'])")"
report $W reports --rejected --all-rejected --format csv >"$T/rej.csv"
check_grep "rejected with reason" "$(exp rejected.file).*,rejected,$(exp rejected.reason)," "$T/rej.csv"
check_grep "not a report listed" "$(exp not_report.file).*,not_report,no-report," "$T/rej.csv"

# sources without DNS: every IP once, messages add up
report $W sources --format json >"$T/o.json"
check_eq "sources messages" "$(exp message_count)" "$(json_get "$T/o.json" "sum(r['messages'] for r in j['rows'])")"

finish
