/* bench-sim.c
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
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "interleave-simulation.h"

/* `meson test --benchmark`: how fast the simulator runs and how much it
 * keeps. Prints figures; asserts nothing about time. Rates use the
 * simulating thread's CPU time, so other load on a shared machine does not
 * distort them; wall time is printed too. */

static InterleaveScenario *
scenario (const char *json)
{
  g_autoptr(GError) error = NULL;
  InterleaveScenario *s = interleave_scenario_load_data (json, -1, "bench.json", &error);

  if (s == NULL)
    g_error ("%s", error->message);
  return s;
}

static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Resident memory now, from /proc/self/statm, in MiB. */
static double
rss_mib (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0.0;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static double
max_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static void
merge (InterleaveTrace *delta,
       gpointer         user_data)
{
  interleave_trace_merge (user_data, delta);
  interleave_trace_free (delta);
}

/* Runs one architecture; with @trace, records into it. */
static void
run (const InterleaveScenario *s,
     guint                     a,
     InterleaveTrace          *trace,
     double                   *seconds,
     guint64                  *events,
     guint64                  *requests)
{
  g_autoptr(InterleaveSimulation) sim = interleave_simulation_new (s, a);
  double t0 = cpu_s ();
  gint64 w0 = g_get_monotonic_time ();

  if (!interleave_simulation_run (sim, trace != NULL ? merge : NULL, trace, NULL, NULL))
    g_error ("run failed");
  *seconds = cpu_s () - t0;
  printf ("    (%.3f s of CPU time, %.3f s of wall time)\n", *seconds, (g_get_monotonic_time () - w0) / 1e6);
  *events = interleave_simulation_get_n_events (sim);
  *requests = interleave_simulation_get_n_requests (sim);
}

static void
bench_events (void)
{
  /* A busy single event loop: arrivals, callbacks, I/O completions. */
  g_autoptr(InterleaveScenario) s = scenario (
    "{ \"duration\": \"400s\", \"machine\": { \"cores\": 2 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5000 },"
    "    \"classes\": [ { \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"0.1ms\", \"dist\": \"exp\" },"
    "                                { \"phase\": \"io\", \"mean\": \"5ms\", \"dist\": \"exp\" } ] } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" } ] }");
  double seconds;
  guint64 events, requests;

  run (s, 0, NULL, &seconds, &events, &requests);
  printf ("engine, summary only: %" G_GUINT64_FORMAT " events (%" G_GUINT64_FORMAT " requests) in %.3f s: "
          "%.2f M events/s, %.1f ns/event\n",
          events, requests, seconds, events / seconds / 1e6, seconds * 1e9 / events);
}

static void
bench_events_recording (void)
{
  g_autoptr(InterleaveScenario) s = scenario (
    "{ \"duration\": \"100s\", \"machine\": { \"cores\": 2 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5000 },"
    "    \"classes\": [ { \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"0.1ms\", \"dist\": \"exp\" },"
    "                                { \"phase\": \"io\", \"mean\": \"5ms\", \"dist\": \"exp\" } ] } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" } ],"
    "  \"record\": { \"spans\": 20000000, \"requests\": 1000000 } }");
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("node", 2, s->window_ns);
  double seconds, before = rss_mib (), after;
  guint64 events, requests;
  guint spans;

  run (s, 0, trace, &seconds, &events, &requests);
  after = rss_mib ();
  spans = interleave_trace_get_n_spans (trace);
  printf ("engine, recording every span: %" G_GUINT64_FORMAT " events in %.3f s: %.2f M events/s, %.1f ns/event; "
          "%u spans, %" G_GSIZE_FORMAT " bytes each, %.1f bytes per span resident with array slack "
          "(%u request records)\n",
          events, seconds, events / seconds / 1e6, seconds * 1e9 / events, spans,
          sizeof (InterleaveSpan), (after - before) * 1024.0 * 1024.0 / MAX (spans, 1), trace->requests->len);
}

static void
bench_three_architectures (void)
{
  /* 1 M requests through Node.js, threads + GIL and gunicorn sync. */
  g_autoptr(InterleaveScenario) s = scenario (
    "{ \"duration\": \"400s\", \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 2500 },"
    "    \"classes\": [ { \"name\": \"api\", \"weight\": 0.95, \"plan\": \"cpu:0.1,io:5\" },"
    "                   { \"name\": \"report\", \"weight\": 0.05, \"plan\": \"cpu:1,native:0.5\" } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" }, { \"preset\": \"python-threaded\" },"
    "                       { \"preset\": \"gunicorn-sync\", \"workers\": 32 } ] }");
  double total = 0, total_recording = 0;

  for (guint a = 0; a < 3; a++)
    {
      double seconds;
      guint64 events, requests;

      run (s, a, NULL, &seconds, &events, &requests);
      total += seconds;
      printf ("  %-16s %" G_GUINT64_FORMAT " requests, %" G_GUINT64_FORMAT " events in %.3f s (%.2f M events/s)\n",
              s->architectures[a].name, requests, events, seconds, events / seconds / 1e6);
    }
  printf ("1 M requests through three architectures, summary only: %.3f s in total (target 3 s)\n", total);

  for (guint a = 0; a < 3; a++)
    {
      g_autoptr(InterleaveTrace) trace = interleave_trace_new (s->architectures[a].name, 4, s->window_ns);
      double seconds;
      guint64 events, requests;

      run (s, a, trace, &seconds, &events, &requests);
      total_recording += seconds;
      printf ("  %-16s recorded %u spans and %u requests in %.3f s\n",
              s->architectures[a].name, interleave_trace_get_n_spans (trace), trace->requests->len, seconds);
    }
  printf ("1 M requests through three architectures, recording the default limits "
          "(4 M spans, 1 M requests): %.3f s in total\n", total_recording);
}

static void
bench_ten_million (void)
{
  /* 10 M requests, the whole trace kept to the default limits. */
  g_autoptr(InterleaveScenario) s = scenario (
    "{ \"duration\": \"1000s\", \"window\": \"1s\", \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 10000 },"
    "    \"classes\": [ { \"plan\": \"cpu:0.02,io:5\" } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" } ] }");
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("node", 4, s->window_ns);
  double seconds;
  guint64 events, requests;

  run (s, 0, trace, &seconds, &events, &requests);
  printf ("10 M requests: %" G_GUINT64_FORMAT " requests, %" G_GUINT64_FORMAT " events in %.3f s (%.2f M events/s); "
          "kept %u spans, %u requests, %u windows; peak resident memory %.0f MiB (limit 1024)\n",
          requests, events, seconds, events / seconds / 1e6,
          interleave_trace_get_n_spans (trace), trace->requests->len, trace->windows->len, max_rss_mib ());
}

int
main (int   argc,
      char *argv[])
{
  setvbuf (stdout, NULL, _IOLBF, 0);
  printf ("InterleaveSpan: %" G_GSIZE_FORMAT " bytes; times below are CPU time of the simulating thread\n",
          sizeof (InterleaveSpan));
  bench_events ();
  bench_events_recording ();
  bench_three_architectures ();
  bench_ten_million ();
  return 0;
}
