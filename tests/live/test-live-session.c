/* test-live-session.c
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

/* A live session from launch to stop, against the real Python test server
 * (short runs, loopback only), and its failures. */

#include "config.h"

#include "interleave-live-session.h"
#include "interleave-plan.h"
#include "interleave-proc-stat.h"
#include "interleave-target.h"

typedef struct
{
  guint    started;
  guint    deltas;
  guint    progress;
  guint    finished;
  GError  *error;
  gboolean stop_on_delta;
} Counts;

static void
started_cb (InterleaveLiveSession *session,
            Counts                *counts)
{
  g_assert_nonnull (interleave_live_session_get_measurement (session));
  g_assert_cmpuint (interleave_live_session_get_state (session), ==, INTERLEAVE_LIVE_SESSION_MEASURING);
  counts->started++;
}

static void
delta_cb (InterleaveLiveSession *session,
          gpointer               delta,
          Counts                *counts)
{
  g_assert_nonnull (delta);
  counts->deltas++;
  if (counts->stop_on_delta && counts->deltas == 3)
    interleave_live_session_stop (session);
}

static void
progress_cb (InterleaveLiveSession *session,
             double                 fraction,
             Counts                *counts)
{
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  counts->progress++;
}

static void
finished_cb (InterleaveLiveSession *session,
             const GError          *error,
             Counts                *counts)
{
  g_assert_cmpuint (interleave_live_session_get_state (session), ==, INTERLEAVE_LIVE_SESSION_FINISHED);
  g_assert_false (interleave_live_session_get_busy (session));
  counts->finished++;
  if (error != NULL)
    counts->error = g_error_copy (error);
}

