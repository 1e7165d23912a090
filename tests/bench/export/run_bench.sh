#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_export: 1 M generated tweets -> JSONL pages -> CSV, tweetscope-cli export vs a Python
# csv + json baseline (baseline_csv.py) in the same run. Prints throughput (MB/s of JSONL input),
# wall time and peak RSS (/usr/bin/time) and the ratios. See docs/benchmarks-log.md "Export".
#
# usage: run_bench.sh TWEETSCOPE_CLI TWEETSCOPE_ARCHIVE WORK_DIR   (TWEETS=N overrides 1000000)
# The generated archive and JSONL are kept in WORK_DIR and reused by later runs.
set -eu
. "$(dirname "$0")/../common/bench_setup.sh"
bench_args "$@"
N=${TWEETS:-1000000}
DB="$WORK/archive-$N.sqlite"
PAGES="$WORK/pages-$N.jsonl"

bench_archive "$DB" "$N" 1
if [ ! -s "$PAGES" ]; then
    echo "exporting the archive as twarc-style JSONL pages to $PAGES" >&2
    /usr/bin/time -f "archive -> JSONL pages: %e s, max RSS %M KiB" "$CLI" export "$DB" --jsonl "$PAGES.tmp"
    mv "$PAGES.tmp" "$PAGES"
fi
BYTES=$(stat -c %s "$PAGES")
LINES=$(wc -l < "$PAGES")
cat "$PAGES" > /dev/null # warm the page cache so every contender reads from memory

run() { # name, command...
    name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@"
    set -- $(cat "$WORK/$name.time")
    echo "$name $1 $2"
}

{
    run tweetscope "$CLI" export "$PAGES" --csv "$WORK/out-tweetscope.csv"
    run tweetscope_excel "$CLI" export "$PAGES" --csv "$WORK/out-tweetscope-excel.csv" --excel
    run python_csv_json python3 "$HERE/baseline_csv.py" "$PAGES" "$WORK/out-python.csv"
} > "$WORK/results.txt"

echo "input: $PAGES, $BYTES bytes, $LINES pages, $N tweets; $(date -u); load: $(uptime | sed 's/.*load/load/')"
awk -v bytes="$BYTES" -v n="$N" '
    { t[$1] = $2; rss[$1] = $3; order[NR] = $1 }
    END {
        printf "%-18s %9s %10s %12s %11s\n", "tool", "wall s", "MB/s", "tweets/s", "max RSS MB"
        for (i = 1; i <= NR; i++) { k = order[i]
            printf "%-18s %9.2f %10.1f %12.0f %11.1f\n", k, t[k], bytes / 1e6 / t[k], n / t[k], rss[k] / 1024 }
        printf "ratio python / tweetscope wall time: %.1fx\n", t["python_csv_json"] / t["tweetscope"]
    }' "$WORK/results.txt"
wc -l "$WORK/out-tweetscope.csv" "$WORK/out-python.csv" | head -2
