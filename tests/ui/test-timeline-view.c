/* test-timeline-view.c
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

#include <adwaita.h>
#include <math.h>

#include "interleave-axis.h"
#include "interleave-chart-view.h"
#include "interleave-test-traces.h"
#include "interleave-test-util.h"
#include "interleave-timeline-view.h"

typedef struct
{
  InterleaveTrace        *trace;
  GtkWindow              *window;
  InterleaveTimelineView *view;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const InterleaveTrace *traces[1];

  f->trace = interleave_test_trace_new_fixed ();
  traces[0] = f->trace;
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 360);
  f->view = INTERLEAVE_TIMELINE_VIEW (interleave_timeline_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  interleave_timeline_view_set_traces (f->view, traces, NULL, 1);
  gtk_window_present (f->window);
  interleave_test_wait_until (interleave_test_widget_is_mapped, f->view, 5000);
  interleave_test_iterate (50);
  interleave_timeline_view_set_visible_range (f->view, 0, 100 * MS);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  interleave_test_iterate (10);
  g_clear_pointer (&f->trace, interleave_trace_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* Let a frame be drawn, then draw the widget offscreen. */
static GdkTexture *
render (gpointer widget)
{
  interleave_test_iterate (40);
  return interleave_test_render_widget (GTK_WIDGET (widget));
}

static guint32
argb (const InterleaveColor *c)
{
  return 0xff000000 |
         (guint32) round (c->red * 255) << 16 |
         (guint32) round (c->green * 255) << 8 |
         (guint32) round (c->blue * 255);
}

static guint32
pixel_at_time (Fixture    *f,
               GdkTexture *texture,
               guint       lane,
               gint64      time)
{
  double y, h;

  g_assert_true (interleave_timeline_view_get_lane_area (f->view, 0, lane, &y, &h));
  return interleave_test_texture_pixel (texture, (int) interleave_timeline_view_time_to_x (f->view, time),
                                        (int) (y + h / 2));
}

static void
test_draws_lanes (Fixture       *f,
                  gconstpointer  data)
{
  const InterleavePalette *palette = interleave_palette_get (interleave_timeline_view_get_palette (f->view));
  g_autoptr(GdkTexture) texture = render (f->view);

  /* Running spans in the running colour, where the trace puts them. */
  g_assert_cmphex (pixel_at_time (f, texture, 0, 10 * MS), ==, argb (&palette->states[INTERLEAVE_STATE_RUNNING]));
  g_assert_cmphex (pixel_at_time (f, texture, 1, 40 * MS), ==, argb (&palette->states[INTERLEAVE_STATE_RUNNING]));
  /* The I/O bar in its colour; thread 1 idle at 85 ms. */
  g_assert_cmphex (pixel_at_time (f, texture, 0, 35 * MS), ==, argb (&palette->states[INTERLEAVE_STATE_IO_WAIT]));
  for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
    g_assert_cmphex (pixel_at_time (f, texture, 0, 85 * MS), !=, argb (&palette->states[s]));
}

static void
test_dark (Fixture       *f,
           gconstpointer  data)
{
  const InterleavePalette *palette;
  g_autoptr(GdkTexture) texture = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  interleave_test_iterate (50);
  g_assert_cmpint (interleave_timeline_view_get_palette (f->view), ==, INTERLEAVE_PALETTE_DARK);

  palette = interleave_palette_get (INTERLEAVE_PALETTE_DARK);
  texture = render (f->view);
  g_assert_cmphex (pixel_at_time (f, texture, 0, 10 * MS), ==, argb (&palette->states[INTERLEAVE_STATE_RUNNING]));

  /* The presenter's high-contrast option wins over the system style. */
  interleave_timeline_view_set_high_contrast (f->view, TRUE);
  g_assert_cmpint (interleave_timeline_view_get_palette (f->view), ==, INTERLEAVE_PALETTE_HIGH_CONTRAST);
}

