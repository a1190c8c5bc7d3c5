#!/usr/bin/env bash
# bench/dns-bench.sh [BUILD_DIR] -- DNS check throughput against a local
# NSD: 1,000 generated domains (DMARC, SPF with an include and mx, a DKIM
# key, MX each) through check_run(), and 10,000 PTR lookups on one channel.
# Zones are generated into a temp dir and NSD started from there
# (tests/dns/nsd-run.sh with NSD_ZONES_DIR).  Prints wall time, queries
# sent and the most queries in flight (resolver_max_inflight()).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
WORK=$(mktemp -d /tmp/dr-dnsbench-XXXXXX)
export NSD_ZONES_DIR=$WORK/zones
mkdir -p "$NSD_ZONES_DIR"
. "$SRC/tests/dns/nsd-run.sh"
trap 'nsd_stop; rm -rf "$WORK"' EXIT

KEY=$(grep -o 'p=MIGfMA0[^"]*' "$SRC/tests/dns/zones/valid.test.zone" | head -1)
python3 - "$NSD_ZONES_DIR" "$WORK" "$KEY" <<'PY'
import sys
zdir, work, key = sys.argv[1], sys.argv[2], sys.argv[3]
soa = "$TTL 300\n@ IN SOA ns.{z}. hm.{z}. ( 1 3600 600 86400 300 )\n IN NS ns.{z}.\nns IN A 127.0.0.1\n"
z = soa.format(z="bench.test")
z += '_spf IN TXT "v=spf1 ip4:198.51.100.0/24 ~all"\n'
doms = []
for i in range(1000):
    d = "d%04d" % i
    doms.append(d + ".bench.test")
    z += '%s IN TXT "v=spf1 ip4:192.0.2.%d mx include:_spf.bench.test -all"\n' % (d, i % 256)
    z += '%s IN MX 10 mx.%s.bench.test.\n' % (d, d)
    z += 'mx.%s IN A 192.0.2.%d\n' % (d, i % 256)
    z += '_dmarc.%s IN TXT "v=DMARC1; p=reject; rua=mailto:r@%s.bench.test"\n' % (d, d)
    z += 's1._domainkey.%s IN TXT "v=DKIM1; k=rsa; %s"\n' % (d, key)
open(zdir + "/bench.test.zone", "w").write(z)
open(work + "/domains", "w").write("\n".join(doms) + "\n")
z = soa.format(z="10.in-addr.arpa")
ips = []
for i in range(10000):
    a, b = i // 256, i % 256
    z += "%d.%d.0 IN PTR h%d.bench.test.\n" % (b, a, i)
    ips.append("10.0.%d.%d" % (a, b))
open(zdir + "/10.in-addr.arpa.zone", "w").write(z)
open(work + "/ips", "w").write("\n".join(ips) + "\n")
# The same 10,000 IPs in the IP-to-ASN TXT format (origin.BASE and
# AS<n>.BASE under BASE asn.bench), 40 ASNs, one /24 each 256 addresses.
z = soa.format(z="asn.bench")
for i in range(10000):
    a, b = i // 256, i % 256
    z += '%d.%d.0.10.origin IN TXT "%d | 10.0.%d.0/24 | ZZ | ripencc | 2020-01-01"\n' % (
        b, a, 64500 + a, a)
for a in range(40):
    z += 'AS%d IN TXT "%d | ZZ | ripencc | 2020-01-01 | BENCH-AS-%d, ZZ"\n' % (
        64500 + a, 64500 + a, a)
open(zdir + "/asn.bench.zone", "w").write(z)
PY

cc -O2 -std=c11 -D_GNU_SOURCE -I"$SRC" -o "$WORK/dns-bench" "$SRC/bench/dns-bench.c" \
    "$BUILD/report/check/libdr_check.a" "$BUILD/report/dns/libdr_dns.a" \
    "$BUILD/report/records/libdr_records.a" "$BUILD/store/libdr_store.a" \
    "$BUILD/util/libdr_util.a" $(pkg-config --libs libcares sqlite3 libpsl libidn2) -lm
nsd_start >/dev/null
echo "nsd on 127.0.0.1:$NSD_PORT"
"$WORK/dns-bench" "127.0.0.1:$NSD_PORT" check "$WORK/domains"
"$WORK/dns-bench" "127.0.0.1:$NSD_PORT" ptr "$WORK/ips"
# PTR + ASN enrichment of 10,000 distinct IPs, caches in a fresh database
# (cold), then again from the caches (warm).
"$WORK/dns-bench" "127.0.0.1:$NSD_PORT" enrich "$WORK/ips" "$WORK/enrich.sqlite" asn.bench
