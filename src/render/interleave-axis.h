/* interleave-axis.h
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

#define INTERLEAVE_AXIS_MAX_TICKS 64

typedef struct
{
  double value;       /* ns for time axes, the value for value axes */
  char   label[32];
} InterleaveTick;

guint  interleave_axis_time_ticks   (gint64          start,
                                     gint64          end,
                                     double          width,
                                     double          min_spacing,
                                     InterleaveTick *ticks,
                                     guint           max_ticks);
guint  interleave_axis_value_ticks  (double          lo,
                                     double          hi,
                                     guint           max_count,
                                     InterleaveTick *ticks,
                                     guint           max_ticks);
double interleave_axis_nice_step    (double          range,
                                     double          max_count);
char  *interleave_format_duration   (gint64          ns);
char  *interleave_format_value      (double          value);

G_END_DECLS
