/* interleave-chart-view.c
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
#include <math.h>
#include <glib/gi18n.h>

#include "interleave-chart-view.h"

/* Series styles carried over when the kind changes. */
#define INTERLEAVE_CHART_VIEW_MAX_STYLED 16

/* A chart of the traces drawn by the shared chart renderer: a metric over
 * time, or the latency distribution. A click on the distribution picks
 * the request at that latency (a p99 outlier → its journey); a click on a
 * metric chart picks a time. */

struct _InterleaveChartView
{
  GtkWidget                parent_instance;

  InterleaveChartRenderer *renderer;
  char                    *title;
  char                    *x_title;
  InterleaveMetric         y_metric;
  gint64                   playhead;
  gint64                   drawn_playhead;  /* at the last snapshot */
  gint64                   range_start;
  gint64                   range_end;
  guint                    data_source;
  guint                    playhead_source;
  gint64                   last_playhead_redraw;
  guint                    n_draws;
  guint                    presenter : 1;
  guint                    high_contrast : 1;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_METRIC,
  PROP_PLAYHEAD,
  PROP_PRESENTER,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

enum {
  REQUEST_PICKED,
  TIME_PICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InterleaveChartView, interleave_chart_view, GTK_TYPE_WIDGET)

GtkWidget *
interleave_chart_view_new (InterleaveChartKind kind)
{
  return g_object_new (INTERLEAVE_TYPE_CHART_VIEW, "kind", kind, NULL);
}

static void
update_style (InterleaveChartView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  InterleavePaletteKind palette = INTERLEAVE_PALETTE_LIGHT;
  InterleaveRenderStyle style;

  if (self->high_contrast || adw_style_manager_get_high_contrast (manager))
    palette = INTERLEAVE_PALETTE_HIGH_CONTRAST;
  else if (adw_style_manager_get_dark (manager))
    palette = INTERLEAVE_PALETTE_DARK;

  interleave_render_style_init (&style, palette, self->presenter ? 1.5 : 1.0);
  if (font != NULL && pango_font_description_get_family (font) != NULL)
    {
      g_autofree char *family = g_strdup_printf ("%s,DejaVu Sans,sans-serif",
                                                 pango_font_description_get_family (font));
      interleave_render_style_set_font (&style, family);
    }
  interleave_chart_renderer_set_style (self->renderer, &style);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

InterleaveChartKind
interleave_chart_view_get_kind (InterleaveChartView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CHART_VIEW (self), 0);

  return interleave_chart_renderer_get_kind (self->renderer);
}

void
interleave_chart_view_set_kind (InterleaveChartView *self,
                                InterleaveChartKind  kind)
{
  InterleaveChartRenderer *renderer;

  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  if (kind == interleave_chart_renderer_get_kind (self->renderer))
    return;

  /* The kind is fixed per renderer: swap it, keeping its settings. */
  renderer = interleave_chart_renderer_new (kind);
  interleave_chart_renderer_set_metric (renderer, interleave_chart_renderer_get_metric (self->renderer));
  interleave_chart_renderer_set_playhead (renderer, self->playhead);
  interleave_chart_renderer_set_title (renderer, self->title);
  interleave_chart_renderer_set_xy_axes (renderer, self->x_title, self->y_metric);
  for (guint i = 0; i < INTERLEAVE_CHART_VIEW_MAX_STYLED; i++)
    {
      guint colour, dash;

      interleave_chart_renderer_get_series_style (self->renderer, i, &colour, &dash);
      interleave_chart_renderer_set_series_style (renderer, i, colour, dash);
    }
  interleave_chart_renderer_free (self->renderer);
  self->renderer = renderer;
  update_style (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

InterleaveMetric
interleave_chart_view_get_metric (InterleaveChartView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CHART_VIEW (self), 0);

  return interleave_chart_renderer_get_metric (self->renderer);
}

void
interleave_chart_view_set_metric (InterleaveChartView *self,
                                  InterleaveMetric     metric)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));
  g_return_if_fail (metric < INTERLEAVE_N_METRICS);

  if (metric == interleave_chart_renderer_get_metric (self->renderer))
    return;

  interleave_chart_renderer_set_metric (self->renderer, metric);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
}

/**
 * interleave_chart_view_set_traces:
 * @traces: (array length=n_traces): borrowed
 */
void
interleave_chart_view_set_traces (InterleaveChartView           *self,
                                  const InterleaveTrace * const *traces,
                                  guint                          n_traces)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  interleave_chart_renderer_set_traces (self->renderer, traces, n_traces);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
data_redraw_cb (gpointer data)
{
  InterleaveChartView *self = data;

  self->data_source = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

/**
 * interleave_chart_view_traces_changed:
 *
 * The traces grew: redraw soon (at most every few hundred milliseconds,
 * however fast data streams in).
 */
void
interleave_chart_view_traces_changed (InterleaveChartView *self)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  if (self->data_source == 0)
    self->data_source = g_timeout_add (250, data_redraw_cb, self);
}

/* A chart redrawn on every frame of playback cost the UI thread a few
 * milliseconds each (a GPU renderer uploads its pixels again), mostly
 * for nothing: a metric over time is redrawn when the playhead reaches
 * another pixel column, a distribution at most every PLAYHEAD_REDRAW_MS. */
