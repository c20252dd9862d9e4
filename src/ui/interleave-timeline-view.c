/* interleave-timeline-view.c
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

#define G_LOG_DOMAIN "interleave-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "interleave-axis.h"
#include "interleave-journey.h"
#include "interleave-timeline-view.h"

/* The timeline widget: lanes of every architecture on one time axis,
 * drawn by the shared cairo renderer. What changes only with the data,
 * the scale or the size (spans, rows, the selected journey) is rendered
 * once into a texture and reused; the playhead, the future veil, the lane
 * headers' live state and the hovered span are drawn on top each frame. */

#define ZOOM_STEP 1.25
#define DATA_REDRAW_MS 150
/* The spoken summary follows the view at most this often. */
#define SUMMARY_MS 250
/* Spans looked at per summary, at most: beyond, the shares are of the
 * spans seen (the view aggregates millions per pixel column anyway). */
#define SUMMARY_MAX_SPANS 400000

struct _InterleaveTimelineView
{
  GtkWidget                   parent_instance;

  InterleaveTimelineRenderer *renderer;
  GPtrArray                  *traces;          /* borrowed */
  InterleaveTimeScale         scale;
  gint64                      playhead;
  guint                       selected_trace;
  guint32                     selected_request;

  cairo_surface_t            *rows_surface;     /* the rows, cached */
  gboolean                    rows_valid;
  gboolean                    rows_check;       /* valid unless the layout changed */
  GArray                     *rows_drawn;       /* InterleaveTimelineRow: the layout drawn */
  double                      rows_scroll;
  GPtrArray                  *lane_tiles;       /* LaneTile */
  guint                       lanes_generation; /* bumped when the lanes change */
  guint                       lanes_key_generation;
  double                      lanes_ns_per_column;
  double                      lanes_plot_width;
  double                      lanes_scroll;
  int                         lanes_height;     /* device pixels */
  double                      lanes_origin;     /* ns at the grid's column 0 */
  gint64                      lanes_offset;     /* grid column at the plot's left edge */
  guint                       prefetch_source;
  GdkFrameClock              *frame_clock;      /* while realized */
  gint64                      frame_start;      /* µs: the frame clock's current frame began */
  guint                       n_deferred_tiles; /* lane tiles left for the next frame by the last snapshot */
  gboolean                    rows_wait;        /* new traces: their rows wait for the next frame */
  gboolean                    rows_deferred;    /* the last snapshot left the rows for the next frame */
  gboolean                    drawing_for_screen; /* during a snapshot: for a frame of the window */
  cairo_surface_t            *journey_surface;
  GdkTexture                 *journey_texture;
  gboolean                    journey_valid;
  cairo_surface_t            *axis_surface;     /* the axis, cached */
  GdkTexture                 *axis_texture;
  gboolean                    axis_valid;
  double                      states_x;         /* where the lanes' states are drawn */
  double                      states_width;
  guint                       n_tile_renders;
  guint                       n_rows_renders;
  guint                       data_source;
  guint                       summary_source;
  char                       *summary;
  gint64                      last_data_redraw;
  GPtrArray                  *tiles;            /* Tile: the same, for GPU renderers */
  guint                       tiles_x;
  guint                       tiles_y;
  gboolean                    tiles_valid;
  guint                       n_renders;

  GtkAdjustment              *hadjustment;
  GtkAdjustment              *vadjustment;
  guint                       hscroll_policy : 1;
  guint                       vscroll_policy : 1;
  guint                       in_adjustment : 1;

  GtkWidget                  *popover;
  GtkWidget                  *popover_label;
  char                       *hover_text;
  InterleaveTimelineHit       hover;

  double                      drag_start_x;
  double                      drag_start_y;
  double                      drag_scale_start;
  double                      drag_scroll_start;
  double                      zoom_last_scale;

  guint                       presenter : 1;
  guint                       high_contrast : 1;
  guint                       follow_playhead : 1;
  double                      header_width;    /* 0: the style's */
  guint                       fit_lanes : 1;
  guint                       show_cores : 1;
  guint                       scale_set : 1;
  guint                       dragging : 1;
};

enum {
  PROP_0,
  PROP_PLAYHEAD,
  PROP_SELECTED_TRACE,
  PROP_SELECTED_REQUEST,
  PROP_PRESENTER,
  PROP_HIGH_CONTRAST,
  PROP_FOLLOW_PLAYHEAD,
  PROP_FIT_LANES,
  PROP_SHOW_CORES,
  PROP_HEADER_WIDTH,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  VISIBLE_RANGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (InterleaveTimelineView, interleave_timeline_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

GtkWidget *
interleave_timeline_view_new (void)
{
  return g_object_new (INTERLEAVE_TYPE_TIMELINE_VIEW, NULL);
}

/* Style ------------------------------------------------------------------ */

InterleavePaletteKind
interleave_timeline_view_get_palette (InterleaveTimelineView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), INTERLEAVE_PALETTE_LIGHT);

  if (self->high_contrast || adw_style_manager_get_high_contrast (manager))
    return INTERLEAVE_PALETTE_HIGH_CONTRAST;
  if (adw_style_manager_get_dark (manager))
    return INTERLEAVE_PALETTE_DARK;
  return INTERLEAVE_PALETTE_LIGHT;
}

static void schedule_summary (InterleaveTimelineView *self);

/* Everything the lanes show may have changed. */
static void
invalidate_content (InterleaveTimelineView *self)
{
  self->rows_valid = FALSE;
  self->axis_valid = FALSE;
  self->lanes_generation++;
  self->journey_valid = FALSE;
  g_clear_object (&self->journey_texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  schedule_summary (self);
}

/* New data: the lanes change, the rows only if their layout does (a
 * lane seen for the first time). */
static void
invalidate_data (InterleaveTimelineView *self)
{
  self->rows_check = TRUE;
  self->lanes_generation++;
  self->journey_valid = FALSE;
  g_clear_object (&self->journey_texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  schedule_summary (self);
}

/* Only the visible time range changed: the rows stay, and lane tiles
 * stay valid as long as the zoom does (see lane_grid_update()). */
static void
invalidate_time (InterleaveTimelineView *self)
{
  self->axis_valid = FALSE;
  self->journey_valid = FALSE;
  g_clear_object (&self->journey_texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  schedule_summary (self);
}

static void
update_style (InterleaveTimelineView *self)
{
  InterleaveRenderStyle style;
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);

  interleave_render_style_init (&style, interleave_timeline_view_get_palette (self),
                                self->presenter ? 1.6 : 1.0);
  if (self->header_width > 0)
    style.header_width = round (self->header_width * style.scale);
  if (font != NULL && pango_font_description_get_family (font) != NULL)
    {
      g_autofree char *family = g_strdup_printf ("%s,DejaVu Sans,sans-serif",
                                                 pango_font_description_get_family (font));
      interleave_render_style_set_font (&style, family);
    }

  interleave_timeline_renderer_set_style (self->renderer, &style);
  /* Fitted lanes stay readable: below this they scroll. */
  interleave_timeline_renderer_set_min_fit_lane_height (self->renderer, (self->presenter ? 10 : 12) * style.scale);
  invalidate_content (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
style_manager_changed (InterleaveTimelineView *self)
{
  update_style (self);
}

/* Scale and adjustments -------------------------------------------------- */

static gint64
traces_end (InterleaveTimelineView *self)
{
  gint64 end = 0;

  for (guint i = 0; i < self->traces->len; i++)
    end = MAX (end, ((const InterleaveTrace *) g_ptr_array_index (self->traces, i))->end);

  return end;
}

static double
plot_width (InterleaveTimelineView *self)
{
  double pw;

  interleave_timeline_renderer_get_plot_area (self->renderer, NULL, NULL, &pw, NULL);
  return pw;
}

static void
update_adjustments (InterleaveTimelineView *self)
{
  double px, py, pw, ph;
  double content;

  interleave_timeline_renderer_get_plot_area (self->renderer, &px, &py, &pw, &ph);
  self->in_adjustment = TRUE;

  if (self->hadjustment != NULL)
    {
      double value = self->scale.start / self->scale.ns_per_px;
      double upper = MAX (traces_end (self) / self->scale.ns_per_px, value + pw);

      gtk_adjustment_configure (self->hadjustment, value, MIN (0, value), upper,
                                pw * 0.1, pw * 0.9, pw);
    }

  if (self->vadjustment != NULL)
    {
      content = interleave_timeline_renderer_get_content_height (self->renderer);
      gtk_adjustment_configure (self->vadjustment,
                                CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, MAX (0, content - ph)),
                                0, MAX (content, ph), ph * 0.1, ph * 0.9, ph);
      interleave_timeline_renderer_set_scroll (self->renderer, gtk_adjustment_get_value (self->vadjustment));
    }

  self->in_adjustment = FALSE;
}

static void
apply_scale (InterleaveTimelineView *self)
{
  interleave_timeline_renderer_set_time_scale (self->renderer, &self->scale);
  update_adjustments (self);
  invalidate_time (self);
  g_signal_emit (self, signals[VISIBLE_RANGE_CHANGED], 0);
}

static void
hadjustment_changed (InterleaveTimelineView *self)
{
  if (self->in_adjustment)
    return;

  self->scale.start = gtk_adjustment_get_value (self->hadjustment) * self->scale.ns_per_px;
  self->follow_playhead = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_PLAYHEAD]);
  apply_scale (self);
}

static void
vadjustment_changed (InterleaveTimelineView *self)
{
  if (self->in_adjustment)
    return;

  interleave_timeline_renderer_set_scroll (self->renderer, gtk_adjustment_get_value (self->vadjustment));
  invalidate_content (self);
}

static void
set_adjustment (InterleaveTimelineView  *self,
                GtkAdjustment          **slot,
                GtkAdjustment           *adjustment,
                GCallback                callback)
{
  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, callback, self);
      g_clear_object (slot);
    }

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", callback, self);
  update_adjustments (self);
}

/**
 * interleave_timeline_view_get_visible_range:
 * @start: (out): ns at the left edge of the lanes
 * @end: (out): ns at the right edge
 */
