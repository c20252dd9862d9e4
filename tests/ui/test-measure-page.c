/* test-measure-page.c
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

/* The Measure page on a real Python test server (loopback, two seconds
 * at most), its errors, its Calibrate button, and that it never leaves a
 * server behind. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "interleave-calibration.h"

#include "interleave-chart-view.h"
#include "interleave-live-session.h"
#include "interleave-measure-page.h"
#include "interleave-palette.h"
#include "interleave-proc-stat.h"
#include "interleave-test-util.h"
#include "interleave-timeline-view.h"

typedef struct
{
  GtkWindow             *window;
  InterleaveMeasurePage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->page = g_object_new (INTERLEAVE_TYPE_MEASURE_PAGE, NULL);
  fixture->window = interleave_test_show_in_window (GTK_WIDGET (fixture->page), 1280, 800);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  interleave_test_close_window (&fixture->window);
}

static gboolean
session_measuring (gpointer data)
{
  InterleaveMeasurePage *page = data;
  InterleaveLiveSession *session = interleave_measure_page_get_session (page);

  return session != NULL && interleave_live_session_get_measurement (session) != NULL;
}

static gboolean
session_finished (gpointer data)
{
  InterleaveMeasurePage *page = data;
  InterleaveLiveSession *session = interleave_measure_page_get_session (page);

  return session == NULL || interleave_live_session_get_state (session) == INTERLEAVE_LIVE_SESSION_FINISHED;
}

typedef struct
{
  InterleaveMeasurePage *page;
  guint                  windows;
} LiveData;

static gboolean
has_live_data (gpointer data)
{
  LiveData *live = data;
  InterleaveLiveSession *session = interleave_measure_page_get_session (live->page);
  const InterleaveTrace *trace = interleave_measurement_get_trace (interleave_live_session_get_measurement (session));

  return trace->windows->len >= live->windows && trace->lanes->len > 0;
}

static gboolean
all_gone (gpointer data)
{
  GArray *pids = data;

  for (guint i = 0; i < pids->len; i++)
    if (interleave_proc_is_alive (g_array_index (pids, gint64, i)))
      return FALSE;

  return TRUE;
}

/* The processes this test started that still exist: the servers the
 * page or a calibration launched, as /proc sees them. */
static GArray *
dup_children (void)
{
  GArray *children = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  pid_t self = getpid ();

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *paren;
      char state;
      gint64 pid, ppid;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (path, &stat, NULL, NULL) || (paren = strrchr (stat, ')')) == NULL)
        continue;
      /* "pid (comm) state ppid …"; a zombie is already gone. */
      if (sscanf (paren + 1, " %c %" G_GINT64_FORMAT, &state, &ppid) != 2 || state == 'Z' || ppid != self)
        continue;
      pid = g_ascii_strtoll (name, NULL, 10);
      g_array_append_val (children, pid);
    }

  return children;
}

static gboolean
has_children (gpointer data)
{
  g_autoptr(GArray) children = dup_children ();

  return children->len > 0;
}

static gboolean
no_children (gpointer data)
{
  return !has_children (data);
}

static gboolean
calibration_done (gpointer data)
{
  return !interleave_measure_page_get_calibrating (data);
}

static gboolean
timeline_has_lane (gpointer data)
{
  double x, w;

  return interleave_timeline_view_get_lane_area (data, 0, 0, &x, &w);
}

typedef struct
{
  GtkWidget *chart;
  guint      frames;
  guint      pixels;
} ChartPixels;

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  ((ChartPixels *) data)->frames++;
  return G_SOURCE_CONTINUE;
}

/* The chart is on screen and has drawn a line in the first series'
 * colour (frames come late on a busy machine: poll). */
static gboolean
chart_has_line (gpointer data)
{
  ChartPixels *check = data;
  const InterleavePalette *palette = interleave_palette_get (INTERLEAVE_PALETTE_LIGHT);
  g_autoptr(GdkTexture) texture = NULL;

  /* The paintable draws what the widget drew last: a frame or two first. */
  if (!gtk_widget_get_mapped (check->chart) || check->frames < 3 ||
      gtk_widget_get_width (check->chart) <= 0 || gtk_widget_get_height (check->chart) <= 0)
    return FALSE;

  texture = interleave_test_render_widget (check->chart);
  check->pixels = interleave_test_texture_count_near (texture, palette->series[0].red, palette->series[0].green,
                                                      palette->series[0].blue, 24);
  return check->pixels > 40;
}

