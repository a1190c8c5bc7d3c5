#!/usr/bin/env bash
# Resource limits: every --max-* flag changes behaviour (an input accepted
# with the defaults is rejected with the cap's reason when the flag lowers
# it), and peak memory stays bounded whatever the input: the hostile bombs
# and a generated 1,000,000-record report (200,000 in a sanitizer build, to
# keep CI short) each stay under 256 MiB of peak RSS.  The figures are
# printed; time is never asserted.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3 "gen-test-maildir.py"
GEN="$DR_SRC/tests/integration/gen-test-maildir.py"
asan=0
grep -q -a '__asan_init' "$DR_BUILD/dmarc-ingest" && asan=1
# ASan keeps freed memory in a quarantine (256 MiB by default): shrink it so
# that RSS measures our allocations, not the sanitizer's bookkeeping.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"

# limit NAME FILE REASON FLAG... : default stores it, the flag rejects it.
limit() {
	local name=$1 file=$2 reason=$3 rc
	shift 3
	rm -f $T/l.sqlite*
	ingest --db $T/l.sqlite "$file" > $T/out 2> $T/err
	rc=$?
	check_eq "$name: stored with the default caps" 0 $rc
	[ $rc -ne 0 ] && sed 's/^/    /' $T/err | head -3
	rm -f $T/l.sqlite*
	ingest --db $T/l.sqlite "$@" "$file" > $T/out 2> $T/err
	check_eq "$name: rejected with $*" 1 $?
	check_grep "$name: reason $reason" ": $reason: " $T/err
	check_eq "$name: nothing stored" 0 "$(DB=$T/l.sqlite q 'SELECT count(*) FROM reports')"
	check_eq "$name: reason in the database" "$reason" \
	    "$(DB=$T/l.sqlite q "SELECT reason FROM messages WHERE outcome = 'rejected'")"
}
att() { # content-type file-name data-file: one base64 MIME part
	printf -- '--b1\nContent-Type: %s; name="%s"\nContent-Disposition: attachment; filename="%s"\nContent-Transfer-Encoding: base64\n\n' "$1" "$2" "$2"
	base64 "$3"
}
hdr() { printf 'From: r@org.example\nTo: d@example.com\nSubject: Report %s\nMessage-ID: <%s@org.example>\nMIME-Version: 1.0\n' "$1" "$1"; }

python3 "$GEN" --big $T/rep2.xml 2 org.example
python3 "$GEN" --big $T/rep1.xml 1 longer-org-name.example
gzip -9nc $T/rep2.xml > $T/rep2.xml.gz
limit "records" $T/rep2.xml too-many-records --max-records 1
limit "decompressed" $T/rep2.xml.gz decompressed-too-big --max-decompressed 500
mkdir -p $T/z && cp $T/rep2.xml $T/z/report.xml && echo readme > $T/z/README.txt
(cd $T/z && zip -q ../two.zip report.xml README.txt)
limit "zip members" $T/two.zip zip-too-many-members --max-zip-members 1
for i in 1 2 3; do python3 "$GEN" --big $T/p$i.xml $i org$i.example; gzip -9n $T/p$i.xml; done
{ hdr parts; printf 'Content-Type: multipart/mixed; boundary="b1"\n\n'
  for i in 1 2 3; do att application/gzip p$i.xml.gz $T/p$i.xml.gz; done
  printf -- '--b1--\n'; } > $T/parts.eml
limit "mime parts" $T/parts.eml mime-too-many-parts --max-mime-parts 2
{ hdr inner; printf 'Content-Type: multipart/mixed; boundary="b1"\n\n'
  att application/gzip p1.xml.gz $T/p1.xml.gz; printf -- '--b1--\n'; } > $T/inner.eml
{ hdr outer; printf 'Content-Type: multipart/mixed; boundary="o1"\n\n--o1\nContent-Type: message/rfc822\n\n'
  cat $T/inner.eml; printf -- '--o1--\n'; } > $T/nested.eml
limit "mime depth" $T/nested.eml mime-too-deep --max-mime-depth 1
limit "xml depth" $T/rep2.xml xml-too-deep --max-xml-depth 3
limit "field length" $T/rep1.xml field-too-long --max-field-len 12
# Over --max-message-bytes the message is not read at all: a temporary
# failure (left in place, no row, exit 75 until the cap is raised).
rm -f $T/l.sqlite*
ingest --db $T/l.sqlite --max-message-bytes 100 $T/parts.eml > $T/out 2> $T/err
check_eq "message size: deferred with --max-message-bytes 100" 75 $?
check_grep "message size: reason message-too-big" ": message-too-big: " $T/err
check_eq "message size: nothing stored" 0 "$(DB=$T/l.sqlite q 'SELECT count(*) FROM reports')"
ingest --db $T/l.sqlite $T/parts.eml > $T/out 2> $T/err
check_eq "message size: stored with the default caps" 0 $?

# --- peak memory -------------------------------------------------------------
rss() { # name file [flags]: prints and bounds the peak RSS of one ingest
	local name=$1 file=$2 kb
	shift 2
	rm -f $T/m.sqlite*
	/usr/bin/time -f '%M %e' -o $T/time "$DR_BUILD/dmarc-ingest" --no-progress -q \
	    --db $T/m.sqlite "$@" "$file" > /dev/null 2> $T/err
	read -r kb secs < <(tail -1 $T/time)
	printf '  %-28s peak RSS %6d KiB  %6.2f s  %s\n' "$name" "$kb" "$secs" \
	    "$(grep -o ': [a-z-]*: ' $T/err | head -1 | tr -d ': ')"
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ "$kb" -ge $((256 * 1024)) ]; then
		echo "FAIL: $name: peak RSS $kb KiB >= 256 MiB"; DR_FAILS=$((DR_FAILS + 1))
	fi
}
if [ ! -x /usr/bin/time ]; then
	skip_part_or_fail "/usr/bin/time missing (apt-get install time): memory figures"
	finish; exit
fi
hostile="$DR_SRC/../shared/corpus/hostile"
if [ -d "$hostile" ]; then
	for b in zip-bomb.zip zip-bomb-lying-size.zip gzip-bomb.xml.gz billion-laughs.xml \
	    quadratic-blowup.xml deep-nesting.xml huge-text-node.xml.gz many-members.zip \
	    many-attachments.eml; do
		[ -f "$hostile/$b" ] && rss "$b" "$hostile/$b"
	done
else
	skip_part_or_fail "../shared absent: bombs not measured"
fi
n=1000000
[ $asan -eq 1 ] && n=200000
python3 "$GEN" --big $T/big.xml.gz $n
rss "$n-record report (gzip)" $T/big.xml.gz
check_eq "all $n records stored" $n "$(DB=$T/m.sqlite q 'SELECT count(*) FROM records')"
check_eq "report totals" "$n" "$(DB=$T/m.sqlite q 'SELECT record_count FROM reports')"
finish
