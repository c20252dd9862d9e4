/* interleave-chart-renderer.c
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

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interleave-axis.h"
#include "interleave-chart-renderer.h"
#include "interleave-text.h"

typedef struct
{
  double  latency;   /* ms */
  gint64  done;
  guint32 request;
} Completion;

typedef struct
{
  guint colour;
  guint dash;
} SeriesStyle;

#define SERIES_DEFAULT G_MAXUINT

typedef struct
{
  GArray     *completions;   /* Completion, by latency then request id */
  GByteArray *counted;       /* per request id: in completions already */
  guint       n_requests;
  gint64      end;
} CdfCache;

struct _InterleaveChartRenderer
{
  InterleaveChartKind    kind;
  InterleaveMetric       metric;
  GPtrArray             *traces;
  GArray                *cdf;       /* CdfCache per trace */
  InterleaveRenderStyle  style;
  InterleaveText        *text;
  double                 width;
  double                 height;
  gint64                 start;
  gint64                 end;
  gint64                 playhead;

  GArray                *series_styles;  /* SeriesStyle; SERIES_DEFAULT: the index */
  GPtrArray             *xy;             /* GArray of double x, y pairs per series; NULL holes */
  char                  *title;          /* nullable: overrides the metric's */
  char                  *xy_x_title;
  InterleaveMetric       xy_metric;
  double                 title_end;

  /* The x range of the last CDF drawn, for picking. */
  double                 x_lo;
  double                 x_hi;
  gboolean               x_log;
};

static void
cdf_cache_clear (gpointer data)
{
  CdfCache *cache = data;

  g_clear_pointer (&cache->completions, g_array_unref);
  g_clear_pointer (&cache->counted, g_byte_array_unref);
}

InterleaveChartRenderer *
interleave_chart_renderer_new (InterleaveChartKind kind)
{
  InterleaveChartRenderer *self = g_new0 (InterleaveChartRenderer, 1);

  self->kind = kind;
  self->metric = INTERLEAVE_METRIC_THROUGHPUT;
  self->traces = g_ptr_array_new ();
  self->cdf = g_array_new (FALSE, TRUE, sizeof (CdfCache));
  g_array_set_clear_func (self->cdf, cdf_cache_clear);
  self->text = interleave_text_new ();
  self->series_styles = g_array_new (FALSE, FALSE, sizeof (SeriesStyle));
  self->xy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->xy_metric = INTERLEAVE_METRIC_THROUGHPUT;
  self->width = 400;
  self->height = 200;
  self->end = 1000000000;
  self->playhead = -1;
  interleave_render_style_init (&self->style, INTERLEAVE_PALETTE_LIGHT, 1.0);

  return self;
}

void
interleave_chart_renderer_free (InterleaveChartRenderer *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->traces, g_ptr_array_unref);
  g_clear_pointer (&self->cdf, g_array_unref);
  g_clear_pointer (&self->text, interleave_text_free);
  g_clear_pointer (&self->series_styles, g_array_unref);
  g_clear_pointer (&self->xy, g_ptr_array_unref);
  g_free (self->title);
  g_free (self->xy_x_title);
  g_free (self);
}

InterleaveChartKind
interleave_chart_renderer_get_kind (InterleaveChartRenderer *self)
{
  g_return_val_if_fail (self != NULL, INTERLEAVE_CHART_METRIC);

  return self->kind;
}

void
interleave_chart_renderer_set_metric (InterleaveChartRenderer *self,
                                      InterleaveMetric         metric)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (metric < INTERLEAVE_N_METRICS);

  self->metric = metric;
}

InterleaveMetric
interleave_chart_renderer_get_metric (InterleaveChartRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->metric;
}

/**
 * interleave_chart_renderer_set_traces:
 * @traces: (array length=n_traces): borrowed traces
 */
void
interleave_chart_renderer_set_traces (InterleaveChartRenderer       *self,
                                      const InterleaveTrace * const *traces,
                                      guint                          n_traces)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->traces, 0);
  for (guint i = 0; i < n_traces; i++)
    g_ptr_array_add (self->traces, (gpointer) traces[i]);

  g_array_set_size (self->cdf, 0);
  g_array_set_size (self->cdf, n_traces);
}

void
interleave_chart_renderer_set_style (InterleaveChartRenderer     *self,
                                     const InterleaveRenderStyle *style)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (style != NULL);

  self->style = *style;
}

void
interleave_chart_renderer_set_size (InterleaveChartRenderer *self,
                                    double                   width,
                                    double                   height)
{
  g_return_if_fail (self != NULL);

  self->width = MAX (width, 1);
  self->height = MAX (height, 1);
}

void
interleave_chart_renderer_set_time_range (InterleaveChartRenderer *self,
                                          gint64                   start,
                                          gint64                   end)
{
  g_return_if_fail (self != NULL);

  self->start = start;
  self->end = MAX (end, start + 1);
}

/**
 * interleave_chart_renderer_set_playhead:
 * @playhead: ns; data after it is not drawn. -1 draws everything.
 */