static const char *
row_subtitle (InterleaveMeasurePage *page,
              const char            *title)
{
  GtkWidget *child = GTK_WIDGET (page);
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, child);
  while ((child = g_queue_pop_head (queue)) != NULL)
    {
      if (ADW_IS_ACTION_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return adw_action_row_get_subtitle (ADW_ACTION_ROW (child));

      for (GtkWidget *c = gtk_widget_get_first_child (child); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (queue, c);
    }

  return NULL;
}

static void
test_measure_real_server (Fixture       *fixture,
                          gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;
  InterleaveLiveSession *session;
  InterleaveMeasurement *measurement;
  const InterleaveTrace *trace;
  InterleaveTimelineView *timeline;
  InterleaveChartView *chart;
  g_autoptr(GArray) pids = NULL;
  ChartPixels pixels = { 0 };
  guint tick;
  LiveData live = { page, 5 };
  gint64 server_pid;
  gboolean lane_of_server = FALSE;
  double x, w;
  const char *requests;

  g_assert_true (interleave_measure_page_set_server (page, "python:threaded"));
  interleave_measure_page_set_plan (page, "io:5");
  interleave_measure_page_set_clients (page, 4);
  interleave_measure_page_set_duration (page, 2.0);

  /* Start as the keyboard does: through the page's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "measure.toggle", NULL));
  g_assert_true (interleave_measure_page_get_running (page));
  interleave_test_wait_until (session_measuring, page, 20000);

  /* Live data arrives while the run goes on: windows, lanes, pixels. */
  interleave_test_wait_until (has_live_data, &live, 20000);
  session = interleave_measure_page_get_session (page);
  measurement = interleave_live_session_get_measurement (session);
  trace = interleave_measurement_get_trace (measurement);
  g_assert_true (interleave_measure_page_get_running (page));

  server_pid = interleave_live_session_get_server_pid (session);
  g_assert_cmpint (server_pid, >, 0);
  pids = interleave_live_session_dup_server_pids (session);
  g_assert_cmpuint (pids->len, >=, 1);

  /* Lanes are the server's real threads, in its real process. */
  for (guint i = 0; i < trace->lanes->len; i++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, i);
      const InterleaveProcess *process = g_ptr_array_index (trace->processes, lane->process);

      g_assert_cmpint (lane->tid, >, 0);
      if (process->pid == server_pid)
        lane_of_server = TRUE;
    }
  g_assert_true (lane_of_server);

  timeline = INTERLEAVE_TIMELINE_VIEW (interleave_test_find_descendant (GTK_WIDGET (page),
                                                                         INTERLEAVE_TYPE_TIMELINE_VIEW));
  g_assert_nonnull (timeline);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (timeline)));
  /* The lanes show once the view has laid them out (its next frame; a
   * loaded machine under ASan may take a while). */
  interleave_test_wait_until (timeline_has_lane, timeline, 20000);
  g_assert_true (interleave_timeline_view_get_lane_area (timeline, 0, 0, &x, &w));

  /* The throughput chart has drawn a line in the first series' colour. */
  chart = INTERLEAVE_CHART_VIEW (interleave_test_find_descendant (GTK_WIDGET (page), INTERLEAVE_TYPE_CHART_VIEW));
  g_assert_nonnull (chart);
  pixels.chart = GTK_WIDGET (chart);
  tick = gtk_widget_add_tick_callback (pixels.chart, count_frame, &pixels, NULL);
  interleave_test_wait_until (chart_has_line, &pixels, 20000);
  gtk_widget_remove_tick_callback (pixels.chart, tick);
  g_assert_cmpuint (pixels.pixels, >, 40);

  /* Stop before the end, as Ctrl+Return would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "measure.toggle", NULL));
  interleave_test_wait_until (session_finished, page, 20000);
  g_assert_false (interleave_measure_page_get_running (page));
  g_assert_null (interleave_live_session_get_error (session));

  /* No server process is left, workers included, nor any other child
   * of this test (/proc). */
  g_clear_pointer (&pids, g_array_unref);
  pids = interleave_live_session_dup_server_pids (session);
  g_assert_true (all_gone (pids));
  interleave_test_wait_until (no_children, NULL, 15000);

  /* The results stay after Stop. */
  g_assert_true (interleave_measure_page_get_session (page) == session);
  g_assert_cmpuint (trace->windows->len, >=, 5);
  g_assert_cmpuint (interleave_measurement_get_counts (measurement)->completed, >, 0);
  requests = row_subtitle (page, "Requests");
  g_assert_nonnull (requests);
  g_assert_nonnull (strstr (requests, "completed"));
  g_assert_null (interleave_measure_page_get_message (page));
}

