/* test-playback.c
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

#include <adwaita.h>

#include "interleave-playback.h"
#include "interleave-scenario.h"
#include "interleave-simulation-run.h"
#include "interleave-test-traces.h"
#include "interleave-test-util.h"

static void
test_step (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_test_trace_new_fixed ();
  g_autoptr(InterleavePlayback) playback = interleave_playback_new ();
  const InterleaveTrace *traces[] = { trace };
  /* Every span boundary of the fixed trace, in order. */
  const gint64 events[] = { 20 * MS, 50 * MS, 60 * MS, 70 * MS, 80 * MS, 100 * MS };

  interleave_playback_set_duration (playback, 100 * MS);
  interleave_playback_set_limit (playback, 100 * MS);
  interleave_playback_set_playing (playback, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_assert_true (interleave_playback_step (playback, traces, 1, +1));
      g_assert_cmpint (interleave_playback_get_playhead (playback), ==, events[i]);
      /* Stepping pauses. */
      g_assert_false (interleave_playback_get_playing (playback));
    }
  g_assert_false (interleave_playback_step (playback, traces, 1, +1));

  for (guint i = G_N_ELEMENTS (events) - 1; i > 0; i--)
    {
      g_assert_true (interleave_playback_step (playback, traces, 1, -1));
      g_assert_cmpint (interleave_playback_get_playhead (playback), ==, events[i - 1]);
    }
  g_assert_true (interleave_playback_step (playback, traces, 1, -1));
  g_assert_cmpint (interleave_playback_get_playhead (playback), ==, 0);
  g_assert_false (interleave_playback_step (playback, traces, 1, -1));

  /* From the middle of a span. */
  interleave_playback_set_playhead (playback, 55 * MS);
  interleave_playback_step (playback, traces, 1, +1);
  g_assert_cmpint (interleave_playback_get_playhead (playback), ==, 60 * MS);
  interleave_playback_set_playhead (playback, 55 * MS);
  interleave_playback_step (playback, traces, 1, -1);
  g_assert_cmpint (interleave_playback_get_playhead (playback), ==, 50 * MS);
}

static void
test_speed (void)
{
  g_autoptr(InterleavePlayback) playback = interleave_playback_new ();
  gint64 a, b;

  interleave_playback_set_duration (playback, 10000 * MS);
  interleave_playback_set_limit (playback, 10000 * MS);

  /* Paused: time passes, the playhead does not. */
  interleave_playback_advance (playback, 100000);
  g_assert_cmpint (interleave_playback_get_playhead (playback), ==, 0);

  interleave_playback_set_playing (playback, TRUE);
  interleave_playback_set_speed (playback, 1.0);
  interleave_playback_advance (playback, 16667);
  a = interleave_playback_get_playhead (playback);
  g_assert_cmpint (a, ==, 16667000);

  /* Ten times faster: ten times the distance in the same real time. */
  interleave_playback_set_speed (playback, 10.0);
  interleave_playback_advance (playback, 16667);
  b = interleave_playback_get_playhead (playback) - a;
  g_assert_cmpint (b, ==, 10 * a);

  /* 0.01×: a frame moves 167 µs; many frames add up exactly. */
  interleave_playback_set_speed (playback, 0.01);
  a = interleave_playback_get_playhead (playback);
  for (int i = 0; i < 100; i++)
    interleave_playback_advance (playback, 10000);
  g_assert_cmpint (interleave_playback_get_playhead (playback) - a, ==, 10 * MS);

  /* [ and ] step through 1, 2, 5 and stop at the ends. */
  interleave_playback_set_speed (playback, 1.0);
  interleave_playback_faster (playback);
  g_assert_cmpfloat (interleave_playback_get_speed (playback), ==, 2.0);
  interleave_playback_faster (playback);
  g_assert_cmpfloat (interleave_playback_get_speed (playback), ==, 5.0);
  interleave_playback_slower (playback);
  interleave_playback_slower (playback);
  interleave_playback_slower (playback);
  g_assert_cmpfloat (interleave_playback_get_speed (playback), ==, 0.5);
  for (int i = 0; i < 20; i++)
    interleave_playback_slower (playback);
  g_assert_cmpfloat (interleave_playback_get_speed (playback), ==, INTERLEAVE_PLAYBACK_MIN_SPEED);
  for (int i = 0; i < 20; i++)
    interleave_playback_faster (playback);
  g_assert_cmpfloat (interleave_playback_get_speed (playback), ==, INTERLEAVE_PLAYBACK_MAX_SPEED);
  interleave_playback_set_speed (playback, 1000);
  g_assert_cmpfloat (interleave_playback_get_speed (playback), ==, INTERLEAVE_PLAYBACK_MAX_SPEED);
}

