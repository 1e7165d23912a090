#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads a CSV file with Python's csv module (an independent RFC 4180 reader) and prints
what it found as one JSON object: {"bom": bool, "crlf": bool, "rows": [[cell, ...], ...]}.

Used by the export tests to check that what Tweetscope writes comes back identical.
strict=True makes malformed quoting an error (exit 1) instead of a silent guess."""
import csv
import json
import sys


def main(path):
    with open(path, "rb") as f:
        raw = f.read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    with open(path, newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    json.dump({"bom": bom, "crlf": b"\r\n" in raw, "rows": rows}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
