#!/usr/bin/env node
/* server.js
 *
 * Copyright 2026 The Interleave authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * This program is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU General Public License for more details.
 *
 * You should have received a copy of the GNU General Public License
 * along with this program.  If not, see <http://www.gnu.org/licenses/>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Interleave's real Node.js test server (standard library only, Node >= 18).
 *
 *   server.js --mode eventloop|cluster [--workers K] [--pool N]
 *             [--port P] [--host 127.0.0.1] [--allow-remote]
 *
 * The contract (ready line, /work?plan=..., Server-Timing,
 * /__interleave/info, lifetime bound to stdin) is documented in
 * docs/servers.md. Only the ready line goes to stdout. */

'use strict';

const cluster = require('cluster');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');

const RUNTIME = 'node';
const MAX_PHASES = 64;
const MAX_TOTAL_MS = 60000;
const PHASE_NAMES = ['cpu', 'io', 'native'];
const PBKDF2_PASSWORD = 'interleave';
const PBKDF2_SALT = 'interleave-salt';
const CONFIG_ENV = 'INTERLEAVE_SERVER_CONFIG';

function log(message) {
  process.stderr.write(`server.js[${process.pid}]: ${message}\n`);
}

function now() {
  return process.hrtime.bigint();
}

/* ------------------------------------------------------------------------
 * Plan parser: the same grammar, arithmetic, limits and error positions as
 * src/sim/interleave-plan.c. Positions are 1-based byte offsets into the
 * UTF-8 plan text. tests/data/plan-cases.json is shared with the C tests. */

class PlanError extends Error {
  constructor(text, position, kind, reason) {
    super(`Plan \u201c${text}\u201d, position ${position}: ${reason}`);
    this.position = position;
    this.kind = kind;
  }
}

function llround(x) {
  /* llround() for x >= 0: halves round away from zero. */
  const whole = Math.floor(x);
  return whole + (x - whole >= 0.5 ? 1 : 0);
}

function parsePlan(text) {
  const data = Buffer.from(text, 'utf8');
  const n = data.length;
  const isSpace = (i) => i < n && (data[i] === 0x20 || data[i] === 0x09);
  const isDigit = (i) => i < n && data[i] >= 0x30 && data[i] <= 0x39;
  const isAlpha = (i) => i < n && ((data[i] >= 0x41 && data[i] <= 0x5a) ||
                                   (data[i] >= 0x61 && data[i] <= 0x7a));
  const skipSpaces = (i) => { while (isSpace(i)) i++; return i; };
  const expected = (i, what) => {
    throw new PlanError(text, i + 1, 'syntax', 'expected ' + what);
  };

  let i = skipSpaces(0);
  if (i === n)
    return [];

  const phases = [];
  let totalNs = 0;
  for (;;) {
    i = skipSpaces(i);
    const nameStart = i;
    while (isAlpha(i))
      i++;
    const name = data.toString('latin1', nameStart, i);
    if (!PHASE_NAMES.includes(name))
      expected(nameStart, 'a phase: cpu, io or native');

    i = skipSpaces(i);
    if (i === n || data[i] !== 0x3a)
      expected(i, '\u201c:\u201d after the phase name');
    i = skipSpaces(i + 1);

    const numberStart = i;
    let value = 0.0;
    let scale = 0.1;
    let anyDigit = false;
    while (isDigit(i)) {
      value = value * 10.0 + (data[i] - 0x30);
      anyDigit = true;
      i++;
      if (value > 1e12)
        expected(numberStart, 'a number of milliseconds');
    }
    if (i < n && data[i] === 0x2e) {
      i++;
      while (isDigit(i)) {
        value += (data[i] - 0x30) * scale;
        scale /= 10.0;
        anyDigit = true;
        i++;
      }
    }
    if (!anyDigit)
      expected(numberStart, 'a number of milliseconds');

    const ns = llround(value * 1e6);
    if (phases.length >= MAX_PHASES)
      throw new PlanError(text, nameStart + 1, 'limit',
                          `A plan has at most ${MAX_PHASES} phases`);
    if (totalNs + ns > MAX_TOTAL_MS * 1e6)
      throw new PlanError(text, nameStart + 1, 'limit',
                          `A plan may last at most ${MAX_TOTAL_MS} ms in total`);
    phases.push({ kind: name, ns });
    totalNs += ns;

    i = skipSpaces(i);
    if (i === n)
      return phases;
    if (data[i] !== 0x2c)
      expected(i, '\u201c,\u201d or the end of the plan');
    i++;
  }
}

