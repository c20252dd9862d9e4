/* test-fidelity-cli.c
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
#include <math.h>
#include <string.h>

#include "interleave-calibration.h"
#include "interleave-fidelity-matrix.h"

/* `interleave compare` and `interleave calibrate`, the real binary on the
 * real servers. /fidelity/compare-quick is the fidelity check CI runs:
 * every cell of the quick matrix within its tolerances, calibration
 * measured in the same run. Each case has its own XDG_DATA_HOME. */

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

static char *data_home;

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
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static JsonNode *
read_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static double
member_double (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node);
}

static void
test_compare_quick (void)
{
  g_autofree char *json = g_build_filename (data_home, "quick.json", NULL);
  g_autofree char *markdown = g_build_filename (data_home, "quick.md", NULL);
  g_autoptr(InterleaveFidelityMatrix) matrix = interleave_fidelity_matrix_new_named ("quick");
  g_autoptr(JsonNode) root = NULL;
  g_auto(Result) r = { 0 };
  JsonObject *report;
  JsonArray *cells;
  guint misses = 0, disturbed = 0, failed = 0, failed_disturbed = 0;

  run (&r, (const char *[]) { "compare", "--matrix", "quick", "--json", json, "--markdown", markdown, NULL });
  /* On stderr, so that a failure's log shows the table and the progress. */
  g_printerr ("%s\n%s\n", r.out, r.err);

  root = read_json (json);
  report = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (report, "calibration"), ==, "fresh");
  g_assert_cmpint (json_object_get_int_member (report, "cells_total"), ==, matrix->n_cells);
  cells = json_object_get_array_member (report, "cells");
  g_assert_cmpuint (json_array_get_length (cells), ==, matrix->n_cells);

  for (guint i = 0; i < matrix->n_cells; i++)
    {
      JsonObject *cell = json_array_get_object_element (cells, i);
      JsonObject *measured, *simulated;
      double te, pe, background;

      g_assert_cmpstr (json_object_get_string_member (cell, "server"), ==, matrix->cells[i].server);
      g_assert_cmpstr (json_object_get_string_member (cell, "plan"), ==, matrix->cells[i].plan);

      /* A cell that could not run (its server's calibration failed)
       * says why, and how busy the machine was. */
      if (!json_object_get_boolean_member (cell, "done"))
        {
          background = MAX (member_double (cell, "background_cores"), member_double (cell, "calibration_background_cores"));
          g_assert_nonnull (json_object_get_string_member (cell, "error"));
          g_test_message ("cell %u did not run: %s (other programs took %.2f cores)",
                          i, json_object_get_string_member (cell, "error"), background);
          failed++;
          if (background > matrix->max_background)
            failed_disturbed++;
          continue;
        }
      g_assert_true (json_object_get_boolean_member (cell, "done"));
      g_assert_nonnull (json_object_get_object_member (cell, "calibration"));

      measured = json_object_get_object_member (cell, "measured");
      simulated = json_object_get_object_member (cell, "simulated");
      g_assert_cmpint (json_object_get_int_member (measured, "completed"), >, 50);
      g_assert_cmpint (json_object_get_int_member (simulated, "completed"), >, 50);

      /* The errors are what the figures say, as fractions. */
      te = member_double (cell, "throughput_error");
      pe = member_double (cell, "p50_error");
      g_assert_cmpfloat_with_epsilon (te, (member_double (simulated, "throughput") - member_double (measured, "throughput"))
                                          / member_double (measured, "throughput"), 1e-9);
      g_assert_cmpfloat_with_epsilon (pe, (member_double (simulated, "p50_ms") - member_double (measured, "p50_ms"))
                                          / member_double (measured, "p50_ms"), 1e-9);
      g_assert_true (isfinite (member_double (cell, "p99_error")));

      if (fabs (te) <= matrix->tolerance_throughput && fabs (pe) <= matrix->tolerance_p50)
        {
          g_assert_true (json_object_get_boolean_member (cell, "pass"));
          continue;
        }

      g_assert_false (json_object_get_boolean_member (cell, "pass"));
      background = MAX (member_double (cell, "background_cores"), member_double (cell, "calibration_background_cores"));
      g_test_message ("cell %u misses: throughput %+.1f %%, p50 %+.1f %%, other programs took %.2f cores",
                      i, te * 100, pe * 100, background);
      misses++;
      if (background > matrix->max_background)
        disturbed++;
    }

  g_assert_cmpint (json_object_get_int_member (report, "cells_failed_to_run"), ==, failed);

  /* A cell the other programs of this machine kept disturbing, however
   * often it was measured (or its server calibrated) again, says nothing
   * about the simulator. */
  if ((misses > 0 || failed > 0) && misses == disturbed && failed == failed_disturbed)
    {
      g_test_skip ("other programs kept this machine's cores busy during every attempt");
      return;
    }

  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (misses, ==, 0);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "cells within ±10 % throughput and ±15 % p50"));

  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (markdown, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "| Server | Plan | Load |"));
  }

  g_remove (json);
  g_remove (markdown);
}

