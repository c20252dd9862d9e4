/* test-measure-cli.c
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

/* `interleave measure`, the real binary against the real servers: its
 * output, its exit statuses, and that killing it leaves nothing behind. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "interleave-proc-stat.h"

static GSubprocess *
spawn_interleave (const char * const *args,
                  const char         *path_env)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("INTERLEAVE_BIN");
  GSubprocess *process;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "measure");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  if (path_env != NULL)
    g_subprocess_launcher_setenv (launcher, "PATH", path_env, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
run_measure (Result             *result,
             const char * const *args,
             const char         *path_env)
{
  g_autoptr(GSubprocess) process = spawn_interleave (args, path_env);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

/* Reads stdout until the line starting with @prefix; returns it. */
static char *
read_until (GDataInputStream *in,
            const char       *prefix)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, prefix))
        return line;
      g_free (line);
    }
}

/* SIGKILL the app mid-run: every server process and worker is gone within
 * 2 s, because each exits when its stdin pipe from the app closes. */
static void
test_measure_sigkill (gconstpointer data)
{
  const char *server = data;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GArray) servers = NULL;
  g_autofree char *line = NULL;
  gint64 pid, killed_at, gone_at = 0;

  process = spawn_interleave ((const char *[]) { "--server", server, "--plan", "io:5",
                                                 "--clients", "4", "--duration", "60s", NULL }, NULL);
  pid = g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);

  /* The load line is printed once the server is ready, as the run starts. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = read_until (out, "Load");
  g_usleep (300000);

  servers = interleave_proc_list_descendants (pid);
  g_test_message ("%s: %u server processes under interleave %" G_GINT64_FORMAT,
                  server, servers->len, pid);
  /* The primary and, for cluster and prefork, its 2 workers */
  g_assert_cmpuint (servers->len, >=, strchr (server, '2') != NULL ? 3 : 1);

  kill ((pid_t) pid, SIGKILL);
  killed_at = g_get_monotonic_time ();
  g_subprocess_wait (process, NULL, NULL);

  while (g_get_monotonic_time () - killed_at < 5 * G_USEC_PER_SEC)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < servers->len; i++)
        any |= interleave_proc_is_alive (g_array_index (servers, gint64, i));

      if (!any)
        {
          gone_at = g_get_monotonic_time ();
          break;
        }
      g_usleep (10000);
    }

  /* Whatever happens, leave nothing behind. */
  for (guint i = 0; i < servers->len; i++)
    if (interleave_proc_is_alive (g_array_index (servers, gint64, i)))
      kill ((pid_t) g_array_index (servers, gint64, i), SIGKILL);

  g_assert_cmpint (gone_at, >, 0);
  g_test_message ("all gone %.0f ms after SIGKILL", (gone_at - killed_at) / 1000.0);
  g_assert_cmpint (gone_at - killed_at, <, 2 * G_USEC_PER_SEC);
}

