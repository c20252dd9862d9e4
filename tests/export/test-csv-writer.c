/* test-csv-writer.c
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

#include <math.h>
#include <string.h>

#include "interleave-csv-writer.h"

static InterleaveTrace *
make_trace (const char *name)
{
  InterleaveTrace *trace = interleave_trace_new (name, 2, 100000000);
  InterleaveWindow w = { .start = 0 };

  interleave_trace_add_process (trace, "Worker 1", 0);
  interleave_trace_add_lane (trace, 0, INTERLEAVE_LANE_LOOP, "Event loop", 0);
  g_ptr_array_add (trace->class_names, g_strdup ("api"));
  g_ptr_array_add (trace->class_names, g_strdup ("slow, \"big\" report"));

  interleave_trace_set_request (trace, &(InterleaveRequest) {
    .id = 0, .klass = 0, .process = 0, .status = INTERLEAVE_REQUEST_COMPLETED,
    .arrival = 1500000, .accepted = 2000001, .done = 12345678 });
  interleave_trace_set_request (trace, &(InterleaveRequest) {
    .id = 2, .klass = 1, .process = INTERLEAVE_NO_LANE, .status = INTERLEAVE_REQUEST_REFUSED,
    .arrival = 3000000, .accepted = -1, .done = 3000000 });
  interleave_trace_set_request (trace, &(InterleaveRequest) {
    .id = 3, .klass = 0, .process = 1, .status = INTERLEAVE_REQUEST_IN_FLIGHT,
    .arrival = 90000000, .accepted = 95000000, .done = -1 });

  for (guint m = 0; m < INTERLEAVE_N_METRICS; m++)
    w.values[m] = NAN;
  w.values[INTERLEAVE_METRIC_THROUGHPUT] = 10;
  w.values[INTERLEAVE_METRIC_LATENCY_P50] = 10.845678;
  w.values[INTERLEAVE_METRIC_IN_FLIGHT] = 0.25;
  w.values[INTERLEAVE_METRIC_CPU] = 1.0 / 3.0;
  g_array_append_val (trace->windows, w);
  w.start = 100000000;
  w.values[INTERLEAVE_METRIC_THROUGHPUT] = 0;
  g_array_append_val (trace->windows, w);
  trace->end = 150000000;

  return trace;
}

static char *
write_to_string (gboolean series)
{
  g_autoptr(InterleaveTrace) a = make_trace ("Node.js");
  g_autoptr(InterleaveTrace) b = make_trace ("gunicorn, sync");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  if (series)
    {
      g_assert_true (interleave_csv_writer_write_series (stream, a, TRUE, NULL, &error));
      g_assert_true (interleave_csv_writer_write_series (stream, b, FALSE, NULL, &error));
    }
  else
    {
      g_assert_true (interleave_csv_writer_write_requests (stream, a, TRUE, NULL, &error));
      g_assert_true (interleave_csv_writer_write_requests (stream, b, FALSE, NULL, &error));
    }
  g_assert_no_error (error);
  g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL);
  g_output_stream_close (stream, NULL, NULL);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
test_requests (void)
{
  g_autofree char *csv = write_to_string (FALSE);

  g_assert_cmpstr (csv, ==,
    "architecture,request,class,worker,status,arrival_ms,accepted_ms,done_ms,latency_ms,wait_ms\n"
    "Node.js,0,api,1,completed,1.500000,2.000001,12.345678,10.845678,0.500001\n"
    "Node.js,2,\"slow, \"\"big\"\" report\",,refused,3.000000,,3.000000,,\n"
    "Node.js,3,api,2,in-flight,90.000000,95.000000,,,5.000000\n"
    "\"gunicorn, sync\",0,api,1,completed,1.500000,2.000001,12.345678,10.845678,0.500001\n"
    "\"gunicorn, sync\",2,\"slow, \"\"big\"\" report\",,refused,3.000000,,3.000000,,\n"
    "\"gunicorn, sync\",3,api,2,in-flight,90.000000,95.000000,,,5.000000\n");
}

static void
test_series (void)
{
  g_autofree char *csv = write_to_string (TRUE);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  g_assert_cmpstr (lines[0], ==,
    "architecture,window_start_ms,window_ms,throughput_per_s,latency_p50_ms,latency_p95_ms,"
    "latency_p99_ms,latency_max_ms,in_flight,queue,cpu_cores,gil_held,gil_contended,loop_lag_ms,errors_per_s");
  g_assert_cmpstr (lines[1], ==, "Node.js,0.000000,100.000000,10,10.845678,,,,0.25,,0.333333333,,,,");
  /* The last window is cut at the trace's end. */
  g_assert_cmpstr (lines[2], ==, "Node.js,100.000000,50.000000,0,10.845678,,,,0.25,,0.333333333,,,,");
  g_assert_cmpstr (lines[3], ==, "\"gunicorn, sync\",0.000000,100.000000,10,10.845678,,,,0.25,,0.333333333,,,,");
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
}

static void
test_write_error (void)
{
  g_autoptr(InterleaveTrace) a = make_trace ("x");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_close (stream, NULL, NULL);
  g_assert_false (interleave_csv_writer_write_requests (stream, a, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-writer/requests", test_requests);
  g_test_add_func ("/csv-writer/series", test_series);
  g_test_add_func ("/csv-writer/write-error", test_write_error);

  return g_test_run ();
}
