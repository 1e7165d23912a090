#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Python baseline of bench_bluesky: json.loads of searchPosts pages and the fields a row
needs (uri, author, text, createdAt, langs, facets, reply, embed, counts), in memory, for
SECONDS of CPU time. Prints one JSON object.

usage: python_bluesky.py SECONDS PAGES_FILE
"""
import json
import sys
import time


def one_pass(pages):
    posts = 0
    for raw in pages:
        page = json.loads(raw)
        for p in page["posts"]:
            r = p.get("record", {})
            a = p.get("author", {})
            tags, mentions, links = [], [], []
            for f in r.get("facets", []):
                for feat in f.get("features", []):
                    if "tag" in feat:
                        tags.append(feat["tag"])
                    elif "did" in feat:
                        mentions.append(feat["did"])
                    elif "uri" in feat:
                        links.append(feat["uri"])
            _ = (p["uri"], a.get("did"), a.get("handle"), a.get("displayName"), r.get("text"),
                 r.get("createdAt"), r.get("langs"), "reply" in r, r.get("embed"), p.get("likeCount"),
                 p.get("repostCount"), p.get("replyCount"), p.get("quoteCount"), tags, mentions, links)
            posts += 1
    return posts


def main():
    seconds = float(sys.argv[1])
    with open(sys.argv[2], "rb") as f:
        pages = [line.strip() for line in f if line.strip()]
    one_pass(pages)  # warm up
    start = time.process_time()
    posts = 0
    while time.process_time() - start < seconds:
        posts += one_pass(pages)
    used = time.process_time() - start
    print(json.dumps({"posts": posts, "cpu_seconds": used, "posts_per_cpu_second": posts / used}))


if __name__ == "__main__":
    main()
