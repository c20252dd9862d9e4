/* interleave-sim-histogram.c
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
#include <string.h>

#include "interleave-sim-histogram.h"

static inline guint
bucket_of (guint64 value)
{
  int top, shift;

  if (value < 256)
    return (guint) value;

  top = 63 - __builtin_clzll (value);   /* ≥ 8 */
  shift = top - 7;                      /* value >> shift is in [128, 255] */

  return 256 + (shift - 1) * 128 + (guint) ((value >> shift) - 128);
}

/* The middle of a bucket (its value, below 256). */
static inline gint64
bucket_value (guint bucket)
{
  guint shift;
  guint64 low;

  if (bucket < 256)
    return bucket;

  shift = (bucket - 256) / 128 + 1;
  low = (guint64) ((bucket - 256) % 128 + 128) << shift;

  return (gint64) (low + ((G_GUINT64_CONSTANT (1) << shift) >> 1));
}

void
interleave_sim_histogram_clear (InterleaveSimHistogram *histogram)
{
  g_return_if_fail (histogram != NULL);

  if (histogram->count > 0)
    memset (&histogram->buckets[histogram->lowest], 0,
            sizeof (guint64) * (histogram->highest - histogram->lowest + 1));

  histogram->count = 0;
  histogram->max = 0;
  histogram->sum = 0.0;
  histogram->lowest = G_MAXUINT;
  histogram->highest = 0;
}

void
interleave_sim_histogram_add (InterleaveSimHistogram *histogram,
                          gint64               value)
{
  guint bucket;

  if (value < 0)
    value = 0;

  bucket = bucket_of ((guint64) value);
  if (bucket >= INTERLEAVE_SIM_HISTOGRAM_BUCKETS)
    bucket = INTERLEAVE_SIM_HISTOGRAM_BUCKETS - 1;

  histogram->buckets[bucket]++;
  histogram->count++;
  histogram->sum += (double) value;
  histogram->max = MAX (histogram->max, value);
  histogram->lowest = MIN (histogram->lowest, bucket);
  histogram->highest = MAX (histogram->highest, bucket);
}

/**
 * interleave_sim_histogram_percentile:
 * @histogram: a histogram
 * @p: 0…1
 *
 * Nearest-rank percentile, as interleave_summary_new_from_trace() computes
 * it, to the bucket's resolution; never above the exact maximum.
 *
 * Returns: the value, or 0 when the histogram is empty
 */
gint64
interleave_sim_histogram_percentile (const InterleaveSimHistogram *histogram,
                                 double                     p)
{
  guint64 rank, seen = 0;

  g_return_val_if_fail (histogram != NULL, 0);

  if (histogram->count == 0)
    return 0;

  rank = (guint64) ceil (p * histogram->count);
  rank = CLAMP (rank, 1, histogram->count);
  if (rank == histogram->count)
    return histogram->max;

  for (guint b = histogram->lowest; b <= histogram->highest; b++)
    {
      seen += histogram->buckets[b];
      if (seen >= rank)
        return MIN (bucket_value (b), histogram->max);
    }

  return histogram->max;
}
