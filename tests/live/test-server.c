/* test-server.c
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

/* The launcher against a stand-in server that misbehaves on purpose
 * (tests/live/data/fake-server.py, run by the real python3). */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "interleave-proc-stat.h"
#include "interleave-server.h"

typedef struct
{
  char *datadir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;

  fixture->datadir = g_dir_make_tmp ("interleave-test-server-XXXXXX", &error);
  g_assert_no_error (error);

  dir = g_build_filename (fixture->datadir, "servers", "python", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "live", "data", "fake-server.py", NULL),
                       &contents, NULL, &error);
  g_assert_no_error (error);
  script = g_build_filename (dir, "server.py", NULL);
  g_file_set_contents (script, contents, -1, &error);
  g_assert_no_error (error);

  g_setenv ("INTERLEAVE_DATADIR", fixture->datadir, TRUE);
  g_setenv ("FAKE_SERVER", data ? data : "good", TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *script = g_build_filename (fixture->datadir, "servers", "python", "server.py", NULL);
  g_autofree char *python = g_build_filename (fixture->datadir, "servers", "python", NULL);
  g_autofree char *servers = g_build_filename (fixture->datadir, "servers", NULL);

  g_remove (script);
  g_rmdir (python);
  g_rmdir (servers);
  g_rmdir (fixture->datadir);
  g_free (fixture->datadir);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
start_server (InterleaveServer  *server,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  interleave_server_start_async (server, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return interleave_server_start_finish (server, result, error);
}

static void
stop_server (InterleaveServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  interleave_server_stop_async (server, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (interleave_server_stop_finish (server, result, &error));
  g_assert_no_error (error);
}

static InterleaveServer *
new_server (const char *text)
{
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(GError) error = NULL;

  preset = interleave_server_preset_parse (text, &error);
  g_assert_no_error (error);

  return interleave_server_new (preset);
}

static void
assert_all_gone (GArray *pids)
{
  g_assert_cmpuint (pids->len, >=, 1);
  for (guint i = 0; i < pids->len; i++)
    g_assert_false (interleave_proc_is_alive (g_array_index (pids, gint64, i)));
}

static void
test_server_good (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(InterleaveServer) server = new_server ("python:threaded");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = NULL;
  g_autofree char *url = NULL;
  JsonObject *info;

  g_assert_true (start_server (server, &error));
  g_assert_no_error (error);
  g_assert_true (interleave_server_get_running (server));
  g_assert_cmpuint (interleave_server_get_port (server), >, 0);
  g_assert_true (interleave_proc_is_alive (interleave_server_get_pid (server)));

  url = interleave_server_dup_url (server);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));

  info = interleave_server_get_info (server);
  g_assert_nonnull (info);
  g_assert_cmpstr (json_object_get_string_member (info, "runtime"), ==, "python");
  g_assert_cmpint (json_object_get_int_member (info, "pid"), ==, interleave_server_get_pid (server));

  pids = interleave_server_list_pids (server);
  stop_server (server);
  g_assert_false (interleave_server_get_running (server));
  assert_all_gone (pids);
  g_assert_cmpstr (interleave_server_get_exit_description (server), ==, "exited with status 0");
}

static void
test_server_early_exit (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(InterleaveServer) server = new_server ("python:threaded");
  g_autoptr(GError) error = NULL;

  g_assert_false (start_server (server, &error));
  g_assert_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_EARLY_EXIT);
  g_test_message ("%s", error->message);
  /* What happened, and the server's own words. */
  g_assert_nonnull (strstr (error->message, "status 3"));
  g_assert_nonnull (strstr (error->message, "address already in use"));
  g_assert_false (interleave_server_get_running (server));
}

static void
test_server_timeout (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(InterleaveServer) server = new_server ("python:threaded");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = NULL;

  /* Long enough for python3 to start and say why it is slow even in an
   * ASan build on a busy machine (the fake then sleeps for a minute). */
  interleave_server_set_ready_timeout (server, 3000);
  g_assert_false (start_server (server, &error));
  g_assert_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_TIMEOUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "starting slowly"));

  /* A server that never became ready is not left running. */
  pids = interleave_server_list_pids (server);
  stop_server (server);
  assert_all_gone (pids);
}

