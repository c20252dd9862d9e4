#!/usr/bin/env python3
# server.py
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

"""Interleave's real Python test server (standard library only).

  server.py --mode threaded|prefork|asyncio [--workers K] [--pool N]
            [--port P] [--host 127.0.0.1] [--allow-remote]

The contract (ready line, /work?plan=..., Server-Timing, /__interleave/info,
lifetime bound to stdin) is documented in docs/servers.md. Only the ready
line goes to stdout; everything else goes to stderr."""

import argparse
import asyncio
import ctypes
import errno
import hashlib
import http.server
import ipaddress
import json
import math
import os
import platform
import select
import signal
import socket
import sys
import sysconfig
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

RUNTIME = "python"
MAX_PHASES = 64
MAX_TOTAL_MS = 60000.0
PHASE_NAMES = ("cpu", "io", "native")
MAX_BODY = 1 << 20
PBKDF2_PASSWORD = b"interleave"
PBKDF2_SALT = b"interleave-salt"


def log(message):
    sys.stderr.write(f"server.py[{os.getpid()}]: {message}\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# Plan parser: the same grammar, arithmetic, limits and error positions as
# src/sim/interleave-plan.c. Positions are 1-based byte offsets into the
# UTF-8 plan text. tests/data/plan-cases.json is shared with the C tests.

class PlanError(ValueError):
    def __init__(self, text, position, kind, reason):
        self.position = position
        self.kind = kind
        super().__init__(f"Plan \u201c{text}\u201d, position {position}: {reason}")


def _llround(x):
    # llround() for x >= 0: halves round away from zero.
    whole = math.floor(x)
    return int(whole) + (1 if x - whole >= 0.5 else 0)


def parse_plan(text):
    """Returns a list of (kind, nanoseconds) or raises PlanError."""
    data = text.encode("utf-8", "surrogatepass")
    n = len(data)

    def skip_spaces(i):
        while i < n and data[i] in (0x20, 0x09):
            i += 1
        return i

    def expected(i, what):
        raise PlanError(text, i + 1, "syntax", "expected " + what)

    i = skip_spaces(0)
    if i == n:
        return []

    phases = []
    total_ns = 0
    while True:
        i = skip_spaces(i)
        name_start = i
        while i < n and (0x41 <= data[i] <= 0x5A or 0x61 <= data[i] <= 0x7A):
            i += 1
        name = data[name_start:i].decode("ascii")
        if name not in PHASE_NAMES:
            expected(name_start, "a phase: cpu, io or native")

        i = skip_spaces(i)
        if i == n or data[i] != 0x3A:
            expected(i, "\u201c:\u201d after the phase name")
        i = skip_spaces(i + 1)

        number_start = i
        value = 0.0
        scale = 0.1
        any_digit = False
        while i < n and 0x30 <= data[i] <= 0x39:
            value = value * 10.0 + (data[i] - 0x30)
            any_digit = True
            i += 1
            if value > 1e12:
                expected(number_start, "a number of milliseconds")
        if i < n and data[i] == 0x2E:
            i += 1
            while i < n and 0x30 <= data[i] <= 0x39:
                value += (data[i] - 0x30) * scale
                scale /= 10.0
                any_digit = True
                i += 1
        if not any_digit:
            expected(number_start, "a number of milliseconds")

        ns = _llround(value * 1e6)
        if len(phases) >= MAX_PHASES:
            raise PlanError(text, name_start + 1, "limit",
                            f"A plan has at most {MAX_PHASES} phases")
        if float(total_ns + ns) > MAX_TOTAL_MS * 1e6:
            raise PlanError(text, name_start + 1, "limit",
                            f"A plan may last at most {MAX_TOTAL_MS:.0f} ms in total")
        phases.append((name, ns))
        total_ns += ns

        i = skip_spaces(i)
        if i == n:
            return phases
        if data[i] != 0x2C:
            expected(i, "\u201c,\u201d or the end of the plan")
        i += 1


# ---------------------------------------------------------------------------
# Phases

def spin_cpu(ns):
    """Spins until this thread's CPU time advanced by ns."""
    end = time.thread_time_ns() + ns
    while time.thread_time_ns() < end:
        pass


def sleep_at_least(ns):
    end = time.monotonic_ns() + ns
    while True:
        left = end - time.monotonic_ns()
        if left <= 0:
            return
        time.sleep(left / 1e9)


def pbkdf2(iterations):
    hashlib.pbkdf2_hmac("sha256", PBKDF2_PASSWORD, PBKDF2_SALT, iterations, 32)


def native_iterations(ns, per_ms):
    return max(1, round(ns / 1e6 * per_ms))


def calibrate_native():
    """pbkdf2 iterations per millisecond of this thread's CPU time."""
    iterations = 256
    while True:
        t0 = time.thread_time_ns()
        pbkdf2(iterations)
        spent = time.thread_time_ns() - t0
        if spent >= 2_000_000 or iterations >= 1 << 30:
            break
        iterations *= 4
    # On a shared (virtual) machine the same work takes up to ~1.8x the
    # CPU time while a neighbour is busy, for stretches of ~100 ms. Sample
    # 12 runs of ~4 ms spread over ~100 ms and keep the second fastest:
    # interference only ever slows a run down.
    iterations = max(1, int(iterations * 4e6 / max(spent, 1)))
    rates = []
    for _ in range(12):
        t0 = time.thread_time_ns()
        pbkdf2(iterations)
        spent = max(time.thread_time_ns() - t0, 1)
        rates.append(iterations / (spent / 1e6))
        time.sleep(0.004)
    rates.sort()
    return rates[-2]


def format_ms(ns):
    """Milliseconds with microsecond precision, from integer nanoseconds."""
    ns = int(ns)
    sign = "-" if ns < 0 else ""
    us = abs(ns) // 1000
    return f"{sign}{us // 1000}.{us % 1000:03d}"


def server_timing(entries, pid):
    return ", ".join(
        f"{name};dur={format_ms(dur)};start={format_ms(start)};pid={pid};tid={tid}"
        for name, start, dur, tid in entries)


# ---------------------------------------------------------------------------
# Requests, shared by every mode

def gil_enabled():
    check = getattr(sys, "_is_gil_enabled", None)
    return bool(check()) if check is not None else True


class Context:
    def __init__(self, args, per_ms):
        self.mode = args.mode
        self.workers = args.workers
        self.pool = args.pool
        self.per_ms = per_ms
        self.primary_pid = os.getpid()

    @property
    def keepalive(self):
        return self.mode != "prefork"

    def info(self):
        return {
            "runtime": RUNTIME,
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "mode": self.mode,
            "workers": self.workers,
            "pid": os.getpid(),
            "primary_pid": self.primary_pid,
            "gil": gil_enabled(),
            "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            "pool_size": self.pool,
            "native_iterations_per_ms": round(self.per_ms, 3),
            "cpu_clock": "thread",
            "keepalive": self.keepalive,
            "dispatch": "shared-accept" if self.mode == "prefork" else None,
            "limits": {"max_phases": MAX_PHASES, "max_total_ms": int(MAX_TOTAL_MS)},
        }


def json_body(obj):
    return (json.dumps(obj, separators=(",", ":")) + "\n").encode("utf-8")


def route(method, target):
    """Returns ("info", None), ("work", phases) or ("error", (status, body, headers))."""
    if method != "GET":
        return "error", (405, {"error": f"Method {method} not allowed; use GET"},
                         [("Allow", "GET")])
    try:
        parts = urllib.parse.urlsplit(target)
    except ValueError:
        return "error", (400, {"error": "Malformed request target"}, [])
    if parts.path == "/__interleave/info":
        return "info", None
    if parts.path != "/work":
        return "error", (404, {"error": f"No such path: {parts.path}"}, [])
    query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    plans = query.get("plan", [""])
    try:
        return "work", parse_plan(plans[0])
    except PlanError as e:
        return "error", (400, {"error": str(e), "position": e.position, "kind": e.kind}, [])


def run_plan_sync(phases, per_ms):
    """Runs phases in the calling thread; returns Server-Timing entries."""
    tid = threading.get_native_id()
    entries = []
    for kind, ns in phases:
        start = time.monotonic_ns()
        if kind == "cpu":
            spin_cpu(ns)
        elif kind == "io":
            sleep_at_least(ns)
        elif ns > 0:
            pbkdf2(native_iterations(ns, per_ms))
        entries.append((kind, start, time.monotonic_ns() - start, tid))
    return entries


def work_body(phases, pid, tid):
    return {"ok": True, "phases": len(phases), "pid": pid, "tid": tid}


# ---------------------------------------------------------------------------
# threaded and prefork: http.server

class SyncHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "interleave-python"

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):
        pass

    def log_error(self, format, *args):
        log("http: " + (format % args))

    def __getattr__(self, name):
        # Every method other than GET gets a 405 (http.server would say 501).
        if name.startswith("do_") and name != "do_GET":
            return self.do_GET
        raise AttributeError(name)

    def _drain_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            return
        try:
            length = int(self.headers.get("Content-Length", "0") or "0")
        except ValueError:
            length = -1
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        elif length != 0:
            self.close_connection = True

    def do_GET(self):
        ctx = self.server.ctx
        app_start = time.monotonic_ns()
        pid = os.getpid()
        tid = threading.get_native_id()
        self._drain_body()
        what, value = route(self.command, self.path)
        headers = []
        if what == "info":
            status, body = 200, ctx.info()
        elif what == "work":
            entries = run_plan_sync(value, ctx.per_ms)
            entries.append(("app", app_start, time.monotonic_ns() - app_start, tid))
            status, body = 200, work_body(value, pid, tid)
            headers.append(("Server-Timing", server_timing(entries, pid)))
        else:
            status, body, headers = value
        self._reply(status, json_body(body), headers)

    def _reply(self, status, payload, headers):
        close = self.server.ctx.mode == "prefork" or self.close_connection
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers:
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)


class ThreadedServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, sock, ctx):
        self.ctx = ctx
        super().__init__(sock.getsockname()[:2], SyncHandler, bind_and_activate=False)
        self.socket.close()
        self.socket = sock
        self.server_name = "localhost"
        self.server_port = sock.getsockname()[1]


class WorkerServer:
    """What a handler needs of its server inside a prefork worker."""

    def __init__(self, ctx):
        self.ctx = ctx


# ---------------------------------------------------------------------------
# Lifetime: stdin EOF and signals

def read_until_eof(fd):
    """True once fd reaches end of file (or fails)."""
    try:
        return os.read(fd, 4096) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


class StopWatcher:
    """The main thread of the primary process waits here for stdin EOF,
    SIGTERM or SIGINT, and (prefork) SIGCHLD."""

    def __init__(self, extra_signals=()):
        self.rfd, self.wfd = os.pipe()
        os.set_blocking(self.rfd, False)
        os.set_blocking(self.wfd, False)
        signal.set_wakeup_fd(self.wfd)
        for signum in (signal.SIGTERM, signal.SIGINT) + tuple(extra_signals):
            signal.signal(signum, lambda *_: None)

    def close_in_child(self):
        signal.set_wakeup_fd(-1)
        os.close(self.rfd)
        os.close(self.wfd)

    def wait(self, on_signal=None):
        """Returns "stdin" or "signal"."""
        watch_stdin = True
        while True:
            fds = [self.rfd] + ([0] if watch_stdin else [])
            try:
                ready, _, _ = select.select(fds, [], [])
            except OSError as e:
                if e.errno == errno.EBADF and watch_stdin:
                    return "stdin"
                raise
            if self.rfd in ready:
                try:
                    signums = os.read(self.rfd, 64)
                except BlockingIOError:
                    signums = b""
                for signum in signums:
                    if signum in (signal.SIGTERM, signal.SIGINT):
                        return "signal"
                    if on_signal is not None:
                        on_signal(signum)
            if 0 in ready and read_until_eof(0):
                return "stdin"


