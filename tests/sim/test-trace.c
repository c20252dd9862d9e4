/* test-trace.c
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

#include "interleave-summary.h"
#include "interleave-trace.h"

static InterleaveSpan
span (gint64          start,
      gint64          end,
      InterleaveState state,
      guint32         request)
{
  return (InterleaveSpan) {
    .start = start, .end = end, .state = state, .request = request,
    .phase = 0, .cause = INTERLEAVE_NO_LANE,
  };
}

static void
test_trace_append_coalesces (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("test", 2, 1000);
  InterleaveSpan s;
  const InterleaveLane *lane;
  guint process, l;

  process = interleave_trace_add_process (trace, "Worker 1", 0);
  l = interleave_trace_add_lane (trace, process, INTERLEAVE_LANE_THREAD, "Thread 1", 0);

  s = span (0, 10, INTERLEAVE_STATE_RUNNING, 1);
  interleave_trace_append_span (trace, l, &s);
  s = span (10, 20, INTERLEAVE_STATE_RUNNING, 1);   /* continues: merged */
  interleave_trace_append_span (trace, l, &s);
  s = span (20, 30, INTERLEAVE_STATE_RUNNING, 2);   /* another request */
  interleave_trace_append_span (trace, l, &s);
  s = span (40, 40, INTERLEAVE_STATE_IO_WAIT, 2);   /* empty: dropped */
  interleave_trace_append_span (trace, l, &s);
  s = span (40, 50, INTERLEAVE_STATE_IO_WAIT, 2);   /* gap before: kept apart */
  interleave_trace_append_span (trace, l, &s);

  lane = g_ptr_array_index (trace->lanes, l);
  g_assert_cmpuint (lane->spans->len, ==, 3);
  g_assert_cmpint (g_array_index (lane->spans, InterleaveSpan, 0).end, ==, 20);
  g_assert_cmpuint (interleave_trace_get_n_spans (trace), ==, 3);
}

static void
test_trace_find_span (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("test", 1, 1000);
  const InterleaveLane *lane;
  guint l;

  interleave_trace_add_process (trace, "Worker 1", 0);
  l = interleave_trace_add_lane (trace, 0, INTERLEAVE_LANE_LOOP, "Event loop", 0);

  for (gint64 t = 0; t < 1000; t += 10)
    {
      InterleaveSpan s = span (t, t + 5, INTERLEAVE_STATE_RUNNING, t / 10);
      interleave_trace_append_span (trace, l, &s);
    }

  lane = g_ptr_array_index (trace->lanes, l);
  g_assert_cmpuint (lane->spans->len, ==, 100);

  for (gint64 t = 0; t < 1000; t++)
    {
      const InterleaveSpan *found = interleave_lane_find_span (lane, t);

      if (t % 10 < 5)
        {
          g_assert_nonnull (found);
          g_assert_cmpuint (found->request, ==, t / 10);
        }
      else
        g_assert_null (found);
    }

  g_assert_null (interleave_lane_find_span (lane, 5000));
  g_assert_cmpuint (interleave_lane_first_span_after (lane, 995), ==, 100);
  g_assert_cmpuint (interleave_lane_first_span_after (lane, -1), ==, 0);
}

static void
test_trace_delta_merge (void)
{
  g_autoptr(InterleaveTrace) full = interleave_trace_new ("stream", 2, 1000);
  g_autoptr(InterleaveTrace) producer = interleave_trace_new ("stream", 2, 1000);
  g_autoptr(InterleaveTrace) delta = NULL;
  g_autoptr(InterleaveTrace) delta2 = NULL;
  InterleaveSpan s;
  InterleaveRequest r = { .id = 0, .process = 0, .arrival = 0, .accepted = 0, .done = -1 };
  InterleaveWindow w = { .start = 0 };

  interleave_trace_add_process (producer, "Worker 1", 0);
  interleave_trace_add_lane (producer, 0, INTERLEAVE_LANE_LOOP, "Event loop", 0);
  g_ptr_array_add (producer->class_names, g_strdup ("api"));

  delta = interleave_trace_new_delta (producer);
  s = span (0, 10, INTERLEAVE_STATE_RUNNING, 0);
  interleave_trace_append_span (delta, 0, &s);
  interleave_trace_set_request (delta, &r);
  g_array_append_val (delta->windows, w);
  delta->end = 10;
  interleave_trace_merge (full, delta);

  /* The next delta adds a lane and completes request 0. */
  delta2 = interleave_trace_new_delta (delta);
  interleave_trace_add_lane (delta2, 0, INTERLEAVE_LANE_POOL, "Pool 1", 1);
  s = span (10, 20, INTERLEAVE_STATE_RUNNING, 0);
  interleave_trace_append_span (delta2, 0, &s);
  s = span (12, 18, INTERLEAVE_STATE_NATIVE, 1);
  interleave_trace_append_span (delta2, 1, &s);
  r.done = 20;
  r.status = INTERLEAVE_REQUEST_COMPLETED;
  interleave_trace_set_request (delta2, &r);
  delta2->end = 20;
  interleave_trace_merge (full, delta2);

  g_assert_cmpuint (full->processes->len, ==, 1);
  g_assert_cmpuint (full->lanes->len, ==, 2);
  g_assert_cmpuint (full->class_names->len, ==, 1);
  g_assert_cmpuint (full->requests->len, ==, 1);
  g_assert_cmpint (g_array_index (full->requests, InterleaveRequest, 0).done, ==, 20);
  g_assert_cmpuint (full->windows->len, ==, 1);
  g_assert_cmpint (full->end, ==, 20);
  /* The loop's two spans continue each other and merged into one. */
  g_assert_cmpuint (interleave_trace_get_n_spans (full), ==, 2);
}

