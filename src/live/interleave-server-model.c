/* interleave-server-model.c
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

#define G_LOG_DOMAIN "interleave-live"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "interleave-server-model.h"

static guint
info_pool (JsonObject *info,
           guint       fallback)
{
  if (info == NULL || !json_object_has_member (info, "pool_size") ||
      json_object_get_null_member (info, "pool_size"))
    return fallback;

  return (guint) CLAMP (json_object_get_int_member (info, "pool_size"), 0, INTERLEAVE_SCENARIO_MAX_POOL);
}

/**
 * interleave_server_model_architecture_json:
 * @preset: a server Interleave starts (not a URL)
 * @info: (nullable): its /__interleave/info, for its pool size
 *
 * Returns: (transfer full): the JSON object of the architecture that
 *   models the server, as a scenario file writes it
 */
char *
interleave_server_model_architecture_json (const InterleaveServerPreset *preset,
                                           JsonObject                   *info)
{
  g_autofree char *name = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (preset->runtime != INTERLEAVE_RUNTIME_URL, NULL);

  name = interleave_server_preset_to_string (preset);
  {
    g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), name);
    quoted = json_to_string (node, FALSE);
  }

  if (preset->runtime == INTERLEAVE_RUNTIME_NODE)
    {
      guint pool = info_pool (info, 4);

      /* node:cluster: the primary hands connections out round-robin. */
      if (g_strcmp0 (preset->mode, "cluster") == 0)
        return g_strdup_printf ("{ \"name\": %s, \"preset\": \"node-cluster\", \"workers\": %u, \"pool\": %u }",
                                quoted, preset->workers, pool);
      return g_strdup_printf ("{ \"name\": %s, \"preset\": \"node\", \"pool\": %u }", quoted, pool);
    }

  /* http.server's ThreadingHTTPServer: a thread per connection. */
  if (g_strcmp0 (preset->mode, "threaded") == 0)
    return g_strdup_printf ("{ \"name\": %s, \"preset\": \"python-threaded\" }", quoted);

  /* Sync workers accept() on one socket, one request at a time, and
   * close every connection (listen backlog 1024). */
  if (g_strcmp0 (preset->mode, "prefork") == 0)
    return g_strdup_printf ("{ \"name\": %s, \"preset\": \"gunicorn-sync\", \"workers\": %u, \"backlog\": 1024 }",
                            quoted, preset->workers);

  /* asyncio: native work runs in the loop's default executor. */
  return g_strdup_printf ("{ \"name\": %s, \"preset\": \"asyncio\", \"pool\": %u }",
                          quoted, info_pool (info, MIN (32, g_get_num_processors () + 4)));
}

/**
 * interleave_server_model_scenario_new:
 * @preset: the real server
 * @info: (nullable): its /__interleave/info
 * @calibration: (nullable): what calibrating that server measured
 * @timeslice_ns: the OS scheduler's time slice on this machine
 *   (interleave_measure_os_timeslice()), the simulated quantum; 0 for
 *   the simulator's default
 * @plan: what each request does, in the text form
 * @load: the load, as the live measurement sends it
 * @duration_ns: how long to simulate
 * @seed: the simulation's seed
 * @record_spans: keep the timeline (spans) too, not only the requests
 * @error: a location for a #GError
 *
 * A scenario of one architecture, the server's twin, on a machine with
 * this machine's processors, loaded as `interleave measure` loads the
 * real server: closed-loop clients on keep-alive connections, or an open
 * loop on a pool of connections.
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL with @error set
 */
