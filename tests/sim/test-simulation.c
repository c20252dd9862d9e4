/* test-simulation.c
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
#include "sim-test-util.h"

/* Every architecture at once, with a mix that exercises every path:
 * lognormal and exponential phases, I/O, native work, overheads. */
static const char *mixed_json =
  "{ \"title\": \"mixed\", \"seed\": 42, \"duration\": \"3s\", \"window\": \"50ms\","
  "  \"machine\": { \"cores\": 2 },"
  "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 250 },"
  "    \"classes\": ["
  "      { \"name\": \"api\", \"weight\": 0.8, \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"1ms\", \"dist\": \"exp\" },"
  "                                                    { \"phase\": \"io\", \"mean\": \"8ms\", \"dist\": \"lognormal\", \"cv\": 0.7 },"
  "                                                    { \"phase\": \"native\", \"mean\": \"0.5ms\" } ] },"
  "      { \"name\": \"report\", \"weight\": 0.2, \"plan\": \"cpu:6,io:2,cpu:1\" },"
  "      { \"name\": \"poller\", \"plan\": \"io:5,cpu:0.2\","
  "        \"arrivals\": { \"kind\": \"closed\", \"clients\": 5, \"think\": \"20ms\" } } ] },"
  "  \"architectures\": ["
  "    { \"name\": \"Node.js\", \"preset\": \"node\" },"
  "    { \"name\": \"Node cluster\", \"preset\": \"node-cluster\" },"
  "    { \"name\": \"ThreadingHTTPServer\", \"preset\": \"python-threaded\" },"
  "    { \"name\": \"gunicorn sync\", \"preset\": \"gunicorn-sync\" },"
  "    { \"name\": \"gunicorn gthread\", \"preset\": \"gunicorn-gthread\", \"dispatch\": \"hash\" },"
  "    { \"name\": \"asyncio\", \"preset\": \"asyncio\", \"pool\": 2 },"
  "    { \"name\": \"3.13t\", \"preset\": \"python-freethreaded\" },"
  "    { \"name\": \"keep-alive pool\", \"kind\": \"threads\", \"threads\": 3, \"workers\": 2 } ] }";

static char *
csv_of (const InterleaveTrace *trace,
        gboolean               series)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  if (series)
    g_assert_true (interleave_csv_writer_write_series (stream, trace, TRUE, NULL, &error));
  else
    g_assert_true (interleave_csv_writer_write_requests (stream, trace, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (stream, NULL, &error));

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
assert_traces_equal (const InterleaveTrace *a,
                     const InterleaveTrace *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->end, ==, b->end);
  g_assert_cmpuint (a->processes->len, ==, b->processes->len);
  g_assert_cmpuint (a->lanes->len, ==, b->lanes->len);
  for (guint l = 0; l < a->lanes->len; l++)
    {
      const InterleaveLane *x = g_ptr_array_index (a->lanes, l);
      const InterleaveLane *y = g_ptr_array_index (b->lanes, l);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpuint (x->process, ==, y->process);
      g_assert_cmpuint (x->spans->len, ==, y->spans->len);
      g_assert_cmpmem (x->spans->data, x->spans->len * sizeof (InterleaveSpan),
                       y->spans->data, y->spans->len * sizeof (InterleaveSpan));
    }
  g_assert_cmpuint (a->requests->len, ==, b->requests->len);
  for (guint i = 0; i < a->requests->len; i++)
    {
      const InterleaveRequest *x = &g_array_index (a->requests, InterleaveRequest, i);
      const InterleaveRequest *y = &g_array_index (b->requests, InterleaveRequest, i);

      g_assert_cmpuint (x->id, ==, y->id);
      g_assert_cmpuint (x->klass, ==, y->klass);
      g_assert_cmpuint (x->process, ==, y->process);
      g_assert_cmpuint (x->status, ==, y->status);
      g_assert_cmpint (x->arrival, ==, y->arrival);
      g_assert_cmpint (x->accepted, ==, y->accepted);
      g_assert_cmpint (x->done, ==, y->done);
    }
  g_assert_cmpuint (a->windows->len, ==, b->windows->len);
  g_assert_cmpmem (a->windows->data, a->windows->len * sizeof (InterleaveWindow),
                   b->windows->data, b->windows->len * sizeof (InterleaveWindow));
}

/* Same scenario and seed: the same bytes, for every architecture. */
static void
test_determinism (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);

  for (guint a = 0; a < scenario->n_architectures; a++)
    {
      g_auto(SimTestRun) one = { 0 };
      g_auto(SimTestRun) two = { 0 };
      g_autofree char *csv1 = NULL, *csv2 = NULL, *series1 = NULL, *series2 = NULL;

      sim_test_run (scenario, a, &one);
      sim_test_run (scenario, a, &two);
      csv1 = csv_of (one.trace, FALSE);
      csv2 = csv_of (two.trace, FALSE);
      series1 = csv_of (one.trace, TRUE);
      series2 = csv_of (two.trace, TRUE);

      g_test_message ("%s: %" G_GUINT64_FORMAT " requests, %u spans, %" G_GSIZE_FORMAT " bytes of CSV",
                      one.summary->name, one.arrived, interleave_trace_get_n_spans (one.trace), strlen (csv1));
      g_assert_cmpuint (one.arrived, >, 700);
      g_assert_cmpstr (csv1, ==, csv2);
      g_assert_cmpstr (series1, ==, series2);
      assert_traces_equal (one.trace, two.trace);
    }
}

/* Every architecture sees the very same workload: arrivals and the
 * demands of each request do not depend on how the server behaves. */
