#!/usr/bin/env bash
# docs/LIMITS.md agrees with the code: every default in its table is the
# value dr_limits_default() sets (compiled from util/limits.h here), and
# every flag in the table is one that dmarc-ingest --help offers.
set -u
. "$(dirname "$0")/lib.sh"
doc=$DR_SRC/docs/LIMITS.md
cc=${CC:-cc}
need_tool "$cc" "a C compiler"
cat > $T/l.c <<'C'
#include <stdio.h>
#include "util/limits.h"
#include "util/limits.c"
int main(void) {
	struct dr_limits l;
	dr_limits_default(&l);
	printf("--max-message-bytes %llu\n", (unsigned long long)l.max_message_bytes);
	printf("--max-decompressed %llu\n", (unsigned long long)l.max_decompressed);
	printf("--max-zip-members %d\n", l.max_zip_members);
	printf("--max-mime-depth %d\n", l.max_mime_depth);
	printf("--max-mime-parts %d\n", l.max_mime_parts);
	printf("--max-xml-depth %d\n", l.max_xml_depth);
	printf("--max-field-len %zu\n", l.max_field_len);
	printf("--max-records %lld\n", (long long)l.max_records);
	printf("fixed-report-id %d\nfixed-domain %d\nfixed-auth %d\n",
	    DR_MAX_REPORT_ID_LEN, DR_MAX_DOMAIN_LEN, DR_MAX_AUTH_PER_RECORD);
	return 0;
}
C
$cc -I"$DR_SRC" -o $T/l $T/l.c || { echo "FAIL: cannot compile util/limits.h"; exit 1; }
$T/l > $T/defaults
"$DR_BUILD/dmarc-ingest" --help > $T/help
while read -r flag value; do
	case $flag in
	fixed-*)
		check_grep "LIMITS.md: fixed cap $flag = $value" "\\| $value \\(fixed\\) \\|" "$doc" ;;
	*)
		check_grep "LIMITS.md: $flag default $value" "^\\| [^|]+ \\| $value( \\([^)]*\\))? \\| \`$flag\` \\|" "$doc"
		check_grep "dmarc-ingest --help offers $flag" "$flag" $T/help ;;
	esac
done < $T/defaults
# and no flag in the table that the program does not have
for f in $(grep -o '`--max-[a-z-]*`' "$doc" | tr -d '`' | sort -u); do
	check_grep "table flag $f exists" "$f" $T/help
done
finish
