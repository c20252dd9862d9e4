/* interleave-scenario-writer.c
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

#define G_LOG_DOMAIN "interleave-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "interleave-scenario-writer.h"
#include "interleave-output-file.h"

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       ns)
{
  g_autofree char *text = interleave_time_to_string (ns);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_slowdown (JsonBuilder              *builder,
              const InterleaveScenario *scenario)
{
  json_builder_set_member_name (builder, "slowdown");
  json_builder_begin_object (builder);
  add_time (builder, "step", scenario->slowdown_step_ns);
  json_builder_set_member_name (builder, "factors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scenario->n_slowdown; i++)
    json_builder_add_double_value (builder, scenario->slowdown[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_arrivals (JsonBuilder              *builder,
              const InterleaveArrivals *arrivals)
{
  static const char * const kinds[] = { "poisson", "constant", "closed" };

  json_builder_set_member_name (builder, "arrivals");
  json_builder_begin_object (builder);
  add_string (builder, "kind", kinds[arrivals->kind]);
  if (arrivals->kind == INTERLEAVE_ARRIVALS_CLOSED)
    {
      add_int (builder, "clients", arrivals->clients);
      add_time (builder, "think", arrivals->think_ns);
      add_string (builder, "think_dist", arrivals->think_dist == INTERLEAVE_DIST_CONST ? "const" : "exp");
    }
  else
    add_double (builder, "rate", arrivals->rate);
  add_bool (builder, "keepalive", arrivals->keepalive);
  add_int (builder, "connections", arrivals->connections);
  json_builder_end_object (builder);
}

static gboolean
plan_is_constant (const InterleavePlan *plan)
{
  for (guint i = 0; i < plan->n_phases; i++)
    if (plan->phases[i].dist != INTERLEAVE_DIST_CONST)
      return FALSE;

  return TRUE;
}

static void
add_plan (JsonBuilder          *builder,
          const InterleavePlan *plan)
{
  static const char * const dists[] = { "const", "exp", "lognormal" };

  json_builder_set_member_name (builder, "plan");

  /* The text form, shared with the servers, when it says everything. */
  if (plan_is_constant (plan))
    {
      g_autofree char *text = interleave_plan_to_string (plan);
      json_builder_add_string_value (builder, text);
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->n_phases; i++)
    {
      const InterleavePhase *phase = &plan->phases[i];

      json_builder_begin_object (builder);
      add_string (builder, "phase", interleave_phase_kind_to_string (phase->kind));
      add_time (builder, "mean", phase->mean_ns);
      add_string (builder, "dist", dists[phase->dist]);
      if (phase->dist == INTERLEAVE_DIST_LOGNORMAL)
        add_double (builder, "cv", phase->cv);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_architecture (JsonBuilder                  *builder,
                  const InterleaveArchitecture *arch)
{
  json_builder_begin_object (builder);
  add_string (builder, "name", arch->name);
  add_string (builder, "kind", interleave_arch_kind_to_string (arch->kind));
  add_string (builder, "runtime", interleave_arch_runtime_to_string (arch->runtime));
  add_int (builder, "workers", arch->workers);
  if (arch->kind == INTERLEAVE_ARCH_THREADS)
    add_int (builder, "threads", arch->threads);
  add_int (builder, "pool", arch->pool);
  if (arch->runtime == INTERLEAVE_ARCH_RUNTIME_PYTHON)
    {
      add_bool (builder, "gil", arch->gil);
      add_time (builder, "switch_interval", arch->switch_interval_ns);
      /* A calibrated hand-off belongs to this machine, not to the scenario. */
      if (arch->given & INTERLEAVE_ARCH_GIVEN_GIL_HANDOFF)
        add_time (builder, "gil_handoff", arch->gil_handoff_ns);
    }
  add_string (builder, "dispatch", interleave_dispatch_to_string (arch->dispatch));
  add_int (builder, "backlog", arch->backlog);
  if (arch->kind != INTERLEAVE_ARCH_SYNC)
    add_bool (builder, "keepalive", arch->keepalive);
  add_time (builder, "overhead", arch->overhead_ns);
  add_double (builder, "slowdown", arch->slowdown);
  json_builder_end_object (builder);
}

/**
 * interleave_scenario_writer_to_json:
 * @scenario: a valid scenario
 *
 * Returns: (transfer full): the scenario as pretty-printed JSON
 */
char *
interleave_scenario_writer_to_json (const InterleaveScenario *scenario)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);

  json_builder_begin_object (builder);
  if (scenario->title != NULL)
    add_string (builder, "title", scenario->title);
  if (scenario->description != NULL)
    add_string (builder, "description", scenario->description);
  add_int (builder, "seed", (gint64) scenario->seed);
  add_time (builder, "duration", scenario->duration_ns);
  add_time (builder, "window", scenario->window_ns);

  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  add_int (builder, "cores", scenario->cores);
  add_time (builder, "quantum", scenario->quantum_ns);
  add_time (builder, "context_switch", scenario->context_switch_ns);
  if (scenario->client_cpu_ns > 0)
    add_time (builder, "client_cpu", scenario->client_cpu_ns);
  if (scenario->idle_wake_ns > 0)
    {
      add_time (builder, "idle_wake", scenario->idle_wake_ns);
      add_time (builder, "idle_sleep", scenario->idle_sleep_ns);
    }
  if (scenario->delivery_jitter_ns > 0)
    add_time (builder, "delivery_jitter", scenario->delivery_jitter_ns);
  if (scenario->balance_interval_ns > 0)
    add_time (builder, "balance_interval", scenario->balance_interval_ns);
  if (scenario->wake_stay > 0)
    add_double (builder, "wake_stay", scenario->wake_stay);
  if (scenario->n_slowdown > 0)
    add_slowdown (builder, scenario);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "workload");
  json_builder_begin_object (builder);
  if (scenario->has_arrivals)
    add_arrivals (builder, &scenario->arrivals);
  json_builder_set_member_name (builder, "classes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scenario->n_classes; i++)
    {
      const InterleaveRequestClass *klass = &scenario->classes[i];

      json_builder_begin_object (builder);
      add_string (builder, "name", klass->name);
      add_double (builder, "weight", klass->weight);
      add_plan (builder, &klass->plan);
      if (klass->has_arrivals)
        add_arrivals (builder, &klass->arrivals);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "architectures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scenario->n_architectures; i++)
    add_architecture (builder, &scenario->architectures[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "record");
  json_builder_begin_object (builder);
  if (scenario->record.until_ns < INTERLEAVE_SCENARIO_MAX_DURATION_NS)
    add_time (builder, "until", scenario->record.until_ns);
  add_int (builder, "requests", scenario->record.max_requests);
  add_int (builder, "spans", scenario->record.max_spans);
  add_bool (builder, "cores", scenario->record.cores);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, NULL);
}

/**
 * interleave_scenario_writer_save:
 * @scenario: a valid scenario
 * @file: where to write; replaced atomically
 * @error: when the file cannot be written
 *
 * Returns: whether the file was written
 */
gboolean
interleave_scenario_writer_save (const InterleaveScenario  *scenario,
                                 GFile                     *file,
                                 GError                   **error)
{
  g_autofree char *json = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json = interleave_scenario_writer_to_json (scenario);
  if (!interleave_output_file_write_contents (file, json, strlen (json), G_FILE_CREATE_REPLACE_DESTINATION, error))
    {
      name = g_file_get_parse_name (file);
      g_prefix_error (error, _("Cannot write “%s”: "), name);
      return FALSE;
    }

  return TRUE;
}