/* ------------------------------------------------------------------------
 * Thread CPU time of the main thread.
 *
 * Node has no per-thread CPU clock, and process.cpuUsage() counts the libuv
 * pool too. /proc/thread-self/schedstat's first field is the thread's
 * sum_exec_runtime in ns, but the kernel only brings it up to date on a tick
 * or a context switch (every ~4 ms at HZ=250). getrusage(RUSAGE_SELF), which
 * process.cpuUsage() calls, first brings the *calling* thread's runtime up
 * to date (thread_group_cputime() -> task_sched_runtime(current)), so
 * cpuUsage() followed by a read of schedstat gives this thread's CPU time to
 * the microsecond. spinCpu() also guards against a kernel that would not
 * refresh: it adds the wall time since the value last changed. */

const cpuClock = {
  fd: -1,
  buf: Buffer.alloc(96),
  name: 'wall',

  /* True when every reading is up to date (cpuUsage() refreshes it). */
  fresh: false,

  open() {
    try {
      this.fd = fs.openSync('/proc/thread-self/schedstat', 'r');
      if (this.read() > 0)
        this.name = 'schedstat';
      else
        this.close();
    } catch (e) {
      this.close();
    }
    if (this.fd >= 0) {
      let previous = this.read();
      let advanced = 0;
      for (let i = 0; i < 50; i++) {
        spinWall(2000);
        const value = this.read();
        if (value > previous)
          advanced++;
        previous = value;
      }
      this.fresh = advanced === 50;
    }
  },

  close() {
    if (this.fd >= 0)
      fs.closeSync(this.fd);
    this.fd = -1;
    this.name = 'wall';
  },

  read() {
    process.cpuUsage();
    const len = fs.readSync(this.fd, this.buf, 0, this.buf.length, 0);
    let value = 0;
    for (let i = 0; i < len; i++) {
      const c = this.buf[i];
      if (c < 0x30 || c > 0x39)
        break;
      value = value * 10 + (c - 0x30);
    }
    return value;
  },
};

/* The spin loops time themselves with performance.now() (a double, the same
 * monotonic clock as hrtime) so that they allocate nothing: BigInts would
 * leave garbage for the collector to sweep after the phase. */
const { performance } = require('perf_hooks');

function spinWall(ns) {
  const end = performance.now() + ns / 1e6;
  while (performance.now() < end)
    ;
}

/* Spins until this thread's CPU time advanced by ns. */
function spinCpu(ns) {
  if (ns <= 0)
    return;
  if (cpuClock.fd < 0) {
    spinWall(ns);
    return;
  }
  const base = cpuClock.read();
  let seen = base;
  let seenAt = performance.now();
  for (;;) {
    /* With fresh readings, count CPU time only; otherwise add the wall
     * time since the reading last moved (bounded by one read interval
     * while the thread runs). */
    const used = (seen - base) + (cpuClock.fresh ? 0 : (performance.now() - seenAt) * 1e6);
    const left = ns - used;
    if (left <= 0)
      return;
    /* Between two reads, at most 50 µs of wall-clock spinning. */
    spinWall(Math.min(left, 50000));
    const value = cpuClock.read();
    if (value !== seen) {
      seen = value;
      seenAt = performance.now();
    }
  }
}

function threadCpuNs() {
  if (cpuClock.fd >= 0)
    return cpuClock.read();
  return Number(now());
}

/* ------------------------------------------------------------------------
 * io and native phases */

function sleepAtLeast(ns) {
  return new Promise((resolve) => {
    const end = now() + BigInt(ns);
    if (ns <= 0) {
      setImmediate(resolve);
      return;
    }
    const tick = () => {
      const left = Number(end - now());
      if (left <= 0)
        resolve();
      else
        setTimeout(tick, Math.max(1, Math.ceil(left / 1e6)));
    };
    tick();
  });
}

