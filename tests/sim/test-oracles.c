/* test-oracles.c
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

/* Queueing theory as the oracle: the simulator must reproduce closed
 * forms over a million requests or more, means within 2 % and
 * percentiles within 5 %. The "ideal" runtime has no per-request overhead
 * and context switches cost nothing here, so the architectures are pure
 * servers. Every run also checks Little's law and conservation. */

/* One queue, one server: an event loop on one core. */
static char *
single_server_scenario (const char *dist,
                        double      service_ms,
                        double      rate,
                        const char *duration,
                        guint64     seed)
{
  return g_strdup_printf (
    "{ \"title\": \"oracle\", \"seed\": %" G_GUINT64_FORMAT ", \"duration\": \"%s\", \"window\": \"1s\","
    "  \"machine\": { \"cores\": 1, \"context_switch\": 0 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": %g },"
    "    \"classes\": [ { \"plan\": [ { \"phase\": \"cpu\", \"mean\": %g, \"dist\": \"%s\" } ] } ] },"
    "  \"architectures\": [ { \"kind\": \"eventloop\", \"runtime\": \"ideal\", \"backlog\": 1000000 } ],"
    "  \"record\": { \"spans\": 0, \"requests\": 0 } }",
    seed, duration, rate, service_ms, dist);
}

/* M/M/1: the response time is exponential with mean 1/(μ − λ). */
static void
check_mm1 (double      rho,
           double      service_ms,
           const char *duration)
{
  g_autofree char *json = single_server_scenario ("exp", service_ms, rho * 1000.0 / service_ms, duration, 1);
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
  g_auto(SimTestRun) run = { 0 };
  double mean_ms = service_ms / (1.0 - rho);

  sim_test_run (scenario, 0, &run);
  g_assert_cmpuint (run.summary->completed, >=, 1000000);

  sim_test_check ("M/M/1 mean response (ms)", run.summary->latency_mean_ms, mean_ms, 0.02);
  sim_test_check ("M/M/1 p50 (ms)", run.summary->latency_p50_ms, -log (0.50) * mean_ms, 0.05);
  sim_test_check ("M/M/1 p95 (ms)", run.summary->latency_p95_ms, -log (0.05) * mean_ms, 0.05);
  sim_test_check ("M/M/1 p99 (ms)", run.summary->latency_p99_ms, -log (0.01) * mean_ms, 0.05);
  sim_test_check ("M/M/1 utilisation", run.summary->cpu_utilisation, rho, 0.02);
}

static void
test_mm1_rho_05 (void)
{
  check_mm1 (0.5, 1.0, "2100s");
}

static void
test_mm1_rho_09 (void)
{
  /* Heavy traffic converges slowly: 10 M requests keep the standard
   * error of the mean near 0.5 %. */
  check_mm1 (0.9, 0.1, "1100s");
}

/* M/D/1, Pollaczek–Khinchine: W = S + ρS / (2(1 − ρ)). */
static void
test_md1 (void)
{
  double rho = 0.8;
  g_autofree char *json = single_server_scenario ("const", 1.0, rho * 1000.0, "1300s", 1);
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
  g_auto(SimTestRun) run = { 0 };

  sim_test_run (scenario, 0, &run);
  g_assert_cmpuint (run.summary->completed, >=, 1000000);
  sim_test_check ("M/D/1 mean response (ms)", run.summary->latency_mean_ms,
                  1.0 + rho / (2.0 * (1.0 - rho)), 0.02);
}

/* Erlang C: probability that an arrival waits in M/M/c. */
static double
erlang_c (guint  c,
          double a)
{
  double term = 1.0, sum = 1.0, rho = a / c, top;

  for (guint k = 1; k < c; k++)
    {
      term *= a / k;
      sum += term;
    }
  top = term * a / c / (1.0 - rho);
  return top / (sum + top);
}

/* P(T > t) for M/M/c: no wait with probability 1 − C, else an
 * exponential wait (rate θ = cμ − λ) before the exponential service. */
static double
mmc_response_tail (double t,
                   double C,
                   double mu,
                   double theta)
{
  return (1.0 - C) * exp (-mu * t) +
         C * (theta * exp (-mu * t) - mu * exp (-theta * t)) / (theta - mu);
}

static double
mmc_response_percentile (double p,
                         double C,
                         double mu,
                         double theta)
{
  double lo = 0.0, hi = 1000.0;

  for (guint i = 0; i < 200; i++)
    {
      double mid = (lo + hi) / 2.0;

      if (mmc_response_tail (mid, C, mu, theta) > 1.0 - p)
        lo = mid;
      else
        hi = mid;
    }
  return (lo + hi) / 2.0;
}

/* M/M/c with c = 4: four sync workers behind one shared accept queue, a
 * new connection per request, on four cores. */
