#!/usr/bin/env bash
# 1018-config: the configuration file (util/conf.c) as both programs use
# it: precedence (command line > DMARC_RUA_DB > file > compiled default),
# each key reaching its option, and errors naming FILE:LINE and the key
# with exit 78.  Unit cases (hostile lines) are in tests/unit/util/test_conf.c.
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
W="--no-dns --since 2026-11-09 --until 2026-11-15"
copy_maildir "$DR_SRC/samples/maildir" "$T/md"
C="$T/dmarc-rua.conf"
cat > "$C" <<CONF
# test configuration
database = $T/fromconf.sqlite
maildir = $T/md
quarantine = $T/q
domains = example.org
CONF
export DMARC_RUA_CONFIG="$C"

# dmarc-ingest with no input reads the file's maildir into its database
ingest -q >/dev/null 2>&1
check_eq "ingest: config maildir and database" 1 $?	# message 16 rejected
check_eq "ingest: stored in the config's database" 13 \
    "$(DB=$T/fromconf.sqlite q 'SELECT count(*) FROM reports')"
check_eq "ingest: config quarantine" 1 "$(ls "$T/q/new" "$T/q/cur" 2>/dev/null | grep -c M16)"

# dmarc-report: the file's database and domains
report $W summary --format csv > "$T/s.csv"
check_eq "report: config database, config domains" "example.org" \
    "$(tail -n +2 "$T/s.csv" | cut -d, -f1 | sort -u | tr -d '\r')"
report $W --domain example.com summary --format csv > "$T/s2.csv"
check_eq "report: --domain replaces the file's list" "example.com" \
    "$(tail -n +2 "$T/s2.csv" | cut -d, -f1 | sort -u | tr -d '\r')"

# precedence of the database: --db > DMARC_RUA_DB > file > default
cp "$T/fromconf.sqlite" "$T/env.sqlite"
sqlite3 "$T/env.sqlite" "DELETE FROM records WHERE report_id IN
    (SELECT id FROM reports WHERE policy_domain = 'example.org')" 2>/dev/null
report $W --domain example.org summary 2>"$T/e" >/dev/null
check_eq "report: file's database" 0 $?
DMARC_RUA_DB=$T/none.sqlite report $W summary 2>"$T/e" >/dev/null
# (66: no database at the path the environment names, util/exits.def)
check_eq "report: DMARC_RUA_DB over the file" 66 $?
check_grep "report: DMARC_RUA_DB named" "no database at $T/none.sqlite" "$T/e"
DMARC_RUA_DB=$T/none.sqlite report --db "$T/fromconf.sqlite" $W summary \
    >/dev/null 2>&1
check_eq "report: --db over DMARC_RUA_DB" 0 $?
: > "$T/empty.conf"
DMARC_RUA_CONFIG=$T/empty.conf report $W summary 2>"$T/e" >/dev/null
check_grep "report: compiled default without a file" \
    "no database at /var/lib/dmarc-rua/dmarc.sqlite" "$T/e"
DMARC_RUA_CONFIG=$T/empty.conf report --config "$C" $W summary >/dev/null 2>&1
check_eq "report: --config over DMARC_RUA_CONFIG" 0 $?

# html --mail without FROM TO takes mail-from and mail-to
printf 'mail-from = dmarc@example.com\nmail-to = pm@example.org\n' >> "$C"
report --no-dns html --week 2026-W46 --mail > "$T/mail.eml"
check_eq "html --mail from the file: exit" 0 $?
check_grep "html --mail: From" "^From: dmarc@example.com" "$T/mail.eml"
check_grep "html --mail: To" "^To: pm@example.org" "$T/mail.eml"
DMARC_RUA_CONFIG=$T/empty.conf report --db "$T/fromconf.sqlite" --no-dns \
    html --mail > /dev/null 2>"$T/e"
check_eq "html --mail, no FROM TO anywhere: usage" 64 $?
check_grep "html --mail: says what is missing" "mail-from and mail-to" "$T/e"
# alerts --mail without FROM TO takes them too (issue 14)
report --no-dns alerts --all --mail > "$T/alerts.eml" 2>"$T/e"
check_eq "alerts --mail from the file: exit (1: alerts printed)" 1 $?
check_grep "alerts --mail: From" "^From: dmarc@example.com" "$T/alerts.eml"
check_grep "alerts --mail: To" "^To: pm@example.org" "$T/alerts.eml"
DMARC_RUA_CONFIG=$T/empty.conf report --db "$T/fromconf.sqlite" --no-dns \
    alerts --all --mail > /dev/null 2>"$T/e"
