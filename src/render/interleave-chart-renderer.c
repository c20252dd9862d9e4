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
  GArray *completions;   /* Completion, by latency */
  guint   n_requests;
  gint64  end;
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

  return (x->latency > y->latency) - (x->latency < y->latency);
}

static GArray *
ensure_completions (InterleaveChartRenderer *self,
                    guint                    index)
{
  const InterleaveTrace *trace = g_ptr_array_index (self->traces, index);
  CdfCache *cache = &g_array_index (self->cdf, CdfCache, index);

  if (cache->completions != NULL &&
      cache->n_requests == trace->requests->len &&
      cache->end == trace->end)
    return cache->completions;

  g_clear_pointer (&cache->completions, g_array_unref);
  cache->completions = g_array_new (FALSE, FALSE, sizeof (Completion));
  cache->n_requests = trace->requests->len;
  cache->end = trace->end;

  for (guint i = 0; i < trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);
      Completion c;

      if (r->status != INTERLEAVE_REQUEST_COMPLETED || r->done < 0 || r->arrival < 0)
        continue;

      c.latency = (r->done - r->arrival) / 1e6;
      c.done = r->done;
      c.request = r->id;
      g_array_append_val (cache->completions, c);
    }

  g_array_sort (cache->completions, compare_completions);

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

/* The value of each series at the playhead, top right, as chip + value. */
static void
draw_values (InterleaveChartRenderer *self,
             cairo_t                 *cr,
             char                   **values)
{
  const InterleavePalette *palette = self->style.palette;
  double s = self->style.scale;
  double x = self->width - 10 * s;
  double py;

  interleave_chart_renderer_get_plot_area (self, NULL, &py, NULL, NULL);

  for (guint i = self->traces->len; i > 0; i--)
    {
      guint index = i - 1;
      double w, lw = 3 * self->style.line_width;

      if (values[index] == NULL)
        continue;

      interleave_text_set (self->text, values[index], INTERLEAVE_TEXT_BODY, TRUE, -1);
      interleave_text_get_size (self->text, &w, NULL);
      if (x - w - 18 * s < self->title_end + 10 * s)
        break;

      interleave_color_set_source (&palette->series[index % INTERLEAVE_PALETTE_N_SERIES], cr);
      interleave_text_draw_line (self->text, cr, values[index], INTERLEAVE_TEXT_BODY, TRUE,
                                 x, py / 2, -1, INTERLEAVE_ALIGN_END);
      x -= w + 4 * s;

      cairo_save (cr);
      cairo_set_line_width (cr, lw);
      interleave_palette_set_series_dash (cr, index, lw);
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

  draw_frame (self, cr, interleave_metric_get_title (self->metric));
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

      interleave_color_set_source (&palette->series[t % INTERLEAVE_PALETTE_N_SERIES], cr);
      cairo_set_line_width (cr, lw);
      interleave_palette_set_series_dash (cr, t, lw);
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

  draw_values (self, cr, values);
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
  const InterleavePalette *palette = self->style.palette;
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

  draw_frame (self, cr, _("Latency distribution"));
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

      for (guint i = 0; i < c->len; i++)
        total += items[i].done <= limit;
      if (total == 0)
        continue;

      /* A step function, one step per pixel at most, rising from the
       * fastest request. */
      for (guint i = 0; i < c->len; i++)
        if (items[i].done <= limit)
          {
            cairo_move_to (cr, x_of_latency (self, items[i].latency, px, pw), py + ph);
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
          cairo_line_to (cr, x, py + ph - (double) (count - 1) / total * ph);
          cairo_line_to (cr, x, y);
        }

      interleave_color_set_source (&palette->series[t % INTERLEAVE_PALETTE_N_SERIES], cr);
      cairo_set_line_width (cr, lw);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      interleave_palette_set_series_dash (cr, t, lw);
      cairo_stroke (cr);

      if (!isnan (p99))
        {
          g_autofree char *d = interleave_format_duration ((gint64) (p99 * 1e6));
          /* Translators: 99th percentile latency, e.g. "p99 52 ms" */
          values[t] = g_strdup_printf (_("p99 %s"), d);
        }
    }

  cairo_restore (cr);

  draw_values (self, cr, values);
  for (guint t = 0; t < self->traces->len; t++)
    g_free (values[t]);
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