#define PLAYHEAD_REDRAW_MS 100

static gboolean
playhead_redraw_cb (gpointer data)
{
  InterleaveChartView *self = data;

  self->playhead_source = 0;
  self->last_playhead_redraw = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static void
queue_playhead_redraw (InterleaveChartView *self)
{
  gint64 since;

  if (interleave_chart_renderer_get_kind (self->renderer) == INTERLEAVE_CHART_METRIC)
    {
      double pw = 0;

      interleave_chart_renderer_get_plot_area (self->renderer, NULL, NULL, &pw, NULL);
      if (pw >= 1 && self->range_end > self->range_start &&
          self->playhead >= 0 && self->drawn_playhead >= 0)
        {
          double span = (double) (self->range_end - self->range_start);
          double a = floor ((self->drawn_playhead - self->range_start) / span * pw);
          double b = floor ((self->playhead - self->range_start) / span * pw);

          if (a == b)
            return;
        }

      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (self->playhead_source != 0)
    return;

  since = (g_get_monotonic_time () - self->last_playhead_redraw) / 1000;
  if (since >= PLAYHEAD_REDRAW_MS)
    playhead_redraw_cb (self);
  else
    self->playhead_source = g_timeout_add (PLAYHEAD_REDRAW_MS - since, playhead_redraw_cb, self);
}

/**
 * interleave_chart_view_get_n_draws:
 *
 * For tests: how many times the chart has been drawn.
 */
guint
interleave_chart_view_get_n_draws (InterleaveChartView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CHART_VIEW (self), 0);

  return self->n_draws;
}

gint64
interleave_chart_view_get_playhead (InterleaveChartView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CHART_VIEW (self), -1);

  return self->playhead;
}

void
interleave_chart_view_set_playhead (InterleaveChartView *self,
                                    gint64               playhead)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  if (self->playhead == playhead)
    return;

  self->playhead = playhead;
  interleave_chart_renderer_set_playhead (self->renderer, playhead);
  queue_playhead_redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYHEAD]);
}

void
interleave_chart_view_set_time_range (InterleaveChartView *self,
                                      gint64               start,
                                      gint64               end)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  interleave_chart_renderer_set_time_range (self->renderer, start, end);
  self->range_start = start;
  self->range_end = end;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
interleave_chart_view_get_presenter (InterleaveChartView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CHART_VIEW (self), FALSE);

  return self->presenter;
}

void
interleave_chart_view_set_presenter (InterleaveChartView *self,
                                     gboolean             presenter)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  presenter = !!presenter;
  if (self->presenter == presenter)
    return;

  self->presenter = presenter;
  update_style (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTER]);
}

gboolean
interleave_chart_view_get_high_contrast (InterleaveChartView *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CHART_VIEW (self), FALSE);

  return self->high_contrast;
}

void
interleave_chart_view_set_high_contrast (InterleaveChartView *self,
                                         gboolean             high_contrast)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;

  self->high_contrast = high_contrast;
  update_style (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

/**
 * interleave_chart_view_set_series_style:
 *
 * See interleave_chart_renderer_set_series_style().
 */
void
interleave_chart_view_set_series_style (InterleaveChartView *self,
                                        guint                series,
                                        guint                colour,
                                        guint                dash)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  interleave_chart_renderer_set_series_style (self->renderer, series, colour, dash);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * interleave_chart_view_set_title:
 * @title: (nullable): the chart's title instead of its metric's
 */
void
interleave_chart_view_set_title (InterleaveChartView *self,
                                 const char          *title)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  g_free (self->title);
  self->title = g_strdup (title);
  interleave_chart_renderer_set_title (self->renderer, title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * interleave_chart_view_set_xy_axes:
 *
 * See interleave_chart_renderer_set_xy_axes().
 */
void
interleave_chart_view_set_xy_axes (InterleaveChartView *self,
                                   const char          *x_title,
                                   InterleaveMetric     y_metric)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  g_free (self->x_title);
  self->x_title = g_strdup (x_title);
  self->y_metric = y_metric;
  interleave_chart_renderer_set_xy_axes (self->renderer, x_title, y_metric);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * interleave_chart_view_set_xy_series:
 * @x: (array length=n_points): copied
 * @y: (array length=n_points): copied
 *
 * See interleave_chart_renderer_set_xy_series().
 */
void
interleave_chart_view_set_xy_series (InterleaveChartView *self,
                                     guint                series,
                                     const double        *x,
                                     const double        *y,
                                     guint                n_points)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  interleave_chart_renderer_set_xy_series (self->renderer, series, x, y, n_points);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
interleave_chart_view_clear_xy (InterleaveChartView *self)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  interleave_chart_renderer_clear_xy (self->renderer);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * interleave_chart_view_click_at:
 *
 * A click: on a latency distribution, emits ::request-picked for the
 * request nearest the point; on a metric chart, ::time-picked.
 */
void
interleave_chart_view_click_at (InterleaveChartView *self,
                                double               x,
                                double               y)
{
  g_return_if_fail (INTERLEAVE_IS_CHART_VIEW (self));

  if (interleave_chart_renderer_get_kind (self->renderer) == INTERLEAVE_CHART_LATENCY_CDF)
    {
      guint trace;
      guint32 request;

      if (interleave_chart_renderer_pick_request (self->renderer, x, y, &trace, &request))
        g_signal_emit (self, signals[REQUEST_PICKED], 0, trace, request);
    }
  else
    {
      gint64 time;

      if (interleave_chart_renderer_time_at (self->renderer, x, &time))
        g_signal_emit (self, signals[TIME_PICKED], 0, time);
    }
}

static void
pressed_cb (InterleaveChartView *self,
            int                  n_press,
            double               x,
            double               y,
            GtkGestureClick     *gesture)
{
  interleave_chart_view_click_at (self, x, y);
}

static void
interleave_chart_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  InterleaveChartView *self = INTERLEAVE_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  interleave_chart_renderer_set_size (self->renderer, width, height);
  self->drawn_playhead = self->playhead;
  self->n_draws++;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  interleave_chart_renderer_draw (self->renderer, cr);
  cairo_destroy (cr);
}

static void
interleave_chart_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  InterleaveChartView *self = INTERLEAVE_CHART_VIEW (widget);
  double s = self->presenter ? 1.5 : 1.0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (200 * s);
      *natural = (int) (420 * s);
    }
  else
    {
      /* Charts are the supporting cast: they grow wider, not taller, in
       * presenter mode, leaving the height to the timeline. */
      *minimum = 120;
      *natural = (int) (170 * MIN (s, 1.1));
    }
}

