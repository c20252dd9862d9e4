/* test-scenario-writer.c
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
#include <string.h>

#include "interleave-scenario-writer.h"
#include "interleave-simulation.h"

static GPtrArray *
shipped (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "data", "scenarios", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));

  g_assert_cmpuint (paths->len, >, 5);
  return paths;
}

/* Every shipped scenario, written and read back, is the same scenario:
 * writing it again gives the same bytes, and it simulates to the same
 * results. */
static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) paths = shipped ();

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveScenario) original = interleave_scenario_load_file (path, &error);
      g_autoptr(InterleaveScenario) again = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_again = NULL;

      g_assert_no_error (error);
      g_test_message ("%s", path);

      json = interleave_scenario_writer_to_json (original);
      again = interleave_scenario_load_data (json, -1, "written.json", &error);
      g_assert_no_error (error);
      json_again = interleave_scenario_writer_to_json (again);
      g_assert_cmpstr (json, ==, json_again);

      g_assert_cmpstr (again->title, ==, original->title);
      g_assert_cmpuint (again->seed, ==, original->seed);
      g_assert_cmpint (again->duration_ns, ==, original->duration_ns);
      g_assert_cmpuint (again->n_classes, ==, original->n_classes);
      g_assert_cmpuint (again->n_architectures, ==, original->n_architectures);

      /* One simulated second of each architecture: same summary. */
      original->duration_ns = again->duration_ns = 1000 * G_GINT64_CONSTANT (1000000);
      for (guint a = 0; a < original->n_architectures; a++)
        {
          g_autoptr(InterleaveSummary) s1 = NULL;
          g_autoptr(InterleaveSummary) s2 = NULL;
          g_autoptr(InterleaveTrace) t1 = interleave_simulate (original, a, NULL, &s1, &error);
          g_autoptr(InterleaveTrace) t2 = NULL;

          g_assert_no_error (error);
          t2 = interleave_simulate (again, a, NULL, &s2, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (s1->completed, ==, s2->completed);
          g_assert_cmpfloat (s1->latency_p99_ms, ==, s2->latency_p99_ms);
          g_assert_cmpuint (interleave_trace_get_n_spans (t1), ==, interleave_trace_get_n_spans (t2));
        }
    }
}

/* The machine's optional members (a host that wakes late, a host whose
 * speed moves) survive the round trip, value for value. */
static void
test_machine_round_trip (void)
{
  const char *json =
    "{ \"machine\": { \"cores\": 2, \"idle_wake\": \"300us\", \"idle_sleep\": \"4ms\", \"delivery_jitter\": \"150us\", \"balance_interval\": \"2ms\", \"wake_stay\": 0.25,"
    "                \"slowdown\": { \"step\": \"250ms\", \"factors\": [ 1, 1.25, 0.875 ] } },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": 10 },"
    "                \"classes\": [ { \"plan\": \"cpu:1\" } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveScenario) original = interleave_scenario_load_data (json, -1, "machine.json", &error);
  g_autoptr(InterleaveScenario) again = NULL;
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  written = interleave_scenario_writer_to_json (original);
  again = interleave_scenario_load_data (written, -1, "written.json", &error);
  g_assert_no_error (error);

  g_assert_cmpint (again->idle_wake_ns, ==, 300000);
  g_assert_cmpint (again->idle_sleep_ns, ==, 4000000);
  g_assert_cmpint (again->delivery_jitter_ns, ==, 150000);
  g_assert_cmpint (again->balance_interval_ns, ==, 2000000);
  g_assert_cmpfloat (again->wake_stay, ==, 0.25);
  g_assert_cmpint (again->slowdown_step_ns, ==, 250000000);
  g_assert_cmpuint (again->n_slowdown, ==, 3);
  g_assert_cmpfloat (again->slowdown[0], ==, 1.0);
  g_assert_cmpfloat (again->slowdown[1], ==, 1.25);
  g_assert_cmpfloat (again->slowdown[2], ==, 0.875);
}

static void
test_save (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "data", "scenarios", "myth-convoy.json", NULL);
  g_autoptr(InterleaveScenario) scenario = interleave_scenario_load_file (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-writer-XXXXXX", &error);
  g_autofree char *out = g_build_filename (dir, "saved.json", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "saved.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(GFile) bad = g_file_new_for_path (nowhere);
  g_autoptr(InterleaveScenario) loaded = NULL;

  g_assert_nonnull (scenario);
  g_assert_true (interleave_scenario_writer_save (scenario, file, &error));
  g_assert_no_error (error);
  loaded = interleave_scenario_load_file (out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->title, ==, scenario->title);

  g_assert_false (interleave_scenario_writer_save (scenario, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "saved.json"));

  g_unlink (out);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario-writer/round-trip", test_round_trip);
  g_test_add_func ("/scenario-writer/machine", test_machine_round_trip);
  g_test_add_func ("/scenario-writer/save", test_save);

  return g_test_run ();
}