static void
test_common_workload (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);
  g_auto(SimTestRun) node = { 0 };
  g_auto(SimTestRun) threads = { 0 };
  guint compared = 0;

  sim_test_run (scenario, 0, &node);
  sim_test_run (scenario, 2, &threads);

  /* Open-loop requests (classes 0 and 1) arrive at the same times with
   * the same class in both. Closed-loop ones depend on response times. */
  for (guint i = 0, j = 0; i < node.trace->requests->len && j < threads.trace->requests->len; )
    {
      const InterleaveRequest *x = &g_array_index (node.trace->requests, InterleaveRequest, i);
      const InterleaveRequest *y = &g_array_index (threads.trace->requests, InterleaveRequest, j);

      if (x->klass == 2) { i++; continue; }
      if (y->klass == 2) { j++; continue; }
      g_assert_cmpint (x->arrival, ==, y->arrival);
      g_assert_cmpuint (x->klass, ==, y->klass);
      compared++;
      i++;
      j++;
    }
  g_test_message ("%u open-loop arrivals identical in both", compared);
  g_assert_cmpuint (compared, >, 600);
  for (guint k = 0; k < 2; k++)
    {
      const InterleaveTrace *trace = k == 0 ? node.trace : threads.trace;
      guint open_loop = 0;

      for (guint i = 0; i < trace->requests->len; i++)
        open_loop += g_array_index (trace->requests, InterleaveRequest, i).klass != 2;
      g_assert_cmpuint (open_loop, ==, compared);
    }
}

static void
test_seed_changes_output (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);
  g_auto(SimTestRun) one = { 0 };
  g_auto(SimTestRun) two = { 0 };
  g_autofree char *csv1 = NULL, *csv2 = NULL;

  sim_test_run (scenario, 2, &one);
  scenario->seed = 43;
  sim_test_run (scenario, 2, &two);
  csv1 = csv_of (one.trace, FALSE);
  csv2 = csv_of (two.trace, FALSE);
  g_assert_cmpstr (csv1, !=, csv2);
}

typedef struct
{
  InterleaveTrace *trace;
  guint            n_deltas;
  gint64           last_end;
  GCancellable    *cancel_after;
  guint            cancel_at;
  GThread         *expected_thread;
  guint            most_spans;   /* in one delta */
  guint            most_lanes;
} Collector;

static void
collect (InterleaveTrace *delta,
         gpointer         user_data)
{
  Collector *c = user_data;

  if (c->expected_thread != NULL)
    g_assert_true (g_thread_self () == c->expected_thread);

  /* Deltas come in order, and hold nothing after their end. */
  g_assert_cmpint (delta->end, >=, c->last_end);
  c->last_end = delta->end;
  for (guint l = 0; l < delta->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (delta->lanes, l);

      if (lane->spans->len > 0)
        g_assert_cmpint (g_array_index (lane->spans, InterleaveSpan, lane->spans->len - 1).end, <=, delta->end);
    }

  c->most_spans = MAX (c->most_spans, interleave_trace_get_n_spans (delta));
  c->most_lanes = MAX (c->most_lanes, delta->lanes->len);
  interleave_trace_merge (c->trace, delta);
  interleave_trace_free (delta);

  if (++c->n_deltas == c->cancel_at && c->cancel_after != NULL)
    g_cancellable_cancel (c->cancel_after);
}

/* However often deltas are handed out, the merged trace is the same. */
static void
test_streaming (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);

  for (guint a = 0; a < scenario->n_architectures; a++)
    {
      g_autoptr(InterleaveSimulation) fine = interleave_simulation_new (scenario, a);
      g_autoptr(InterleaveSimulation) coarse = interleave_simulation_new (scenario, a);
      g_autoptr(InterleaveTrace) t1 = interleave_trace_new (scenario->architectures[a].name, scenario->cores, scenario->window_ns);
      g_autoptr(InterleaveTrace) t2 = interleave_trace_new (scenario->architectures[a].name, scenario->cores, scenario->window_ns);
      Collector c1 = { .trace = t1 }, c2 = { .trace = t2 };
      g_autoptr(GError) error = NULL;

      interleave_simulation_set_delta_interval (fine, 1000000, 25);
      interleave_simulation_set_delta_interval (coarse, G_GINT64_CONSTANT (10000000000), 10000000);
      g_assert_true (interleave_simulation_run (fine, collect, &c1, NULL, &error));
      g_assert_true (interleave_simulation_run (coarse, collect, &c2, NULL, &error));
      g_assert_no_error (error);

      g_test_message ("%s: %u fine deltas, %u coarse", t1->name, c1.n_deltas, c2.n_deltas);
      g_assert_cmpuint (c1.n_deltas, >, 200);
      g_assert_cmpuint (c2.n_deltas, ==, 1);
      assert_traces_equal (t1, t2);
    }
}

/* One process of threads, overloaded: hundreds of threads wait for the
 * GIL, and every hand-off splits a span on each of them. A delta must
 * stay small in spans however few events it holds, so that merging it
 * never stalls the UI thread. */
static const char *gil_crowd_json =
  "{ \"title\": \"crowd\", \"seed\": 3, \"duration\": \"1s\","
  "  \"machine\": { \"cores\": 4 },"
  "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 300 },"
  "    \"classes\": [ { \"name\": \"cpu-bound\", \"plan\": \"cpu:10\" } ] },"
  "  \"architectures\": [ { \"name\": \"threads\", \"preset\": \"python-threaded\" } ] }";

static void
test_delta_spans_bounded (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (gil_crowd_json);
  g_autoptr(InterleaveSimulation) small = interleave_simulation_new (scenario, 0);
  g_autoptr(InterleaveSimulation) whole = interleave_simulation_new (scenario, 0);
  g_autoptr(InterleaveTrace) t1 = interleave_trace_new ("threads", scenario->cores, scenario->window_ns);
  g_autoptr(InterleaveTrace) t2 = interleave_trace_new ("threads", scenario->cores, scenario->window_ns);
  Collector c1 = { .trace = t1 }, c2 = { .trace = t2 };
  g_autoptr(GError) error = NULL;
  guint events = 500;

  interleave_simulation_set_delta_interval (small, G_GINT64_CONSTANT (10000000000), events);
  interleave_simulation_set_delta_interval (whole, G_GINT64_CONSTANT (10000000000), 10000000);
  g_assert_true (interleave_simulation_run (small, collect, &c1, NULL, &error));
  g_assert_true (interleave_simulation_run (whole, collect, &c2, NULL, &error));
  g_assert_no_error (error);

  g_test_message ("%u spans on %u lanes in %u deltas of at most %u spans",
                  interleave_trace_get_n_spans (t1), t1->lanes->len, c1.n_deltas, c1.most_spans);

  /* The crowd is there: many lanes, and a trace several deltas long. */
  g_assert_cmpuint (t1->lanes->len, >, 50);
  g_assert_cmpuint (interleave_trace_get_n_spans (t1), >, 2 * MAX (events, 32 * t1->lanes->len));
  /* The bound: the larger of the event count and 32 per lane, plus what
   * one event and the closing of open spans may add (a span per lane
   * each). */
  g_assert_cmpuint (c1.most_spans, <=, MAX (events, 32 * c1.most_lanes) + 2 * c1.most_lanes);
  assert_traces_equal (t1, t2);
}

