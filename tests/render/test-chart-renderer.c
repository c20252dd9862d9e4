/* test-chart-renderer.c
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

/* Series styles and XY charts of the chart renderer, checked on the
 * pixels it draws. */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "interleave-chart-renderer.h"

#define WIDTH  400
#define HEIGHT 240

/* A trace whose throughput is a constant @value in every window. */
static InterleaveTrace *
flat_trace (const char *name,
            double      value)
{
  InterleaveTrace *trace = interleave_trace_new (name, 2, 100 * G_TIME_SPAN_MILLISECOND * 1000);

  for (guint i = 0; i < 20; i++)
    {
      InterleaveWindow window = { .start = i * trace->window_ns };

      for (guint m = 0; m < INTERLEAVE_N_METRICS; m++)
        window.values[m] = NAN;
      window.values[INTERLEAVE_METRIC_THROUGHPUT] = value;
      g_array_append_val (trace->windows, window);
    }
  trace->end = 20 * trace->window_ns;

  return trace;
}

static cairo_surface_t *
draw (InterleaveChartRenderer *renderer)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  interleave_chart_renderer_set_size (renderer, WIDTH, HEIGHT);
  interleave_chart_renderer_draw (renderer, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* Pixels of @color inside a rectangle of the surface. */
static guint
count_color_in (cairo_surface_t       *surface,
                const InterleaveColor *color,
                int                    x0,
                int                    y0,
                int                    x1,
                int                    y1)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint count = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (abs (r - (int) round (color->red * 255)) < 12 &&
            abs (g - (int) round (color->green * 255)) < 12 &&
            abs (b - (int) round (color->blue * 255)) < 12)
          count++;
      }

  return count;
}

/* Pixels within a small distance of @color in the plot area. */
static guint
count_color (cairo_surface_t        *surface,
             InterleaveChartRenderer *renderer,
             const InterleaveColor   *color)
{
  double px, py, pw, ph;

  interleave_chart_renderer_get_plot_area (renderer, &px, &py, &pw, &ph);

  return count_color_in (surface, color, (int) px, (int) py, (int) (px + pw), (int) (py + ph));
}

/* Pixels near @color in the strip above the plot, where the values are. */
static guint
count_color_above_plot (cairo_surface_t        *surface,
                        InterleaveChartRenderer *renderer,
                        const InterleaveColor   *color)
{
  double py;

  interleave_chart_renderer_get_plot_area (renderer, NULL, &py, NULL, NULL);

  return count_color_in (surface, color, 0, 0, cairo_image_surface_get_width (surface), (int) py);
}

/* Four series in a narrow chart: not every value fits beside the title,
 * and the first series' value (the one the chart is about) stays. */
static void
test_values_keep_the_first_series (void)
{
  g_autoptr(InterleaveChartRenderer) renderer = interleave_chart_renderer_new (INTERLEAVE_CHART_METRIC);
  g_autoptr(InterleaveTrace) a = flat_trace ("a", 1234);
  g_autoptr(InterleaveTrace) b = flat_trace ("b", 2345);
  g_autoptr(InterleaveTrace) c = flat_trace ("c", 3456);
  g_autoptr(InterleaveTrace) d = flat_trace ("d", 4567);
  const InterleaveTrace *traces[] = { a, b, c, d };
  const InterleavePalette *palette = interleave_palette_get (INTERLEAVE_PALETTE_LIGHT);
  cairo_surface_t *surface;
  guint first;

  interleave_chart_renderer_set_traces (renderer, traces, 4);
  interleave_chart_renderer_set_time_range (renderer, 0, a->end);
  interleave_chart_renderer_set_playhead (renderer, a->end / 2);

  surface = draw (renderer);
  first = count_color_above_plot (surface, renderer, &palette->series[0]);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (first, >, 10);
}

static void
test_series_style_defaults (void)
{
  g_autoptr(InterleaveChartRenderer) renderer = interleave_chart_renderer_new (INTERLEAVE_CHART_METRIC);
  guint colour, dash;

  interleave_chart_renderer_get_series_style (renderer, 2, &colour, &dash);
  g_assert_cmpuint (colour, ==, 2);
  g_assert_cmpuint (dash, ==, 2);

  interleave_chart_renderer_set_series_style (renderer, 5, 1, 3);
  interleave_chart_renderer_get_series_style (renderer, 5, &colour, &dash);
  g_assert_cmpuint (colour, ==, 1);
  g_assert_cmpuint (dash, ==, 3);

  /* Series before it keep their own index. */
  interleave_chart_renderer_get_series_style (renderer, 4, &colour, &dash);
  g_assert_cmpuint (colour, ==, 0);
  g_assert_cmpuint (dash, ==, 4);
}