void
interleave_timeline_view_get_visible_range (InterleaveTimelineView *self,
                                            gint64                 *start,
                                            gint64                 *end)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  if (start)
    *start = interleave_time_scale_to_time (&self->scale, 0);
  if (end)
    *end = interleave_time_scale_to_time (&self->scale, plot_width (self));
}

void
interleave_timeline_view_set_visible_range (InterleaveTimelineView *self,
                                            gint64                  start,
                                            gint64                  end)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  interleave_time_scale_init (&self->scale, start, end, plot_width (self));
  self->scale_set = TRUE;
  apply_scale (self);
}

/**
 * interleave_timeline_view_zoom:
 * @factor: > 1 zooms in
 * @x: widget x that keeps its time
 */
void
interleave_timeline_view_zoom (InterleaveTimelineView *self,
                               double                  factor,
                               double                  x)
{
  double px;

  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  interleave_timeline_renderer_get_plot_area (self->renderer, &px, NULL, NULL, NULL);
  interleave_time_scale_zoom (&self->scale, MAX (0, x - px), factor);
  self->scale_set = TRUE;
  apply_scale (self);
}

/**
 * interleave_timeline_view_pan:
 * @dx: pixels; positive shows earlier time
 */
void
interleave_timeline_view_pan (InterleaveTimelineView *self,
                              double                  dx)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  interleave_time_scale_pan (&self->scale, dx);
  apply_scale (self);
}

void
interleave_timeline_view_zoom_to_fit (InterleaveTimelineView *self)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  interleave_time_scale_init (&self->scale, 0, MAX (traces_end (self), 1000000), plot_width (self));
  self->scale_set = TRUE;
  apply_scale (self);
}

double
interleave_timeline_view_time_to_x (InterleaveTimelineView *self,
                                    gint64                  time)
{
  double px;

  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), 0);

  interleave_timeline_renderer_get_plot_area (self->renderer, &px, NULL, NULL, NULL);
  return px + interleave_time_scale_to_x (&self->scale, time);
}

/* Data -------------------------------------------------------------------- */

/**
 * interleave_timeline_view_set_traces:
 * @traces: (array length=n_traces): borrowed; they must live until the
 *   next call
 * @summaries: (array length=n_traces) (nullable): borrowed too
 */
void
interleave_timeline_view_set_traces (InterleaveTimelineView          *self,
                                     const InterleaveTrace * const   *traces,
                                     const InterleaveSummary * const *summaries,
                                     guint                            n_traces)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  g_ptr_array_set_size (self->traces, 0);
  for (guint i = 0; i < n_traces; i++)
    g_ptr_array_add (self->traces, (gpointer) traces[i]);

  interleave_timeline_renderer_set_traces (self->renderer, traces, summaries, n_traces);
  interleave_timeline_renderer_set_hover (self->renderer, NULL);
  self->hover.kind = INTERLEAVE_ROW_NONE;
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  if (self->selected_request != INTERLEAVE_NO_REQUEST)
    interleave_timeline_view_select_request (self, 0, INTERLEAVE_NO_REQUEST);

  update_adjustments (self);
  invalidate_content (self);
  self->rows_wait = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * interleave_timeline_view_set_summaries:
 * @summaries: (array) (nullable): one per trace, borrowed
 *
 * Shows each architecture's summary in its header.
 */
void
interleave_timeline_view_set_summaries (InterleaveTimelineView          *self,
                                        const InterleaveSummary * const *summaries)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  interleave_timeline_renderer_set_summaries (self->renderer, summaries);
  invalidate_content (self);
}

/**
 * interleave_timeline_view_set_lane_filter:
 * @lane_kinds: a bit (1 << #InterleaveLaneKind) per kind of lane shown;
 *   %G_MAXUINT for all
 * @max_workers: show the first @max_workers processes only; 0 for all
 *
 * Shows only some lanes, as a lesson step asks.
 */
void
interleave_timeline_view_set_lane_filter (InterleaveTimelineView *self,
                                          guint                   lane_kinds,
                                          guint                   max_workers)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  interleave_timeline_renderer_set_lane_filter (self->renderer, lane_kinds, max_workers);
  update_adjustments (self);
  invalidate_content (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * interleave_timeline_view_traces_changed:
 *
 * Call after merging a delta into the traces: the view redraws at the
 * next frame, however many deltas arrive before it.
 */
static gboolean
data_redraw_cb (gpointer data)
{
  InterleaveTimelineView *self = data;

  self->data_source = 0;
  self->last_data_redraw = g_get_monotonic_time ();
  interleave_timeline_renderer_invalidate (self->renderer);
  update_adjustments (self);
  invalidate_data (self);

  return G_SOURCE_REMOVE;
}

void
interleave_timeline_view_traces_changed (InterleaveTimelineView *self)
{
  gint64 since;

  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  /* Data streams in far more often than anyone can watch lanes being
   * redrawn: at most DATA_REDRAW_MS apart. */
  if (self->data_source != 0)
    return;

  since = (g_get_monotonic_time () - self->last_data_redraw) / 1000;
  if (since >= DATA_REDRAW_MS)
    data_redraw_cb (self);
  else
    self->data_source = g_timeout_add (DATA_REDRAW_MS - since, data_redraw_cb, self);
}

gint64
interleave_timeline_view_get_playhead (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), -1);

  return self->playhead;
}

/**
 * interleave_timeline_view_set_playhead:
 * @playhead: ns, or -1 for none
 *
 * Moves the playhead; with follow-playhead, the view turns the page when
 * the playhead nears its right edge.
 */
void
interleave_timeline_view_set_playhead (InterleaveTimelineView *self,
                                       gint64                  playhead)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  if (self->playhead == playhead)
    return;

  /* The lane names leave room for the states only with a playhead. */
  if ((self->playhead < 0) != (playhead < 0))
    self->rows_valid = FALSE;
  self->playhead = playhead;
  interleave_timeline_renderer_set_playhead (self->renderer, playhead);

  if (self->follow_playhead && playhead >= 0)
    {
      double pw = plot_width (self);
      double visible = self->scale.ns_per_px * pw;

      /* Turn the page when the playhead nears the right edge: the lanes
       * are drawn once per page, not on every frame. */
      if (playhead > self->scale.start + 0.9 * visible || playhead < self->scale.start)
        {
          double ns_per_column = self->scale.ns_per_px / gtk_widget_get_scale_factor (GTK_WIDGET (self));
          double shift = MAX (0, playhead - 0.1 * visible) - self->scale.start;

          /* By whole device pixels, so that the lanes' tiles still fit. */
          self->scale.start += round (shift / ns_per_column) * ns_per_column;
          apply_scale (self);
        }
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  schedule_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYHEAD]);
}

guint
interleave_timeline_view_get_selected_trace (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), 0);

  return self->selected_trace;
}

guint32
interleave_timeline_view_get_selected_request (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), INTERLEAVE_NO_REQUEST);

  return self->selected_request;
}

/**
 * interleave_timeline_view_select_request:
 * @trace: index of the architecture
 * @request: a request id, or %INTERLEAVE_NO_REQUEST to clear
 *
 * Highlights the request's whole journey across lanes.
 */
void
interleave_timeline_view_select_request (InterleaveTimelineView *self,
                                         guint                   trace,
                                         guint32                 request)
{
  gboolean trace_changed, request_changed;

  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  if (trace >= self->traces->len)
    request = INTERLEAVE_NO_REQUEST;

  trace_changed = trace != self->selected_trace;
  request_changed = request != self->selected_request;
  if (!trace_changed && !request_changed)
    return;

  self->selected_trace = trace;
  self->selected_request = request;
  interleave_timeline_renderer_set_selection (self->renderer, trace, request);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.clear-selection",
                                 request != INTERLEAVE_NO_REQUEST);
  invalidate_content (self);

  if (trace_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TRACE]);
  if (request_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_REQUEST]);
}

/**
 * interleave_timeline_view_get_journey:
 *
 * Returns: (nullable): the selected request's journey
 */
const InterleaveJourney *
interleave_timeline_view_get_journey (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), NULL);

  return interleave_timeline_renderer_get_journey (self->renderer);
}

gboolean
interleave_timeline_view_hit_test (InterleaveTimelineView *self,
                                   double                  x,
                                   double                  y,
                                   InterleaveTimelineHit  *hit)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), FALSE);

  return interleave_timeline_renderer_hit_test (self->renderer, x, y, hit);
}

gboolean
interleave_timeline_view_get_lane_area (InterleaveTimelineView *self,
                                        guint                   trace,
                                        guint                   lane,
                                        double                 *y,
                                        double                 *height)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), FALSE);

  return interleave_timeline_renderer_get_lane_area (self->renderer, trace, lane, y, height);
}

guint
interleave_timeline_view_get_n_renders (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), 0);

  return self->n_renders;
}

/**
 * interleave_timeline_view_get_n_tile_renders:
 *
 * For tests: how many tiles of the lanes (interleave_timeline_renderer_draw_lanes())
 * have been drawn so far.
 */
guint
interleave_timeline_view_get_n_tile_renders (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), 0);

  return self->n_tile_renders;
}

/**
 * interleave_timeline_view_get_n_deferred_tiles:
 *
 * For tests: how many lane tiles the last snapshot left for the next
 * frame because its frame had used its time.
 */
guint
interleave_timeline_view_get_n_deferred_tiles (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), 0);

  return self->n_deferred_tiles;
}

/**
 * interleave_timeline_view_get_n_rows_renders:
 *
 * For tests: how many times the rows (interleave_timeline_renderer_draw_rows())
 * have been drawn.
 */
guint
interleave_timeline_view_get_n_rows_renders (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), 0);

  return self->n_rows_renders;
}

/* The spoken summary ------------------------------------------------------ */

/* The first span of @spans that ends after @time (spans are disjoint and
 * sorted, so their ends are sorted too). */
