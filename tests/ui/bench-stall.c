/* bench-stall.c
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

/* How long the UI thread is ever busy at once while a simulation streams
 * into the Simulate page (deltas merged, timelines and charts redrawn),
 * and then while it plays zoomed out over every span and zoomed in,
 * following the playhead. A 1 ms watchdog at high priority records the
 * longest gap between its runs: the longest time the window could not
 * have reacted. The figure that counts is the main thread's CPU time in
 * that gap (a busy machine stretches the wall time, not the work).
 * Target: <= 16 ms in every case.
 * Run under a display: xvfb-run -a meson benchmark -C BUILDDIR bench-stall */

#define TARGET_MS 16.0

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <time.h>

#include "interleave-simulate-page-private.h"
#include "interleave-test-util.h"

typedef struct
{
  gint64  last;
  gint64  longest;
  double  last_cpu;
  double  longest_cpu;
  GArray *gaps;   /* double, ms */
  GArray *cpu;    /* double, ms */
  double  load_frame_cpu;  /* ms: the tick that drew the first frame after a load */
  double  load_call_cpu;   /* ms: loading the file itself (parse, editor, start) */
  GString *summary;        /* one line per case */
} Watchdog;

/* CPU time of the main thread: the work done between two ticks, which a
 * busy machine does not inflate (wall time also counts waiting for a
 * core). */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static gboolean
watchdog_cb (gpointer data)
{
  Watchdog *w = data;
  gint64 now = g_get_monotonic_time ();
  double cpu = thread_cpu_ms ();

  if (w->last != 0)
    {
      double gap = (now - w->last) / 1000.0;
      double work = cpu - w->last_cpu;

      w->longest = MAX (w->longest, now - w->last);
      w->longest_cpu = MAX (w->longest_cpu, work);
      g_array_append_val (w->gaps, gap);
      g_array_append_val (w->cpu, work);
    }
  w->last = now;
  w->last_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* One case's figure against the target, printed now and kept for the
 * summary at the end. */
static void
verdict (Watchdog   *w,
         const char *label,
         double      cpu_ms)
{
  g_autofree char *line = g_strdup_printf ("  %-48s %6.1f ms   %s\n", label, cpu_ms,
                                           cpu_ms <= TARGET_MS ? "ok" : "OVER");

  g_print ("%s", line);
  g_string_append (w->summary, line);
}

static void
report (const char *label,
        Watchdog   *w)
{
  double p99 = 0, p99_cpu = 0;

  g_array_sort (w->gaps, compare_doubles);
  g_array_sort (w->cpu, compare_doubles);
  if (w->gaps->len > 0)
    {
      p99 = g_array_index (w->gaps, double, (guint) (w->gaps->len * 0.99));
      p99_cpu = g_array_index (w->cpu, double, (guint) (w->cpu->len * 0.99));
    }
  g_print ("%s: %u ticks; main-thread CPU per tick: p99 %.1f ms; wall per tick: longest %.1f ms, p99 %.1f ms\n",
           label, w->gaps->len, p99_cpu, w->longest / 1000.0, p99);
  verdict (w, label, w->longest_cpu);
}

static void
report_load (const char *label,
             Watchdog   *w)
{
  g_autofree char *call = g_strdup_printf ("%s: the load call", label);
  g_autofree char *frame = g_strdup_printf ("%s: first frame", label);

  verdict (w, call, w->load_call_cpu);
  verdict (w, frame, w->load_frame_cpu);
}

static void
watch (Watchdog *w)
{
  w->last = 0;
  w->longest = 0;
  w->longest_cpu = 0;
  g_array_set_size (w->gaps, 0);
  g_array_set_size (w->cpu, 0);
}

/* The first frame after loading a scenario replaces everything the
 * window shows (new traces, captions, every tile of the lanes): it is
 * the load's, whether or not a simulation then streams. It is reported
 * on its own, and the streaming figures start after it. */
static void
load_frame_painted (GdkFrameClock *clock,
                    Watchdog      *w)
{
  w->load_frame_cpu = w->last != 0 ? thread_cpu_ms () - w->last_cpu : 0;
  g_signal_handlers_disconnect_by_func (clock, load_frame_painted, w);
  watch (w);
}

static void
load (InterleaveSimulatePage *page,
      GFile                  *file,
      Watchdog               *w)
{
  g_autoptr(GError) error = NULL;
  double cpu;

  watch (w);
  w->load_frame_cpu = -1;
  cpu = thread_cpu_ms ();
  if (!interleave_simulate_page_load_file (page, file, &error))
    g_error ("%s", error->message);
  w->load_call_cpu = thread_cpu_ms () - cpu;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (page)), "after-paint",
                    G_CALLBACK (load_frame_painted), w);
}

static gboolean
load_painted (gpointer data)
{
  return ((Watchdog *) data)->load_frame_cpu >= 0;
}

