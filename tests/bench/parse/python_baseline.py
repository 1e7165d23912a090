#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Python baseline for bench_parse: json.loads + resolving authors from includes.users
(what the seed notebook did), on the same bytes, in memory. Prints one JSON object.

usage: python_baseline.py SECONDS V2_FILE... -- V1_FILE...
       python_baseline.py --serve V2_FILE... -- V1_FILE...
With --serve it loads the files once, then for each line "v2 SECONDS" or "v1 SECONDS" on
standard input measures that and prints one JSON object on a line (bench_parse --rounds
alternates these with its own measurements).
"""
import json
import sys
import time


def load(paths):
    lines = []
    for p in paths:
        with open(p, "rb") as f:
            for line in f:
                line = line.strip()
                if line:
                    lines.append(line)
    return lines


def v2_pass(pages):
    tweets = 0
    for raw in pages:
        page = json.loads(raw)
        users = {u["id"]: u for u in page.get("includes", {}).get("users", [])}
        data = page.get("data", [])
        if isinstance(data, dict):
            data = [data]
        for t in data:
            u = users.get(t.get("author_id"), {})
            _ = (t["id"], t.get("text"), t.get("created_at"), u.get("username"), u.get("name"))
            tweets += 1
    return tweets


def v1_pass(lines):
    tweets = 0
    for raw in lines:
        t = json.loads(raw)
        if "user" in t:
            _ = (t["id_str"], t.get("extended_tweet", {}).get("full_text", t.get("text")), t["user"]["screen_name"])
        else:
            _ = (t["id"], t.get("long_object", {}).get("body", t.get("body")), t["actor"]["preferredUsername"])
        tweets += 1
    return tweets


def measure(fn, lines, seconds):
    size = sum(len(x) for x in lines)
    fn(lines)  # warm up
    start = time.perf_counter()
    cpu_start = time.process_time()
    passes = tweets = 0
    while True:
        tweets += fn(lines)
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    cpu = time.process_time() - cpu_start
    return {"tweets_per_s": tweets / elapsed, "mb_per_s": size * passes / elapsed / 1e6,
            "tweets_per_cpu_s": tweets / cpu if cpu > 0 else 0}


def serve(v2, v1):
    passes = {"v2": (v2_pass, v2), "v1": (v1_pass, v1)}
    for command in sys.stdin:
        what, seconds = command.split()
        fn, lines = passes[what]
        print(json.dumps(measure(fn, lines, float(seconds))), flush=True)


def main():
    serving = sys.argv[1] == "--serve"
    seconds = 0 if serving else float(sys.argv[1])
    args = sys.argv[2:]
    split = args.index("--")
    v2 = load(args[:split])
    v1 = load(args[split + 1:])
    if serving:
        serve(v2, v1)
        return
    print(json.dumps({"v2": measure(v2_pass, v2, seconds), "v1": measure(v1_pass, v1, seconds),
                      "python": sys.version.split()[0]}))


if __name__ == "__main__":
    main()
