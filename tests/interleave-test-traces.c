/* interleave-test-traces.c
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
#include <stdlib.h>

#include "interleave-test-traces.h"

static void
span (InterleaveTrace *trace,
      guint            lane,
      gint64           start,
      gint64           end,
      InterleaveState  state,
      guint32          request,
      guint16          cause)
{
  InterleaveSpan s = {
    .start = start, .end = end, .request = request, .state = state,
    .phase = 0, .cause = cause,
  };

  interleave_trace_append_span (trace, lane, &s);
}

static void
request (InterleaveTrace *trace,
         guint32          id,
         gint64           arrival,
         gint64           accepted,
         gint64           done)
{
  InterleaveRequest r = {
    .id = id, .klass = 0, .process = 0,
    .status = done >= 0 ? INTERLEAVE_REQUEST_COMPLETED : INTERLEAVE_REQUEST_IN_FLIGHT,
    .arrival = arrival, .accepted = accepted, .done = done,
  };

  interleave_trace_set_request (trace, &r);
}

/**
 * interleave_test_trace_new_fixed:
 *
 * One process, two threads behind a GIL, 100 ms:
 *
 *   Thread 1: running 0–20 (r0), io 20–50 (r0), gil-wait 50–60 (r2, held
 *             by thread 2), running 60–70 (r2)
 *   Thread 2: gil-wait 0–20 (r1, held by thread 1), running 20–60 (r1),
 *             runnable 60–80 (r1), native 80–100 (r1)
 */
InterleaveTrace *
interleave_test_trace_new_fixed (void)
{
  InterleaveTrace *trace = interleave_trace_new ("Fixed", 2, 10 * MS);
  guint p = interleave_trace_add_process (trace, "Worker 1", 0);
  guint t1 = interleave_trace_add_lane (trace, p, INTERLEAVE_LANE_THREAD, "Thread 1", 0);
  guint t2 = interleave_trace_add_lane (trace, p, INTERLEAVE_LANE_THREAD, "Thread 2", 1);

  g_ptr_array_add (trace->class_names, g_strdup ("api"));

  span (trace, t1, 0, 20 * MS, INTERLEAVE_STATE_RUNNING, 0, INTERLEAVE_NO_LANE);
  span (trace, t1, 20 * MS, 50 * MS, INTERLEAVE_STATE_IO_WAIT, 0, INTERLEAVE_NO_LANE);
  span (trace, t1, 50 * MS, 60 * MS, INTERLEAVE_STATE_GIL_WAIT, 2, t2);
  span (trace, t1, 60 * MS, 70 * MS, INTERLEAVE_STATE_RUNNING, 2, INTERLEAVE_NO_LANE);

  span (trace, t2, 0, 20 * MS, INTERLEAVE_STATE_GIL_WAIT, 1, t1);
  span (trace, t2, 20 * MS, 60 * MS, INTERLEAVE_STATE_RUNNING, 1, INTERLEAVE_NO_LANE);
  span (trace, t2, 60 * MS, 80 * MS, INTERLEAVE_STATE_RUNNABLE, 1, INTERLEAVE_NO_LANE);
  span (trace, t2, 80 * MS, 100 * MS, INTERLEAVE_STATE_NATIVE, 1, INTERLEAVE_NO_LANE);

  request (trace, 0, 0, 0, 50 * MS);
  request (trace, 1, 0, 0, 100 * MS);
  request (trace, 2, 45 * MS, 50 * MS, 70 * MS);

  trace->end = 100 * MS;

  return trace;
}

typedef struct
{
  guint   lane;
  gint64  arrival;
  gint64  first;
  gint64  done;
  guint   first_span;   /* index into the pending spans */
  guint   n_spans;
} Segment;

typedef struct
{
  guint          lane;
  InterleaveSpan span;
} Pending;

static int
compare_segments (gconstpointer a,
                  gconstpointer b)
{
  const Segment *x = a;
  const Segment *y = b;

  if (x->arrival != y->arrival)
    return x->arrival < y->arrival ? -1 : 1;
  return (x->lane > y->lane) - (x->lane < y->lane);
}

static gint64
draw_exp (GRand *rand,
          gint64 mean)
{
  return MAX (1, (gint64) (-log (1.0 - g_rand_double (rand)) * mean));
}

/**
 * interleave_test_trace_new_random:
 *
 * Lanes full of requests: each request runs, waits for the GIL, for a
 * core, for I/O, runs native code; requests follow each other with idle
 * gaps. Span lengths are exponential, so some are far below a pixel.
 * Metric windows every 10 ms. Same seed, same trace.
 */