def watch_lifelines(fds):
    """In a worker: exit as soon as any of fds (stdin, the parent's
    lifeline pipe) reaches end of file."""
    def run():
        open_fds = list(fds)
        while True:
            try:
                ready, _, _ = select.select(open_fds, [], [])
            except OSError:
                os._exit(0)
            for fd in ready:
                if read_until_eof(fd):
                    os._exit(0)

    threading.Thread(target=run, name="lifeline", daemon=True).start()


def set_parent_death_signal(signum):
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def exit_now(code=0):
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def print_ready(port, ctx):
    line = json.dumps({
        "event": "ready",
        "port": port,
        "pid": os.getpid(),
        "runtime": RUNTIME,
        "mode": ctx.mode,
        "workers": ctx.workers,
    }, separators=(",", ":"))
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------
# Modes

def run_threaded(sock, ctx):
    stop = StopWatcher()
    server = ThreadedServer(sock, ctx)
    threading.Thread(target=server.serve_forever, name="accept", daemon=True).start()
    print_ready(sock.getsockname()[1], ctx)
    stop.wait()
    sock.close()
    exit_now(0)


def prefork_worker(sock, ctx, ready_w, lifeline_r):
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the primary stops us
    set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != ctx.primary_pid:            # the primary died already
        os._exit(0)
    watch_lifelines([0, lifeline_r])
    server = WorkerServer(ctx)
    os.write(ready_w, b"r")
    os.close(ready_w)
    while True:
        try:
            conn, addr = sock.accept()
        except OSError as e:
            if e.errno in (errno.ECONNABORTED, errno.EPROTO, errno.EINTR):
                continue
            if e.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                time.sleep(0.05)
                continue
            log(f"accept failed: {e}")
            os._exit(1)
        try:
            SyncHandler(conn, addr, server)
        except Exception as e:   # a broken client must not kill the worker
            log(f"request failed: {e!r}")
        finally:
            try:
                conn.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            conn.close()