/* The summary a load tool prints, and --json in the simulate shape. */
static void
test_measure_summary_json (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-measure-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "out.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "requests.csv", NULL);
  g_autofree char *series = g_build_filename (dir, "series.csv", NULL);
  g_autofree char *trace = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *csv_text = NULL;
  g_autofree char *series_text = NULL;
  g_auto(GStrv) csv_lines = NULL;
  g_auto(GStrv) series_lines = NULL;
  g_autoptr(JsonParser) trace_parser = json_parser_new ();
  JsonObject *root, *arch, *latency;
  JsonArray *events;
  guint running = 0;

  run_measure (&r, (const char *[]) { "--server", "node:eventloop", "--plan", "cpu:1,io:4",
                                      "--clients", "4", "--duration", "1s", "--json", json,
                                      "--csv", csv, "--series-csv", series, "--trace", trace, NULL }, NULL);
  g_test_message ("%s%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < 7; i++)
    {
      const char *label = ((const char *[]) { "Server", "Load", "Requests", "Throughput",
                                              "Latency", "Errors", "CPU" })[i];
      g_assert_nonnull (strstr (r.out, label));
    }
  g_assert_nonnull (strstr (r.out, "p99.9"));
  g_assert_nonnull (strstr (r.out, "(main)"));

  json_parser_load_from_file (parser, json, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "scenario"));
  arch = json_array_get_object_element (json_object_get_array_member (root, "architectures"), 0);
  g_assert_cmpstr (json_object_get_string_member (arch, "name"), ==, "node:eventloop");
  /* A few hundred on a quiet machine; a busy one (or ASan) may starve
   * the server, and the figures below need only some. */
  g_assert_cmpint (json_object_get_int_member (arch, "completed"), >, 10);
  g_assert_cmpint (json_object_get_int_member (arch, "failed"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (arch, "throughput"), >, 10.0);
  g_assert_cmpfloat (json_object_get_double_member (arch, "cpu_utilisation"), >, 0.0);
  g_assert_true (json_node_is_null (json_object_get_member (arch, "gil_contended")));
  latency = json_object_get_object_member (arch, "latency_ms");
  g_assert_cmpfloat (json_object_get_double_member (latency, "p50"), >=, 5.0);
  g_assert_cmpfloat (json_object_get_double_member (latency, "max"), >=,
                     json_object_get_double_member (latency, "p99"));

  /* The measured trace exports like a simulated one: a CSV row per
   * request, one per 100 ms window, and a Chrome trace with the spans. */
  g_file_get_contents (csv, &csv_text, NULL, &error);
  g_assert_no_error (error);
  csv_lines = g_strsplit (g_strchomp (csv_text), "\n", -1);
  g_assert_true (g_str_has_prefix (csv_lines[0], "architecture,request,"));
  g_assert_cmpuint (g_strv_length (csv_lines) - 1, ==,
                    json_object_get_int_member (arch, "completed") + json_object_get_int_member (arch, "in_flight"));
  g_assert_true (g_str_has_prefix (csv_lines[1], "node:eventloop,0,"));

  g_file_get_contents (series, &series_text, NULL, &error);
  g_assert_no_error (error);
  series_lines = g_strsplit (g_strchomp (series_text), "\n", -1);
  g_assert_true (g_str_has_prefix (series_lines[0], "architecture,window_start_ms,"));
  g_assert_cmpuint (g_strv_length (series_lines) - 1, >=, 9);

  json_parser_load_from_file (trace_parser, trace, &error);
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (trace_parser)), "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "ph", ""), "X") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (event, "name", ""), "running") == 0)
        running++;
    }
  /* One cpu span per completed request, on the event loop. */
  g_assert_cmpuint (running, ==, json_object_get_int_member (arch, "completed"));

  g_remove (json);
  g_remove (csv);
  g_remove (series);
  g_remove (trace);
  g_rmdir (dir);
}

/* The server dies mid-run: exit status 3, the partial results printed and
 * written, the cause named. */
static void
test_measure_server_dies (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *dir = g_dir_make_tmp ("interleave-measure-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "partial.json", NULL);
  g_autofree char *server_line = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *err = NULL;
  const char *pid_text;
  JsonObject *arch;
  gint64 server_pid;

  process = spawn_interleave ((const char *[]) { "--server", "python:threaded", "--plan", "io:5",
                                                 "--clients", "2", "--duration", "60s",
                                                 "--json", json, NULL }, NULL);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  server_line = read_until (out, "Server");
  pid_text = strstr (server_line, "pid ");
  g_assert_nonnull (pid_text);
  server_pid = g_ascii_strtoll (pid_text + 4, NULL, 10);
  g_assert_cmpint (server_pid, >, 0);

  g_free (read_until (out, "Load"));
  g_usleep (500000);
  kill ((pid_t) server_pid, SIGKILL);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &rest, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", rest, err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 3);
  g_assert_nonnull (strstr (rest, "Throughput"));
  g_assert_nonnull (strstr (err, "signal 9"));
  g_assert_nonnull (strstr (err, "python:threaded"));

  json_parser_load_from_file (parser, json, &error);
  g_assert_no_error (error);
  arch = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                      "architectures"), 0);
  g_assert_cmpint (json_object_get_int_member (arch, "completed"), >, 10);

  g_remove (json);
  g_rmdir (dir);
}

