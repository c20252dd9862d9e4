/* test-timeline-renderer.c
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

#include "interleave-test-traces.h"
#include "interleave-timeline-renderer.h"

#define WIDTH  1000
#define HEIGHT 300

typedef struct
{
  InterleaveTrace            *trace;
  InterleaveTimelineRenderer *renderer;
  cairo_surface_t            *surface;
  double                      plot_x;
  double                      plot_w;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  InterleaveRenderStyle style;
  InterleaveTimeScale scale;
  const InterleaveTrace *traces[1];

  f->trace = interleave_test_trace_new_fixed ();
  traces[0] = f->trace;
  f->renderer = interleave_timeline_renderer_new ();
  interleave_render_style_init (&style, GPOINTER_TO_UINT (data), 1.0);
  interleave_timeline_renderer_set_style (f->renderer, &style);
  interleave_timeline_renderer_set_size (f->renderer, WIDTH, HEIGHT);
  interleave_timeline_renderer_set_traces (f->renderer, traces, NULL, 1);
  interleave_timeline_renderer_get_plot_area (f->renderer, &f->plot_x, NULL, &f->plot_w, NULL);
  interleave_time_scale_init (&scale, 0, 100 * MS, f->plot_w);
  interleave_timeline_renderer_set_time_scale (f->renderer, &scale);
  f->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->surface, cairo_surface_destroy);
  g_clear_pointer (&f->renderer, interleave_timeline_renderer_free);
  g_clear_pointer (&f->trace, interleave_trace_free);
}

static void
draw (Fixture *f)
{
  cairo_t *cr = cairo_create (f->surface);

  interleave_timeline_renderer_draw (f->renderer, cr);
  cairo_destroy (cr);
  cairo_surface_flush (f->surface);
}

static guint32
pixel (Fixture *f,
       double   x,
       double   y)
{
  guint32 *data = (guint32 *) (gpointer) cairo_image_surface_get_data (f->surface);
  int stride = cairo_image_surface_get_stride (f->surface) / 4;

  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <, WIDTH);
  g_assert_cmpfloat (y, <, HEIGHT);

  return data[(int) y * stride + (int) x];
}

static guint32
rgb (const InterleaveColor *c)
{
  return 0xff000000 |
         (guint32) round (c->red * 255) << 16 |
         (guint32) round (c->green * 255) << 8 |
         (guint32) round (c->blue * 255);
}

static double
x_of (Fixture *f,
      gint64   t)
{
  return f->plot_x + interleave_time_scale_to_x (interleave_timeline_renderer_get_time_scale (f->renderer), t);
}

/* Share of pixels in a box with exactly this colour. */
static double
share_of_color (Fixture *f,
                double   x0,
                double   x1,
                double   y0,
                double   y1,
                guint32  color)
{
  guint n = 0, hits = 0;

  for (int y = (int) y0; y < (int) y1; y++)
    for (int x = (int) x0; x < (int) x1; x++)
      {
        n++;
        hits += pixel (f, x, y) == color;
      }

  return n ? (double) hits / n : 0;
}

static void
test_layout (Fixture       *f,
             gconstpointer  data)
{
  const InterleaveRenderStyle *style = interleave_timeline_renderer_get_style (f->renderer);
  const InterleaveTimelineRow *rows;
  guint n_rows;
  double y1, h1, y2, h2;

  rows = interleave_timeline_renderer_get_rows (f->renderer, &n_rows);
  /* An architecture row, then the two lanes (one process: no process row). */
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_cmpint (rows[0].kind, ==, INTERLEAVE_ROW_ARCH);
  g_assert_cmpint (rows[1].kind, ==, INTERLEAVE_ROW_LANE);
  g_assert_cmpint (rows[2].kind, ==, INTERLEAVE_ROW_LANE);
  g_assert_cmpuint (rows[1].lane, ==, 0);
  g_assert_cmpuint (rows[2].lane, ==, 1);

  g_assert_true (interleave_timeline_renderer_get_lane_area (f->renderer, 0, 0, &y1, &h1));
  g_assert_true (interleave_timeline_renderer_get_lane_area (f->renderer, 0, 1, &y2, &h2));
  g_assert_cmpfloat (y1, >=, style->axis_height + style->arch_header_height);
  g_assert_cmpfloat_with_epsilon (h1, style->lane_height, 0.5);
  g_assert_cmpfloat_with_epsilon (y2 - y1, style->lane_height + style->lane_gap, 0.5);
  g_assert_false (interleave_timeline_renderer_get_lane_area (f->renderer, 0, 2, NULL, NULL));
}