static void
test_hover_and_click (Fixture       *f,
                      gconstpointer  data)
{
  const InterleaveJourney *journey;
  double y1, h1, y2, h2;

  interleave_timeline_view_get_lane_area (f->view, 0, 0, &y1, &h1);
  interleave_timeline_view_get_lane_area (f->view, 0, 1, &y2, &h2);

  /* Hover: the popover names the request, the state and the GIL holder. */
  interleave_timeline_view_hover_at (f->view, interleave_timeline_view_time_to_x (f->view, 10 * MS), y2 + h2 / 2);
  g_assert_nonnull (interleave_timeline_view_get_hover_text (f->view));
  g_assert_nonnull (strstr (interleave_timeline_view_get_hover_text (f->view), "Request 1"));
  g_assert_nonnull (strstr (interleave_timeline_view_get_hover_text (f->view), "Waiting for the GIL"));
  g_assert_nonnull (strstr (interleave_timeline_view_get_hover_text (f->view), "held by Thread 1"));

  /* Off the spans, nothing. */
  interleave_timeline_view_hover_at (f->view, interleave_timeline_view_time_to_x (f->view, 85 * MS), y1 + h1 / 2);
  g_assert_null (interleave_timeline_view_get_hover_text (f->view));

  /* Click: the request's journey is selected across lanes. */
  interleave_timeline_view_click_at (f->view, interleave_timeline_view_time_to_x (f->view, 55 * MS), y1 + h1 / 2);
  g_assert_cmpuint (interleave_timeline_view_get_selected_request (f->view), ==, 2);
  journey = interleave_timeline_view_get_journey (f->view);
  g_assert_nonnull (journey);
  g_assert_cmpuint (journey->steps->len, ==, 2);
  g_assert_cmpint (journey->queue_wait, ==, 5 * MS);

  /* The highlight is drawn: the other request's running span is dimmed. */
  {
    const InterleavePalette *palette = interleave_palette_get (interleave_timeline_view_get_palette (f->view));
    g_autoptr(GdkTexture) texture = render (f->view);

    g_assert_cmphex (pixel_at_time (f, texture, 1, 40 * MS), !=, argb (&palette->states[INTERLEAVE_STATE_RUNNING]));
    g_assert_cmphex (pixel_at_time (f, texture, 0, 65 * MS), ==, argb (&palette->states[INTERLEAVE_STATE_RUNNING]));
  }

  /* Escape, or a click on empty space, clears it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "timeline.clear-selection", NULL));
  g_assert_cmpuint (interleave_timeline_view_get_selected_request (f->view), ==, INTERLEAVE_NO_REQUEST);
  interleave_timeline_view_click_at (f->view, interleave_timeline_view_time_to_x (f->view, 40 * MS), y2 + h2 / 2);
  g_assert_cmpuint (interleave_timeline_view_get_selected_request (f->view), ==, 1);
  interleave_timeline_view_click_at (f->view, interleave_timeline_view_time_to_x (f->view, 85 * MS), y1 + h1 / 2);
  g_assert_cmpuint (interleave_timeline_view_get_selected_request (f->view), ==, INTERLEAVE_NO_REQUEST);
}

static void
test_zoom_and_pan (Fixture       *f,
                   gconstpointer  data)
{
  gint64 s0, e0, s1, e1, s2, e2;

  interleave_timeline_view_get_visible_range (f->view, &s0, &e0);
  g_assert_cmpint (ABS (s0), <=, 1);
  g_assert_cmpint (ABS (e0 - 100 * MS), <=, 1000);

  /* Keyboard zoom around the playhead: in, then out, back where it was. */
  interleave_timeline_view_set_playhead (f->view, 30 * MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "timeline.zoom-in", NULL));
  interleave_timeline_view_get_visible_range (f->view, &s1, &e1);
  g_assert_cmpfloat_with_epsilon ((double) (e0 - s0) / (e1 - s1), 1.5625, 1e-3);
  g_assert_cmpint (s1, <, 30 * MS);
  g_assert_cmpint (e1, >, 30 * MS);
  /* The playhead stays under the same pixel. */
  g_assert_cmpfloat_with_epsilon ((30.0 * MS - s1) / (e1 - s1), (30.0 * MS - s0) / (e0 - s0), 1e-3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "timeline.zoom-out", NULL));
  interleave_timeline_view_get_visible_range (f->view, &s2, &e2);
  g_assert_cmpint (ABS (s2 - s0), <=, 2);
  g_assert_cmpint (ABS (e2 - e0), <=, 2);

  /* Pan right and back. */
  interleave_timeline_view_pan (f->view, 200);
  interleave_timeline_view_get_visible_range (f->view, &s1, &e1);
  g_assert_cmpint (s1, <, s0);
  interleave_timeline_view_pan (f->view, -200);
  interleave_timeline_view_get_visible_range (f->view, &s2, &e2);
  g_assert_cmpint (ABS (s2 - s0), <=, 2);

  /* Zoom to fit shows the whole trace. */
  interleave_timeline_view_zoom (f->view, 7, 500);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "timeline.zoom-fit", NULL));
  interleave_timeline_view_get_visible_range (f->view, &s1, &e1);
  g_assert_cmpint (ABS (s1), <=, 1);
  g_assert_cmpint (ABS (e1 - f->trace->end), <=, 1000);
}

