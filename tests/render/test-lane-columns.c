/* test-lane-columns.c
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

#include "config.h"

#include <math.h>

#include "interleave-lane-columns.h"
#include "interleave-test-traces.h"

/* Share of [c0, c1) spent in each state, computed the slow, obvious way. */
static void
brute_force (const InterleaveLane *lane,
             double                c0,
             double                c1,
             double               *shares)
{
  for (guint s = 0; s < INTERLEAVE_N_STATES; s++)
    shares[s] = 0;

  for (guint i = 0; i < lane->spans->len; i++)
    {
      const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, i);
      double a = MAX (c0, (double) span->start);
      double b = MIN (c1, (double) span->end);

      if (b > a)
        shares[span->state] += (b - a) / (c1 - c0);
    }
}

static void
test_columns_match_brute_force (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_test_trace_new_random ("t", 1, 1, 20000, 100 * MS, 7);
  const InterleaveLane *lane = g_ptr_array_index (trace->lanes, 0);
  guint n = 800;
  double start = 10 * MS + 0.37;
  double npc = 80.0 * MS / n;
  g_autofree InterleaveColumn *columns = g_new (InterleaveColumn, n);
  guint narrow = 0;

  /* Many spans far below a column: this is the level-of-detail case. */
  g_assert_cmpuint (lane->spans->len, >, 5 * n);

  interleave_lane_columns_compute (lane, start, npc, n, columns);

  for (guint c = 0; c < n; c++)
    {
      double expected[INTERLEAVE_N_STATES];

      brute_force (lane, start + c * npc, start + (c + 1) * npc, expected);
      for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
        g_assert_cmpfloat_with_epsilon (columns[c].share[s], expected[s], 1e-4);

      narrow += columns[c].narrow;
    }

  g_assert_cmpuint (narrow, >, n / 2);
}

static void
test_columns_conserve_time (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_test_trace_new_random ("t", 1, 1, 5000, 50 * MS, 11);
  const InterleaveLane *lane = g_ptr_array_index (trace->lanes, 0);
  guint n = 333;
  double npc = 50.0 * MS / n;
  g_autofree InterleaveColumn *columns = g_new (InterleaveColumn, n);
  double from_columns[INTERLEAVE_N_STATES] = { 0 };
  double from_spans[INTERLEAVE_N_STATES] = { 0 };

  interleave_lane_columns_compute (lane, 0, npc, n, columns);
  for (guint c = 0; c < n; c++)
    for (guint s = 0; s < INTERLEAVE_N_STATES; s++)
      from_columns[s] += columns[c].share[s] * npc;

  for (guint i = 0; i < lane->spans->len; i++)
    {
      const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, i);
      from_spans[span->state] += MIN (span->end, 50 * MS) - span->start;
    }

  for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
    g_assert_cmpfloat (fabs (from_columns[s] - from_spans[s]) / MAX (1, from_spans[s]), <, 1e-4);
}

/* Which state's stacked tile a painted pixel comes from. */
static int
state_of_pixel (const InterleaveStateFill *fill,
                guint32                    pixel,
                guint                      x,
                guint                      y)
{
  guint t = interleave_state_fill_get_tile_size (fill);
  int found = -1;

  for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
    if (interleave_state_fill_get_tile (fill, s, TRUE)[(y % t) * t + x % t] == pixel)
      {
        g_assert_cmpint (found, ==, -1);
        found = s;
      }

  return found;
}