static void
test_cancel (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);
  g_autoptr(InterleaveSimulation) sim = interleave_simulation_new (scenario, 0);
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("x", 2, scenario->window_ns);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Collector c = { .trace = trace, .cancel_after = cancellable, .cancel_at = 3 };

  interleave_simulation_set_delta_interval (sim, 10000000, 100000);
  g_assert_false (interleave_simulation_run (sim, collect, &c, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* It noticed at once: nothing was simulated after the third delta. */
  g_test_message ("cancelled at %.3f s of %.3f s after %u deltas",
                  interleave_simulation_get_now (sim) / 1e9, scenario->duration_ns / 1e9, c.n_deltas);
  g_assert_cmpuint (c.n_deltas, ==, 3);
  g_assert_cmpint (interleave_simulation_get_now (sim), <, scenario->duration_ns / 10);
  g_assert_cmpint (trace->end, ==, interleave_simulation_get_now (sim));
}

typedef struct
{
  GMainLoop         *loop;
  InterleaveSummary *summary;
  GError            *error;
  gboolean           done;
  Collector         *collector;
  guint              deltas_at_finish;
} AsyncResultData;

static void
on_async_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncResultData *data = user_data;

  data->summary = interleave_simulate_finish (result, &data->error);
  data->deltas_at_finish = data->collector->n_deltas;
  data->done = TRUE;
  g_main_loop_quit (data->loop);
}

/* A worker thread simulates; deltas arrive on the caller's main context,
 * in order, all before the result; the trace equals a synchronous run. */
static void
test_async (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("ThreadingHTTPServer", 2, scenario->window_ns);
  g_autoptr(InterleaveTrace) sync_trace = NULL;
  g_autoptr(InterleaveSummary) sync_summary = NULL;
  g_autoptr(GError) error = NULL;
  Collector c = { .trace = trace, .expected_thread = g_thread_self () };
  AsyncResultData data = { .loop = loop, .collector = &c };

  interleave_simulate_async (scenario, 2, collect, &c, NULL, NULL, on_async_done, &data);
  g_main_loop_run (loop);

  g_assert_true (data.done);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.summary);
  g_assert_cmpuint (data.deltas_at_finish, ==, c.n_deltas);
  g_assert_cmpuint (c.n_deltas, >, 10);

  sync_trace = interleave_simulate (scenario, 2, NULL, &sync_summary, &error);
  g_assert_no_error (error);
  assert_traces_equal (trace, sync_trace);
  g_assert_cmpuint (data.summary->completed, ==, sync_summary->completed);
  g_assert_cmpfloat (data.summary->latency_mean_ms, ==, sync_summary->latency_mean_ms);

  interleave_summary_free (data.summary);
}

static void
test_async_cancel (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("x", 2, scenario->window_ns);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Collector c = { .trace = trace, .cancel_after = cancellable, .cancel_at = 1 };
  AsyncResultData data = { .loop = loop, .collector = &c };

  /* Long enough that it cannot finish before the first delta is seen. */
  scenario->duration_ns = G_GINT64_CONSTANT (600) * 1000000000;
  interleave_simulate_async (scenario, 0, collect, &c, NULL, cancellable, on_async_done, &data);
  g_main_loop_run (loop);

  g_assert_true (data.done);
  g_assert_null (data.summary);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled after %u deltas, at %.3f s of 600 s", c.n_deltas, trace->end / 1e9);
  g_assert_cmpint (trace->end, <, scenario->duration_ns);
  g_clear_error (&data.error);
}

/* Recording limits keep huge runs bounded; what is kept is complete. */
static void
test_record_limits (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);
  g_auto(SimTestRun) full = { 0 };

  sim_test_run (scenario, 2, &full);
  g_assert_cmpint (full.trace->recorded_until, ==, G_MAXINT64);

  /* A time limit. */
  {
    g_auto(SimTestRun) run = { 0 };

    scenario->record.until_ns = 1000000000;
    sim_test_run (scenario, 2, &run);
    g_assert_cmpint (run.trace->recorded_until, ==, 1000000000);
    for (guint l = 0; l < run.trace->lanes->len; l++)
      {
        const InterleaveLane *lane = g_ptr_array_index (run.trace->lanes, l);

        for (guint i = 0; i < lane->spans->len; i++)
          g_assert_cmpint (g_array_index (lane->spans, InterleaveSpan, i).end, <=, 1000000000);
      }
    for (guint i = 0; i < run.trace->requests->len; i++)
      g_assert_cmpint (g_array_index (run.trace->requests, InterleaveRequest, i).arrival, <, 1000000000);
    /* Summary and windows still cover the whole run. */
    g_assert_cmpuint (run.summary->completed, ==, full.summary->completed);
    g_assert_cmpuint (run.trace->windows->len, ==, full.trace->windows->len);
  }

  /* A span budget: recording stops when it is spent, cleanly. */
  {
    g_auto(SimTestRun) run = { 0 };
    guint n;

    scenario->record.until_ns = INTERLEAVE_SCENARIO_MAX_DURATION_NS;
    scenario->record.max_spans = 2000;
    sim_test_run (scenario, 2, &run);
    n = interleave_trace_get_n_spans (run.trace);
    g_test_message ("span budget 2000: %u spans kept, recorded until %.3f s", n, run.trace->recorded_until / 1e9);
    g_assert_cmpuint (n, <=, 2000 + run.trace->lanes->len);
    g_assert_cmpuint (n, >=, 1000);
    g_assert_cmpint (run.trace->recorded_until, >, 0);
    g_assert_cmpint (run.trace->recorded_until, <, scenario->duration_ns);
  }

  /* A request budget. */
  {
    g_auto(SimTestRun) run = { 0 };

    scenario->record.max_spans = 4000000;
    scenario->record.max_requests = 100;
    sim_test_run (scenario, 2, &run);
    g_assert_cmpuint (run.trace->requests->len, ==, 100);
    for (guint i = 0; i < 100; i++)
      g_assert_cmpuint (g_array_index (run.trace->requests, InterleaveRequest, i).id, ==, i);
  }
}

