/* test-calibration.c
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
#include <math.h>
#include <string.h>

#include "interleave-calibration.h"
#include "interleave-simulation.h"
#include "sim-test-util.h"

#define US G_GINT64_CONSTANT (1000)
#define MS G_GINT64_CONSTANT (1000000)

/* Calibration profiles: the format round-trips, every broken profile is
 * refused with a message that says where and what, a broken or foreign
 * profile in the user's folder is reported and left out, and a profile
 * changes exactly the architectures it fits. */

static char *data_home;

static InterleaveCalibration *
make_profile (void)
{
  InterleaveCalibration *profile = interleave_calibration_new (INTERLEAVE_ARCH_RUNTIME_NODE);
  InterleaveCalibrationServer server = { 0 };

  g_free (profile->runtime_version);
  profile->runtime_version = g_strdup ("20.20.2 \"quoted\"\\");
  profile->cores = 2;
  profile->parallelism = 1.8765;
  profile->sched_tick_ns = 4 * MS;

  server.mode = (char *) "eventloop";
  server.workers = 1;
  server.requests = 12345;
  server.overhead_ns = 91234;
  server.latency_ns = 140 * US;
  server.cpu_factor = 1.0125;
  server.cpu_wall_factor = 1.05;
  server.native_factor = 1.5;
  server.native_wall_factor = 1.55;
  server.io_extra_ns = 612345;
  server.pool = 4;
  server.native_parallelism = 1.9;
  server.client_cpu_ns = 150 * US;
  server.idle_wake_ns = 420 * US;
  g_assert_true (interleave_calibration_set_server (profile, &server));

  /* Not measured (a profile from before client_cpu): left out, read as 0. */
  server.mode = (char *) "cluster";
  server.workers = 2;
  server.overhead_ns = 120 * US;
  server.client_cpu_ns = 0;
  server.idle_wake_ns = 0;
  g_assert_true (interleave_calibration_set_server (profile, &server));

  /* Not a mode of Node.js. */
  server.mode = (char *) "prefork";
  g_assert_false (interleave_calibration_set_server (profile, &server));

  return profile;
}