static void
test_mmc (void)
{
  const guint c = 4;
  const double mu = 1.0, rho = 0.8;     /* per ms */
  const double lambda = rho * c * mu;
  g_autofree char *json = g_strdup_printf (
    "{ \"title\": \"M/M/4\", \"seed\": 3, \"duration\": \"340s\", \"window\": \"1s\","
    "  \"machine\": { \"cores\": 4, \"context_switch\": 0 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": %g, \"keepalive\": false },"
    "    \"classes\": [ { \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"1ms\", \"dist\": \"exp\" } ] } ] },"
    "  \"architectures\": [ { \"kind\": \"sync\", \"runtime\": \"ideal\", \"workers\": 4,"
    "                         \"dispatch\": \"shared-accept\", \"backlog\": 1000000 } ],"
    "  \"record\": { \"spans\": 0, \"requests\": 2000000 } }", lambda * 1000.0);
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
  g_auto(SimTestRun) run = { 0 };
  g_autoptr(GArray) waits = NULL;
  double C = erlang_c (c, lambda / mu);
  double theta = c * mu - lambda;

  sim_test_run (scenario, 0, &run);
  g_assert_cmpuint (run.summary->completed, >=, 1000000);

  waits = sim_test_latencies_ms (run.trace, -1, TRUE);
  g_assert_cmpuint (waits->len, ==, run.summary->completed);

  g_test_message ("Erlang C(4, %.1f) = %.4f", lambda / mu, C);
  sim_test_check ("M/M/4 mean wait (ms)", sim_test_mean (waits), C / theta, 0.02);
  sim_test_check ("M/M/4 wait p95 (ms)", sim_test_percentile (waits, 0.95), log (C / 0.05) / theta, 0.05);
  sim_test_check ("M/M/4 wait p99 (ms)", sim_test_percentile (waits, 0.99), log (C / 0.01) / theta, 0.05);
  sim_test_check ("M/M/4 mean response (ms)", run.summary->latency_mean_ms, C / theta + 1.0 / mu, 0.02);
  sim_test_check ("M/M/4 response p95 (ms)", run.summary->latency_p95_ms,
                  mmc_response_percentile (0.95, C, mu, theta), 0.05);
  sim_test_check ("M/M/4 response p99 (ms)", run.summary->latency_p99_ms,
                  mmc_response_percentile (0.99, C, mu, theta), 0.05);
}

/* Processor sharing: threads without a GIL time-share one core with a
 * small quantum. E[T] = E[S] / (1 − ρ) whatever the service distribution
 * (a first-come-first-served queue would give S + λE[S²] / (2(1 − ρ)),
 * 3.5 ms here with cv = 2, instead of 2 ms). */
static void
check_ps (const char *dist_json,
          const char *duration,
          double      fcfs_mean_ms)
{
  const double rho = 0.5;
  g_autofree char *json = g_strdup_printf (
    "{ \"title\": \"M/G/1-PS\", \"seed\": 5, \"duration\": \"%s\", \"window\": \"1s\","
    "  \"machine\": { \"cores\": 1, \"quantum\": \"20us\", \"context_switch\": 0 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 500, \"keepalive\": false },"
    "    \"classes\": [ { \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"1ms\", %s } ] } ] },"
    "  \"architectures\": [ { \"kind\": \"threads\", \"runtime\": \"ideal\", \"gil\": false,"
    "                         \"threads\": 0, \"backlog\": 1000000 } ],"
    "  \"record\": { \"spans\": 0, \"requests\": 0 } }", duration, dist_json);
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
  g_auto(SimTestRun) run = { 0 };

  sim_test_run (scenario, 0, &run);
  g_assert_cmpuint (run.summary->completed, >=, 1000000);
  sim_test_check ("M/G/1-PS mean response (ms)", run.summary->latency_mean_ms, 1.0 / (1.0 - rho), 0.02);
  if (fcfs_mean_ms > 0)
    g_assert_cmpfloat (fabs (run.summary->latency_mean_ms - fcfs_mean_ms), >, 0.5);
}

static void
test_mm1_ps (void)
{
  check_ps ("\"dist\": \"exp\"", "2050s", 0);
}

static void
test_mg1_ps_insensitive (void)
{
  check_ps ("\"dist\": \"lognormal\", \"cv\": 2", "2050s", 1.0 + 0.5 * 5.0 / (2.0 * 0.5));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oracle/mm1/rho-0.5", test_mm1_rho_05);
  g_test_add_func ("/oracle/mm1/rho-0.9", test_mm1_rho_09);
  g_test_add_func ("/oracle/md1", test_md1);
  g_test_add_func ("/oracle/mmc/c-4", test_mmc);
  g_test_add_func ("/oracle/mm1-ps", test_mm1_ps);
  g_test_add_func ("/oracle/mg1-ps-insensitive", test_mg1_ps_insensitive);

  return g_test_run ();
}