static void
test_series_style_draws_the_colour (void)
{
  g_autoptr(InterleaveChartRenderer) renderer = interleave_chart_renderer_new (INTERLEAVE_CHART_METRIC);
  g_autoptr(InterleaveTrace) a = flat_trace ("a", 50);
  g_autoptr(InterleaveTrace) b = flat_trace ("b", 100);
  const InterleaveTrace *traces[] = { a, b };
  const InterleavePalette *palette = interleave_palette_get (INTERLEAVE_PALETTE_LIGHT);
  cairo_surface_t *surface;
  guint before_0, before_1, after_0, after_1;

  interleave_chart_renderer_set_traces (renderer, traces, 2);
  interleave_chart_renderer_set_time_range (renderer, 0, a->end);

  surface = draw (renderer);
  before_0 = count_color (surface, renderer, &palette->series[0]);
  before_1 = count_color (surface, renderer, &palette->series[1]);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (before_0, >, 50);
  g_assert_cmpuint (before_1, >, 50);

  /* Both lines in the first colour: the second colour is gone. */
  interleave_chart_renderer_set_series_style (renderer, 1, 0, 1);
  surface = draw (renderer);
  after_0 = count_color (surface, renderer, &palette->series[0]);
  after_1 = count_color (surface, renderer, &palette->series[1]);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (after_1, <, before_1 / 10);
  g_assert_cmpuint (after_0, >, before_0 + before_1 / 2);
}