static void
test_cached_content (Fixture       *f,
                     gconstpointer  data)
{
  guint before, rows;
  g_autoptr(GdkTexture) a = NULL;
  g_autoptr(GdkTexture) b = NULL;
  g_autoptr(GdkTexture) c = NULL;

  /* A playhead appearing makes room for the lanes' states beside their
   * names: that redraws the rows. */
  interleave_timeline_view_set_playhead (f->view, 10 * MS);
  a = render (f->view);
  before = interleave_timeline_view_get_n_renders (f->view);

  /* Moving the playhead redraws the overlay, not the lanes. */
  interleave_timeline_view_set_playhead (f->view, 20 * MS);
  b = render (f->view);
  interleave_timeline_view_set_playhead (f->view, 60 * MS);
  c = render (f->view);
  g_assert_cmpuint (interleave_timeline_view_get_n_renders (f->view), ==, before);

  /* New data does, but not the rows: their layout is the same. */
  rows = interleave_timeline_view_get_n_rows_renders (f->view);
  interleave_timeline_view_traces_changed (f->view);
  g_clear_object (&c);
  c = render (f->view);
  g_assert_cmpuint (interleave_timeline_view_get_n_renders (f->view), ==, before + 1);
  g_assert_cmpuint (interleave_timeline_view_get_n_rows_renders (f->view), ==, rows);

  /* A change of what the rows show does. */
  interleave_timeline_view_set_lane_filter (f->view, G_MAXUINT, 0);
  g_clear_object (&c);
  c = render (f->view);
  g_assert_cmpuint (interleave_timeline_view_get_n_rows_renders (f->view), >, rows);
}

/* Pixels of @a and @b further apart than a rounding in any channel. */
static guint
count_different_pixels (GdkTexture *a,
                        GdkTexture *b)
{
  int w = gdk_texture_get_width (a), h = gdk_texture_get_height (a);
  g_autofree guint8 *pa = g_malloc ((gsize) w * h * 4);
  g_autofree guint8 *pb = g_malloc ((gsize) w * h * 4);
  guint n = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, w);
  g_assert_cmpint (gdk_texture_get_height (b), ==, h);
  gdk_texture_download (a, pa, (gsize) w * 4);
  gdk_texture_download (b, pb, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    for (int c = 0; c < 4; c++)
      if (ABS (pa[i * 4 + c] - pb[i * 4 + c]) > 2)
        {
          n++;
          break;
        }

  return n;
}

/* Everything drawn again: the lanes' tiles start at the plot's left edge. */
static void
redraw_everything (Fixture *f)
{
  const InterleaveTrace *traces[1] = { f->trace };

  interleave_timeline_view_set_traces (f->view, traces, NULL, 1);
}

static void
test_tiles_after_pan (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GdkTexture) panned = NULL;
  g_autoptr(GdkTexture) whole = NULL;
  g_autoptr(GdkTexture) before = NULL;
  guint n0, n1, n2;
  guint frames;

  interleave_timeline_view_set_visible_range (f->view, 10 * MS, 60 * MS);
  before = render (f->view);
  n0 = interleave_timeline_view_get_n_tile_renders (f->view);
  frames = interleave_timeline_view_get_n_renders (f->view);
  /* The plot is several tiles wide: drawing it all draws several. */
  redraw_everything (f);
  g_clear_object (&before);
  before = render (f->view);
  n1 = interleave_timeline_view_get_n_tile_renders (f->view);
  g_assert_cmpuint (n1 - n0, >=, 3);
  g_assert_cmpuint (interleave_timeline_view_get_n_renders (f->view), >, frames);

  /* A pan of 200 pixels draws only what it exposes: at most one tile. */
  interleave_timeline_view_pan (f->view, -200);
  panned = render (f->view);
  n2 = interleave_timeline_view_get_n_tile_renders (f->view);
  g_assert_cmpuint (n2 - n1, <=, 1);
  g_assert_cmpuint (count_different_pixels (before, panned), >, 1000);

  /* And shows what drawing everything again shows. */
  redraw_everything (f);
  whole = render (f->view);
  g_assert_cmpuint (interleave_timeline_view_get_n_tile_renders (f->view) - n2, >=, 3);
  g_assert_cmpuint (count_different_pixels (panned, whole), <=,
                    (guint) (gdk_texture_get_width (whole) * gdk_texture_get_height (whole) / 1000));

  /* Back again: the tiles are still there. */
  n2 = interleave_timeline_view_get_n_tile_renders (f->view);
  interleave_timeline_view_pan (f->view, 200);
  g_clear_object (&panned);
  panned = render (f->view);
  g_assert_cmpuint (interleave_timeline_view_get_n_tile_renders (f->view) - n2, <=, 1);
  g_assert_cmpuint (count_different_pixels (before, panned), <=,
                    (guint) (gdk_texture_get_width (before) * gdk_texture_get_height (before) / 1000));
}