void
interleave_chart_renderer_set_playhead (InterleaveChartRenderer *self,
                                        gint64                   playhead)
{
  g_return_if_fail (self != NULL);

  self->playhead = playhead;
}

/**
 * interleave_chart_renderer_invalidate:
 *
 * Forget cached latencies (the traces changed in place).
 */
void
interleave_chart_renderer_invalidate (InterleaveChartRenderer *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->cdf->len; i++)
    cdf_cache_clear (&g_array_index (self->cdf, CdfCache, i));
}

/**
 * interleave_chart_renderer_set_series_style:
 * @series: a trace (or XY series) index
 * @colour: index into the palette's series colours
 * @dash: index of the dash pattern (interleave_palette_set_series_dash())
 *
 * Draws series @series in @colour and @dash instead of its own index's.
 */
void
interleave_chart_renderer_set_series_style (InterleaveChartRenderer *self,
                                            guint                    series,
                                            guint                    colour,
                                            guint                    dash)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (series < 1024);

  while (self->series_styles->len <= series)
    {
      SeriesStyle none = { SERIES_DEFAULT, SERIES_DEFAULT };
      g_array_append_val (self->series_styles, none);
    }

  g_array_index (self->series_styles, SeriesStyle, series).colour = colour;
  g_array_index (self->series_styles, SeriesStyle, series).dash = dash;
}

/**
 * interleave_chart_renderer_get_series_style:
 * @colour: (out) (optional): the colour index series @series is drawn in
 * @dash: (out) (optional): its dash pattern index
 */
void
interleave_chart_renderer_get_series_style (InterleaveChartRenderer *self,
                                            guint                    series,
                                            guint                   *colour,
                                            guint                   *dash)
{
  SeriesStyle style = { series, series };

  g_return_if_fail (self != NULL);

  if (series < self->series_styles->len)
    {
      SeriesStyle set = g_array_index (self->series_styles, SeriesStyle, series);

      if (set.colour != SERIES_DEFAULT)
        style = set;
    }

  if (colour)
    *colour = style.colour % INTERLEAVE_PALETTE_N_SERIES;
  if (dash)
    *dash = style.dash;
}

static void
set_series_source (InterleaveChartRenderer *self,
                   cairo_t                 *cr,
                   guint                    series,
                   double                   line_width)
{
  guint colour, dash;

  interleave_chart_renderer_get_series_style (self, series, &colour, &dash);
  interleave_color_set_source (&self->style.palette->series[colour], cr);
  cairo_set_line_width (cr, line_width);
  interleave_palette_set_series_dash (cr, dash, line_width);
}

/**
 * interleave_chart_renderer_set_title:
 * @title: (nullable): the chart's title instead of its metric's
 *   ("CPU per process"); %NULL for the metric's
 */
void
interleave_chart_renderer_set_title (InterleaveChartRenderer *self,
                                     const char              *title)
{
  g_return_if_fail (self != NULL);

  g_free (self->title);
  self->title = g_strdup (title);
}

/**
 * interleave_chart_renderer_set_xy_axes:
 * @x_title: (nullable): what x is, with its unit ("offered load, req/s")
 * @y_metric: what y is: its values are formatted as this metric's, and
 *   it is the chart's title unless one is set
 */
void
interleave_chart_renderer_set_xy_axes (InterleaveChartRenderer *self,
                                       const char              *x_title,
                                       InterleaveMetric         y_metric)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (y_metric < INTERLEAVE_N_METRICS);

  g_free (self->xy_x_title);
  self->xy_x_title = g_strdup (x_title);
  self->xy_metric = y_metric;
}

/**
 * interleave_chart_renderer_set_xy_series:
 * @series: the series index (its colour and dash)
 * @x: (array length=n_points): x of each point
 * @y: (array length=n_points): y of each point; NAN leaves a gap
 *
 * Replaces the points of one series of an XY chart. Points are drawn in
 * the order given.
 */
void
interleave_chart_renderer_set_xy_series (InterleaveChartRenderer *self,
                                         guint                    series,
                                         const double            *x,
                                         const double            *y,
                                         guint                    n_points)
{
  GArray *points;

  g_return_if_fail (self != NULL);
  g_return_if_fail (series < 1024);
  g_return_if_fail (n_points == 0 || (x != NULL && y != NULL));

  while (self->xy->len <= series)
    g_ptr_array_add (self->xy, NULL);

  points = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n_points);
  for (guint i = 0; i < n_points; i++)
    {
      g_array_append_val (points, x[i]);
      g_array_append_val (points, y[i]);
    }

  if (g_ptr_array_index (self->xy, series) != NULL)
    g_array_unref (g_ptr_array_index (self->xy, series));
  g_ptr_array_index (self->xy, series) = points;
}

void
interleave_chart_renderer_clear_xy (InterleaveChartRenderer *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->xy, 0);
}

/* Returns: how many XY series are set (the highest index + 1) */
guint
interleave_chart_renderer_get_n_xy_series (InterleaveChartRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->xy->len;
}

