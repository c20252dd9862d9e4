/* interleave-fidelity-report.c
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
#include <json-glib/json-glib.h>
#include <math.h>

#include "interleave-fidelity-runner.h"

/* The fidelity runner's results as JSON (per cell: the simulated and
 * measured figures and their relative errors, as fractions), as a
 * Markdown table and as a text table for a terminal. */

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_figures (JsonBuilder                     *builder,
             const char                      *name,
             const InterleaveFidelityFigures *figures)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_number (builder, "throughput", figures->throughput);
  add_number (builder, "mean_ms", figures->mean_ms);
  add_number (builder, "p50_ms", figures->p50_ms);
  add_number (builder, "p99_ms", figures->p99_ms);
  json_builder_set_member_name (builder, "completed");
  json_builder_add_int_value (builder, (gint64) figures->completed);
  json_builder_set_member_name (builder, "errors");
  json_builder_add_int_value (builder, (gint64) figures->errors);
  json_builder_end_object (builder);
}

static const char *
load_kind_name (InterleaveFidelityLoadKind kind)
{
  switch (kind)
    {
    case INTERLEAVE_FIDELITY_LOAD_CLOSED:     return "closed";
    case INTERLEAVE_FIDELITY_LOAD_SATURATION: return "saturation";
    case INTERLEAVE_FIDELITY_LOAD_RATE:
    default:                                  return "rate";
    }
}

/**
 * interleave_fidelity_runner_to_json:
 * @self: a runner
 *
 * Returns: (transfer full): the results so far as JSON (docs/fidelity.md)
 */