static guint
first_span_ending_after (const GArray *spans,
                         gint64        time)
{
  guint lo = 0, hi = spans->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (spans, InterleaveSpan, mid).end <= time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static gboolean
lane_is_shown (InterleaveTimelineView *self,
               guint                   trace,
               guint                   lane,
               gboolean                have_rows)
{
  double y, height;

  if (!have_rows)
    return TRUE;
  return interleave_timeline_renderer_get_lane_area (self->renderer, trace, lane, &y, &height);
}

static void
append_trace_summary (InterleaveTimelineView *self,
                      GString                *text,
                      guint                   t,
                      gint64                  from,
                      gint64                  to,
                      gboolean                have_rows,
                      guint                  *budget)
{
  const InterleaveTrace *trace = g_ptr_array_index (self->traces, t);
  gint64 in_state[INTERLEAVE_N_STATES] = { 0 };
  gint64 total = 0;
  guint n_lanes = 0;
  guint order[INTERLEAVE_N_STATES];
  guint n_listed = 0;

  for (guint l = 0; l < trace->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);

      if (!lane_is_shown (self, t, l, have_rows))
        continue;
      n_lanes++;
      total += to - from;

      for (guint i = first_span_ending_after (lane->spans, from); i < lane->spans->len && *budget > 0; i++, (*budget)--)
        {
          const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, i);

          if (span->start >= to)
            break;
          if (span->state < INTERLEAVE_N_STATES)
            in_state[span->state] += MIN (span->end, to) - MAX (span->start, from);
        }
    }

  g_string_append_c (text, ' ');
  /* Translators: an architecture and how many of its lanes are shown,
   * followed by what they do: "Node.js: 1 lane: Running 12%; …" */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s: %u lane", "%s: %u lanes", n_lanes),
                          trace->name, n_lanes);
  if (n_lanes == 0 || total <= 0)
    {
      g_string_append_c (text, '.');
      return;
    }

  /* What the lanes do, by share of their time in view, largest first;
   * the rest is idle. */
  for (guint s = 0; s < INTERLEAVE_N_STATES; s++)
    if (s != INTERLEAVE_STATE_IDLE)
      order[n_listed++] = s;
  for (guint a = 0; a < n_listed; a++)
    for (guint b = a + 1; b < n_listed; b++)
      if (in_state[order[b]] > in_state[order[a]])
        {
          guint tmp = order[a];
          order[a] = order[b];
          order[b] = tmp;
        }

  {
    gint64 busy = 0;
    gboolean first = TRUE;

    for (guint a = 0; a < n_listed; a++)
      {
        double share = 100.0 * in_state[order[a]] / total;

        busy += in_state[order[a]];
        if (share < 0.5)
          continue;
        g_string_append (text, first ? ": " : "; ");
        first = FALSE;
        /* Translators: a state and its share of the time shown, "Running 42%" */
        g_string_append_printf (text, _("%s %.0f%%"), interleave_state_get_label (order[a]), share);
      }
    g_string_append (text, first ? ": " : "; ");
    g_string_append_printf (text, _("%s %.0f%%"), interleave_state_get_label (INTERLEAVE_STATE_IDLE),
                            100.0 * MAX (0, total - busy) / total);
    g_string_append_c (text, '.');
  }
}

static void
append_selection_summary (InterleaveTimelineView *self,
                          GString                *text)
{
  const InterleaveTrace *trace;
  g_autoptr(InterleaveJourney) journey = NULL;

  if (self->selected_request == INTERLEAVE_NO_REQUEST || self->selected_trace >= self->traces->len)
    return;

  trace = g_ptr_array_index (self->traces, self->selected_trace);
  g_string_append_c (text, ' ');
  /* Translators: "Highlighted: request 17 on Python threads." */
  g_string_append_printf (text, _("Highlighted: request %u on %s."), self->selected_request, trace->name);

  if (self->selected_request >= trace->requests->len)
    return;
  journey = interleave_journey_new (trace, self->selected_request);

  if (self->playhead >= 0)
    for (guint i = 0; i < journey->steps->len; i++)
      {
        const InterleaveJourneyStep *step = &g_array_index (journey->steps, InterleaveJourneyStep, i);
        const InterleaveLane *lane = g_ptr_array_index (trace->lanes, step->lane);
        const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, step->span);

        if (span->start <= self->playhead && self->playhead < span->end)
          {
            g_string_append_c (text, ' ');
            /* Translators: "At the playhead: Waiting for the GIL on Thread 2." */
            g_string_append_printf (text, _("At the playhead: %s on %s."),
                                    interleave_state_get_label (span->state), lane->name);
            break;
          }
      }

  if (journey->record.arrival >= 0 && journey->record.done >= 0)
    {
      g_autofree char *latency = interleave_format_duration (journey->record.done - journey->record.arrival);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Latency %s."), latency);
    }
}

/**
 * interleave_timeline_view_dup_summary:
 *
 * What the view shows, in words, for a screen reader: the time range and
 * the playhead, each architecture's lanes in view and the share of their
 * time in each state, and the highlighted request. It is the view's
 * accessible description, kept up to date as the view changes.
 *
 * Returns: (transfer full): the summary
 */
char *
interleave_timeline_view_dup_summary (InterleaveTimelineView *self)
{
  GString *text;
  gint64 from, to;
  guint n_rows = 0;
  guint budget = SUMMARY_MAX_SPANS;
  gboolean have_rows;

  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), NULL);

  if (self->traces->len == 0)
    return g_strdup (_("Nothing to show yet."));

  interleave_timeline_view_get_visible_range (self, &from, &to);
  to = MIN (to, traces_end (self));
  text = g_string_new (NULL);

  {
    g_autofree char *a = interleave_format_duration (MAX (0, from));
    g_autofree char *b = interleave_format_duration (MAX (0, to));

    /* Translators: the time range in view, "From 5 s to 5.3 s." */
    g_string_append_printf (text, _("From %s to %s."), a, b);
    if (self->playhead >= 0)
      {
        g_autofree char *p = interleave_format_duration (self->playhead);

        g_string_append_c (text, ' ');
        g_string_append_printf (text, _("Playhead at %s."), p);
      }
  }

  /* Before the first layout every lane counts as shown. */
  interleave_timeline_renderer_get_rows (self->renderer, &n_rows);
  have_rows = n_rows > 0;
  if (to > from)
    for (guint t = 0; t < self->traces->len; t++)
      append_trace_summary (self, text, t, from, to, have_rows, &budget);

  append_selection_summary (self, text);

  return g_string_free (text, FALSE);
}

static gboolean
summary_cb (gpointer data)
{
  InterleaveTimelineView *self = data;
  g_autofree char *summary = NULL;

  self->summary_source = 0;
  summary = interleave_timeline_view_dup_summary (self);
  if (g_strcmp0 (summary, self->summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                      -1);
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_summary (InterleaveTimelineView *self)
{
  if (self->summary_source == 0)
    self->summary_source = g_timeout_add (SUMMARY_MS, summary_cb, self);
}

/**
 * interleave_timeline_view_get_description:
 *
 * Returns: the summary last given to assistive technologies (see
 *   interleave_timeline_view_dup_summary()), or %NULL before the first
 */
const char *
interleave_timeline_view_get_description (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), NULL);

  return self->summary;
}

/* Hover and click ---------------------------------------------------------- */

static char *
describe_hit (InterleaveTimelineView      *self,
              const InterleaveTimelineHit *hit)
{
  const InterleaveTrace *trace = g_ptr_array_index (self->traces, hit->trace);
  const InterleaveLane *lane = g_ptr_array_index (trace->lanes, hit->lane);
  const InterleaveSpan *span = &g_array_index (lane->spans, InterleaveSpan, hit->span);
  g_autofree char *duration = interleave_format_duration (span->end - span->start);
  g_autofree char *from = interleave_format_duration (span->start);
  g_autofree char *to = interleave_format_duration (span->end);
  g_autofree char *lane_name = g_markup_escape_text (lane->name, -1);
  GString *text = g_string_new (NULL);

  if (span->request != INTERLEAVE_NO_REQUEST)
    {
      const char *klass = NULL;

      if (span->request < trace->requests->len)
        {
          const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, span->request);
          if (r->klass < trace->class_names->len)
            klass = g_ptr_array_index (trace->class_names, r->klass);
        }

      g_string_append (text, "<b>");
      g_string_append_printf (text, _("Request %u"), span->request);
      g_string_append (text, "</b>");
      if (klass != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (klass, -1);
          g_string_append_printf (text, " · %s", escaped);
        }
      g_string_append_c (text, '\n');
    }

  g_string_append (text, interleave_state_get_label (span->state));
  if (span->state == INTERLEAVE_STATE_GIL_WAIT && span->cause != INTERLEAVE_NO_LANE &&
      span->cause < trace->lanes->len)
    {
      const InterleaveLane *holder = g_ptr_array_index (trace->lanes, span->cause);
      g_autofree char *escaped = g_markup_escape_text (holder->name, -1);

      g_string_append (text, " · ");
      /* Translators: the thread holding the GIL, e.g. "held by Thread 3" */
      g_string_append_printf (text, _("held by %s"), escaped);
    }
  g_string_append_c (text, '\n');

  /* Translators: "on Thread 2 from 12.3 ms to 17.3 ms (5 ms)" */
  g_string_append_printf (text, _("on %s from %s to %s (%s)"), lane_name, from, to, duration);

  if (span->phase != INTERLEAVE_NO_PHASE)
    {
      g_string_append_c (text, '\n');
      /* Translators: the index of the phase in the request's plan */
      g_string_append_printf (text, _("Phase %u of its plan"), span->phase + 1);
    }

  if (span->request != INTERLEAVE_NO_REQUEST)
    {
      g_autoptr(InterleaveJourney) journey = interleave_journey_new (trace, span->request);

      if (journey->record.arrival >= 0 && journey->record.done >= 0)
        {
          g_autofree char *latency = interleave_format_duration (journey->record.done - journey->record.arrival);

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Latency %s"), latency);
        }

      g_string_append (text, "\n<small>");
      for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
        if (journey->time_in_state[s] > 0)
          {
            g_autofree char *d = interleave_format_duration (journey->time_in_state[s]);
            g_string_append_printf (text, "%s: %s\n", interleave_state_get_label (s), d);
          }
      if (journey->queue_wait > 0)
        {
          g_autofree char *d = interleave_format_duration (journey->queue_wait);
          g_string_append_printf (text, _("Waiting for a worker: %s"), d);
          g_string_append_c (text, '\n');
        }
      if (text->str[text->len - 1] == '\n')
        g_string_truncate (text, text->len - 1);
      g_string_append (text, "\n");
      g_string_append (text, _("Click to follow its journey"));
      g_string_append (text, "</small>");
    }

  return g_string_free (text, FALSE);
}