static void
test_colors (Fixture       *f,
             gconstpointer  data)
{
  const InterleavePalette *palette = interleave_timeline_renderer_get_style (f->renderer)->palette;
  double y1, h1, y2, h2;

  draw (f);
  interleave_timeline_renderer_get_lane_area (f->renderer, 0, 0, &y1, &h1);
  interleave_timeline_renderer_get_lane_area (f->renderer, 0, 1, &y2, &h2);

  /* Running is solid, in the running colour, where the fixed trace says. */
  g_assert_cmphex (pixel (f, x_of (f, 10 * MS), y1 + h1 / 2), ==, rgb (&palette->states[INTERLEAVE_STATE_RUNNING]));
  g_assert_cmphex (pixel (f, x_of (f, 40 * MS), y2 + 2), ==, rgb (&palette->states[INTERLEAVE_STATE_RUNNING]));
  g_assert_cmpfloat (share_of_color (f, x_of (f, 1 * MS), x_of (f, 19 * MS), y1, y1 + h1,
                                     rgb (&palette->states[INTERLEAVE_STATE_RUNNING])), ==, 1.0);

  /* I/O wait: a thin bar, its colour in the middle, not at the edges. */
  g_assert_cmphex (pixel (f, x_of (f, 35 * MS), y1 + h1 / 2), ==, rgb (&palette->states[INTERLEAVE_STATE_IO_WAIT]));
  g_assert_cmphex (pixel (f, x_of (f, 35 * MS), y1 + 1), !=, rgb (&palette->states[INTERLEAVE_STATE_IO_WAIT]));

  /* GIL wait is hatched: its colour on part of the pixels only. */
  {
    double share = share_of_color (f, x_of (f, 2 * MS), x_of (f, 18 * MS), y2, y2 + h2,
                                   rgb (&palette->states[INTERLEAVE_STATE_GIL_WAIT]));
    g_test_message ("gil-wait hatch share %.2f", share);
    g_assert_cmpfloat (share, >, 0.1);
    g_assert_cmpfloat (share, <, 0.8);
  }

  /* Runnable is cross-hatched, native is dotted: both mostly patterned. */
  g_assert_cmpfloat (share_of_color (f, x_of (f, 62 * MS), x_of (f, 78 * MS), y2, y2 + h2,
                                     rgb (&palette->states[INTERLEAVE_STATE_RUNNABLE])), >, 0.05);
  {
    double native = share_of_color (f, x_of (f, 82 * MS), x_of (f, 98 * MS), y2, y2 + h2,
                                    rgb (&palette->states[INTERLEAVE_STATE_NATIVE]));
    g_assert_cmpfloat (native, >, 0.5);
    g_assert_cmpfloat (native, <, 1.0);
  }

  /* Thread 1 is idle after 70 ms: no state colour there. */
  for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
    g_assert_cmpfloat (share_of_color (f, x_of (f, 72 * MS), x_of (f, 98 * MS), y1, y1 + h1,
                                       rgb (&palette->states[s])), ==, 0);

  /* Lane names are drawn in the header column. */
  g_assert_cmpfloat (share_of_color (f, 0, f->plot_x - 1, y1, y1 + h1, rgb (&palette->foreground)), <, 0.9);
  {
    gboolean text = FALSE;
    for (int x = 0; x < f->plot_x - 1 && !text; x++)
      for (int y = (int) y1; y < y1 + h1 && !text; y++)
        text = pixel (f, x, y) != rgb (&palette->background) && pixel (f, x, y) != rgb (&palette->band);
    g_assert_true (text);
  }
}