/* Internal consistency of a complete trace. */
static void
check_trace (const InterleaveScenario *scenario,
             guint                     a,
             const SimTestRun         *run)
{
  const InterleaveTrace *trace = run->trace;
  const InterleaveArchitecture *arch = &scenario->architectures[a];
  g_autoptr(InterleaveSummary) from_trace = interleave_summary_new_from_trace (trace);
  double thread_busy = 0, core_busy = 0;
  guint cores = 0;

  for (guint l = 0; l < trace->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);

      g_assert_cmpuint (lane->process, <, trace->processes->len);
      cores += lane->kind == INTERLEAVE_LANE_CORE;

      for (guint i = 0; i < lane->spans->len; i++)
        {
          const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, i);
          double length = span->end - span->start;

          g_assert_cmpint (span->start, <, span->end);
          g_assert_cmpint (span->end, <=, trace->end);
          if (i > 0)
            g_assert_cmpint (g_array_index (lane->spans, InterleaveSpan, i - 1).end, <=, span->start);
          g_assert_cmpuint (span->state, !=, INTERLEAVE_STATE_IDLE);
          if (span->request != INTERLEAVE_NO_REQUEST && span->request < trace->requests->len)
            g_assert_cmpint (g_array_index (trace->requests, InterleaveRequest, span->request).arrival, <=, span->start);

          if (span->state == INTERLEAVE_STATE_GIL_WAIT)
            {
              g_assert_true (arch->gil);
              g_assert_cmpuint (span->cause, <, trace->lanes->len);
              g_assert_cmpuint (span->cause, !=, l);
            }
          if (lane->kind == INTERLEAVE_LANE_LOOP)
            g_assert_cmpuint (span->state, !=, INTERLEAVE_STATE_IO_WAIT);

          if (span->state == INTERLEAVE_STATE_RUNNING || span->state == INTERLEAVE_STATE_NATIVE)
            {
              if (lane->kind == INTERLEAVE_LANE_CORE)
                core_busy += length;
              else
                thread_busy += length;
            }
        }
    }

  g_assert_cmpuint (cores, ==, scenario->cores);
  /* What the threads ran, the cores ran. */
  g_assert_cmpfloat (fabs (thread_busy - core_busy), <, 1.0);

  for (guint i = 0; i < trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);

      g_assert_cmpuint (r->id, ==, i);
      g_assert_cmpint (r->arrival, >=, 0);
      if (r->accepted >= 0)
        g_assert_cmpint (r->accepted, >=, r->arrival);
      if (r->status == INTERLEAVE_REQUEST_COMPLETED)
        {
          g_assert_cmpint (r->accepted, >=, 0);
          g_assert_cmpint (r->done, >=, r->accepted);
          g_assert_cmpuint (r->process, <, arch->workers);
        }
      else if (r->status == INTERLEAVE_REQUEST_IN_FLIGHT)
        g_assert_cmpint (r->done, ==, -1);
    }

  /* The engine's running summary agrees with one computed from the
   * complete trace. */
  g_assert_cmpuint (from_trace->completed, ==, run->summary->completed);
  g_assert_cmpuint (from_trace->refused, ==, run->summary->refused);
  g_assert_cmpuint (from_trace->failed, ==, run->summary->failed);
  g_assert_cmpuint (from_trace->in_flight, ==, run->summary->in_flight);
  g_assert_cmpfloat (fabs (from_trace->latency_mean_ms - run->summary->latency_mean_ms), <, 1e-6);
  g_assert_cmpfloat (sim_test_relative_error (run->summary->latency_p50_ms, from_trace->latency_p50_ms), <, 0.005);
  g_assert_cmpfloat (sim_test_relative_error (run->summary->latency_p99_ms, from_trace->latency_p99_ms), <, 0.005);
  g_assert_cmpfloat (run->summary->latency_max_ms, ==, from_trace->latency_max_ms);
  g_assert_cmpfloat (fabs (from_trace->cpu_utilisation - run->summary->cpu_utilisation), <, 1e-9);
}

static void
test_trace_consistency (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (mixed_json);

  for (guint a = 0; a < scenario->n_architectures; a++)
    {
      g_auto(SimTestRun) run = { 0 };

      g_test_message ("architecture %s", scenario->architectures[a].name);
      sim_test_run (scenario, a, &run);
      check_trace (scenario, a, &run);
    }
}

/* Past the backlog, connections are refused and counted; past the thread
 * limit, requests fail; nothing is lost. */
static void
test_refusals (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"5s\", \"machine\": { \"cores\": 2 },"
    "  \"workload\": { \"classes\": ["
    "    { \"plan\": \"cpu:10\", \"arrivals\": { \"kind\": \"poisson\", \"rate\": 400 } },"
    "    { \"plan\": \"cpu:10\", \"arrivals\": { \"kind\": \"closed\", \"clients\": 30 } } ] },"
    "  \"architectures\": ["
    "    { \"name\": \"sync backlog 5\", \"kind\": \"sync\", \"workers\": 2, \"backlog\": 5 },"
    "    { \"name\": \"node backlog 5\", \"preset\": \"node\", \"backlog\": 5 },"
    "    { \"name\": \"rr backlog 3\", \"kind\": \"sync\", \"workers\": 2, \"backlog\": 3, \"dispatch\": \"round-robin\" } ] }");

  for (guint a = 0; a < scenario->n_architectures; a++)
    {
      g_auto(SimTestRun) run = { 0 };

      sim_test_run (scenario, a, &run);
      g_test_message ("%s: %" G_GUINT64_FORMAT " refused", run.summary->name, run.summary->refused);
      g_assert_cmpuint (run.summary->refused, >, 100);
      check_trace (scenario, a, &run);
    }
}