static void
test_compare_usage (void)
{
  g_autofree char *path = g_build_filename (data_home, "broken-matrix.json", NULL);

  {
    g_auto(Result) r = { 0 };

    run (&r, (const char *[]) { "compare", NULL });
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--matrix is required"));
  }
  {
    g_auto(Result) r = { 0 };

    run (&r, (const char *[]) { "compare", "--matrix", "quick", "--calibration", "stale", NULL });
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--calibration: expected fresh, profile or none, got “stale”"));
  }
  {
    g_auto(Result) r = { 0 };

    g_assert_true (g_file_set_contents (path, "{ \"cells\": [ { \"server\": \"node:eventloop\" } ] }", -1, NULL));
    run (&r, (const char *[]) { "compare", "--matrix", path, NULL });
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, path));
    g_assert_nonnull (strstr (r.err, "cells[0]: missing member “plan”"));
    g_assert_cmpstr (r.out, ==, "");
    g_remove (path);
  }
  {
    g_auto(Result) r = { 0 };

    run (&r, (const char *[]) { "compare", "--matrix", "/nonexistent/m.json", NULL });
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "/nonexistent/m.json"));
  }
  /* The built-in matrices, printed, are valid matrix files. */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "default" : "quick";
      g_auto(Result) r = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveFidelityMatrix) printed = NULL;
      g_autoptr(InterleaveFidelityMatrix) builtin = interleave_fidelity_matrix_new_named (name);

      run (&r, (const char *[]) { "compare", "--matrix", name, "--print-matrix", NULL });
      g_assert_cmpint (r.status, ==, 0);
      printed = interleave_fidelity_matrix_load_data (r.out, -1, name, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (printed->n_cells, ==, builtin->n_cells);
    }
}

