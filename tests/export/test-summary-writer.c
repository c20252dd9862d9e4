/* test-summary-writer.c
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

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "interleave-summary-writer.h"

static void
test_summary_writer_shape (void)
{
  g_autoptr(InterleaveSummary) a = interleave_summary_new ("Node.js");
  g_autoptr(InterleaveSummary) b = interleave_summary_new ("Python threads");
  InterleaveSummary *summaries[2] = { a, b };
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *arch, *latency;
  JsonArray *archs;

  a->completed = 1500;
  a->throughput = 150.0;
  a->latency_p99_ms = 12.5;
  a->cpu_utilisation = 0.5;
  b->gil_contended = 0.25;

  json = interleave_summary_writer_to_json ("One slow request", summaries, 2);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "scenario"), ==, "One slow request");
  archs = json_object_get_array_member (root, "architectures");
  g_assert_cmpuint (json_array_get_length (archs), ==, 2);

  arch = json_array_get_object_element (archs, 0);
  g_assert_cmpstr (json_object_get_string_member (arch, "name"), ==, "Node.js");
  g_assert_cmpint (json_object_get_int_member (arch, "completed"), ==, 1500);
  g_assert_cmpfloat (json_object_get_double_member (arch, "throughput"), ==, 150.0);
  latency = json_object_get_object_member (arch, "latency_ms");
  g_assert_cmpfloat (json_object_get_double_member (latency, "p99"), ==, 12.5);
  g_assert_true (json_object_has_member (latency, "mean"));
  g_assert_true (json_object_has_member (latency, "p50"));
  g_assert_true (json_object_has_member (latency, "p95"));
  g_assert_true (json_object_has_member (latency, "max"));
  /* Unknown GIL contention (no GIL) is null, not NaN, which JSON lacks. */
  g_assert_true (json_object_get_null_member (arch, "gil_contended"));

  arch = json_array_get_object_element (archs, 1);
  g_assert_cmpfloat (json_object_get_double_member (arch, "gil_contended"), ==, 0.25);
}

static void
test_summary_writer_unwritable (void)
{
  g_autoptr(InterleaveSummary) a = interleave_summary_new ("x");
  g_autoptr(GError) error = NULL;

  g_assert_false (interleave_summary_writer_save_json ("/nonexistent-dir/out.json", "s", &a, 1, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/out.json"));
}

static void
test_summary_writer_save (void)
{
  g_autoptr(InterleaveSummary) a = interleave_summary_new ("x");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "out.json", NULL);
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (interleave_summary_writer_save_json (path, "s", &a, 1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"architectures\""));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/summary-writer/shape", test_summary_writer_shape);
  g_test_add_func ("/summary-writer/unwritable", test_summary_writer_unwritable);
  g_test_add_func ("/summary-writer/save", test_summary_writer_save);

  return g_test_run ();
}
