#!/bin/bash
# SPDX-License-Identifier: MIT
# Before/after comparison of two parser builds (docs/benchmarks-log.md "Parsing"): two bench_parse
# binaries alternated, each parsing the v2 fixture pages a fixed number of times, both pinned to
# one CPU (this VM's two cores can differ by a third in speed). Prints each pair and the medians.
#
# usage: parse_pairs.sh OLD_BENCH_PARSE NEW_BENCH_PARSE [PAIRS=8] [CPU=0] [-- bench_parse options]
# e.g.   parse_pairs.sh /tmp/old/bench_parse build/ci/bin/bench_parse 8 1 -- --in-place
set -eu
OLD=$1
NEW=$2
PAIRS=${3:-8}
CPU=${4:-0}
shift $(( $# < 4 ? $# : 4 ))
[ "${1:-}" = "--" ] && shift
rate() { taskset -c "$CPU" "$1" --passes 200 "${@:2}" | sed -n 's/.*CPU-s, \([0-9]*\) tweets per CPU-second/\1/p'; }
echo "start $(date -u) $(uptime), CPU $CPU"
olds=() news=()
for _ in $(seq "$PAIRS"); do
    a=$(rate "$OLD" "$@")
    b=$(rate "$NEW" "$@")
    olds+=("$a")
    news+=("$b")
    echo "old $a new $b ($(python3 -c "print(f'{$b / $a:.3f}')"))"
done
python3 - "${olds[*]}" "${news[*]}" <<'EOF'
import statistics, sys
old = [int(x) for x in sys.argv[1].split()]
new = [int(x) for x in sys.argv[2].split()]
print(f"tweets per CPU-second, medians: old {statistics.median(old):.0f}, new {statistics.median(new):.0f}; "
      f"median of the pairs' ratios {statistics.median(b / a for a, b in zip(old, new)):.3f}")
EOF
echo "end $(date -u)"
