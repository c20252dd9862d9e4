/* test-measure-faults.c
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

/* Fault injection: the real `interleave measure` and `interleave
 * simulate` against servers that misbehave (the in-test servers of
 * live-fixture.c, on 127.0.0.1), a taken port, a missing runtime, a full
 * disk (/dev/full) and paths that cannot be written. Each must end by
 * itself with a message naming the cause, the documented exit status
 * (docs/measure.md), and what was measured so far printed and written.
 * Every run is bounded by a count or a duration and a request timeout. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "live-fixture.h"

enum { STATUS_OK = 0, STATUS_FAILURE = 1, STATUS_SERVER = 3, STATUS_OUTPUT = 4 };

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
run_interleave (Result             *result,
                const char * const *args,
                const char         *path_env)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("INTERLEAVE_BIN");

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
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
  if (g_str_equal (args[0], "simulate"))
    {
      /* Figures draw text: under LeakSanitizer, the font caches the text
       * stack keeps until exit are not ours (as in tests/render). */
      g_autofree char *supp = g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "tests", "render", "lsan.supp", NULL);
      g_autofree char *lsan = g_strdup_printf ("print_suppressions=0:suppressions=%s", supp);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0", TRUE);
      g_subprocess_launcher_setenv (launcher, "LSAN_OPTIONS", lsan, TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_test_message ("exit %d\n%s%s",
                  g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1,
                  result->out, result->err);
  /* Never a crash: an exit, with a status. */
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static JsonObject *
load_architecture (JsonParser *parser,
                   const char *path)
{
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_array_get_object_element (json_object_get_array_member (root, "architectures"), 0);
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("“%s” not in:\n%s", (needle), (haystack)); \
  } G_STMT_END

/* A misbehaving server: exit 3, the summary printed, the cause named,
 * the JSON written. */
static void
measure_misbehaving (FixtureMode         mode,
                     const char * const *extra,
                     Result             *r,
                     JsonParser         *parser,
                     JsonObject        **arch)
{
  g_autoptr(FixtureServer) fixture = fixture_server_new (mode);
  g_autofree char *url = fixture_server_dup_url (fixture);
  g_autofree char *dir = g_dir_make_tmp ("interleave-faults-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "partial.json", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) "measure");
  g_ptr_array_add (args, (gpointer) "--server");
  g_ptr_array_add (args, url);
  g_ptr_array_add (args, (gpointer) "--json");
  g_ptr_array_add (args, json);
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);

  run_interleave (r, (const char * const *) args->pdata, NULL);

  assert_contains (r->out, "Requests");
  assert_contains (r->out, "Errors");
  *arch = load_architecture (parser, json);

  g_remove (json);
  g_rmdir (dir);
}

/* Accepts the connection, never reads: each request fails at its timeout. */
static void
test_no_read (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *arch;

  measure_misbehaving (FIXTURE_NO_READ,
                       (const char *[]) { "--clients", "2", "--requests", "4", "--timeout", "300ms", NULL },
                       &r, parser, &arch);
  g_assert_cmpint (r.status, ==, STATUS_SERVER);
  assert_contains (r.out, "4 × Timed out");
  assert_contains (r.err, "No request got a successful answer (4 × Timed out)");
  g_assert_cmpint (json_object_get_int_member (arch, "completed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (arch, "failed"), ==, 4);
}

/* Same server, a time bound and the default 30 s timeout: the run ends
 * at its duration plus the drain, the rest counted as unfinished. */
static void
test_no_read_duration (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *arch;

  measure_misbehaving (FIXTURE_NO_READ,
                       (const char *[]) { "--clients", "3", "--duration", "500ms", NULL },
                       &r, parser, &arch);
  g_assert_cmpint (r.status, ==, STATUS_SERVER);
  assert_contains (r.out, "3 × Unfinished at the end");
  assert_contains (r.err, "No request got a successful answer");
  g_assert_cmpint (json_object_get_int_member (arch, "completed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (arch, "in_flight"), ==, 3);
}

/* Headers a byte at a time, a body never finished: libsoup's own timeout
 * (for a silent connection) never fires; the request's deadline does. */
static void
test_slow_loris (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *arch;

  measure_misbehaving (FIXTURE_SLOW_LORIS,
                       (const char *[]) { "--clients", "2", "--requests", "4", "--timeout", "1s", NULL },
                       &r, parser, &arch);
  g_assert_cmpint (r.status, ==, STATUS_SERVER);
  assert_contains (r.out, "4 × Timed out");
  assert_contains (r.out, "the first failure: no full answer within 1.0 s");
  assert_contains (r.err, "No request got a successful answer");
  g_assert_cmpint (json_object_get_int_member (arch, "failed"), ==, 4);
}

static void
test_garbage (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *arch;

  measure_misbehaving (FIXTURE_GARBAGE,
                       (const char *[]) { "--clients", "2", "--requests", "20", NULL },
                       &r, parser, &arch);
  g_assert_cmpint (r.status, ==, STATUS_SERVER);
  assert_contains (r.out, "20 × Connection lost");
  /* libsoup's own reason */
  assert_contains (r.out, "the first failure: ");
  assert_contains (r.out, "parse");
  assert_contains (r.err, "No request got a successful answer (20 × Connection lost)");
  g_assert_cmpint (json_object_get_int_member (arch, "failed"), ==, 20);
}

static void
test_http_500 (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *arch;

  measure_misbehaving (FIXTURE_ALWAYS_500,
                       (const char *[]) { "--clients", "2", "--requests", "30", NULL },
                       &r, parser, &arch);
  g_assert_cmpint (r.status, ==, STATUS_SERVER);
  assert_contains (r.out, "30 × Server error (HTTP 5xx)");
  assert_contains (r.out, "the first failure: HTTP 500 Internal Server Error");
  assert_contains (r.err, "No request got a successful answer (30 × Server error (HTTP 5xx))");
  g_assert_cmpint (json_object_get_int_member (arch, "failed"), ==, 30);
}

/* Some answers are errors: a measurement still, exit 0, errors counted. */
static void
test_http_some_503 (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *arch;

  measure_misbehaving (FIXTURE_FAIL_EVERY_3,
                       (const char *[]) { "--clients", "1", "--requests", "30", "--plan", "io:1", NULL },
                       &r, parser, &arch);
  g_assert_cmpint (r.status, ==, STATUS_OK);
  assert_contains (r.out, "10 × Server error (HTTP 5xx)");
  assert_contains (r.out, "the first failure: HTTP 503 Service Unavailable");
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (json_object_get_int_member (arch, "completed"), ==, 20);
}

/* A redirect to another host is not followed: the load stays here. */
static void
test_redirect_not_followed (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *arch;

  measure_misbehaving (FIXTURE_REDIRECT,
                       (const char *[]) { "--clients", "2", "--requests", "10", "--timeout", "2s", NULL },
                       &r, parser, &arch);
  g_assert_cmpint (r.status, ==, STATUS_OK);
  assert_contains (r.out, "Errors      none");
  g_assert_cmpint (json_object_get_int_member (arch, "completed"), ==, 10);
}

/* --port of a port another socket holds: exit 1, the port named. */
static void
test_port_in_use (gconstpointer data)
{
  const char *server = data;
  g_auto(Result) r = { 0 };
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  run_interleave (&r, (const char *[]) { "measure", "--server", server, "--port", port,
                                         "--clients", "1", "--duration", "1s", NULL }, NULL);
  g_assert_cmpint (r.status, ==, STATUS_FAILURE);
  assert_contains (r.err, server);
  assert_contains (r.err, "before it was ready");
  assert_contains (r.err, port);
  g_assert_true (strstr (r.err, "EADDRINUSE") != NULL || strstr (r.err, "in use") != NULL);
  g_assert_null (strstr (r.out, "Throughput"));

  g_socket_close (socket, NULL);
}

static void
test_missing_runtime (gconstpointer data)
{
  const char *server = data;
  const char *program = g_str_has_prefix (server, "node") ? "“node”" : "“python3”";
  const char *option = g_str_has_prefix (server, "node") ? "--node" : "--python";
  g_auto(Result) r = { 0 };

  run_interleave (&r, (const char *[]) { "measure", "--server", server, "--clients", "1",
                                         "--duration", "1s", NULL }, "/nonexistent-interleave-path");
  g_assert_cmpint (r.status, ==, STATUS_FAILURE);
  assert_contains (r.err, program);
  assert_contains (r.err, "PATH");
  assert_contains (r.err, option);
  g_assert_null (strstr (r.out, "Throughput"));
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Every export to a full disk fails with the reason, exit 4, and the
 * summary is still printed. */
static void
test_measure_disk_full (void)
{
  g_autoptr(FixtureServer) fixture = fixture_server_new (FIXTURE_DELAY);
  g_autofree char *url = fixture_server_dup_url (fixture);
  g_auto(Result) r = { 0 };

  run_interleave (&r, (const char *[]) { "measure", "--server", url, "--plan", "io:1",
                                         "--clients", "2", "--requests", "50",
                                         "--json", "/dev/full", "--csv", "/dev/full",
                                         "--series-csv", "/dev/full", "--trace", "/dev/full", NULL }, NULL);
  g_assert_cmpint (r.status, ==, STATUS_OUTPUT);
  assert_contains (r.out, "50 sent, 50 completed");
  assert_contains (r.out, "Throughput");
  g_assert_cmpuint (count (r.err, "“/dev/full”: "), ==, 4);
  g_assert_cmpuint (count (r.err, "No space left on device"), ==, 4);
}

/* A path that cannot be written (root can write anywhere, but not below
 * a regular file or in /proc): the others are still written. */
static void
test_measure_unwritable (void)
{
  g_autoptr(FixtureServer) fixture = fixture_server_new (FIXTURE_DELAY);
  g_autofree char *url = fixture_server_dup_url (fixture);
  g_autofree char *dir = g_dir_make_tmp ("interleave-faults-XXXXXX", NULL);
  g_autofree char *series = g_build_filename (dir, "series.csv", NULL);
  g_auto(Result) r = { 0 };

  run_interleave (&r, (const char *[]) { "measure", "--server", url, "--plan", "io:1",
                                         "--clients", "2", "--requests", "50",
                                         "--json", "/etc/passwd/summary.json", "--csv", "/proc/requests.csv",
                                         "--series-csv", series, NULL }, NULL);
  g_assert_cmpint (r.status, ==, STATUS_OUTPUT);
  assert_contains (r.out, "50 sent, 50 completed");
  assert_contains (r.err, "“/etc/passwd/summary.json”");
  assert_contains (r.err, "Not a directory");
  assert_contains (r.err, "“/proc/requests.csv”");
  g_assert_true (g_file_test (series, G_FILE_TEST_IS_REGULAR));

  g_remove (series);
  g_rmdir (dir);
}

/* The server dies and an export fails: the export's status (4) wins, and
 * both causes are named. */
static void
test_measure_server_dies_disk_full (void)
{
  g_auto(Result) r = { 0 };

  run_interleave (&r, (const char *[]) { "measure", "--server", "http://127.0.0.1:1/", "--clients", "1",
                                         "--duration", "5s", "--json", "/dev/full", NULL }, NULL);
  g_assert_cmpint (r.status, ==, STATUS_OUTPUT);
  assert_contains (r.err, "refused every connection");
  assert_contains (r.err, "No space left on device");
  assert_contains (r.out, "Requests");
}

static void
test_simulate_disk_full (void)
{
  const char *datadir = g_getenv ("INTERLEAVE_DATADIR");
  g_autofree char *scenario = NULL;
  const char *options[] = { "--png", "--svg", "--pdf", "--csv", "--json", "--trace", "--series-csv" };
  const char *unwritable[] = { "/etc/passwd/out.png", "/etc/passwd/out.svg", "/etc/passwd/out.pdf",
                               "/etc/passwd/out.csv", "/etc/passwd/out.json", "/etc/passwd/trace.json",
                               "/etc/passwd/series.csv" };

  g_assert_nonnull (datadir);
  scenario = g_build_filename (datadir, "..", "docs", "examples", "checkout.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_auto(Result) r = { 0 };
      g_auto(Result) u = { 0 };

      run_interleave (&r, (const char *[]) { "simulate", scenario, options[i], "/dev/full", NULL }, NULL);
      g_assert_cmpint (r.status, ==, STATUS_OUTPUT);
      assert_contains (r.err, "/dev/full");
      assert_contains (r.err, "No space left on device");

      run_interleave (&u, (const char *[]) { "simulate", scenario, options[i], unwritable[i], NULL }, NULL);
      g_assert_cmpint (u.status, ==, STATUS_OUTPUT);
      assert_contains (u.err, unwritable[i]);
      assert_contains (u.err, "Not a directory");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/measure-faults/no-read", test_no_read);
  g_test_add_func ("/measure-faults/no-read-duration", test_no_read_duration);
  g_test_add_func ("/measure-faults/slow-loris", test_slow_loris);
  g_test_add_func ("/measure-faults/garbage", test_garbage);
  g_test_add_func ("/measure-faults/http-500", test_http_500);
  g_test_add_func ("/measure-faults/http-some-503", test_http_some_503);
  g_test_add_func ("/measure-faults/redirect-not-followed", test_redirect_not_followed);
  g_test_add_data_func ("/measure-faults/port-in-use/node", "node:eventloop", test_port_in_use);
  g_test_add_data_func ("/measure-faults/port-in-use/python", "python:threaded", test_port_in_use);
  g_test_add_data_func ("/measure-faults/missing-runtime/node", "node:cluster:2", test_missing_runtime);
  g_test_add_data_func ("/measure-faults/missing-runtime/python", "python:asyncio", test_missing_runtime);
  g_test_add_func ("/measure-faults/disk-full", test_measure_disk_full);
  g_test_add_func ("/measure-faults/unwritable", test_measure_unwritable);
  g_test_add_func ("/measure-faults/server-dies-disk-full", test_measure_server_dies_disk_full);
  g_test_add_func ("/measure-faults/simulate-disk-full", test_simulate_disk_full);

  return g_test_run ();
}
