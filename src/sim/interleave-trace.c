/* interleave-trace.c
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

#define G_LOG_DOMAIN "interleave-sim"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "interleave-trace.h"

G_STATIC_ASSERT (sizeof (InterleaveSpan) <= 24);

static void
process_free (gpointer data)
{
  InterleaveProcess *process = data;

  g_free (process->name);
  g_free (process);
}

static void
lane_free (gpointer data)
{
  InterleaveLane *lane = data;

  g_free (lane->name);
  g_clear_pointer (&lane->spans, g_array_unref);
  g_free (lane);
}

/**
 * interleave_trace_new:
 * @name: architecture or server name
 * @n_cores: cores of the machine the trace comes from
 * @window_ns: width of a metric window
 *
 * Returns: (transfer full): an empty trace
 */
InterleaveTrace *
interleave_trace_new (const char *name,
                      guint       n_cores,
                      gint64      window_ns)
{
  InterleaveTrace *trace;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (window_ns > 0, NULL);

  trace = g_new0 (InterleaveTrace, 1);
  trace->name = g_strdup (name);
  trace->n_cores = n_cores;
  trace->window_ns = window_ns;
  trace->processes = g_ptr_array_new_with_free_func (process_free);
  trace->lanes = g_ptr_array_new_with_free_func (lane_free);
  trace->requests = g_array_new (FALSE, FALSE, sizeof (InterleaveRequest));
  trace->windows = g_array_new (FALSE, FALSE, sizeof (InterleaveWindow));
  trace->class_names = g_ptr_array_new_with_free_func (g_free);
  trace->recorded_until = G_MAXINT64;

  return trace;
}

void
interleave_trace_free (InterleaveTrace *trace)
{
  if (trace == NULL)
    return;

  g_free (trace->name);
  g_clear_pointer (&trace->processes, g_ptr_array_unref);
  g_clear_pointer (&trace->lanes, g_ptr_array_unref);
  g_clear_pointer (&trace->requests, g_array_unref);
  g_clear_pointer (&trace->windows, g_array_unref);
  g_clear_pointer (&trace->class_names, g_ptr_array_unref);
  g_free (trace);
}

/**
 * interleave_trace_new_delta:
 * @like: a trace
 *
 * Creates an empty trace with the same processes, lanes and classes as
 * @like, but no spans, requests or windows. A producer streams by filling a
 * delta, handing it to the consumer (who calls interleave_trace_merge()) and
 * starting the next one from it.
 *
 * Returns: (transfer full): a new trace
 */
InterleaveTrace *
interleave_trace_new_delta (const InterleaveTrace *like)
{
  InterleaveTrace *delta;

  g_return_val_if_fail (like != NULL, NULL);

  delta = interleave_trace_new (like->name, like->n_cores, like->window_ns);
  delta->end = like->end;
  delta->recorded_until = like->recorded_until;

  for (guint i = 0; i < like->processes->len; i++)
    {
      const InterleaveProcess *process = g_ptr_array_index (like->processes, i);
      interleave_trace_add_process (delta, process->name, process->pid);
    }

  for (guint i = 0; i < like->lanes->len; i++)
    {
      const InterleaveLane *lane = g_ptr_array_index (like->lanes, i);
      interleave_trace_add_lane (delta, lane->process, lane->kind, lane->name, lane->tid);
    }

  for (guint i = 0; i < like->class_names->len; i++)
    g_ptr_array_add (delta->class_names, g_strdup (g_ptr_array_index (like->class_names, i)));

  return delta;
}