function nativeIterations(ns, perMs) {
  return Math.max(1, Math.round(ns / 1e6 * perMs));
}

let nativeInFlight = 0;

function pbkdf2Async(iterations) {
  nativeInFlight++;
  return new Promise((resolve, reject) => {
    crypto.pbkdf2(PBKDF2_PASSWORD, PBKDF2_SALT, iterations, 32, 'sha256', (err) => {
      nativeInFlight--;
      if (err)
        reject(err);
      else
        resolve();
    });
  });
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/* pbkdf2 iterations per millisecond of this thread's CPU time. On a shared
 * (virtual) machine the same work takes up to ~1.8x the CPU time while a
 * neighbour is busy, so sample 12 runs of ~4 ms spread over ~100 ms and keep
 * the second fastest: interference only ever slows a run down. */
function calibrateNative() {
  let iterations = 256;
  let spent;
  for (;;) {
    const t0 = threadCpuNs();
    crypto.pbkdf2Sync(PBKDF2_PASSWORD, PBKDF2_SALT, iterations, 32, 'sha256');
    spent = threadCpuNs() - t0;
    if (spent >= 2e6 || iterations >= 2 ** 30)
      break;
    iterations *= 4;
  }
  iterations = Math.max(1, Math.floor(iterations * 4e6 / Math.max(spent, 1)));
  const rates = [];
  for (let k = 0; k < 12; k++) {
    const t0 = threadCpuNs();
    crypto.pbkdf2Sync(PBKDF2_PASSWORD, PBKDF2_SALT, iterations, 32, 'sha256');
    spent = Math.max(threadCpuNs() - t0, 1);
    rates.push(iterations / (spent / 1e6));
    sleepSync(4);
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length - 2];
}

/* ------------------------------------------------------------------------
 * Requests */

function formatMs(ns) {
  /* Milliseconds with microsecond precision, from integer nanoseconds. */
  let big = BigInt(ns);
  const sign = big < 0n ? '-' : '';
  if (big < 0n)
    big = -big;
  const us = big / 1000n;
  return `${sign}${us / 1000n}.${String(us % 1000n).padStart(3, '0')}`;
}

function serverTiming(entries) {
  return entries.map((e) =>
    `${e.name};dur=${formatMs(e.dur)};start=${formatMs(e.start)};pid=${process.pid};tid=${e.tid}`)
    .join(', ');
}

async function runPlan(phases, perMs) {
  const entries = [];
  for (const phase of phases) {
    const start = now();
    let tid = process.pid;   /* the main thread's tid is the pid */
    if (phase.kind === 'cpu') {
      spinCpu(phase.ns);
    } else if (phase.kind === 'io') {
      await sleepAtLeast(phase.ns);
    } else {
      tid = 0;               /* a libuv pool thread we cannot name */
      if (phase.ns > 0)
        await pbkdf2Async(nativeIterations(phase.ns, perMs));
    }
    entries.push({ name: phase.kind, start, dur: now() - start, tid });
  }
  return entries;
}

function info(config) {
  return {
    runtime: RUNTIME,
    version: process.versions.node,
    mode: config.mode,
    workers: config.workers,
    pid: process.pid,
    primary_pid: config.primaryPid,
    gil: null,
    pool_size: config.pool,
    native_iterations_per_ms: Math.round(config.perMs * 1000) / 1000,
    cpu_clock: cpuClock.name,
    keepalive: true,
    dispatch: config.mode === 'cluster'
      ? (cluster.schedulingPolicy === cluster.SCHED_RR ? 'round-robin' : 'shared-accept')
      : null,
    limits: { max_phases: MAX_PHASES, max_total_ms: MAX_TOTAL_MS },
  };
}

function reply(res, status, body, headers) {
  const payload = JSON.stringify(body) + '\n';
  res.writeHead(status, Object.assign({
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  }, headers || {}));
  res.end(payload);
}

async function handle(config, req, res) {
  const appStart = now();
  if (req.method !== 'GET') {
    reply(res, 405, { error: `Method ${req.method} not allowed; use GET` }, { Allow: 'GET' });
    return;
  }
  let url;
  try {
    url = new URL(req.url, 'http://localhost');
  } catch (e) {
    reply(res, 400, { error: 'Malformed request target' });
    return;
  }
  if (url.pathname === '/__interleave/info') {
    reply(res, 200, info(config));
    return;
  }
  if (url.pathname !== '/work') {
    reply(res, 404, { error: `No such path: ${url.pathname}` });
    return;
  }
  let phases;
  try {
    phases = parsePlan(url.searchParams.get('plan') || '');
  } catch (e) {
    if (!(e instanceof PlanError))
      throw e;
    reply(res, 400, { error: e.message, position: e.position, kind: e.kind });
    return;
  }
  const entries = await runPlan(phases, config.perMs);
  entries.push({ name: 'app', start: appStart, dur: now() - appStart, tid: process.pid });
  reply(res, 200, { ok: true, phases: phases.length, pid: process.pid, tid: process.pid },
        { 'Server-Timing': serverTiming(entries) });
}

function createServer(config) {
  const server = http.createServer({ noDelay: true }, (req, res) => {
    handle(config, req, res).catch((e) => {
      log(`request failed: ${e && e.stack ? e.stack : e}`);
      if (!res.headersSent)
        reply(res, 500, { error: 'Internal error' });
      else
        res.destroy();
    });
  });
  server.on('connection', (socket) => socket.setNoDelay(true));
  /* Keep idle keep-alive connections for a minute (Node's default is 5 s). */
  server.keepAliveTimeout = 60000;
  server.headersTimeout = 61000;
  return server;
}

/* ------------------------------------------------------------------------
 * Lifetime */

function printReady(port, config) {
  process.stdout.write(JSON.stringify({
    event: 'ready',
    port,
    pid: process.pid,
    runtime: RUNTIME,
    mode: config.mode,
    workers: config.workers,
  }) + '\n');
}

/* process.exit() joins the libuv pool: it would wait for every running
 * pbkdf2 call (a native phase may last a minute). With native work in
 * flight, end the process the way an unhandled SIGTERM does instead. */
function exitNow(code) {
  if (nativeInFlight > 0) {
    process.removeAllListeners('SIGTERM');
    process.kill(process.pid, 'SIGTERM');
    return;
  }
  process.exit(code);
}

function onStdinEof(callback) {
  let fired = false;
  const fire = () => {
    if (!fired) {
      fired = true;
      callback();
    }
  };
  process.stdin.on('end', fire);
  process.stdin.on('close', fire);
  process.stdin.on('error', fire);
  process.stdin.on('data', () => {});
  process.stdin.resume();
}

function onStopSignal(callback) {
  process.on('SIGTERM', callback);
  process.on('SIGINT', callback);
}

function listenError(config, err) {
  log(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
  process.exit(1);
}

function runEventloop(config) {
  const server = createServer(config);
  const stop = () => {
    server.close();
    exitNow(0);
  };
  onStopSignal(stop);
  onStdinEof(stop);
  server.on('error', (err) => listenError(config, err));
  server.listen({ port: config.port, host: config.host, backlog: 1024 }, () => {
    printReady(server.address().port, config);
  });
}

function runWorker(config) {
  /* The primary stops workers; a worker whose primary is gone (even by
   * SIGKILL) sees its IPC channel close. Ahead of node:cluster's own
   * 'disconnect' listener, whose process.exit() would wait for the pool. */
  process.prependListener('disconnect', () => exitNow(0));
  process.on('SIGTERM', () => exitNow(0));
  process.on('SIGINT', () => {});
  const server = createServer(config);
  server.on('error', (err) => listenError(config, err));
  server.listen({ port: config.port, host: config.host, backlog: 1024 });
}

function runPrimary(config) {
  let ready = false;
  let stopping = false;
  const listening = new Set();
  const env = { [CONFIG_ENV]: JSON.stringify(config) };

  /* Only the ready line may reach stdout: workers write to our stderr. */
  (cluster.setupPrimary || cluster.setupMaster).call(cluster, {
    stdio: ['ignore', 2, 2, 'ipc'],
  });

  const stop = (code) => {
    if (stopping)
      return;
    stopping = true;
    const alive = Object.values(cluster.workers).filter(Boolean);
    if (alive.length === 0)
      process.exit(code);
    let left = alive.length;
    const timer = setTimeout(() => {
      for (const w of alive)
        if (!w.isDead())
          w.process.kill('SIGKILL');
      process.exit(code);
    }, 1500);
    for (const w of alive) {
      w.on('exit', () => {
        if (--left === 0) {
          clearTimeout(timer);
          process.exit(code);
        }
      });
      w.process.kill('SIGTERM');
    }
  };

  cluster.on('listening', (worker, address) => {
    listening.add(worker.id);
    if (!ready && listening.size === config.workers) {
      ready = true;
      printReady(address.port, config);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping)
      return;
    if (!ready) {
      log(`worker ${worker.process.pid} exited during start-up (${signal || code})`);
      stop(1);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal || code}); starting another`);
    cluster.fork(env);
  });

  onStopSignal(() => stop(0));
  onStdinEof(() => stop(0));
  for (let k = 0; k < config.workers; k++)
    cluster.fork(env);
}

/* ------------------------------------------------------------------------
 * Start-up */

function usage(message) {
  if (message)
    process.stderr.write(`server.js: ${message}\n`);
  process.stderr.write(
    'usage: server.js --mode eventloop|cluster [--workers K] [--pool N]\n' +
    '                 [--port P] [--host 127.0.0.1] [--allow-remote]\n');
  process.exit(message ? 2 : 0);
}

function parseInteger(name, text, min, max) {
  if (!/^[0-9]+$/.test(text || ''))
    usage(`${name} needs a whole number, not “${text}”`);
  const value = Number(text);
  if (value < min || value > max)
    usage(`${name} must be between ${min} and ${max}`);
  return value;
}

function isLoopback(host) {
  if (net.isIPv4(host))
    return host.startsWith('127.');
  if (net.isIPv6(host)) {
    const list = new net.BlockList();
    list.addAddress('::1', 'ipv6');
    list.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
    return list.check(host, 'ipv6');
  }
  return false;
}

function parseArgs(argv) {
  const opts = {};
  const valued = ['--mode', '--workers', '--pool', '--port', '--host'];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === '--help' || arg === '-h')
      usage();
    else if (arg === '--allow-remote')
      opts.allowRemote = true;
    else if (valued.includes(arg)) {
      if (value === undefined) {
        if (i + 1 >= argv.length)
          usage(`${arg} needs a value`);
        value = argv[++i];
      }
      opts[arg.slice(2)] = value;
    } else {
      usage(`unknown argument “${argv[i]}”`);
    }
  }

  if (opts.mode !== 'eventloop' && opts.mode !== 'cluster')
    usage('--mode must be eventloop or cluster');
  const config = { mode: opts.mode, primaryPid: process.pid };
  if (opts.workers !== undefined && opts.mode !== 'cluster')
    usage('--workers applies to --mode cluster only');
  config.workers = opts.mode === 'cluster'
    ? (opts.workers !== undefined ? parseInteger('--workers', opts.workers, 1, 256)
                                  : os.cpus().length || 1)
    : 1;
  config.port = opts.port !== undefined ? parseInteger('--port', opts.port, 0, 65535) : 0;
  let host = opts.host !== undefined ? opts.host : '127.0.0.1';
  if (host === 'localhost')
    host = '127.0.0.1';
  if (!opts.allowRemote && !isLoopback(host))
    usage(`--host ${host}: not a loopback address (give --allow-remote to listen on it)`);
  config.host = host;
  /* The libuv pool reads UV_THREADPOOL_SIZE when it first starts, which is
   * after this point: nothing has used the pool yet. */
  if (opts.pool !== undefined)
    process.env.UV_THREADPOOL_SIZE = String(parseInteger('--pool', opts.pool, 1, 1024));
  const envPool = parseInt(process.env.UV_THREADPOOL_SIZE || '', 10);
  config.pool = envPool > 0 ? Math.min(envPool, 1024) : 4;
  return config;
}

function main() {
  cpuClock.open();
  if (cluster.isWorker) {
    const config = JSON.parse(process.env[CONFIG_ENV]);
    runWorker(config);
    return;
  }
  const config = parseArgs(process.argv.slice(2));
  config.perMs = calibrateNative();
  if (config.mode === 'cluster')
    runPrimary(config);
  else
    runEventloop(config);
}

main();