def run_prefork(sock, ctx):
    stop = StopWatcher(extra_signals=(signal.SIGCHLD,))
    ready_r, ready_w = os.pipe()
    lifeline_r, lifeline_w = os.pipe()
    children = set()
    stopping = False

    def spawn():
        pid = os.fork()
        if pid == 0:
            try:
                stop.close_in_child()
                os.close(ready_r)
                os.close(lifeline_w)
                prefork_worker(sock, ctx, ready_w, lifeline_r)
            except BaseException as e:   # never return into the primary's code
                log(f"worker failed: {e!r}")
            os._exit(1)
        children.add(pid)
        return pid

    def reap():
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                children.clear()
                return
            if pid == 0:
                return
            children.discard(pid)
            if not stopping:
                log(f"worker {pid} exited (status {status}); starting another")
                spawn()

    for _ in range(ctx.workers):
        spawn()

    # Ready once every worker is about to accept. A worker that dies, a
    # signal or stdin EOF before that ends the start-up.
    deadline = time.monotonic() + 60
    got = 0
    failure = None
    while got < ctx.workers and failure is None:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([ready_r, stop.rfd, 0], [], [], max(left, 0))
        if not ready:
            failure = "workers did not start within 60 s"
        if ready_r in ready:
            got += len(os.read(ready_r, 64))
        if stop.rfd in ready:
            try:
                signums = os.read(stop.rfd, 64)
            except BlockingIOError:
                signums = b""
            if signal.SIGCHLD in signums:
                pid, status = os.waitpid(-1, os.WNOHANG)
                if pid:
                    children.discard(pid)
                    failure = f"worker {pid} exited during start-up (status {status})"
            if signal.SIGTERM in signums or signal.SIGINT in signums:
                failure = "stopped during start-up"
        if 0 in ready and read_until_eof(0):
            failure = "stdin closed during start-up"
    if failure is not None:
        log(failure)
        stopping = True
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        exit_now(1)

    print_ready(sock.getsockname()[1], ctx)

    def on_signal(signum):
        if signum == signal.SIGCHLD:
            reap()

    stop.wait(on_signal)
    stopping = True
    sock.close()
    for pid in list(children):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 1.5
    while children and time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.01)
        else:
            children.discard(pid)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    exit_now(0)


async def asyncio_sleep_at_least(ns):
    end = time.monotonic_ns() + ns
    while True:
        left = end - time.monotonic_ns()
        if left <= 0:
            return
        await asyncio.sleep(left / 1e9)


def native_in_executor(iterations):
    tid = threading.get_native_id()
    pbkdf2(iterations)
    return tid


async def run_plan_async(phases, per_ms):
    loop = asyncio.get_running_loop()
    tid = threading.get_native_id()
    entries = []
    for kind, ns in phases:
        start = time.monotonic_ns()
        phase_tid = tid
        if kind == "cpu":
            spin_cpu(ns)
        elif kind == "io":
            await asyncio_sleep_at_least(ns)
        elif ns > 0:
            phase_tid = await loop.run_in_executor(
                None, native_in_executor, native_iterations(ns, per_ms))
        entries.append((kind, start, time.monotonic_ns() - start, phase_tid))
    return entries


REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found",
           405: "Method Not Allowed", 431: "Request Header Fields Too Large",
           500: "Internal Server Error", 501: "Not Implemented"}


def http_date():
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())


def encode_response(status, payload, headers, close, head=False):
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Unknown')}",
             "Server: interleave-python",
             f"Date: {http_date()}",
             "Content-Type: application/json",
             f"Content-Length: {len(payload)}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if close:
        lines.append("Connection: close")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return data if head else data + payload


