#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Hostile clients against `tweetscope-archive serve`, one fresh process per attack.

For each attack: the answer the client saw, the server's peak RSS (VmHWM), the
connections it held, and how long until it answered a normal request again.
Figures go to docs/reliability.md (Service). Usage:

    tests/bench/service/service_attacks.py build/ci/bin/tweetscope-archive ARCHIVE.sqlite [attack...]

Attacks: line (100 MB request line), post (200 MB POST), idle (1000 idle connections),
slowloris, headers (101 header fields), pipeline (answers in order), nofile (RLIMIT_NOFILE 128).
"""
import os
import resource
import socket
import subprocess
import sys
import time

BIN, DB = sys.argv[1], sys.argv[2]
ONLY = sys.argv[3:]


def start(extra=(), prlimit=None):
    cmd = [BIN, "serve", "--db", DB, "--latency", "none", *extra]
    if prlimit:
        cmd = ["prlimit", f"--nofile={prlimit}:{prlimit}", *cmd]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = p.stdout.readline().decode()
    port = int(line.strip().rsplit(":", 1)[1])
    return p, port


def status(p):
    out = {}
    with open(f"/proc/{p.pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def hwm_mb(p):
    return int(status(p)["VmHWM"].split()[0]) / 1024


def rss_mb(p):
    return int(status(p)["VmRSS"].split()[0]) / 1024


def fds(p):
    return len(os.listdir(f"/proc/{p.pid}/fd"))


def cpu_s(p):
    f = open(f"/proc/{p.pid}/stat").read().split(")")[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def health(port, timeout=5.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < 30:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            data = s.recv(100)
            s.close()
            if data.startswith(b"HTTP/1.1 200"):
                return time.monotonic() - t0
        except OSError:
            time.sleep(0.05)
    return None


def first_line(data):
    return data.split(b"\r\n", 1)[0].decode(errors="replace")


def stream(port, head, total, chunk=1 << 16):
    """Sends head then `total` bytes of filler while reading; returns (answer, bytes sent)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.setblocking(False)
    s.sendall(head) if False else None
    pending = head
    sent = 0
    answer = b""
    block = b"a" * chunk
    t0 = time.monotonic()
    while time.monotonic() - t0 < 60:
        try:
            answer += s.recv(65536)
            if b"\r\n\r\n" in answer:
                break
        except BlockingIOError:
            pass
        except OSError:
            break
        try:
            if pending:
                n = s.send(pending)
                pending = pending[n:]
            elif sent < total:
                n = s.send(block[: min(chunk, total - sent)])
                sent += n
            else:
                time.sleep(0.01)
        except BlockingIOError:
            time.sleep(0.001)
        except OSError:
            time.sleep(0.01)
    s.close()
    return answer, sent


def report(name, **kv):
    print(name + ": " + ", ".join(f"{k}={v}" for k, v in kv.items()), flush=True)


def attack_line():
    p, port = start()
    base = hwm_mb(p)
    t0 = time.monotonic()
    answer, sent = stream(port, b"GET /2/tweets/search/recent?query=", 100 << 20)
    report("100 MB request line", answer=repr(first_line(answer)), client_sent_mb=round(sent / 2**20, 1),
           seconds=round(time.monotonic() - t0, 2), rss_before_mb=round(base, 1), peak_rss_mb=round(hwm_mb(p), 1),
           recover_s=round(health(port) or -1, 3))
    p.kill()


