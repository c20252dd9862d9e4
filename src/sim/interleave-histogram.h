/* interleave-histogram.h
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

/* A log-linear latency histogram (the HdrHistogram idea), shared by the
 * simulator and live measurement: values below 2^SUB_BITS ns are counted
 * exactly; above, every power of two is split in 2^SUB_BITS equal buckets,
 * and a percentile is reported as the middle of its bucket, so it is
 * within INTERLEAVE_HISTOGRAM_RELATIVE_ERROR of a recorded value. Fixed
 * size (about 40 KiB) whatever the number of values, no allocation per
 * value, and a reset that clears only the buckets used (the simulator
 * resets one every metric window); count, min, max and mean are exact.
 * Values are nanoseconds; values above INTERLEAVE_HISTOGRAM_MAX_NS share
 * the top bucket (max stays exact). */

#define INTERLEAVE_HISTOGRAM_SUB_BITS       7
#define INTERLEAVE_HISTOGRAM_MAX_NS         ((G_GINT64_CONSTANT (1) << 45) - 1)  /* ~9.7 hours */
#define INTERLEAVE_HISTOGRAM_RELATIVE_ERROR (1.0 / (2 << INTERLEAVE_HISTOGRAM_SUB_BITS))

typedef struct _InterleaveHistogram InterleaveHistogram;

InterleaveHistogram *interleave_histogram_new            (void);
InterleaveHistogram *interleave_histogram_copy           (const InterleaveHistogram *histogram);
void                 interleave_histogram_free           (InterleaveHistogram       *histogram);
void                 interleave_histogram_reset          (InterleaveHistogram       *histogram);
void                 interleave_histogram_record         (InterleaveHistogram       *histogram,
                                                          gint64                     value_ns);
void                 interleave_histogram_add            (InterleaveHistogram       *histogram,
                                                          const InterleaveHistogram *other);
guint64              interleave_histogram_get_count      (const InterleaveHistogram *histogram);
gint64               interleave_histogram_get_min        (const InterleaveHistogram *histogram);
gint64               interleave_histogram_get_max        (const InterleaveHistogram *histogram);
double               interleave_histogram_get_mean       (const InterleaveHistogram *histogram);
gint64               interleave_histogram_get_percentile (const InterleaveHistogram *histogram,
                                                          double                     quantile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveHistogram, interleave_histogram_free)

G_END_DECLS