typedef struct
{
  GtkWidget *widget;
  guint      frames;
  guint      slow_ms;   /* how long each frame waits before drawing, or 0 */
} FrameWatch;

static void
count_frame_cb (GdkFrameClock *clock,
                FrameWatch    *watch)
{
  watch->frames++;
}

/* Connected after the view's own handler: the frame has used this much
 * of its time when the view is drawn. */
static void
slow_frame_cb (GdkFrameClock *clock,
               FrameWatch    *watch)
{
  if (watch->slow_ms > 0)
    g_usleep (watch->slow_ms * 1000);
}

static gboolean
frame_seen (gpointer data)
{
  return ((FrameWatch *) data)->frames > 0;
}

/* Waits for the next frame that draws the window. */
static void
next_frame (FrameWatch *watch)
{
  watch->frames = 0;
  interleave_test_wait_until (frame_seen, watch, 5000);
  g_assert_cmpuint (watch->frames, >, 0);
}

static void
frame_watch_start (FrameWatch *watch,
                   GtkWidget  *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  watch->widget = widget;
  g_signal_connect (clock, "before-paint", G_CALLBACK (slow_frame_cb), watch);
  g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), watch);
}

static void
frame_watch_stop (FrameWatch *watch)
{
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (watch->widget), watch);
}

/* A scenario's new traces: the frame that lays the rest of the window
 * out for them shows the view blank, the next one draws its rows. */
static void
test_new_traces_wait_a_frame (Fixture       *f,
                              gconstpointer  data)
{
  FrameWatch watch = { 0 };
  g_autoptr(GdkTexture) texture = NULL;
  guint rows;

  interleave_test_iterate (100);
  frame_watch_start (&watch, GTK_WIDGET (f->view));
  rows = interleave_timeline_view_get_n_rows_renders (f->view);

  redraw_everything (f);
  next_frame (&watch);
  g_assert_cmpuint (interleave_timeline_view_get_n_rows_renders (f->view), ==, rows);

  for (guint i = 0; i < 10 && interleave_timeline_view_get_n_rows_renders (f->view) == rows; i++)
    next_frame (&watch);
  g_assert_cmpuint (interleave_timeline_view_get_n_rows_renders (f->view), ==, rows + 1);

  /* And the frame after shows the lanes. */
  texture = render (f->view);
  g_assert_cmphex (pixel_at_time (f, texture, 1, 40 * MS), ==,
                   argb (&interleave_palette_get (interleave_timeline_view_get_palette (f->view))->states[INTERLEAVE_STATE_RUNNING]));
  frame_watch_stop (&watch);
}

/* A frame that has used its time draws one tile that new data made
 * stale and shows the others as they were; later frames catch up. */
