/* test-time-scale.c
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
#include <string.h>

#include "interleave-axis.h"
#include "interleave-time-scale.h"

static void
test_round_trip (void)
{
  InterleaveTimeScale scale;

  interleave_time_scale_init (&scale, 5 * 1000000, 105 * 1000000, 1000);
  g_assert_cmpfloat_with_epsilon (scale.ns_per_px, 100000.0, 1e-9);

  for (double x = -50; x <= 1050; x += 37.5)
    {
      gint64 t = interleave_time_scale_to_time (&scale, x);
      g_assert_cmpfloat_with_epsilon (interleave_time_scale_to_x (&scale, t), x, 1e-3);
    }

  for (gint64 t = 0; t < 200000000; t += 7777777)
    {
      double x = interleave_time_scale_to_x (&scale, t);
      g_assert_cmpint (ABS (interleave_time_scale_to_time (&scale, x) - t), <=, 1);
    }
}

static void
test_zoom_keeps_anchor (void)
{
  InterleaveTimeScale scale;
  double anchors[] = { 0, 123.4, 500, 999 };

  for (guint i = 0; i < G_N_ELEMENTS (anchors); i++)
    {
      gint64 before;

      interleave_time_scale_init (&scale, 0, 10000000000, 1000);
      before = interleave_time_scale_to_time (&scale, anchors[i]);

      /* Zoom in and out by many steps: the time under the pointer stays. */
      for (int k = 0; k < 20; k++)
        {
          interleave_time_scale_zoom (&scale, anchors[i], 1.25);
          g_assert_cmpint (ABS (interleave_time_scale_to_time (&scale, anchors[i]) - before), <=, 2);
        }
      for (int k = 0; k < 20; k++)
        interleave_time_scale_zoom (&scale, anchors[i], 1 / 1.25);

      g_assert_cmpint (ABS (interleave_time_scale_to_time (&scale, anchors[i]) - before), <=, 2);
      g_assert_cmpfloat_with_epsilon (scale.ns_per_px, 10000000.0, 1e-3);
    }
}

static void
test_pan_round_trip (void)
{
  InterleaveTimeScale scale, copy;

  interleave_time_scale_init (&scale, 0, 1000000000, 800);
  copy = scale;

  interleave_time_scale_pan (&scale, 120);
  /* Content moves right: the left edge shows an earlier time. */
  g_assert_cmpint (interleave_time_scale_to_time (&scale, 0), <, 0);
  g_assert_cmpfloat_with_epsilon (interleave_time_scale_to_x (&scale, 0), 120, 1e-6);
  interleave_time_scale_pan (&scale, -120);
  g_assert_true (interleave_time_scale_equal (&scale, &copy));
}

static void
test_clamp (void)
{
  InterleaveTimeScale scale;

  interleave_time_scale_init (&scale, -500, 2000, 100);
  interleave_time_scale_clamp (&scale, 0, 1000, 100);
  g_assert_cmpfloat (scale.start, >=, 0);
  g_assert_cmpint (interleave_time_scale_get_end (&scale, 100), <=, 1000);

  interleave_time_scale_init (&scale, 900, 1100, 100);
  interleave_time_scale_clamp (&scale, 0, 1000, 100);
  g_assert_cmpint (interleave_time_scale_get_end (&scale, 100), ==, 1000);
  g_assert_cmpfloat_with_epsilon (scale.start, 800, 1e-6);
}

static void
test_time_ticks (void)
{
  InterleaveTick ticks[INTERLEAVE_AXIS_MAX_TICKS];
  guint n;

  /* 0–1 s over 1000 px, ticks at least 100 px apart: every 100 ms. */
  n = interleave_axis_time_ticks (0, 1000000000, 1000, 100, ticks, G_N_ELEMENTS (ticks));
  g_assert_cmpuint (n, ==, 11);
  g_assert_cmpfloat (ticks[1].value - ticks[0].value, ==, 1e8);
  g_assert_cmpstr (ticks[0].label, ==, "0.0 s");
  g_assert_cmpstr (ticks[3].label, ==, "0.3 s");

  /* 10 ms over 1000 px: 1 ms steps, labelled in ms. */
  n = interleave_axis_time_ticks (20000000, 30000000, 1000, 100, ticks, G_N_ELEMENTS (ticks));
  g_assert_cmpuint (n, ==, 11);
  g_assert_cmpstr (ticks[0].label, ==, "20 ms");
  g_assert_cmpstr (ticks[10].label, ==, "30 ms");

  /* 1–21 µs over 1000 px, 200 px apart: every 5 µs, from 5 µs. */
  n = interleave_axis_time_ticks (1000, 21000, 1000, 200, ticks, G_N_ELEMENTS (ticks));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (ticks[0].label, ==, "5 µs");

  /* Spacing is never below the minimum. */
  for (gint64 range = 1000; range < G_GINT64_CONSTANT (100000000000); range *= 3)
    {
      n = interleave_axis_time_ticks (17, 17 + range, 1234, 90, ticks, G_N_ELEMENTS (ticks));
      g_assert_cmpuint (n, >=, 2);
      for (guint i = 1; i < n; i++)
        {
          g_assert_cmpfloat ((ticks[i].value - ticks[i - 1].value) / range * 1234, >=, 90 - 1e-6);
          g_assert_cmpstr (ticks[i].label, !=, ticks[i - 1].label);
        }
    }
}

static void
test_value_ticks (void)
{
  InterleaveTick ticks[INTERLEAVE_AXIS_MAX_TICKS];
  guint n = interleave_axis_value_ticks (0, 87, 5, ticks, G_N_ELEMENTS (ticks));

  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpstr (ticks[4].label, ==, "80");
  g_assert_cmpfloat (interleave_axis_nice_step (1, 4), ==, 0.5);
  g_assert_cmpfloat (interleave_axis_nice_step (7, 7), ==, 1);
}

static void
test_format_duration (void)
{
  struct { gint64 ns; const char *text; } cases[] = {
    { 5000000, "5 ms" }, { 12500000, "12.5 ms" }, { 250000, "250 µs" },
    { 1250000000, "1.25 s" }, { 999, "999 ns" }, { 1500, "1.5 µs" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = interleave_format_duration (cases[i].ns);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time-scale/round-trip", test_round_trip);
  g_test_add_func ("/time-scale/zoom-keeps-anchor", test_zoom_keeps_anchor);
  g_test_add_func ("/time-scale/pan-round-trip", test_pan_round_trip);
  g_test_add_func ("/time-scale/clamp", test_clamp);
  g_test_add_func ("/axis/time-ticks", test_time_ticks);
  g_test_add_func ("/axis/value-ticks", test_value_ticks);
  g_test_add_func ("/axis/format-duration", test_format_duration);

  return g_test_run ();
}