char *
interleave_fidelity_runner_to_json (InterleaveFidelityRunner *self)
{
  const InterleaveFidelityMatrix *m = interleave_fidelity_runner_get_matrix (self);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint done = 0, passed = 0, failed_cells = 0;

  for (guint i = 0; i < m->n_cells; i++)
    {
      const InterleaveFidelityCell *cell = interleave_fidelity_runner_get_cell (self, i);

      done += cell->done;
      passed += cell->done && cell->pass;
      failed_cells += cell->error != NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "matrix");
  json_builder_add_string_value (builder, m->title);
  json_builder_set_member_name (builder, "calibration");
  json_builder_add_string_value (builder, interleave_fidelity_calibration_to_string (m->calibration));
  json_builder_set_member_name (builder, "balance");
  json_builder_add_string_value (builder, m->balance_at_tick ? "tick" : "none");
  add_number (builder, "duration_s", m->duration_ns / 1e9);
  add_number (builder, "warmup_s", m->warmup_ns / 1e9);
  json_builder_set_member_name (builder, "tolerances");
  json_builder_begin_object (builder);
  add_number (builder, "throughput", m->tolerance_throughput);
  add_number (builder, "p50", m->tolerance_p50);
  add_number (builder, "p99", m->tolerance_p99);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cores");
  json_builder_add_int_value (builder, g_get_num_processors ());
  add_number (builder, "parallelism", interleave_fidelity_runner_get_parallelism (self));
  add_number (builder, "sched_tick_ms", interleave_fidelity_runner_get_tick (self) / 1e6);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "cells_total");
  json_builder_add_int_value (builder, m->n_cells);
  json_builder_set_member_name (builder, "cells_done");
  json_builder_add_int_value (builder, done);
  json_builder_set_member_name (builder, "passed");
  json_builder_add_int_value (builder, passed);
  json_builder_set_member_name (builder, "cells_failed_to_run");
  json_builder_add_int_value (builder, failed_cells);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  {
    const GPtrArray *warnings = interleave_fidelity_runner_get_warnings (self);

    for (guint i = 0; i < warnings->len; i++)
      json_builder_add_string_value (builder, g_ptr_array_index (warnings, i));
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "cells");
  json_builder_begin_array (builder);
  for (guint i = 0; i < m->n_cells; i++)
    {
      const InterleaveFidelityCell *cell = interleave_fidelity_runner_get_cell (self, i);
      g_autofree char *load = interleave_fidelity_load_to_string (&cell->spec.load);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, cell->spec.server);
      json_builder_set_member_name (builder, "plan");
      json_builder_add_string_value (builder, cell->spec.plan);
      json_builder_set_member_name (builder, "load");
      json_builder_add_string_value (builder, load);
      json_builder_set_member_name (builder, "load_kind");
      json_builder_add_string_value (builder, load_kind_name (cell->spec.load.kind));
      if (cell->spec.load.kind == INTERLEAVE_FIDELITY_LOAD_CLOSED)
        {
          json_builder_set_member_name (builder, "clients");
          json_builder_add_int_value (builder, cell->spec.load.clients);
        }
      else
        {
          json_builder_set_member_name (builder, "arrivals");
          json_builder_add_string_value (builder, cell->spec.load.poisson ? "poisson" : "constant");
          if (cell->spec.load.kind == INTERLEAVE_FIDELITY_LOAD_SATURATION)
            add_number (builder, "saturation", cell->spec.load.fraction);
          add_number (builder, "rate", cell->rate);
        }

      json_builder_set_member_name (builder, "done");
      json_builder_add_boolean_value (builder, cell->done);
      json_builder_set_member_name (builder, "error");
      if (cell->error != NULL)
        json_builder_add_string_value (builder, cell->error);
      else
        json_builder_add_null_value (builder);

      if (cell->done)
        {
          add_figures (builder, "measured", &cell->measured);
          add_figures (builder, "simulated", &cell->simulated);
          add_number (builder, "throughput_error", cell->throughput_error);
          add_number (builder, "p50_error", cell->p50_error);
          add_number (builder, "p99_error", cell->p99_error);
          json_builder_set_member_name (builder, "pass");
          json_builder_add_boolean_value (builder, cell->pass);
          json_builder_set_member_name (builder, "p99_pass");
          json_builder_add_boolean_value (builder, cell->p99_pass);
        }

      json_builder_set_member_name (builder, "attempts");
      json_builder_add_int_value (builder, cell->attempts);
      add_number (builder, "background_cores", cell->background);
      add_number (builder, "server_cores", cell->server_cpu);
      add_number (builder, "calibration_background_cores", cell->calibration_background);

      json_builder_set_member_name (builder, "calibration");
      if (cell->calibrated)
        {
          json_builder_begin_object (builder);
          add_number (builder, "overhead_us", cell->calibration.overhead_ns / 1e3);
          add_number (builder, "cpu_factor", cell->calibration.cpu_factor);
          add_number (builder, "native_factor", cell->calibration.native_factor);
          if (isfinite (cell->native_factor_before))
            add_number (builder, "native_factor_before", cell->native_factor_before);
          add_number (builder, "io_extra_us", cell->calibration.io_extra_ns / 1e3);
          add_number (builder, "latency_us", cell->calibration.latency_ns / 1e3);
          add_number (builder, "client_cpu_us", cell->calibration.client_cpu_ns / 1e3);
          add_number (builder, "gil_handoff_us", cell->calibration.gil_handoff_ns / 1e3);
          add_number (builder, "native_spread", cell->calibration.native_spread);
          add_number (builder, "idle_wake_us", cell->calibration.idle_wake_ns / 1e3);
          json_builder_end_object (builder);
          if (cell->delivery_jitter_ns >= 0)
            add_number (builder, "delivery_jitter_us", cell->delivery_jitter_ns / 1e3);
          if (cell->host_slowdown != NULL)
            {
              json_builder_set_member_name (builder, "host_slowdown");
              json_builder_begin_array (builder);
              for (guint k = 0; k < cell->host_slowdown->len; k++)
                json_builder_add_double_value (builder, round (g_array_index (cell->host_slowdown, double, k) * 1000) / 1000);
              json_builder_end_array (builder);
            }
        }
      else
        json_builder_add_null_value (builder);

      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

static char *
format_error (double error)
{
  if (!isfinite (error))
    return g_strdup ("–");
  return g_strdup_printf ("%+.1f %%", error * 100.0);
}

static char *
format_value (double value)
{
  if (!isfinite (value))
    return g_strdup ("–");
  if (fabs (value) >= 100)
    return g_strdup_printf ("%.0f", value);
  if (fabs (value) >= 10)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.2f", value);
}

static const char *
verdict (const InterleaveFidelityCell *cell)
{
  if (cell->error != NULL)
    return _("error");
  if (!cell->done)
    return "";
  return cell->pass ? (cell->p99_pass ? "ok" : _("ok (p99)")) : _("MISS");
}

typedef struct
{
  char *measured;
  char *simulated;
  char *error;
} Triple;

static void
triple_clear (Triple *t)
{
  g_free (t->measured);
  g_free (t->simulated);
  g_free (t->error);
}

static void
triple_init (Triple *t,
             double  measured,
             double  simulated,
             double  error)
{
  t->measured = format_value (measured);
  t->simulated = format_value (simulated);
  t->error = format_error (error);
}

/**
 * interleave_fidelity_runner_to_markdown:
 * @self: a runner
 *
 * Returns: (transfer full): the results as a Markdown table
 */