const char *
interleave_metric_get_title (InterleaveMetric metric)
{
  switch (metric)
    {
    case INTERLEAVE_METRIC_THROUGHPUT:    return _("Throughput");
    case INTERLEAVE_METRIC_LATENCY_P50:   return _("Median latency");
    case INTERLEAVE_METRIC_LATENCY_P95:   return _("p95 latency");
    case INTERLEAVE_METRIC_LATENCY_P99:   return _("p99 latency");
    case INTERLEAVE_METRIC_LATENCY_MAX:   return _("Slowest request");
    case INTERLEAVE_METRIC_IN_FLIGHT:     return _("Requests in flight");
    case INTERLEAVE_METRIC_QUEUE:         return _("Accept queue");
    case INTERLEAVE_METRIC_CPU:           return _("Cores busy");
    case INTERLEAVE_METRIC_GIL_HELD:      return _("GIL held");
    case INTERLEAVE_METRIC_GIL_CONTENDED: return _("GIL contended");
    case INTERLEAVE_METRIC_LOOP_LAG:      return _("Event-loop lag");
    case INTERLEAVE_METRIC_ERRORS:        return _("Errors");
    case INTERLEAVE_N_METRICS:
    default:
      g_return_val_if_reached ("");
    }
}

static gboolean
metric_is_share (InterleaveMetric metric)
{
  return metric == INTERLEAVE_METRIC_GIL_HELD || metric == INTERLEAVE_METRIC_GIL_CONTENDED;
}

static gboolean
metric_is_latency (InterleaveMetric metric)
{
  return metric == INTERLEAVE_METRIC_LATENCY_P50 || metric == INTERLEAVE_METRIC_LATENCY_P95 ||
         metric == INTERLEAVE_METRIC_LATENCY_P99 || metric == INTERLEAVE_METRIC_LATENCY_MAX ||
         metric == INTERLEAVE_METRIC_LOOP_LAG;
}

/**
 * interleave_metric_format:
 *
 * Returns: (transfer full): @value with its unit: "148 req/s", "52 ms",
 *   "63%", "1.5 cores"
 */
char *
interleave_metric_format (InterleaveMetric metric,
                          double           value)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup ("–");

  if (metric_is_latency (metric))
    return interleave_format_duration ((gint64) (value * 1e6));
  if (metric_is_share (metric))
    return g_strdup_printf ("%.0f%%", value * 100);

  number = interleave_format_value (value);
  switch (metric)
    {
    /* Translators: requests per second */
    case INTERLEAVE_METRIC_THROUGHPUT: return g_strdup_printf (_("%s req/s"), number);
    /* Translators: errors per second */
    case INTERLEAVE_METRIC_ERRORS:     return g_strdup_printf (_("%s/s"), number);
    default:                           return g_steal_pointer (&number);
    }
}

static double
window_value (const InterleaveWindow *window,
              InterleaveMetric        metric)
{
  double v = window->values[metric];

  return isfinite (v) ? v : NAN;
}

/**
 * interleave_chart_renderer_value_at:
 *
 * Returns: the metric of the last complete window before @time, or NAN
 */
double
interleave_chart_renderer_value_at (InterleaveChartRenderer *self,
                                    guint                    trace_index,
                                    gint64                   time)
{
  const InterleaveTrace *trace;
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (trace_index < self->traces->len, NAN);

  trace = g_ptr_array_index (self->traces, trace_index);
  hi = trace->windows->len;

  /* Last window with start + width <= time. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (trace->windows, InterleaveWindow, mid).start + trace->window_ns <= time)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i > 0; i--)
    {
      double v = window_value (&g_array_index (trace->windows, InterleaveWindow, i - 1), self->metric);
      if (!isnan (v))
        return v;
    }

  return NAN;
}

static int
compare_completions (gconstpointer a,
                     gconstpointer b)
{
  const Completion *x = a;
  const Completion *y = b;

  if (x->latency != y->latency)
    return (x->latency > y->latency) - (x->latency < y->latency);
  return (x->request > y->request) - (x->request < y->request);
}

static GArray *
ensure_completions (InterleaveChartRenderer *self,
                    guint                    index)
{
  const InterleaveTrace *trace = g_ptr_array_index (self->traces, index);
  CdfCache *cache = &g_array_index (self->cdf, CdfCache, index);

  g_autoptr(GArray) fresh = NULL;
  GArray *merged;
  guint i, j;

  if (cache->completions != NULL &&
      cache->n_requests == trace->requests->len &&
      cache->end == trace->end)
    return cache->completions;

  /* A streaming trace only gains completions (a completed request stays
   * so): sort the new ones and merge them in, rather than sorting every
   * request again on each update. A trace that shrank is a new one. */
  if (cache->completions == NULL || trace->requests->len < cache->n_requests)
    {
      cdf_cache_clear (cache);
      cache->completions = g_array_new (FALSE, FALSE, sizeof (Completion));
      cache->counted = g_byte_array_new ();
    }
  cache->n_requests = trace->requests->len;
  cache->end = trace->end;
  if (cache->counted->len < trace->requests->len)
    {
      guint old_len = cache->counted->len;

      g_byte_array_set_size (cache->counted, trace->requests->len);
      memset (cache->counted->data + old_len, 0, trace->requests->len - old_len);
    }

  fresh = g_array_new (FALSE, FALSE, sizeof (Completion));
  for (i = 0; i < trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);
      Completion c;

      if (cache->counted->data[i] ||
          r->status != INTERLEAVE_REQUEST_COMPLETED || r->done < 0 || r->arrival < 0)
        continue;

      cache->counted->data[i] = 1;
      c.latency = (r->done - r->arrival) / 1e6;
      c.done = r->done;
      c.request = r->id;
      g_array_append_val (fresh, c);
    }

  if (fresh->len == 0)
    return cache->completions;

  g_array_sort (fresh, compare_completions);
  if (cache->completions->len == 0)
    {
      g_array_append_vals (cache->completions, fresh->data, fresh->len);
      return cache->completions;
    }

  merged = g_array_sized_new (FALSE, FALSE, sizeof (Completion), cache->completions->len + fresh->len);
  for (i = 0, j = 0; i < cache->completions->len || j < fresh->len;)
    {
      const Completion *old = i < cache->completions->len ? &g_array_index (cache->completions, Completion, i) : NULL;
      const Completion *add = j < fresh->len ? &g_array_index (fresh, Completion, j) : NULL;

      if (add == NULL || (old != NULL && compare_completions (old, add) <= 0))
        {
          g_array_append_vals (merged, old, 1);
          i++;
        }
      else
        {
          g_array_append_vals (merged, add, 1);
          j++;
        }
    }

  g_array_unref (cache->completions);
  cache->completions = merged;

  return cache->completions;
}