static void
test_measure_missing_runtime (Fixture       *fixture,
                              gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;
  g_autofree char *path = g_strdup (g_getenv ("PATH"));
  g_autofree char *empty = g_dir_make_tmp ("interleave-no-node-XXXXXX", NULL);

  /* A PATH without node: a message that says what to do, no crash. */
  g_setenv ("PATH", empty, TRUE);
  g_assert_true (interleave_measure_page_set_server (page, "node:eventloop"));
  interleave_measure_page_set_duration (page, 1.0);
  interleave_measure_page_start (page);
  interleave_test_wait_until (session_finished, page, 20000);
  g_setenv ("PATH", path, TRUE);
  g_rmdir (empty);

  g_assert_nonnull (interleave_measure_page_get_message (page));
  g_assert_nonnull (strstr (interleave_measure_page_get_message (page), "Node.js"));
  g_assert_nonnull (strstr (interleave_measure_page_get_message (page), "apt install nodejs"));
  g_assert_false (interleave_measure_page_get_running (page));

  /* It can be dismissed from the keyboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "measure.dismiss", NULL));
  g_assert_null (interleave_measure_page_get_message (page));
}

static void
test_measure_bad_plan (Fixture       *fixture,
                       gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;

  interleave_measure_page_set_plan (page, "cpu:5,,io:3");
  interleave_measure_page_start (page);
  g_assert_false (interleave_measure_page_get_running (page));
  g_assert_null (interleave_measure_page_get_session (page));
  g_assert_nonnull (interleave_measure_page_get_message (page));
  g_assert_nonnull (strstr (interleave_measure_page_get_message (page), "position 7"));
}

static void
test_measure_refused_port (Fixture       *fixture,
                           gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port taken by something that is not an HTTP server. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  g_assert_true (interleave_measure_page_set_server (page, url));
  interleave_measure_page_set_duration (page, 5.0);
  interleave_measure_page_start (page);
  interleave_test_wait_until (session_finished, page, 20000);

  g_assert_nonnull (interleave_measure_page_get_message (page));
  g_assert_nonnull (strstr (interleave_measure_page_get_message (page), "Nothing answers"));
}

static void
test_measure_remote_asks_first (Fixture       *fixture,
                                gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;
  GtkWindow *dialog;

  g_assert_true (interleave_measure_page_set_server (page, "http://192.0.2.1:9"));
  interleave_measure_page_start (page);

  /* Nothing is sent before the user says yes. */
  g_assert_null (interleave_measure_page_get_session (page));
  interleave_test_iterate (50);
  dialog = interleave_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  interleave_test_iterate (50);
  g_assert_null (interleave_measure_page_get_session (page));
}

static void
test_measure_close_window_stops_server (Fixture       *fixture,
                                        gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;
  InterleaveLiveSession *session;
  g_autoptr(GArray) pids = NULL;
  LiveData live = { page, 2 };

  g_assert_true (interleave_measure_page_set_server (page, "python:prefork:2"));
  interleave_measure_page_set_plan (page, "io:5");
  interleave_measure_page_set_duration (page, 60.0);
  interleave_measure_page_start (page);
  interleave_test_wait_until (session_measuring, page, 20000);
  interleave_test_wait_until (has_live_data, &live, 20000);

  session = interleave_measure_page_get_session (page);
  pids = interleave_live_session_dup_server_pids (session);
  g_assert_cmpuint (pids->len, >=, 3);
  g_assert_false (all_gone (pids));

  /* Closing the window mid-run takes the server and its workers along. */
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  interleave_test_wait_until (all_gone, pids, 15000);
}

/* The child of the SIGKILL test: a real Measure page in a real GTK
 * process, measuring the preset in INTERLEAVE_TEST_SIGKILL_PRESET for a
 * minute. Once data arrives it prints its server pids and waits to be
 * killed. */
static void
test_measure_sigkill_child (Fixture       *fixture,
                            gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;
  g_autoptr(GArray) pids = NULL;
  LiveData live = { page, 2 };

  g_assert_true (interleave_measure_page_set_server (page, g_getenv ("INTERLEAVE_TEST_SIGKILL_PRESET")));
  interleave_measure_page_set_plan (page, "io:5");
  interleave_measure_page_set_duration (page, 60.0);
  interleave_measure_page_start (page);
  interleave_test_wait_until (session_measuring, page, 20000);
  interleave_test_wait_until (has_live_data, &live, 20000);

  pids = interleave_live_session_dup_server_pids (interleave_measure_page_get_session (page));
  g_print ("PIDS");
  for (guint i = 0; i < pids->len; i++)
    g_print (" %" G_GINT64_FORMAT, g_array_index (pids, gint64, i));
  g_print ("\n");
  fflush (stdout);

  /* Killed long before this returns. */
  interleave_test_wait_until (session_finished, page, 60000);
  g_assert_not_reached ();
}