InterleaveScenario *
interleave_server_model_scenario_new (const InterleaveServerPreset      *preset,
                                      JsonObject                        *info,
                                      const InterleaveCalibrationServer *calibration,
                                      gint64                             timeslice_ns,
                                      const char                        *plan,
                                      const InterleaveServerModelLoad   *load,
                                      gint64                             duration_ns,
                                      guint64                            seed,
                                      gboolean                           record_spans,
                                      GError                           **error)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autofree char *arch = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *plan_json = NULL;
  char rate[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (load != NULL, NULL);

  arch = interleave_server_model_architecture_json (preset, info);
  duration = interleave_time_to_string (duration_ns);
  {
    g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), plan);
    plan_json = json_to_string (node, FALSE);
  }

  g_string_append_printf (json, "{ \"title\": \"%s\", \"seed\": %" G_GUINT64_FORMAT ", \"duration\": \"%s\",",
                          "fidelity", seed, duration);
  g_string_append_printf (json, " \"machine\": { \"cores\": %u", MIN (g_get_num_processors (), INTERLEAVE_SCENARIO_MAX_CORES));
  if (timeslice_ns > 0)
    {
      /* The quantum must be longer than the context switch (5 µs). */
      g_autofree char *quantum = interleave_time_to_string (CLAMP (timeslice_ns, 50000, G_GINT64_CONSTANT (1000000000)));
      g_string_append_printf (json, ", \"quantum\": \"%s\"", quantum);
    }
  /* The load generator runs on these cores too: what it spends per
   * request (calibrated) competes with the server for them. */
  if (calibration != NULL && calibration->client_cpu_ns > 0)
    {
      g_autofree char *client_cpu = interleave_time_to_string (MIN (calibration->client_cpu_ns, 100 * G_GINT64_CONSTANT (1000000)));
      g_string_append_printf (json, ", \"client_cpu\": \"%s\"", client_cpu);
    }
  /* Cores that slept wake late (measured with the same server). */
  if (calibration != NULL && calibration->idle_wake_ns > 0)
    {
      g_autofree char *idle_wake = interleave_time_to_string (MIN (calibration->idle_wake_ns, 10 * G_GINT64_CONSTANT (1000000)));
      g_string_append_printf (json, ", \"idle_wake\": \"%s\"", idle_wake);
    }
  g_string_append (json, " },");
  g_string_append (json, " \"workload\": { \"arrivals\": ");
  if (load->closed)
    g_string_append_printf (json, "{ \"kind\": \"closed\", \"clients\": %u, \"keepalive\": true }", load->clients);
  else
    g_string_append_printf (json, "{ \"kind\": \"%s\", \"rate\": %s, \"keepalive\": true, \"connections\": %u }",
                            load->poisson ? "poisson" : "constant",
                            g_ascii_formatd (rate, sizeof rate, "%.6f", load->rate),
                            MAX (load->connections, 1));
  g_string_append_printf (json, ", \"classes\": [ { \"name\": \"plan\", \"plan\": %s } ] },", plan_json);
  g_string_append_printf (json, " \"architectures\": [ %s ],", arch);
  if (record_spans)
    g_string_append (json, " \"record\": { \"requests\": 10000000, \"spans\": 4000000, \"cores\": true } }");
  else
    g_string_append (json, " \"record\": { \"requests\": 10000000, \"spans\": 0, \"cores\": false } }");

  scenario = interleave_scenario_load_data (json->str, json->len, "fidelity", error);
  if (scenario == NULL)
    return NULL;

  if (calibration != NULL)
    {
      InterleaveArchRuntime runtime = preset->runtime == INTERLEAVE_RUNTIME_NODE
                                      ? INTERLEAVE_ARCH_RUNTIME_NODE : INTERLEAVE_ARCH_RUNTIME_PYTHON;
      g_autoptr(InterleaveCalibration) profile = interleave_calibration_new (runtime);
      InterleaveCalibrationServer section = *calibration;

      /* Whatever mode it was measured as, it calibrates this server. */
      section.mode = (char *) interleave_calibration_mode_for (&scenario->architectures[0]);
      if (section.mode != NULL && interleave_calibration_set_server (profile, &section))
        interleave_calibration_apply (profile, &scenario->architectures[0]);
    }

  if (!interleave_scenario_validate (scenario, error))
    return NULL;

  return g_steal_pointer (&scenario);
}