/* Merging copies a delta's lanes in bulk: the result must be exactly what
 * appending every span one by one gives, joins across deltas included. */
static void
test_trace_merge_bulk (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(InterleaveTrace) direct = interleave_trace_new ("direct", 2, 1000);
  g_autoptr(InterleaveTrace) merged = interleave_trace_new ("merged", 2, 1000);
  g_autoptr(InterleaveTrace) delta = NULL;
  gint64 ends[3] = { 0, 0, 0 };
  guint n_deltas = 0;

  interleave_trace_add_process (direct, "Worker", 0);
  for (guint l = 0; l < G_N_ELEMENTS (ends); l++)
    interleave_trace_add_lane (direct, 0, INTERLEAVE_LANE_THREAD, "Thread", l);
  delta = interleave_trace_new_delta (direct);

  for (guint i = 0; i < 20000; i++)
    {
      guint l = g_rand_int_range (rand, 0, G_N_ELEMENTS (ends));
      /* Often contiguous with the same state, so spans join, also when
       * the two halves land in different deltas. */
      gint64 start = ends[l] + (g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 1, 50));
      InterleaveSpan s = span (start, start + g_rand_int_range (rand, 1, 100),
                               g_rand_int_range (rand, INTERLEAVE_STATE_RUNNING, INTERLEAVE_STATE_RUNNING + 2), 1);

      ends[l] = s.end;
      interleave_trace_append_span (direct, l, &s);
      interleave_trace_append_span (delta, l, &s);

      if (g_rand_int_range (rand, 0, 100) == 0)
        {
          g_autoptr(InterleaveTrace) next = interleave_trace_new_delta (delta);

          interleave_trace_merge (merged, delta);
          g_clear_pointer (&delta, interleave_trace_free);
          delta = g_steal_pointer (&next);
          n_deltas++;
        }
    }
  interleave_trace_merge (merged, delta);

  g_assert_cmpuint (n_deltas, >, 100);
  g_assert_cmpuint (merged->lanes->len, ==, direct->lanes->len);
  for (guint l = 0; l < direct->lanes->len; l++)
    {
      const InterleaveLane *a = g_ptr_array_index (direct->lanes, l);
      const InterleaveLane *b = g_ptr_array_index (merged->lanes, l);

      g_assert_cmpuint (a->spans->len, >, 1000);
      g_assert_cmpuint (b->spans->len, ==, a->spans->len);
      g_assert_cmpmem (b->spans->data, b->spans->len * sizeof (InterleaveSpan),
                       a->spans->data, a->spans->len * sizeof (InterleaveSpan));
    }
}

static void
test_trace_request_gaps (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("test", 1, 1000);
  InterleaveRequest r = { .id = 5, .arrival = 100, .done = -1 };
  const InterleaveRequest *gap;

  interleave_trace_set_request (trace, &r);
  g_assert_cmpuint (trace->requests->len, ==, 6);
  gap = &g_array_index (trace->requests, InterleaveRequest, 2);
  g_assert_cmpuint (gap->id, ==, 2);
  g_assert_cmpint (gap->arrival, ==, -1);
}

static void
test_summary_from_trace (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("sum", 2, 1000000);
  g_autoptr(InterleaveSummary) summary = NULL;
  InterleaveSpan s;

  interleave_trace_add_process (trace, "Worker 1", 0);
  interleave_trace_add_lane (trace, 0, INTERLEAVE_LANE_THREAD, "Thread 1", 0);

  /* 100 requests with latencies 1…100 ms, one refused, one in flight. */
  for (guint i = 0; i < 100; i++)
    {
      InterleaveRequest r = {
        .id = i, .status = INTERLEAVE_REQUEST_COMPLETED,
        .arrival = 0, .accepted = 0, .done = (gint64) (i + 1) * 1000000,
      };
      interleave_trace_set_request (trace, &r);
    }
  interleave_trace_set_request (trace, &(InterleaveRequest) { .id = 100, .status = INTERLEAVE_REQUEST_REFUSED, .arrival = 5 });
  interleave_trace_set_request (trace, &(InterleaveRequest) { .id = 101, .status = INTERLEAVE_REQUEST_IN_FLIGHT, .arrival = 5, .done = -1 });

  /* One core busy for half of the 1 s run: 25 % of 2 cores. */
  s = span (0, 500000000, INTERLEAVE_STATE_RUNNING, 0);
  interleave_trace_append_span (trace, 0, &s);
  trace->end = 1000000000;

  summary = interleave_summary_new_from_trace (trace);
  g_assert_cmpuint (summary->completed, ==, 100);
  g_assert_cmpuint (summary->refused, ==, 1);
  g_assert_cmpuint (summary->in_flight, ==, 1);
  g_assert_cmpfloat_with_epsilon (summary->throughput, 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->latency_mean_ms, 50.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->latency_p50_ms, 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->latency_p95_ms, 95.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->latency_p99_ms, 99.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->latency_max_ms, 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->cpu_utilisation, 0.25, 1e-9);
  g_assert_true (isnan (summary->gil_contended));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/append-coalesces", test_trace_append_coalesces);
  g_test_add_func ("/trace/find-span", test_trace_find_span);
  g_test_add_func ("/trace/delta-merge", test_trace_delta_merge);
  g_test_add_func ("/trace/merge-bulk", test_trace_merge_bulk);
  g_test_add_func ("/trace/request-gaps", test_trace_request_gaps);
  g_test_add_func ("/summary/from-trace", test_summary_from_trace);

  return g_test_run ();
}