static void
test_thread_limit (void)
{
  /* 20 000 connections each want their own thread; 16 384 is the limit. */
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"3s\", \"machine\": { \"cores\": 2 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 20000, \"think\": \"1s\" },"
    "                  \"classes\": [ { \"plan\": \"io:2000\" } ] },"
    "  \"architectures\": [ { \"preset\": \"python-threaded\" } ],"
    "  \"record\": { \"spans\": 0 } }");
  g_auto(SimTestRun) run = { 0 };

  sim_test_run (scenario, 0, &run);
  g_test_message ("%" G_GUINT64_FORMAT " failed for want of a thread, %u lanes",
                  run.summary->failed, run.trace->lanes->len);
  g_assert_cmpuint (run.summary->failed, >, 1000);
  g_assert_cmpuint (run.trace->lanes->len, <=, 16384 + 2);
}

/* A slow callback blocks the event loop: the loop lag shows it. */
static void
test_loop_lag (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"5s\", \"machine\": { \"cores\": 2 },"
    "  \"workload\": { \"classes\": ["
    "    { \"plan\": \"cpu:0.2,io:5\", \"arrivals\": { \"kind\": \"poisson\", \"rate\": 200 } },"
    "    { \"plan\": \"cpu:80\", \"arrivals\": { \"kind\": \"constant\", \"rate\": 1 } } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" }, { \"preset\": \"gunicorn-sync\" } ] }");
  g_auto(SimTestRun) node = { 0 };
  g_auto(SimTestRun) sync = { 0 };
  double max_lag = 0;

  sim_test_run (scenario, 0, &node);
  sim_test_run (scenario, 1, &sync);
  for (guint i = 0; i < node.trace->windows->len; i++)
    max_lag = MAX (max_lag, g_array_index (node.trace->windows, InterleaveWindow, i).values[INTERLEAVE_METRIC_LOOP_LAG]);
  g_test_message ("node: worst loop lag %.1f ms", max_lag);
  g_assert_cmpfloat (max_lag, >, 70.0);
  g_assert_true (isnan (g_array_index (sync.trace->windows, InterleaveWindow, 0).values[INTERLEAVE_METRIC_LOOP_LAG]));
  g_assert_true (isnan (g_array_index (node.trace->windows, InterleaveWindow, 0).values[INTERLEAVE_METRIC_GIL_HELD]));
  g_assert_false (isnan (g_array_index (sync.trace->windows, InterleaveWindow, 0).values[INTERLEAVE_METRIC_GIL_HELD]));
}

/* Native work goes to the libuv pool in Node (the loop stays free); in
 * asyncio without an executor it blocks the loop. */
static void
test_native_pool (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"10s\", \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 8 },"
    "                  \"classes\": [ { \"plan\": \"native:10\" } ] },"
    "  \"architectures\": ["
    "    { \"kind\": \"eventloop\", \"runtime\": \"ideal\", \"pool\": 4 },"
    "    { \"kind\": \"asyncio\", \"runtime\": \"ideal\" },"
    "    { \"kind\": \"asyncio\", \"runtime\": \"ideal\", \"pool\": 2 } ] }");
  double t[3];

  for (guint a = 0; a < 3; a++)
    {
      g_auto(SimTestRun) run = { 0 };

      sim_test_run (scenario, a, &run);
      t[a] = run.summary->throughput;
    }
  g_test_message ("native:10 x 8 clients: pool of 4: %.1f req/s; on the loop: %.1f; executor of 2: %.1f",
                  t[0], t[1], t[2]);
  sim_test_check ("pool of 4 on 4 cores", t[0], 400.0, 0.01);
  sim_test_check ("native on the loop", t[1], 100.0, 0.01);
  sim_test_check ("executor of 2", t[2], 200.0, 0.01);
}

/* Open loop with a keep-alive pool: requests wait at the client for a
 * free connection, and their latency counts from when they were due. */
static void
test_open_loop_pool (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"20s\", \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": 150, \"keepalive\": true, \"connections\": 1 },"
    "                  \"classes\": [ { \"plan\": \"io:10\" } ] },"
    "  \"architectures\": [ { \"kind\": \"threads\", \"runtime\": \"ideal\" } ] }");
  g_auto(SimTestRun) run = { 0 };
  double queue_max = 0;

  sim_test_run (scenario, 0, &run);
  /* One connection serves 100 requests per second; 150 are due. */
  g_test_message ("one connection, 150 req/s due: %.1f req/s served, mean latency %.0f ms",
                  run.summary->throughput, run.summary->latency_mean_ms);
  sim_test_check ("one connection's throughput", run.summary->throughput, 100.0, 0.01);
  g_assert_cmpfloat (run.summary->latency_mean_ms, >, 1000.0);
  for (guint i = 0; i < run.trace->windows->len; i++)
    queue_max = MAX (queue_max, g_array_index (run.trace->windows, InterleaveWindow, i).values[INTERLEAVE_METRIC_QUEUE]);
  /* The server never sees more than the one connection's request. */
  g_assert_cmpfloat (queue_max, <=, 1.0);
}

/* machine.client_cpu: the load generator takes its share of the cores.
 * On one core it slows a cpu-bound server down by exactly its share; on
 * two, an event loop keeps its core and only latency grows. */
