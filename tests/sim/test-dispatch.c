/* test-dispatch.c
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

/* Several processes: throughput scales with workers up to the cores, and
 * how connections are handed out shapes the tail. */

static double
closed_cpu_throughput (const char *kind,
                       const char *dispatch,
                       guint       workers)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"duration\": \"20s\", \"machine\": { \"cores\": 2 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 32 },"
    "                  \"classes\": [ { \"plan\": \"cpu:5\" } ] },"
    "  \"architectures\": [ { \"kind\": \"%s\", \"runtime\": \"ideal\", \"workers\": %u,"
    "                         \"dispatch\": \"%s\" } ] }", kind, workers, dispatch);
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
  g_auto(SimTestRun) run = { 0 };

  sim_test_run (scenario, 0, &run);
  g_test_message ("%s x %u (%s) on 2 cores: %.1f req/s, CPU %.1f %%", kind, workers, dispatch,
                  run.summary->throughput, 100.0 * run.summary->cpu_utilisation);
  return run.summary->throughput;
}

static void
check_scaling (const char *kind,
               const char *dispatch)
{
  const double per_core = 1000.0 / 5.0;
  double t[5];

  for (guint k = 1; k <= 4; k++)
    {
      t[k] = closed_cpu_throughput (kind, dispatch, k);
      /* Never more than the cores can do. */
      g_assert_cmpfloat (t[k], <=, MIN (k, 2) * per_core * 1.001);
    }

  g_test_message ("speed-up: x%.3f with 2 workers, x%.3f with 3, x%.3f with 4",
                  t[2] / t[1], t[3] / t[1], t[4] / t[1]);
  sim_test_check ("1 worker: one core", t[1], per_core, 0.01);
  sim_test_check ("2 workers on 2 cores: twice", t[2] / t[1], 2.0, 0.02);
  sim_test_check ("3 workers on 2 cores: still twice", t[3] / t[1], 2.0, 0.02);
  sim_test_check ("4 workers on 2 cores: still twice", t[4] / t[1], 2.0, 0.02);
}

static void
test_scaling_cluster (void)
{
  check_scaling ("eventloop", "round-robin");
}

static void
test_scaling_prefork (void)
{
  check_scaling ("sync", "shared-accept");
}

/* Variable service times: round-robin (and hashing) hand a connection to
 * a worker that may be stuck behind a long request while another is idle;
 * a shared accept queue lets whichever worker is free take it. */
static void
test_dispatch_tails (void)
{
  const char *dispatch[] = { "shared-accept", "round-robin", "hash" };
  double p99[3], mean[3];

  for (guint d = 0; d < G_N_ELEMENTS (dispatch); d++)
    {
      g_autofree char *json = g_strdup_printf (
        "{ \"duration\": \"300s\", \"seed\": 9, \"machine\": { \"cores\": 4, \"context_switch\": 0 },"
        "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 560, \"keepalive\": false },"
        "    \"classes\": [ { \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"5ms\", \"dist\": \"lognormal\", \"cv\": 3 } ] } ] },"
        "  \"architectures\": [ { \"kind\": \"sync\", \"runtime\": \"ideal\", \"workers\": 4,"
        "                         \"dispatch\": \"%s\", \"backlog\": 100000 } ],"
        "  \"record\": { \"spans\": 0, \"requests\": 0 } }", dispatch[d]);
      g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
      g_auto(SimTestRun) run = { 0 };

      sim_test_run (scenario, 0, &run);
      p99[d] = run.summary->latency_p99_ms;
      mean[d] = run.summary->latency_mean_ms;
      g_test_message ("%s: mean %.2f ms, p99 %.2f ms", dispatch[d], mean[d], p99[d]);
      g_assert_cmpuint (run.summary->completed, >, 150000);
    }

  g_assert_cmpfloat (p99[1], >, 1.5 * p99[0]);
  g_assert_cmpfloat (p99[2], >, 1.5 * p99[0]);
  g_assert_cmpfloat (mean[1], >, mean[0]);
  g_assert_cmpfloat (mean[2], >, mean[0]);
}

/* Keep-alive connections stay on the worker that accepted them: with
 * fewer connections than workers, some workers get nothing. */
static void
test_keepalive_imbalance (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"10s\", \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 2 },"
    "                  \"classes\": [ { \"plan\": \"cpu:5\" } ] },"
    "  \"architectures\": [ { \"kind\": \"eventloop\", \"runtime\": \"ideal\", \"workers\": 4,"
    "                         \"dispatch\": \"round-robin\" } ] }");
  g_auto(SimTestRun) run = { 0 };
  guint per_worker[4] = { 0 };

  sim_test_run (scenario, 0, &run);
  for (guint i = 0; i < run.trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (run.trace->requests, InterleaveRequest, i);

      if (r->status == INTERLEAVE_REQUEST_COMPLETED)
        {
          g_assert_cmpuint (r->process, <, 4);
          per_worker[r->process]++;
        }
    }

  g_test_message ("requests per worker: %u %u %u %u",
                  per_worker[0], per_worker[1], per_worker[2], per_worker[3]);
  g_assert_cmpuint (per_worker[0], >, 1000);
  g_assert_cmpuint (per_worker[1], >, 1000);
  g_assert_cmpuint (per_worker[2], ==, 0);
  g_assert_cmpuint (per_worker[3], ==, 0);
}

/* Many keep-alive clients on one event loop: connections still waiting
 * to be accepted must not starve behind the busy ones. Every client is
 * served in turn, so the mean response is clients / throughput. */
static void
test_no_starvation (void)
{
  const char *kinds[] = { "eventloop", "asyncio", "sync", "threads" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *json = g_strdup_printf (
        "{ \"duration\": \"20s\", \"machine\": { \"cores\": 4 },"
        "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 16 },"
        "                  \"classes\": [ { \"plan\": \"cpu:10\" } ] },"
        "  \"architectures\": [ { \"kind\": \"%s\", \"runtime\": \"ideal\" %s } ] }",
        kinds[k], k == 3 ? ", \"threads\": 4" : "");
      g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
      g_auto(SimTestRun) run = { 0 };
      g_autofree char *what = g_strdup_printf ("%s: mean response of 16 clients (ms)", kinds[k]);

      sim_test_run (scenario, 0, &run);
      sim_test_check (what, run.summary->latency_mean_ms,
                      16.0 / run.summary->throughput * 1000.0, 0.02);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dispatch/scaling/cluster", test_scaling_cluster);
  g_test_add_func ("/dispatch/scaling/prefork", test_scaling_prefork);
  g_test_add_func ("/dispatch/tails", test_dispatch_tails);
  g_test_add_func ("/dispatch/keepalive-imbalance", test_keepalive_imbalance);
  g_test_add_func ("/dispatch/no-starvation", test_no_starvation);

  return g_test_run ();
}
