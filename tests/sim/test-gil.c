/* test-gil.c
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

#include "config.h"

#include <math.h>

#include "sim-test-util.h"

/* The GIL, as CPython ≥ 3.2 implements it: only interpreted code needs
 * it; a waiter forces a switch after the switch interval; I/O and native
 * code release it. */

/* Two closed-loop clients, each keeping one thread busy with cpu work, on
 * two cores: with the GIL they share one core's worth; without, two. */
/* A woken waiter takes a while to run (gil_handoff): with two cpu-bound
 * threads swapping every 5 ms interval, each swap leaves the GIL idle for
 * the hand-off, so throughput drops to 5 / (5 + hand-off) of one core.
 * (The clients think 3 ms, longer than a hand-off, so that a thread
 * finishing a request does not take the GIL back before the woken one
 * runs, which a thread may do, and does in the model.) */
static void
test_gil_handoff (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"20s\", \"machine\": { \"cores\": 2, \"context_switch\": 0 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 2,"
    "                                  \"think\": \"3ms\", \"think_dist\": \"const\" },"
    "                  \"classes\": [ { \"plan\": \"cpu:20\" } ] },"
    "  \"architectures\": ["
    "    { \"name\": \"instant\", \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0 },"
    "    { \"name\": \"1 ms\", \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0,"
    "      \"gil_handoff\": \"1ms\" } ] }");
  g_auto(SimTestRun) instant = { 0 };
  g_auto(SimTestRun) slow = { 0 };
  double ratio;

  sim_test_run (scenario, 0, &instant);
  sim_test_run (scenario, 1, &slow);

  ratio = slow.summary->throughput / instant.summary->throughput;
  g_test_message ("two cpu-bound threads: %.1f req/s with instant hand-offs, %.1f with 1 ms ones (ratio %.3f, expected %.3f)",
                  instant.summary->throughput, slow.summary->throughput, ratio, 5.0 / 6.0);
  g_assert_cmpfloat (fabs (ratio - 5.0 / 6.0), <, 0.01);
  /* The cores idle while the GIL changes hands. */
  g_assert_cmpfloat (slow.summary->cpu_utilisation, <, instant.summary->cpu_utilisation * 0.9);
}

/* Which waiter gets the GIL. Threads that waited a whole switch interval
 * are awake and any of them may win: a crowd of cpu-bound threads is
 * served unfairly (p99 well above p50). Threads that waited less are
 * woken in order: a single waiter behind short holders never starves. */
static void
test_gil_waiter_choice (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"20s\", \"machine\": { \"cores\": 2, \"context_switch\": 0 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 16 },"
    "                  \"classes\": [ { \"plan\": \"cpu:7\" } ] },"
    "  \"architectures\": ["
    "    { \"name\": \"crowd\", \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0 } ] }");
  g_auto(SimTestRun) crowd = { 0 };
  double p50, p99;

  sim_test_run (scenario, 0, &crowd);
  p50 = crowd.summary->latency_p50_ms;
  p99 = crowd.summary->latency_p99_ms;
  g_test_message ("16 cpu-bound threads: p50 %.1f ms, p99 %.1f ms, mean %.1f ms",
                  p50, p99, crowd.summary->latency_mean_ms);
  /* In turn (oldest first) every request would take 16 × 7 ms. */
  g_assert_cmpfloat (p99, >, 1.5 * p50);
  g_assert_cmpfloat (p50, <, crowd.summary->latency_mean_ms);
}