/* The timeline cap bounds what --csv writes; the run still counts all. */
static void
test_measure_max_timeline (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-measure-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "requests.csv", NULL);
  g_autofree char *csv_text = NULL;
  g_auto(GStrv) lines = NULL;

  run_measure (&r, (const char *[]) { "--server", "node:eventloop", "--plan", "io:1", "--clients", "4",
                                      "--requests", "120", "--max-timeline", "30", "--max-records", "10",
                                      "--csv", csv, NULL }, NULL);
  g_test_message ("%s%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "120 sent, 120 completed"));

  g_file_get_contents (csv, &csv_text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (g_strchomp (csv_text), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines) - 1, ==, 30);
  g_assert_true (g_str_has_prefix (lines[30], "node:eventloop,29,"));

  g_remove (csv);
  g_rmdir (dir);
}

static void
test_measure_missing_runtime (void)
{
  g_auto(Result) r = { 0 };

  run_measure (&r, (const char *[]) { "--server", "node:eventloop", "--clients", "1",
                                      "--duration", "1s", NULL }, "/nonexistent-interleave-path");
  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "“node”"));
  g_assert_nonnull (strstr (r.err, "PATH"));
  g_assert_nonnull (strstr (r.err, "--node"));
  g_assert_null (strstr (r.out, "Throughput"));
}

static void
test_measure_usage (void)
{
  static const struct {
    const char *args[12];
    const char *in_err;
  } cases[] = {
    { { "--plan", "io:1", "--clients", "1", "--duration", "1s" }, "--server" },
    { { "--server", "node:eventloop", "--duration", "1s" }, "--rate" },
    { { "--server", "node:eventloop", "--rate", "5", "--clients", "2", "--duration", "1s" }, "--clients" },
    { { "--server", "node:eventloop", "--clients", "2" }, "--duration" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "ten" }, "“ten”" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "1s", "--plan", "cpu:5,gpu:1" }, "position 7" },
    { { "--server", "node:loop", "--clients", "2", "--duration", "1s" }, "node:eventloop" },
    { { "--server", "http://example.org/", "--clients", "2", "--duration", "1s" }, "--allow-remote" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "1s", "--think", "1s", "--poisson" }, "--poisson" },
    { { "--server", "node:eventloop", "--rate", "5", "--duration", "1s", "--think", "1s" }, "--think" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "1s", "extra" }, "“extra”" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "1s", "--max-records", "0" }, "--max-records" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "1s", "--max-timeline", "-5" }, "--max-timeline" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "1s", "--port", "70000" }, "--port" },
    { { "--server", "http://127.0.0.1:9/", "--clients", "2", "--duration", "1s", "--port", "8080" }, "--port" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "1s", "--timeout", "soon" }, "“soon”" },
    { { "--server", "node:eventloop", "--clients", "2", "--duration", "1s", "--timeout", "0" }, "“0”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = { 0 };

      run_measure (&r, cases[i].args, NULL);
      g_test_message ("%s", r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, cases[i].in_err));
      g_assert_nonnull (strstr (r.err, "interleave measure"));
      g_assert_cmpstr (r.out, ==, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/measure-cli/sigkill/node-eventloop", "node:eventloop", test_measure_sigkill);
  g_test_add_data_func ("/measure-cli/sigkill/node-cluster", "node:cluster:2", test_measure_sigkill);
  g_test_add_data_func ("/measure-cli/sigkill/python-threaded", "python:threaded", test_measure_sigkill);
  g_test_add_data_func ("/measure-cli/sigkill/python-prefork", "python:prefork:2", test_measure_sigkill);
  g_test_add_data_func ("/measure-cli/sigkill/python-asyncio", "python:asyncio", test_measure_sigkill);
  g_test_add_func ("/measure-cli/summary-json", test_measure_summary_json);
  g_test_add_func ("/measure-cli/server-dies", test_measure_server_dies);
  g_test_add_func ("/measure-cli/missing-runtime", test_measure_missing_runtime);
  g_test_add_func ("/measure-cli/max-timeline", test_measure_max_timeline);
  g_test_add_func ("/measure-cli/usage", test_measure_usage);

  return g_test_run ();
}