guint
interleave_trace_add_process (InterleaveTrace *trace,
                              const char      *name,
                              gint64           pid)
{
  InterleaveProcess *process;

  g_return_val_if_fail (trace != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  process = g_new0 (InterleaveProcess, 1);
  process->name = g_strdup (name);
  process->pid = pid;
  g_ptr_array_add (trace->processes, process);

  return trace->processes->len - 1;
}

guint
interleave_trace_add_lane (InterleaveTrace    *trace,
                           guint               process,
                           InterleaveLaneKind  kind,
                           const char         *name,
                           gint64              tid)
{
  InterleaveLane *lane;

  g_return_val_if_fail (trace != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (process < trace->processes->len, 0);
  g_return_val_if_fail (trace->lanes->len < INTERLEAVE_NO_LANE, 0);

  lane = g_new0 (InterleaveLane, 1);
  lane->name = g_strdup (name);
  lane->process = process;
  lane->kind = kind;
  lane->tid = tid;
  lane->spans = g_array_new (FALSE, FALSE, sizeof (InterleaveSpan));
  g_ptr_array_add (trace->lanes, lane);

  return trace->lanes->len - 1;
}

static gboolean
spans_continue (const InterleaveSpan *a,
                const InterleaveSpan *b)
{
  return a->end == b->start &&
         a->state == b->state &&
         a->request == b->request &&
         a->phase == b->phase &&
         a->cause == b->cause;
}

/**
 * interleave_trace_append_span:
 * @trace: a trace
 * @lane: lane index
 * @span: the span; must start at or after the end of the lane's last span
 *
 * Appends @span, merging it into the previous span when it simply
 * continues it (same state, request, phase and cause). Empty spans are
 * dropped.
 */
void
interleave_trace_append_span (InterleaveTrace      *trace,
                              guint                 lane,
                              const InterleaveSpan *span)
{
  InterleaveLane *l;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (span != NULL);
  g_return_if_fail (lane < trace->lanes->len);

  if (span->end <= span->start)
    return;

  l = g_ptr_array_index (trace->lanes, lane);

  if (l->spans->len > 0)
    {
      InterleaveSpan *last = &g_array_index (l->spans, InterleaveSpan, l->spans->len - 1);

      g_return_if_fail (span->start >= last->end);

      if (spans_continue (last, span))
        {
          last->end = span->end;
          return;
        }
    }

  g_array_append_vals (l->spans, span, 1);
}

/**
 * interleave_trace_set_request:
 * @trace: a trace
 * @request: a request; its id is its index
 *
 * Adds or updates a request record.
 */
void
interleave_trace_set_request (InterleaveTrace         *trace,
                              const InterleaveRequest *request)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->id != INTERLEAVE_NO_REQUEST);

  if (request->id >= trace->requests->len)
    {
      guint old_len = trace->requests->len;

      g_array_set_size (trace->requests, request->id + 1);
      for (guint i = old_len; i < request->id; i++)
        {
          InterleaveRequest *gap = &g_array_index (trace->requests, InterleaveRequest, i);

          *gap = (InterleaveRequest) {
            .id = i, .process = INTERLEAVE_NO_LANE,
            .status = INTERLEAVE_REQUEST_IN_FLIGHT,
            .arrival = -1, .accepted = -1, .done = -1,
          };
        }
    }

  g_array_index (trace->requests, InterleaveRequest, request->id) = *request;
}

/**
 * interleave_trace_append_request_update:
 * @delta: a delta from interleave_trace_new_delta()
 * @request: a new or changed request record
 *
 * In a delta, requests may be a list of updates, each carrying its id,
 * rather than an array indexed by id: a producer appends every change here
 * (arrival, acceptance, completion) and interleave_trace_merge() applies
 * them in order. This keeps a delta small however high the ids go.
 */
void
interleave_trace_append_request_update (InterleaveTrace         *delta,
                                        const InterleaveRequest *request)
{
  g_return_if_fail (delta != NULL);
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->id != INTERLEAVE_NO_REQUEST);
  g_return_if_fail (request->arrival >= 0);

  g_array_append_vals (delta->requests, request, 1);
}

/**
 * interleave_trace_merge:
 * @trace: the trace a consumer keeps
 * @delta: a delta from interleave_trace_new_delta(), filled by a producer
 *
 * Appends everything in @delta to @trace: new processes, lanes and
 * classes, spans, requests (new ones and updates) and metric windows.
 */