static void
test_frame_budget (Fixture       *f,
                   gconstpointer  data)
{
  FrameWatch watch = { 0 };
  guint tiles;

  interleave_test_iterate (100);
  frame_watch_start (&watch, GTK_WIDGET (f->view));
  for (guint i = 0; i < 10 && interleave_timeline_view_get_n_deferred_tiles (f->view) > 0; i++)
    next_frame (&watch);
  g_assert_cmpuint (interleave_timeline_view_get_n_deferred_tiles (f->view), ==, 0);

  /* New data makes every tile stale; the frame is 8 ms in when drawn. */
  watch.slow_ms = 8;
  tiles = interleave_timeline_view_get_n_tile_renders (f->view);
  interleave_timeline_view_traces_changed (f->view);
  for (guint i = 0; i < 20 && interleave_timeline_view_get_n_tile_renders (f->view) == tiles; i++)
    next_frame (&watch);
  g_assert_cmpuint (interleave_timeline_view_get_n_tile_renders (f->view), ==, tiles + 1);
  g_assert_cmpuint (interleave_timeline_view_get_n_deferred_tiles (f->view), >=, 2);

  /* Quick frames again: the rest are drawn, and nothing waits. */
  watch.slow_ms = 0;
  for (guint i = 0; i < 10 && interleave_timeline_view_get_n_deferred_tiles (f->view) > 0; i++)
    next_frame (&watch);
  g_assert_cmpuint (interleave_timeline_view_get_n_deferred_tiles (f->view), ==, 0);
  g_assert_cmpuint (interleave_timeline_view_get_n_tile_renders (f->view), >=, tiles + 3);
  frame_watch_stop (&watch);
}

static void
test_follow_prefetch (Fixture       *f,
                      gconstpointer  data)
{
  FrameWatch watch = { 0 };
  g_autoptr(GdkTexture) texture = NULL;
  gint64 start, end;
  guint n, stable = 0;

  interleave_timeline_view_set_visible_range (f->view, 0, 20 * MS);
  interleave_timeline_view_set_follow_playhead (f->view, TRUE);
  interleave_timeline_view_set_playhead (f->view, 2 * MS);
  texture = render (f->view);
  g_assert_nonnull (texture);

  /* Idle: the next page is drawn ahead, a tile at a time, until it is
   * all there (no tile drawn for a while). */
  n = interleave_timeline_view_get_n_tile_renders (f->view);
  for (guint i = 0; i < 200 && stable < 4; i++)
    {
      guint before = n;

      interleave_test_iterate (50);
      n = interleave_timeline_view_get_n_tile_renders (f->view);
      stable = n == before ? stable + 1 : 0;
    }
  g_assert_cmpuint (stable, ==, 4);

  /* The frame that turns the page finds its tiles drawn. (The next
   * page's prefetch starts from that frame: not counted.) */
  frame_watch_start (&watch, GTK_WIDGET (f->view));
  interleave_timeline_view_set_playhead (f->view, 19 * MS);
  interleave_timeline_view_get_visible_range (f->view, &start, &end);
  g_assert_cmpint (start, >, 10 * MS);
  next_frame (&watch);
  g_assert_cmpuint (interleave_timeline_view_get_n_tile_renders (f->view) - n, <=, 1);
  frame_watch_stop (&watch);
}

static void
test_follow_playhead (Fixture       *f,
                      gconstpointer  data)
{
  gint64 start, end;

  interleave_timeline_view_set_visible_range (f->view, 0, 20 * MS);
  interleave_timeline_view_set_follow_playhead (f->view, TRUE);

  for (gint64 t = 0; t <= 90 * MS; t += MS)
    {
      interleave_timeline_view_set_playhead (f->view, t);
      interleave_timeline_view_get_visible_range (f->view, &start, &end);
      g_assert_cmpint (t, >=, start);
      g_assert_cmpint (t, <=, end);
    }
  g_assert_cmpint (start, >, 60 * MS);

  /* Panning by hand stops following. */
  g_assert_true (interleave_timeline_view_get_follow_playhead (f->view));
  {
    GtkAdjustment *h = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
    g_object_set (f->view, "hadjustment", h, NULL);
    gtk_adjustment_set_value (h, 0);
    g_assert_false (interleave_timeline_view_get_follow_playhead (f->view));
  }
}

static void
test_presenter (Fixture       *f,
                gconstpointer  data)
{
  double y, h, y2, h2;

  interleave_timeline_view_get_lane_area (f->view, 0, 0, &y, &h);
  interleave_timeline_view_set_presenter (f->view, TRUE);
  interleave_timeline_view_get_lane_area (f->view, 0, 0, &y2, &h2);
  g_assert_cmpfloat (h2, >, 1.4 * h);
  g_assert_cmpfloat (y2, >, y);
}