static void
test_gil_two_cpu_threads (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"20s\", \"machine\": { \"cores\": 2, \"context_switch\": 0 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 2 },"
    "                  \"classes\": [ { \"plan\": \"cpu:10\" } ] },"
    "  \"architectures\": ["
    "    { \"name\": \"GIL\", \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0, \"gil\": true },"
    "    { \"name\": \"no GIL\", \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0, \"gil\": false, \"slowdown\": 1 } ] }");
  g_auto(SimTestRun) gil = { 0 };
  g_auto(SimTestRun) free_threaded = { 0 };
  const double one_core = 1000.0 / 10.0;   /* requests per second on one core */

  sim_test_run (scenario, 0, &gil);
  sim_test_run (scenario, 1, &free_threaded);

  g_test_message ("two cpu-bound threads on 2 cores: %.1f req/s with the GIL, %.1f without (one core = %.0f)",
                  gil.summary->throughput, free_threaded.summary->throughput, one_core);
  g_assert_cmpfloat (gil.summary->throughput, <=, one_core * 1.001);
  g_assert_cmpfloat (gil.summary->throughput, >=, one_core * 0.98);
  g_assert_cmpfloat (gil.summary->cpu_utilisation, <=, 0.5 + 1e-3);
  g_assert_cmpfloat (free_threaded.summary->throughput, >=, 2.0 * one_core * 0.99);
  g_assert_cmpfloat (free_threaded.summary->cpu_utilisation, >=, 0.99);

  /* One thread always waits: the GIL is contended nearly all the time. */
  g_test_message ("GIL contended %.1f %% of the time", 100.0 * gil.summary->gil_contended);
  g_assert_cmpfloat (gil.summary->gil_contended, >, 0.95);
  g_assert_true (isnan (free_threaded.summary->gil_contended));

  /* They take turns every switch interval (5 ms): the waiting thread's
   * lane shows gil-wait spans naming the holder's lane. */
  {
    guint gil_waits = 0, named = 0;

    for (guint l = 0; l < gil.trace->lanes->len; l++)
      {
        const InterleaveLane *lane = g_ptr_array_index (gil.trace->lanes, l);

        for (guint i = 0; i < lane->spans->len; i++)
          {
            const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, i);

            if (span->state != INTERLEAVE_STATE_GIL_WAIT)
              continue;
            gil_waits++;
            if (span->cause != INTERLEAVE_NO_LANE && span->cause != l &&
                ((const InterleaveLane *) g_ptr_array_index (gil.trace->lanes, span->cause))->kind == INTERLEAVE_LANE_THREAD)
              named++;
          }
      }
    g_test_message ("%u gil-wait spans, %u name another thread as the holder", gil_waits, named);
    g_assert_cmpuint (gil_waits, >, 1000);
    g_assert_cmpuint (named, ==, gil_waits);
  }
}

/* Native code releases the GIL: two threads in hashlib run in parallel. */
static void
test_gil_native_parallel (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"20s\", \"machine\": { \"cores\": 2, \"context_switch\": 0 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 2 },"
    "                  \"classes\": [ { \"plan\": \"native:10\" } ] },"
    "  \"architectures\": ["
    "    { \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0, \"gil\": true } ] }");
  g_auto(SimTestRun) run = { 0 };

  sim_test_run (scenario, 0, &run);
  g_test_message ("two native-bound threads with the GIL on 2 cores: %.1f req/s", run.summary->throughput);
  g_assert_cmpfloat (run.summary->throughput, >=, 200.0 * 0.99);
}

static double
class_mean_ms (const InterleaveTrace *trace,
               guint                  klass)
{
  g_autoptr(GArray) latencies = sim_test_latencies_ms (trace, klass, FALSE);

  g_assert_cmpuint (latencies->len, >, 100);
  return sim_test_mean (latencies);
}

/* The convoy effect: an I/O-bound thread next to a CPU-bound one waits a
 * switch interval for the GIL after each I/O. */