def attack_post():
    p, port = start()
    base = hwm_mb(p)
    t0 = time.monotonic()
    head = (b"POST /search/30day/accounts/a/dev.json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % (200 << 20))
    answer, sent = stream(port, head, 200 << 20)
    report("200 MB POST", answer=repr(first_line(answer)), client_sent_mb=round(sent / 2**20, 1),
           seconds=round(time.monotonic() - t0, 2), rss_before_mb=round(base, 1), peak_rss_mb=round(hwm_mb(p), 1),
           recover_s=round(health(port) or -1, 3))
    p.kill()


def attack_idle(extra=()):
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    p, port = start(extra)
    base_fds = fds(p)
    socks = []
    for _ in range(1000):
        socks.append(socket.create_connection(("127.0.0.1", port)))
    time.sleep(1.0)
    held = fds(p) - base_fds
    # A normal client while they are held:
    t = health(port, timeout=2)
    c0 = cpu_s(p)
    time.sleep(1.0)
    cpu = cpu_s(p) - c0
    refused = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(100).startswith(b"HTTP/1.1 503"):
                refused += 1
        except OSError:
            pass
    t0 = time.monotonic()
    while fds(p) - base_fds > 0 and time.monotonic() - t0 < 120:
        time.sleep(0.1)
    freed = time.monotonic() - t0
    report("1000 idle connections" + (" " + " ".join(extra) if extra else ""), held=held, answered_503=refused,
           health_while_held_s=None if t is None else round(t, 3), cpu_while_held=f"{cpu * 100:.0f}%",
           all_closed_by_server_after_s=round(freed, 1), peak_rss_mb=round(hwm_mb(p), 1))
    for s in socks:
        s.close()
    p.kill()


def attack_slowloris():
    p, port = start(["--request-timeout", "2000"] if "--request-timeout" in subprocess.run(
        [BIN, "serve", "--help"], capture_output=True, text=True).stdout else [])
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    s.setblocking(False)
    t0 = time.monotonic()
    answer = b""
    while time.monotonic() - t0 < 20:
        try:
            s.send(b"X-a: b\r\n")
        except OSError:
            break
        time.sleep(0.5)
        try:
            got = s.recv(1000)
            if not got:
                break
            answer += got
            if b"\r\n\r\n" in answer:
                break
        except BlockingIOError:
            pass
        except OSError:
            break
    report("slowloris (a header line every 0.5 s)", answer=repr(first_line(answer)) if answer else "none",
           after_s=round(time.monotonic() - t0, 1))
    p.kill()


def attack_headers():
    p, port = start(["--token", "tok"])
    s = socket.create_connection(("127.0.0.1", port))
    extra = b"Authorization: Bearer tok\r\n" + b"".join(b"X-F%d: x\r\n" % i for i in range(100))
    s.sendall(b"GET /2/tweets/search/recent?query=a HTTP/1.1\r\nHost: x\r\n" + extra + b"\r\n")
    s.settimeout(5)
    report("101+ header fields", answer=repr(first_line(s.recv(1000))))
    p.kill()


def attack_pipeline():
    p, port = start()
    s = socket.create_connection(("127.0.0.1", port))
    reqs = [b"/2/tweets/search/recent?query=a&max_results=100", b"/healthz", b"/nowhere"]
    s.sendall(b"".join(b"GET " + r + b" HTTP/1.1\r\nHost: x\r\n\r\n" for r in reqs))
    s.settimeout(5)
    data = b""
    t0 = time.monotonic()
    while data.count(b"HTTP/1.1 ") < 3 and time.monotonic() - t0 < 5:
        try:
            got = s.recv(65536)
        except OSError:
            break
        if not got:
            break
        data += got
    order = [line.split(b" ")[1].decode() + ("(health)" if False else "") for line in data.split(b"\r\n")
             if line.startswith(b"HTTP/1.1 ")]
    kinds = []
    for part in data.split(b"HTTP/1.1 ")[1:]:
        kinds.append("search" if b'"data"' in part or b'"meta"' in part else "health" if b'"status":"ok"' in part
                     else "404" if part.startswith(b"404") else "?")
    report("pipelined search, health, 404", answer_order=kinds)
    p.kill()


def attack_nofile():
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    p, port = start(["--max-connections", "1000"] if "--max-connections" in subprocess.run(
        [BIN, "serve", "--help"], capture_output=True, text=True).stdout else [], prlimit=128)
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(300)]
    time.sleep(0.5)
    c0 = cpu_s(p)
    time.sleep(2.0)
    cpu = (cpu_s(p) - c0) / 2
    for s in socks:
        s.close()
    t = health(port, timeout=2)
    report("300 connections under RLIMIT_NOFILE=128", cpu_while_full=f"{cpu * 100:.0f}%",
           recover_s=None if t is None else round(t, 3))
    p.kill()


ATTACKS = {"line": attack_line, "post": attack_post, "idle": attack_idle, "slowloris": attack_slowloris,
           "headers": attack_headers, "pipeline": attack_pipeline, "nofile": attack_nofile}
for name, fn in ATTACKS.items():
    if not ONLY or name in ONLY:
        fn()
