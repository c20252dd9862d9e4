/* interleave-journey.c
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

#define G_LOG_DOMAIN "interleave-render"

#include "config.h"

#include "interleave-journey.h"

typedef struct
{
  InterleaveJourneyStep step;
  gint64                start;
} SortItem;

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const SortItem *x = a;
  const SortItem *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (x->step.lane > y->step.lane) - (x->step.lane < y->step.lane);
}

/**
 * interleave_journey_new:
 * @trace: a trace
 * @request: a request id
 *
 * Collects the request's spans. Only the part of each lane between the
 * request's arrival and completion is searched, so this stays fast on
 * traces with millions of spans.
 *
 * Returns: (transfer full): the journey; it has no steps when the request
 *   never ran (or is unknown)
 */
InterleaveJourney *
interleave_journey_new (const InterleaveTrace *trace,
                        guint32                request)
{
  g_autoptr(GArray) items = NULL;
  InterleaveJourney *journey;
  gint64 from = G_MININT64;
  gint64 to = G_MAXINT64;

  g_return_val_if_fail (trace != NULL, NULL);

  journey = g_new0 (InterleaveJourney, 1);
  journey->request = request;
  journey->steps = g_array_new (FALSE, FALSE, sizeof (InterleaveJourneyStep));
  journey->first_start = -1;
  journey->last_end = -1;
  journey->n_spans_seen = interleave_trace_get_n_spans (trace);
  journey->trace_end = trace->end;
  journey->record = (InterleaveRequest) {
    .id = request, .process = INTERLEAVE_NO_LANE, .status = INTERLEAVE_REQUEST_IN_FLIGHT,
    .arrival = -1, .accepted = -1, .done = -1,
  };

  if (request < trace->requests->len)
    {
      journey->record = g_array_index (trace->requests, InterleaveRequest, request);
      if (journey->record.arrival >= 0)
        from = journey->record.arrival;
      if (journey->record.done >= 0)
        to = journey->record.done;
      if (journey->record.accepted >= 0 && journey->record.arrival >= 0)
        journey->queue_wait = MAX (0, journey->record.accepted - journey->record.arrival);
    }

  items = g_array_new (FALSE, FALSE, sizeof (SortItem));

  for (guint l = 0; l < trace->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);
      const InterleaveSpan *spans = (const InterleaveSpan *) (gpointer) lane->spans->data;
      guint i = from == G_MININT64 ? 0 : interleave_lane_first_span_after (lane, from);

      for (; i < lane->spans->len && spans[i].start <= to; i++)
        {
          SortItem item;

          if (spans[i].request != request)
            continue;

          item.step.lane = l;
          item.step.span = i;
          item.start = spans[i].start;
          g_array_append_val (items, item);

          /* Core lanes repeat what threads do: count time once. */
          if (lane->kind != INTERLEAVE_LANE_CORE && spans[i].state < INTERLEAVE_N_STATES)
            journey->time_in_state[spans[i].state] += spans[i].end - spans[i].start;

          if (journey->first_start < 0 || spans[i].start < journey->first_start)
            journey->first_start = spans[i].start;
          journey->last_end = MAX (journey->last_end, spans[i].end);
        }
    }

  g_array_sort (items, compare_items);
  {
    gint64 reached = -1;

    for (guint i = 0; i < items->len; i++)
      {
        const SortItem *item = &g_array_index (items, SortItem, i);
        const InterleaveLane *lane = g_ptr_array_index (trace->lanes, item->step.lane);
        const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, item->step.span);

        g_array_append_val (journey->steps, item->step);

        if (lane->kind == INTERLEAVE_LANE_CORE)
          continue;
        if (reached >= 0 && span->start > reached)
          journey->off_lane += span->start - reached;
        reached = MAX (reached, span->end);
      }
  }

  return journey;
}

void
interleave_journey_free (InterleaveJourney *journey)
{
  if (journey == NULL)
    return;

  g_clear_pointer (&journey->steps, g_array_unref);
  g_free (journey);
}

/**
 * interleave_journey_is_stale:
 *
 * Returns: whether @trace grew (a streaming run) since @journey was built
 */
gboolean
interleave_journey_is_stale (const InterleaveJourney *journey,
                             const InterleaveTrace   *trace)
{
  g_return_val_if_fail (journey != NULL, TRUE);
  g_return_val_if_fail (trace != NULL, TRUE);

  return journey->trace_end != trace->end ||
         journey->n_spans_seen != interleave_trace_get_n_spans (trace);
}

const InterleaveSpan *
interleave_journey_get_span (const InterleaveJourney *journey,
                             const InterleaveTrace   *trace,
                             guint                    index,
                             guint                   *lane)
{
  const InterleaveJourneyStep *step;
  const InterleaveLane *l;

  g_return_val_if_fail (journey != NULL, NULL);
  g_return_val_if_fail (index < journey->steps->len, NULL);

  step = &g_array_index (journey->steps, InterleaveJourneyStep, index);
  l = g_ptr_array_index (trace->lanes, step->lane);
  if (lane)
    *lane = step->lane;

  return &g_array_index (l->spans, InterleaveSpan, step->span);
}
