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

#include "interleave-simulation.h"

/* The engine must not leak (issue 8). This test runs 100 000 requests
 * through every preset, recording the whole trace, then once more
 * cancelled half way and once through the async API. It asserts what ran;
 * in the ASan build (ASAN_OPTIONS=detect_leaks=1, test_env) LeakSanitizer
 * fails it on any byte left allocated at exit. */

#define N_REQUESTS 100000

static InterleaveScenario *
scenario (void)
{
  g_autoptr(GError) error = NULL;
  InterleaveScenario *s;

  /* 2 000 requests per second for 50 s: 100 000 expected, every phase
   * kind, every distribution, two classes and closed-loop clients too. */
  s = interleave_scenario_load_data (
    "{ \"duration\": \"50s\", \"seed\": 7, \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 2000 },"
    "    \"classes\": [ { \"name\": \"api\", \"weight\": 0.9, \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"0.05ms\", \"dist\": \"exp\" },"
    "                                                      { \"phase\": \"io\", \"mean\": \"2ms\", \"dist\": \"lognormal\", \"cv\": 0.5 } ] },"
    "                   { \"name\": \"hash\", \"weight\": 0.1, \"plan\": \"cpu:0.1,native:0.2,io:1\" },"
    "                   { \"name\": \"poll\", \"plan\": \"io:1\","
    "                     \"arrivals\": { \"kind\": \"closed\", \"clients\": 4, \"think\": \"100ms\" } } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" }, { \"preset\": \"node-cluster\" },"
    "    { \"preset\": \"python-threaded\" }, { \"preset\": \"gunicorn-sync\", \"workers\": 8, \"backlog\": 64 },"
    "    { \"preset\": \"gunicorn-gthread\" }, { \"preset\": \"asyncio\" }, { \"preset\": \"python-freethreaded\" } ] }",
    -1, "leaks.json", &error);
  g_assert_no_error (error);
  return s;
}

static void
merge (InterleaveTrace *delta,
       gpointer         user_data)
{
  interleave_trace_merge (user_data, delta);
  interleave_trace_free (delta);
}

static void
test_every_preset (void)
{
  g_autoptr(InterleaveScenario) s = scenario ();

  for (guint a = 0; a < s->n_architectures; a++)
    {
      g_autoptr(InterleaveSimulation) sim = interleave_simulation_new (s, a);
      g_autoptr(InterleaveTrace) trace = interleave_trace_new (s->architectures[a].name, s->cores, s->window_ns);
      g_autoptr(InterleaveSummary) summary = NULL;
      g_autoptr(GError) error = NULL;
      guint64 requests;

      g_assert_true (interleave_simulation_run (sim, merge, trace, NULL, &error));
      g_assert_no_error (error);
      summary = interleave_simulation_get_summary (sim);
      requests = interleave_simulation_get_n_requests (sim);
      g_test_message ("%s: %" G_GUINT64_FORMAT " requests, %u spans", s->architectures[a].name,
                      requests, interleave_trace_get_n_spans (trace));
      g_assert_cmpuint (requests, >, N_REQUESTS * 95 / 100);
      g_assert_cmpuint (summary->completed + summary->refused + summary->failed + summary->in_flight, ==, requests);
      g_assert_cmpuint (interleave_trace_get_n_spans (trace), >, requests);
      g_assert_cmpuint (trace->requests->len, ==, requests);
    }
}

static void
cancel_soon (InterleaveTrace *delta,
             gpointer         user_data)
{
  GCancellable *cancellable = user_data;

  /* Half way through the run: whatever the engine holds then is freed. */
  if (delta->end >= 25 * G_GINT64_CONSTANT (1000000000))
    g_cancellable_cancel (cancellable);
  interleave_trace_free (delta);
}

static void
test_cancelled (void)
{
  g_autoptr(InterleaveScenario) s = scenario ();

  for (guint a = 0; a < s->n_architectures; a++)
    {
      g_autoptr(InterleaveSimulation) sim = interleave_simulation_new (s, a);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (interleave_simulation_run (sim, cancel_soon, cancellable, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (interleave_simulation_get_now (sim), <, 50 * G_GINT64_CONSTANT (1000000000));
      g_assert_cmpuint (interleave_simulation_get_n_requests (sim), >, 0);
    }
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  InterleaveSummary **summary = user_data;
  g_autoptr(GError) error = NULL;

  *summary = interleave_simulate_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(InterleaveScenario) s = scenario ();
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("async", s->cores, s->window_ns);
  g_autoptr(InterleaveSummary) summary = NULL;

  /* On a worker thread, as the app runs it; the trace is only touched by
   * the delta function on this thread's main context. */
  interleave_simulate_async (s, 2, merge, trace, NULL,
                             NULL, on_done, &summary);
  while (summary == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (summary->completed, >, N_REQUESTS * 9 / 10);
  g_assert_cmpuint (trace->requests->len, >=, summary->completed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine-leaks/every-preset", test_every_preset);
  g_test_add_func ("/engine-leaks/cancelled", test_cancelled);
  g_test_add_func ("/engine-leaks/async", test_async);

  return g_test_run ();
}