static void
check_convoy (const char *interval,
              double      interval_ms)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"duration\": \"30s\", \"machine\": { \"cores\": 2, \"context_switch\": 0 },"
    "  \"workload\": { \"classes\": ["
    "    { \"name\": \"io-bound\", \"plan\": \"io:1,cpu:0.1,io:1,cpu:0.1,io:1,cpu:0.1,io:1,cpu:0.1\","
    "      \"arrivals\": { \"kind\": \"closed\", \"clients\": 1 } },"
    "    { \"name\": \"cpu-bound\", \"plan\": \"cpu:100\","
    "      \"arrivals\": { \"kind\": \"closed\", \"clients\": 1 } } ] },"
    "  \"architectures\": ["
    "    { \"name\": \"GIL\", \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0,"
    "      \"gil\": true, \"switch_interval\": \"%s\" },"
    "    { \"name\": \"no GIL\", \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0,"
    "      \"gil\": false, \"slowdown\": 1 } ] }", interval);
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
  g_auto(SimTestRun) gil = { 0 };
  g_auto(SimTestRun) free_threaded = { 0 };
  double with_gil, without, extra_per_io;

  sim_test_run (scenario, 0, &gil);
  sim_test_run (scenario, 1, &free_threaded);

  with_gil = class_mean_ms (gil.trace, 0);
  without = class_mean_ms (free_threaded.trace, 0);
  extra_per_io = (with_gil - without) / 4.0;

  g_test_message ("io-bound request (4 I/Os): %.2f ms next to a cpu-bound thread with the GIL, "
                  "%.2f ms without; %.2f ms extra per I/O (switch interval %s)",
                  with_gil, without, extra_per_io, interval);
  sim_test_check ("convoy: extra wait per I/O (ms)", extra_per_io, interval_ms, 0.10);
}

static void
test_gil_convoy (void)
{
  check_convoy ("5ms", 5.0);
}

static void
test_gil_convoy_interval (void)
{
  /* sys.setswitchinterval(0.001): the convoy shrinks with the interval. */
  check_convoy ("1ms", 1.0);
}

/* The same I/O-bound load on an event loop, threads under a GIL and
 * asyncio: all overlap the I/O, so throughput is the same. */
static void
test_io_bound_equal (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"60s\", \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 20 },"
    "                  \"classes\": [ { \"plan\": \"cpu:0.5,io:20\" } ] },"
    "  \"architectures\": ["
    "    { \"name\": \"event loop\", \"kind\": \"eventloop\", \"runtime\": \"node\", \"overhead\": 0 },"
    "    { \"name\": \"threads + GIL\", \"kind\": \"threads\", \"runtime\": \"python\", \"overhead\": 0 },"
    "    { \"name\": \"asyncio\", \"kind\": \"asyncio\", \"runtime\": \"python\", \"overhead\": 0 } ] }");
  double lo = G_MAXDOUBLE, hi = 0.0;

  for (guint a = 0; a < 3; a++)
    {
      g_auto(SimTestRun) run = { 0 };

      sim_test_run (scenario, a, &run);
      g_test_message ("%s: %.1f req/s, mean %.2f ms", run.summary->name,
                      run.summary->throughput, run.summary->latency_mean_ms);
      lo = MIN (lo, run.summary->throughput);
      hi = MAX (hi, run.summary->throughput);
      /* I/O overlaps: far above the 48 req/s of one request at a time. */
      g_assert_cmpfloat (run.summary->throughput, >, 20 * 1000.0 / 20.5 * 0.9);
    }

  g_test_message ("io-bound throughput spread: %.2f %%", 100.0 * (hi / lo - 1.0));
  g_assert_cmpfloat (hi / lo, <=, 1.05);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gil/two-cpu-threads", test_gil_two_cpu_threads);
  g_test_add_func ("/gil/native-parallel", test_gil_native_parallel);
  g_test_add_func ("/gil/convoy", test_gil_convoy);
  g_test_add_func ("/gil/convoy-interval", test_gil_convoy_interval);
  g_test_add_func ("/gil/io-bound-equal", test_io_bound_equal);
  g_test_add_func ("/gil/handoff", test_gil_handoff);
  g_test_add_func ("/gil/waiter-choice", test_gil_waiter_choice);

  return g_test_run ();
}