static void
test_calibrate (void)
{
  g_autofree char *dir = g_build_filename (data_home, "interleave", "calibration", NULL);
  g_autofree char *node_path = g_build_filename (dir, "node.json", NULL);
  g_autofree char *python_path = g_build_filename (dir, "python.json", NULL);
  g_autofree char *json = g_build_filename (data_home, "calibration.json", NULL);
  g_autoptr(InterleaveCalibration) node = NULL;
  g_autoptr(InterleaveCalibration) python = NULL;
  g_autoptr(GError) error = NULL;
  const InterleaveCalibrationServer *s;

  g_remove (node_path);
  g_remove (python_path);

  {
    g_auto(Result) r = { 0 };

    run (&r, (const char *[]) { "calibrate", "--server", "http://127.0.0.1:9/", NULL });
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "not a URL"));
  }
  {
    g_auto(Result) r = { 0 };

    run (&r, (const char *[]) { "calibrate", NULL });
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--server is required"));
  }

  {
    g_auto(Result) r = { 0 };

    run (&r, (const char *[]) { "calibrate", "--server", "node:eventloop", "--server", "python:asyncio",
                                "--server", "python:threaded", "--quick", "--json", json, NULL });
    g_test_message ("%s%s", r.out, r.err);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "node:eventloop"));
    g_assert_nonnull (strstr (r.out, "python:asyncio"));
    g_assert_nonnull (strstr (r.out, "two busy processes got"));
  }

  /* Stored where the simulator looks, one file per runtime. */
  node = interleave_calibration_load_file (node_path, &error);
  g_assert_no_error (error);
  python = interleave_calibration_load_file (python_path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (node->runtime, ==, INTERLEAVE_ARCH_RUNTIME_NODE);
  g_assert_cmpuint (node->n_servers, ==, 1);
  s = interleave_calibration_lookup (node, "eventloop");
  g_assert_nonnull (s);
  /* What any machine measures: a request costs the runtime something but
   * far less than a millisecond; a cpu millisecond costs about one; the
   * libuv pool has its 4 threads. */
  g_assert_cmpint (s->overhead_ns, >, 1000);
  g_assert_cmpint (s->overhead_ns, <, 10000000);
  g_assert_cmpfloat (s->cpu_factor, >, 0.7);
  g_assert_cmpfloat (s->cpu_factor, <, 2.0);
  g_assert_cmpfloat (s->native_factor, >, 0.3);
  g_assert_cmpuint (s->pool, ==, 4);
  g_assert_cmpuint (s->requests, >, 20);
  /* pbkdf2 does not always take as long; never twice as long on the whole. */
  g_test_message ("native spread: %.3f", s->native_spread);
  g_assert_cmpfloat (s->native_spread, >, 0.0);
  g_assert_cmpfloat (s->native_spread, <, 1.0);
  g_assert_cmpfloat (node->parallelism, >, 0.0);
  g_assert_cmpfloat (node->parallelism, <=, g_get_num_processors () + 0.1);

  g_assert_cmpint (python->runtime, ==, INTERLEAVE_ARCH_RUNTIME_PYTHON);
  s = interleave_calibration_lookup (python, "asyncio");
  g_assert_nonnull (s);
  g_assert_cmpuint (s->pool, ==, MIN (32, g_get_num_processors () + 4));
  /* Only threads take turns at the GIL: asyncio has no hand-off. */
  g_assert_cmpint (s->gil_handoff_ns, ==, 0);
  s = interleave_calibration_lookup (python, "threaded");
  g_assert_nonnull (s);
  g_test_message ("GIL hand-off: %.1f µs", s->gil_handoff_ns / 1e3);
  g_assert_cmpint (s->gil_handoff_ns, >=, 0);
  g_assert_cmpint (s->gil_handoff_ns, <=, 5000000);

  /* --json has both profiles. */
  {
    g_autoptr(JsonNode) root = read_json (json);
    JsonArray *profiles = json_object_get_array_member (json_node_get_object (root), "profiles");

    g_assert_cmpuint (json_array_get_length (profiles), ==, 2);
  }

  /* And the simulator now uses them. */
  {
    g_autofree char *scenario = g_build_filename (g_getenv ("INTERLEAVE_DATADIR"), "scenarios", "node.json", NULL);
    g_auto(Result) r = { 0 };

    run (&r, (const char *[]) { "simulate", scenario, "--duration", "1s", NULL });
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "1 architecture calibrated from the profiles in"));
  }

  g_remove (json);
  g_remove (node_path);
  g_remove (python_path);
  g_rmdir (dir);
  {
    g_autofree char *top = g_build_filename (data_home, "interleave", NULL);
    g_rmdir (top);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  data_home = g_dir_make_tmp ("interleave-fidelity-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fidelity/compare-usage", test_compare_usage);
  g_test_add_func ("/fidelity/calibrate", test_calibrate);
  g_test_add_func ("/fidelity/compare-quick", test_compare_quick);

  status = g_test_run ();
  g_rmdir (data_home);
  g_free (data_home);
  return status;
}