const char *
interleave_timeline_view_get_hover_text (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), NULL);

  return self->hover_text;
}

static void
hide_hover (InterleaveTimelineView *self)
{
  if (self->hover.kind == INTERLEAVE_ROW_NONE && self->hover_text == NULL)
    return;

  self->hover.kind = INTERLEAVE_ROW_NONE;
  self->hover.span = -1;
  g_clear_pointer (&self->hover_text, g_free);
  g_clear_pointer (&self->summary, g_free);
  interleave_timeline_renderer_set_hover (self->renderer, NULL);
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * interleave_timeline_view_hover_at:
 *
 * What the pointer does when it moves to (@x, @y): outline the span there
 * and show its request, phase, waits and timing in a popover.
 */
void
interleave_timeline_view_hover_at (InterleaveTimelineView *self,
                                   double                  x,
                                   double                  y)
{
  InterleaveTimelineHit hit;
  GdkRectangle rect;

  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  if (self->dragging || !interleave_timeline_renderer_hit_test (self->renderer, x, y, &hit))
    {
      hide_hover (self);
      return;
    }

  if (self->hover.kind == hit.kind && self->hover.trace == hit.trace &&
      self->hover.lane == hit.lane && self->hover.span == hit.span)
    return;

  self->hover = hit;
  interleave_timeline_renderer_set_hover (self->renderer, &hit);
  g_free (self->hover_text);
  self->hover_text = describe_hit (self, &hit);

  gtk_label_set_markup (GTK_LABEL (self->popover_label), self->hover_text);
  rect.x = (int) x;
  rect.y = (int) y;
  {
    double ly, lh;

    if (interleave_timeline_renderer_get_lane_area (self->renderer, hit.trace, hit.lane, &ly, &lh))
      {
        rect.y = (int) ly;
        rect.height = (int) lh;
      }
    else
      rect.height = 1;
  }
  rect.width = 1;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_popover_popup (GTK_POPOVER (self->popover));

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * interleave_timeline_view_click_at:
 *
 * What a click at (@x, @y) does: select the request of the span there
 * (its journey is highlighted), or clear the selection on empty space.
 */
void
interleave_timeline_view_click_at (InterleaveTimelineView *self,
                                   double                  x,
                                   double                  y)
{
  InterleaveTimelineHit hit;

  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  if (interleave_timeline_renderer_hit_test (self->renderer, x, y, &hit) &&
      hit.request != INTERLEAVE_NO_REQUEST)
    interleave_timeline_view_select_request (self, hit.trace, hit.request);
  else if (hit.in_plot || hit.kind == INTERLEAVE_ROW_NONE)
    interleave_timeline_view_select_request (self, self->selected_trace, INTERLEAVE_NO_REQUEST);
}

static void
motion_cb (InterleaveTimelineView   *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  interleave_timeline_view_hover_at (self, x, y);
}

static void
leave_cb (InterleaveTimelineView   *self,
          GtkEventControllerMotion *motion)
{
  hide_hover (self);
}

static void
click_released_cb (InterleaveTimelineView *self,
                   int                     n_press,
                   double                  x,
                   double                  y,
                   GtkGestureClick        *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  interleave_timeline_view_click_at (self, x, y);
}

static void
drag_begin_cb (InterleaveTimelineView *self,
               double                  x,
               double                  y,
               GtkGestureDrag         *gesture)
{
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_scale_start = self->scale.start;
  self->drag_scroll_start = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static void
drag_update_cb (InterleaveTimelineView *self,
                double                  dx,
                double                  dy,
                GtkGestureDrag         *gesture)
{
  if (!self->dragging && hypot (dx, dy) < 4)
    return;

  if (!self->dragging)
    {
      self->dragging = TRUE;
      hide_hover (self);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      /* A drag is a pan: the click that started it selects nothing. */
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }

  {
    int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));

    /* By whole device pixels, so that the lanes' tiles still fit. */
    self->scale.start = self->drag_scale_start - round (dx * scale_factor) / scale_factor * self->scale.ns_per_px;
  }
  if (self->follow_playhead)
    {
      self->follow_playhead = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_PLAYHEAD]);
    }
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, self->drag_scroll_start - dy);
  apply_scale (self);
}

static void
drag_end_cb (InterleaveTimelineView *self,
             double                  dx,
             double                  dy,
             GtkGestureDrag         *gesture)
{
  if (self->dragging)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  self->dragging = FALSE;
}

static gboolean
scroll_cb (InterleaveTimelineView   *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double x = 0, y = 0;
  double page, upper;

  {
    GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (scroll));
    if (event == NULL || !gdk_event_get_position (event, &x, &y))
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  }

  if (state & GDK_CONTROL_MASK)
    {
      interleave_timeline_view_zoom (self, pow (ZOOM_STEP, -dy), x);
      return TRUE;
    }

  /* Shift, a horizontal wheel, or lanes that all fit: scroll through time. */
  page = self->vadjustment ? gtk_adjustment_get_page_size (self->vadjustment) : 0;
  upper = self->vadjustment ? gtk_adjustment_get_upper (self->vadjustment) : 0;
  if ((state & GDK_SHIFT_MASK) || upper <= page)
    {
      double step = (state & GDK_SHIFT_MASK) ? dy : (dx != 0 ? dx : dy);

      if (self->follow_playhead)
        {
          self->follow_playhead = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_PLAYHEAD]);
        }
      interleave_timeline_view_pan (self, -step * 40);
      return TRUE;
    }

  return FALSE;
}

static void
zoom_scale_changed_cb (InterleaveTimelineView *self,
                       double                  scale,
                       GtkGestureZoom         *gesture)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;

  interleave_timeline_view_zoom (self, scale / self->zoom_last_scale, x);
  self->zoom_last_scale = scale;
}

static void
zoom_begin_cb (InterleaveTimelineView *self,
               GdkEventSequence       *sequence,
               GtkGesture             *gesture)
{
  self->zoom_last_scale = 1.0;
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (widget);
  double px, pw;
  double x;

  interleave_timeline_renderer_get_plot_area (self->renderer, &px, NULL, &pw, NULL);
  x = px + pw / 2;
  /* Zoom around the playhead when it is in view: that is what one looks at. */
  if (self->playhead >= 0)
    {
      double hx = interleave_timeline_view_time_to_x (self, self->playhead);
      if (hx >= px && hx <= px + pw)
        x = hx;
    }

  if (g_str_equal (action_name, "timeline.zoom-in"))
    interleave_timeline_view_zoom (self, ZOOM_STEP * ZOOM_STEP, x);
  else if (g_str_equal (action_name, "timeline.zoom-out"))
    interleave_timeline_view_zoom (self, 1 / (ZOOM_STEP * ZOOM_STEP), x);
  else
    interleave_timeline_view_zoom_to_fit (self);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (widget);

  interleave_timeline_view_select_request (self, self->selected_trace, INTERLEAVE_NO_REQUEST);
}

/* Properties ---------------------------------------------------------------- */

#define BOOLEAN_ACCESSORS(field, prop, name)                                    \
gboolean                                                                        \
interleave_timeline_view_get_##name (InterleaveTimelineView *self)              \
{                                                                               \
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), FALSE);             \
  return self->field;                                                           \
}

BOOLEAN_ACCESSORS (presenter, PROP_PRESENTER, presenter)
BOOLEAN_ACCESSORS (high_contrast, PROP_HIGH_CONTRAST, high_contrast)
BOOLEAN_ACCESSORS (follow_playhead, PROP_FOLLOW_PLAYHEAD, follow_playhead)
BOOLEAN_ACCESSORS (fit_lanes, PROP_FIT_LANES, fit_lanes)
BOOLEAN_ACCESSORS (show_cores, PROP_SHOW_CORES, show_cores)

/**
 * interleave_timeline_view_set_show_cores:
 *
 * Whether the per-core lanes are shown beside the threads.
 */
void
interleave_timeline_view_set_show_cores (InterleaveTimelineView *self,
                                         gboolean                show_cores)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  show_cores = !!show_cores;
  if (self->show_cores == show_cores)
    return;

  self->show_cores = show_cores;
  interleave_timeline_renderer_set_hide_core_lanes (self->renderer, !show_cores);
  update_adjustments (self);
  invalidate_content (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CORES]);
}

/**
 * interleave_timeline_view_set_presenter:
 *
 * Presenter mode: larger type, thicker lines, taller lanes.
 */
void
interleave_timeline_view_set_presenter (InterleaveTimelineView *self,
                                        gboolean                presenter)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  presenter = !!presenter;
  if (self->presenter == presenter)
    return;

  self->presenter = presenter;
  update_style (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTER]);
}

void
interleave_timeline_view_set_high_contrast (InterleaveTimelineView *self,
                                            gboolean                high_contrast)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;

  self->high_contrast = high_contrast;
  update_style (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

void
interleave_timeline_view_set_follow_playhead (InterleaveTimelineView *self,
                                              gboolean                follow)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  follow = !!follow;
  if (self->follow_playhead == follow)
    return;

  self->follow_playhead = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_PLAYHEAD]);
}

void
interleave_timeline_view_set_fit_lanes (InterleaveTimelineView *self,
                                        gboolean                fit_lanes)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  fit_lanes = !!fit_lanes;
  if (self->fit_lanes == fit_lanes)
    return;

  self->fit_lanes = fit_lanes;
  interleave_timeline_renderer_set_fit_lanes (self->renderer, fit_lanes);
  update_adjustments (self);
  invalidate_content (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_LANES]);
}

/**
 * interleave_timeline_view_set_series_style:
 *
 * See interleave_timeline_renderer_set_series_style().
 */
void
interleave_timeline_view_set_series_style (InterleaveTimelineView *self,
                                           guint                   trace,
                                           guint                   colour,
                                           guint                   dash)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  interleave_timeline_renderer_set_series_style (self->renderer, trace, colour, dash);
  invalidate_content (self);
}

