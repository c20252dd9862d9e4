# serverlib.py
#
# Copyright 2026 The Interleave authors
#
# This program is free software: you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation, either version 3 of the License, or
# (at your option) any later version.
#
# This program is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
# GNU General Public License for more details.
#
# You should have received a copy of the GNU General Public License
# along with this program.  If not, see <http://www.gnu.org/licenses/>.
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers for the real-server tests: a small TAP emitter, starting a test
server and reading its ready line, HTTP on 127.0.0.1, Server-Timing
parsing, and finding every process of a server's process group."""

import http.client
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import traceback
import urllib.parse

SOURCE_DIR = os.environ.get(
    "INTERLEAVE_SOURCE_DIR",
    os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..")))
SERVERS_DIR = os.path.join(SOURCE_DIR, "data", "servers")
PLAN_CASES = os.path.join(SOURCE_DIR, "tests", "data", "plan-cases.json")
READY_TIMEOUT = 30.0
HTTP_TIMEOUT = 30.0


class TestFailure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise TestFailure(message)


class Tap:
    """Runs named test functions and prints TAP version 13."""

    def __init__(self):
        self.count = 0
        self.failed = 0
        print("TAP version 13", flush=True)

    def diag(self, message):
        for line in str(message).splitlines():
            print(f"# {line}", flush=True)

    def run(self, name, func, *args):
        self.count += 1
        start = time.monotonic()
        try:
            func(*args)
        except Exception as e:   # report every failure, keep going
            self.failed += 1
            print(f"not ok {self.count} - {name}", flush=True)
            if isinstance(e, TestFailure):
                self.diag(str(e))
            else:
                self.diag(traceback.format_exc())
            return False
        print(f"ok {self.count} - {name} ({time.monotonic() - start:.2f} s)", flush=True)
        return True

    def finish(self):
        print(f"1..{self.count}", flush=True)
        return 1 if self.failed or self.count == 0 else 0


# ---------------------------------------------------------------------------
# Processes

def proc_stat(pid):
    """(state, ppid, pgrp) of a process, or None when it does not exist."""
    try:
        with open(f"/proc/{pid}/stat", encoding="latin-1") as f:
            data = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = data[data.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[2])


def group_members(pgid):
    """Live (not zombie) processes whose process group is pgid."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = proc_stat(int(entry))
        if stat and stat[2] == pgid and stat[0] != "Z":
            members.append(int(entry))
    return sorted(members)


def is_alive(pid):
    stat = proc_stat(pid)
    return stat is not None and stat[0] != "Z"


def wait_gone(pgid, pids, timeout):
    """Waits until no process of group pgid and none of pids lives.
    Returns the seconds it took, or None on timeout."""
    start = time.monotonic()
    while True:
        left = set(group_members(pgid)) | {p for p in pids if is_alive(p)}
        if not left:
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            return None
        time.sleep(0.02)


def thread_cpu_ns(pid, tid):
    with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
        return int(f.read().split()[0])


def group_thread_cpu_ns(pgid):
    """{(pid, tid): CPU time in ns} for every thread of the group."""
    result = {}
    for pid in group_members(pgid):
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                result[(pid, int(tid))] = thread_cpu_ns(pid, tid)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return result


def set_group_affinity(pgid, cpus):
    for pid in group_members(pgid):
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                os.sched_setaffinity(int(tid), cpus)
        except (FileNotFoundError, ProcessLookupError):
            pass


# ---------------------------------------------------------------------------
# Servers

def server_command(runtime, mode, workers=None, interpreter=None):
    if runtime == "node":
        cmd = [interpreter or os.environ.get("INTERLEAVE_NODE", "node"),
               os.path.join(SERVERS_DIR, "node", "server.js")]
    else:
        cmd = [interpreter or os.environ.get("INTERLEAVE_PYTHON", sys.executable),
               os.path.join(SERVERS_DIR, "python", "server.py")]
    cmd += ["--mode", mode]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    return cmd


def read_line(stream, timeout):
    """One line from a pipe, or None on EOF or timeout."""
    fd = stream.fileno()
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1)
        if not chunk:
            return data.decode() if data else None
        data += chunk
    return data.decode()


class Server:
    """A test server started in its own session (process group = its pid),
    stdin held open by this process."""

    def __init__(self, cmd, extra_args=()):
        self.cmd = list(cmd) + list(extra_args)
        self.stderr = open(os.devnull, "wb") if os.environ.get("INTERLEAVE_QUIET") else None
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, start_new_session=True)
        self.pgid = self.proc.pid
        line = read_line(self.proc.stdout, READY_TIMEOUT)
        if line is None:
            self.kill()
            raise TestFailure(f"{' '.join(self.cmd)}: no ready line")
        self.ready_text = line
        self.ready = json.loads(line)
        self.port = self.ready["port"]
        self.pid = self.proc.pid
        self.conn = None

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)

    def get(self, target, method="GET", conn=None, body=None):
        """Returns (status, headers dict lower-cased, body bytes)."""
        own = conn is None
        if own:
            conn = self.connection()
        try:
            conn.request(method, target, body=body)
            response = conn.getresponse()
            data = response.read()
            headers = {k.lower(): v for k, v in response.getheaders()}
            return response.status, headers, data
        finally:
            if own:
                conn.close()

    def json(self, target, conn=None):
        status, headers, data = self.get(target, conn=conn)
        check(status == 200, f"GET {target}: status {status}: {data!r}")
        return json.loads(data)

    def work(self, plan, conn=None):
        """Runs a plan; returns (Server-Timing entries, body, headers)."""
        target = "/work?plan=" + urllib.parse.quote(plan, safe="")
        status, headers, data = self.get(target, conn=conn)
        check(status == 200, f"plan {plan!r}: status {status}: {data!r}")
        check("server-timing" in headers, f"plan {plan!r}: no Server-Timing header")
        return parse_server_timing(headers["server-timing"]), json.loads(data), headers

    def close_stdin(self):
        self.proc.stdin.close()

    def kill(self):
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self.stderr is not None:
            self.stderr.close()


# ---------------------------------------------------------------------------
# Server-Timing

ENTRY_RE = re.compile(r"^([A-Za-z0-9_-]+)((?:;[a-z]+=[0-9.\-]+)*)$")


def parse_server_timing(text):
    """Parses our servers' Server-Timing into dicts: name, dur, start
    (ms, floats), pid, tid (ints). Strict: anything else fails."""
    entries = []
    for raw in text.split(","):
        raw = raw.strip()
        match = ENTRY_RE.match(raw)
        check(match is not None, f"bad Server-Timing entry {raw!r} in {text!r}")
        params = dict(p.split("=", 1) for p in match.group(2).split(";")[1:])
        check(set(params) == {"dur", "start", "pid", "tid"},
              f"Server-Timing entry {raw!r}: params {sorted(params)}")
        check(re.fullmatch(r"[0-9]+\.[0-9]{3}", params["dur"]) is not None,
              f"dur {params['dur']!r} is not ms with 3 decimals")
        check(re.fullmatch(r"[0-9]+\.[0-9]{3}", params["start"]) is not None,
              f"start {params['start']!r} is not ms with 3 decimals")
        entries.append({"name": match.group(1), "dur": float(params["dur"]),
                        "start": float(params["start"]), "pid": int(params["pid"]),
                        "tid": int(params["tid"])})
    return entries


def load_plan_cases():
    with open(PLAN_CASES, encoding="utf-8") as f:
        return json.load(f)
