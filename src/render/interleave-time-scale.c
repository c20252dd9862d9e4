/* interleave-time-scale.c
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

#include <math.h>

#include "interleave-time-scale.h"

/**
 * interleave_time_scale_init:
 * @scale: a scale
 * @start: ns shown at x = 0
 * @end: ns shown at x = @width
 * @width: pixels
 *
 * Fits the time range [@start, @end] into @width pixels.
 */
void
interleave_time_scale_init (InterleaveTimeScale *scale,
                            gint64               start,
                            gint64               end,
                            double               width)
{
  g_return_if_fail (scale != NULL);

  if (end <= start)
    end = start + 1;
  if (width < 1.0)
    width = 1.0;

  scale->start = start;
  scale->ns_per_px = CLAMP ((end - start) / width,
                            INTERLEAVE_TIME_SCALE_MIN_NS_PER_PX,
                            INTERLEAVE_TIME_SCALE_MAX_NS_PER_PX);
}

double
interleave_time_scale_to_x (const InterleaveTimeScale *scale,
                            gint64                     time)
{
  return (time - scale->start) / scale->ns_per_px;
}

gint64
interleave_time_scale_to_time (const InterleaveTimeScale *scale,
                               double                     x)
{
  return (gint64) llround (scale->start + x * scale->ns_per_px);
}

gint64
interleave_time_scale_get_end (const InterleaveTimeScale *scale,
                               double                     width)
{
  return interleave_time_scale_to_time (scale, width);
}

/**
 * interleave_time_scale_zoom:
 * @scale: a scale
 * @x: the pixel that keeps its time (the pointer)
 * @factor: > 1 zooms in, < 1 zooms out
 */
void
interleave_time_scale_zoom (InterleaveTimeScale *scale,
                            double               x,
                            double               factor)
{
  double anchor;
  double ns_per_px;

  g_return_if_fail (scale != NULL);
  g_return_if_fail (factor > 0.0);

  anchor = scale->start + x * scale->ns_per_px;
  ns_per_px = CLAMP (scale->ns_per_px / factor,
                     INTERLEAVE_TIME_SCALE_MIN_NS_PER_PX,
                     INTERLEAVE_TIME_SCALE_MAX_NS_PER_PX);
  scale->ns_per_px = ns_per_px;
  scale->start = anchor - x * ns_per_px;
}

/**
 * interleave_time_scale_pan:
 * @scale: a scale
 * @dx: pixels; positive moves the content right (shows earlier time)
 */
void
interleave_time_scale_pan (InterleaveTimeScale *scale,
                           double               dx)
{
  g_return_if_fail (scale != NULL);

  scale->start -= dx * scale->ns_per_px;
}

/**
 * interleave_time_scale_clamp:
 *
 * Keeps the visible range inside [@min_time, @max_time] as far as it
 * fits, and no wider than that range.
 */
void
interleave_time_scale_clamp (InterleaveTimeScale *scale,
                             gint64               min_time,
                             gint64               max_time,
                             double               width)
{
  double visible;

  g_return_if_fail (scale != NULL);

  if (max_time <= min_time || width < 1.0)
    return;

  visible = scale->ns_per_px * width;
  if (visible > max_time - min_time)
    {
      scale->ns_per_px = MAX ((max_time - min_time) / width, INTERLEAVE_TIME_SCALE_MIN_NS_PER_PX);
      visible = scale->ns_per_px * width;
    }

  if (scale->start + visible > max_time)
    scale->start = max_time - visible;
  if (scale->start < min_time)
    scale->start = min_time;
}

gboolean
interleave_time_scale_equal (const InterleaveTimeScale *a,
                             const InterleaveTimeScale *b)
{
  return a->start == b->start && a->ns_per_px == b->ns_per_px;
}