static void
test_client_cpu (void)
{
  double t[2][2];
  double cpu[2][2];

  for (guint cores = 1; cores <= 2; cores++)
    for (guint with = 0; with < 2; with++)
      {
        g_autofree char *json = g_strdup_printf (
          "{ \"duration\": \"10s\", \"machine\": { \"cores\": %u, \"context_switch\": 0%s },"
          "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 4 },"
          "                  \"classes\": [ { \"plan\": \"cpu:1\" } ] },"
          "  \"architectures\": [ { \"kind\": \"eventloop\", \"runtime\": \"ideal\" } ] }",
          cores, with ? ", \"client_cpu\": \"500us\"" : "");
        g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
        g_auto(SimTestRun) run = { 0 };
        g_auto(SimTestRun) again = { 0 };
        gboolean generator_lane = FALSE;

        sim_test_run (scenario, 0, &run);
        t[cores - 1][with] = run.summary->throughput;
        cpu[cores - 1][with] = run.summary->cpu_utilisation;

        /* Its lane, in a process of its own, shows it working. */
        for (guint l = 0; l < run.trace->lanes->len; l++)
          {
            const InterleaveLane *lane = g_ptr_array_index (run.trace->lanes, l);

            if (g_strcmp0 (lane->name, "Load generator") == 0)
              {
                generator_lane = TRUE;
                g_assert_cmpuint (lane->spans->len, >, 0);
                g_assert_cmpuint (lane->process, ==, run.trace->processes->len - 1);
              }
          }
        g_assert_true (generator_lane == (with != 0));

        /* Still deterministic. */
        sim_test_run (scenario, 0, &again);
        assert_traces_equal (run.trace, again.trace);
      }

  g_test_message ("cpu:1 x 4 clients: 1 core %.1f -> %.1f req/s with the generator; 2 cores %.1f -> %.1f",
                  t[0][0], t[0][1], t[1][0], t[1][1]);
  sim_test_check ("one core, no generator", t[0][0], 1000.0, 0.01);
  sim_test_check ("one core shared with the generator", t[0][1], 1000.0 / 1.5, 0.01);
  sim_test_check ("two cores, no generator", t[1][0], 1000.0, 0.01);
  sim_test_check ("two cores, the generator on the other", t[1][1], 1000.0, 0.01);
  /* CPU utilisation is the server's only. */
  g_assert_cmpfloat (fabs (cpu[1][1] - cpu[1][0]), <, 0.02);
}

/* machine.idle_wake: a request that finds the core asleep (idle longer
 * than idle_sleep) starts idle_wake late; one that comes after a shorter
 * idle time, that share of it. One core, an ideal event loop, cpu:1 sent
 * evenly: 10 ms apart, the core sleeps between requests; 1.5 ms apart, it
 * is idle 0.5 ms of the 4 it takes to fall asleep. The end of an io phase
 * wakes its thread io_extra late, which counts the wake-up already. */
static double
idle_wake_p50_ms (double      rate,
                  const char *plan,
                  const char *machine)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"duration\": \"2s\", \"machine\": { \"cores\": 1, \"context_switch\": 0%s },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": %.0f },"
    "                  \"classes\": [ { \"plan\": \"%s\" } ] },"
    "  \"architectures\": [ { \"kind\": \"eventloop\", \"runtime\": \"ideal\" } ] }",
    machine, rate, plan);
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (json);
  g_auto(SimTestRun) run = { 0 };

  sim_test_run (scenario, 0, &run);
  return run.summary->latency_p50_ms;
}

static void
test_idle_wake (void)
{
  const char *wake = ", \"idle_wake\": \"300us\", \"idle_sleep\": \"4ms\"";
  double asleep = idle_wake_p50_ms (100, "cpu:1", wake);
  double awake = idle_wake_p50_ms (667, "cpu:1", wake);
  double without = idle_wake_p50_ms (100, "cpu:1", "");
  double timer = idle_wake_p50_ms (50, "cpu:1,io:10,cpu:1", wake);

  g_test_message ("cpu:1 on one core: 100/s %.3f ms (%.3f without idle_wake), 667/s %.3f ms; cpu:1,io:10,cpu:1 %.3f ms",
                  asleep, without, awake, timer);
  sim_test_check ("no idle_wake", without, 1.0, 0.01);
  sim_test_check ("the core slept", asleep, 1.3, 0.01);
  /* Idle for the gap less the work and the wake-up itself: c = 0.3 (gap − 1 − c) / 4. */
  sim_test_check ("the core was dozing", awake, 1.0 + 0.075 * (1000.0 / 667 - 1.0) / 1.075, 0.002);
  sim_test_check ("a wake-up for the request, none for its timer", timer, 12.3, 0.01);
}

/* An open loop's keep-alive pool picks connections as Interleave's load
 * generator does: the least busy group of four, in it the idle connection
 * opened last. A thread per connection shows which was used. Requests
 * come every 20 ms; one in twenty waits 30 ms, so the next one overlaps
 * it and takes the second group's connection; afterwards the first
 * connection is idle again and serves the rest. (Reusing the connection
 * freed longest ago, the pool would alternate between the two for ever
 * after the first overlap.) */
static void
test_open_loop_pool_order (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"10s\", \"machine\": { \"cores\": 4 },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": 50, \"keepalive\": true, \"connections\": 8 },"
    "                  \"classes\": [ { \"weight\": 19, \"plan\": \"io:5\" }, { \"weight\": 1, \"plan\": \"io:30\" } ] },"
    "  \"architectures\": [ { \"kind\": \"threads\", \"runtime\": \"ideal\" } ] }");
  g_auto(SimTestRun) run = { 0 };
  guint most = 0, lanes = 0, total = 0;

  sim_test_run (scenario, 0, &run);
  for (guint l = 0; l < run.trace->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (run.trace->lanes, l);
      guint served = 0;
      guint32 last = INTERLEAVE_NO_REQUEST;

      if (lane->kind != INTERLEAVE_LANE_THREAD)
        continue;
      lanes++;
      for (guint k = 0; k < lane->spans->len; k++)
        {
          const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, k);

          if (span->request != INTERLEAVE_NO_REQUEST && span->request != last)
            served++;
          last = span->request;
        }
      most = MAX (most, served);
      total += served;
    }

  g_test_message ("%u connection threads; the busiest served %u of %u requests", lanes, most, total);
  g_assert_cmpuint (lanes, ==, 2);
  g_assert_cmpuint (total, >=, 490);
  g_assert_cmpfloat ((double) most / total, >=, 0.85);
}

/* machine.delivery_jitter: each request reaches the server, and each
 * response the load generator, late by an exponential time of that mean,
 * the same for every architecture. One core, cpu:1 ten times a second:
 * nobody waits, so a request's latency is 1 ms and its two delays; 1000
 * requests, delays of mean 2 ms each (their sum: mean 4 ms, median
 * 2 × 1.678, a gamma distribution's). */
