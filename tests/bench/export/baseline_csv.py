#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The baseline for bench_export: what a user writes today with the standard library.

Reads twarc-style JSONL (one v2 API page per line), resolves each tweet's author from
includes.users, and writes Tweetscope's 20 default CSV columns with csv.writer (streaming, like
tweetscope-cli export). It does a little less work than Tweetscope (no retweet full-text
merging, no format detection), so the ratio it gives is, if anything, flattering to Python.

usage: baseline_csv.py INPUT.jsonl OUTPUT.csv"""
import csv
import json
import sys

COLUMNS = ["queries", "id", "created_at", "author_username", "author_name", "type", "lang", "text",
           "like_count", "retweet_count", "reply_count", "quote_count", "hashtags", "mentions", "urls",
           "in_reply_to_status_id", "quoted_id", "retweeted_id", "source", "coordinates"]


def rows(page):
    users = {u["id"]: u for u in page.get("includes", {}).get("users", [])}
    for t in page.get("data", []):
        refs = {r["type"]: r["id"] for r in t.get("referenced_tweets", [])}
        kind = ("retweet" if "retweeted" in refs else "quote" if "quoted" in refs
                else "reply" if "replied_to" in refs else "tweet")
        user = users.get(t.get("author_id"), {})
        m = t.get("public_metrics", {})
        e = t.get("entities", {})
        geo = t.get("geo", {}).get("coordinates", {}).get("coordinates")
        lang = t.get("lang", "")
        yield ["", t["id"], t.get("created_at", ""), user.get("username", ""), user.get("name", ""), kind,
               "" if lang == "und" else lang, t.get("text", ""),
               m.get("like_count", 0), m.get("retweet_count", 0), m.get("reply_count", 0), m.get("quote_count", 0),
               " ".join(h["tag"] for h in e.get("hashtags", [])),
               " ".join(x["username"] for x in e.get("mentions", [])),
               " ".join(u.get("unwound_url") or u.get("expanded_url") or u.get("url", "") for u in e.get("urls", [])),
               refs.get("replied_to", ""), refs.get("quoted", ""), refs.get("retweeted", ""), t.get("source", ""),
               f"{geo[1]},{geo[0]}" if geo else ""]


def main(src, dst):
    with open(src, encoding="utf-8-sig") as inp, open(dst, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(COLUMNS)
        for line in inp:
            if line.strip():
                w.writerows(rows(json.loads(line)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