static gboolean
run_done (gpointer data)
{
  InterleaveSimulationRun *run = interleave_simulate_page_get_run (data);

  return run != NULL && interleave_simulation_run_is_finished (run);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  Watchdog w = { 0 };
  InterleaveSimulatePage *page;
  InterleaveSimulationRun *run;
  GtkWindow *window;
  const char *scenario = argc > 1 ? argv[1] : "myth-celery.json";
  guint spans = 0;
  gint64 started;

  gtk_init ();
  adw_init ();

  w.gaps = g_array_new (FALSE, FALSE, sizeof (double));
  w.summary = g_string_new (NULL);
  w.cpu = g_array_new (FALSE, FALSE, sizeof (double));
  path = g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "data", "scenarios", scenario, NULL);
  file = g_file_new_for_path (path);

  page = g_object_new (INTERLEAVE_TYPE_SIMULATE_PAGE, NULL);
  window = interleave_test_show_in_window (GTK_WIDGET (page), 1920, 1080);
  interleave_test_wait_until (run_done, page, 120000);
  interleave_test_iterate (200);

  g_timeout_add_full (G_PRIORITY_HIGH, 1, watchdog_cb, &w, NULL);

  /* Stream a big scenario in while the page plays. */
  started = g_get_monotonic_time ();
  load (page, file, &w);
  interleave_test_wait_until (run_done, page, 300000);
  run = interleave_simulate_page_get_run (page);
  for (guint i = 0; i < interleave_simulation_run_get_n_traces (run); i++)
    spans += interleave_trace_get_n_spans (interleave_simulation_run_get_traces (run)[i]);
  g_print ("%s: %u architectures, %u spans streamed in %.2f s; longest merge batch %.1f ms\n",
           scenario, interleave_simulation_run_get_n_traces (run), spans,
           (g_get_monotonic_time () - started) / 1e6,
           interleave_simulation_run_get_longest_merge (run) / 1000.0);
  report_load ("loading another scenario", &w);
  report ("streaming, zoomed in, playing", &w);

  /* Zoomed out over the whole run, playing fast: every frame moves the
   * playhead (the lanes are cached; headers, charts, captions redraw). */
  watch (&w);
  interleave_playback_set_speed (interleave_simulate_page_get_playback (page), 1.0);
  interleave_playback_set_playing (interleave_simulate_page_get_playback (page), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "simulate.zoom-fit", NULL);
  interleave_test_iterate (3000);
  report ("zoomed out, playing at 1x", &w);

  /* Zoomed in, following the playhead: the lanes redraw every frame. */
  watch (&w);
  interleave_timeline_view_set_visible_range (interleave_simulate_page_get_timeline (page),
                                              interleave_playback_get_playhead (interleave_simulate_page_get_playback (page)),
                                              interleave_playback_get_playhead (interleave_simulate_page_get_playback (page)) + 50000000);
  interleave_timeline_view_set_follow_playhead (interleave_simulate_page_get_timeline (page), TRUE);
  interleave_playback_set_speed (interleave_simulate_page_get_playback (page), 0.1);
  interleave_test_iterate (3000);
  report ("zoomed in 50 ms, following at 0.1x", &w);

  /* Zoomed in further and faster: the page turns every other frame or so. */
  interleave_playback_set_playhead (interleave_simulate_page_get_playback (page), 1000000000);
  interleave_timeline_view_set_visible_range (interleave_simulate_page_get_timeline (page), 1000000000, 1030000000);
  interleave_timeline_view_set_follow_playhead (interleave_simulate_page_get_timeline (page), TRUE);
  interleave_playback_set_speed (interleave_simulate_page_get_playback (page), 1.0);
  interleave_test_iterate (100);
  watch (&w);
  interleave_test_iterate (3000);
  report ("zoomed in 30 ms, following at 1x", &w);

  /* Stream it in again, zoomed out over the whole run: every data redraw
   * aggregates every span merged so far into pixel columns. */
  load (page, file, &w);
  interleave_timeline_view_set_follow_playhead (interleave_simulate_page_get_timeline (page), FALSE);
  interleave_timeline_view_set_visible_range (interleave_simulate_page_get_timeline (page), 0,
                                              interleave_simulation_run_get_duration (interleave_simulate_page_get_run (page)));
  interleave_test_wait_until (run_done, page, 300000);
  report_load ("loading the same scenario again", &w);
  report ("streaming, zoomed out", &w);

  /* A third scenario: does a scenario never shown before cost more than
   * one shown before, once the window has drawn a big one? */
  {
    g_autofree char *other_path = g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "data", "scenarios",
                                                    "myth-convoy.json", NULL);
    g_autoptr(GFile) other = g_file_new_for_path (other_path);

    load (page, other, &w);
    interleave_test_wait_until (load_painted, &w, 60000);
    report_load ("loading a third scenario", &w);
    interleave_test_wait_until (run_done, page, 300000);
  }

  g_print ("\nLongest main-thread CPU per tick (target <= %.0f ms):\n%s", TARGET_MS, w.summary->str);

  gtk_window_destroy (window);
  g_array_unref (w.gaps);
  g_array_unref (w.cpu);
  g_string_free (w.summary, TRUE);

  return 0;
}
