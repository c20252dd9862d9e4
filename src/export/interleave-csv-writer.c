/* interleave-csv-writer.c
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

#include <math.h>
#include <string.h>

#include "interleave-csv-writer.h"

#define FLUSH_SIZE (64 * 1024)

static const char *status_names[] = { "in-flight", "completed", "refused", "failed" };

static const char *metric_columns[INTERLEAVE_N_METRICS] = {
  "throughput_per_s", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
  "latency_max_ms", "in_flight", "queue", "cpu_cores", "gil_held",
  "gil_contended", "loop_lag_ms", "errors_per_s",
};

/**
 * interleave_csv_writer_append_field:
 * @line: where to append
 * @text: a field
 *
 * Appends @text as one CSV field (RFC 4180): quoted when it holds a comma,
 * a quote or a line break, with quotes doubled.
 */
void
interleave_csv_writer_append_field (GString    *line,
                                    const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (line, text);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

/* Exact milliseconds from nanoseconds: "12.345678". */
static void
append_ms (GString *line,
           gint64   ns)
{
  gint64 whole = ns / 1000000;
  gint64 frac = ns % 1000000;

  if (ns < 0 && frac != 0)
    {
      g_string_append_c (line, '-');
      whole = -whole;
      frac = -frac;
    }
  g_string_append_printf (line, "%" G_GINT64_FORMAT ".%06d", whole, (int) frac);
}

static void
append_number (GString *line,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return;
  g_string_append (line, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
}

static gboolean
flush (GOutputStream  *stream,
       GString        *buffer,
       gboolean        force,
       GCancellable   *cancellable,
       GError        **error)
{
  if (buffer->len == 0 || (!force && buffer->len < FLUSH_SIZE))
    return TRUE;

  if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (buffer, 0);
  return TRUE;
}

/**
 * interleave_csv_writer_write_requests:
 * @stream: where to write
 * @trace: a trace
 * @header: whether to write the header line first
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * One row per recorded request: `architecture,request,class,worker,status,
 * arrival_ms,accepted_ms,done_ms,latency_ms,wait_ms`. Worker numbers start
 * at 1; empty fields are unknown (not accepted, not done).
 *
 * Returns: %TRUE on success
 */
gboolean
interleave_csv_writer_write_requests (GOutputStream          *stream,
                                      const InterleaveTrace  *trace,
                                      gboolean                header,
                                      GCancellable           *cancellable,
                                      GError                **error)
{
  g_autoptr(GString) buffer = g_string_sized_new (FLUSH_SIZE + 1024);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (trace != NULL, FALSE);

  if (header)
    g_string_append (buffer, "architecture,request,class,worker,status,arrival_ms,accepted_ms,done_ms,latency_ms,wait_ms\n");

  for (guint i = 0; i < trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);

      if (r->arrival < 0)
        continue;

      interleave_csv_writer_append_field (buffer, trace->name);
      g_string_append_printf (buffer, ",%u,", r->id);
      if (r->klass < trace->class_names->len)
        interleave_csv_writer_append_field (buffer, g_ptr_array_index (trace->class_names, r->klass));
      g_string_append_c (buffer, ',');
      if (r->process != INTERLEAVE_NO_LANE)
        g_string_append_printf (buffer, "%u", r->process + 1u);
      g_string_append_c (buffer, ',');
      g_string_append (buffer, r->status < G_N_ELEMENTS (status_names) ? status_names[r->status] : "");
      g_string_append_c (buffer, ',');
      append_ms (buffer, r->arrival);
      g_string_append_c (buffer, ',');
      if (r->accepted >= 0)
        append_ms (buffer, r->accepted);
      g_string_append_c (buffer, ',');
      if (r->done >= 0)
        append_ms (buffer, r->done);
      g_string_append_c (buffer, ',');
      if (r->done >= 0 && r->status == INTERLEAVE_REQUEST_COMPLETED)
        append_ms (buffer, r->done - r->arrival);
      g_string_append_c (buffer, ',');
      if (r->accepted >= 0)
        append_ms (buffer, r->accepted - r->arrival);
      g_string_append_c (buffer, '\n');

      if (!flush (stream, buffer, FALSE, cancellable, error))
        return FALSE;
    }

  return flush (stream, buffer, TRUE, cancellable, error);
}

/**
 * interleave_csv_writer_write_series:
 * @stream: where to write
 * @trace: a trace
 * @header: whether to write the header line first
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * One row per metric window: `architecture,window_start_ms,window_ms`,
 * then one column per #InterleaveMetric. Empty fields do not apply (no
 * GIL, no event loop, no request completed in the window).
 *
 * Returns: %TRUE on success
 */
gboolean
interleave_csv_writer_write_series (GOutputStream          *stream,
                                    const InterleaveTrace  *trace,
                                    gboolean                header,
                                    GCancellable           *cancellable,
                                    GError                **error)
{
  g_autoptr(GString) buffer = g_string_sized_new (FLUSH_SIZE + 1024);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (trace != NULL, FALSE);

  if (header)
    {
      g_string_append (buffer, "architecture,window_start_ms,window_ms");
      for (guint m = 0; m < INTERLEAVE_N_METRICS; m++)
        g_string_append_printf (buffer, ",%s", metric_columns[m]);
      g_string_append_c (buffer, '\n');
    }

  for (guint i = 0; i < trace->windows->len; i++)
    {
      const InterleaveWindow *w = &g_array_index (trace->windows, InterleaveWindow, i);
      gint64 next = i + 1 < trace->windows->len
        ? g_array_index (trace->windows, InterleaveWindow, i + 1).start
        : MAX (trace->end, w->start);
      gint64 width = MIN (next - w->start, trace->window_ns);

      if (width <= 0)
        width = trace->window_ns;

      interleave_csv_writer_append_field (buffer, trace->name);
      g_string_append_c (buffer, ',');
      append_ms (buffer, w->start);
      g_string_append_c (buffer, ',');
      append_ms (buffer, width);
      for (guint m = 0; m < INTERLEAVE_N_METRICS; m++)
        {
          g_string_append_c (buffer, ',');
          append_number (buffer, w->values[m]);
        }
      g_string_append_c (buffer, '\n');

      if (!flush (stream, buffer, FALSE, cancellable, error))
        return FALSE;
    }

  return flush (stream, buffer, TRUE, cancellable, error);
}
