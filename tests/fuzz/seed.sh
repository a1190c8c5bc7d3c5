#!/usr/bin/env bash
# tests/fuzz/seed.sh OUTDIR -- build seed corpora for the fuzz targets from
# the project's own inputs: samples/, tests/data/, the hostile corpus in
# ../shared (when present; files over 256 KiB left out, bombs included as
# they are small), and a few synthetic reports and messages made here.
# OUTDIR/<target>/ is created for each target.  Used to start long runs;
# the minimized corpus in tests/fuzz/corpus/ is what CI replays.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: seed.sh OUTDIR}
mkdir -p "$out"/{rua_xml,mime_unpack,dmarc_record,spf,dkim}
hostile=$src/../shared/corpus/hostile
n=0
put() { # target file
	local sz; sz=$(stat -c %s "$2")
	[ "$sz" -le 262144 ] || return 0
	n=$((n + 1)); cp "$2" "$out/$1/$(basename "$2" | tr -c 'A-Za-z0-9._\n-' _)"
}
xmlof() { # file -> XML on stdout (or nothing)
	case $1 in
	*.xml) cat "$1" ;;
	*.gz) gzip -dc "$1" 2>/dev/null | head -c 262145 || true ;;
	*.zip) unzip -p "$1" 2>/dev/null | head -c 262145 || true ;;
	esac
}
for d in "$src/samples" "$src/tests/data" "$hostile"; do
	[ -d "$d" ] || continue
	while IFS= read -r -d '' f; do
		case $f in
		*.xml|*.gz|*.zip|*.eml|*.txt|*.msg) ;;
		*) continue ;;
		esac
		put mime_unpack "$f"
		case $f in *.xml|*.gz|*.zip)
			tmp=$(mktemp); xmlof "$f" > "$tmp"
			if [ -s "$tmp" ] && [ "$(stat -c %s "$tmp")" -le 262144 ]; then
				cp "$tmp" "$out/rua_xml/$(basename "$f" | tr -c 'A-Za-z0-9._\n-' _).x"
			fi
			rm -f "$tmp" ;;
		esac
	done < <(find "$d" -type f -print0)
done

rep() { # org id ip count -> a small valid report
	cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0"><version>1.0</version>
<report_metadata><org_name>$1</org_name><email>r@$1</email><extra_contact_info>x</extra_contact_info>
<report_id>$2</report_id><date_range><begin>1762646400</begin><end>1762732799</end></date_range>
<error>e1</error><generator>g</generator></report_metadata>
<policy_published><domain>example.com</domain><adkim>r</adkim><aspf>s</aspf><p>none</p><sp>quarantine</sp><np>reject</np><pct>100</pct><fo>1</fo><testing>n</testing><discovery_method>treewalk</discovery_method></policy_published>
<record><row><source_ip>$3</source_ip><count>$4</count><policy_evaluated>
<disposition>none</disposition><dkim>pass</dkim><spf>fail</spf><reason><type>forwarded</type><comment>c</comment></reason></policy_evaluated></row>
<identifiers><envelope_to>example.org</envelope_to><envelope_from>example.net</envelope_from><header_from>example.com</header_from></identifiers>
<auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result><human_result>ok</human_result></dkim>
<spf><domain>bounce.example.net</domain><scope>mfrom</scope><result>softfail</result></spf></auth_results></record>
<record><row><source_ip>2001:db8::1</source_ip><count>2</count><policy_evaluated><disposition>reject</disposition></policy_evaluated></row>
<identifiers><header_from>Example.COM.</header_from></identifiers><auth_results><spf><domain>x</domain><result>hardfail</result></spf></auth_results></record></feedback>
XML
}
rep seed.example s1 192.0.2.1 5 > "$out/rua_xml/synthetic-full.xml"
sed 's/ xmlns="[^"]*"//' "$out/rua_xml/synthetic-full.xml" > "$out/rua_xml/synthetic-nons.xml"
t=$(mktemp -d)
rep seed.example s2 192.0.2.2 7 > "$t/r.xml"
gzip -9nc "$t/r.xml" > "$out/mime_unpack/synthetic.xml.gz"
(cd "$t" && zip -q r.zip r.xml) && cp "$t/r.zip" "$out/mime_unpack/synthetic.zip"
cp "$t/r.xml" "$out/mime_unpack/synthetic.xml"
mail() { # ctype cte file
	printf 'From: reports@seed.example\nTo: dmarc@example.com\nSubject: Report Domain: example.com Submitter: seed.example Report-ID: s\nMessage-ID: <s@seed.example>\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nhello\n--b1\n'
	printf 'Content-Type: %s; name="r"\nContent-Disposition: attachment; filename="r.bin"\nContent-Transfer-Encoding: %s\n\n' "$1" "$2"
	if [ "$2" = base64 ]; then base64 "$3"; else cat "$3"; fi
	printf '\n--b1--\n'
}
mail application/gzip base64 "$out/mime_unpack/synthetic.xml.gz" > "$out/mime_unpack/synthetic-gz.eml"
mail application/zip base64 "$out/mime_unpack/synthetic.zip" > "$out/mime_unpack/synthetic-zip.eml"
mail text/xml quoted-printable "$t/r.xml" > "$out/mime_unpack/synthetic-qp.eml"
{ printf 'From: a@b\nSubject: fwd\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n'; cat "$out/mime_unpack/synthetic-gz.eml"; } > "$out/mime_unpack/synthetic-rfc822.eml"
rm -rf "$t"

# DNS TXT records (one per file, as published).
i=0
for r in 'v=DMARC1; p=reject; rua=mailto:dmarc@example.com,mailto:x@example.net!10m; ruf=mailto:f@example.com; sp=quarantine; np=none; adkim=s; aspf=r; pct=50; fo=0:1:d:s; rf=afrf; ri=86400; t=y; psd=n' \
	'v=DMARC1;p=none' 'v=DMARC1; p=quarantine; pct=0' 'v=dmarc1 ; p = reject ;' 'v=DMARC1; rua=mailto:a@b.c!1g,  mailto:d@e.f'; do
	i=$((i + 1)); printf '%s' "$r" > "$out/dmarc_record/seed$i"; done
i=0
for r in 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/24//64 include:_spf.example.net exists:%{i}._spf.%{d} redirect=_spf.example.org -all' \
	'v=spf1 -all' 'v=spf1 ~all' 'v=spf1 +a:example.com/30 ?mx ptr:example.com exp=explain.%{d2} -all' 'v=spf1 include:%{l}.%{o}.%{h}.%{v}._spf.example.com -all'; do
	i=$((i + 1)); printf '%s' "$r" > "$out/spf/seed$i"; done
i=0
for r in 'v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB' \
	'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' 'v=DKIM1; p=' 'k=rsa; t=y:s; h=sha256; s=email; n=note; p=AAAA'; do
	i=$((i + 1)); printf '%s' "$r" > "$out/dkim/seed$i"; done
echo "seed.sh: $n files copied into $out"