static void
test_server_bad_port (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(InterleaveServer) server = new_server ("python:threaded");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = NULL;

  g_assert_false (start_server (server, &error));
  g_assert_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_BAD_READY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "70000"));

  pids = interleave_server_list_pids (server);
  stop_server (server);
  assert_all_gone (pids);
}

static void
test_server_bad_info (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(InterleaveServer) server = new_server ("python:threaded");
  g_autoptr(GError) error = NULL;

  g_assert_false (start_server (server, &error));
  g_assert_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_INFO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "500"));
  stop_server (server);
}

/* A server that ignores the closed stdin is terminated. */
static void
test_server_stubborn (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(InterleaveServer) server = new_server ("python:threaded");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = NULL;

  g_assert_true (start_server (server, &error));
  g_assert_no_error (error);

  pids = interleave_server_list_pids (server);
  stop_server (server);
  assert_all_gone (pids);
  g_assert_nonnull (strstr (interleave_server_get_exit_description (server), "signal"));
}

static void
count_exited (InterleaveServer *server,
              guint            *count)
{
  (*count)++;
}

/* A crash after ready is reported by the exited signal. */
static void
test_server_crash (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(InterleaveServer) server = new_server ("python:threaded");
  g_autoptr(GError) error = NULL;
  guint exited = 0;

  g_assert_true (start_server (server, &error));
  g_signal_connect (server, "exited", G_CALLBACK (count_exited), &exited);

  kill ((pid_t) interleave_server_get_pid (server), SIGKILL);
  while (exited == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (exited, ==, 1);
  g_assert_false (interleave_server_get_running (server));
  g_test_message ("%s", interleave_server_get_exit_description (server));
  g_assert_nonnull (strstr (interleave_server_get_exit_description (server), "signal 9"));
  stop_server (server);
}

static void
test_server_missing_runtime (void)
{
  static const struct {
    const char *preset;
    const char *program;
  } cases[] = {
    { "node:eventloop", "“node”" },
    { "node:cluster:2", "“node”" },
    { "python:threaded", "“python3”" },
    { "python:asyncio", "“python3”" },
  };
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));

  g_setenv ("PATH", "/nonexistent-interleave-test", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InterleaveServer) server = new_server (cases[i].preset);
      g_autoptr(GError) error = NULL;

      g_assert_false (start_server (server, &error));
      g_assert_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_RUNTIME_MISSING);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].program));
      g_assert_nonnull (strstr (error->message, "PATH"));
    }

  g_setenv ("PATH", saved_path, TRUE);

  /* A configured path that is not a program is named in the error. */
  {
    g_autoptr(InterleaveServer) server = new_server ("node:eventloop");
    g_autoptr(GError) error = NULL;

    interleave_server_set_node_path (server, "/nonexistent/bin/node");
    g_assert_cmpstr (interleave_server_get_node_path (server), ==, "/nonexistent/bin/node");
    g_assert_false (start_server (server, &error));
    g_assert_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_RUNTIME_MISSING);
    g_assert_nonnull (strstr (error->message, "/nonexistent/bin/node"));
  }
}

static void
test_server_url_not_launchable (void)
{
  g_autoptr(InterleaveServer) server = new_server ("http://127.0.0.1:1/");
  g_autoptr(GError) error = NULL;

  g_assert_false (start_server (server, &error));
  g_assert_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_NOT_LAUNCHABLE);
}

static void
test_server_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(InterleaveServer) server = new_server ("python:threaded");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = NULL;

  interleave_server_start_async (server, cancellable, store_result, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (interleave_server_start_finish (server, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  pids = interleave_server_list_pids (server);
  stop_server (server);
  assert_all_gone (pids);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, how, func) \
  g_test_add (path, Fixture, how, fixture_set_up, func, fixture_tear_down)

  ADD ("/server/good", "good", test_server_good);
  ADD ("/server/early-exit", "early-exit", test_server_early_exit);
  ADD ("/server/timeout", "silent", test_server_timeout);
  ADD ("/server/bad-port", "bad-port", test_server_bad_port);
  ADD ("/server/bad-info", "bad-info", test_server_bad_info);
  ADD ("/server/stubborn", "stubborn", test_server_stubborn);
  ADD ("/server/crash", "good", test_server_crash);
  ADD ("/server/cancel", "silent", test_server_cancel);
  g_test_add_func ("/server/missing-runtime", test_server_missing_runtime);
  g_test_add_func ("/server/url", test_server_url_not_launchable);

#undef ADD

  return g_test_run ();
}
