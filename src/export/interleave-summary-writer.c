/* interleave-summary-writer.c
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
#include <math.h>
#include <string.h>

#include "interleave-summary-writer.h"
#include "interleave-output-file.h"

/* JSON has no NaN: unknown figures are written as null. */
static void
add_number (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_summary (JsonBuilder             *builder,
             const InterleaveSummary *summary)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, summary->name);
  json_builder_set_member_name (builder, "completed");
  json_builder_add_int_value (builder, summary->completed);
  json_builder_set_member_name (builder, "refused");
  json_builder_add_int_value (builder, summary->refused);
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, summary->failed);
  json_builder_set_member_name (builder, "in_flight");
  json_builder_add_int_value (builder, summary->in_flight);
  add_number (builder, "duration_s", summary->duration_s);
  add_number (builder, "throughput", summary->throughput);

  json_builder_set_member_name (builder, "latency_ms");
  json_builder_begin_object (builder);
  add_number (builder, "mean", summary->latency_mean_ms);
  add_number (builder, "p50", summary->latency_p50_ms);
  add_number (builder, "p95", summary->latency_p95_ms);
  add_number (builder, "p99", summary->latency_p99_ms);
  add_number (builder, "max", summary->latency_max_ms);
  json_builder_end_object (builder);

  add_number (builder, "cpu_utilisation", summary->cpu_utilisation);
  add_number (builder, "gil_contended", summary->gil_contended);
  json_builder_end_object (builder);
}

/**
 * interleave_summary_writer_to_json:
 * @scenario: scenario title, or the server description for a measurement
 * @summaries: (array length=n_summaries): one per architecture
 * @n_summaries: how many
 *
 * Returns: (transfer full): the summary document of DESIGN.md,
 *   `{"scenario": …, "architectures": [ … ]}`, pretty-printed
 */
char *
interleave_summary_writer_to_json (const char               *scenario,
                                   InterleaveSummary *const *summaries,
                                   guint                     n_summaries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (n_summaries == 0 || summaries != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scenario");
  json_builder_add_string_value (builder, scenario);
  json_builder_set_member_name (builder, "architectures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_summaries; i++)
    add_summary (builder, summaries[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

gboolean
interleave_summary_writer_save_json (const char               *path,
                                     const char               *scenario,
                                     InterleaveSummary *const *summaries,
                                     guint                     n_summaries,
                                     GError                  **error)
{
  g_autofree char *json = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  json = interleave_summary_writer_to_json (scenario, summaries, n_summaries);
  file = g_file_new_for_commandline_arg (path);

  if (!interleave_output_file_write_contents (file, json, strlen (json), G_FILE_CREATE_NONE, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is a file name, then an error message */
                   _("Could not write the summary to “%s”: %s"),
                   path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
