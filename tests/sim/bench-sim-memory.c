/* interleave-plan.c
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

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "interleave-simulation.h"

/* `meson test --benchmark`: peak resident memory of a 10 M-request
 * simulation, alone in its process so ru_maxrss is its own figure.
 *   bench-sim-memory default   the default record limits
 *   bench-sim-memory max       the largest limits a scenario may ask for
 * Prints the figures; the limit it is measured against is 1 GiB. */

static void
merge (InterleaveTrace *delta,
       gpointer         user_data)
{
  interleave_trace_merge (user_data, delta);
  interleave_trace_free (delta);
}

static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(InterleaveScenario) s = NULL;
  g_autoptr(InterleaveSimulation) sim = NULL;
  g_autoptr(InterleaveTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gboolean max = argc > 1 && strcmp (argv[1], "max") == 0;
  struct rusage usage;
  double t0, w0;

  setvbuf (stdout, NULL, _IOLBF, 0);

  json = g_strdup_printf (
    "{ \"duration\": \"1000s\", \"window\": \"1s\", \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 10000 },"
    "    \"classes\": [ { \"plan\": \"cpu:0.02,io:5\" } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" } ]%s }",
    max ? ", \"record\": { \"spans\": " G_STRINGIFY (INTERLEAVE_SCENARIO_MAX_RECORD_SPANS)
          ", \"requests\": " G_STRINGIFY (INTERLEAVE_SCENARIO_MAX_RECORD_REQUESTS) " }" : "");
  s = interleave_scenario_load_data (json, -1, "bench.json", &error);
  if (s == NULL)
    g_error ("%s", error->message);

  trace = interleave_trace_new ("node", s->cores, s->window_ns);
  sim = interleave_simulation_new (s, 0);
  t0 = cpu_s ();
  w0 = g_get_monotonic_time () / 1e6;
  if (!interleave_simulation_run (sim, merge, trace, NULL, &error))
    g_error ("%s", error->message);

  getrusage (RUSAGE_SELF, &usage);
  printf ("10 M requests, %s record limits (%u spans, %u requests): %" G_GUINT64_FORMAT " requests, "
          "%" G_GUINT64_FORMAT " events in %.1f s of CPU (%.1f s wall); kept %u spans, %u requests, "
          "%u windows; peak resident memory %.0f MiB (limit 1024 MiB)\n",
          max ? "the largest" : "the default", s->record.max_spans, s->record.max_requests,
          interleave_simulation_get_n_requests (sim), interleave_simulation_get_n_events (sim),
          cpu_s () - t0, g_get_monotonic_time () / 1e6 - w0,
          interleave_trace_get_n_spans (trace), trace->requests->len, trace->windows->len,
          usage.ru_maxrss / 1024.0);
  return 0;
}