static void
test_hit (Fixture       *f,
          gconstpointer  data)
{
  InterleaveTimelineHit hit;
  InterleaveTimeScale scale;
  double y1, h1, y2, h2;

  interleave_timeline_renderer_get_lane_area (f->renderer, 0, 0, &y1, &h1);
  interleave_timeline_renderer_get_lane_area (f->renderer, 0, 1, &y2, &h2);

  g_assert_true (interleave_timeline_renderer_hit_test (f->renderer, x_of (f, 40 * MS), y2 + h2 / 2, &hit));
  g_assert_cmpint (hit.kind, ==, INTERLEAVE_ROW_LANE);
  g_assert_cmpuint (hit.lane, ==, 1);
  g_assert_cmpint (hit.span, ==, 1);
  g_assert_cmpuint (hit.request, ==, 1);
  g_assert_cmpint (ABS (hit.time - 40 * MS), <, MS / 5);

  g_assert_true (interleave_timeline_renderer_hit_test (f->renderer, x_of (f, 55 * MS), y1 + h1 / 2, &hit));
  g_assert_cmpuint (hit.lane, ==, 0);
  g_assert_cmpint (hit.span, ==, 2);
  g_assert_cmpuint (hit.request, ==, 2);

  /* Idle: no span, but the lane is known. */
  g_assert_false (interleave_timeline_renderer_hit_test (f->renderer, x_of (f, 85 * MS), y1 + h1 / 2, &hit));
  g_assert_cmpint (hit.kind, ==, INTERLEAVE_ROW_LANE);
  g_assert_cmpint (hit.span, ==, -1);

  /* The header column is not the plot. */
  g_assert_false (interleave_timeline_renderer_hit_test (f->renderer, 10, y1 + h1 / 2, &hit));
  g_assert_false (hit.in_plot);

  /* Above the lanes: the architecture row. */
  g_assert_false (interleave_timeline_renderer_hit_test (f->renderer, x_of (f, 10 * MS), y1 - 10, &hit));
  g_assert_cmpint (hit.kind, ==, INTERLEAVE_ROW_ARCH);

  /* Zoomed out to 100 s: every span is far below a pixel, and a point
   * next to one still finds it. */
  interleave_time_scale_init (&scale, 0, 100000 * MS, f->plot_w);
  interleave_timeline_renderer_set_time_scale (f->renderer, &scale);
  g_assert_true (interleave_timeline_renderer_hit_test (f->renderer, f->plot_x + 1.5, y2 + h2 / 2, &hit));
  g_assert_cmpuint (hit.lane, ==, 1);
  g_assert_cmpint (hit.span, >=, 0);
}

