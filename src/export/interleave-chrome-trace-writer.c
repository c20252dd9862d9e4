/* interleave-chrome-trace-writer.c
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
#include <math.h>
#include <string.h>

#include "interleave-chrome-trace-writer.h"
#include "interleave-output-file.h"

#define FLUSH_SIZE (256 * 1024)

/* Counter tracks written from the metric windows. */
static const struct {
  InterleaveMetric metric;
  const char      *name;
} counters[] = {
  { INTERLEAVE_METRIC_THROUGHPUT, "throughput (req/s)" },
  { INTERLEAVE_METRIC_LATENCY_P99, "latency p99 (ms)" },
  { INTERLEAVE_METRIC_IN_FLIGHT, "in flight" },
  { INTERLEAVE_METRIC_QUEUE, "accept queue" },
  { INTERLEAVE_METRIC_CPU, "cores busy" },
  { INTERLEAVE_METRIC_GIL_CONTENDED, "GIL contended" },
  { INTERLEAVE_METRIC_LOOP_LAG, "event-loop lag (ms)" },
};

struct _InterleaveChromeTraceWriter
{
  GOutputStream *stream;
  GString       *buffer;
  guint          n_traces;
  guint          n_events;
  gboolean       closed;
};

/**
 * interleave_chrome_trace_writer_new:
 * @stream: where the JSON goes
 *
 * Returns: (transfer full): a writer; add traces, then close it
 */
