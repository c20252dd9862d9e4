/* interleave-lane-columns.c
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
#include <string.h>

#include "interleave-lane-columns.h"

#define MIN_SHARE (1.0f / 512.0f)

/* Bottom to top in a stacked column: work first, waiting above it. */
static const InterleaveState stack_order[] = {
  INTERLEAVE_STATE_RUNNING,
  INTERLEAVE_STATE_NATIVE,
  INTERLEAVE_STATE_GIL_WAIT,
  INTERLEAVE_STATE_RUNNABLE,
  INTERLEAVE_STATE_IO_WAIT,
};
G_STATIC_ASSERT (G_N_ELEMENTS (stack_order) == INTERLEAVE_N_STATES - 1);

static inline void
add_share (InterleaveColumn *column,
           guint             state,
           float             share)
{
  column->share[state] += share;
  if (column->n_spans < G_MAXUINT16)
    column->n_spans++;
}

/**
 * interleave_lane_columns_compute:
 * @lane: a lane
 * @start: ns at the left edge of column 0
 * @ns_per_column: width of a column in ns
 * @n_columns: number of columns
 * @columns: (out caller-allocates): @n_columns columns
 *
 * Adds up, for every column, the share of its time spent in each state.
 * Only the spans that overlap the columns are visited (binary search for
 * the first), so the cost follows what is visible, not the lane length.
 */
void
interleave_lane_columns_compute (const InterleaveLane *lane,
                                 double                start,
                                 double                ns_per_column,
                                 guint                 n_columns,
                                 InterleaveColumn     *columns)
{
  const InterleaveSpan *spans;
  double end, inv, nf;
  guint i, len;

  g_return_if_fail (lane != NULL);
  g_return_if_fail (ns_per_column > 0);
  g_return_if_fail (columns != NULL || n_columns == 0);

  memset (columns, 0, n_columns * sizeof *columns);
  if (n_columns == 0)
    return;

  spans = (const InterleaveSpan *) (gpointer) lane->spans->data;
  len = lane->spans->len;
  end = start + n_columns * ns_per_column;
  inv = 1.0 / ns_per_column;
  nf = n_columns;

  for (i = interleave_lane_first_span_after (lane, (gint64) floor (start)); i < len; i++)
    {
      const InterleaveSpan *span = &spans[i];
      guint state = span->state;
      double fx0, fx1;
      guint c0, c1;

      if (span->start >= end)
        break;

      if (G_UNLIKELY (state == INTERLEAVE_STATE_IDLE || state >= INTERLEAVE_N_STATES))
        continue;

      fx0 = (span->start - start) * inv;
      fx1 = (span->end - start) * inv;
      fx0 = fx0 < 0 ? 0 : fx0;
      fx1 = fx1 > nf ? nf : fx1;
      if (G_UNLIKELY (!(fx1 > fx0)))
        continue;

      c0 = (guint) fx0;
      c1 = (guint) fx1;
      /* A span ending exactly on a boundary does not touch the next. */
      if (c1 > c0 && (double) c1 == fx1)
        c1--;
      if (c1 >= n_columns)
        c1 = n_columns - 1;

      if (c0 == c1)
        {
          InterleaveColumn *column = &columns[c0];

          column->share[state] += (float) (fx1 - fx0);
          column->n_spans += column->n_spans < G_MAXUINT16;
          column->narrow |= (span->end - span->start) * inv < 1.0;
        }
      else
        {
          add_share (&columns[c0], state, (float) (c0 + 1 - fx0));
          for (guint c = c0 + 1; c < c1; c++)
            add_share (&columns[c], state, 1.0f);
          add_share (&columns[c1], state, (float) (fx1 - c1));
        }
    }
}

/**
 * interleave_column_is_stacked:
 *
 * Returns: whether the column is drawn as a stacked bar of shares (it
 *   holds a span narrower than itself, or three spans or more), rather
 *   than as one state or the anti-aliased edge between two
 */
gboolean
interleave_column_is_stacked (const InterleaveColumn *column)
{
  return column->narrow || column->n_spans > 2;
}

/**
 * interleave_lane_columns_paint:
 * @columns: the columns from interleave_lane_columns_compute()
 * @fill: tiles at the device scale of @pixels
 * @pixels: premultiplied ARGB32 pixels, column 0 at x = 0, cleared
 * @stride: pixels per row of @pixels
 * @y: first row of the lane
 * @height: rows of the lane
 *
 * Writes the lane's pixels: whole-state columns copy the state's tile
 * (anchored at pixel 0,0 so patterns line up across spans and lanes),
 * edges between two spans are anti-aliased, and busy columns become
 * stacked bars whose heights are the states' shares.
 */
void
interleave_lane_columns_paint (const InterleaveColumn    *columns,
                               guint                      n_columns,
                               const InterleaveStateFill *fill,
                               guint32                   *pixels,
                               gsize                      stride,
                               int                        y,
                               int                        height)
{
  interleave_lane_columns_paint_at (columns, n_columns, fill, pixels, stride, y, height, 0);
}

/**
 * interleave_lane_columns_paint_at:
 * @x_origin: the column of @pixels' column 0 in a larger picture
 *
 * As interleave_lane_columns_paint(), for a piece of a larger picture
 * (a tile): the patterns are anchored at that picture's column 0, so
 * pieces painted apart meet without a seam.
 */
