#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""twarc2's way of hydrating, as the peer for bench_hydrate: the ids in batches of 100, one
GET /2/tweets?ids= at a time (twarc2 hydrate -> Twarc2.tweet_lookup), each answer decoded and
written as one JSON line, the missing ids counted from its errors array. Python 3 + urllib only.

usage: twarc_like.py BASE_URL IDS_FILE OUT_JSONL
prints one JSON line: {"requests": R, "wall_ms": ..., "found": F, "missing": M}
"""
import json
import sys
import time
import urllib.parse
import urllib.request

# The fields and expansions twarc2 asks for by default (twarc/expansions.py, abridged to what the
# local archive knows), so the answers are comparable in size with Tweetscope's.
PARAMS = {
    "tweet.fields": "attachments,author_id,conversation_id,created_at,entities,geo,id,"
                    "in_reply_to_user_id,lang,public_metrics,referenced_tweets,source,text",
    "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id,"
                  "attachments.media_keys,geo.place_id",
    "user.fields": "created_at,description,id,location,name,public_metrics,username,verified",
    "media.fields": "media_key,preview_image_url,type,url",
    "place.fields": "country_code,full_name,geo,id,name,place_type",
}


def main():
    base, ids_file, out_file = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(ids_file, encoding="utf-8") as f:
        ids = []
        seen = set()
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and line not in seen:
                seen.add(line)
                ids.append(line)
    url = base.rstrip("/") + "/2/tweets"
    found = missing = requests = 0
    start = time.perf_counter()
    with open(out_file, "w", encoding="utf-8") as out:
        for i in range(0, len(ids), 100):
            query = dict(PARAMS, ids=",".join(ids[i:i + 100]))
            with urllib.request.urlopen(url + "?" + urllib.parse.urlencode(query)) as resp:
                body = json.loads(resp.read())
            requests += 1
            found += len(body.get("data", []))
            missing += sum(1 for e in body.get("errors", []) if e.get("parameter") == "ids")
            out.write(json.dumps(body) + "\n")
    wall = (time.perf_counter() - start) * 1000
    print(json.dumps({"requests": requests, "wall_ms": wall, "found": found, "missing": missing}))


main()