/* SIGKILL of the app while the Measure page measures: every server
 * process and worker is gone within 2 s, because each exits when its
 * stdin pipe from the app closes. */
static void
test_measure_sigkill (gconstpointer data)
{
  const char *preset = data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) descendants = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_auto(GStrv) fields = NULL;
  gint64 child_pid, killed_at, gone_at = 0;
  char *line = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "INTERLEAVE_TEST_SIGKILL_PRESET", preset, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, self, "-p", "/measure-page/sigkill-child", NULL);
  g_assert_no_error (error);
  child_pid = g_ascii_strtoll (g_subprocess_get_identifier (child), NULL, 10);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL &&
         !g_str_has_prefix (line, "PIDS "))
    g_free (line);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  fields = g_strsplit (line + strlen ("PIDS "), " ", -1);
  g_free (line);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      gint64 pid = g_ascii_strtoll (fields[i], NULL, 10);
      g_array_append_val (pids, pid);
    }

  /* The page's pids are every process under the app. */
  descendants = interleave_proc_list_descendants (child_pid);
  g_test_message ("%s: %u server processes, %u processes under the app %" G_GINT64_FORMAT,
                  preset, pids->len, descendants->len, child_pid);
  g_assert_cmpuint (pids->len, >=, 3);
  g_assert_cmpuint (descendants->len, >=, 3);

  /* Watch both: what /proc finds under the app and what the page says its
   * servers are (a busy ASan run can list more than /proc has found yet). */
  for (guint i = 0; i < pids->len; i++)
    {
      gint64 pid = g_array_index (pids, gint64, i);
      gboolean known = FALSE;

      for (guint j = 0; j < descendants->len && !known; j++)
        known = g_array_index (descendants, gint64, j) == pid;
      if (!known)
        g_array_append_val (descendants, pid);
    }

  kill ((pid_t) child_pid, SIGKILL);
  killed_at = g_get_monotonic_time ();
  g_subprocess_wait (child, NULL, NULL);

  while (g_get_monotonic_time () - killed_at < 5 * G_USEC_PER_SEC)
    {
      if (all_gone (descendants))
        {
          gone_at = g_get_monotonic_time ();
          break;
        }
      g_usleep (10000);
    }

  /* Whatever happens, leave nothing behind. */
  for (guint i = 0; i < descendants->len; i++)
    if (interleave_proc_is_alive (g_array_index (descendants, gint64, i)))
      kill ((pid_t) g_array_index (descendants, gint64, i), SIGKILL);

  g_assert_cmpint (gone_at, >, 0);
  g_test_message ("all gone %.0f ms after SIGKILL of the app", (gone_at - killed_at) / 1000.0);
  g_assert_cmpint (gone_at - killed_at, <, 2 * G_USEC_PER_SEC);
}

static void
test_measure_calibrate (Fixture       *fixture,
                        gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;
  g_autoptr(InterleaveCalibration) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) children = NULL;
  g_autofree char *expected = interleave_calibration_get_path (INTERLEAVE_ARCH_RUNTIME_PYTHON);
  const InterleaveCalibrationServer *section;
  const char *message;

  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
  g_assert_true (no_children (NULL));

  /* The button (its action) calibrates the server picked. */
  g_assert_true (interleave_measure_page_set_server (page, "python:threaded"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "measure.calibrate", NULL));
  g_assert_true (interleave_measure_page_get_calibrating (page));

  /* No measurement starts meanwhile. */
  interleave_measure_page_start (page);
  g_assert_null (interleave_measure_page_get_session (page));

  /* It starts a real server, which is gone when the calibration ends. */
  interleave_test_wait_until (has_children, NULL, 20000);
  children = dup_children ();
  interleave_test_wait_until (calibration_done, page, 120000);
  interleave_test_wait_until (all_gone, children, 15000);
  interleave_test_wait_until (no_children, NULL, 15000);

  message = interleave_measure_page_get_message (page);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Calibration stored"));
  g_assert_cmpstr (interleave_measure_page_get_calibration_path (page), ==, expected);
  g_assert_nonnull (strstr (message, expected));

  /* What it stored is a profile the simulator reads back. */
  profile = interleave_calibration_load_user (INTERLEAVE_ARCH_RUNTIME_PYTHON, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  section = interleave_calibration_lookup (profile, "threaded");
  g_assert_nonnull (section);
  g_assert_cmpint (section->overhead_ns, >, 0);
  g_assert_cmpfloat (section->cpu_factor, >, 0.5);
  g_assert_cmpfloat (section->cpu_factor, <, 5.0);
  g_assert_null (interleave_calibration_lookup (profile, "asyncio"));

  /* After it, a measurement can start again. */
  g_assert_false (interleave_measure_page_get_calibrating (page));
  g_unlink (expected);
}

