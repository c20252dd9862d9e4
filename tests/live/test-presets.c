/* test-presets.c
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

/* Every preset of the real test servers (data/servers), launched by the
 * launcher, answering its info page, measured briefly, and gone after. */

#include "config.h"

#include <string.h>

#include "interleave-measurement.h"
#include "interleave-proc-stat.h"
#include "live-fixture.h"

typedef struct
{
  const char         *preset;
  const char         *runtime;
  const char         *mode;
  guint               workers;
  InterleaveLaneKind  main_lane;   /* where cpu phases run */
} PresetCase;

static const PresetCase cases[] = {
  { "node:eventloop",   "node",   "eventloop", 1, INTERLEAVE_LANE_LOOP },
  { "node:cluster:2",   "node",   "cluster",   2, INTERLEAVE_LANE_LOOP },
  { "python:threaded",  "python", "threaded",  1, INTERLEAVE_LANE_THREAD },
  { "python:prefork:2", "python", "prefork",   2, INTERLEAVE_LANE_THREAD },
  { "python:asyncio",   "python", "asyncio",   1, INTERLEAVE_LANE_LOOP },
};

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_preset (gconstpointer data)
{
  const PresetCase *c = data;
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(InterleaveServer) server = NULL;
  g_autoptr(InterleaveMeasurement) measurement = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = NULL;
  g_autofree char *url = NULL;
  InterleaveLoadOptions options;
  const InterleaveTrace *trace;
  JsonObject *info;
  guint cpu_spans = 0, native_spans = 0;
  guint processes_serving = 0;

  preset = interleave_server_preset_parse (c->preset, &error);
  g_assert_no_error (error);
  server = interleave_server_new (preset);

  interleave_server_start_async (server, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (interleave_server_start_finish (server, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  info = interleave_server_get_info (server);
  g_assert_cmpstr (json_object_get_string_member (info, "runtime"), ==, c->runtime);
  g_assert_cmpstr (json_object_get_string_member (info, "mode"), ==, c->mode);
  g_assert_cmpint (json_object_get_int_member (info, "workers"), ==, c->workers);
  g_assert_cmpint (json_object_get_int_member (info, "primary_pid"), ==, interleave_server_get_pid (server));

  /* A short run through every kind of phase. */
  interleave_load_options_init (&options);
  options.kind = INTERLEAVE_LOAD_CLOSED;
  options.clients = 4;
  options.max_requests = 40;
  url = interleave_server_dup_url (server);
  measurement = interleave_measurement_new (url, "cpu:1,io:2,native:1", &options, &error);
  g_assert_no_error (error);
  interleave_measurement_set_server (measurement, server);
  fixture_run_measurement (measurement);

  g_assert_null (interleave_measurement_get_error (measurement));
  g_assert_cmpuint (interleave_measurement_get_counts (measurement)->completed, ==, 40);
  g_assert_cmpuint (interleave_measurement_get_counts (measurement)->bad_timing, ==, 0);

  trace = interleave_measurement_get_trace (measurement);
  for (guint i = 0; i < trace->lanes->len; i++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, i);

      for (guint j = 0; j < lane->spans->len; j++)
        {
          const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, j);

          if (span->state == INTERLEAVE_STATE_RUNNING)
            {
              cpu_spans++;
              g_assert_cmpint (lane->kind, ==, c->main_lane);
            }
          else if (span->state == INTERLEAVE_STATE_NATIVE)
            native_spans++;
          else if (span->state == INTERLEAVE_STATE_IO_WAIT)
            g_assert_cmpint (lane->kind, !=, INTERLEAVE_LANE_LOOP);
        }
    }
  g_assert_cmpuint (cpu_spans, ==, 40);
  g_assert_cmpuint (native_spans, ==, 40);

  /* Multi-process presets serve from their workers, never the primary. */
  for (guint i = 0; i < trace->processes->len; i++)
    {
      const InterleaveProcess *process = g_ptr_array_index (trace->processes, i);

      processes_serving++;
      if (c->workers > 1)
        g_assert_cmpint (process->pid, !=, interleave_server_get_pid (server));
      else
        g_assert_cmpint (process->pid, ==, interleave_server_get_pid (server));
    }
  g_assert_cmpuint (processes_serving, >=, 1);
  g_assert_cmpuint (processes_serving, <=, c->workers);

  /* The primary and every worker were sampled. */
  g_assert_cmpuint (interleave_measurement_get_n_processes (measurement), ==,
                    c->workers > 1 ? c->workers + 1 : 1);

  pids = interleave_server_list_pids (server);
  g_assert_cmpuint (pids->len, ==, c->workers > 1 ? c->workers + 1 : 1);

  interleave_server_stop_async (server, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (interleave_server_stop_finish (server, result, &error));

  for (guint i = 0; i < pids->len; i++)
    g_assert_false (interleave_proc_is_alive (g_array_index (pids, gint64, i)));
  g_assert_cmpstr (interleave_server_get_exit_description (server), ==, "exited with status 0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/presets/%s", cases[i].preset);
      g_test_add_data_func (path, &cases[i], test_preset);
    }

  return g_test_run ();
}