static InterleaveScenario *
delivery_scenario (const char *machine)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"duration\": \"100s\", \"machine\": { \"cores\": 1, \"context_switch\": 0%s },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": 10 },"
    "                  \"classes\": [ { \"plan\": \"cpu:1\" } ] },"
    "  \"architectures\": [ { \"kind\": \"eventloop\", \"runtime\": \"ideal\" },"
    "                       { \"kind\": \"threads\", \"runtime\": \"ideal\", \"threads\": 2 } ] }",
    machine);

  return sim_test_scenario (json);
}

static void
test_delivery_jitter (void)
{
  g_autoptr(InterleaveScenario) jittered = delivery_scenario (", \"delivery_jitter\": \"2ms\"");
  g_autoptr(InterleaveScenario) plain = delivery_scenario ("");
  g_auto(SimTestRun) loop = { 0 };
  g_auto(SimTestRun) threads = { 0 };
  g_auto(SimTestRun) exact = { 0 };

  sim_test_run (jittered, 0, &loop);
  sim_test_run (jittered, 1, &threads);
  sim_test_run (plain, 0, &exact);
  g_test_message ("cpu:1, delivery_jitter 2ms: mean %.3f ms, p50 %.3f ms (without: %.3f)",
                  loop.summary->latency_mean_ms, loop.summary->latency_p50_ms, exact.summary->latency_mean_ms);

  sim_test_check ("no jitter", exact.summary->latency_mean_ms, 1.0, 0.001);
  sim_test_check ("mean: the work and two mean delays", loop.summary->latency_mean_ms, 5.0, 0.06);
  sim_test_check ("median: the work and a gamma(2, 2) median", loop.summary->latency_p50_ms, 1.0 + 2.0 * 1.67835, 0.06);

  /* The same request is as late on either architecture. */
  g_assert_cmpuint (loop.trace->requests->len, ==, threads.trace->requests->len);
  for (guint i = 0; i < loop.trace->requests->len; i++)
    {
      const InterleaveRequest *a = &g_array_index (loop.trace->requests, InterleaveRequest, i);
      const InterleaveRequest *b = &g_array_index (threads.trace->requests, InterleaveRequest, i);

      g_assert_cmpint (a->done - a->arrival, ==, b->done - b->arrival);
    }
}

/* machine.slowdown: CPU work (cpu, native and the runtime's overhead)
 * takes the factor of the moment it starts longer; after the last
 * factor, the last holds. Two cores, 20 requests a second, nobody
 * waits: each request's latency is its work, scaled. */
static void
test_machine_slowdown (void)
{
  g_autoptr(InterleaveScenario) scenario = sim_test_scenario (
    "{ \"duration\": \"4s\", \"machine\": { \"cores\": 2, \"context_switch\": 0,"
    "                \"slowdown\": { \"step\": \"1s\", \"factors\": [ 1, 2, 0.5 ] } },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": 20 },"
    "                  \"classes\": [ { \"plan\": \"cpu:1,native:4\" } ] },"
    "  \"architectures\": [ { \"kind\": \"eventloop\", \"runtime\": \"ideal\", \"pool\": 1, \"overhead\": \"2ms\" } ] }");
  g_auto(SimTestRun) run = { 0 };
  const double expected[] = { 7.0, 14.0, 3.5, 3.5 };
  guint seen[G_N_ELEMENTS (expected)] = { 0 };

  sim_test_run (scenario, 0, &run);
  for (guint i = 0; i < run.trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (run.trace->requests, InterleaveRequest, i);
      guint second = (guint) (r->arrival / G_GINT64_CONSTANT (1000000000));

      if (r->status != INTERLEAVE_REQUEST_COMPLETED || second >= G_N_ELEMENTS (expected))
        continue;
      sim_test_check ("latency, scaled by the second it ran in", (r->done - r->arrival) / 1e6, expected[second], 0.001);
      seen[second]++;
    }
  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    g_assert_cmpuint (seen[k], >=, 19);
}

static gint
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const gint64 *x = a, *y = b;

  if (x[0] != y[0])
    return x[0] < y[0] ? -1 : 1;
  return (x[1] > y[1]) - (x[1] < y[1]);   /* a core that frees before one that starts */
}

/* machine.balance_interval: a thread that finds both cores busy waits on
 * the core it last ran on; the other core, once free, takes it only at
 * the next balancing pass (every interval). Four threads, two cores,
 * cpu:5 at random times, 85 % busy: with one queue a thread never waits
 * while a core is free; with passes every 3 ms, it does, never longer
 * than 3 ms at a time. */
static InterleaveScenario *
balance_scenario (const char *delay)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"duration\": \"2s\", \"machine\": { \"cores\": 2, \"context_switch\": 0, \"balance_interval\": \"%s\" },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 340 },"
    "                  \"classes\": [ { \"plan\": \"cpu:5\" } ] },"
    "  \"architectures\": [ { \"kind\": \"threads\", \"runtime\": \"ideal\", \"threads\": 4 } ] }",
    delay);

  return sim_test_scenario (json);
}

/* How long, within [from, to), fewer than all cores were busy. */
static gint64
cores_free_during (const InterleaveTrace *trace,
                   gint64                 from,
                   gint64                 to)
{
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  guint n_cores = 0;
  gint64 free_ns = 0, t = from;
  int busy = 0;

  for (guint l = 0; l < trace->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);

      if (lane->kind != INTERLEAVE_LANE_CORE)
        continue;
      n_cores++;
      for (guint i = 0; i < lane->spans->len; i++)
        {
          const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, i);
          gint64 up[2] = { span->start, 1 }, down[2] = { span->end, -1 };

          if (span->state == INTERLEAVE_STATE_IDLE)
            continue;
          if (span->start < from)
            busy++;
          else if (span->start < to)
            g_array_append_val (edges, up);
          if (span->end > from && span->end < to)
            g_array_append_val (edges, down);
          else if (span->end <= from && span->start < from)
            busy--;
        }
    }
  g_array_sort (edges, compare_edges);
  for (guint i = 0; i < edges->len; i++)
    {
      const gint64 *edge = &g_array_index (edges, gint64, 2 * i);

      if (busy < (int) n_cores)
        free_ns += edge[0] - t;
      t = edge[0];
      busy += (int) edge[1];
    }
  if (busy < (int) n_cores)
    free_ns += to - t;
  return free_ns;
}