/* Layout ----------------------------------------------------------------- */

void
interleave_chart_renderer_get_plot_area (InterleaveChartRenderer *self,
                                         double                  *x,
                                         double                  *y,
                                         double                  *width,
                                         double                  *height)
{
  double s = self->style.scale;
  double left = 52 * s, top = 30 * s, right = 14 * s, bottom = 24 * s;

  g_return_if_fail (self != NULL);

  /* Room for the x axis's title under its ticks. */
  if (self->kind == INTERLEAVE_CHART_XY && self->xy_x_title != NULL)
    bottom = 40 * s;

  if (x) *x = left;
  if (y) *y = top;
  if (width) *width = MAX (1, self->width - left - right);
  if (height) *height = MAX (1, self->height - top - bottom);
}

static double
x_of_latency (InterleaveChartRenderer *self,
              double                   latency,
              double                   px,
              double                   pw)
{
  double f;

  if (self->x_log)
    f = (log10 (MAX (latency, 1e-6)) - log10 (self->x_lo)) / (log10 (self->x_hi) - log10 (self->x_lo));
  else
    f = (latency - self->x_lo) / (self->x_hi - self->x_lo);

  return px + CLAMP (f, -0.01, 1.01) * pw;
}

/* Drawing ---------------------------------------------------------------- */

static void
draw_frame (InterleaveChartRenderer *self,
            cairo_t                 *cr,
            const char              *title)
{
  const InterleavePalette *palette = self->style.palette;
  double px, py, pw, ph;

  interleave_chart_renderer_get_plot_area (self, &px, &py, &pw, &ph);

  interleave_color_set_source (&palette->background, cr);
  cairo_paint (cr);

  interleave_color_set_source (&palette->foreground, cr);
  self->title_end = 8 * self->style.scale +
    interleave_text_draw_line (self->text, cr, title, INTERLEAVE_TEXT_BODY, TRUE,
                               8 * self->style.scale, py / 2, self->width * 0.55, INTERLEAVE_ALIGN_START);
}

/* Width of the values of series 0 … @n - 1, each with its chip. */
static double
values_width (InterleaveChartRenderer *self,
              char                   **values,
              guint                    n,
              InterleaveTextSize       size)
{
  double s = self->style.scale;
  double total = 0;

  for (guint i = 0; i < n; i++)
    {
      double w;

      if (values[i] == NULL)
        continue;
      interleave_text_set (self->text, values[i], size, TRUE, -1);
      interleave_text_get_size (self->text, &w, NULL);
      total += w + 4 * s + 12 * s + 10 * s;
    }

  return total;
}

/* The value of each series at the playhead, top right, as chip + value.
 * When they do not all fit beside the title, smaller type; then the last
 * series are left out, never the first (the one the chart is about). */
