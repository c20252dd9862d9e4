/* test-chrome-trace-writer.c
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
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "interleave-chrome-trace-writer.h"

static InterleaveTrace *
make_trace (const char *name)
{
  InterleaveTrace *trace = interleave_trace_new (name, 1, 1000000);
  InterleaveWindow w = { .start = 0 };
  InterleaveSpan s;

  interleave_trace_add_process (trace, "Worker 1", 0);
  interleave_trace_add_process (trace, "CPU", 1);
  interleave_trace_add_lane (trace, 0, INTERLEAVE_LANE_THREAD, "Thread 1", 0);
  interleave_trace_add_lane (trace, 0, INTERLEAVE_LANE_THREAD, "Thread \"2\"", 1);
  interleave_trace_add_lane (trace, 1, INTERLEAVE_LANE_CORE, "Core 1", 2);

  s = (InterleaveSpan) { .start = 1000, .end = 5001500, .request = 7, .state = INTERLEAVE_STATE_RUNNING, .phase = 0, .cause = INTERLEAVE_NO_LANE };
  interleave_trace_append_span (trace, 0, &s);
  s = (InterleaveSpan) { .start = 2000000, .end = 5001500, .request = 8, .state = INTERLEAVE_STATE_GIL_WAIT, .phase = 1, .cause = 0 };
  interleave_trace_append_span (trace, 1, &s);
  s = (InterleaveSpan) { .start = 1000, .end = 5001500, .request = 7, .state = INTERLEAVE_STATE_RUNNING, .phase = 0, .cause = 0 };
  interleave_trace_append_span (trace, 2, &s);
  s = (InterleaveSpan) { .start = 6000000, .end = 7000000, .request = INTERLEAVE_NO_REQUEST, .state = INTERLEAVE_STATE_IO_WAIT, .phase = INTERLEAVE_NO_PHASE, .cause = INTERLEAVE_NO_LANE };
  interleave_trace_append_span (trace, 0, &s);

  for (guint m = 0; m < INTERLEAVE_N_METRICS; m++)
    w.values[m] = NAN;
  w.values[INTERLEAVE_METRIC_THROUGHPUT] = 250;
  g_array_append_val (trace->windows, w);
  trace->end = 8000000;

  return trace;
}

static JsonArray *
parse_events (JsonParser *parser,
              const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "traceEvents");
}

static void
test_format (void)
{
  g_autoptr(InterleaveTrace) a = make_trace ("Python \"threads\"");
  g_autoptr(InterleaveTrace) b = make_trace ("Node.js");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(InterleaveChromeTraceWriter) writer = interleave_chrome_trace_writer_new (stream);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonArray *events;
  guint slices = 0, counters = 0;
  gboolean saw_gil_wait = FALSE, saw_process = FALSE, saw_thread = FALSE;
  GHashTable *pids = g_hash_table_new (NULL, NULL);

  g_assert_true (interleave_chrome_trace_writer_add_trace (writer, a, NULL, &error));
  g_assert_true (interleave_chrome_trace_writer_add_trace (writer, b, NULL, &error));
  g_assert_true (interleave_chrome_trace_writer_close (writer, NULL, &error));
  g_assert_no_error (error);

  json = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  events = parse_events (parser, json);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (e, "ph");
      const char *name = json_object_get_string_member (e, "name");

      g_hash_table_add (pids, GINT_TO_POINTER (json_object_get_int_member (e, "pid")));

      if (g_str_equal (ph, "X"))
        {
          JsonObject *args = json_object_get_object_member (e, "args");

          slices++;
          if (g_str_equal (name, "gil-wait"))
            {
              saw_gil_wait = TRUE;
              /* Microseconds, exact to the nanosecond. */
              g_assert_cmpfloat (json_object_get_double_member (e, "ts"), ==, 2000.0);
              g_assert_cmpfloat (json_object_get_double_member (e, "dur"), ==, 3001.5);
              g_assert_cmpint (json_object_get_int_member (args, "request"), ==, 8);
              g_assert_cmpint (json_object_get_int_member (args, "phase"), ==, 1);
              g_assert_cmpstr (json_object_get_string_member (args, "state"), ==, "gil-wait");
              g_assert_cmpstr (json_object_get_string_member (args, "cause"), ==, "Thread 1");
              g_assert_cmpint (json_object_get_int_member (e, "tid"), ==, 2);
            }
          if (g_str_equal (name, "io-wait"))
            g_assert_false (json_object_has_member (args, "request"));
          if (json_object_get_int_member (e, "tid") == 3)
            g_assert_cmpstr (json_object_get_string_member (args, "thread"), ==, "Thread 1");
        }
      else if (g_str_equal (ph, "C"))
        {
          counters++;
          g_assert_cmpstr (name, ==, "throughput (req/s)");
        }
      else if (g_str_equal (ph, "M") && g_str_equal (name, "process_name"))
        {
          const char *pname = json_object_get_string_member (json_object_get_object_member (e, "args"), "name");
          if (g_str_equal (pname, "Python \"threads\": Worker 1"))
            saw_process = TRUE;
        }
      else if (g_str_equal (ph, "M") && g_str_equal (name, "thread_name"))
        {
          const char *tname = json_object_get_string_member (json_object_get_object_member (e, "args"), "name");
          if (g_str_equal (tname, "Thread \"2\""))
            saw_thread = TRUE;
        }
    }

  g_assert_cmpuint (slices, ==, 2 * 4);
  g_assert_cmpuint (counters, ==, 2);
  g_assert_true (saw_gil_wait);
  g_assert_true (saw_process);
  g_assert_true (saw_thread);
  /* Two traces × (two processes + metrics): six distinct pids. */
  g_assert_cmpuint (g_hash_table_size (pids), ==, 6);
  g_hash_table_unref (pids);
}

static void
test_save (void)
{
  g_autoptr(InterleaveTrace) a = make_trace ("a");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-trace-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  InterleaveTrace *traces[1] = { a };

  g_assert_true (interleave_chrome_trace_writer_save (path, traces, 1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpuint (json_array_get_length (parse_events (parser, contents)), >, 4);

  g_assert_false (interleave_chrome_trace_writer_save ("/nonexistent/trace.json", traces, 1, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent/trace.json"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chrome-trace-writer/format", test_format);
  g_test_add_func ("/chrome-trace-writer/save", test_save);

  return g_test_run ();
}
