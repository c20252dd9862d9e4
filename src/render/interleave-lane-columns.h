/* interleave-lane-columns.h
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

#include "interleave-state-fill.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

/* Level of detail: a lane is drawn one pixel column at a time. Each
 * column knows which share of its time each state covers; a column with
 * spans narrower than itself is drawn as a stacked bar of those shares,
 * so millions of tiny spans still show how the lane spent its time. */
typedef struct
{
  float   share[INTERLEAVE_N_STATES];  /* of the column's time; idle unused */
  guint16 n_spans;                     /* spans touching the column (saturates) */
  guint8  narrow;                      /* a span narrower than a column is in it */
  guint8  padding;
} InterleaveColumn;

void interleave_lane_columns_compute (const InterleaveLane      *lane,
                                      double                     start,
                                      double                     ns_per_column,
                                      guint                      n_columns,
                                      InterleaveColumn          *columns);
void interleave_lane_columns_paint   (const InterleaveColumn    *columns,
                                      guint                      n_columns,
                                      const InterleaveStateFill *fill,
                                      guint32                   *pixels,
                                      gsize                      stride,
                                      int                        y,
                                      int                        height);
void interleave_lane_columns_paint_at (const InterleaveColumn  *columns,
                                      guint                      n_columns,
                                      const InterleaveStateFill *fill,
                                      guint32                   *pixels,
                                      gsize                      stride,
                                      int                        y,
                                      int                        height,
                                      guint                      x_origin);
gboolean interleave_column_is_stacked (const InterleaveColumn   *column);

G_END_DECLS