static void
draw_values (InterleaveChartRenderer *self,
             cairo_t                 *cr,
             char                   **values,
             guint                    n_values)
{
  double s = self->style.scale;
  double x = self->width - 10 * s;
  double room = x - (self->title_end + 10 * s) + 10 * s;
  InterleaveTextSize size = INTERLEAVE_TEXT_BODY;
  guint shown = n_values;
  double py;

  interleave_chart_renderer_get_plot_area (self, NULL, &py, NULL, NULL);

  if (values_width (self, values, shown, size) > room)
    size = INTERLEAVE_TEXT_SMALL;
  while (shown > 0 && values_width (self, values, shown, size) > room)
    shown--;

  for (guint i = shown; i > 0; i--)
    {
      guint index = i - 1;
      double w, lw = 3 * self->style.line_width;

      if (values[index] == NULL)
        continue;

      interleave_text_set (self->text, values[index], size, TRUE, -1);
      interleave_text_get_size (self->text, &w, NULL);

      set_series_source (self, cr, index, lw);
      interleave_text_draw_line (self->text, cr, values[index], size, TRUE,
                                 x, py / 2, -1, INTERLEAVE_ALIGN_END);
      x -= w + 4 * s;

      cairo_save (cr);
      set_series_source (self, cr, index, lw);
      cairo_move_to (cr, x - 12 * s, py / 2);
      cairo_line_to (cr, x, py / 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      x -= 12 * s + 10 * s;
    }
}

static void
draw_y_axis (InterleaveChartRenderer *self,
             cairo_t                 *cr,
             double                   lo,
             double                   hi,
             gboolean                 percent)
{
  const InterleavePalette *palette = self->style.palette;
  InterleaveTick ticks[INTERLEAVE_AXIS_MAX_TICKS];
  double px, py, pw, ph;
  guint n;

  interleave_chart_renderer_get_plot_area (self, &px, &py, &pw, &ph);
  n = interleave_axis_value_ticks (lo, hi, MAX (2, (guint) (ph / (28 * self->style.scale))),
                                   ticks, G_N_ELEMENTS (ticks));

  for (guint i = 0; i < n; i++)
    {
      double y = round (py + ph - (ticks[i].value - lo) / (hi - lo) * ph) + 0.5;
      char label[40];

      interleave_color_set_source (&palette->grid, cr);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, px, y);
      cairo_line_to (cr, px + pw, y);
      cairo_stroke (cr);

      if (percent)
        g_snprintf (label, sizeof label, "%.0f%%", ticks[i].value * 100);
      else
        g_strlcpy (label, ticks[i].label, sizeof label);

      interleave_color_set_source (&palette->dim, cr);
      interleave_text_draw_line (self->text, cr, label, INTERLEAVE_TEXT_SMALL, FALSE,
                                 px - 6 * self->style.scale, y, -1, INTERLEAVE_ALIGN_END);
    }
}

static void
draw_time_axis (InterleaveChartRenderer *self,
                cairo_t                 *cr)
{
  const InterleavePalette *palette = self->style.palette;
  InterleaveTick ticks[INTERLEAVE_AXIS_MAX_TICKS];
  double px, py, pw, ph;
  guint n;

  interleave_chart_renderer_get_plot_area (self, &px, &py, &pw, &ph);
  n = interleave_axis_time_ticks (self->start, self->end, pw, 90 * self->style.scale,
                                  ticks, G_N_ELEMENTS (ticks));

  for (guint i = 0; i < n; i++)
    {
      double x = px + (ticks[i].value - self->start) / (self->end - self->start) * pw;

      interleave_color_set_source (&palette->dim, cr);
      interleave_text_draw_line (self->text, cr, ticks[i].label, INTERLEAVE_TEXT_SMALL, FALSE,
                                 x, py + ph + 12 * self->style.scale, -1,
                                 i == 0 && x - px < 20 ? INTERLEAVE_ALIGN_START : INTERLEAVE_ALIGN_CENTER);
    }
}

static void
draw_metric (InterleaveChartRenderer *self,
             cairo_t                 *cr)
{
  const InterleavePalette *palette = self->style.palette;
  gboolean percent = metric_is_share (self->metric);
  g_autofree char **values = g_new0 (char *, self->traces->len + 1);
  double px, py, pw, ph, hi = 0, step;
  gint64 limit = self->playhead >= 0 ? self->playhead : G_MAXINT64;

  interleave_chart_renderer_get_plot_area (self, &px, &py, &pw, &ph);

  /* The y range covers all the data, not just what has been played, so
   * the axis holds still during playback. */
  for (guint t = 0; t < self->traces->len; t++)
    {
      const InterleaveTrace *trace = g_ptr_array_index (self->traces, t);

      for (guint i = 0; i < trace->windows->len; i++)
        {
          double v = window_value (&g_array_index (trace->windows, InterleaveWindow, i), self->metric);
          if (!isnan (v))
            hi = MAX (hi, v);
        }
    }

  if (percent)
    hi = 1.0;
  else if (self->metric == INTERLEAVE_METRIC_CPU)
    for (guint t = 0; t < self->traces->len; t++)
      hi = MAX (hi, ((const InterleaveTrace *) g_ptr_array_index (self->traces, t))->n_cores);
  if (!(hi > 0))
    hi = 1.0;
  step = interleave_axis_nice_step (hi, 4);
  hi = ceil (hi * 1.02 / step) * step;

  draw_frame (self, cr, self->title ? self->title : interleave_metric_get_title (self->metric));
  draw_y_axis (self, cr, 0, hi, percent);
  draw_time_axis (self, cr);

  cairo_save (cr);
  cairo_rectangle (cr, px, py - 4, pw, ph + 8);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint t = 0; t < self->traces->len; t++)
    {
      const InterleaveTrace *trace = g_ptr_array_index (self->traces, t);
      double lw = 2.5 * self->style.line_width;
      gboolean pen_down = FALSE;
      double last = NAN;

      for (guint i = 0; i < trace->windows->len; i++)
        {
          const InterleaveWindow *w = &g_array_index (trace->windows, InterleaveWindow, i);
          double v = window_value (w, self->metric);
          gint64 mid = w->start + trace->window_ns / 2;
          double x, y;

          if (w->start + trace->window_ns > limit)
            break;
          if (w->start + trace->window_ns < self->start || w->start > self->end)
            continue;

          if (isnan (v))
            {
              pen_down = FALSE;
              continue;
            }

          last = v;
          x = px + (double) (mid - self->start) / (self->end - self->start) * pw;
          y = py + ph - v / hi * ph;
          if (pen_down)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen_down = TRUE;
        }

      set_series_source (self, cr, t, lw);
      cairo_stroke (cr);

      if (!isnan (last))
        values[t] = interleave_metric_format (self->metric, last);
    }

  cairo_restore (cr);

  if (self->playhead >= 0 && self->playhead >= self->start && self->playhead <= self->end)
    {
      double x = px + (double) (self->playhead - self->start) / (self->end - self->start) * pw;

      interleave_color_set_source (&palette->playhead, cr);
      cairo_rectangle (cr, x - self->style.line_width, py, 2 * self->style.line_width, ph);
      cairo_fill (cr);
    }

  draw_values (self, cr, values, self->traces->len);
  for (guint t = 0; t < self->traces->len; t++)
    g_free (values[t]);
}

