# SPDX-License-Identifier: MIT
# Sourced by the run_bench.sh scripts (export, hydrate): their shared arguments and archive.
#
#   . "$(dirname "$0")/../common/bench_setup.sh"
#   bench_args "$@"                   # CLI, ARCHIVE, WORK (created), HERE: the script's folder
#   bench_archive DB TWEETS SEED      # generates DB with TWEETS tweets unless it is there already
#
# Both exit with a usage line when something is missing, so a run never starts half set up.

bench_args() {
    if [ $# -lt 3 ]; then
        echo "usage: $0 TWEETSCOPE_CLI TWEETSCOPE_ARCHIVE WORK_DIR" >&2
        exit 2
    fi
    CLI=$1
    ARCHIVE=$2
    WORK=$3
    HERE=$(dirname "$0")
    for bin in "$CLI" "$ARCHIVE"; do
        [ -x "$bin" ] || { echo "$0: $bin is not an executable (build it first)" >&2; exit 2; }
    done
    mkdir -p "$WORK"
}

bench_archive() { # db, tweets, seed
    if [ ! -s "$1" ]; then
        echo "generating $2 tweets into $1" >&2
        "$ARCHIVE" generate --db "$1" --tweets "$2" --seed "$3"
    fi
}
