#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A hostile search API on 127.0.0.1 for the client measurements of docs/reliability.md (Client).

Every request gets the same answer, chosen by --mode:
  endless   a 200 whose body never ends (no Content-Length; spaces after '{"data":[')
  gib       a 200 of --size bytes without Content-Length (a valid, empty v2 page padded with spaces)
  gib-cl    the same with its Content-Length announced
  drip      a 200 that sends one byte every 50 ms forever
  429-hour  a 429 whose x-rate-limit-reset lies an hour ahead
  429-1e17  a 429 whose x-rate-limit-reset is 100000000000000000 (an absurd epoch second)

Prints "listening on http://127.0.0.1:PORT" (port 0: the system picks one), then serves until killed.
"""
import argparse
import socket
import socketserver
import sys
import time

CHUNK = b" " * (1 << 20)


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        data = b""
        while b"\r\n\r\n" not in data:
            more = self.request.recv(65536)
            if not more:
                return
            data += more
        mode, size = self.server.mode, self.server.size
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
        start, end = b'{"data":[', b'],"meta":{"result_count":0}}'
        if mode.startswith("429"):
            reset = int(time.time()) + 3600 if mode == "429-hour" else 10**17
            body = b'{"title":"Too Many Requests","detail":"Too Many Requests","status":429}'
            self.request.sendall(b"HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
                                 b"Connection: close\r\nx-rate-limit-reset: %d\r\nContent-Length: %d\r\n\r\n"
                                 % (reset, len(body)) + body)
            return
        try:
            if mode == "gib-cl":
                head += b"Content-Length: %d\r\n" % size
            self.request.sendall(head + b"\r\n" + start)
            if mode == "endless":
                while True:
                    self.request.sendall(CHUNK)
            elif mode == "drip":
                while True:
                    time.sleep(0.05)
                    self.request.sendall(b" ")
            else:
                left = size - len(start) - len(end)
                while left > 0:
                    n = min(left, len(CHUNK))
                    self.request.sendall(CHUNK[:n])
                    left -= n
                self.request.sendall(end)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["endless", "gib", "gib-cl", "drip", "429-hour", "429-1e17"], required=True)
    ap.add_argument("--size", type=int, default=1 << 30)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    server.mode, server.size = args.mode, args.size
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