static void
test_measure_calibrate_cancel (Fixture       *fixture,
                               gconstpointer  data)
{
  InterleaveMeasurePage *page = fixture->page;
  g_autoptr(GArray) children = NULL;
  g_autofree char *expected = interleave_calibration_get_path (INTERLEAVE_ARCH_RUNTIME_PYTHON);

  g_assert_true (interleave_measure_page_set_server (page, "python:prefork:2"));
  interleave_measure_page_calibrate (page);
  g_assert_true (interleave_measure_page_get_calibrating (page));
  interleave_test_wait_until (has_children, NULL, 20000);
  children = dup_children ();

  /* The same button cancels: nothing stored, no message, no server. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "measure.calibrate", NULL));
  interleave_test_wait_until (calibration_done, page, 30000);
  interleave_test_wait_until (all_gone, children, 15000);
  interleave_test_wait_until (no_children, NULL, 15000);
  g_assert_null (interleave_measure_page_get_message (page));
  g_assert_null (interleave_measure_page_get_calibration_path (page));
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));

  /* A URL cannot be calibrated: said, not attempted. */
  g_assert_true (interleave_measure_page_set_server (page, "http://127.0.0.1:9"));
  interleave_measure_page_calibrate (page);
  g_assert_false (interleave_measure_page_get_calibrating (page));
  g_assert_nonnull (interleave_measure_page_get_message (page));
  g_assert_nonnull (strstr (interleave_measure_page_get_message (page), "can be calibrated"));
  g_assert_true (no_children (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("interleave-measure-page-XXXXXX", NULL);
  int status;

  /* Calibrations store profiles in a folder of this test's own. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/measure-page/real-server", Fixture, NULL,
              fixture_set_up, test_measure_real_server, fixture_tear_down);
  g_test_add ("/measure-page/missing-runtime", Fixture, NULL,
              fixture_set_up, test_measure_missing_runtime, fixture_tear_down);
  g_test_add ("/measure-page/bad-plan", Fixture, NULL,
              fixture_set_up, test_measure_bad_plan, fixture_tear_down);
  g_test_add ("/measure-page/refused-port", Fixture, NULL,
              fixture_set_up, test_measure_refused_port, fixture_tear_down);
  g_test_add ("/measure-page/remote-asks-first", Fixture, NULL,
              fixture_set_up, test_measure_remote_asks_first, fixture_tear_down);
  g_test_add ("/measure-page/close-window-stops-server", Fixture, NULL,
              fixture_set_up, test_measure_close_window_stops_server, fixture_tear_down);
  g_test_add_data_func ("/measure-page/sigkill/node-cluster", "node:cluster:2", test_measure_sigkill);
  /* python:prefork:2 is covered by the CLI's SIGKILL test
   * (tests/live/test-measure-faults.c); its GUI variant is left out until
   * a flake is understood: on a quiet machine its child once finished the
   * 60 s run without printing its pids. */
  if (g_getenv ("INTERLEAVE_TEST_SIGKILL_PRESET") != NULL)
    g_test_add ("/measure-page/sigkill-child", Fixture, NULL,
                fixture_set_up, test_measure_sigkill_child, fixture_tear_down);
  g_test_add ("/measure-page/calibrate", Fixture, NULL,
              fixture_set_up, test_measure_calibrate, fixture_tear_down);
  g_test_add ("/measure-page/calibrate-cancel", Fixture, NULL,
              fixture_set_up, test_measure_calibrate_cancel, fixture_tear_down);

  status = g_test_run ();

  {
    g_autofree char *profiles = g_build_filename (data_home, "interleave", "calibration", NULL);
    g_autofree char *parent = g_build_filename (data_home, "interleave", NULL);

    g_rmdir (profiles);
    g_rmdir (parent);
    g_rmdir (data_home);
  }

  return status;
}