/**
 * interleave_timeline_view_get_header_width:
 *
 * Returns: the width of the lane names' column, 0 for the default
 */
double
interleave_timeline_view_get_header_width (InterleaveTimelineView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self), 0);

  return self->header_width;
}

/**
 * interleave_timeline_view_set_header_width:
 * @header_width: pixels at normal size (presenter mode scales it), or 0
 *   for the default
 *
 * Widens the column of architecture and lane names, for long names.
 */
void
interleave_timeline_view_set_header_width (InterleaveTimelineView *self,
                                           double                  header_width)
{
  g_return_if_fail (INTERLEAVE_IS_TIMELINE_VIEW (self));

  header_width = MAX (0, header_width);
  if (self->header_width == header_width)
    return;

  self->header_width = header_width;
  update_style (self);
  update_adjustments (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADER_WIDTH]);
}

/* Drawing -------------------------------------------------------------------- */

/* The lanes are drawn in three layers, each kept until it changes:
 *
 * - the rows (background, architecture and process rows, the lanes'
 *   bands), which do not move with time: one surface of the widget's size;
 * - the spans and grid lines, in tiles TILE_SIZE device pixels wide on a
 *   grid anchored in time, not to the view: a pan or a page turn only
 *   draws the tiles it exposes, and the tiles just ahead of a followed
 *   playhead are drawn when the main loop is idle;
 * - a selected request's journey, on top, drawn for the view.
 *
 * GPU renderers keep a texture's upload between frames. A software GL
 * uploads on the CPU, and uploading the rows after each redraw cost more
 * than drawing them while most of it is the same as before: that layer
 * is cut into tiles too, and only tiles whose pixels changed become new
 * textures. The cairo renderer would convert a texture on every frame,
 * and paints cairo nodes straight from the surfaces instead. */
#define TILE_SIZE 256
/* Lane tiles kept beyond the view on either side, in tiles. */
#define KEEP_AROUND 2
/* How far into a frame for the screen lane tiles are still drawn: tiles
 * drawn again after new data are then shown as they were, and drawn in
 * the next frame; tiles never drawn wait only in a frame that drew the
 * rows too (a scenario loaded, a resize): elsewhere a gap would flicker
 * while zooming. A snapshot taken outside a frame is drawn whole. */
#define FRAME_LANES_BUDGET_US 6000

typedef struct
{
  GdkTexture *texture;   /* NULL when runs says it all */
  GBytes     *bytes;     /* its pixels, rows of width * 4 bytes */
  GArray     *runs;      /* Run: when each row has one colour */
  int         width;
  int         height;
} Tile;

/* Rows [y0, y1) of a tile in one colour: a colour node costs a GPU
 * renderer nothing to upload (a software GL zeroes and then copies every
 * texture it is given, on the UI thread). The rows' bands and most of
 * the background are such runs. */
typedef struct
{
  int     y0;
  int     y1;
  guint32 pixel;    /* premultiplied ARGB32 */
} Run;

static void
tile_free (gpointer data)
{
  Tile *tile = data;

  g_clear_object (&tile->texture);
  g_clear_pointer (&tile->bytes, g_bytes_unref);
  g_clear_pointer (&tile->runs, g_array_unref);
  g_free (tile);
}

/* The runs of @h rows of @w pixels if every row has one colour, else
 * NULL. */
static GArray *
find_runs (const guint8 *data,
           gsize         stride,
           int           w,
           int           h)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));

  for (int r = 0; r < h; r++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (data + (gsize) r * stride);
      guint32 pixel = row[0];

      for (int x = 1; x < w; x++)
        if (row[x] != pixel)
          return NULL;

      if (runs->len > 0 && g_array_index (runs, Run, runs->len - 1).pixel == pixel)
        g_array_index (runs, Run, runs->len - 1).y1 = r + 1;
      else
        g_array_append_val (runs, ((Run) { r, r + 1, pixel }));
    }

  return g_steal_pointer (&runs);
}

static void
append_runs (GtkSnapshot  *snapshot,
             const GArray *runs,
             double        x,
             double        y,
             double        width,
             double        sy)
{
  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);
      double a = (run->pixel >> 24) / 255.0;

      if (a == 0)
        continue;
      gtk_snapshot_append_color (snapshot,
                                 &(GdkRGBA) { ((run->pixel >> 16) & 0xff) / 255.0 / a,
                                              ((run->pixel >> 8) & 0xff) / 255.0 / a,
                                              (run->pixel & 0xff) / 255.0 / a, a },
                                 &GRAPHENE_RECT_INIT (x, y + run->y0 * sy, width, (run->y1 - run->y0) * sy));
    }
}

/* A tile of the lanes: device columns [k·TILE_SIZE, (k+1)·TILE_SIZE)
 * from the grid's origin. */
typedef struct
{
  gint64           k;
  cairo_surface_t *surface;
  /* For GPU renderers, made when first shown: the tile cut into pieces
   * TILE_SIZE pixels high, NULL for a piece with nothing drawn (before
   * the data arrives, most of them). */
  GPtrArray       *pieces;
  gboolean         stale;     /* the data changed since it was drawn */
} LaneTile;

