#!/bin/bash
# SPDX-License-Identifier: MIT
# Paired import runs, end to end with the CLI: two builds of tweetscope-archive alternated on the
# same inputs, twice each (docs/benchmarks-log.md "Archive").
#
# usage: import_pairs.sh OLD_TWEETSCOPE_ARCHIVE NEW_TWEETSCOPE_ARCHIVE INPUT.jsonl...
# Inputs: e.g. the twarc-style pages `bench_archive import --jsonl FILE` writes (newest first).
set -u
OLD=$1
NEW=$2
shift 2
DB=$(mktemp -u /tmp/import_pairs.XXXXXX.sqlite)
echo "start $(date -u) $(uptime)"
for f in "$@"; do
    for i in 1 2; do
        for which in old new; do
            bin=$OLD
            [ "$which" = new ] && bin=$NEW
            rm -f "$DB" "$DB-wal" "$DB-shm"
            r=$({ /usr/bin/time -f "%e s wall %U user %S sys %M KiB" "$bin" import --db "$DB" "$f" > /dev/null; } 2>&1 | tail -1)
            echo "$(basename "$f") $which $r"
        done
    done
done
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "end $(date -u) $(uptime)"