static InterleaveLiveSession *
new_session (const char                  *server,
             const char                  *plan,
             const InterleaveLoadOptions *options,
             Counts                      *counts)
{
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveLiveSession *session;

  preset = interleave_server_preset_parse (server, &error);
  g_assert_no_error (error);

  session = interleave_live_session_new (preset, plan, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  g_signal_connect (session, "measurement-started", G_CALLBACK (started_cb), counts);
  g_signal_connect (session, "delta", G_CALLBACK (delta_cb), counts);
  g_signal_connect (session, "progress", G_CALLBACK (progress_cb), counts);
  g_signal_connect (session, "finished", G_CALLBACK (finished_cb), counts);

  return session;
}

static void
run (InterleaveLiveSession *session,
     Counts                *counts)
{
  interleave_live_session_start (session);
  g_assert_true (interleave_live_session_get_busy (session));
  while (counts->finished == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_all_gone (GArray *pids)
{
  g_assert_cmpuint (pids->len, >=, 1);
  for (guint i = 0; i < pids->len; i++)
    g_assert_false (interleave_proc_is_alive (g_array_index (pids, gint64, i)));
}

static void
closed_loop_options (InterleaveLoadOptions *options,
                     gint64                 duration_ns)
{
  interleave_load_options_init (options);
  options->kind = INTERLEAVE_LOAD_CLOSED;
  options->clients = 4;
  options->duration_ns = duration_ns;
}

static void
test_session_runs_and_stops_the_server (void)
{
  g_autoptr(InterleaveLiveSession) session = NULL;
  g_autoptr(GArray) pids = NULL;
  InterleaveLoadOptions options;
  InterleaveMeasurement *measurement;
  const InterleaveTrace *trace;
  Counts counts = { 0 };
  gint64 pid;

  closed_loop_options (&options, 1 * G_TIME_SPAN_SECOND * 1000);
  session = new_session ("python:threaded", "io:5", &options, &counts);
  interleave_live_session_set_name (session, "Python threads");
  g_assert_cmpstr (interleave_live_session_get_plan (session), ==, "io:5");

  run (session, &counts);

  g_assert_no_error (counts.error);
  g_assert_null (interleave_live_session_get_error (session));
  g_assert_cmpuint (counts.started, ==, 1);
  g_assert_cmpuint (counts.finished, ==, 1);
  g_assert_cmpuint (counts.deltas, >=, 3);
  g_assert_cmpuint (counts.progress, >=, 1);

  measurement = interleave_live_session_get_measurement (session);
  trace = interleave_measurement_get_trace (measurement);
  g_assert_cmpstr (trace->name, ==, "Python threads");
  g_assert_cmpuint (interleave_measurement_get_counts (measurement)->completed, >, 0);
  g_assert_cmpuint (trace->lanes->len, >, 0);

  /* The lanes are the real server's process and threads. */
  pid = interleave_live_session_get_server_pid (session);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (((InterleaveProcess *) g_ptr_array_index (trace->processes, 0))->pid, ==, pid);

  pids = interleave_live_session_dup_server_pids (session);
  assert_all_gone (pids);
}

static void
test_session_stop_keeps_results (void)
{
  g_autoptr(InterleaveLiveSession) session = NULL;
  g_autoptr(GArray) pids = NULL;
  InterleaveLoadOptions options;
  InterleaveMeasurement *measurement;
  Counts counts = { .stop_on_delta = TRUE };

  closed_loop_options (&options, 60 * G_TIME_SPAN_SECOND * 1000);
  session = new_session ("python:prefork:2", "io:5", &options, &counts);
  run (session, &counts);

  /* Stopping is not a failure, and what was measured stays. */
  g_assert_no_error (counts.error);
  measurement = interleave_live_session_get_measurement (session);
  g_assert_cmpint (interleave_measurement_get_elapsed (measurement), <, 30 * G_TIME_SPAN_SECOND * 1000);
  g_assert_cmpuint (interleave_measurement_get_counts (measurement)->completed, >, 0);

  /* The primary and both workers are gone. */
  pids = interleave_live_session_dup_server_pids (session);
  g_assert_cmpuint (pids->len, >=, 3);
  assert_all_gone (pids);
}

static void
test_session_stop_while_starting (void)
{
  g_autoptr(InterleaveLiveSession) session = NULL;
  g_autoptr(GArray) pids = NULL;
  InterleaveLoadOptions options;
  Counts counts = { 0 };

  closed_loop_options (&options, 60 * G_TIME_SPAN_SECOND * 1000);
  session = new_session ("python:threaded", "io:5", &options, &counts);
  interleave_live_session_start (session);
  g_assert_cmpuint (interleave_live_session_get_state (session), ==, INTERLEAVE_LIVE_SESSION_STARTING);
  interleave_live_session_stop (session);
  while (counts.finished == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (counts.error);
  g_assert_cmpuint (counts.deltas, ==, 0);
  pids = interleave_live_session_dup_server_pids (session);
  for (guint i = 0; i < pids->len; i++)
    g_assert_false (interleave_proc_is_alive (g_array_index (pids, gint64, i)));
}

static void
test_session_missing_runtime (void)
{
  g_autoptr(InterleaveLiveSession) session = NULL;
  InterleaveLoadOptions options;
  Counts counts = { 0 };

  closed_loop_options (&options, 1 * G_TIME_SPAN_SECOND * 1000);
  session = new_session ("python:threaded", "io:5", &options, &counts);
  interleave_live_session_set_python_path (session, "/nonexistent/python3");
  run (session, &counts);

  g_assert_error (counts.error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_RUNTIME_MISSING);
  g_assert_nonnull (interleave_live_session_get_error (session));
  g_assert_cmpuint (counts.started, ==, 0);
  g_assert_null (interleave_live_session_get_measurement (session));
}

static void
test_session_refused (void)
{
  g_autoptr(InterleaveLiveSession) session = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  InterleaveLoadOptions options;
  Counts counts = { 0 };

  /* A port that is bound but never listened on refuses connections. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  closed_loop_options (&options, 10 * G_TIME_SPAN_SECOND * 1000);
  session = new_session (url, "", &options, &counts);
  run (session, &counts);

  g_assert_error (counts.error, INTERLEAVE_MEASUREMENT_ERROR, INTERLEAVE_MEASUREMENT_ERROR_REFUSED);
  g_assert_cmpint (interleave_live_session_get_server_pid (session), ==, -1);
}

static void
test_session_bad_input (void)
{
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(InterleaveServerPreset) remote = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveLoadOptions options;
  InterleaveLiveSession *session;

  closed_loop_options (&options, G_TIME_SPAN_SECOND * 1000);
  preset = interleave_server_preset_parse ("node:eventloop", &error);
  g_assert_no_error (error);

  session = interleave_live_session_new (preset, "cpu:5,,io:3", &options, &error);
  g_assert_null (session);
  g_assert_error (error, INTERLEAVE_PLAN_ERROR, INTERLEAVE_PLAN_ERROR_SYNTAX);
  g_clear_error (&error);

  options.clients = 0;
  session = interleave_live_session_new (preset, "io:5", &options, &error);
  g_assert_null (session);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A host elsewhere needs an explicit yes. */
  closed_loop_options (&options, G_TIME_SPAN_SECOND * 1000);
  remote = interleave_server_preset_parse ("http://192.0.2.1:8080", &error);
  g_assert_no_error (error);
  session = interleave_live_session_new (remote, "io:5", &options, &error);
  g_assert_null (session);
  g_assert_error (error, INTERLEAVE_TARGET_ERROR, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);

  options.allow_remote = TRUE;
  session = interleave_live_session_new (remote, "io:5", &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_object_unref (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live-session/runs-and-stops-the-server", test_session_runs_and_stops_the_server);
  g_test_add_func ("/live-session/stop-keeps-results", test_session_stop_keeps_results);
  g_test_add_func ("/live-session/stop-while-starting", test_session_stop_while_starting);
  g_test_add_func ("/live-session/missing-runtime", test_session_missing_runtime);
  g_test_add_func ("/live-session/refused", test_session_refused);
  g_test_add_func ("/live-session/bad-input", test_session_bad_input);

  return g_test_run ();
}
