#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The seed notebook's approach, as the peer for bench_search: aiohttp + asyncio.gather, one
GET per query against the local archive's v2 endpoint, each JSON body decoded (resp.json()).

usage: peer_aiohttp.py BASE_URL QUERIES_FILE N [MAX_RESULTS [CA_FILE]]
(CA_FILE: trust this CA for an https BASE_URL; aiohttp speaks HTTP/1.1 over TLS)
prints one JSON line: {"n": N, "wall_ms": ..., "cpu_ms": ..., "tweets": ..., "statuses": {...}}
(cpu_ms: this process's CPU time during the gather, interpreter start and imports not counted)
"""
import asyncio
import json
import ssl
import sys
import time

import aiohttp


async def fetch(session, url, query, max_results):
    params = {"query": query, "max_results": str(max_results),
              "tweet.fields": "author_id,created_at,entities,lang,public_metrics,referenced_tweets",
              "expansions": "author_id", "user.fields": "username,name"}
    async with session.get(url, params=params) as resp:
        body = await resp.json()
        return resp.status, len(body.get("data", []))


async def main():
    base, queries_file, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    max_results = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    ca_file = sys.argv[5] if len(sys.argv) > 5 else None
    with open(queries_file, encoding="utf-8") as f:
        queries = [line.strip() for line in f if line.strip() and not line.startswith("#")][:n]
    url = base.rstrip("/") + "/2/tweets/search/all"
    connector = aiohttp.TCPConnector(ssl=ssl.create_default_context(cafile=ca_file)) if ca_file else None
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.perf_counter()
        cpu_start = time.process_time()
        results = await asyncio.gather(*(fetch(session, url, q, max_results) for q in queries))
        wall = (time.perf_counter() - start) * 1000
        cpu = (time.process_time() - cpu_start) * 1000
    statuses = {}
    for status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    print(json.dumps({"n": len(queries), "wall_ms": wall, "cpu_ms": cpu, "tweets": sum(t for _, t in results),
                      "statuses": statuses}))


asyncio.run(main())