static void
lane_tile_free (gpointer data)
{
  LaneTile *tile = data;

  g_clear_pointer (&tile->pieces, g_ptr_array_unref);
  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

static void
clear_texture (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

/* The texture of the piece from row @y0, or NULL when it is empty. */
static GdkTexture *
make_piece (LaneTile *tile,
            int       y0)
{
  const guint8 *start = cairo_image_surface_get_data (tile->surface);
  int stride = cairo_image_surface_get_stride (tile->surface);
  int w = cairo_image_surface_get_width (tile->surface);
  int ph = MIN (TILE_SIZE, cairo_image_surface_get_height (tile->surface) - y0);
  gboolean empty = TRUE;
  g_autoptr(GBytes) bytes = NULL;

  start += (gsize) y0 * stride;
  for (int r = 0; r < ph && empty; r++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (start + (gsize) r * stride);

      for (int x = 0; x < w && empty; x++)
        empty = row[x] == 0;
    }

  if (empty)
    return NULL;

  /* The piece's pixels, kept alive by the texture. */
  bytes = g_bytes_new_with_free_func (start, (gsize) stride * ph,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (tile->surface));
  return gdk_memory_texture_new (w, ph, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
make_pieces (LaneTile *tile)
{
  int h = cairo_image_surface_get_height (tile->surface);

  tile->pieces = g_ptr_array_new_with_free_func (clear_texture);
  for (int y0 = 0; y0 < h; y0 += TILE_SIZE)
    g_ptr_array_add (tile->pieces, make_piece (tile, y0));
}

/* After new data, a tile drawn again keeps the textures of the pieces
 * whose pixels did not change (most of them, away from where the data
 * arrives): they are not uploaded again. */
static void
reuse_pieces (LaneTile        *tile,
              cairo_surface_t *old,
              GPtrArray       *old_pieces)
{
  const guint8 *data = cairo_image_surface_get_data (tile->surface);
  const guint8 *old_data = cairo_image_surface_get_data (old);
  int stride = cairo_image_surface_get_stride (tile->surface);
  int h = cairo_image_surface_get_height (tile->surface);

  tile->pieces = g_ptr_array_new_with_free_func (clear_texture);
  for (int y0 = 0, j = 0; y0 < h; y0 += TILE_SIZE, j++)
    {
      gsize bytes = (gsize) stride * MIN (TILE_SIZE, h - y0);

      if ((guint) j < old_pieces->len &&
          memcmp (data + (gsize) y0 * stride, old_data + (gsize) y0 * stride, bytes) == 0)
        g_ptr_array_add (tile->pieces, g_steal_pointer (&g_ptr_array_index (old_pieces, j)));
      else
        g_ptr_array_add (tile->pieces, make_piece (tile, y0));
    }
}

static gboolean
uses_textures (InterleaveTimelineView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && !GSK_IS_CAIRO_RENDERER (renderer);
}

static void
render_rows (InterleaveTimelineView *self,
             int                     width,
             int                     height,
             int                     scale_factor)
{
  cairo_t *cr;

  /* Reuse the surface (no new pages to fault in on every redraw): the
   * tiles keep copies of their pixels. */
  if (self->rows_surface == NULL ||
      cairo_image_surface_get_width (self->rows_surface) != width * scale_factor ||
      cairo_image_surface_get_height (self->rows_surface) != height * scale_factor)
    {
      g_clear_pointer (&self->rows_surface, cairo_surface_destroy);
      self->rows_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale_factor, height * scale_factor);
      cairo_surface_set_device_scale (self->rows_surface, scale_factor, scale_factor);
    }

  cr = cairo_create (self->rows_surface);
  interleave_timeline_renderer_draw_rows (self->renderer, cr);
  /* What else only changes with the rows: the lane names (their states
   * at the playhead are drawn on every frame) and the legend. */
  interleave_timeline_renderer_draw_header_names (self->renderer, cr);
  interleave_timeline_renderer_get_header_states_area (self->renderer, cr, &self->states_x, &self->states_width);
  {
    double px, py, pw, ph;

    interleave_timeline_renderer_get_plot_area (self->renderer, &px, &py, &pw, &ph);
    if (py + ph < height)
      {
        cairo_save (cr);
        cairo_rectangle (cr, 0, py + ph, width, height - py - ph);
        cairo_clip (cr);
        interleave_timeline_renderer_draw_legend (self->renderer, cr);
        cairo_restore (cr);
      }
  }
  cairo_destroy (cr);
  cairo_surface_flush (self->rows_surface);
  self->n_rows_renders++;
  {
    guint n_rows;
    const InterleaveTimelineRow *rows = interleave_timeline_renderer_get_rows (self->renderer, &n_rows);

    g_array_set_size (self->rows_drawn, 0);
    g_array_append_vals (self->rows_drawn, rows, n_rows);
  }
  self->rows_valid = TRUE;
  self->rows_check = FALSE;
  self->rows_scroll = interleave_timeline_renderer_get_scroll (self->renderer);
  self->tiles_valid = FALSE;
}

static void
update_tiles (InterleaveTimelineView *self)
{
  const guint8 *data = cairo_image_surface_get_data (self->rows_surface);
  int stride = cairo_image_surface_get_stride (self->rows_surface);
  int w = cairo_image_surface_get_width (self->rows_surface);
  int h = cairo_image_surface_get_height (self->rows_surface);
  guint tiles_x = (w + TILE_SIZE - 1) / TILE_SIZE;
  guint tiles_y = (h + TILE_SIZE - 1) / TILE_SIZE;

  if (self->tiles_x != tiles_x || self->tiles_y != tiles_y)
    {
      g_ptr_array_set_size (self->tiles, 0);
      for (guint i = 0; i < tiles_x * tiles_y; i++)
        g_ptr_array_add (self->tiles, g_new0 (Tile, 1));
      self->tiles_x = tiles_x;
      self->tiles_y = tiles_y;
    }

  for (guint j = 0; j < tiles_y; j++)
    for (guint i = 0; i < tiles_x; i++)
      {
        Tile *tile = g_ptr_array_index (self->tiles, j * tiles_x + i);
        int x0 = i * TILE_SIZE, y0 = j * TILE_SIZE;
        int tw = MIN (TILE_SIZE, w - x0), th = MIN (TILE_SIZE, h - y0);
        gsize row_bytes = (gsize) tw * 4;
        guint8 *copy;

        if (tile->bytes != NULL && tile->width == tw && tile->height == th)
          {
            const guint8 *old = g_bytes_get_data (tile->bytes, NULL);
            gboolean same = TRUE;

            for (int r = 0; r < th && same; r++)
              same = memcmp (data + (gsize) (y0 + r) * stride + (gsize) x0 * 4,
                             old + r * row_bytes, row_bytes) == 0;
            if (same)
              continue;
          }

        copy = g_malloc (row_bytes * th);
        for (int r = 0; r < th; r++)
          memcpy (copy + r * row_bytes, data + (gsize) (y0 + r) * stride + (gsize) x0 * 4, row_bytes);

        g_clear_object (&tile->texture);
        g_clear_pointer (&tile->bytes, g_bytes_unref);
        g_clear_pointer (&tile->runs, g_array_unref);
        tile->bytes = g_bytes_new_take (copy, row_bytes * th);
        tile->width = tw;
        tile->height = th;
        tile->runs = find_runs (copy, row_bytes, tw, th);
        if (tile->runs == NULL)
          tile->texture = gdk_memory_texture_new (tw, th, GDK_MEMORY_DEFAULT, tile->bytes, row_bytes);
      }

  self->tiles_valid = TRUE;
}

static void
append_rows (InterleaveTimelineView *self,
             GtkSnapshot            *snapshot,
             int                     width,
             int                     height)
{
  double sx, sy;

  if (!uses_textures (self))
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      cairo_set_source_surface (cr, self->rows_surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      return;
    }

  if (!self->tiles_valid)
    update_tiles (self);

  /* Device pixels to widget coordinates, so tiles meet exactly. */
  sx = (double) width / cairo_image_surface_get_width (self->rows_surface);
  sy = (double) height / cairo_image_surface_get_height (self->rows_surface);
  for (guint j = 0; j < self->tiles_y; j++)
    for (guint i = 0; i < self->tiles_x; i++)
      {
        Tile *tile = g_ptr_array_index (self->tiles, j * self->tiles_x + i);
        int x0 = i * TILE_SIZE, y0 = j * TILE_SIZE;

        if (tile->texture == NULL)
          append_runs (snapshot, tile->runs, x0 * sx, y0 * sy, tile->width * sx, sy);
        else
          gtk_snapshot_append_texture (snapshot, tile->texture,
                                       &GRAPHENE_RECT_INIT (x0 * sx, y0 * sy, tile->width * sx, tile->height * sy));
      }
}

/* The lane tiles' grid for the current view: whether the tiles drawn so
 * far still hold (same zoom, scroll, size and data, and a start a whole
 * number of device pixels from the grid's origin), and which device
 * column of the grid is at the plot's left edge. */
static void
lane_grid_update (InterleaveTimelineView *self,
                  int                     height,
                  int                     scale_factor)
{
  double ns_per_column = self->scale.ns_per_px / scale_factor;
  double pw = plot_width (self);
  double scroll = interleave_timeline_renderer_get_scroll (self->renderer);
  double offset = (self->scale.start - self->lanes_origin) / ns_per_column;

  if (ns_per_column != self->lanes_ns_per_column ||
      pw != self->lanes_plot_width ||
      scroll != self->lanes_scroll ||
      height * scale_factor != self->lanes_height ||
      fabs (offset - round (offset)) > 1e-3)
    {
      g_ptr_array_set_size (self->lane_tiles, 0);
      self->lanes_key_generation = self->lanes_generation;
      self->lanes_ns_per_column = ns_per_column;
      self->lanes_plot_width = pw;
      self->lanes_scroll = scroll;
      self->lanes_height = height * scale_factor;
      self->lanes_origin = self->scale.start;
      offset = 0;
    }
  else if (self->lanes_generation != self->lanes_key_generation)
    {
      /* New data: each tile is drawn again when next needed. */
      for (guint i = 0; i < self->lane_tiles->len; i++)
        ((LaneTile *) g_ptr_array_index (self->lane_tiles, i))->stale = TRUE;
      self->lanes_key_generation = self->lanes_generation;
    }

  self->lanes_offset = (gint64) round (offset);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static LaneTile *
find_lane_tile (InterleaveTimelineView *self,
                gint64                  k)
{
  for (guint i = 0; i < self->lane_tiles->len; i++)
    {
      LaneTile *tile = g_ptr_array_index (self->lane_tiles, i);

      if (tile->k == k)
        return tile;
    }

  return NULL;
}

static LaneTile *
render_lane_tile (InterleaveTimelineView *self,
                  gint64                  k,
                  int                     scale_factor)
{
  LaneTile *tile = find_lane_tile (self, k);
  cairo_surface_t *old = NULL;
  g_autoptr(GPtrArray) old_pieces = NULL;
  cairo_t *cr;

  if (tile != NULL)
    {
      old = g_steal_pointer (&tile->surface);
      old_pieces = g_steal_pointer (&tile->pieces);
      tile->stale = FALSE;
    }
  else
    {
      tile = g_new0 (LaneTile, 1);
      tile->k = k;
      g_ptr_array_add (self->lane_tiles, tile);
    }

  tile->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_SIZE, self->lanes_height);
  cairo_surface_set_device_scale (tile->surface, scale_factor, scale_factor);
  cr = cairo_create (tile->surface);
  interleave_timeline_renderer_draw_lanes (self->renderer, cr,
                                           self->lanes_origin + (double) k * TILE_SIZE * self->lanes_ns_per_column,
                                           (double) TILE_SIZE / scale_factor);
  cairo_destroy (cr);
  cairo_surface_flush (tile->surface);
  if (old != NULL && old_pieces != NULL)
    reuse_pieces (tile, old, old_pieces);
  g_clear_pointer (&old, cairo_surface_destroy);
  self->n_tile_renders++;

  return tile;
}

/* The tiles under the plot: first and last. */
static void
visible_lane_tiles (InterleaveTimelineView *self,
                    int                     scale_factor,
                    gint64                 *first,
                    gint64                 *last)
{
  gint64 columns = (gint64) ceil (plot_width (self) * scale_factor);

  *first = floor_div (self->lanes_offset, TILE_SIZE);
  *last = floor_div (self->lanes_offset + MAX (columns, 1) - 1, TILE_SIZE);
}

/* Forgets tiles far from [first, last]. */
static void
trim_lane_tiles (InterleaveTimelineView *self,
                 gint64                  first,
                 gint64                  last)
{
  for (guint i = self->lane_tiles->len; i > 0; i--)
    {
      LaneTile *tile = g_ptr_array_index (self->lane_tiles, i - 1);

      if (tile->k < first - KEEP_AROUND || tile->k > last + KEEP_AROUND)
        g_ptr_array_remove_index_fast (self->lane_tiles, i - 1);
    }
}

/* Whether a frame for the screen has used its time for lane tiles: at
 * least one is drawn per frame, so the lanes always catch up. */
static gboolean
lanes_budget_spent (InterleaveTimelineView *self,
                    gboolean                drew_one)
{
  return drew_one && self->drawing_for_screen &&
         g_get_monotonic_time () - self->frame_start > FRAME_LANES_BUDGET_US;
}

static gboolean
append_lanes (InterleaveTimelineView *self,
              GtkSnapshot            *snapshot,
              int                     height,
              int                     scale_factor,
              gboolean                rows_drawn)
{
  double px, py, pw, ph;
  gint64 first, last;
  gboolean textures = uses_textures (self);
  gboolean rendered = FALSE;

  interleave_timeline_renderer_get_plot_area (self->renderer, &px, &py, &pw, &ph);
  lane_grid_update (self, height, scale_factor);
  visible_lane_tiles (self, scale_factor, &first, &last);
  trim_lane_tiles (self, first, last + (self->follow_playhead ? (last - first + 1) : 0));

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (px, 0, pw, height));
  for (gint64 k = first; k <= last; k++)
    {
      LaneTile *tile = find_lane_tile (self, k);
      double x = px + (double) (k * TILE_SIZE - self->lanes_offset) / scale_factor;
      double w = (double) TILE_SIZE / scale_factor;
      double h = (double) self->lanes_height / scale_factor;

      if ((tile != NULL ? tile->stale : rows_drawn) && lanes_budget_spent (self, rendered))
        {
          self->n_deferred_tiles++;
          if (tile == NULL)
            continue;
        }
      else if (tile == NULL || tile->stale)
        {
          tile = render_lane_tile (self, k, scale_factor);
          rendered = TRUE;
        }

      if (textures)
        {
          if (tile->pieces == NULL)
            make_pieces (tile);
          for (guint j = 0; j < tile->pieces->len; j++)
            {
              GdkTexture *piece = g_ptr_array_index (tile->pieces, j);

              if (piece != NULL)
                gtk_snapshot_append_texture (snapshot, piece,
                                             &GRAPHENE_RECT_INIT (x, (double) j * TILE_SIZE / scale_factor, w,
                                                                  (double) gdk_texture_get_height (piece) / scale_factor));
            }
        }
      else
        {
          cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x, 0, w, h));

          cairo_set_source_surface (cr, tile->surface, x, 0);
          cairo_paint (cr);
          cairo_destroy (cr);
        }
    }
  gtk_snapshot_pop (snapshot);

  return rendered;
}

