"""Baseline for the API load bench: the same answers, fetched once from ecobarrier and saved as files, served by
Python's standard ThreadingHTTPServer (what a user would do to publish dumped JSON), gzip-compressed ahead like
ecobarrier's cache. Usage: baseline_server.py DIR PORT (DIR holds one file per path, named by its index)."""
import gzip
import http.server
import os
import sys

root, port = sys.argv[1], int(sys.argv[2])
paths = [p for p in open(os.path.join(root, "paths.txt"), encoding="utf-8").read().splitlines() if p]
bodies = {}
for i, p in enumerate(paths):
    with open(os.path.join(root, f"{i}.json"), "rb") as f:
        raw = f.read()
    bodies[p] = (raw, gzip.compress(raw, 6))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = bodies.get(self.path)
        if body is None:
            self.send_error(404)
            return
        zipped = "gzip" in self.headers.get("Accept-Encoding", "")
        data = body[1] if zipped else body[0]
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer.daemon_threads = True
http.server.ThreadingHTTPServer.request_queue_size = 1024
http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