static void
test_paint_preserves_shares (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_test_trace_new_random ("t", 1, 1, 40000, 100 * MS, 3);
  g_autoptr(InterleaveStateFill) fill = interleave_state_fill_new (interleave_palette_get (INTERLEAVE_PALETTE_LIGHT), 8, 1);
  const InterleaveLane *lane = g_ptr_array_index (trace->lanes, 0);
  const int height = 40, y0 = 5, rows = 50;
  guint n = 400;
  g_autofree InterleaveColumn *columns = g_new (InterleaveColumn, n);
  g_autofree guint32 *pixels = g_new0 (guint32, n * rows);
  guint stacked = 0;

  interleave_lane_columns_compute (lane, 0, 100.0 * MS / n, n, columns);
  interleave_lane_columns_paint (columns, n, fill, pixels, n, y0, height);

  for (guint x = 0; x < n; x++)
    {
      guint counts[INTERLEAVE_N_STATES] = { 0 };
      float total = 0;

      if (!interleave_column_is_stacked (&columns[x]))
        continue;
      stacked++;

      /* Nothing outside the lane's rows. */
      for (int y = 0; y < rows; y++)
        if (y < y0 || y >= y0 + height)
          g_assert_cmphex (pixels[y * n + x], ==, 0);

      for (int y = y0; y < y0 + height; y++)
        {
          guint32 p = pixels[y * n + x];
          int s;

          if (p == 0)
            continue;
          s = state_of_pixel (fill, p, x, y);
          g_assert_cmpint (s, >=, 0);
          counts[s]++;
        }

      for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
        total += columns[x].share[s];

      /* Each state's rows are its share of the lane height, to a row. */
      for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
        {
          double expected = columns[x].share[s] / MAX (1.0f, total) * height;
          g_assert_cmpfloat (fabs (counts[s] - expected), <=, 1.0 + 1e-3);
        }
    }

  g_assert_cmpuint (stacked, >, n / 2);
}

static void
test_paint_solid_and_edge (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_test_trace_new_fixed ();
  g_autoptr(InterleaveStateFill) fill = interleave_state_fill_new (interleave_palette_get (INTERLEAVE_PALETTE_LIGHT), 8, 1);
  const InterleaveLane *lane = g_ptr_array_index (trace->lanes, 0);
  const InterleavePalette *palette = interleave_palette_get (INTERLEAVE_PALETTE_LIGHT);
  const int height = 20;
  guint n = 100;
  InterleaveColumn columns[100];
  guint32 pixels[100 * 20] = { 0 };
  guint32 running;
  double top, bottom;

  /* 1 ms per column: thread 1 runs in columns 0–19, waits for I/O 20–49. */
  interleave_lane_columns_compute (lane, 0.5 * MS, 1.0 * MS, n, columns);
  interleave_lane_columns_paint (columns, n, fill, pixels, n, 0, height);

  running = 0xff000000 |
            (guint32) round (palette->states[INTERLEAVE_STATE_RUNNING].red * 255) << 16 |
            (guint32) round (palette->states[INTERLEAVE_STATE_RUNNING].green * 255) << 8 |
            (guint32) round (palette->states[INTERLEAVE_STATE_RUNNING].blue * 255);

  for (int y = 0; y < height; y++)
    g_assert_cmphex (pixels[y * n + 5], ==, running);

  /* Column 19 covers 19.5–20.5 ms: half running, half I/O, blended. */
  g_assert_false (interleave_column_is_stacked (&columns[19]));
  g_assert_cmpfloat_with_epsilon (columns[19].share[INTERLEAVE_STATE_RUNNING], 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (columns[19].share[INTERLEAVE_STATE_IO_WAIT], 0.5, 1e-6);
  g_assert_cmpuint (pixels[0 * n + 19] >> 24, >=, 126);
  g_assert_cmpuint (pixels[0 * n + 19] >> 24, <=, 129);

  /* I/O waits are a thin bar in the middle of the lane. */
  interleave_state_get_extent (INTERLEAVE_STATE_IO_WAIT, &top, &bottom);
  g_assert_cmphex (pixels[0 * n + 30], ==, 0);
  g_assert_cmphex (pixels[(height / 2) * n + 30] >> 24, ==, 0xff);
  g_assert_cmphex (pixels[(height - 1) * n + 30], ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lane-columns/match-brute-force", test_columns_match_brute_force);
  g_test_add_func ("/lane-columns/conserve-time", test_columns_conserve_time);
  g_test_add_func ("/lane-columns/paint-preserves-shares", test_paint_preserves_shares);
  g_test_add_func ("/lane-columns/paint-solid-and-edge", test_paint_solid_and_edge);

  return g_test_run ();
}