InterleaveChromeTraceWriter *
interleave_chrome_trace_writer_new (GOutputStream *stream)
{
  InterleaveChromeTraceWriter *writer;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  writer = g_new0 (InterleaveChromeTraceWriter, 1);
  writer->stream = g_object_ref (stream);
  writer->buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  g_string_append (writer->buffer, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");

  return writer;
}

void
interleave_chrome_trace_writer_free (InterleaveChromeTraceWriter *writer)
{
  if (writer == NULL)
    return;

  g_clear_object (&writer->stream);
  if (writer->buffer != NULL)
    g_string_free (writer->buffer, TRUE);
  g_free (writer);
}

static gboolean
flush (InterleaveChromeTraceWriter  *writer,
       gboolean                      force,
       GCancellable                 *cancellable,
       GError                      **error)
{
  GString *buffer = writer->buffer;

  if (buffer->len == 0 || (!force && buffer->len < FLUSH_SIZE))
    return TRUE;

  if (!g_output_stream_write_all (writer->stream, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (buffer, 0);
  return TRUE;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* Microseconds, exact from nanoseconds: "1234.567". */
static void
append_us (GString *out,
           gint64   ns)
{
  if (ns < 0)
    {
      g_string_append_c (out, '-');
      ns = -ns;
    }
  g_string_append_printf (out, "%" G_GINT64_FORMAT ".%03d", ns / 1000, (int) (ns % 1000));
}

static void
begin_event (InterleaveChromeTraceWriter *writer)
{
  if (writer->n_events++ > 0)
    g_string_append (writer->buffer, ",\n");
}

static void
append_metadata (InterleaveChromeTraceWriter *writer,
                 const char                  *what,
                 guint                        pid,
                 guint                        tid,
                 const char                  *name,
                 gint64                       sort_index)
{
  GString *out = writer->buffer;

  begin_event (writer);
  g_string_append_printf (out, "{\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"%s_name\",\"args\":{\"name\":",
                          pid, tid, what);
  append_json_string (out, name);
  g_string_append (out, "}}");

  begin_event (writer);
  g_string_append_printf (out, "{\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"%s_sort_index\",\"args\":{\"sort_index\":%" G_GINT64_FORMAT "}}",
                          pid, tid, what, sort_index);
}

/**
 * interleave_chrome_trace_writer_add_trace:
 * @writer: a writer
 * @trace: a trace (one architecture, or one measured server)
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Appends @trace. Its processes get pids after those of the traces added
 * before, named "TRACE: PROCESS"; its lanes are tids (lane index + 1).
 *
 * Returns: %TRUE on success
 */
gboolean
interleave_chrome_trace_writer_add_trace (InterleaveChromeTraceWriter  *writer,
                                          const InterleaveTrace        *trace,
                                          GCancellable                 *cancellable,
                                          GError                      **error)
{
  GString *out;
  guint base, metrics_pid;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (!writer->closed, FALSE);
  g_return_val_if_fail (trace != NULL, FALSE);

  out = writer->buffer;
  /* pids: 1000 per trace, so each architecture's processes stay together. */
  base = ++writer->n_traces * 1000;
  metrics_pid = base + 999;

  for (guint p = 0; p < trace->processes->len && p < 998; p++)
    {
      const InterleaveProcess *process = g_ptr_array_index (trace->processes, p);
      g_autofree char *name = g_strdup_printf ("%s: %s", trace->name, process->name);

      append_metadata (writer, "process", base + p + 1, 0, name, base + p + 1);
    }

  for (guint l = 0; l < trace->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);
      guint pid = base + MIN (lane->process, 997u) + 1;

      append_metadata (writer, "thread", pid, l + 1, lane->name, l);

      for (guint i = 0; i < lane->spans->len; i++)
        {
          const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, i);
          const char *state = span->state < INTERLEAVE_N_STATES
            ? interleave_state_to_string (span->state) : "unknown";

          begin_event (writer);
          g_string_append_printf (out, "{\"ph\":\"X\",\"pid\":%u,\"tid\":%u,\"name\":\"%s\",\"cat\":\"%s\",\"ts\":",
                                  pid, l + 1, state, state);
          append_us (out, span->start);
          g_string_append (out, ",\"dur\":");
          append_us (out, span->end - span->start);
          g_string_append_printf (out, ",\"args\":{\"state\":\"%s\"", state);
          if (span->request != INTERLEAVE_NO_REQUEST)
            g_string_append_printf (out, ",\"request\":%u", span->request);
          if (span->phase != INTERLEAVE_NO_PHASE)
            g_string_append_printf (out, ",\"phase\":%u", span->phase);
          if (span->cause != INTERLEAVE_NO_LANE && span->cause < trace->lanes->len)
            {
              const InterleaveLane *cause = g_ptr_array_index (trace->lanes, span->cause);

              g_string_append (out, lane->kind == INTERLEAVE_LANE_CORE ? ",\"thread\":" : ",\"cause\":");
              append_json_string (out, cause->name);
            }
          g_string_append (out, "}}");

          if (!flush (writer, FALSE, cancellable, error))
            return FALSE;
        }
    }

  if (trace->windows->len > 0)
    {
      g_autofree char *name = g_strdup_printf ("%s: %s", trace->name, _("metrics"));

      append_metadata (writer, "process", metrics_pid, 0, name, metrics_pid);

      for (guint i = 0; i < trace->windows->len; i++)
        {
          const InterleaveWindow *w = &g_array_index (trace->windows, InterleaveWindow, i);

          for (guint c = 0; c < G_N_ELEMENTS (counters); c++)
            {
              char number[G_ASCII_DTOSTR_BUF_SIZE];
              double value = w->values[counters[c].metric];

              if (!isfinite (value))
                continue;

              begin_event (writer);
              g_string_append_printf (out, "{\"ph\":\"C\",\"pid\":%u,\"tid\":0,\"name\":\"%s\",\"ts\":",
                                      metrics_pid, counters[c].name);
              append_us (out, w->start);
              g_string_append_printf (out, ",\"args\":{\"value\":%s}}",
                                      g_ascii_formatd (number, sizeof number, "%.9g", value));
            }

          if (!flush (writer, FALSE, cancellable, error))
            return FALSE;
        }
    }

  return flush (writer, FALSE, cancellable, error);
}

/**
 * interleave_chrome_trace_writer_close:
 * @writer: a writer
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Ends the JSON document and closes the stream.
 *
 * Returns: %TRUE on success
 */
gboolean
interleave_chrome_trace_writer_close (InterleaveChromeTraceWriter  *writer,
                                      GCancellable                 *cancellable,
                                      GError                      **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (!writer->closed, FALSE);

  writer->closed = TRUE;
  g_string_append (writer->buffer, "\n]}\n");

  return flush (writer, TRUE, cancellable, error) &&
         g_output_stream_close (writer->stream, cancellable, error);
}

/**
 * interleave_chrome_trace_writer_save:
 * @path: a file
 * @traces: (array length=n_traces): traces, one per architecture
 * @n_traces: how many
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success; the error names @path
 */
gboolean
interleave_chrome_trace_writer_save (const char              *path,
                                     InterleaveTrace * const *traces,
                                     guint                    n_traces,
                                     GError                 **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(InterleaveChromeTraceWriter) writer = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (n_traces == 0 || traces != NULL, FALSE);

  file = g_file_new_for_commandline_arg (path);
  stream = interleave_output_file_open (file, G_FILE_CREATE_NONE, &local_error);
  if (stream != NULL)
    {
      writer = interleave_chrome_trace_writer_new (stream);
      for (guint i = 0; i < n_traces && local_error == NULL; i++)
        interleave_chrome_trace_writer_add_trace (writer, traces[i], NULL, &local_error);
      if (local_error == NULL)
        interleave_chrome_trace_writer_close (writer, NULL, &local_error);
    }

  if (local_error != NULL)
    {
      if (stream != NULL && !g_output_stream_is_closed (stream))
        interleave_output_file_abort (stream);
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not write the trace to “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
