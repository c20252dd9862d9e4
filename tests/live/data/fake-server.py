# SPDX-License-Identifier: GPL-3.0-or-later
# A stand-in for data/servers/python/server.py that misbehaves on purpose,
# so the launcher's error paths can be tested. FAKE_SERVER picks how.
import http.server
import json
import os
import sys
import threading
import time

how = os.environ.get("FAKE_SERVER", "good")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if how == "bad-info":
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps({"runtime": "python", "mode": "threaded", "workers": 1,
                           "pid": os.getpid(), "gil": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if how == "early-exit":
    print("fake: cannot bind 127.0.0.1: address already in use", file=sys.stderr, flush=True)
    sys.exit(3)

if how == "silent":
    print("fake: starting slowly", file=sys.stderr, flush=True)
    time.sleep(60)
    sys.exit(0)

if how == "bad-port":
    print(json.dumps({"event": "ready", "port": 70000, "pid": os.getpid()}), flush=True)
    sys.stdin.read()
    sys.exit(0)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("fake: some chatter before the ready line", flush=True)
print(json.dumps({"event": "ready", "port": server.server_address[1], "pid": os.getpid(),
                  "runtime": "python", "mode": "threaded", "workers": 1}), flush=True)
sys.stdin.read()
if how == "stubborn":
    time.sleep(60)
