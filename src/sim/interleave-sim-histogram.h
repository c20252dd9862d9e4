/* interleave-sim-histogram.h
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

G_BEGIN_DECLS

/* A log-linear histogram of non-negative integers (latencies in ns):
 * exact below 256, then 128 buckets per power of two, so a percentile is
 * off by at most 0.4 % of its value. Fixed size (~60 KiB), no allocation
 * per value: the simulator keeps one for the whole run and one per
 * metric window. */

#define INTERLEAVE_SIM_HISTOGRAM_BUCKETS (256 + 56 * 128)

typedef struct
{
  guint64 count;
  gint64  max;
  double  sum;
  guint   lowest;    /* lowest and highest bucket used, for a cheap clear */
  guint   highest;
  guint64 buckets[INTERLEAVE_SIM_HISTOGRAM_BUCKETS];
} InterleaveSimHistogram;

void    interleave_sim_histogram_clear      (InterleaveSimHistogram       *histogram);
void    interleave_sim_histogram_add        (InterleaveSimHistogram       *histogram,
                                         gint64                     value);
gint64  interleave_sim_histogram_percentile (const InterleaveSimHistogram *histogram,
                                         double                     p);

G_END_DECLS