/* Following the playhead, the next page's tiles are drawn ahead, one per
 * idle moment, so that turning the page finds most of them ready. */
static gboolean
prefetch_cb (gpointer data)
{
  InterleaveTimelineView *self = data;
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  gint64 first, last;

  self->prefetch_source = 0;
  if (!self->follow_playhead || self->lanes_height <= 0 ||
      self->lanes_key_generation != self->lanes_generation)
    return G_SOURCE_REMOVE;

  visible_lane_tiles (self, scale_factor, &first, &last);
  for (gint64 k = last + 1; k <= last + (last - first + 1); k++)
    if (find_lane_tile (self, k) == NULL || find_lane_tile (self, k)->stale)
      {
        render_lane_tile (self, k, scale_factor);
        self->prefetch_source = g_idle_add_full (G_PRIORITY_LOW, prefetch_cb, self, NULL);
        break;
      }

  return G_SOURCE_REMOVE;
}

static void
schedule_prefetch (InterleaveTimelineView *self)
{
  /* Not while data streams in: it would be drawn again soon. */
  if (self->follow_playhead && self->prefetch_source == 0 &&
      self->data_source == 0 && g_get_monotonic_time () - self->last_data_redraw > 2 * DATA_REDRAW_MS * 1000)
    self->prefetch_source = g_idle_add_full (G_PRIORITY_LOW, prefetch_cb, self, NULL);
}

/* A cached layer: the cairo renderer paints the surface, GPU renderers
 * get a texture of it (made once, kept while the layer is). */
static void
append_layer (InterleaveTimelineView *self,
              GtkSnapshot            *snapshot,
              cairo_surface_t        *surface,
              GdkTexture            **texture,
              double                  width,
              double                  height)
{
  if (uses_textures (self))
    {
      if (*texture == NULL)
        {
          int h = cairo_image_surface_get_height (surface);
          int stride = cairo_image_surface_get_stride (surface);
          g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                                                (gsize) stride * h,
                                                                (GDestroyNotify) cairo_surface_destroy,
                                                                cairo_surface_reference (surface));

          *texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), h,
                                             GDK_MEMORY_DEFAULT, bytes, stride);
        }
      gtk_snapshot_append_texture (snapshot, *texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
    }
  else
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
}

/* The time axis, drawn again when the visible range changes. */
static void
append_axis (InterleaveTimelineView *self,
             GtkSnapshot            *snapshot,
             int                     width,
             double                  py,
             int                     scale_factor)
{
  int h = (int) ceil (py);

  if (h <= 0)
    return;

  if (!self->axis_valid || self->axis_surface == NULL ||
      cairo_image_surface_get_width (self->axis_surface) != width * scale_factor ||
      cairo_image_surface_get_height (self->axis_surface) != h * scale_factor)
    {
      cairo_t *cr;

      g_clear_object (&self->axis_texture);
      g_clear_pointer (&self->axis_surface, cairo_surface_destroy);
      self->axis_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale_factor, h * scale_factor);
      cairo_surface_set_device_scale (self->axis_surface, scale_factor, scale_factor);
      cr = cairo_create (self->axis_surface);
      cairo_rectangle (cr, 0, 0, width, py);
      cairo_clip (cr);
      interleave_timeline_renderer_draw_axis (self->renderer, cr);
      cairo_destroy (cr);
      cairo_surface_flush (self->axis_surface);
      self->axis_valid = TRUE;
    }

  append_layer (self, snapshot, self->axis_surface, &self->axis_texture, width, h);
}

/* A selected request's journey, over the lanes. */
static void
append_journey (InterleaveTimelineView *self,
                GtkSnapshot            *snapshot,
                int                     width,
                int                     height,
                int                     scale_factor)
{
  if (interleave_timeline_renderer_get_journey (self->renderer) == NULL)
    {
      g_clear_pointer (&self->journey_surface, cairo_surface_destroy);
      g_clear_object (&self->journey_texture);
      return;
    }

  if (!self->journey_valid || self->journey_surface == NULL ||
      cairo_image_surface_get_width (self->journey_surface) != width * scale_factor ||
      cairo_image_surface_get_height (self->journey_surface) != height * scale_factor)
    {
      cairo_t *cr;

      g_clear_pointer (&self->journey_surface, cairo_surface_destroy);
      g_clear_object (&self->journey_texture);
      self->journey_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale_factor, height * scale_factor);
      cairo_surface_set_device_scale (self->journey_surface, scale_factor, scale_factor);
      cr = cairo_create (self->journey_surface);
      interleave_timeline_renderer_draw_journey (self->renderer, cr);
      cairo_destroy (cr);
      cairo_surface_flush (self->journey_surface);
      self->journey_valid = TRUE;
    }

  append_layer (self, snapshot, self->journey_surface, &self->journey_texture, width, height);
}

/* Whether this snapshot is for a frame of the window on screen: the
 * window's surface is then emitting "render". (A frame clock can pause
 * between a frame's start and its drawing, so "before-paint" alone does
 * not tell; GTK 4.8's widget paintable reuses the last frame's picture
 * and takes no snapshot of its own.) */
static gboolean
is_drawing_for_screen (InterleaveTimelineView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  GSignalInvocationHint *hint = surface != NULL ? g_signal_get_invocation_hint (surface) : NULL;

  return hint != NULL && hint->signal_id == g_signal_lookup ("render", GDK_TYPE_SURFACE);
}

/* The first frame after a scenario's traces arrive also lays out and
 * uploads every other widget that changed with them; drawing the rows
 * and the lanes too took it past 16 ms on a software GL. The view is
 * blank in that frame and drawn in the next. A snapshot taken outside a
 * frame is drawn at once. */
static gboolean
defer_rows (InterleaveTimelineView *self)
{
  self->rows_deferred = self->rows_wait && self->drawing_for_screen;
  self->rows_wait = FALSE;
  return self->rows_deferred;
}

static void
interleave_timeline_view_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (widget);
  const InterleaveRenderStyle *style = interleave_timeline_renderer_get_style (self->renderer);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale_factor = gtk_widget_get_scale_factor (widget);
  gboolean rendered = FALSE;
  double px, py, pw, ph;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  interleave_timeline_renderer_get_plot_area (self->renderer, &px, &py, &pw, &ph);
  self->rows_deferred = FALSE;
  self->n_deferred_tiles = 0;
  self->drawing_for_screen = is_drawing_for_screen (self);

  if (self->rows_valid && self->rows_check)
    {
      guint n_rows;
      const InterleaveTimelineRow *rows = interleave_timeline_renderer_get_rows (self->renderer, &n_rows);

      self->rows_check = FALSE;
      if (n_rows != self->rows_drawn->len ||
          (n_rows > 0 && memcmp (rows, self->rows_drawn->data, n_rows * sizeof *rows) != 0))
        self->rows_valid = FALSE;
    }
  if (!self->rows_valid ||
      self->rows_scroll != interleave_timeline_renderer_get_scroll (self->renderer) ||
      cairo_image_surface_get_width (self->rows_surface) != width * scale_factor ||
      cairo_image_surface_get_height (self->rows_surface) != height * scale_factor)
    {
      if (defer_rows (self))
        {
          const InterleaveColor *bg = &style->palette->background;

          gtk_snapshot_append_color (snapshot, &(GdkRGBA) { bg->red, bg->green, bg->blue, 1.0 },
                                     &GRAPHENE_RECT_INIT (0, 0, width, height));
          return;
        }
      render_rows (self, width, height, scale_factor);
      rendered = TRUE;
    }
  append_rows (self, snapshot, width, height);
  if (append_lanes (self, snapshot, height, scale_factor, rendered))
    rendered = TRUE;
  if (rendered)
    self->n_renders++;
  append_journey (self, snapshot, width, height, scale_factor);
  schedule_prefetch (self);

  /* The future, veiled: what has not happened yet at the playhead. Only
   * the lanes: the architecture rows keep their summary readable. */
  if (self->playhead >= 0)
    {
      double x = MAX (px, interleave_timeline_view_time_to_x (self, self->playhead));
      const InterleaveColor *bg = &style->palette->background;
      GdkRGBA veil = { bg->red, bg->green, bg->blue, 0.7 };

      if (x < width)
        {
          const InterleaveTimelineRow *rows;
          guint n_rows;

          rows = interleave_timeline_renderer_get_rows (self->renderer, &n_rows);
          gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (px, py, pw, ph));
          for (guint i = 0; i < n_rows; i++)
            {
              double ly, lh;

              if (rows[i].kind != INTERLEAVE_ROW_LANE ||
                  !interleave_timeline_renderer_get_lane_area (self->renderer, rows[i].trace, rows[i].lane, &ly, &lh) ||
                  ly + lh < py || ly > py + ph)
                continue;
              gtk_snapshot_append_color (snapshot, &veil, &GRAPHENE_RECT_INIT (x, ly, width - x, lh));
            }
          gtk_snapshot_pop (snapshot);
        }
    }

  /* The hovered span's outline. */
  if (self->hover.kind == INTERLEAVE_ROW_LANE && self->hover.span >= 0)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (px, py, pw, ph));
      interleave_timeline_renderer_draw_hover (self->renderer, cr);
      cairo_destroy (cr);
    }

  /* Each lane's state at the playhead (the names are with the rows),
   * the axis, the playhead's time on it. Only what changes from frame
   * to frame is drawn on every frame, in as small an area as it needs:
   * a GPU renderer uploads every cairo node's pixels again. */
  if (self->states_width > 0)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (self->states_x, py, self->states_width, ph));
      interleave_timeline_renderer_draw_header_states (self->renderer, cr);
      cairo_destroy (cr);
    }

  append_axis (self, snapshot, width, py, scale_factor);

  if (self->playhead >= 0)
    {
      double x = interleave_timeline_view_time_to_x (self, self->playhead);
      double reach = 150 * style->scale;
      double left = CLAMP (x - reach, 0, width), right = CLAMP (x + reach, 0, width);

      if (right > left)
        {
          cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (left, 0, right - left, py));
          interleave_timeline_renderer_draw_playhead (self->renderer, cr);
          cairo_destroy (cr);
        }
    }

  /* The playhead line. */
  if (self->playhead >= 0)
    {
      double x = interleave_timeline_view_time_to_x (self, self->playhead);
      const InterleaveColor *c = &style->palette->playhead;

      if (x >= px && x <= width)
        gtk_snapshot_append_color (snapshot,
                                   &(GdkRGBA) { c->red, c->green, c->blue, 1 },
                                   &GRAPHENE_RECT_INIT (x - style->line_width, py, 2 * style->line_width, ph));
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      const InterleaveColor *c = &style->palette->highlight;
      GskRoundedRect outline;

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (px, py, pw, ph), 0);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) {
                                    { c->red, c->green, c->blue, 0.5 }, { c->red, c->green, c->blue, 0.5 },
                                    { c->red, c->green, c->blue, 0.5 }, { c->red, c->green, c->blue, 0.5 } });
    }

  gtk_widget_snapshot_child (widget, self->popover, snapshot);
}