static void
assert_same (const InterleaveCalibration *a,
             const InterleaveCalibration *b)
{
  g_assert_cmpint (a->runtime, ==, b->runtime);
  g_assert_cmpstr (a->runtime_version, ==, b->runtime_version);
  g_assert_cmpstr (a->created, ==, b->created);
  g_assert_cmpuint (a->cores, ==, b->cores);
  g_assert_cmpfloat_with_epsilon (a->parallelism, b->parallelism, 1e-4);
  g_assert_cmpint (a->sched_tick_ns, ==, b->sched_tick_ns);
  g_assert_cmpuint (a->n_servers, ==, b->n_servers);

  for (guint i = 0; i < a->n_servers; i++)
    {
      const InterleaveCalibrationServer *x = &a->servers[i];
      const InterleaveCalibrationServer *y = interleave_calibration_lookup (b, x->mode);

      g_assert_nonnull (y);
      g_assert_cmpuint (x->workers, ==, y->workers);
      g_assert_cmpuint (x->requests, ==, y->requests);
      g_assert_cmpint (x->overhead_ns, ==, y->overhead_ns);
      g_assert_cmpint (x->latency_ns, ==, y->latency_ns);
      g_assert_cmpint (x->io_extra_ns, ==, y->io_extra_ns);
      g_assert_cmpfloat_with_epsilon (x->cpu_factor, y->cpu_factor, 1e-4);
      g_assert_cmpfloat_with_epsilon (x->cpu_wall_factor, y->cpu_wall_factor, 1e-4);
      g_assert_cmpfloat_with_epsilon (x->native_factor, y->native_factor, 1e-4);
      g_assert_cmpfloat_with_epsilon (x->native_wall_factor, y->native_wall_factor, 1e-4);
      g_assert_cmpuint (x->pool, ==, y->pool);
      g_assert_cmpfloat_with_epsilon (x->native_parallelism, y->native_parallelism, 1e-4);
      g_assert_cmpint (x->client_cpu_ns, ==, y->client_cpu_ns);
      g_assert_cmpint (x->idle_wake_ns, ==, y->idle_wake_ns);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(InterleaveCalibration) profile = make_profile ();
  g_autoptr(InterleaveCalibration) loaded = NULL;
  g_autoptr(InterleaveCalibration) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = interleave_calibration_to_data (profile);
  g_autofree char *again = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-calibration-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);

  loaded = interleave_calibration_load_data (data, -1, "round-trip.json", &error);
  g_assert_no_error (error);
  assert_same (profile, loaded);

  /* Written again, the text is the same. */
  again = interleave_calibration_to_data (loaded);
  g_assert_cmpstr (again, ==, data);
  g_assert_nonnull (strstr (data, "\"client_cpu\": \"150us\""));
  g_assert_nonnull (strstr (data, "\"idle_wake\": \"420us\""));
  g_assert_nonnull (strstr (data, "\"sched_tick\": \"4ms\""));
  g_assert_cmpint (interleave_calibration_lookup (loaded, "cluster")->idle_wake_ns, ==, 0);
  g_assert_cmpint (interleave_calibration_lookup (loaded, "cluster")->client_cpu_ns, ==, 0);

  copy = interleave_calibration_copy (loaded);
  assert_same (profile, copy);

  /* Through a file, in a folder that does not exist yet. */
  path = g_build_filename (dir, "a", "b", "node.json", NULL);
  g_assert_true (interleave_calibration_save_file (profile, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, interleave_calibration_free);
  loaded = interleave_calibration_load_file (path, &error);
  g_assert_no_error (error);
  assert_same (profile, loaded);

  /* Replacing a section keeps one per mode. */
  {
    InterleaveCalibrationServer server = profile->servers[0];

    server.overhead_ns = 1 * MS;
    g_assert_true (interleave_calibration_set_server (loaded, &server));
    g_assert_cmpuint (loaded->n_servers, ==, 2);
    g_assert_cmpint (interleave_calibration_lookup (loaded, "eventloop")->overhead_ns, ==, 1 * MS);
  }

  g_assert_cmpint (g_remove (path), ==, 0);
  {
    g_autofree char *b = g_path_get_dirname (path);
    g_autofree char *a = g_path_get_dirname (b);

    g_assert_cmpint (g_rmdir (b), ==, 0);
    g_assert_cmpint (g_rmdir (a), ==, 0);
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A valid profile with one member replaced: %s is spliced in. */
#define SERVER_BODY \
  "\"workers\": 1, \"requests\": 10, \"overhead\": \"90us\", \"latency\": \"150us\"," \
  "\"cpu_factor\": 1.01, \"cpu_wall_factor\": 1.02, \"native_factor\": 1.2," \
  "\"native_wall_factor\": 1.2, \"io_extra\": \"300us\", \"pool\": 4, \"native_parallelism\": 1.9"

static void
test_broken (void)
{
  static const struct {
    const char *data;
    int         code;
    const char *message;
    const char *from;   /* replaced by `to` in data, when given */
    const char *to;
  } cases[] = {
    { "", INTERLEAVE_CALIBRATION_ERROR_SYNTAX, "p.json: the file is empty" },
    { "{", INTERLEAVE_CALIBRATION_ERROR_SYNTAX, "p.json:1:" },
    { "[1, 2]", INTERLEAVE_CALIBRATION_ERROR_INVALID, "p.json:1:1: expected an object { … }, got a list" },
    { "\"text\"", INTERLEAVE_CALIBRATION_ERROR_INVALID, "p.json: expected an object { … }, got “text”" },
    { "{}", INTERLEAVE_CALIBRATION_ERROR_INVALID,
      "p.json:1:1: format: not an Interleave calibration profile (expected “format”: “interleave-calibration”)" },
    { "{\"format\": \"scenario\", \"version\": 1}", INTERLEAVE_CALIBRATION_ERROR_INVALID,
      "p.json:1:22: format: not an Interleave calibration profile" },
    { "{\"format\": \"interleave-calibration\"}", INTERLEAVE_CALIBRATION_ERROR_INVALID,
      "p.json:1:1: version: missing or not a number; this Interleave reads version 1" },
    { "{\"format\": \"interleave-calibration\", \"version\": \"1\"}", INTERLEAVE_CALIBRATION_ERROR_INVALID,
      "version: missing or not a number" },
    { "{\"format\": \"interleave-calibration\", \"version\": 2, \"future\": true}", INTERLEAVE_CALIBRATION_ERROR_VERSION,
      "p.json:1:50: version: the profile has version 2; this Interleave reads version 1. Run “interleave calibrate” again" },
    { "{\"format\": \"interleave-calibration\", \"version\": 0.5}", INTERLEAVE_CALIBRATION_ERROR_VERSION,
      "version: the profile has version 0.5" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {}, \"colour\": 1}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "colour: unknown member “colour”; expected one of: format, version, runtime" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "p.json:1:1: missing member “runtime”" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"ruby\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "runtime: expected one of: node, python; got “ruby”" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 0, \"parallelism\": 2}, \"servers\": {}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "machine.cores: expected a whole number from 1 to 4096, got 0" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2}, \"servers\": {}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "machine: missing member “parallelism”" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": -1}, \"servers\": {}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "machine.parallelism: expected a number from 0 to 4096, got -1" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2, \"sched_tick\": \"1s\"}, \"servers\": {}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "machine.sched_tick: expected a time from 0ns to 100ms, got “1s”" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": []}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers: expected an object { … }, got an empty list" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {\"threaded\": {}}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers.threaded: unknown member “threaded”; expected one of: eventloop, cluster" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {\"eventloop\": {}}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers.eventloop: missing member “workers”" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {\"eventloop\": {" SERVER_BODY ", \"x\": 1}}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers.eventloop.x: unknown member “x”" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {\"eventloop\": {" SERVER_BODY "}}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers.eventloop.overhead: expected a time such as “250us”, “5ms” or “10s”, or a number of milliseconds, got “-5us”" , "\"overhead\": \"90us\"", "\"overhead\": \"-5us\"" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {\"eventloop\": {" SERVER_BODY "}}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers.eventloop.overhead: expected a time from 0ns to 100ms, got “2s”" , "\"overhead\": \"90us\"", "\"overhead\": \"2s\"" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {\"eventloop\": {" SERVER_BODY "}}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers.eventloop.native_factor: expected a number from 0.1 to 10, got 0" , "\"native_factor\": 1.2", "\"native_factor\": 0" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {\"eventloop\": {" SERVER_BODY "}}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers.eventloop.cpu_factor: expected a number, got “fast”" , "\"cpu_factor\": 1.01", "\"cpu_factor\": \"fast\"" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {\"eventloop\": {" SERVER_BODY "}}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "servers.eventloop.pool: expected a whole number, got 2.5" , "\"pool\": 4", "\"pool\": 2.5" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"runtime\": \"node\", \"runtime_version\": 20, \"machine\": {\"cores\": 2, \"parallelism\": 2}, \"servers\": {}}",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "runtime_version: expected a text in quotes, got 20" },
    { "{\"format\": \"interleave-calibration\", \"version\": 1, \"version\": 1}",
      INTERLEAVE_CALIBRATION_ERROR_SYNTAX, "p.json:1:52: the member “version” appears twice in the same object" },
    { "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
      INTERLEAVE_CALIBRATION_ERROR_INVALID, "p.json:1:9: nested more than 8 levels deep" },
    { "{\"format\": \"interleave-calibration\xff\"}", INTERLEAVE_CALIBRATION_ERROR_SYNTAX, "p.json: not UTF-8 text" },
  };

  guint mismatches = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveCalibration) profile = NULL;

      g_autoptr(GString) data = g_string_new (cases[i].data);
      g_autofree char *shown = NULL;

      if (cases[i].from != NULL)
        g_assert_cmpuint (g_string_replace (data, cases[i].from, cases[i].to, 1), ==, 1);
      shown = g_strescape (data->str, NULL);
      g_test_message ("case %u: %s", i, shown);
      profile = interleave_calibration_load_data (data->str, data->len, "p.json", &error);
      g_assert_null (profile);
      g_assert_error (error, INTERLEAVE_CALIBRATION_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        {
          g_printerr ("case %u: expected “%s” in “%s”\n", i, cases[i].message, error->message);
          mismatches++;
        }
    }
  g_assert_cmpuint (mismatches, ==, 0);

  /* Too large a file is refused before it is parsed. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *big = g_strnfill (INTERLEAVE_CALIBRATION_MAX_FILE_SIZE + 1, ' ');

    g_assert_null (interleave_calibration_load_data (big, -1, "p.json", &error));
    g_assert_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "larger than 64 KiB"));
  }
}

static void
write_user_file (InterleaveArchRuntime  runtime,
                 const char            *contents)
{
  g_autofree char *path = interleave_calibration_get_path (runtime);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (path, data_home));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  if (contents == NULL)
    g_remove (path);
  else
    {
      g_file_set_contents (path, contents, -1, &error);
      g_assert_no_error (error);
    }
}

static void
test_user_profiles (void)
{
  g_autoptr(InterleaveCalibration) profile = make_profile ();
  g_autofree char *good = interleave_calibration_to_data (profile);
  g_autofree char *node_path = interleave_calibration_get_path (INTERLEAVE_ARCH_RUNTIME_NODE);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_suffix (node_path, "/interleave/calibration/node.json"));

  /* None: no error, no warning. */
  write_user_file (INTERLEAVE_ARCH_RUNTIME_NODE, NULL);
  write_user_file (INTERLEAVE_ARCH_RUNTIME_PYTHON, NULL);
  g_assert_null (interleave_calibration_load_user (INTERLEAVE_ARCH_RUNTIME_NODE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) warnings = NULL;
    g_autoptr(GPtrArray) profiles = interleave_calibration_load_user_all (&warnings);

    g_assert_cmpuint (profiles->len, ==, 0);
    g_assert_cmpuint (warnings->len, ==, 0);
  }

  /* A good Node.js profile, a corrupt Python one: the good one is used,
   * the corrupt one named in a warning. */
  write_user_file (INTERLEAVE_ARCH_RUNTIME_NODE, good);
  write_user_file (INTERLEAVE_ARCH_RUNTIME_PYTHON, "{\"format\": \"interleave-calibration\", \"vers");
  {
    g_autoptr(GPtrArray) warnings = NULL;
    g_autoptr(GPtrArray) profiles = interleave_calibration_load_user_all (&warnings);
    g_autofree char *python_path = interleave_calibration_get_path (INTERLEAVE_ARCH_RUNTIME_PYTHON);

    g_assert_cmpuint (profiles->len, ==, 1);
    assert_same (profile, g_ptr_array_index (profiles, 0));
    g_assert_cmpuint (warnings->len, ==, 1);
    g_test_message ("%s", (char *) g_ptr_array_index (warnings, 0));
    g_assert_true (g_str_has_prefix (g_ptr_array_index (warnings, 0), python_path));
  }

  /* A Node.js profile where the Python one belongs. */
  write_user_file (INTERLEAVE_ARCH_RUNTIME_PYTHON, good);
  g_assert_null (interleave_calibration_load_user (INTERLEAVE_ARCH_RUNTIME_PYTHON, &error));
  g_assert_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "a profile of “node” in the place of the “python” profile"));
  g_clear_error (&error);

  /* A profile of another version. */
  write_user_file (INTERLEAVE_ARCH_RUNTIME_NODE, "{\"format\": \"interleave-calibration\", \"version\": 9}");
  g_assert_null (interleave_calibration_load_user (INTERLEAVE_ARCH_RUNTIME_NODE, &error));
  g_assert_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_VERSION);
  g_assert_true (g_str_has_prefix (error->message, node_path));
  g_clear_error (&error);

  /* A folder where the file should be. */
  write_user_file (INTERLEAVE_ARCH_RUNTIME_NODE, NULL);
  g_assert_cmpint (g_mkdir (node_path, 0755), ==, 0);
  g_assert_null (interleave_calibration_load_user (INTERLEAVE_ARCH_RUNTIME_NODE, &error));
  g_assert_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (g_rmdir (node_path), ==, 0);

  write_user_file (INTERLEAVE_ARCH_RUNTIME_PYTHON, NULL);
}

#define SCENARIO(ARCHS) \
  "{ \"duration\": \"2s\", \"machine\": { \"cores\": 2 }," \
  "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 1 }," \
  "                \"classes\": [ { \"plan\": \"native:5\" } ] }," \
  "  \"architectures\": [ " ARCHS " ] }"

/* A section of one worker whose work costs what the plan asks. */
static InterleaveCalibrationServer
plain_server (const char *mode)
{
  InterleaveCalibrationServer server = { 0 };

  server.mode = (char *) mode;
  server.workers = 1;
  server.cpu_factor = 1.0;
  server.cpu_wall_factor = 1.0;
  server.native_factor = 1.0;
  server.native_wall_factor = 1.0;
  return server;
}

/* Threaded Python: the GIL hand-off time is kept, written only when
 * measured, and calibrates architectures with a GIL unless the scenario
 * gave its own. */
static void
test_gil_handoff (void)
{
  g_autoptr(InterleaveCalibration) profile = interleave_calibration_new (INTERLEAVE_ARCH_RUNTIME_PYTHON);
  g_autoptr(InterleaveCalibration) loaded = NULL;
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  InterleaveCalibrationServer server = plain_server ("threaded");
  const InterleaveCalibration *profiles[1];

  server.gil_handoff_ns = 110 * US;
  g_assert_true (interleave_calibration_set_server (profile, &server));
  server.mode = (char *) "asyncio";
  server.gil_handoff_ns = 0;
  g_assert_true (interleave_calibration_set_server (profile, &server));

  data = interleave_calibration_to_data (profile);
  g_assert_nonnull (strstr (data, "\"gil_handoff\": \"110us\""));
  g_assert_null (strstr (strstr (data, "\"asyncio\""), "gil_handoff"));
  loaded = interleave_calibration_load_data (data, -1, "python.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (interleave_calibration_lookup (loaded, "threaded")->gil_handoff_ns, ==, 110 * US);
  g_assert_cmpint (interleave_calibration_lookup (loaded, "asyncio")->gil_handoff_ns, ==, 0);

  scenario = interleave_scenario_load_data (SCENARIO (
      "{ \"name\": \"threads\", \"preset\": \"python-threaded\" },"
      "{ \"name\": \"given\", \"preset\": \"python-threaded\", \"gil_handoff\": \"1ms\" },"
      "{ \"name\": \"free\", \"preset\": \"python-threaded\", \"gil\": false }"),
    -1, "gil.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (scenario->architectures[0].gil_handoff_ns, ==, 0);

  profiles[0] = loaded;
  g_assert_cmpuint (interleave_calibration_apply_to_scenario ((const InterleaveCalibration * const *) profiles, 1, scenario), ==, 3);
  g_assert_cmpint (scenario->architectures[0].gil_handoff_ns, ==, 110 * US);
  g_assert_cmpint (scenario->architectures[1].gil_handoff_ns, ==, 1 * MS);
  g_assert_cmpint (scenario->architectures[2].gil_handoff_ns, ==, 0);
}

/* One native:5 request at a time on the scenario's first architecture:
 * the latencies' coefficient of variation, and their mean in ms. */
static double
latency_spread (const InterleaveScenario *scenario,
                double                   *mean)
{
  g_auto(SimTestRun) run = { 0 };
  g_autoptr(GArray) latencies = NULL;
  double sum2 = 0;

  sim_test_run (scenario, 0, &run);
  latencies = sim_test_latencies_ms (run.trace, -1, FALSE);
  g_assert_cmpuint (latencies->len, >, 200);
  *mean = sim_test_mean (latencies);
  for (guint i = 0; i < latencies->len; i++)
    sum2 += pow (g_array_index (latencies, double, i) - *mean, 2);

  return sqrt (sum2 / latencies->len) / *mean;
}

/* The spread of native work's real duration: kept, written only when
 * measured, and applied to fixed native phases with the same mean. */
static void
test_native_spread (void)
{
  g_autoptr(InterleaveCalibration) profile = interleave_calibration_new (INTERLEAVE_ARCH_RUNTIME_NODE);
  g_autoptr(InterleaveCalibration) loaded = NULL;
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(InterleaveScenario) spread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  InterleaveCalibrationServer server;
  const InterleaveCalibration *profiles[1];
  double mean, spread_mean, cv;

  server = plain_server ("eventloop");
  server.pool = 4;
  server.native_spread = 0.25;
  g_assert_true (interleave_calibration_set_server (profile, &server));
  server.mode = (char *) "cluster";
  server.native_spread = 0;
  g_assert_true (interleave_calibration_set_server (profile, &server));

  data = interleave_calibration_to_data (profile);
  g_assert_nonnull (strstr (data, "\"native_spread\": 0.25"));
  g_assert_null (strstr (strstr (data, "\"cluster\""), "native_spread"));
  loaded = interleave_calibration_load_data (data, -1, "node.json", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (interleave_calibration_lookup (loaded, "eventloop")->native_spread, 0.25, 1e-9);
  g_assert_cmpfloat (interleave_calibration_lookup (loaded, "cluster")->native_spread, ==, 0.0);

  scenario = interleave_scenario_load_data (SCENARIO ("{ \"name\": \"node\", \"preset\": \"node\" }"),
                                            -1, "spread.json", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (scenario->architectures[0].native_spread, ==, 0.0);
  g_assert_cmpfloat (latency_spread (scenario, &mean), <, 0.01);

  spread = interleave_scenario_copy (scenario);
  profiles[0] = loaded;
  g_assert_cmpuint (interleave_calibration_apply_to_scenario ((const InterleaveCalibration * const *) profiles, 1, spread), ==, 1);
  g_assert_cmpfloat_with_epsilon (spread->architectures[0].native_spread, 0.25, 1e-9);

  /* 5 ms of native work after ~0.1 ms of overhead: nearly all of the
   * spread shows in the latency; the mean stays. */
  cv = latency_spread (spread, &spread_mean);
  g_test_message ("latency: mean %.3f ms, cv %.3f (without the spread: mean %.3f ms)", spread_mean, cv, mean);
  g_assert_cmpfloat (cv, >, 0.20);
  g_assert_cmpfloat (cv, <, 0.30);
  g_assert_cmpfloat (fabs (spread_mean - mean) / mean, <, 0.04);
}

static void
test_apply (void)
{
  g_autoptr(InterleaveCalibration) profile = make_profile ();
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(InterleaveScenario) plain = NULL;
  g_autoptr(GError) error = NULL;
  const InterleaveCalibration *profiles[1];
  const InterleaveArchitecture *a;

  scenario = interleave_scenario_load_data (SCENARIO (
      "{ \"name\": \"node\", \"preset\": \"node\" },"
      "{ \"name\": \"cluster\", \"preset\": \"node-cluster\", \"workers\": 2 },"
      "{ \"name\": \"given\", \"preset\": \"node\", \"overhead\": \"1ms\", \"slowdown\": 2 },"
      "{ \"name\": \"python\", \"preset\": \"python-threaded\" },"
      "{ \"name\": \"ideal\", \"kind\": \"eventloop\", \"runtime\": \"ideal\" }"),
    -1, "apply.json", &error);
  g_assert_no_error (error);
  plain = interleave_scenario_copy (scenario);

  profiles[0] = profile;
  g_assert_cmpuint (interleave_calibration_apply_to_scenario ((const InterleaveCalibration * const *) profiles, 1, scenario), ==, 3);
  g_assert_true (interleave_scenario_validate (scenario, &error));
  g_assert_no_error (error);

  /* The one-process section: real overhead = overhead × slowdown. */
  a = &scenario->architectures[0];
  g_assert_true (a->calibrated);
  g_assert_cmpfloat_with_epsilon (a->slowdown, 1.0125, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->overhead_ns * a->slowdown, 91234, 1);
  g_assert_cmpfloat (a->native_scale, ==, 1.5);
  g_assert_cmpint (a->io_extra_ns, ==, 612345);
  /* An event loop: timers on a 1 ms clock. */
  g_assert_cmpint (a->timer_tick_ns, ==, 1 * MS);

  /* Two workers: the cluster section. */
  a = &scenario->architectures[1];
  g_assert_true (a->calibrated);
  g_assert_cmpfloat_with_epsilon (a->overhead_ns * a->slowdown, 120 * US, 1);

  /* What the scenario gives stays. */
  a = &scenario->architectures[2];
  g_assert_true (a->calibrated);
  g_assert_cmpint (a->overhead_ns, ==, 1 * MS);
  g_assert_cmpfloat (a->slowdown, ==, 2.0);
  g_assert_cmpfloat (a->native_scale, ==, 1.5);

  /* Another runtime, and the ideal one: untouched. */
  for (guint i = 3; i < 5; i++)
    {
      a = &scenario->architectures[i];
      g_assert_false (a->calibrated);
      g_assert_cmpint (a->overhead_ns, ==, plain->architectures[i].overhead_ns);
      g_assert_cmpfloat (a->slowdown, ==, plain->architectures[i].slowdown);
      g_assert_cmpfloat (a->native_scale, ==, 1.0);
      g_assert_cmpint (a->io_extra_ns, ==, 0);
      g_assert_cmpint (a->timer_tick_ns, ==, 0);
    }

  /* The simulator uses it: one client, native:5 costs 1.5 × 5 ms now. */
  {
    g_autoptr(InterleaveSummary) before = NULL;
    g_autoptr(InterleaveSummary) after = NULL;
    g_autoptr(InterleaveTrace) t1 = interleave_simulate (plain, 0, NULL, &before, &error);
    g_autoptr(InterleaveTrace) t2 = interleave_simulate (scenario, 0, NULL, &after, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (before->latency_p50_ms, 5.0 + 0.05, 0.05);
    g_assert_cmpfloat_with_epsilon (after->latency_p50_ms, 7.5 + 0.0913, 0.05);
  }
}

/* A calibrated event loop's io phases end up to a millisecond late, on
 * its coarse clock: one client, io:10, no io_extra: 10 ms plus U(0, 1 ms),
 * where the uncalibrated loop takes exactly 10 ms. Same seed, same run. */
#define NO_OVERHEAD ", \"overhead\": 0"

/* A calibrated event loop (node) with its io_extra left out, on @plan
 * under @arrivals: the summary. */
static InterleaveSummary *
simulate_loop (const char *arrivals,
               const char *plan,
               const char *members,
               gboolean    calibrated,
               gint64      io_extra_ns)
{
  g_autoptr(InterleaveCalibration) profile = make_profile ();
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(InterleaveTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  InterleaveSummary *summary = NULL;
  InterleaveArchitecture *a;

  json = g_strdup_printf ("{ \"duration\": \"20s\", \"machine\": { \"cores\": 2 },"
                          "  \"workload\": { \"arrivals\": %s,"
                          "                \"classes\": [ { \"plan\": \"%s\" } ] },"
                          "  \"architectures\": [ { \"name\": \"node\", \"preset\": \"node\"%s } ] }",
                          arrivals, plan, members);
  scenario = interleave_scenario_load_data (json, -1, "tick.json", &error);
  g_assert_no_error (error);

  a = &scenario->architectures[0];
  if (calibrated)
    {
      g_assert_true (interleave_calibration_apply (profile, a));
      a->io_extra_ns = io_extra_ns;
      g_assert_cmpint (a->timer_tick_ns, ==, 1 * MS);
    }

  trace = interleave_simulate (scenario, 0, NULL, &summary, &error);
  g_assert_no_error (error);
  return summary;
}

/* Calibrated event loops keep time in whole milliseconds: a loop that
 * sleeps in epoll_wait() for its next timer sets a timeout rounded up to
 * one, and a socket that wakes it first has its callback run before the
 * timers that came due meanwhile (libuv runs timers after polling, asyncio
 * runs the ready I/O callbacks first). */
static void
test_timer_tick (void)
{
  g_autoptr(InterleaveSummary) exact = simulate_loop ("{ \"kind\": \"closed\", \"clients\": 1 }", "io:10.4", NO_OVERHEAD, FALSE, 0);
  g_autoptr(InterleaveSummary) ticked = simulate_loop ("{ \"kind\": \"closed\", \"clients\": 1 }", "io:10.4", NO_OVERHEAD, TRUE, 0);
  g_autoptr(InterleaveSummary) again = simulate_loop ("{ \"kind\": \"closed\", \"clients\": 1 }", "io:10.4", NO_OVERHEAD, TRUE, 0);
  g_autoptr(InterleaveSummary) plain = NULL;
  g_autoptr(InterleaveSummary) collide = NULL;

  /* Alone, an io:10.4 sleeps to the next whole millisecond. */
  g_test_message ("io:10.4 on a loop: exact %.3f ms; on a 1 ms clock: p50 %.3f, p99 %.3f ms",
                  exact->latency_p50_ms, ticked->latency_p50_ms, ticked->latency_p99_ms);
  g_assert_cmpfloat_with_epsilon (exact->latency_p99_ms, 10.4, 0.01);
  g_assert_cmpfloat_with_epsilon (ticked->latency_p50_ms, 11.0, 0.01);
  g_assert_cmpfloat_with_epsilon (ticked->latency_p99_ms, 11.0, 0.01);
  g_assert_cmpfloat (again->latency_mean_ms, ==, ticked->latency_mean_ms);

  /* cpu:2,io:10 every 4.33 ms: each timer comes due ~0.3 ms before the
   * request three behind arrives; with the rounded-up timeout the loop
   * is still asleep, the new request's socket wakes it, and the timer
   * waits for its 2 ms of cpu (measured: the real io:10 lasted 12.8-13 ms
   * at the median on Node.js and asyncio at this load). */
  plain = simulate_loop ("{ \"kind\": \"constant\", \"rate\": 231 }", "cpu:2,io:10", "", FALSE, 0);
  collide = simulate_loop ("{ \"kind\": \"constant\", \"rate\": 231 }", "cpu:2,io:10", "", TRUE, 250 * US);
  g_test_message ("cpu:2,io:10 at 231/s: exact timers p50 %.3f ms; on a 1 ms clock p50 %.3f ms",
                  plain->latency_p50_ms, collide->latency_p50_ms);
  g_assert_cmpfloat (plain->latency_p50_ms, <, 12.5);
  g_assert_cmpfloat (collide->latency_p50_ms, >, 14.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before GLib reads it: the user's own profiles are none of our business. */
  data_home = g_dir_make_tmp ("interleave-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calibration/round-trip", test_round_trip);
  g_test_add_func ("/calibration/broken", test_broken);
  g_test_add_func ("/calibration/user-profiles", test_user_profiles);
  g_test_add_func ("/calibration/apply", test_apply);
  g_test_add_func ("/calibration/gil-handoff", test_gil_handoff);
  g_test_add_func ("/calibration/native-spread", test_native_spread);
  g_test_add_func ("/calibration/timer-tick", test_timer_tick);

  status = g_test_run ();

  {
    g_autofree char *cal = g_build_filename (data_home, "interleave", "calibration", NULL);
    g_autofree char *top = g_build_filename (data_home, "interleave", NULL);

    g_rmdir (cal);
    g_rmdir (top);
    g_rmdir (data_home);
  }
  g_free (data_home);

  return status;
}