static void
test_journey (Fixture       *f,
              gconstpointer  data)
{
  const InterleavePalette *palette = interleave_timeline_renderer_get_style (f->renderer)->palette;
  const InterleaveJourney *journey;
  guint32 before_other, before_own, after_other, after_own;
  guint32 before_header = 0, after_header = 0;
  const InterleaveTimelineRow *rows;
  double y1, h1, y2, h2, top, header_y = -1;
  guint n_rows;

  interleave_timeline_renderer_get_plot_area (f->renderer, NULL, &top, NULL, NULL);
  rows = interleave_timeline_renderer_get_rows (f->renderer, &n_rows);
  for (guint i = 0; i < n_rows && header_y < 0; i++)
    if (rows[i].kind == INTERLEAVE_ROW_ARCH || rows[i].kind == INTERLEAVE_ROW_PROCESS)
      header_y = top + rows[i].y + rows[i].height / 2;
  g_assert_cmpfloat (header_y, >=, 0);

  draw (f);
  before_header = pixel (f, x_of (f, 95 * MS), header_y);
  interleave_timeline_renderer_get_lane_area (f->renderer, 0, 0, &y1, &h1);
  interleave_timeline_renderer_get_lane_area (f->renderer, 0, 1, &y2, &h2);
  before_other = pixel (f, x_of (f, 10 * MS), y1 + h1 / 2);
  before_own = pixel (f, x_of (f, 40 * MS), y2 + h2 / 2);

  interleave_timeline_renderer_set_selection (f->renderer, 0, 1);
  journey = interleave_timeline_renderer_get_journey (f->renderer);
  g_assert_nonnull (journey);
  g_assert_cmpuint (journey->steps->len, ==, 4);
  g_assert_cmpint (journey->time_in_state[INTERLEAVE_STATE_RUNNING], ==, 40 * MS);
  g_assert_cmpint (journey->time_in_state[INTERLEAVE_STATE_GIL_WAIT], ==, 20 * MS);
  g_assert_cmpint (journey->time_in_state[INTERLEAVE_STATE_RUNNABLE], ==, 20 * MS);
  g_assert_cmpint (journey->time_in_state[INTERLEAVE_STATE_NATIVE], ==, 20 * MS);
  g_assert_cmpint (journey->first_start, ==, 0);
  g_assert_cmpint (journey->last_end, ==, 100 * MS);

  draw (f);
  after_other = pixel (f, x_of (f, 10 * MS), y1 + h1 / 2);
  after_own = pixel (f, x_of (f, 40 * MS), y2 + h2 / 2);
  after_header = pixel (f, x_of (f, 95 * MS), header_y);

  /* Headers, with their figures, are not dimmed. */
  g_assert_cmphex (after_header, ==, before_header);

  /* The journey keeps its colours; everything else is dimmed. */
  g_assert_cmphex (after_own, ==, before_own);
  g_assert_cmphex (after_other, !=, before_other);
  g_assert_cmphex (before_other, ==, rgb (&palette->states[INTERLEAVE_STATE_RUNNING]));

  /* Request 2 waited 5 ms in the queue and 10 ms for the GIL. */
  interleave_timeline_renderer_set_selection (f->renderer, 0, 2);
  journey = interleave_timeline_renderer_get_journey (f->renderer);
  g_assert_cmpint (journey->queue_wait, ==, 5 * MS);
  g_assert_cmpint (journey->time_in_state[INTERLEAVE_STATE_GIL_WAIT], ==, 10 * MS);
}

static void
test_background (Fixture       *f,
                 gconstpointer  data)
{
  const InterleavePalette *palette = interleave_timeline_renderer_get_style (f->renderer)->palette;
  double y1, h1;

  draw (f);
  interleave_timeline_renderer_get_lane_area (f->renderer, 0, 0, &y1, &h1);

  /* Below the last lane, above the legend: the palette's background. */
  g_assert_cmphex (pixel (f, x_of (f, 50 * MS), HEIGHT - 45), ==, rgb (&palette->background));
}