static void
interleave_timeline_view_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (widget);
  double old_width = plot_width (self);

  interleave_timeline_renderer_set_size (self->renderer, width, height);

  /* Keep the same time range across a resize; start on the first 250 ms
   * (a few dozen requests) until someone zooms. */
  if (!self->scale_set)
    interleave_time_scale_init (&self->scale, 0, 250000000, plot_width (self));
  else if (old_width > 1 && plot_width (self) > 1)
    self->scale.ns_per_px *= old_width / plot_width (self);
  interleave_timeline_renderer_set_time_scale (self->renderer, &self->scale);

  update_adjustments (self);
  invalidate_content (self);

  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
interleave_timeline_view_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (widget);
  const InterleaveRenderStyle *style = interleave_timeline_renderer_get_style (self->renderer);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (style->header_width + 200);
      *natural = (int) (style->header_width + 800);
    }
  else
    {
      *minimum = (int) (style->axis_height + style->legend_height + style->arch_header_height + style->lane_height * 2);
      *natural = (int) (style->axis_height + style->legend_height +
                        MAX (interleave_timeline_renderer_get_content_height (self->renderer), 200));
    }
}

static void
interleave_timeline_view_css_changed (GtkWidget         *widget,
                                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (interleave_timeline_view_parent_class)->css_changed (widget, change);
  update_style (INTERLEAVE_TIMELINE_VIEW (widget));
}

static void
frame_before_paint_cb (GdkFrameClock          *clock,
                       InterleaveTimelineView *self)
{
  self->frame_start = g_get_monotonic_time ();
}

/* Runs when a frame has been drawn (possibly later than its paint
 * phase, when the clock waits for the window manager in between). */
static void
frame_after_paint_cb (GdkFrameClock          *clock,
                      InterleaveTimelineView *self)
{
  /* What the frame left for the next (a draw queued while drawing would
   * be forgotten when the drawing ends). */
  if (self->rows_deferred || self->n_deferred_tiles > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
interleave_timeline_view_realize (GtkWidget *widget)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (widget);

  GTK_WIDGET_CLASS (interleave_timeline_view_parent_class)->realize (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  g_signal_connect (self->frame_clock, "before-paint", G_CALLBACK (frame_before_paint_cb), self);
  g_signal_connect (self->frame_clock, "after-paint", G_CALLBACK (frame_after_paint_cb), self);
}

static void
interleave_timeline_view_unrealize (GtkWidget *widget)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (widget);

  if (self->frame_clock != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_clock, self);
  g_clear_object (&self->frame_clock);

  GTK_WIDGET_CLASS (interleave_timeline_view_parent_class)->unrealize (widget);
}

static void
interleave_timeline_view_dispose (GObject *object)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_handle_id (&self->data_source, g_source_remove);
  g_clear_handle_id (&self->summary_source, g_source_remove);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_handle_id (&self->prefetch_source, g_source_remove);
  g_clear_pointer (&self->rows_surface, cairo_surface_destroy);
  g_clear_pointer (&self->rows_drawn, g_array_unref);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->lane_tiles, g_ptr_array_unref);
  g_clear_object (&self->journey_texture);
  g_clear_pointer (&self->journey_surface, cairo_surface_destroy);
  g_clear_object (&self->axis_texture);
  g_clear_pointer (&self->axis_surface, cairo_surface_destroy);

  G_OBJECT_CLASS (interleave_timeline_view_parent_class)->dispose (object);
}

static void
interleave_timeline_view_finalize (GObject *object)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (object);

  g_clear_pointer (&self->renderer, interleave_timeline_renderer_free);
  g_clear_pointer (&self->traces, g_ptr_array_unref);
  g_clear_pointer (&self->hover_text, g_free);

  G_OBJECT_CLASS (interleave_timeline_view_parent_class)->finalize (object);
}

static void
interleave_timeline_view_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAYHEAD:
      g_value_set_int64 (value, self->playhead);
      break;
    case PROP_SELECTED_TRACE:
      g_value_set_uint (value, self->selected_trace);
      break;
    case PROP_SELECTED_REQUEST:
      g_value_set_uint (value, self->selected_request);
      break;
    case PROP_PRESENTER:
      g_value_set_boolean (value, self->presenter);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_FOLLOW_PLAYHEAD:
      g_value_set_boolean (value, self->follow_playhead);
      break;
    case PROP_FIT_LANES:
      g_value_set_boolean (value, self->fit_lanes);
      break;
    case PROP_SHOW_CORES:
      g_value_set_boolean (value, self->show_cores);
      break;
    case PROP_HEADER_WIDTH:
      g_value_set_double (value, self->header_width);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_timeline_view_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  InterleaveTimelineView *self = INTERLEAVE_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAYHEAD:
      interleave_timeline_view_set_playhead (self, g_value_get_int64 (value));
      break;
    case PROP_SELECTED_TRACE:
      interleave_timeline_view_select_request (self, g_value_get_uint (value), self->selected_request);
      break;
    case PROP_SELECTED_REQUEST:
      interleave_timeline_view_select_request (self, self->selected_trace, g_value_get_uint (value));
      break;
    case PROP_PRESENTER:
      interleave_timeline_view_set_presenter (self, g_value_get_boolean (value));
      break;
    case PROP_HIGH_CONTRAST:
      interleave_timeline_view_set_high_contrast (self, g_value_get_boolean (value));
      break;
    case PROP_FOLLOW_PLAYHEAD:
      interleave_timeline_view_set_follow_playhead (self, g_value_get_boolean (value));
      break;
    case PROP_FIT_LANES:
      interleave_timeline_view_set_fit_lanes (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_CORES:
      interleave_timeline_view_set_show_cores (self, g_value_get_boolean (value));
      break;
    case PROP_HEADER_WIDTH:
      interleave_timeline_view_set_header_width (self, g_value_get_double (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value), G_CALLBACK (hadjustment_changed));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value), G_CALLBACK (vadjustment_changed));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_timeline_view_class_init (InterleaveTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_timeline_view_dispose;
  object_class->finalize = interleave_timeline_view_finalize;
  object_class->get_property = interleave_timeline_view_get_property;
  object_class->set_property = interleave_timeline_view_set_property;

  widget_class->snapshot = interleave_timeline_view_snapshot;
  widget_class->realize = interleave_timeline_view_realize;
  widget_class->unrealize = interleave_timeline_view_unrealize;
  widget_class->size_allocate = interleave_timeline_view_size_allocate;
  widget_class->measure = interleave_timeline_view_measure;
  widget_class->css_changed = interleave_timeline_view_css_changed;

  properties[PROP_PLAYHEAD] =
    g_param_spec_int64 ("playhead", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_TRACE] =
    g_param_spec_uint ("selected-trace", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_REQUEST] =
    g_param_spec_uint ("selected-request", NULL, NULL, 0, G_MAXUINT32, INTERLEAVE_NO_REQUEST,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTER] =
    g_param_spec_boolean ("presenter", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_PLAYHEAD] =
    g_param_spec_boolean ("follow-playhead", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT_LANES] =
    g_param_spec_boolean ("fit-lanes", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_CORES] =
    g_param_spec_boolean ("show-cores", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEADER_WIDTH] =
    g_param_spec_double ("header-width", NULL, NULL, 0, 2000, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * InterleaveTimelineView::visible-range-changed:
   *
   * The time range in view changed (zoom, pan, follow, resize).
   */
  signals[VISIBLE_RANGE_CHANGED] =
    g_signal_new ("visible-range-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.clear-selection", NULL, clear_selection_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "timeline.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "timeline.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "timeline.clear-selection", NULL);

  gtk_widget_class_set_css_name (widget_class, "timelineview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
interleave_timeline_view_init (InterleaveTimelineView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->renderer = interleave_timeline_renderer_new ();
  self->traces = g_ptr_array_new ();
  self->tiles = g_ptr_array_new_with_free_func (tile_free);
  self->lane_tiles = g_ptr_array_new_with_free_func (lane_tile_free);
  self->rows_drawn = g_array_new (FALSE, FALSE, sizeof (InterleaveTimelineRow));
  self->playhead = -1;
  self->selected_request = INTERLEAVE_NO_REQUEST;
  self->hover.kind = INTERLEAVE_ROW_NONE;
  self->hover.span = -1;
  interleave_time_scale_init (&self->scale, 0, 250000000, 600);
  interleave_timeline_renderer_set_hide_empty_lanes (self->renderer, TRUE);
  self->show_cores = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.clear-selection", FALSE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline of every thread"),
                                  -1);

  self->popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), TRUE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_TOP);
  gtk_widget_set_can_target (self->popover, FALSE);
  gtk_widget_set_can_focus (self->popover, FALSE);
  gtk_widget_add_css_class (self->popover, "timeline-hover");
  self->popover_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->popover_label), 0);
  gtk_popover_set_child (GTK_POPOVER (self->popover), self->popover_label);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_manager_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_manager_changed), self, G_CONNECT_SWAPPED);

  update_style (self);
}