void
interleave_lane_columns_paint_at (const InterleaveColumn    *columns,
                                  guint                      n_columns,
                                  const InterleaveStateFill *fill,
                                  guint32                   *pixels,
                                  gsize                      stride,
                                  int                        y,
                                  int                        height,
                                  guint                      x_origin)
{
  const guint32 *lane_tiles[INTERLEAVE_N_STATES];
  const guint32 *stacked_tiles[INTERLEAVE_N_STATES];
  int top[INTERLEAVE_N_STATES];
  int bottom[INTERLEAVE_N_STATES];
  guint tile_size;
  guint ty0;
  guint *tile_rows;
  guint32 *zero_tile;

  g_return_if_fail (fill != NULL);
  g_return_if_fail (pixels != NULL);

  if (height <= 0)
    return;

  tile_size = interleave_state_fill_get_tile_size (fill);
  ty0 = (guint) y % tile_size;

  /* Everything that does not change from column to column, once. */
  for (guint s = 0; s < INTERLEAVE_N_STATES; s++)
    {
      double t, b;

      lane_tiles[s] = interleave_state_fill_get_tile (fill, s, FALSE);
      stacked_tiles[s] = interleave_state_fill_get_tile (fill, s, TRUE);
      interleave_state_get_extent (s, &t, &b);
      top[s] = (int) (t * height + 0.5);
      bottom[s] = (int) (b * height + 0.5);
      if (bottom[s] <= top[s])
        bottom[s] = MIN (height, top[s] + 1);
    }

  pixels += (gsize) y * stride;

  zero_tile = g_alloca (sizeof (guint32) * tile_size * tile_size);
  memset (zero_tile, 0, sizeof (guint32) * tile_size * tile_size);

  /* Tile row offset of every lane row. */
  tile_rows = g_alloca (sizeof (guint) * height);
  for (int row = 0; row < height; row++)
    tile_rows[row] = ((ty0 + row) % tile_size) * tile_size;

  for (guint x = 0; x < n_columns; x++)
    {
      const InterleaveColumn *column = &columns[x];
      guint states[G_N_ELEMENTS (stack_order)];
      float shares[G_N_ELEMENTS (stack_order)];
      guint32 *out = pixels + x;
      guint n = 0;
      float total = 0;
      guint tx = (x + x_origin) % tile_size;

      if (column->n_spans == 0)
        continue;

      if (interleave_column_is_stacked (column))
        {
          /* The common case when zoomed out, so without branches on the
           * states: the boundaries of the stacked shares from the bottom
           * up, then each row takes the tile of the band it falls in
           * (band 5 is idle: transparent). */
          float cumulative = 0, scale;
          int b[G_N_ELEMENTS (stack_order)];
          const guint32 *band[G_N_ELEMENTS (stack_order) + 1];

          for (guint k = 0; k < G_N_ELEMENTS (stack_order); k++)
            total += column->share[stack_order[k]];
          scale = (total > 1.0f ? 1.0f / total : 1.0f) * height;

          for (guint k = 0; k < G_N_ELEMENTS (stack_order); k++)
            {
              cumulative += column->share[stack_order[k]];
              b[k] = MIN ((int) (cumulative * scale + 0.5f), height);
              band[k] = stacked_tiles[stack_order[k]] + tx;
            }
          band[G_N_ELEMENTS (stack_order)] = zero_tile;

          for (int h = 0; h < height; h++)
            {
              int row = height - 1 - h;
              guint k = (h >= b[0]) + (h >= b[1]) + (h >= b[2]) + (h >= b[3]) + (h >= b[4]);

              out[(gsize) row * stride] = band[k][tile_rows[row]];
            }

          continue;
        }

      for (guint k = 0; k < G_N_ELEMENTS (stack_order); k++)
        {
          float share = column->share[stack_order[k]];

          if (share > MIN_SHARE)
            {
              states[n] = stack_order[k];
              shares[n] = share;
              total += share;
              n++;
            }
        }

      if (n == 0)
        continue;

      if (total > 1.0f)
        {
          float inv = 1.0f / total;
          for (guint k = 0; k < n; k++)
            shares[k] *= inv;
        }

      if (n == 1 && shares[0] >= 0.998f)
        {
          const guint32 *tile = lane_tiles[states[0]] + tx;

          for (int row = top[states[0]]; row < bottom[states[0]]; row++)
            out[(gsize) row * stride] = tile[tile_rows[row]];
        }
      else
        {
          /* Anti-aliased edge: each state weighted by its coverage. */
          guint ty = ty0;

          for (int row = 0; row < height; row++)
            {
              float a = 0, r = 0, g = 0, b = 0;

              for (guint k = 0; k < n; k++)
                {
                  guint32 p;

                  if (row < top[states[k]] || row >= bottom[states[k]])
                    continue;

                  p = lane_tiles[states[k]][ty * tile_size + tx];
                  a += shares[k] * (p >> 24);
                  r += shares[k] * ((p >> 16) & 0xff);
                  g += shares[k] * ((p >> 8) & 0xff);
                  b += shares[k] * (p & 0xff);
                }

              if (a > 0)
                out[(gsize) row * stride] =
                  ((guint32) (a + 0.5f) << 24) | ((guint32) (r + 0.5f) << 16) |
                  ((guint32) (g + 0.5f) << 8) | (guint32) (b + 0.5f);

              if (++ty == tile_size)
                ty = 0;
            }
        }
    }
}