static void
test_header_width (Fixture       *f,
                   gconstpointer  data)
{
  double x0, x1;

  /* A wider name column moves time 0 right, by the difference. */
  g_assert_cmpfloat (interleave_timeline_view_get_header_width (f->view), ==, 0);
  x0 = interleave_timeline_view_time_to_x (f->view, 0);
  interleave_timeline_view_set_visible_range (f->view, 0, 100 * MS);
  x0 = interleave_timeline_view_time_to_x (f->view, 0);
  interleave_timeline_view_set_header_width (f->view, 300);
  g_assert_cmpfloat (interleave_timeline_view_get_header_width (f->view), ==, 300);
  interleave_timeline_view_set_visible_range (f->view, 0, 100 * MS);
  x1 = interleave_timeline_view_time_to_x (f->view, 0);
  g_assert_cmpfloat (x1, >, x0 + 50);

  /* 0 is the default again. */
  interleave_timeline_view_set_header_width (f->view, 0);
  interleave_timeline_view_set_visible_range (f->view, 0, 100 * MS);
  g_assert_cmpfloat (fabs (interleave_timeline_view_time_to_x (f->view, 0) - x0), <, 1);
}

static void
time_picked_cb (InterleaveChartView *view,
                gint64               time,
                gint64              *out)
{
  *out = time;
}

static void
request_picked_cb (InterleaveChartView *view,
                   guint                trace,
                   guint                request,
                   guint               *out)
{
  *out = request;
}

static void
test_chart_view (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_test_trace_new_random ("t", 1, 4, 400, 200 * MS, 3);
  const InterleaveTrace *traces[1] = { trace };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  InterleaveChartView *metric = INTERLEAVE_CHART_VIEW (interleave_chart_view_new (INTERLEAVE_CHART_METRIC));
  InterleaveChartView *cdf = INTERLEAVE_CHART_VIEW (interleave_chart_view_new (INTERLEAVE_CHART_LATENCY_CDF));
  g_autoptr(GdkTexture) texture = NULL;
  guint picked = G_MAXUINT;
  gint64 t_left = -1, t_right = -1;
  double slow = 0, fast = G_MAXDOUBLE;
  guint32 slowest = 0;

  interleave_chart_view_set_traces (metric, traces, 1);
  interleave_chart_view_set_traces (cdf, traces, 1);
  interleave_chart_view_set_time_range (metric, 0, 200 * MS);
  gtk_widget_set_size_request (GTK_WIDGET (metric), 400, 200);
  gtk_widget_set_size_request (GTK_WIDGET (cdf), 400, 200);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (metric));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (cdf));
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  interleave_test_wait_until (interleave_test_widget_is_mapped, cdf, 5000);
  interleave_test_iterate (50);

  /* It draws something: axes, a line. */
  texture = render (metric);
  {
    guint32 p0 = interleave_test_texture_pixel (texture, 5, 5);
    gboolean varied = FALSE;

    for (int y = 0; y < 200 && !varied; y += 3)
      for (int x = 0; x < 400 && !varied; x += 3)
        varied = interleave_test_texture_pixel (texture, x, y) != p0;
    g_assert_true (varied);
  }

  /* The playhead moving within a pixel column of a metric chart leaves
   * the chart as it was; into another column, it is drawn again. */
  {
    guint draws;

    interleave_chart_view_set_playhead (metric, 100 * MS);
    g_clear_object (&texture);
    texture = render (metric);
    draws = interleave_chart_view_get_n_draws (metric);
    interleave_chart_view_set_playhead (metric, 100 * MS + 1000);
    interleave_test_iterate (50);
    g_assert_cmpuint (interleave_chart_view_get_n_draws (metric), ==, draws);
    interleave_chart_view_set_playhead (metric, 150 * MS);
    interleave_test_iterate (50);
    g_assert_cmpuint (interleave_chart_view_get_n_draws (metric), >, draws);
    interleave_chart_view_set_playhead (metric, -1);
  }

  /* A click on a metric chart picks a time, later to the right. */
  g_signal_connect (metric, "time-picked", G_CALLBACK (time_picked_cb), &t_left);
  interleave_chart_view_click_at (metric, 100, 100);
  g_signal_handlers_disconnect_by_func (metric, time_picked_cb, &t_left);
  g_signal_connect (metric, "time-picked", G_CALLBACK (time_picked_cb), &t_right);
  interleave_chart_view_click_at (metric, 300, 100);
  g_assert_cmpint (t_left, >=, 0);
  g_assert_cmpint (t_right, >, t_left);

  /* A click at the top right of the distribution picks the slowest
   * request: the p99 outlier leads to its journey. */
  for (guint i = 0; i < trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);
      double latency = r->done - r->arrival;

      if (latency > slow)
        slow = latency, slowest = r->id;
      fast = MIN (fast, latency);
    }
  g_signal_connect (cdf, "request-picked", G_CALLBACK (request_picked_cb), &picked);
  {
    g_autoptr(GdkTexture) t = render (cdf);
    double px, py, pw, ph;

    /* The plot area of a chart this size, from the renderer's layout. */
    {
      g_autoptr(InterleaveChartRenderer) r = interleave_chart_renderer_new (INTERLEAVE_CHART_LATENCY_CDF);
      interleave_chart_renderer_set_size (r, gtk_widget_get_width (GTK_WIDGET (cdf)),
                                          gtk_widget_get_height (GTK_WIDGET (cdf)));
      interleave_chart_renderer_get_plot_area (r, &px, &py, &pw, &ph);
    }
    interleave_chart_view_click_at (cdf, px + pw, py);
  }
  g_assert_cmpuint (picked, ==, slowest);

  gtk_window_destroy (window);
}