static void
test_xy_draws_points (void)
{
  g_autoptr(InterleaveChartRenderer) renderer = interleave_chart_renderer_new (INTERLEAVE_CHART_XY);
  const InterleavePalette *palette = interleave_palette_get (INTERLEAVE_PALETTE_LIGHT);
  const double x[] = { 50, 100, 200, 400 };
  const double y[] = { 50, 98, 180, 190 };
  const double x2[] = { 50, 100, NAN, 400 };
  const double y2[] = { 45, NAN, 170, 200 };
  cairo_surface_t *surface;
  guint empty, one, two;

  interleave_chart_renderer_set_title (renderer, "Throughput against load");
  interleave_chart_renderer_set_xy_axes (renderer, "offered load (req/s)", INTERLEAVE_METRIC_THROUGHPUT);
  g_assert_cmpuint (interleave_chart_renderer_get_n_xy_series (renderer), ==, 0);

  /* Nothing to draw is a frame, not a crash. */
  surface = draw (renderer);
  empty = count_color (surface, renderer, &palette->series[0]);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (empty, ==, 0);

  interleave_chart_renderer_set_xy_series (renderer, 0, x, y, G_N_ELEMENTS (x));
  g_assert_cmpuint (interleave_chart_renderer_get_n_xy_series (renderer), ==, 1);
  surface = draw (renderer);
  one = count_color (surface, renderer, &palette->series[0]);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (one, >, 100);

  /* Gaps (NAN) are skipped; the second series has its own colour. */
  interleave_chart_renderer_set_xy_series (renderer, 1, x2, y2, G_N_ELEMENTS (x2));
  surface = draw (renderer);
  two = count_color (surface, renderer, &palette->series[1]);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (two, >, 20);

  /* Replacing a series keeps one set of points. */
  interleave_chart_renderer_set_xy_series (renderer, 0, x, y, 2);
  g_assert_cmpuint (interleave_chart_renderer_get_n_xy_series (renderer), ==, 2);

  interleave_chart_renderer_clear_xy (renderer);
  g_assert_cmpuint (interleave_chart_renderer_get_n_xy_series (renderer), ==, 0);
  surface = draw (renderer);
  g_assert_cmpuint (count_color (surface, renderer, &palette->series[0]), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_cdf_steps_are_flat_then_up (void)
{
  g_autoptr(InterleaveChartRenderer) renderer = interleave_chart_renderer_new (INTERLEAVE_CHART_LATENCY_CDF);
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("same", 2, 100 * G_TIME_SPAN_MILLISECOND * 1000);
  const InterleaveTrace *traces[] = { trace };
  const InterleavePalette *palette = interleave_palette_get (INTERLEAVE_PALETTE_LIGHT);
  cairo_surface_t *surface;
  double px, py, pw, ph;

  /* Every request took 40 ms: the distribution is one vertical step at
   * 40 ms, flat at 0 % before it, not a slope from the origin. */
  for (guint32 i = 0; i < 200; i++)
    {
      InterleaveRequest request = {
        .id = i, .status = INTERLEAVE_REQUEST_COMPLETED, .process = 0,
        .arrival = i * 1000000, .accepted = i * 1000000, .done = i * 1000000 + 40000000,
      };
      interleave_trace_set_request (trace, &request);
    }
  trace->end = 300 * 1000000;

  interleave_chart_renderer_set_traces (renderer, traces, 1);
  surface = draw (renderer);
  interleave_chart_renderer_get_plot_area (renderer, &px, &py, &pw, &ph);

  /* The step is drawn… */
  g_assert_cmpuint (count_color (surface, renderer, &palette->series[0]), >, 50);
  /* …and nothing of it inside the plot, left of the step and above 0 %. */
  g_assert_cmpuint (count_color_in (surface, &palette->series[0],
                                    (int) px + 10, (int) py + 10,
                                    (int) (px + pw * 0.8), (int) (py + ph) - 10), ==, 0);
  cairo_surface_destroy (surface);
}

/* The CDF merges each update's new completions into the sorted ones it
 * keeps: after every step of a stream it must draw, and pick, exactly
 * what a renderer that sorts the whole trace afresh does. */
static void
test_cdf_streaming_matches_fresh (void)
{
  g_autoptr(InterleaveChartRenderer) streaming = interleave_chart_renderer_new (INTERLEAVE_CHART_LATENCY_CDF);
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("stream", 2, 100 * G_TIME_SPAN_MILLISECOND * 1000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  const InterleaveTrace *traces[] = { trace };
  guint32 next_id = 0;
  guint checked_picks = 0;

  interleave_chart_renderer_set_traces (streaming, traces, 1);

  for (guint step = 0; step < 12; step++)
    {
      g_autoptr(InterleaveChartRenderer) fresh = interleave_chart_renderer_new (INTERLEAVE_CHART_LATENCY_CDF);
      cairo_surface_t *a, *b;

      /* New requests, some still in flight; some earlier ones complete
       * now (out of id order), a few with equal latencies. */
      for (guint k = 0; k < 150; k++, next_id++)
        {
          gint64 arrival = (gint64) next_id * 1000000;
          gboolean done = g_rand_int_range (rand, 0, 3) != 0;
          InterleaveRequest request = {
            .id = next_id, .process = 0,
            .status = done ? INTERLEAVE_REQUEST_COMPLETED : INTERLEAVE_REQUEST_IN_FLIGHT,
            .arrival = arrival, .accepted = arrival,
            .done = done ? arrival + 1000000 * (gint64) g_rand_int_range (rand, 1, 60) : -1,
          };
          interleave_trace_set_request (trace, &request);
        }
      for (guint32 id = 0; id < next_id; id++)
        {
          InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, id);

          if (r->status == INTERLEAVE_REQUEST_IN_FLIGHT && g_rand_boolean (rand))
            {
              r->status = INTERLEAVE_REQUEST_COMPLETED;
              r->done = r->arrival + 1000000 * (gint64) g_rand_int_range (rand, 30, 400);
            }
        }
      trace->end = (gint64) next_id * 1000000;

      interleave_chart_renderer_set_traces (fresh, traces, 1);
      a = draw (streaming);
      b = draw (fresh);
      g_assert_cmpint (cairo_image_surface_get_stride (a), ==, cairo_image_surface_get_stride (b));
      g_assert_cmpmem (cairo_image_surface_get_data (a), cairo_image_surface_get_stride (a) * HEIGHT,
                       cairo_image_surface_get_data (b), cairo_image_surface_get_stride (b) * HEIGHT);
      cairo_surface_destroy (a);
      cairo_surface_destroy (b);

      for (int x = 60; x < WIDTH - 20; x += 40)
        for (int y = 40; y < HEIGHT - 30; y += 30)
          {
            guint ta = 99, tb = 99;
            guint32 ra = 0, rb = 0;
            gboolean pa = interleave_chart_renderer_pick_request (streaming, x, y, &ta, &ra);
            gboolean pb = interleave_chart_renderer_pick_request (fresh, x, y, &tb, &rb);

            g_assert_cmpint (pa, ==, pb);
            if (pa)
              {
                g_assert_cmpuint (ta, ==, tb);
                g_assert_cmpuint (ra, ==, rb);
                checked_picks++;
              }
          }
    }

  g_assert_cmpuint (checked_picks, >, 20);
}

static void
test_xy_axis_title_takes_room (void)
{
  g_autoptr(InterleaveChartRenderer) xy = interleave_chart_renderer_new (INTERLEAVE_CHART_XY);
  g_autoptr(InterleaveChartRenderer) metric = interleave_chart_renderer_new (INTERLEAVE_CHART_METRIC);
  double h_xy, h_metric;

  interleave_chart_renderer_set_size (xy, WIDTH, HEIGHT);
  interleave_chart_renderer_set_size (metric, WIDTH, HEIGHT);
  interleave_chart_renderer_set_xy_axes (xy, "clients", INTERLEAVE_METRIC_LATENCY_P99);
  interleave_chart_renderer_get_plot_area (xy, NULL, NULL, NULL, &h_xy);
  interleave_chart_renderer_get_plot_area (metric, NULL, NULL, NULL, &h_metric);
  g_assert_cmpfloat (h_xy, <, h_metric);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-renderer/series-style/defaults", test_series_style_defaults);
  g_test_add_func ("/chart-renderer/values-keep-the-first-series", test_values_keep_the_first_series);
  g_test_add_func ("/chart-renderer/series-style/draws-the-colour", test_series_style_draws_the_colour);
  g_test_add_func ("/chart-renderer/xy/draws-points", test_xy_draws_points);
  g_test_add_func ("/chart-renderer/cdf/steps-are-flat-then-up", test_cdf_steps_are_flat_then_up);
  g_test_add_func ("/chart-renderer/cdf/streaming-matches-fresh", test_cdf_streaming_matches_fresh);
  g_test_add_func ("/chart-renderer/xy/axis-title-takes-room", test_xy_axis_title_takes_room);

  return g_test_run ();
}