InterleaveTrace *
interleave_test_trace_new_random (const char *name,
                                  guint       n_processes,
                                  guint       lanes_per_process,
                                  guint       spans_per_lane,
                                  gint64      duration,
                                  guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  InterleaveTrace *trace = interleave_trace_new (name, 4, 10 * MS);
  gint64 mean = MAX (2, duration / MAX (1, spans_per_lane));
  guint n_lanes;

  g_ptr_array_add (trace->class_names, g_strdup ("api"));

  for (guint p = 0; p < n_processes; p++)
    {
      g_autofree char *pname = g_strdup_printf ("Worker %u", p + 1);
      guint process = interleave_trace_add_process (trace, pname, p);

      for (guint l = 0; l < lanes_per_process; l++)
        {
          g_autofree char *lname = g_strdup_printf ("Thread %u", l + 1);
          interleave_trace_add_lane (trace, process, INTERLEAVE_LANE_THREAD, lname, l);
        }
    }

  n_lanes = trace->lanes->len;

  /* Per lane: requests one after another, each a few spans. */
  for (guint l = 0; l < n_lanes; l++)
    {
      gint64 t = draw_exp (rand, mean);
      guint n = 0;

      while (n < spans_per_lane && t < duration)
        {
          Segment seg = { .lane = l, .first_span = pending->len };
          guint parts = 1 + g_rand_int_range (rand, 1, 6);

          seg.first = t;
          seg.arrival = MAX (0, t - draw_exp (rand, mean / 2));

          for (guint k = 0; k < parts && n < spans_per_lane && t < duration; k++)
            {
              static const InterleaveState states[] = {
                INTERLEAVE_STATE_RUNNING, INTERLEAVE_STATE_GIL_WAIT,
                INTERLEAVE_STATE_IO_WAIT, INTERLEAVE_STATE_RUNNING,
                INTERLEAVE_STATE_RUNNABLE, INTERLEAVE_STATE_NATIVE,
              };
              Pending item = { .lane = l };
              gint64 len = draw_exp (rand, mean);

              item.span.start = t;
              item.span.end = MIN (duration, t + len);
              item.span.state = k == 0 ? INTERLEAVE_STATE_RUNNING : states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
              item.span.phase = k;
              item.span.cause = item.span.state == INTERLEAVE_STATE_GIL_WAIT && n_lanes > 1
                ? (guint16) ((l + 1) % n_lanes) : INTERLEAVE_NO_LANE;
              g_array_append_val (pending, item);
              seg.n_spans++;
              n++;
              t = item.span.end;
            }

          seg.done = t;
          g_array_append_val (segments, seg);

          /* An idle gap before the next request, sometimes. */
          if (g_rand_boolean (rand))
            t += draw_exp (rand, mean);
        }
    }

  /* Ids in arrival order, dense, as the model wants. */
  g_array_sort (segments, compare_segments);
  for (guint i = 0; i < segments->len; i++)
    {
      Segment *seg = &g_array_index (segments, Segment, i);
      InterleaveRequest r = {
        .id = i, .klass = 0,
        .process = ((const InterleaveLane *) g_ptr_array_index (trace->lanes, seg->lane))->process,
        .status = INTERLEAVE_REQUEST_COMPLETED,
        .arrival = seg->arrival, .accepted = seg->first, .done = seg->done,
      };

      for (guint k = 0; k < seg->n_spans; k++)
        g_array_index (pending, Pending, seg->first_span + k).span.request = i;
      interleave_trace_set_request (trace, &r);
    }

  /* Pending spans are in lane order and time order within a lane. */
  for (guint i = 0; i < pending->len; i++)
    {
      const Pending *item = &g_array_index (pending, Pending, i);
      interleave_trace_append_span (trace, item->lane, &item->span);
    }

  /* Metric windows, from completions bucketed once. */
  {
    guint n_windows = (guint) ((duration + trace->window_ns - 1) / trace->window_ns);
    g_autofree guint *count = g_new0 (guint, n_windows);
    g_autofree double *sum = g_new0 (double, n_windows);
    g_autofree double *worst = g_new0 (double, n_windows);

    for (guint i = 0; i < trace->requests->len; i++)
      {
        const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);
        guint w = (guint) MIN (n_windows - 1, r->done / trace->window_ns);
        double ms = (r->done - r->arrival) / 1e6;

        count[w]++;
        sum[w] += ms;
        worst[w] = MAX (worst[w], ms);
      }

    for (guint w = 0; w < n_windows; w++)
      {
        InterleaveWindow window = { .start = w * trace->window_ns };

        for (guint m = 0; m < INTERLEAVE_N_METRICS; m++)
          window.values[m] = NAN;

        window.values[INTERLEAVE_METRIC_THROUGHPUT] = count[w] / (trace->window_ns / 1e9);
        window.values[INTERLEAVE_METRIC_LATENCY_P50] = count[w] ? sum[w] / count[w] : NAN;
        window.values[INTERLEAVE_METRIC_LATENCY_P99] = count[w] ? worst[w] : NAN;
        window.values[INTERLEAVE_METRIC_LATENCY_MAX] = count[w] ? worst[w] : NAN;
        window.values[INTERLEAVE_METRIC_IN_FLIGHT] = count[w] * 0.5;
        window.values[INTERLEAVE_METRIC_CPU] = 1.0 + sin (window.start / 1e8);
        window.values[INTERLEAVE_METRIC_GIL_CONTENDED] = 0.5 + 0.4 * cos (window.start / 3e7);
        g_array_append_val (trace->windows, window);
      }
  }

  trace->end = duration;

  return trace;
}