void
interleave_trace_merge (InterleaveTrace       *trace,
                        const InterleaveTrace *delta)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (delta != NULL);
  g_return_if_fail (delta->processes->len >= trace->processes->len);
  g_return_if_fail (delta->lanes->len >= trace->lanes->len);

  for (guint i = trace->processes->len; i < delta->processes->len; i++)
    {
      const InterleaveProcess *process = g_ptr_array_index (delta->processes, i);
      interleave_trace_add_process (trace, process->name, process->pid);
    }

  for (guint i = trace->lanes->len; i < delta->lanes->len; i++)
    {
      const InterleaveLane *lane = g_ptr_array_index (delta->lanes, i);
      interleave_trace_add_lane (trace, lane->process, lane->kind, lane->name, lane->tid);
    }

  for (guint i = trace->class_names->len; i < delta->class_names->len; i++)
    g_ptr_array_add (trace->class_names, g_strdup (g_ptr_array_index (delta->class_names, i)));

  for (guint i = 0; i < delta->lanes->len; i++)
    {
      const InterleaveLane *lane = g_ptr_array_index (delta->lanes, i);
      InterleaveLane *into = g_ptr_array_index (trace->lanes, i);
      const InterleaveSpan *spans = (const InterleaveSpan *) (gpointer) lane->spans->data;
      guint n = lane->spans->len;

      if (n == 0)
        continue;

      /* A delta's lane is already sorted, disjoint and joined (it was
       * filled by interleave_trace_append_span()): only its first span
       * may continue the lane's last, and the rest are copied at once. */
      if (into->spans->len == 0 ||
          spans[0].start >= g_array_index (into->spans, InterleaveSpan, into->spans->len - 1).end)
        {
          interleave_trace_append_span (trace, i, &spans[0]);
          g_array_append_vals (into->spans, spans + 1, n - 1);
        }
      else
        {
          for (guint j = 0; j < n; j++)
            interleave_trace_append_span (trace, i, &spans[j]);
        }
    }

  for (guint i = 0; i < delta->requests->len; i++)
    {
      const InterleaveRequest *request = &g_array_index (delta->requests, InterleaveRequest, i);

      /* A delta's request array may have gaps for ids it does not touch. */
      if (request->arrival >= 0)
        interleave_trace_set_request (trace, request);
    }

  g_array_append_vals (trace->windows, delta->windows->data, delta->windows->len);
  trace->end = MAX (trace->end, delta->end);
  trace->recorded_until = MIN (trace->recorded_until, delta->recorded_until);
}

guint
interleave_trace_get_n_spans (const InterleaveTrace *trace)
{
  guint n = 0;

  g_return_val_if_fail (trace != NULL, 0);

  for (guint i = 0; i < trace->lanes->len; i++)
    n += ((const InterleaveLane *) g_ptr_array_index (trace->lanes, i))->spans->len;

  return n;
}

/**
 * interleave_lane_first_span_after:
 * @lane: a lane
 * @time: ns
 *
 * Returns: the index of the first span whose end is after @time, or the
 *   number of spans when there is none. Binary search.
 */
guint
interleave_lane_first_span_after (const InterleaveLane *lane,
                                  gint64                time)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (lane != NULL, 0);

  hi = lane->spans->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (lane->spans, InterleaveSpan, mid).end <= time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * interleave_lane_find_span:
 * @lane: a lane
 * @time: ns
 *
 * Returns: (nullable): the span covering @time, or %NULL (the lane is
 *   idle there)
 */
const InterleaveSpan *
interleave_lane_find_span (const InterleaveLane *lane,
                           gint64                time)
{
  guint i;
  const InterleaveSpan *span;

  g_return_val_if_fail (lane != NULL, NULL);

  i = interleave_lane_first_span_after (lane, time);
  if (i >= lane->spans->len)
    return NULL;

  span = &g_array_index (lane->spans, InterleaveSpan, i);
  return span->start <= time ? span : NULL;
}

static const char *state_names[INTERLEAVE_N_STATES] = {
  "idle", "running", "native", "gil-wait", "runnable", "io-wait",
};

const char *
interleave_state_to_string (InterleaveState state)
{
  g_return_val_if_fail (state < INTERLEAVE_N_STATES, NULL);

  return state_names[state];
}

/**
 * interleave_state_get_label:
 * @state: a state
 *
 * Returns: the translated label shown in legends and tooltips
 */
const char *
interleave_state_get_label (InterleaveState state)
{
  g_return_val_if_fail (state < INTERLEAVE_N_STATES, NULL);

  switch (state)
    {
    case INTERLEAVE_STATE_IDLE:     return _("Idle");
    case INTERLEAVE_STATE_RUNNING:  return _("Running");
    case INTERLEAVE_STATE_NATIVE:   return _("Native code");
    case INTERLEAVE_STATE_GIL_WAIT: return _("Waiting for the GIL");
    case INTERLEAVE_STATE_RUNNABLE: return _("Runnable, no core");
    case INTERLEAVE_STATE_IO_WAIT:  return _("Waiting for I/O");
    case INTERLEAVE_N_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}
