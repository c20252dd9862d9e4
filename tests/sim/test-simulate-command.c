/* test-simulate-command.c
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

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* `interleave simulate`, run as a teacher would: the real binary, no
 * display, real files. */

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
run (Result             *result,
     const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("INTERLEAVE_BIN");

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "simulate");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static char *
scenario_path (const char *name)
{
  return g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "data", "scenarios", name, NULL);
}

static char *
tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("interleave-simulate-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Every shipped scenario simulates headless and writes the summary. */
static void
test_shipped_scenarios (void)
{
  g_autofree char *dir = scenario_path (NULL);
  g_autofree char *out_dir = tmp_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *json = g_build_filename (out_dir, "summary.json", NULL);
      g_autoptr(JsonNode) root = NULL;
      g_auto(Result) r = { 0 };
      JsonArray *archs;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      run (&r, (const char *[]) { path, "--summary", "--json", json, NULL });
      g_test_message ("%s:\n%s", name, r.out);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.err, ==, "");

      root = load_json (json);
      archs = json_object_get_array_member (json_node_get_object (root), "architectures");
      g_assert_cmpuint (json_array_get_length (archs), >=, 1);
      for (guint i = 0; i < json_array_get_length (archs); i++)
        {
          JsonObject *a = json_array_get_object_element (archs, i);

          /* Every architecture's name is in the printed table. */
          g_assert_nonnull (strstr (r.out, json_object_get_string_member (a, "name")));
          g_assert_cmpint (json_object_get_int_member (a, "completed"), >, 100);
          g_assert_true (json_object_has_member (json_object_get_object_member (a, "latency_ms"), "p99"));
        }
      n++;
    }

  g_assert_cmpuint (n, >=, 14);
  remove_dir (out_dir);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Same scenario, same seed: byte-identical CSV. Another seed: not. */
static void
test_deterministic_csv (void)
{
  g_autofree char *scenario = scenario_path ("myth-realtime.json");
  g_autofree char *dir = tmp_dir ();
  g_autofree char *a = g_build_filename (dir, "a.csv", NULL);
  g_autofree char *b = g_build_filename (dir, "b.csv", NULL);
  g_autofree char *c = g_build_filename (dir, "c.csv", NULL);
  g_autofree char *sa = g_build_filename (dir, "sa.csv", NULL);
  g_autofree char *sb = g_build_filename (dir, "sb.csv", NULL);
  g_autofree char *ca = NULL, *cb = NULL, *cc = NULL, *csa = NULL, *csb = NULL;
  g_auto(Result) r1 = { 0 };
  g_auto(Result) r2 = { 0 };
  g_auto(Result) r3 = { 0 };

  run (&r1, (const char *[]) { scenario, "--duration", "3s", "--csv", a, "--series-csv", sa, NULL });
  run (&r2, (const char *[]) { scenario, "--duration", "3s", "--csv", b, "--series-csv", sb, NULL });
  run (&r3, (const char *[]) { scenario, "--duration", "3s", "--seed", "2", "--csv", c, NULL });
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_cmpint (r3.status, ==, 0);

  ca = read_file (a);
  cb = read_file (b);
  cc = read_file (c);
  csa = read_file (sa);
  csb = read_file (sb);
  g_test_message ("%" G_GSIZE_FORMAT " bytes of request CSV, %" G_GSIZE_FORMAT " of series", strlen (ca), strlen (csa));
  g_assert_true (g_str_has_prefix (ca, "architecture,request,class,worker,status,"));
  g_assert_true (g_str_has_prefix (csa, "architecture,window_start_ms,window_ms,throughput_per_s,"));
  g_assert_cmpuint (strlen (ca), >, 100000);
  g_assert_cmpstr (ca, ==, cb);
  g_assert_cmpstr (csa, ==, csb);
  g_assert_cmpstr (ca, !=, cc);
  /* Four architectures, 30 windows each (3 s of 100 ms), plus the header. */
  {
    g_auto(GStrv) lines = g_strsplit (csa, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 4 * 30 + 1);
  }

  remove_dir (dir);
}

/* --trace writes Chrome Trace Event JSON. */
static void
test_trace (void)
{
  g_autofree char *scenario = scenario_path ("myth-convoy.json");
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_auto(Result) r = { 0 };
  JsonArray *events;
  guint slices = 0, gil_waits = 0, names = 0;

  run (&r, (const char *[]) { scenario, "--duration", "1s", "--trace", path, NULL });
  g_assert_cmpint (r.status, ==, 0);

  root = load_json (path);
  events = json_object_get_array_member (json_node_get_object (root), "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (e, "ph");

      if (g_str_equal (ph, "X"))
        {
          slices++;
          g_assert_true (json_object_has_member (e, "ts"));
          g_assert_true (json_object_has_member (e, "dur"));
          if (g_str_equal (json_object_get_string_member (e, "name"), "gil-wait"))
            {
              gil_waits++;
              g_assert_true (json_object_has_member (json_object_get_object_member (e, "args"), "cause"));
            }
        }
      else if (g_str_equal (ph, "M"))
        names++;
    }
  g_test_message ("%u slices, %u gil-wait, %u metadata", slices, gil_waits, names);
  g_assert_cmpuint (slices, >, 500);
  g_assert_cmpuint (gil_waits, >, 50);
  g_assert_cmpuint (names, >, 10);

  remove_dir (dir);
}

