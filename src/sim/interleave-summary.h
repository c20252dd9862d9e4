/* interleave-summary.h
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

#pragma once

#include <glib.h>

#include "interleave-trace.h"

G_BEGIN_DECLS

/* One architecture's results, in the shape of DESIGN.md "Scenario files and
 * results": `interleave simulate --json` and `interleave measure --json`
 * both write an array of these, so every consumer reads one format. */
typedef struct
{
  char    *name;
  guint64  completed;
  guint64  refused;
  guint64  failed;
  guint64  in_flight;
  double   duration_s;       /* time the figures cover */
  double   throughput;       /* completed requests per second */
  double   latency_mean_ms;
  double   latency_p50_ms;
  double   latency_p95_ms;
  double   latency_p99_ms;
  double   latency_max_ms;
  double   cpu_utilisation;  /* busy share of all cores, 0…1 */
  double   gil_contended;    /* share of time a thread waited for a GIL, 0…1; NAN without GIL */
} InterleaveSummary;

InterleaveSummary *interleave_summary_new             (const char              *name);
InterleaveSummary *interleave_summary_copy            (const InterleaveSummary *summary);
void               interleave_summary_free            (InterleaveSummary       *summary);
InterleaveSummary *interleave_summary_new_from_trace  (const InterleaveTrace   *trace);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveSummary, interleave_summary_free)

G_END_DECLS