char *
interleave_fidelity_runner_to_markdown (InterleaveFidelityRunner *self)
{
  const InterleaveFidelityMatrix *m = interleave_fidelity_runner_get_matrix (self);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s\n\n", m->title);
  g_string_append (out, "| Server | Plan | Load | req/s real | req/s sim | error | p50 real (ms) | p50 sim | error "
                        "| p99 real (ms) | p99 sim | error | |\n");
  g_string_append (out, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");

  for (guint i = 0; i < m->n_cells; i++)
    {
      const InterleaveFidelityCell *cell = interleave_fidelity_runner_get_cell (self, i);
      g_autofree char *load = interleave_fidelity_load_to_string (&cell->spec.load);
      Triple t = { 0 }, p50 = { 0 }, p99 = { 0 };

      if (isfinite (cell->rate))
        {
          char *with_rate = g_strdup_printf ("%s (%.0f req/s)", load, cell->rate);
          g_free (load);
          load = with_rate;
        }

      triple_init (&t, cell->measured.throughput, cell->simulated.throughput, cell->throughput_error);
      triple_init (&p50, cell->measured.p50_ms, cell->simulated.p50_ms, cell->p50_error);
      triple_init (&p99, cell->measured.p99_ms, cell->simulated.p99_ms, cell->p99_error);

      if (!cell->done)
        g_string_append_printf (out, "| %s | %s | %s | | | | | | | | | | %s |\n",
                                cell->spec.server, cell->spec.plan, load,
                                cell->error != NULL ? cell->error : "");
      else
        g_string_append_printf (out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                                cell->spec.server, cell->spec.plan, load,
                                t.measured, t.simulated, t.error,
                                p50.measured, p50.simulated, p50.error,
                                p99.measured, p99.simulated, p99.error, verdict (cell));

      triple_clear (&t);
      triple_clear (&p50);
      triple_clear (&p99);
    }

  g_string_append_printf (out, "\n%u of %u cells within ±%.0f %% (throughput) and ±%.0f %% (p50).\n",
                          interleave_fidelity_runner_count_passed (self), m->n_cells,
                          m->tolerance_throughput * 100, m->tolerance_p50 * 100);

  return g_string_free (out, FALSE);
}

/**
 * interleave_fidelity_runner_to_table:
 * @self: a runner
 *
 * Returns: (transfer full): the results as a text table for a terminal
 */
char *
interleave_fidelity_runner_to_table (InterleaveFidelityRunner *self)
{
  const InterleaveFidelityMatrix *m = interleave_fidelity_runner_get_matrix (self);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%-17s %-12s %-22s │ %21s │ %21s │ %21s │\n",
                          _("Server"), _("Plan"), _("Load"), _("throughput (req/s)"), _("p50 (ms)"), _("p99 (ms)"));
  g_string_append_printf (out, "%-17s %-12s %-22s │ %6s %6s %7s │ %6s %6s %7s │ %6s %6s %7s │\n",
                          "", "", "", _("real"), _("sim"), _("error"), _("real"), _("sim"), _("error"),
                          _("real"), _("sim"), _("error"));

  for (guint i = 0; i < m->n_cells; i++)
    {
      const InterleaveFidelityCell *cell = interleave_fidelity_runner_get_cell (self, i);
      g_autofree char *load = interleave_fidelity_load_to_string (&cell->spec.load);
      Triple t = { 0 }, p50 = { 0 }, p99 = { 0 };

      if (isfinite (cell->rate))
        {
          char *with_rate = g_strdup_printf ("%s=%.0f/s", load, cell->rate);
          g_free (load);
          load = with_rate;
        }

      if (!cell->done)
        {
          g_string_append_printf (out, "%-17s %-12s %-22s │ %s\n", cell->spec.server, cell->spec.plan, load,
                                  cell->error != NULL ? cell->error : _("not run"));
          continue;
        }

      triple_init (&t, cell->measured.throughput, cell->simulated.throughput, cell->throughput_error);
      triple_init (&p50, cell->measured.p50_ms, cell->simulated.p50_ms, cell->p50_error);
      triple_init (&p99, cell->measured.p99_ms, cell->simulated.p99_ms, cell->p99_error);
      g_string_append_printf (out, "%-17s %-12s %-22s │ %6s %6s %7s │ %6s %6s %7s │ %6s %6s %7s │ %s\n",
                              cell->spec.server, cell->spec.plan, load,
                              t.measured, t.simulated, t.error,
                              p50.measured, p50.simulated, p50.error,
                              p99.measured, p99.simulated, p99.error, verdict (cell));
      triple_clear (&t);
      triple_clear (&p50);
      triple_clear (&p99);
    }

  return g_string_free (out, FALSE);
}