static void
test_usage_errors (void)
{
  g_autofree char *scenario = scenario_path ("node.json");
  static const struct { const char *args[4]; const char *message; } cases[] = {
    { { NULL }, "missing the scenario file" },
    { { "--frobnicate", NULL }, "--frobnicate" },
    { { "SCENARIO", "--duration", "forever" }, "--duration: expected a time from 1ms to 1h, such as 10s, got “forever”" },
    { { "SCENARIO", "--duration", "2h" }, "--duration: expected a time from 1ms to 1h" },
    { { "SCENARIO", "--seed", "-3" }, "--seed: expected a whole number" },
    { { "SCENARIO", "--architecture", "Ruby" }, "--architecture: the scenario has no architecture “Ruby”" },
    { { "SCENARIO", "extra.json", NULL }, "unexpected argument “extra.json”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[5] = { NULL };
      g_auto(Result) r = { 0 };

      for (guint k = 0; k < 4 && cases[i].args[k] != NULL; k++)
        args[k] = g_str_equal (cases[i].args[k], "SCENARIO") ? scenario : cases[i].args[k];
      run (&r, args);
      g_test_message ("%s", r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      g_assert_true (g_str_has_prefix (r.err, "interleave simulate: "));
    }
}

static void
test_bad_scenario (void)
{
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_auto(Result) r = { 0 };
  g_auto(Result) missing = { 0 };

  g_assert_true (g_file_set_contents (path, "{ \"machine\": { \"cores\": -2 } }", -1, NULL));
  run (&r, (const char *[]) { path, NULL });
  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "broken.json:1:"));
  g_assert_nonnull (strstr (r.err, "machine.cores: expected a whole number from 1 to 256, got -2"));
  g_assert_cmpstr (r.out, ==, "");

  run (&missing, (const char *[]) { "/nonexistent/lesson.json", NULL });
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "Could not read “/nonexistent/lesson.json”"));

  remove_dir (dir);
}

static void
test_unwritable_output (void)
{
  g_autofree char *scenario = scenario_path ("node.json");
  const char *flags[] = { "--json", "--csv", "--series-csv", "--trace" };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_auto(Result) r = { 0 };

      run (&r, (const char *[]) { scenario, "--duration", "100ms", flags[i], "/nonexistent/out", NULL });
      g_test_message ("%s: %s", flags[i], r.err);
      g_assert_cmpint (r.status, ==, 4);
      g_assert_nonnull (strstr (r.err, "/nonexistent/out"));
    }
}

static void
test_options (void)
{
  g_autofree char *scenario = scenario_path ("myth-node-faster.json");
  g_autofree char *dir = tmp_dir ();
  g_autofree char *json = g_build_filename (dir, "s.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_auto(Result) r = { 0 };
  g_auto(Result) bench = { 0 };
  JsonArray *archs;

  run (&r, (const char *[]) { scenario, "--duration", "2s", "-a", "2", "--architecture", "Node.js",
                              "--json", json, NULL });
  g_assert_cmpint (r.status, ==, 0);
  root = load_json (json);
  archs = json_object_get_array_member (json_node_get_object (root), "architectures");
  g_assert_cmpuint (json_array_get_length (archs), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (archs, 0), "name"), ==, "Python threads");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (archs, 1), "name"), ==, "Node.js");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (archs, 0), "duration_s"), ==, 2.0);

  run (&bench, (const char *[]) { scenario, "--bench", NULL });
  g_assert_cmpint (bench.status, ==, 0);
  g_test_message ("%s", bench.out);
  g_assert_nonnull (strstr (bench.out, "M events/s"));
  g_assert_nonnull (strstr (bench.out, "ns/event"));

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/simulate-command/shipped-scenarios", test_shipped_scenarios);
  g_test_add_func ("/simulate-command/deterministic-csv", test_deterministic_csv);
  g_test_add_func ("/simulate-command/trace", test_trace);
  g_test_add_func ("/simulate-command/usage-errors", test_usage_errors);
  g_test_add_func ("/simulate-command/bad-scenario", test_bad_scenario);
  g_test_add_func ("/simulate-command/unwritable-output", test_unwritable_output);
  g_test_add_func ("/simulate-command/options", test_options);

  return g_test_run ();
}