static void
test_fit_many_lanes (void)
{
  g_autoptr(InterleaveTimelineRenderer) renderer = interleave_timeline_renderer_new ();
  InterleaveTrace *traces[4];
  double px, py, pw, ph;
  guint n_rows, n_lanes = 0;
  const InterleaveTimelineRow *rows;
  InterleaveTimelineHit hit;

  for (guint i = 0; i < 4; i++)
    traces[i] = interleave_test_trace_new_random ("arch", 2, 16, 50, 100 * MS, i);

  interleave_timeline_renderer_set_size (renderer, 1920, 1080);
  interleave_timeline_renderer_set_traces (renderer, (const InterleaveTrace * const *) traces, NULL, 4);
  interleave_timeline_renderer_set_fit_lanes (renderer, TRUE);
  interleave_timeline_renderer_get_plot_area (renderer, &px, &py, &pw, &ph);

  g_assert_cmpfloat (interleave_timeline_renderer_get_content_height (renderer), <=, ph);
  rows = interleave_timeline_renderer_get_rows (renderer, &n_rows);
  for (guint i = 0; i < n_rows; i++)
    if (rows[i].kind == INTERLEAVE_ROW_LANE)
      n_lanes++;
  g_assert_cmpuint (n_lanes, ==, 128);

  /* Every lane is reachable by pointing at it. */
  for (guint i = 0; i < n_rows; i++)
    if (rows[i].kind == INTERLEAVE_ROW_LANE)
      {
        double y, h;

        g_assert_true (interleave_timeline_renderer_get_lane_area (renderer, rows[i].trace, rows[i].lane, &y, &h));
        interleave_timeline_renderer_hit_test (renderer, px + 10, y + h / 2, &hit);
        g_assert_cmpint (hit.kind, ==, INTERLEAVE_ROW_LANE);
        g_assert_cmpuint (hit.trace, ==, rows[i].trace);
        g_assert_cmpuint (hit.lane, ==, rows[i].lane);
      }

  /* Without fitting, the rows scroll: after scrolling, the point maps to
   * a later lane. */
  interleave_timeline_renderer_set_fit_lanes (renderer, FALSE);
  g_assert_cmpfloat (interleave_timeline_renderer_get_content_height (renderer), >, ph);
  interleave_timeline_renderer_hit_test (renderer, px + 10, py + 100, &hit);
  {
    guint before = hit.trace * 1000 + hit.lane;
    interleave_timeline_renderer_set_scroll (renderer, 600);
    interleave_timeline_renderer_hit_test (renderer, px + 10, py + 100, &hit);
    g_assert_cmpuint (hit.trace * 1000 + hit.lane, >, before);
  }

  for (guint i = 0; i < 4; i++)
    interleave_trace_free (traces[i]);
}

static void
test_series_style (Fixture       *f,
                   gconstpointer  data)
{
  const InterleavePalette *palette = interleave_palette_get (INTERLEAVE_PALETTE_LIGHT);
  double header_x, header_w;

  /* The architecture row's mark is in the first series' colour… */
  interleave_timeline_renderer_get_plot_area (f->renderer, &header_w, NULL, NULL, NULL);
  header_x = 0;
  draw (f);
  g_assert_cmpfloat (share_of_color (f, header_x, header_w, 0, 60, rgb (&palette->series[0])), >, 0);
  g_assert_cmpfloat (share_of_color (f, header_x, header_w, 0, 60, rgb (&palette->series[2])), ==, 0);

  /* …or in the one it is given. */
  interleave_timeline_renderer_set_series_style (f->renderer, 0, 2, 1);
  draw (f);
  g_assert_cmpfloat (share_of_color (f, header_x, header_w, 0, 60, rgb (&palette->series[2])), >, 0);
  g_assert_cmpfloat (share_of_color (f, header_x, header_w, 0, 60, rgb (&palette->series[0])), ==, 0);
}

static guint
count_lane_rows (InterleaveTimelineRenderer *renderer,
                 guint                      *first_lane)
{
  const InterleaveTimelineRow *rows;
  guint n_rows, n = 0;

  rows = interleave_timeline_renderer_get_rows (renderer, &n_rows);
  for (guint i = 0; i < n_rows; i++)
    if (rows[i].kind == INTERLEAVE_ROW_LANE)
      {
        if (n == 0 && first_lane != NULL)
          *first_lane = rows[i].lane;
        n++;
      }

  return n;
}