static void
draw_latency_axis (InterleaveChartRenderer *self,
                   cairo_t                 *cr)
{
  const InterleavePalette *palette = self->style.palette;
  double px, py, pw, ph;
  double last_x = -G_MAXDOUBLE;

  interleave_chart_renderer_get_plot_area (self, &px, &py, &pw, &ph);

  if (self->x_log)
    {
      for (double decade = pow (10, floor (log10 (self->x_lo))); decade <= self->x_hi; decade *= 10)
        for (int m = 1; m <= 5; m += (m == 1 ? 1 : 3))
          {
            double v = decade * m;
            double x;
            g_autofree char *label = NULL;

            if (v < self->x_lo || v > self->x_hi)
              continue;
            x = x_of_latency (self, v, px, pw);
            interleave_color_set_source (&palette->grid, cr);
            cairo_rectangle (cr, round (x), py, 1, ph);
            cairo_fill (cr);
            if (x - last_x < 56 * self->style.scale)
              continue;
            label = interleave_format_duration ((gint64) (v * 1e6));
            interleave_color_set_source (&palette->dim, cr);
            interleave_text_draw_line (self->text, cr, label, INTERLEAVE_TEXT_SMALL, FALSE,
                                       x, py + ph + 12 * self->style.scale, -1, INTERLEAVE_ALIGN_CENTER);
            last_x = x;
          }
    }
  else
    {
      InterleaveTick ticks[INTERLEAVE_AXIS_MAX_TICKS];
      guint n = interleave_axis_value_ticks (self->x_lo, self->x_hi,
                                             MAX (2, (guint) (pw / (80 * self->style.scale))),
                                             ticks, G_N_ELEMENTS (ticks));

      for (guint i = 0; i < n; i++)
        {
          double x = x_of_latency (self, ticks[i].value, px, pw);
          g_autofree char *label = interleave_format_duration ((gint64) (ticks[i].value * 1e6));

          interleave_color_set_source (&palette->grid, cr);
          cairo_rectangle (cr, round (x), py, 1, ph);
          cairo_fill (cr);
          interleave_color_set_source (&palette->dim, cr);
          interleave_text_draw_line (self->text, cr, label, INTERLEAVE_TEXT_SMALL, FALSE,
                                     x, py + ph + 12 * self->style.scale, -1, INTERLEAVE_ALIGN_CENTER);
        }
    }
}

