/* interleave-time-scale.h
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

/* Maps simulated time (ns) to horizontal pixels and back. A plain value:
 * the widget, the exporter and the tests copy it around freely. */
typedef struct
{
  double start;      /* ns at x = 0 */
  double ns_per_px;  /* > 0 */
} InterleaveTimeScale;

#define INTERLEAVE_TIME_SCALE_MIN_NS_PER_PX 0.5
#define INTERLEAVE_TIME_SCALE_MAX_NS_PER_PX 1e10

void    interleave_time_scale_init     (InterleaveTimeScale       *scale,
                                        gint64                     start,
                                        gint64                     end,
                                        double                     width);
double  interleave_time_scale_to_x     (const InterleaveTimeScale *scale,
                                        gint64                     time);
gint64  interleave_time_scale_to_time  (const InterleaveTimeScale *scale,
                                        double                     x);
gint64  interleave_time_scale_get_end  (const InterleaveTimeScale *scale,
                                        double                     width);
void    interleave_time_scale_zoom     (InterleaveTimeScale       *scale,
                                        double                     x,
                                        double                     factor);
void    interleave_time_scale_pan      (InterleaveTimeScale       *scale,
                                        double                     dx);
void    interleave_time_scale_clamp    (InterleaveTimeScale       *scale,
                                        gint64                     min_time,
                                        gint64                     max_time,
                                        double                     width);
gboolean interleave_time_scale_equal   (const InterleaveTimeScale *a,
                                        const InterleaveTimeScale *b);

G_END_DECLS