static void
test_limit_and_end (void)
{
  g_autoptr(InterleavePlayback) playback = interleave_playback_new ();

  interleave_playback_set_duration (playback, 1000 * MS);
  interleave_playback_set_limit (playback, 300 * MS);
  interleave_playback_set_speed (playback, 1.0);
  interleave_playback_set_playing (playback, TRUE);

  /* A run still streaming: playback waits at what is simulated. */
  for (int i = 0; i < 100; i++)
    interleave_playback_advance (playback, 16000);
  g_assert_cmpint (interleave_playback_get_playhead (playback), ==, 300 * MS);
  g_assert_true (interleave_playback_get_playing (playback));

  /* More arrives: it goes on, then stops at the end. */
  interleave_playback_set_limit (playback, 1000 * MS);
  for (int i = 0; i < 100; i++)
    interleave_playback_advance (playback, 16000);
  g_assert_cmpint (interleave_playback_get_playhead (playback), ==, 1000 * MS);
  g_assert_false (interleave_playback_get_playing (playback));

  /* Play again from the end starts over. */
  interleave_playback_set_playing (playback, TRUE);
  g_assert_cmpint (interleave_playback_get_playhead (playback), ==, 0);
}

static gboolean
run_done (gpointer data)
{
  return interleave_simulation_run_is_finished (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static InterleaveScenario *
load_scenario (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "data", "scenarios", name, NULL);
  g_autoptr(GError) error = NULL;
  InterleaveScenario *scenario = interleave_scenario_load_file (path, &error);

  g_assert_no_error (error);
  return scenario;
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
count_cb (gpointer data)
{
  (*(guint *) data)++;
}

static void
test_run_streams (void)
{
  g_autoptr(InterleaveScenario) scenario = load_scenario ("myth-convoy.json");
  g_autoptr(InterleaveSimulationRun) run = interleave_simulation_run_new (scenario, 4);
  guint updates = 0, finished = 0;

  g_signal_connect_swapped (run, "updated", G_CALLBACK (count_cb), &updates);
  g_signal_connect_swapped (run, "finished", G_CALLBACK (count_cb), &finished);
  interleave_simulation_run_start (run);
  interleave_test_wait_until (run_done, run, 30000);
  interleave_test_iterate (20);

  g_assert_cmpuint (interleave_simulation_run_get_n_traces (run), ==, 3);
  g_assert_cmpuint (updates, >=, 1);
  g_assert_cmpuint (finished, ==, 1);
  g_assert_null (interleave_simulation_run_get_error (run));
  g_assert_cmpint (interleave_simulation_run_get_simulated_until (run), ==, scenario->duration_ns);

  for (guint i = 0; i < 3; i++)
    {
      const InterleaveTrace *trace = interleave_simulation_run_get_traces (run)[i];

      g_assert_cmpuint (interleave_trace_get_n_spans (trace), >, 100);
      g_assert_nonnull (interleave_simulation_run_get_summaries (run)[i]);
      g_assert_cmpint (trace->end, ==, scenario->duration_ns);
    }

  g_test_message ("longest merge on the main thread: %" G_GINT64_FORMAT " µs",
                  interleave_simulation_run_get_longest_merge (run));
}

/* A scenario changed while its run streams: the old run is cancelled and
 * dropped; once its worker threads let go, it is freed, traces and all,
 * and it never signals again. */
static void
test_run_cancel_leaks_nothing (void)
{
  g_autoptr(InterleaveScenario) scenario = load_scenario ("myth-node-one-request.json");

  for (guint round = 0; round < 5; round++)
    {
      InterleaveSimulationRun *run = interleave_simulation_run_new (scenario, 4);
      gpointer weak = run;
      guint signals = 0;

      g_object_add_weak_pointer (G_OBJECT (run), &weak);
      interleave_simulation_run_start (run);
      if (round > 0)
        interleave_test_iterate (round);
      g_signal_connect_swapped (run, "updated", G_CALLBACK (count_cb), &signals);
      g_signal_connect_swapped (run, "finished", G_CALLBACK (count_cb), &signals);
      interleave_simulation_run_cancel (run);
      g_object_unref (run);

      /* The last reference may go on a worker thread, which does not
       * wake the main loop: poll. */
      {
        guint waker = g_timeout_add (5, keep_waking, NULL);
        interleave_test_wait_until (pointer_cleared, &weak, 30000);
        g_source_remove (waker);
      }
      g_assert_cmpuint (signals, ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/playback/step", test_step);
  g_test_add_func ("/playback/speed", test_speed);
  g_test_add_func ("/playback/limit-and-end", test_limit_and_end);
  g_test_add_func ("/simulation-run/streams", test_run_streams);
  g_test_add_func ("/simulation-run/cancel-leaks-nothing", test_run_cancel_leaks_nothing);

  return g_test_run ();
}