static void
draw_cdf (InterleaveChartRenderer *self,
          cairo_t                 *cr)
{
  g_autofree char **values = g_new0 (char *, self->traces->len + 1);
  double px, py, pw, ph;
  double lo = G_MAXDOUBLE, hi = 0;
  gint64 limit = self->playhead >= 0 ? self->playhead : G_MAXINT64;

  interleave_chart_renderer_get_plot_area (self, &px, &py, &pw, &ph);

  for (guint t = 0; t < self->traces->len; t++)
    {
      GArray *c = ensure_completions (self, t);

      if (c->len == 0)
        continue;
      lo = MIN (lo, g_array_index (c, Completion, 0).latency);
      hi = MAX (hi, g_array_index (c, Completion, c->len - 1).latency);
    }

  if (!(hi > 0))
    {
      lo = 0.1;
      hi = 100;
    }
  lo = MAX (lo, 1e-3);
  self->x_log = hi / lo > 20;
  if (self->x_log)
    {
      self->x_lo = pow (10, floor (log10 (lo)));
      self->x_hi = pow (10, ceil (log10 (hi)));
    }
  else
    {
      double step = interleave_axis_nice_step (hi, 5);
      self->x_lo = 0;
      self->x_hi = ceil (hi / step) * step;
    }

  draw_frame (self, cr, self->title ? self->title : _("Latency distribution"));
  draw_y_axis (self, cr, 0, 1, TRUE);
  draw_latency_axis (self, cr);

  cairo_save (cr);
  cairo_rectangle (cr, px - 2, py - 4, pw + 4, ph + 8);
  cairo_clip (cr);

  for (guint t = 0; t < self->traces->len; t++)
    {
      GArray *c = ensure_completions (self, t);
      const Completion *items = (const Completion *) (gpointer) c->data;
      double lw = 2.5 * self->style.line_width;
      guint total = 0, count = 0;
      double p99 = NAN;
      double last_y;

      for (guint i = 0; i < c->len; i++)
        total += items[i].done <= limit;
      if (total == 0)
        continue;

      /* A step function, one step per pixel at most, rising from the
       * fastest request: flat at the height last drawn, then up (not a
       * slope across the steps merged). */
      last_y = py + ph;
      for (guint i = 0; i < c->len; i++)
        if (items[i].done <= limit)
          {
            cairo_move_to (cr, x_of_latency (self, items[i].latency, px, pw), last_y);
            break;
          }
      for (guint i = 0; i < c->len; i++)
        {
          double x, y;

          if (items[i].done > limit)
            continue;

          count++;
          if (isnan (p99) && count >= 0.99 * total)
            p99 = items[i].latency;

          x = x_of_latency (self, items[i].latency, px, pw);
          y = py + ph - (double) count / total * ph;
          if (i + 1 < c->len && x_of_latency (self, items[i + 1].latency, px, pw) - x < 0.5 && count < total)
            continue;
          cairo_line_to (cr, x, last_y);
          cairo_line_to (cr, x, y);
          last_y = y;
        }

      set_series_source (self, cr, t, lw);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);

      if (!isnan (p99))
        {
          g_autofree char *d = interleave_format_duration ((gint64) (p99 * 1e6));
          /* Translators: 99th percentile latency, e.g. "p99 52 ms" */
          values[t] = g_strdup_printf (_("p99 %s"), d);
        }
    }

  cairo_restore (cr);

  draw_values (self, cr, values, self->traces->len);
  for (guint t = 0; t < self->traces->len; t++)
    g_free (values[t]);
}

static void
draw_xy (InterleaveChartRenderer *self,
         cairo_t                 *cr)
{
  const InterleavePalette *palette = self->style.palette;
  InterleaveTick ticks[INTERLEAVE_AXIS_MAX_TICKS];
  g_autofree char **values = g_new0 (char *, self->xy->len + 1);
  double s = self->style.scale;
  double px, py, pw, ph, x_hi = 0, y_hi = 0, step;
  guint n;

  interleave_chart_renderer_get_plot_area (self, &px, &py, &pw, &ph);

  for (guint i = 0; i < self->xy->len; i++)
    {
      GArray *points = g_ptr_array_index (self->xy, i);

      for (guint j = 0; points != NULL && j + 1 < points->len; j += 2)
        {
          double x = g_array_index (points, double, j);
          double y = g_array_index (points, double, j + 1);

          if (isfinite (x))
            x_hi = MAX (x_hi, x);
          if (isfinite (y))
            y_hi = MAX (y_hi, y);
        }
    }

  if (!(x_hi > 0))
    x_hi = 1;
  if (!(y_hi > 0))
    y_hi = 1;
  step = interleave_axis_nice_step (x_hi, 5);
  x_hi = ceil (x_hi * 1.02 / step) * step;
  step = interleave_axis_nice_step (y_hi, 4);
  y_hi = ceil (y_hi * 1.02 / step) * step;

  draw_frame (self, cr, self->title ? self->title : interleave_metric_get_title (self->xy_metric));
  draw_y_axis (self, cr, 0, y_hi, metric_is_share (self->xy_metric));

  n = interleave_axis_value_ticks (0, x_hi, MAX (2, (guint) (pw / (70 * s))), ticks, G_N_ELEMENTS (ticks));
  for (guint i = 0; i < n; i++)
    {
      double x = round (px + ticks[i].value / x_hi * pw) + 0.5;

      interleave_color_set_source (&palette->grid, cr);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, py);
      cairo_line_to (cr, x, py + ph);
      cairo_stroke (cr);
      interleave_color_set_source (&palette->dim, cr);
      interleave_text_draw_line (self->text, cr, ticks[i].label, INTERLEAVE_TEXT_SMALL, FALSE,
                                 x, py + ph + 12 * s, -1,
                                 i == 0 ? INTERLEAVE_ALIGN_START : INTERLEAVE_ALIGN_CENTER);
    }

  if (self->xy_x_title != NULL)
    {
      interleave_color_set_source (&palette->dim, cr);
      interleave_text_draw_line (self->text, cr, self->xy_x_title, INTERLEAVE_TEXT_SMALL, FALSE,
                                 px + pw / 2, py + ph + 28 * s, pw, INTERLEAVE_ALIGN_CENTER);
    }

  cairo_save (cr);
  cairo_rectangle (cr, px - 6 * s, py - 6 * s, pw + 12 * s, ph + 12 * s);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint i = 0; i < self->xy->len; i++)
    {
      GArray *points = g_ptr_array_index (self->xy, i);
      double lw = 2.5 * self->style.line_width;
      gboolean pen_down = FALSE;
      double last = NAN;

      if (points == NULL)
        continue;

      for (guint j = 0; j + 1 < points->len; j += 2)
        {
          double x = g_array_index (points, double, j);
          double y = g_array_index (points, double, j + 1);

          if (!isfinite (x) || !isfinite (y))
            {
              pen_down = FALSE;
              continue;
            }

          last = y;
          x = px + x / x_hi * pw;
          y = py + ph - y / y_hi * ph;
          if (pen_down)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen_down = TRUE;
        }
      set_series_source (self, cr, i, lw);
      cairo_stroke (cr);

      /* A marker at every measured point: the line between is a guess. */
      for (guint j = 0; j + 1 < points->len; j += 2)
        {
          double x = g_array_index (points, double, j);
          double y = g_array_index (points, double, j + 1);

          if (!isfinite (x) || !isfinite (y))
            continue;

          cairo_new_sub_path (cr);
          cairo_arc (cr, px + x / x_hi * pw, py + ph - y / y_hi * ph, 3.5 * s, 0, 2 * G_PI);
        }
      set_series_source (self, cr, i, lw);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_fill (cr);

      if (!isnan (last))
        values[i] = interleave_metric_format (self->xy_metric, last);
    }

  cairo_restore (cr);

  draw_values (self, cr, values, self->xy->len);
  for (guint i = 0; i < self->xy->len; i++)
    g_free (values[i]);
}