/* A lesson shows only some lanes: by kind, and the first N workers. */
static void
test_lane_filter (void)
{
  g_autoptr(InterleaveTimelineRenderer) renderer = interleave_timeline_renderer_new ();
  InterleaveTrace *trace = interleave_trace_new ("Mixed", 2, 10 * MS);
  const InterleaveTrace *traces[1] = { trace };
  InterleaveSpan span = { .start = 0, .end = MS, .request = 0, .state = INTERLEAVE_STATE_RUNNING,
                          .phase = 0, .cause = INTERLEAVE_NO_LANE };
  guint w1 = interleave_trace_add_process (trace, "Worker 1", 0);
  guint w2 = interleave_trace_add_process (trace, "Worker 2", 1);
  guint lanes[] = {
    interleave_trace_add_lane (trace, w1, INTERLEAVE_LANE_LOOP, "Event loop", 0),
    interleave_trace_add_lane (trace, w1, INTERLEAVE_LANE_POOL, "Pool 1", 1),
    interleave_trace_add_lane (trace, w2, INTERLEAVE_LANE_LOOP, "Event loop", 2),
    interleave_trace_add_lane (trace, w2, INTERLEAVE_LANE_POOL, "Pool 1", 3),
    interleave_trace_add_lane (trace, w1, INTERLEAVE_LANE_CORE, "Core 1", 4),
  };
  double y, h;
  guint first = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (lanes); i++)
    interleave_trace_append_span (trace, lanes[i], &span);
  trace->end = MS;

  interleave_timeline_renderer_set_size (renderer, WIDTH, HEIGHT);
  interleave_timeline_renderer_set_traces (renderer, traces, NULL, 1);
  g_assert_cmpuint (count_lane_rows (renderer, NULL), ==, 5);

  /* Event loops only. */
  interleave_timeline_renderer_set_lane_filter (renderer, 1u << INTERLEAVE_LANE_LOOP, 0);
  g_assert_cmpuint (count_lane_rows (renderer, &first), ==, 2);
  g_assert_cmpuint (first, ==, lanes[0]);
  g_assert_false (interleave_timeline_renderer_get_lane_area (renderer, 0, lanes[1], &y, &h));

  /* The first worker only; its core lane is not a worker's and stays. */
  interleave_timeline_renderer_set_lane_filter (renderer, G_MAXUINT, 1);
  g_assert_cmpuint (count_lane_rows (renderer, NULL), ==, 3);
  g_assert_true (interleave_timeline_renderer_get_lane_area (renderer, 0, lanes[4], &y, &h));
  g_assert_false (interleave_timeline_renderer_get_lane_area (renderer, 0, lanes[2], &y, &h));

  /* Both, and back to everything. */
  interleave_timeline_renderer_set_lane_filter (renderer, 1u << INTERLEAVE_LANE_POOL, 1);
  g_assert_cmpuint (count_lane_rows (renderer, &first), ==, 1);
  g_assert_cmpuint (first, ==, lanes[1]);
  interleave_timeline_renderer_set_lane_filter (renderer, G_MAXUINT, 0);
  g_assert_cmpuint (count_lane_rows (renderer, NULL), ==, 5);

  interleave_trace_free (trace);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, palette) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (palette), fixture_setup, func, fixture_teardown)

  ADD ("/timeline-renderer/layout", test_layout, INTERLEAVE_PALETTE_LIGHT);
  ADD ("/timeline-renderer/colors/light", test_colors, INTERLEAVE_PALETTE_LIGHT);
  ADD ("/timeline-renderer/colors/dark", test_colors, INTERLEAVE_PALETTE_DARK);
  ADD ("/timeline-renderer/colors/high-contrast", test_colors, INTERLEAVE_PALETTE_HIGH_CONTRAST);
  ADD ("/timeline-renderer/hit", test_hit, INTERLEAVE_PALETTE_LIGHT);
  ADD ("/timeline-renderer/journey", test_journey, INTERLEAVE_PALETTE_LIGHT);
  ADD ("/timeline-renderer/background/light", test_background, INTERLEAVE_PALETTE_LIGHT);
  ADD ("/timeline-renderer/background/dark", test_background, INTERLEAVE_PALETTE_DARK);
  ADD ("/timeline-renderer/series-style", test_series_style, INTERLEAVE_PALETTE_LIGHT);
  g_test_add_func ("/timeline-renderer/fit-many-lanes", test_fit_many_lanes);
  g_test_add_func ("/timeline-renderer/lane-filter", test_lane_filter);

  return g_test_run ();
}
