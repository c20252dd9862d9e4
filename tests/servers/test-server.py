#!/usr/bin/env python3
# test-server.py
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

"""Tests one real test server mode from the outside, over HTTP on
127.0.0.1, and prints TAP.

  test-server.py --runtime node|python --mode MODE [--workers K]
                 [--interpreter PATH]

Every check compares figures measured in this run (ratios), except where
the contract itself is a bound (an io phase lasts at least what was asked;
a process is gone within 2 s of losing its stdin)."""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serverlib  # noqa: E402
from serverlib import TestFailure, check  # noqa: E402

GONE_WITHIN = 2.0


class ModeTests:
    def __init__(self, tap, args):
        self.tap = tap
        self.runtime = args.runtime
        self.mode = args.mode
        self.workers = args.workers
        self.cmd = serverlib.server_command(args.runtime, args.mode, args.workers,
                                            args.interpreter)
        self.multi = args.mode in ("cluster", "prefork")
        self.keepalive = args.mode != "prefork"
        self.server = None
        self.started = []

    # -- helpers ------------------------------------------------------------

    def start(self, extra_args=()):
        server = serverlib.Server(self.cmd, extra_args)
        self.started.append(server)
        return server

    def cleanup(self):
        for server in self.started:
            server.kill()

    def expected_workers(self):
        return self.workers if self.multi else 1

    # -- tests --------------------------------------------------------------

    def test_ready(self):
        self.server = self.start()
        ready = self.server.ready
        text = self.server.ready_text
        check(text.endswith("\n") and text.count("\n") == 1, f"ready line {text!r}")
        check(list(ready) == ["event", "port", "pid", "runtime", "mode", "workers"],
              f"ready keys {list(ready)}")
        check(ready["event"] == "ready", f"event {ready['event']!r}")
        check(isinstance(ready["port"], int) and 0 < ready["port"] < 65536,
              f"port {ready['port']!r}")
        check(ready["pid"] == self.server.pid, f"pid {ready['pid']} != {self.server.pid}")
        check(ready["runtime"] == self.runtime, f"runtime {ready['runtime']!r}")
        check(ready["mode"] == self.mode, f"mode {ready['mode']!r}")
        check(ready["workers"] == self.expected_workers(), f"workers {ready['workers']!r}")
        members = serverlib.group_members(self.server.pgid)
        check(len(members) == self.expected_workers() + (1 if self.multi else 0),
              f"processes in the server's group: {members}")

    def test_info(self):
        info = self.server.json("/__interleave/info")
        self.tap.diag(json.dumps(info))
        check(info["runtime"] == self.runtime, f"runtime {info['runtime']!r}")
        check(isinstance(info["version"], str) and info["version"][:1].isdigit(),
              f"version {info['version']!r}")
        check(info["mode"] == self.mode, f"mode {info['mode']!r}")
        check(info["workers"] == self.expected_workers(), f"workers {info['workers']!r}")
        check(info["primary_pid"] == self.server.pid, f"primary_pid {info['primary_pid']}")
        members = serverlib.group_members(self.server.pgid)
        if self.multi:
            check(info["pid"] != self.server.pid and info["pid"] in members,
                  f"pid {info['pid']} is not a worker of {members}")
        else:
            check(info["pid"] == self.server.pid, f"pid {info['pid']}")
        if self.runtime == "node":
            check(info["gil"] is None, f"gil {info['gil']!r}")
            check(info["pool_size"] == int(os.environ.get("UV_THREADPOOL_SIZE", "4")),
                  f"pool_size {info['pool_size']!r}")
            check(info["cpu_clock"] in ("schedstat", "wall"), f"cpu_clock {info['cpu_clock']!r}")
            if sys.platform.startswith("linux"):
                check(info["cpu_clock"] == "schedstat", "Linux has /proc/thread-self/schedstat")
        else:
            check(isinstance(info["gil"], bool), f"gil {info['gil']!r}")
            check(info["free_threaded"] or info["gil"] is True,
                  f"gil {info['gil']} on a build with the GIL")
            if self.mode == "asyncio":
                check(isinstance(info["pool_size"], int) and info["pool_size"] >= 1,
                      f"pool_size {info['pool_size']!r}")
            else:
                check(info["pool_size"] is None, f"pool_size {info['pool_size']!r}")
            check(info["cpu_clock"] == "thread", f"cpu_clock {info['cpu_clock']!r}")
        check(isinstance(info["native_iterations_per_ms"], (int, float))
              and info["native_iterations_per_ms"] > 0,
              f"native_iterations_per_ms {info['native_iterations_per_ms']!r}")
        check(info["keepalive"] == self.keepalive, f"keepalive {info['keepalive']!r}")
        check(info["limits"] == {"max_phases": 64, "max_total_ms": 60000},
              f"limits {info['limits']!r}")
        want_dispatch = {"cluster": "round-robin", "prefork": "shared-accept"}.get(self.mode)
        check(info["dispatch"] == want_dispatch, f"dispatch {info['dispatch']!r}")

    def test_server_timing_shape(self):
        before = time.monotonic_ns() / 1e6
        entries, body, headers = self.server.work("cpu:2,io:3,native:1,io:0")
        after = time.monotonic_ns() / 1e6
        names = [e["name"] for e in entries]
        check(names == ["cpu", "io", "native", "io", "app"], f"entries {names}")
        check(body["ok"] is True and body["phases"] == 4, f"body {body}")
        pids = {e["pid"] for e in entries}
        check(pids == {body["pid"]}, f"pids {pids} vs body pid {body['pid']}")
        if self.multi:
            check(body["pid"] != self.server.pid, "a worker, not the primary, answered")
        app = entries[-1]
        # start is CLOCK_MONOTONIC in ms: the same clock as time.monotonic_ns().
        check(before - 1 <= app["start"] <= after, f"app start {app['start']} not in [{before}, {after}]")
        check(app["start"] + app["dur"] <= after + 1, "app ends after the response arrived")
        previous_end = app["start"]
        for e in entries[:-1]:
            check(e["start"] >= previous_end - 0.002, f"{e['name']} starts before the last phase ended")
            previous_end = e["start"] + e["dur"]
        check(previous_end <= app["start"] + app["dur"] + 0.002, "phases end after app")
        main_tid = entries[0]["tid"]
        check(main_tid > 0, f"cpu tid {main_tid}")
        if self.runtime == "node":
            check(main_tid == body["pid"], "node's main thread tid is its pid")
            check(entries[2]["tid"] == 0, f"native tid {entries[2]['tid']} (pool: 0)")
        elif self.mode == "asyncio":
            check(entries[2]["tid"] not in (0, main_tid), "asyncio native runs in the executor")
        else:
            check(entries[2]["tid"] == main_tid, "native runs in the request's thread")
        check(headers.get("content-type") == "application/json", "content type")
        if not self.keepalive:
            check(headers.get("connection", "").lower() == "close", "prefork answers Connection: close")

    def measure_cpu(self, plan, conn):
        """Runs plan; returns (its first phase's Server-Timing entry, the CPU
        time in ms the thread that ran it spent on the whole request). The
        server is idle before and after, so its threads' schedstat counters
        are up to date when read."""
        time.sleep(0.02)
        before = serverlib.group_thread_cpu_ns(self.server.pgid)
        entries = self.server.work(plan, conn=conn)[0]
        time.sleep(0.02)
        after = serverlib.group_thread_cpu_ns(self.server.pgid)
        key = (entries[0]["pid"], entries[0]["tid"])
        check(key in after, f"thread {key} of the cpu phase not found in the server's group")
        return entries[0], (after[key] - before.get(key, 0)) / 1e6

    def test_cpu_phase(self):
        # The phase is defined in thread CPU time: compare the CPU time the
        # server thread spent on cpu:20 requests with what it spends on
        # empty ones. Wall time (Server-Timing dur) can only be longer.
        wanted = 20.0
        conn = self.server.connection() if self.keepalive else None
        try:
            overhead = min(self.measure_cpu("cpu:0", conn)[1] for _ in range(3))
            runs = [self.measure_cpu(f"cpu:{wanted:g}", conn) for _ in range(5)]
        finally:
            if conn is not None:
                conn.close()
        durs = [e["dur"] for e, _ in runs]
        net = [c - overhead for _, c in runs]
        self.tap.diag(f"cpu:{wanted:g}: thread CPU less an empty request's ({overhead:.3f} ms): "
                      + ", ".join(f"{c:.3f}" for c in net) + " ms")
        self.tap.diag(f"cpu:{wanted:g}: Server-Timing dur (wall): {durs} ms")
        check(min(durs) >= wanted * 0.999, f"a cpu phase lasted less than {wanted} ms: {durs}")
        error = statistics.median(net) / wanted - 1
        self.tap.diag(f"cpu phase error (median, thread CPU): {error * 100:+.2f} %")
        check(abs(error) <= 0.10, f"cpu:{wanted:g} cost {statistics.median(net):.3f} ms of thread CPU")

    def test_cpu_is_thread_time(self):
        # Pin the server and a CPU hog to one core: the cpu phase's wall
        # time stretches (it shares the core) but the CPU time the server
        # thread spends stays what the plan asked for.
        ncpu = os.cpu_count() or 1
        all_cpus = set(range(ncpu))
        core = max(os.sched_getaffinity(0))
        hog = subprocess.Popen([sys.executable, "-c", "while True: pass"],
                               stdin=subprocess.DEVNULL, start_new_session=True)
        conn = self.server.connection() if self.keepalive else None
        try:
            os.sched_setaffinity(hog.pid, {core})
            serverlib.set_group_affinity(self.server.pgid, {core})
            wanted = 40.0
            results = [self.measure_cpu(f"cpu:{wanted:g}", conn) for _ in range(2)]
        finally:
            if conn is not None:
                conn.close()
            hog.kill()
            hog.wait()
            serverlib.set_group_affinity(self.server.pgid, all_cpus)
        self.tap.diag(f"cpu:{wanted:g} sharing a core with a hog: "
                      + ", ".join(f"wall {e['dur']:.1f} ms, thread CPU {c:.1f} ms"
                                  for e, c in results))
        wall = max(e["dur"] for e, _ in results)
        check(wall >= wanted * 1.4, f"wall {wall:.1f} ms: the hog did not share the core")
        cpu = min(c for _, c in results)
        check(wanted * 0.97 <= cpu <= wanted * 1.25 + 2,
              f"thread CPU {cpu:.1f} ms for cpu:{wanted:g} (wall {wall:.1f} ms)")

    def test_io_phase(self):
        wanted = 30.0
        durs = [self.server.work(f"io:{wanted:g}")[0][0]["dur"] for _ in range(4)]
        self.tap.diag(f"io:{wanted:g} durations (ms): {durs}")
        check(min(durs) >= wanted, f"an io phase lasted less than {wanted} ms: {durs}")
        check(min(durs) <= wanted * 1.5, f"every io phase overslept: {durs}")

    def test_native_phase(self):
        # A calibrated iteration count: fixed work, whose CPU time varies
        # with the machine (on a shared VM the same pbkdf2 run takes 11.5 to
        # 22 ms from one run to the next). Judge the CPU time of the thread
        # that ran it (Node: the process's threads other than the main one,
        # the libuv pool), median of six runs, in a band that still catches
        # a wrong calibration (unit slips are x1000); wall time is at least
        # that CPU time.
        wanted = 20.0
        conn = self.server.connection() if self.keepalive else None
        runs = []
        try:
            for _ in range(6):
                time.sleep(0.02)
                before = serverlib.group_thread_cpu_ns(self.server.pgid)
                entry = self.server.work(f"native:{wanted:g}", conn=conn)[0][0]
                time.sleep(0.02)
                after = serverlib.group_thread_cpu_ns(self.server.pgid)
                pid = entry["pid"]
                if entry["tid"] != 0:
                    threads = [(pid, entry["tid"])]
                else:
                    threads = [k for k in after if k[0] == pid and k[1] != pid]
                cpu = sum(after[k] - before.get(k, 0) for k in threads) / 1e6
                runs.append((entry["dur"], cpu))
        finally:
            if conn is not None:
                conn.close()
        self.tap.diag(f"native:{wanted:g}: " + ", ".join(f"wall {w:.2f} ms, CPU {c:.2f} ms"
                                                         for w, c in runs))
        median = statistics.median(c for _, c in runs)
        self.tap.diag(f"native calibration error (median, CPU): {(median / wanted - 1) * 100:+.1f} %")
        check(wanted * 0.5 <= median <= wanted * 2.0,
              f"native:{wanted:g} cost a median {median:.2f} ms of CPU")
        for wall, cpu in runs:
            check(wall >= cpu * 0.9 - 0.5, f"native wall {wall:.2f} ms < its CPU {cpu:.2f} ms")

    def test_bad_plans(self):
        cases = serverlib.load_plan_cases()
        failures = []
        for case in cases["invalid"]:
            target = "/work?plan=" + urllib.parse.quote(case["plan"], safe="")
            status, headers, data = self.server.get(target)
            try:
                body = json.loads(data)
            except ValueError:
                failures.append(f"{case['plan']!r}: body {data!r} is not JSON")
                continue
            message = body.get("error", "")
            if (status != 400 or body.get("position") != case["position"]
                    or f"position {case['position']}:" not in message
                    or body.get("kind") != case["error"]
                    or headers.get("content-type") != "application/json"):
                failures.append(f"{case['plan']!r}: {status} {body}")
        check(not failures, "\n".join(failures))
        self.tap.diag(f"{len(cases['invalid'])} bad plans answered 400 with their position")

    def test_valid_plans(self):
        cases = serverlib.load_plan_cases()
        ran = 0
        failures = []
        for case in cases["valid"]:
            if case["total_ms"] > 100:
                continue   # parsed by the C tests; too long to run here
            entries, body, _ = self.server.work(case["plan"])
            ran += 1
            if body["phases"] != case["phases"] or len(entries) != case["phases"] + 1:
                failures.append(f"{case['plan']!r}: {body} {len(entries)} entries")
        check(not failures, "\n".join(failures))
        check(ran >= 10, f"only {ran} valid cases ran")
        status, headers, data = self.server.get("/work")
        check(status == 200 and json.loads(data)["phases"] == 0, "/work without a plan is empty")

    def test_not_found_and_method(self):
        for path in ("/", "/nope", "/work/", "/__interleave", "/__interleave/info/x"):
            status, headers, data = self.server.get(path)
            check(status == 404, f"GET {path}: {status}")
            check("error" in json.loads(data), f"GET {path}: {data!r}")
        for method, body in (("POST", b"x=1"), ("PUT", b"{}"), ("DELETE", None), ("HEAD", None)):
            status, headers, data = self.server.get("/work?plan=cpu:1", method=method, body=body)
            check(status == 405, f"{method} /work: {status}")
            check(headers.get("allow") == "GET", f"{method} /work: Allow {headers.get('allow')!r}")
            if method != "HEAD":
                check("error" in json.loads(data), f"{method}: {data!r}")
        # The server still answers after all that.
        self.server.json("/__interleave/info")

    def test_keepalive(self):
        conn = self.server.connection()
        try:
            first = self.server.work("io:1", conn=conn)
            sock = conn.sock
            second = self.server.work("io:1", conn=conn)
            if self.keepalive:
                check(sock is not None and conn.sock is sock,
                      "the second request did not reuse the connection")
                check(first[0][0]["tid"] == second[0][0]["tid"]
                      and first[0][0]["pid"] == second[0][0]["pid"],
                      "one connection, one thread (keep-alive)")
                check(second[2].get("connection", "").lower() != "close", "Connection: close")
            else:
                check(first[2].get("connection", "").lower() == "close", "no Connection: close")
        finally:
            conn.close()

    def concurrent(self, plan, count):
        """count requests at once, one connection each; returns the wall
        time from the first send to the last answer and the answers."""
        barrier = threading.Barrier(count + 1)
        results = [None] * count
        errors = []

        def one(i):
            conn = self.server.connection()
            try:
                conn.connect()
                barrier.wait()
                results[i] = self.server.work(plan, conn=conn)
            except Exception as e:
                errors.append(repr(e))
            finally:
                conn.close()

        threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        barrier.wait()
        start = time.monotonic()
        for t in threads:
            t.join(60)
        elapsed = time.monotonic() - start
        check(not errors, f"concurrent requests failed: {errors}")
        return elapsed, results

    def test_concurrency(self):
        single = []
        for _ in range(2):
            start = time.monotonic()
            self.server.work("io:100")
            single.append(time.monotonic() - start)
        one = min(single)
        elapsed, results = self.concurrent("io:100", 10)
        ratio = elapsed / one
        pids = {r[0][0]["pid"] for r in results}
        self.tap.diag(f"io:100: one request {one * 1000:.0f} ms, ten at once "
                      f"{elapsed * 1000:.0f} ms (x{ratio:.2f}), served by pids {sorted(pids)}")
        if self.mode == "prefork":
            # Two sync workers: ten 100 ms requests take five rounds.
            check(ratio >= 4.0, f"prefork:{self.workers} served ten io:100 in x{ratio:.2f} of one")
        else:
            check(ratio < 3.0, f"ten io:100 took x{ratio:.2f} of one: not concurrent")
        if self.multi:
            check(len(pids) == self.workers, f"pids {sorted(pids)}: not every worker served")

    def stop_and_check(self, server, action, what):
        members = serverlib.group_members(server.pgid)
        check(len(members) == self.expected_workers() + (1 if self.multi else 0),
              f"before {what}: processes {members}")
        action(server)
        took = serverlib.wait_gone(server.pgid, members, GONE_WITHIN)
        left = serverlib.group_members(server.pgid)
        check(took is not None, f"{what}: processes {left} still alive after {GONE_WITHIN} s")
        self.tap.diag(f"{what}: {len(members)} process(es) gone in {took * 1000:.0f} ms")
        return members

    def test_stdin_eof(self):
        server = self.start()
        self.stop_and_check(server, lambda s: s.close_stdin(), "stdin closed")
        check(server.proc.wait(timeout=5) == 0, f"exit status {server.proc.returncode}")

    def test_stdin_eof_busy(self):
        # Stdin closes while requests are running (a long io phase and, for
        # modes that have them, a native phase in a pool thread).
        server = self.start()
        conns = []
        for plan in ("io:5000", "native:2000"):
            conn = server.connection()
            conn.request("GET", "/work?plan=" + urllib.parse.quote(plan))
            conns.append(conn)
        time.sleep(0.2)
        try:
            self.stop_and_check(server, lambda s: s.close_stdin(), "stdin closed mid-request")
        finally:
            for conn in conns:
                conn.close()

    def test_sigterm(self):
        server = self.start()
        self.stop_and_check(server, lambda s: s.proc.send_signal(signal.SIGTERM), "SIGTERM")
        check(server.proc.wait(timeout=5) == 0, f"exit status {server.proc.returncode}")

    def test_sigint(self):
        server = self.start()
        # Like Ctrl-C in a terminal: the whole process group gets SIGINT.
        self.stop_and_check(server, lambda s: os.killpg(s.pgid, signal.SIGINT), "SIGINT to the group")
        check(server.proc.wait(timeout=5) == 0, f"exit status {server.proc.returncode}")

    def test_parent_killed(self):
        # A launcher (standing in for the app) holds the server's stdin and
        # is killed with SIGKILL: nothing may survive it.
        launcher_code = (
            "import subprocess, sys, time\n"
            "p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE,"
            " stdout=subprocess.PIPE, start_new_session=True)\n"
            "sys.stdout.write(p.stdout.readline().decode()); sys.stdout.flush()\n"
            "time.sleep(120)\n")
        launcher = subprocess.Popen([sys.executable, "-c", launcher_code] + self.cmd,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
        try:
            line = serverlib.read_line(launcher.stdout, serverlib.READY_TIMEOUT)
            check(line is not None, "the launcher's server printed no ready line")
            ready = json.loads(line)
            pgid = ready["pid"]
            members = serverlib.group_members(pgid)
            check(len(members) == self.expected_workers() + (1 if self.multi else 0),
                  f"server processes {members}")
            launcher.kill()
            launcher.wait()
            took = serverlib.wait_gone(pgid, members, GONE_WITHIN)
            left = serverlib.group_members(pgid)
            if left:
                os.killpg(pgid, signal.SIGKILL)
            check(took is not None, f"after SIGKILL of the launcher, {left} still alive")
            self.tap.diag(f"launcher SIGKILLed: {len(members)} server process(es) gone in "
                          f"{took * 1000:.0f} ms")
        finally:
            if launcher.poll() is None:
                launcher.kill()
                launcher.wait()
            launcher.stdout.close()

    def test_primary_killed(self):
        # The primary dies by SIGKILL while its stdin stays open: the
        # workers notice on their own (IPC channel / lifeline pipe /
        # parent-death signal).
        # Every worker is busy with a long native phase meanwhile (Node
        # would wait for its thread pool on a plain exit).
        server = self.start()
        members = serverlib.group_members(server.pgid)
        workers = [p for p in members if p != server.pid]
        check(len(workers) == self.workers, f"workers {workers}")
        conns = []
        for _ in range(self.workers):
            conn = server.connection()
            conn.request("GET", "/work?plan=native:5000")
            conns.append(conn)
        time.sleep(0.3)
        try:
            server.proc.kill()
            server.proc.wait()
            took = serverlib.wait_gone(server.pgid, workers, GONE_WITHIN)
        finally:
            for conn in conns:
                conn.close()
        check(took is not None,
              f"after SIGKILL of the primary, {serverlib.group_members(server.pgid)} still alive")
        self.tap.diag(f"primary SIGKILLed: {len(workers)} busy worker(s) gone in {took * 1000:.0f} ms")

    def native_threads(self, server, count):
        """Runs count native:30 requests at once; returns the largest number
        of threads one process ran them on (Node: threads other than main
        that spent at least 10 ms of CPU meanwhile; asyncio: distinct tids
        in Server-Timing)."""
        previous, self.server = self.server, server
        try:
            time.sleep(0.02)
            before = serverlib.group_thread_cpu_ns(server.pgid)
            _, results = self.concurrent("native:30", count)
            time.sleep(0.02)
            after = serverlib.group_thread_cpu_ns(server.pgid)
        finally:
            self.server = previous
        if self.runtime == "python":
            return len({r[0][0]["tid"] for r in results})
        pids = {r[0][0]["pid"] for r in results}
        busy = [k for k in after if k[0] in pids and k[1] != k[0]
                and after[k] - before.get(k, 0) >= 10_000_000]
        return max(sum(1 for k in busy if k[0] == pid) for pid in pids)

    def test_pool(self):
        small = self.start(["--pool", "1"])
        info = small.json("/__interleave/info")
        check(info["pool_size"] == 1, f"--pool 1: pool_size {info['pool_size']}")
        # Four at once: a cluster of two hands each worker two.
        one = self.native_threads(small, 4)
        many = self.native_threads(self.server, 4)
        self.tap.diag(f"four native:30 at once ran on at most {one} thread(s) per process "
                      f"with --pool 1, {many} with the default pool")
        check(one == 1, f"--pool 1: native phases ran on {one} threads")
        check(many >= 2, f"default pool: native phases ran on {many} thread(s)")

    def test_pool_refused(self):
        proc = subprocess.run(self.cmd + ["--pool", "2"], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=30)
        check(proc.returncode == 2 and proc.stdout == b"" and b"--pool" in proc.stderr,
              f"--pool in {self.mode}: status {proc.returncode}, {proc.stderr!r}")

    def test_refuses_remote_host(self):
        for args in (["--host", "0.0.0.0"], ["--host", "192.0.2.1"], ["--port", "x"]):
            proc = subprocess.run(self.cmd + args, stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=30)
            check(proc.returncode != 0, f"{args}: exit status 0")
            check(proc.stdout == b"", f"{args}: printed {proc.stdout!r} on stdout")
            check(proc.stderr.strip() != b"", f"{args}: no message on stderr")

    def test_busy_port(self):
        # stdin stays open: at EOF the server would exit 0 on its own.
        proc = subprocess.Popen(self.cmd + ["--port", str(self.server.port)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            status = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise TestFailure("a second server on a busy port kept running")
        finally:
            proc.stdin.close()
            stdout = proc.stdout.read()
            stderr = proc.stderr.read()
            proc.stdout.close()
            proc.stderr.close()
        check(status != 0, "a second server on a busy port exited 0")
        check(stdout == b"", f"printed {stdout!r} on stdout")
        check(b"cannot listen" in stderr, f"stderr {stderr!r}")
        self.server.json("/__interleave/info")

    def run(self):
        tap = self.tap
        try:
            if not tap.run("starts and prints the ready line", self.test_ready):
                return
            tap.run("/__interleave/info fields", self.test_info)
            tap.run("Server-Timing: phases, app, CLOCK_MONOTONIC starts", self.test_server_timing_shape)
            tap.run("cpu phase within 10 % of the plan", self.test_cpu_phase)
            tap.run("cpu phase counts thread CPU time, not wall time", self.test_cpu_is_thread_time)
            tap.run("io phase at least the plan", self.test_io_phase)
            tap.run("native phase calibrated", self.test_native_phase)
            tap.run("bad plans: 400 naming the position (plan-cases.json)", self.test_bad_plans)
            tap.run("valid plans run (plan-cases.json)", self.test_valid_plans)
            tap.run("404 and 405", self.test_not_found_and_method)
            tap.run("keep-alive" if self.keepalive else "Connection: close", self.test_keepalive)
            tap.run("concurrency of io:100 x10", self.test_concurrency)
            if self.runtime == "node" or self.mode == "asyncio":
                tap.run("--pool sets the native thread pool", self.test_pool)
            else:
                tap.run("--pool refused (native runs in the request's thread)", self.test_pool_refused)
            tap.run("refuses a busy port", self.test_busy_port)
            tap.run("refuses non-loopback hosts and bad flags", self.test_refuses_remote_host)
            tap.run("exits on stdin EOF", self.test_stdin_eof)
            tap.run("exits on stdin EOF during requests", self.test_stdin_eof_busy)
            tap.run("exits on SIGTERM", self.test_sigterm)
            tap.run("exits on SIGINT", self.test_sigint)
            tap.run("SIGKILL of the launcher leaves no process", self.test_parent_killed)
            if self.multi:
                tap.run("SIGKILL of the primary leaves no worker", self.test_primary_killed)
        finally:
            self.cleanup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runtime", required=True, choices=("node", "python"))
    parser.add_argument("--mode", required=True)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--interpreter")
    args = parser.parse_args()
    tap = serverlib.Tap()
    tap.diag(f"{args.runtime} {args.mode}" + (f" x{args.workers}" if args.workers else ""))
    ModeTests(tap, args).run()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