check_eq "alerts --mail, no FROM TO anywhere: usage" 64 $?
check_grep "alerts --mail: says what is missing" "mail-from and mail-to" "$T/e"

# dns-server reaches the resolver (a server nobody answers on: the
# check fails as a DNS error, not as "no record")
printf 'dns-server = 127.0.0.1:9\ndns-timeout = 100\ndns-tries = 1\n' > "$T/dns.conf"
DMARC_RUA_CONFIG=$T/dns.conf timeout 20 "$DR_BUILD/dmarc-report" check \
    example.com --format json > "$T/check.json" 2>&1
check_eq "dns-timeout/tries: fast failure (< 20 s)" 1 "$([ $? -ne 124 ] && echo 1)"
check_grep "dns-server used: a DNS error, not 'no record'" \
    "temperror|timeout|DNS error|refused" "$T/check.json"

# dns-server may list several servers, as --dns-server A,B does
printf 'dns-server = 127.0.0.1:9, [::1]:9\ndns-timeout = 100\ndns-tries = 1\n' > "$T/dns2.conf"
DMARC_RUA_CONFIG=$T/dns2.conf timeout 20 "$DR_BUILD/dmarc-report" check \
    example.com --format json > "$T/check2.json" 2>"$T/e"
check_eq "dns-server list: a DNS failure (69), not a config error" 69 $?
printf 'dns-server = 127.0.0.1:9,,127.0.0.1\n' > "$T/dns3.conf"
DMARC_RUA_CONFIG=$T/dns3.conf "$DR_BUILD/dmarc-report" summary 2>"$T/e"
check_eq "dns-server list: an empty item is exit 78" 78 $?

# errors: FILE:LINE and the key, exit 78; a missing named file too
printf 'database = /x\n# fine\ndatabse = /y\n' > "$T/bad.conf"
DMARC_RUA_CONFIG=$T/bad.conf report summary 2>"$T/e"; check_eq "report: bad key exit" 78 $?
check_grep "report: names file, line and key" "config: $T/bad.conf:3: unknown key 'databse'" "$T/e"
DMARC_RUA_CONFIG=$T/bad.conf ingest -q "$T/md" 2>"$T/e"; check_eq "ingest: bad key exit" 78 $?
check_grep "ingest: names file, line and key" "$T/bad.conf:3: unknown key 'databse'" "$T/e"
printf 'dns-tries = 99\n' > "$T/bad2.conf"
report --config "$T/bad2.conf" summary 2>"$T/e"; check_eq "report: bad value exit" 78 $?
check_grep "report: bad value named" "bad2.conf:1: dns-tries: '99'" "$T/e"
printf 'domains = example.com, %0300d.example\n' 0 > "$T/bad3.conf"
report --config "$T/bad3.conf" summary 2>"$T/e"; check_eq "report: bad domain exit" 78 $?
check_grep "report: bad domain named" "bad3.conf:1: domains: 'example.com, 000" "$T/e"
report --config "$T/missing.conf" summary 2>"$T/e"; check_eq "report: missing --config" 78 $?
check_grep "report: missing file named" "missing.conf: No such file" "$T/e"
ingest --config "$T/missing.conf" "$T/md" 2>"$T/e"; check_eq "ingest: missing --config" 78 $?
# the default file may be missing (the compiled default is used)
if [ ! -e /etc/dmarc-rua.conf ]; then
	DMARC_RUA_CONFIG= report --db "$T/fromconf.sqlite" $W summary >/dev/null
	check_eq "no DMARC_RUA_CONFIG and no /etc file: fine" 0 $?
fi

# root and a world-writable file: a warning, the run goes on
if [ "$(id -u)" = 0 ]; then
	chmod 666 "$C"
	report $W summary >/dev/null 2>"$T/e"
	check_eq "world-writable: still runs" 0 $?
	check_grep "world-writable: warned" "warning: $C is world-writable" "$T/e"
fi
finish