void
interleave_chart_renderer_draw (InterleaveChartRenderer *self,
                                cairo_t                 *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->width, self->height);
  cairo_clip (cr);
  interleave_text_begin (self->text, cr, &self->style);

  if (self->kind == INTERLEAVE_CHART_LATENCY_CDF)
    draw_cdf (self, cr);
  else if (self->kind == INTERLEAVE_CHART_XY)
    draw_xy (self, cr);
  else
    draw_metric (self, cr);

  cairo_restore (cr);
}

/**
 * interleave_chart_renderer_pick_request:
 * @x: a point in the chart
 * @y: a point in the chart
 * @trace: (out): the architecture whose curve is nearest
 * @request: (out): the request whose latency is nearest to @x on it
 *
 * On a latency CDF, finds the request a click points at, so a slow
 * outlier leads to its journey on the timeline.
 *
 * Returns: whether a request was found
 */
gboolean
interleave_chart_renderer_pick_request (InterleaveChartRenderer *self,
                                        double                   x,
                                        double                   y,
                                        guint                   *trace,
                                        guint32                 *request)
{
  double px, py, pw, ph, best = G_MAXDOUBLE;
  gint64 limit;
  gboolean found = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind != INTERLEAVE_CHART_LATENCY_CDF || !(self->x_hi > self->x_lo))
    return FALSE;

  interleave_chart_renderer_get_plot_area (self, &px, &py, &pw, &ph);
  if (x < px - 4 || x > px + pw + 4 || y < py - 4 || y > py + ph + 4)
    return FALSE;

  limit = self->playhead >= 0 ? self->playhead : G_MAXINT64;

  for (guint t = 0; t < self->traces->len; t++)
    {
      GArray *c = ensure_completions (self, t);
      const Completion *items = (const Completion *) (gpointer) c->data;
      guint total = 0, count = 0;

      for (guint i = 0; i < c->len; i++)
        total += items[i].done <= limit;

      for (guint i = 0; i < c->len; i++)
        {
          double cx, cy, d;

          if (items[i].done > limit)
            continue;
          count++;
          cx = x_of_latency (self, items[i].latency, px, pw);
          cy = py + ph - (double) count / total * ph;
          d = hypot (cx - x, cy - y);
          if (d < best)
            {
              best = d;
              *trace = t;
              *request = items[i].request;
              found = TRUE;
            }
        }
    }

  return found && best < 40 * self->style.scale;
}

/**
 * interleave_chart_renderer_time_at:
 * @x: a point in a metric chart
 * @time: (out): the time under it
 *
 * Returns: whether @x is over the plot of a metric chart
 */
gboolean
interleave_chart_renderer_time_at (InterleaveChartRenderer *self,
                                   double                   x,
                                   gint64                  *time)
{
  double px, pw;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (time != NULL, FALSE);

  if (self->kind != INTERLEAVE_CHART_METRIC)
    return FALSE;

  interleave_chart_renderer_get_plot_area (self, &px, NULL, &pw, NULL);
  if (x < px || x > px + pw)
    return FALSE;

  *time = self->start + (gint64) ((x - px) / pw * (self->end - self->start));
  return TRUE;
}
