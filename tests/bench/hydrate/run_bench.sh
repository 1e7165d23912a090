#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_hydrate: 100,000 tweet ids (90,000 held by the archive, 10,000 not), 1,000 lookups of 100,
# against a separate `tweetscope-archive serve --latency fixed:200` process, in one run:
#   1. tweetscope-cli hydrate, concurrent within a pacing budget of 50 requests a second
#      (--rate-limit 50/s: at most 50 sends in any one-second window, plus the pacer's margin;
#      --max-concurrency 16, so at 200 ms a lookup the budget, not the connections, sets the pace)
#   2. tweetscope-cli hydrate --mode sequential (one lookup at a time)
#   3. twarc_like.py: twarc2's approach, one request at a time (python3 + urllib)
#   4. tweetscope-cli hydrate, concurrent without a budget (--max-concurrency 64): the headroom
# Prints each wall time, the found/missing counts and the ratios. See docs/benchmarks.md.
#
# usage: run_bench.sh TWEETSCOPE_CLI TWEETSCOPE_ARCHIVE WORK_DIR   (IDS=N overrides 100000)
set -eu
. "$(dirname "$0")/../common/bench_setup.sh"
bench_args "$@"
N=${IDS:-100000}
DB="$WORK/archive.sqlite"
IDS_FILE="$WORK/ids-$N.txt"

bench_archive "$DB" 100000 19
if [ ! -s "$IDS_FILE" ]; then
    # Nine ids of ten are held by the archive, the tenth is not (a deleted tweet); shuffled.
    python3 - "$DB" "$IDS_FILE" "$N" <<'PY'
import random, sqlite3, sys
db, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
held = [str(r[0]) for r in sqlite3.connect(db).execute("SELECT id FROM tweets ORDER BY id LIMIT ?", (n - n // 10,))]
absent = [str(10**17 + i) for i in range(n - len(held))]
ids = held + absent
random.Random(19).shuffle(ids)
open(path, "w").write("\n".join(ids) + "\n")
PY
fi

rm -f "$WORK/serve.log"
"$ARCHIVE" serve --db "$DB" --port 0 --latency fixed:200 > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 1 100); do
    grep -q "listening on" "$WORK/serve.log" && break
    sleep 0.1
done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/serve.log")
echo "archive: $URL, latency fixed:200; $N ids in $(( (N + 99) / 100 )) lookups; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

hydrate() { # name, options...
    name=$1
    shift
    "$CLI" hydrate --base-url "$URL" --json-summary --progress-interval 3600 "$@" "$IDS_FILE" \
        > "$WORK/$name.json" 2> "$WORK/$name.err"
    python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
r = s["runs"][0]
h = r["hydration"]
print("%s %.1f found=%d not_found=%d requests=%d max_in_flight=%d" % (sys.argv[2], r["wall_ms"], h["found"],
      h["not_found"], r["request_count"], r["max_in_flight"]))' "$WORK/$name.json" "$name"
}

{
    hydrate paced --rate-limit 50/s --max-concurrency 16
    hydrate sequential --mode sequential
    python3 "$HERE/twarc_like.py" "$URL" "$IDS_FILE" "$WORK/twarc.jsonl" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("twarc_like %.1f found=%d not_found=%d requests=%d max_in_flight=1" % (r["wall_ms"], r["found"], r["missing"],
      r["requests"]))'
    hydrate unpaced --max-concurrency 64
} | tee "$WORK/results.txt"

python3 - "$WORK/results.txt" <<'PY'
import sys
wall = {line.split()[0]: float(line.split()[1]) for line in open(sys.argv[1])}
print("sequential / paced concurrent:  %.1fx" % (wall["sequential"] / wall["paced"]))
print("twarc-like / paced concurrent:  %.1fx" % (wall["twarc_like"] / wall["paced"]))
print("twarc-like / sequential:        %.2fx" % (wall["twarc_like"] / wall["sequential"]))
print("sequential / unpaced concurrent: %.1fx" % (wall["sequential"] / wall["unpaced"]))
PY