static gboolean
description_is_current (gpointer data)
{
  InterleaveTimelineView *view = data;
  g_autofree char *summary = interleave_timeline_view_dup_summary (view);

  return g_strcmp0 (interleave_timeline_view_get_description (view), summary) == 0;
}

/* What a screen reader hears: the accessible description follows the
 * view (range, lanes and their states, the highlighted request). */
static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  const char *text;
  g_autofree char *latency = interleave_format_duration (100 * MS);
  g_autofree char *expected = NULL;

  /* 0–100 ms, two lanes (200 ms of lane time): running 20 + 10 + 40,
   * I/O 30, GIL 10 + 20, runnable 20, native 20, idle 30. */
  interleave_test_wait_until (description_is_current, f->view, 5000);
  text = interleave_timeline_view_get_description (f->view);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Fixed: 2 lanes: Running 35%; "));
  g_assert_nonnull (strstr (text, "Waiting for I/O 15%"));
  g_assert_nonnull (strstr (text, "Waiting for the GIL 15%"));
  g_assert_nonnull (strstr (text, "Runnable, no core 10%"));
  g_assert_nonnull (strstr (text, "Native code 10%"));
  g_assert_nonnull (strstr (text, "Idle 15%."));
  g_assert_null (strstr (text, "Highlighted"));
  /* And it is what GTK gives assistive technologies. */
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);

  /* Zoomed to 0–50 ms: the shares are of what is in view. */
  interleave_timeline_view_set_visible_range (f->view, 0, 50 * MS);
  interleave_test_wait_until (description_is_current, f->view, 5000);
  text = interleave_timeline_view_get_description (f->view);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Running 50%; Waiting for I/O 30%; Waiting for the GIL 20%; Idle 0%."));
  g_assert_null (strstr (text, "Native"));

  /* A highlighted request: where it is at the playhead, its latency. */
  interleave_timeline_view_select_request (f->view, 0, 1);
  interleave_timeline_view_set_playhead (f->view, 70 * MS);
  interleave_test_wait_until (description_is_current, f->view, 5000);
  text = interleave_timeline_view_get_description (f->view);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Highlighted: request 1 on Fixed."));
  g_assert_nonnull (strstr (text, "At the playhead: Runnable, no core on Thread 2."));
  expected = g_strdup_printf ("Latency %s.", latency);
  g_assert_nonnull (strstr (text, expected));
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);
}

int
main (int   argc,
      char *argv[])
{
  /* Keep accessible properties readable (GTK_A11Y=none keeps none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/timeline-view/draws-lanes", test_draws_lanes);
  ADD ("/timeline-view/dark", test_dark);
  ADD ("/timeline-view/hover-and-click", test_hover_and_click);
  ADD ("/timeline-view/zoom-and-pan", test_zoom_and_pan);
  ADD ("/timeline-view/cached-content", test_cached_content);
  ADD ("/timeline-view/follow-playhead", test_follow_playhead);
  ADD ("/timeline-view/tiles-after-pan", test_tiles_after_pan);
  ADD ("/timeline-view/follow-prefetch", test_follow_prefetch);
  ADD ("/timeline-view/new-traces-wait-a-frame", test_new_traces_wait_a_frame);
  ADD ("/timeline-view/frame-budget", test_frame_budget);
  ADD ("/timeline-view/presenter", test_presenter);
  ADD ("/timeline-view/header-width", test_header_width);
  ADD ("/timeline-view/summary", test_summary);
  g_test_add_func ("/chart-view/draws-and-picks", test_chart_view);

  return g_test_run ();
}
