/* interleave-summary.c
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

#include <math.h>
#include <stdlib.h>

#include "interleave-summary.h"

InterleaveSummary *
interleave_summary_new (const char *name)
{
  InterleaveSummary *summary;

  g_return_val_if_fail (name != NULL, NULL);

  summary = g_new0 (InterleaveSummary, 1);
  summary->name = g_strdup (name);
  summary->gil_contended = NAN;

  return summary;
}

InterleaveSummary *
interleave_summary_copy (const InterleaveSummary *summary)
{
  InterleaveSummary *copy;

  g_return_val_if_fail (summary != NULL, NULL);

  copy = g_memdup2 (summary, sizeof *summary);
  copy->name = g_strdup (summary->name);

  return copy;
}

void
interleave_summary_free (InterleaveSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->name);
  g_free (summary);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values, in ns. */
static gint64
percentile (const gint64 *sorted,
            gsize         n,
            double        p)
{
  gsize rank;

  if (n == 0)
    return 0;

  rank = (gsize) ceil (p * n);
  rank = CLAMP (rank, 1, n);
  return sorted[rank - 1];
}

static double
busy_share (const InterleaveTrace *trace)
{
  double busy_ns = 0.0;

  if (trace->end <= 0 || trace->n_cores == 0)
    return 0.0;

  for (guint i = 0; i < trace->lanes->len; i++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, i);

      if (lane->kind == INTERLEAVE_LANE_CORE)
        continue;

      for (guint j = 0; j < lane->spans->len; j++)
        {
          const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, j);

          if (span->state == INTERLEAVE_STATE_RUNNING || span->state == INTERLEAVE_STATE_NATIVE)
            busy_ns += span->end - span->start;
        }
    }

  return busy_ns / ((double) trace->end * trace->n_cores);
}

/**
 * interleave_summary_new_from_trace:
 * @trace: a complete trace
 *
 * Computes the summary from the trace's request records and spans. GIL
 * contention is left unknown (NAN): only the simulator knows it.
 *
 * Returns: (transfer full): a summary
 */
InterleaveSummary *
interleave_summary_new_from_trace (const InterleaveTrace *trace)
{
  g_autoptr(InterleaveSummary) summary = NULL;
  g_autofree gint64 *latencies = NULL;
  gsize n = 0;
  double sum_ms = 0.0;

  g_return_val_if_fail (trace != NULL, NULL);

  summary = interleave_summary_new (trace->name);
  latencies = g_new (gint64, MAX (trace->requests->len, 1));

  for (guint i = 0; i < trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);

      switch ((InterleaveRequestStatus) r->status)
        {
        case INTERLEAVE_REQUEST_COMPLETED:
          summary->completed++;
          latencies[n++] = r->done - r->arrival;
          sum_ms += (r->done - r->arrival) / 1e6;
          break;
        case INTERLEAVE_REQUEST_REFUSED:
          summary->refused++;
          break;
        case INTERLEAVE_REQUEST_FAILED:
          summary->failed++;
          break;
        case INTERLEAVE_REQUEST_IN_FLIGHT:
        default:
          if (r->arrival >= 0)
            summary->in_flight++;
          break;
        }
    }

  qsort (latencies, n, sizeof (gint64), compare_gint64);

  summary->duration_s = trace->end / 1e9;
  summary->throughput = trace->end > 0 ? summary->completed / summary->duration_s : 0.0;
  summary->latency_mean_ms = n > 0 ? sum_ms / n : 0.0;
  summary->latency_p50_ms = percentile (latencies, n, 0.50) / 1e6;
  summary->latency_p95_ms = percentile (latencies, n, 0.95) / 1e6;
  summary->latency_p99_ms = percentile (latencies, n, 0.99) / 1e6;
  summary->latency_max_ms = n > 0 ? latencies[n - 1] / 1e6 : 0.0;
  summary->cpu_utilisation = busy_share (trace);

  return g_steal_pointer (&summary);
}