static void
runnable_while_a_core_is_free (const InterleaveTrace *trace,
                               gint64                *total,
                               gint64                *longest)
{
  *total = *longest = 0;
  for (guint l = 0; l < trace->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);

      if (lane->kind != INTERLEAVE_LANE_THREAD)
        continue;
      for (guint i = 0; i < lane->spans->len; i++)
        {
          const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, i);
          gint64 free_ns;

          if (span->state != INTERLEAVE_STATE_RUNNABLE)
            continue;
          free_ns = cores_free_during (trace, span->start, span->end);
          *total += free_ns;
          *longest = MAX (*longest, free_ns);
        }
    }
}

static void
test_balance_interval (void)
{
  g_autoptr(InterleaveScenario) shared = balance_scenario ("0");
  g_autoptr(InterleaveScenario) delayed = balance_scenario ("3ms");
  g_auto(SimTestRun) one_queue = { 0 };
  g_auto(SimTestRun) per_core = { 0 };
  gint64 total, longest;

  sim_test_run (shared, 0, &one_queue);
  sim_test_run (delayed, 0, &per_core);

  runnable_while_a_core_is_free (one_queue.trace, &total, &longest);
  g_test_message ("one queue: runnable while a core was free %.3f ms", total / 1e6);
  g_assert_cmpint (total, ==, 0);

  runnable_while_a_core_is_free (per_core.trace, &total, &longest);
  g_test_message ("balance_interval 3ms: runnable while a core was free %.1f ms in all, at most %.3f ms at a time; "
                  "mean latency %.2f ms (one queue: %.2f ms)",
                  total / 1e6, longest / 1e6, per_core.summary->latency_mean_ms, one_queue.summary->latency_mean_ms);
  g_assert_cmpint (total, >, 10 * 1000000);
  g_assert_cmpint (longest, <=, 3 * 1000000);
  g_assert_cmpfloat (per_core.summary->latency_mean_ms, >, one_queue.summary->latency_mean_ms);
  g_assert_cmpuint (per_core.summary->completed, ==, one_queue.summary->completed);
}

/* machine.wake_stay: with one core busy and one idle, that share of the
 * threads woken queue behind the busy core anyway. Four threads, two
 * cores, cpu:5 at even gaps, 85 % busy: alone, nothing ever waits (each
 * request takes its 5 ms); staying behind, some wait; without a balance
 * interval (one queue for all cores) the share does nothing. */
static InterleaveScenario *
wake_scenario (const char *machine)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"duration\": \"4s\", \"machine\": { \"cores\": 2, \"context_switch\": 0%s },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": 340 },"
    "                  \"classes\": [ { \"plan\": \"cpu:5\" } ] },"
    "  \"architectures\": [ { \"kind\": \"threads\", \"runtime\": \"ideal\", \"threads\": 4 } ] }",
    machine);

  return sim_test_scenario (json);
}

static void
test_wake_stay (void)
{
  g_autoptr(InterleaveScenario) never = wake_scenario (", \"balance_interval\": \"4ms\"");
  g_autoptr(InterleaveScenario) some = wake_scenario (", \"balance_interval\": \"4ms\", \"wake_stay\": 0.25");
  g_autoptr(InterleaveScenario) one_queue = wake_scenario (", \"wake_stay\": 0.25");
  g_auto(SimTestRun) a = { 0 };
  g_auto(SimTestRun) b = { 0 };
  g_auto(SimTestRun) c = { 0 };

  sim_test_run (never, 0, &a);
  sim_test_run (some, 0, &b);
  sim_test_run (one_queue, 0, &c);
  g_test_message ("mean latency: %.3f ms staying never, %.3f ms a quarter of the time (p95 %.2f), %.3f ms with one queue",
                  a.summary->latency_mean_ms, b.summary->latency_mean_ms, b.summary->latency_p95_ms, c.summary->latency_mean_ms);
  sim_test_check ("never: the work alone", a.summary->latency_mean_ms, 5.0, 0.001);
  sim_test_check ("one queue: the work alone", c.summary->latency_mean_ms, 5.0, 0.001);
  g_assert_cmpfloat (b.summary->latency_mean_ms, >, 5.3);
  g_assert_cmpfloat (b.summary->latency_p95_ms, >, 8.0);
  g_assert_cmpuint (b.summary->completed + 5, >=, a.summary->completed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/simulation/determinism", test_determinism);
  g_test_add_func ("/simulation/common-workload", test_common_workload);
  g_test_add_func ("/simulation/seed", test_seed_changes_output);
  g_test_add_func ("/simulation/streaming", test_streaming);
  g_test_add_func ("/simulation/delta-spans-bounded", test_delta_spans_bounded);
  g_test_add_func ("/simulation/cancel", test_cancel);
  g_test_add_func ("/simulation/async", test_async);
  g_test_add_func ("/simulation/async-cancel", test_async_cancel);
  g_test_add_func ("/simulation/record-limits", test_record_limits);
  g_test_add_func ("/simulation/trace-consistency", test_trace_consistency);
  g_test_add_func ("/simulation/refusals", test_refusals);
  g_test_add_func ("/simulation/thread-limit", test_thread_limit);
  g_test_add_func ("/simulation/loop-lag", test_loop_lag);
  g_test_add_func ("/simulation/native-pool", test_native_pool);
  g_test_add_func ("/simulation/open-loop-pool", test_open_loop_pool);
  g_test_add_func ("/simulation/open-loop-pool-order", test_open_loop_pool_order);
  g_test_add_func ("/simulation/client-cpu", test_client_cpu);
  g_test_add_func ("/simulation/idle-wake", test_idle_wake);
  g_test_add_func ("/simulation/machine-slowdown", test_machine_slowdown);
  g_test_add_func ("/simulation/balance-interval", test_balance_interval);
  g_test_add_func ("/simulation/wake-stay", test_wake_stay);
  g_test_add_func ("/simulation/delivery-jitter", test_delivery_jitter);

  return g_test_run ();
}
