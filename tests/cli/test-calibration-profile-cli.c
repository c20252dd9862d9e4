/* test-calibration-profile-cli.c
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

/* `interleave simulate` with the user's calibration profiles, the real
 * binary on real files: a good profile calibrates the architectures of
 * its runtime, a broken one is named in a warning and the defaults are
 * used, never a crash. Each case has its own XDG_DATA_HOME. */

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
     const char         *data_home,
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

/* Node.js and python-threaded on native:5, one client: p50 shows the
 * per-request overhead and the cost of native work. */
static const char scenario_json[] =
  "{ \"title\": \"calibration\", \"duration\": \"2s\", \"machine\": { \"cores\": 2 },"
  "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 1 },"
  "                \"classes\": [ { \"plan\": \"native:5\" } ] },"
  "  \"architectures\": [ { \"name\": \"node\", \"preset\": \"node\" },"
  "                      { \"name\": \"python\", \"preset\": \"python-threaded\" } ] }";

static const char node_profile[] =
  "{ \"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\","
  "  \"runtime_version\": \"20\", \"created\": \"2026-01-01T00:00:00Z\","
  "  \"machine\": { \"cores\": 2, \"parallelism\": 2 },"
  "  \"servers\": { \"eventloop\": { \"workers\": 1, \"requests\": 100, \"overhead\": \"1ms\","
  "    \"latency\": \"100us\", \"cpu_factor\": 1, \"cpu_wall_factor\": 1, \"native_factor\": 2,"
  "    \"native_wall_factor\": 2, \"io_extra\": \"0\", \"pool\": 4, \"native_parallelism\": 2 } } }";

typedef struct
{
  char *dir;
  char *scenario;
  char *json;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("interleave-cal-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->scenario = g_build_filename (f->dir, "scenario.json", NULL);
  f->json = g_build_filename (f->dir, "out.json", NULL);
  g_file_set_contents (f->scenario, scenario_json, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_remove (child);
      }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->scenario);
  g_free (f->json);
}

static void
write_profile (Fixture    *f,
               const char *runtime,
               const char *contents)
{
  g_autofree char *dir = g_build_filename (f->dir, "interleave", "calibration", NULL);
  g_autofree char *file = g_strdup_printf ("%s.json", runtime);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* p50 of each architecture in --json's output. */
static void
read_p50 (Fixture *f,
          double   p50[2])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *archs;

  json_parser_load_from_file (parser, f->json, &error);
  g_assert_no_error (error);
  archs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "architectures");
  g_assert_cmpuint (json_array_get_length (archs), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *latency = json_object_get_object_member (json_array_get_object_element (archs, i), "latency_ms");
      p50[i] = json_object_get_double_member (latency, "p50");
    }
}

static void
simulate (Fixture *f,
          Result  *r,
          gboolean no_calibration,
          double   p50[2])
{
  run (r, f->dir, (const char *[]) { "simulate", f->scenario, "--json", f->json,
                                      no_calibration ? "--no-calibration" : "--summary", NULL });
  g_test_message ("stderr: %s", r->err);
  g_assert_cmpint (r->status, ==, 0);
  read_p50 (f, p50);
}

static void
test_no_profile (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  double p50[2];

  simulate (f, &r, FALSE, p50);
  g_assert_cmpstr (r.err, ==, "");
  /* The defaults: native:5 and 50 µs (node), 250 µs (python). */
  g_assert_cmpfloat_with_epsilon (p50[0], 5.05, 0.03);
  g_assert_cmpfloat_with_epsilon (p50[1], 5.25, 0.03);
}

static void
test_good_profile (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_auto(Result) plain = { 0 };
  double p50[2], defaults[2];

  write_profile (f, "node", node_profile);

  simulate (f, &r, FALSE, p50);
  g_assert_nonnull (strstr (r.err, "1 architecture calibrated from the profiles in"));
  g_assert_nonnull (strstr (r.err, f->dir));
  /* Node: 2 × 5 ms of native work and 1 ms of overhead; Python untouched. */
  g_assert_cmpfloat_with_epsilon (p50[0], 11.0, 0.05);
  g_assert_cmpfloat_with_epsilon (p50[1], 5.25, 0.03);

  simulate (f, &plain, TRUE, defaults);
  g_assert_cmpstr (plain.err, ==, "");
  g_assert_cmpfloat_with_epsilon (defaults[0], 5.05, 0.03);
  g_assert_cmpfloat (defaults[1], ==, p50[1]);
}

static void
test_broken_profiles (Fixture       *f,
                      gconstpointer  data)
{
  static const struct { const char *contents; const char *what; } cases[] = {
    { "", "the file is empty" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machi",
      "node.json:1:71: a string is not closed" },
    { "{\"format\": \"interleave-calibration\", \"version\": 7}",
      "version: the profile has version 7; this Interleave reads version 1" },
    { "{\"format\": \"something else\", \"version\": 1}", "format: not an Interleave calibration profile" },
    { "\xff\xfe binary", "not UTF-8 text" },
    { "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      "nested more than 8 levels deep" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = { 0 };
      g_autofree char *path = g_build_filename (f->dir, "interleave", "calibration", "node.json", NULL);
      double p50[2];

      write_profile (f, "node", cases[i].contents);
      simulate (f, &r, FALSE, p50);

      /* Named, with what is wrong; the defaults are used. */
      g_assert_nonnull (strstr (r.err, "warning: ignoring a calibration profile (the defaults are used): "));
      g_assert_nonnull (strstr (r.err, path));
      g_assert_nonnull (strstr (r.err, cases[i].what));
      g_assert_null (strstr (r.err, "calibrated from"));
      g_assert_cmpfloat_with_epsilon (p50[0], 5.05, 0.03);
      g_assert_cmpfloat_with_epsilon (p50[1], 5.25, 0.03);
    }

  /* The Node.js profile in the Python profile's place. */
  {
    g_auto(Result) r = { 0 };
    double p50[2];

    write_profile (f, "node", "");
    write_profile (f, "python", node_profile);
    simulate (f, &r, FALSE, p50);
    g_assert_nonnull (strstr (r.err, "python.json: runtime: a profile of “node” in the place of the “python” profile"));
    g_assert_cmpfloat_with_epsilon (p50[1], 5.25, 0.03);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/calibration-profile/none", Fixture, NULL, fixture_set_up, test_no_profile, fixture_tear_down);
  g_test_add ("/calibration-profile/good", Fixture, NULL, fixture_set_up, test_good_profile, fixture_tear_down);
  g_test_add ("/calibration-profile/broken", Fixture, NULL, fixture_set_up, test_broken_profiles, fixture_tear_down);

  return g_test_run ();
}
