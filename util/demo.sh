#!/usr/bin/env bash
# util/demo.sh -- the README's first command: install what is missing, build,
# ingest samples/ into out/dmarc.sqlite, print the summary, write the HTML.
set -euo pipefail
cd "$(dirname "$0")/.."
bash util/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
rm -rf out && mkdir -p out
cp -a samples/maildir out/maildir          # work on a copy: ingest files messages away
set +e
./build/dmarc-ingest --db out/dmarc.sqlite out/maildir
status=$?
set -e
[ $status -le 1 ] || exit $status          # 1 = some sample inputs rejected, on purpose
./build/dmarc-report --db out/dmarc.sqlite summary --since 2026-11-09 --until 2026-11-15 --no-dns
./build/dmarc-report --db out/dmarc.sqlite failures --since 2026-11-09 --until 2026-11-15 --no-dns
./build/dmarc-report --db out/dmarc.sqlite html --week 2026-W46 --no-dns -o out/weekly.html
echo "demo: database out/dmarc.sqlite, HTML out/weekly.html"
