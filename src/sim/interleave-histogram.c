/* interleave-histogram.c
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

#include "interleave-histogram.h"

#define SUB_BITS   INTERLEAVE_HISTOGRAM_SUB_BITS
#define SUB_COUNT  (1 << SUB_BITS)
#define TOP_BIT    45
/* Group 0 holds 0 … 2^SUB_BITS-1 exactly; group g ≥ 1 holds the values
 * whose highest set bit is SUB_BITS + g - 1. */
#define N_GROUPS   (TOP_BIT - SUB_BITS + 1)
#define N_BUCKETS  (N_GROUPS * SUB_COUNT)

struct _InterleaveHistogram
{
  guint64 count;
  gint64  min;
  gint64  max;
  double  sum;
  guint   lowest;     /* lowest and highest bucket used, for a cheap reset */
  guint   highest;
  guint64 buckets[N_BUCKETS];
};

static inline guint
bucket_for (gint64 value)
{
  guint msb;

  if (value < SUB_COUNT)
    return (guint) value;

  msb = 63 - __builtin_clzll ((guint64) value);
  return (msb - SUB_BITS + 1) * SUB_COUNT + (guint) ((value >> (msb - SUB_BITS)) - SUB_COUNT);
}

static inline gint64
bucket_lower (guint bucket)
{
  guint group = bucket / SUB_COUNT;
  guint sub = bucket % SUB_COUNT;

  if (group == 0)
    return sub;

  return (gint64) (SUB_COUNT + sub) << (group - 1);
}

static inline gint64
bucket_width (guint bucket)
{
  guint group = bucket / SUB_COUNT;

  return group == 0 ? 1 : G_GINT64_CONSTANT (1) << (group - 1);
}

InterleaveHistogram *
interleave_histogram_new (void)
{
  InterleaveHistogram *histogram = g_new0 (InterleaveHistogram, 1);

  histogram->min = G_MAXINT64;
  histogram->lowest = N_BUCKETS;
  return histogram;
}

InterleaveHistogram *
interleave_histogram_copy (const InterleaveHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, NULL);

  return g_memdup2 (histogram, sizeof *histogram);
}

void
interleave_histogram_free (InterleaveHistogram *histogram)
{
  g_free (histogram);
}

/* Clears only the buckets in use: cheap for a histogram per metric window. */
void
interleave_histogram_reset (InterleaveHistogram *histogram)
{
  g_return_if_fail (histogram != NULL);

  if (histogram->count > 0)
    memset (&histogram->buckets[histogram->lowest], 0,
            sizeof (guint64) * (histogram->highest - histogram->lowest + 1));

  histogram->count = 0;
  histogram->min = G_MAXINT64;
  histogram->max = 0;
  histogram->sum = 0.0;
  histogram->lowest = N_BUCKETS;
  histogram->highest = 0;
}

/**
 * interleave_histogram_record:
 * @histogram: a histogram
 * @value_ns: a latency; negative values count as 0
 */
void
interleave_histogram_record (InterleaveHistogram *histogram,
                             gint64               value_ns)
{
  guint bucket;

  g_return_if_fail (histogram != NULL);

  value_ns = MAX (value_ns, 0);
  bucket = bucket_for (MIN (value_ns, INTERLEAVE_HISTOGRAM_MAX_NS));

  histogram->buckets[bucket]++;
  histogram->count++;
  histogram->sum += (double) value_ns;
  histogram->min = MIN (histogram->min, value_ns);
  histogram->max = MAX (histogram->max, value_ns);
  histogram->lowest = MIN (histogram->lowest, bucket);
  histogram->highest = MAX (histogram->highest, bucket);
}

/**
 * interleave_histogram_add:
 * @histogram: a histogram
 * @other: another histogram
 *
 * Adds every value of @other to @histogram.
 */
void
interleave_histogram_add (InterleaveHistogram       *histogram,
                          const InterleaveHistogram *other)
{
  g_return_if_fail (histogram != NULL);
  g_return_if_fail (other != NULL);

  if (other->count == 0)
    return;

  for (guint i = other->lowest; i <= other->highest; i++)
    histogram->buckets[i] += other->buckets[i];

  histogram->count += other->count;
  histogram->sum += other->sum;
  histogram->min = MIN (histogram->min, other->min);
  histogram->max = MAX (histogram->max, other->max);
  histogram->lowest = MIN (histogram->lowest, other->lowest);
  histogram->highest = MAX (histogram->highest, other->highest);
}

guint64
interleave_histogram_get_count (const InterleaveHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0);

  return histogram->count;
}

/* Returns: the smallest value, or 0 when empty */
gint64
interleave_histogram_get_min (const InterleaveHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0);

  return histogram->count > 0 ? histogram->min : 0;
}

gint64
interleave_histogram_get_max (const InterleaveHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0);

  return histogram->max;
}

/* Returns: the exact mean in ns, or 0 when empty */
double
interleave_histogram_get_mean (const InterleaveHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0.0);

  return histogram->count > 0 ? histogram->sum / histogram->count : 0.0;
}

/**
 * interleave_histogram_get_percentile:
 * @histogram: a histogram
 * @quantile: 0…1, e.g. 0.999 for p99.9
 *
 * Nearest rank: the value below or at which @quantile of the values lie,
 * as the middle of its bucket, clamped to the exact min and max; the
 * highest rank is the exact max.
 *
 * Returns: the value in ns, or 0 when empty
 */
gint64
interleave_histogram_get_percentile (const InterleaveHistogram *histogram,
                                     double                     quantile)
{
  guint64 rank;
  guint64 seen = 0;

  g_return_val_if_fail (histogram != NULL, 0);
  g_return_val_if_fail (quantile >= 0.0 && quantile <= 1.0, 0);

  if (histogram->count == 0)
    return 0;

  rank = (guint64) ceil (quantile * histogram->count);
  rank = CLAMP (rank, 1, histogram->count);
  if (rank == histogram->count)
    return histogram->max;

  for (guint i = histogram->lowest; i <= histogram->highest; i++)
    {
      seen += histogram->buckets[i];
      if (seen >= rank)
        {
          gint64 value = bucket_lower (i) + bucket_width (i) / 2;

          return CLAMP (value, histogram->min, histogram->max);
        }
    }

  return histogram->max;
}