static void
interleave_chart_view_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (interleave_chart_view_parent_class)->css_changed (widget, change);
  update_style (INTERLEAVE_CHART_VIEW (widget));
}

static void
interleave_chart_view_dispose (GObject *object)
{
  InterleaveChartView *self = INTERLEAVE_CHART_VIEW (object);

  g_clear_handle_id (&self->data_source, g_source_remove);
  g_clear_handle_id (&self->playhead_source, g_source_remove);

  G_OBJECT_CLASS (interleave_chart_view_parent_class)->dispose (object);
}

static void
interleave_chart_view_finalize (GObject *object)
{
  InterleaveChartView *self = INTERLEAVE_CHART_VIEW (object);

  g_clear_pointer (&self->renderer, interleave_chart_renderer_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->x_title, g_free);

  G_OBJECT_CLASS (interleave_chart_view_parent_class)->finalize (object);
}

static void
interleave_chart_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  InterleaveChartView *self = INTERLEAVE_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, interleave_chart_view_get_kind (self));
      break;
    case PROP_METRIC:
      g_value_set_uint (value, interleave_chart_view_get_metric (self));
      break;
    case PROP_PLAYHEAD:
      g_value_set_int64 (value, self->playhead);
      break;
    case PROP_PRESENTER:
      g_value_set_boolean (value, self->presenter);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_chart_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  InterleaveChartView *self = INTERLEAVE_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      interleave_chart_view_set_kind (self, g_value_get_uint (value));
      break;
    case PROP_METRIC:
      interleave_chart_view_set_metric (self, g_value_get_uint (value));
      break;
    case PROP_PLAYHEAD:
      interleave_chart_view_set_playhead (self, g_value_get_int64 (value));
      break;
    case PROP_PRESENTER:
      interleave_chart_view_set_presenter (self, g_value_get_boolean (value));
      break;
    case PROP_HIGH_CONTRAST:
      interleave_chart_view_set_high_contrast (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_chart_view_class_init (InterleaveChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_chart_view_dispose;
  object_class->finalize = interleave_chart_view_finalize;
  object_class->get_property = interleave_chart_view_get_property;
  object_class->set_property = interleave_chart_view_set_property;

  widget_class->snapshot = interleave_chart_view_snapshot;
  widget_class->measure = interleave_chart_view_measure;
  widget_class->css_changed = interleave_chart_view_css_changed;

  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, INTERLEAVE_CHART_XY, INTERLEAVE_CHART_METRIC,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METRIC] =
    g_param_spec_uint ("metric", NULL, NULL, 0, INTERLEAVE_N_METRICS - 1, INTERLEAVE_METRIC_THROUGHPUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYHEAD] =
    g_param_spec_int64 ("playhead", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTER] =
    g_param_spec_boolean ("presenter", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InterleaveChartView::request-picked:
   * @trace: the architecture
   * @request: the request id
   */
  signals[REQUEST_PICKED] =
    g_signal_new ("request-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * InterleaveChartView::time-picked:
   * @time: ns
   */
  signals[TIME_PICKED] =
    g_signal_new ("time-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
interleave_chart_view_init (InterleaveChartView *self)
{
  GtkGesture *gesture;

  self->renderer = interleave_chart_renderer_new (INTERLEAVE_CHART_METRIC);
  self->playhead = -1;
  self->drawn_playhead = -1;
  self->y_metric = INTERLEAVE_METRIC_THROUGHPUT;

  gesture = gtk_gesture_click_new ();
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (update_style), self, G_CONNECT_SWAPPED);
}