async def serve_connection(ctx, reader, writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
    pid = os.getpid()
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                return
            except asyncio.LimitOverrunError:
                writer.write(encode_response(431, json_body({"error": "Request head too large"}), [], True))
                await writer.drain()
                return
            app_start = time.monotonic_ns()
            lines = head.decode("latin-1").lstrip("\r\n").split("\r\n")
            request = lines[0].split(" ")
            if len(request) != 3 or not request[2].startswith("HTTP/1."):
                writer.write(encode_response(400, json_body({"error": "Malformed request line"}), [], True))
                await writer.drain()
                return
            method, target, version = request
            fields = {}
            for line in lines[1:]:
                if not line:
                    continue
                name, sep, value = line.partition(":")
                if not sep:
                    continue
                fields[name.strip().lower()] = value.strip()
            connection = fields.get("connection", "").lower()
            if version == "HTTP/1.0":
                keep = "keep-alive" in connection
            else:
                keep = "close" not in connection
            if "transfer-encoding" in fields:
                keep = False   # no body framing we could skip reliably
            else:
                try:
                    length = int(fields.get("content-length", "0") or "0")
                except ValueError:
                    length = -1
                if 0 < length <= MAX_BODY:
                    await reader.readexactly(length)
                elif length != 0:
                    keep = False

            what, value = route(method, target)
            headers = []
            if what == "info":
                status, body = 200, ctx.info()
            elif what == "work":
                entries = await run_plan_async(value, ctx.per_ms)
                tid = threading.get_native_id()
                entries.append(("app", app_start, time.monotonic_ns() - app_start, tid))
                status, body = 200, work_body(value, pid, tid)
                headers.append(("Server-Timing", server_timing(entries, pid)))
            else:
                status, body, headers = value
            writer.write(encode_response(status, json_body(body), headers, not keep,
                                         head=(method == "HEAD")))
            await writer.drain()
            if not keep:
                return
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def asyncio_main(sock, ctx):
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=ctx.pool,
                                                 thread_name_prefix="native"))
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    def watch_stdin():
        while not read_until_eof(0):
            pass
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch_stdin, name="stdin", daemon=True).start()
    server = await asyncio.start_server(lambda r, w: serve_connection(ctx, r, w),
                                        sock=sock, backlog=1024)
    print_ready(sock.getsockname()[1], ctx)
    await stop.wait()
    # Exit at once: asyncio.run() would wait for native phases still
    # running in the executor.
    server.close()
    sock.close()
    exit_now(0)


def run_asyncio(sock, ctx):
    asyncio.run(asyncio_main(sock, ctx))


# ---------------------------------------------------------------------------
# Start-up

def listening_socket(host, port):
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                               flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(1024)
    return sock


def check_host(parser, host, allow_remote):
    if host == "localhost":
        return "127.0.0.1"
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not allow_remote:
        parser.error(f"--host {host}: not a loopback address "
                     "(give --allow-remote to listen on it)")
    return host


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="server.py", description="Interleave's real Python test server.")
    parser.add_argument("--mode", required=True, choices=("threaded", "prefork", "asyncio"))
    parser.add_argument("--workers", type=int, default=None,
                        help="prefork: worker processes (default: CPU count)")
    parser.add_argument("--pool", type=int, default=None,
                        help="asyncio: executor threads for native phases")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a --host that is not a loopback address")
    args = parser.parse_args(argv)

    if args.workers is not None and args.mode != "prefork":
        parser.error("--workers applies to --mode prefork only")
    if args.pool is not None and args.mode != "asyncio":
        parser.error("--pool applies to --mode asyncio only")
    if args.mode == "prefork":
        args.workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
        if not 1 <= args.workers <= 256:
            parser.error("--workers must be between 1 and 256")
    else:
        args.workers = 1
    if args.mode == "asyncio":
        # ThreadPoolExecutor's own default.
        args.pool = args.pool if args.pool is not None else min(32, (os.cpu_count() or 1) + 4)
        if not 1 <= args.pool <= 1024:
            parser.error("--pool must be between 1 and 1024")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    args.host = check_host(parser, args.host, args.allow_remote)
    return args


def main(argv):
    args = parse_args(argv)
    ctx = Context(args, calibrate_native())
    try:
        sock = listening_socket(args.host, args.port)
    except OSError as e:
        log(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}")
        return 1
    if args.mode == "threaded":
        run_threaded(sock, ctx)
    elif args.mode == "prefork":
        run_prefork(sock, ctx)
    else:
        run_asyncio(sock, ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
