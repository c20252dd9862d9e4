/* interleave-chart-renderer.h
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

#pragma once

#include <cairo.h>

#include "interleave-render-style.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

typedef enum
{
  INTERLEAVE_CHART_METRIC,       /* a metric over time, a line per trace */
  INTERLEAVE_CHART_LATENCY_CDF,  /* share of requests done within a latency */
  INTERLEAVE_CHART_XY,           /* a value against another, from points: throughput against load */
} InterleaveChartKind;

/* Draws line charts of the traces' metric windows and latency CDFs, one
 * line per architecture, told apart by colour and dash pattern. Data after
 * the playhead is not drawn, so the charts follow playback.
 *
 * Series i is drawn in colour i and dash i unless
 * interleave_chart_renderer_set_series_style() says otherwise (the same
 * colour for an architecture's simulated and measured lines, say).
 * An XY chart draws points given with interleave_chart_renderer_set_xy_series()
 * instead of the traces: a line with a marker at each point. */
typedef struct _InterleaveChartRenderer InterleaveChartRenderer;

InterleaveChartRenderer *interleave_chart_renderer_new            (InterleaveChartKind          kind);
void                     interleave_chart_renderer_free           (InterleaveChartRenderer     *self);
InterleaveChartKind      interleave_chart_renderer_get_kind       (InterleaveChartRenderer     *self);
void                     interleave_chart_renderer_set_metric     (InterleaveChartRenderer     *self,
                                                                   InterleaveMetric             metric);
InterleaveMetric         interleave_chart_renderer_get_metric     (InterleaveChartRenderer     *self);
void                     interleave_chart_renderer_set_traces     (InterleaveChartRenderer     *self,
                                                                   const InterleaveTrace * const *traces,
                                                                   guint                        n_traces);
void                     interleave_chart_renderer_set_style      (InterleaveChartRenderer     *self,
                                                                   const InterleaveRenderStyle *style);
void                     interleave_chart_renderer_set_size       (InterleaveChartRenderer     *self,
                                                                   double                       width,
                                                                   double                       height);
void                     interleave_chart_renderer_set_time_range (InterleaveChartRenderer     *self,
                                                                   gint64                       start,
                                                                   gint64                       end);
void                     interleave_chart_renderer_set_playhead   (InterleaveChartRenderer     *self,
                                                                   gint64                       playhead);
void                     interleave_chart_renderer_invalidate     (InterleaveChartRenderer     *self);
void                     interleave_chart_renderer_draw           (InterleaveChartRenderer     *self,
                                                                   cairo_t                     *cr);
void                     interleave_chart_renderer_get_plot_area  (InterleaveChartRenderer     *self,
                                                                   double                      *x,
                                                                   double                      *y,
                                                                   double                      *width,
                                                                   double                      *height);
gboolean                 interleave_chart_renderer_pick_request   (InterleaveChartRenderer     *self,
                                                                   double                       x,
                                                                   double                       y,
                                                                   guint                       *trace,
                                                                   guint32                     *request);
gboolean                 interleave_chart_renderer_time_at        (InterleaveChartRenderer     *self,
                                                                   double                       x,
                                                                   gint64                      *time);
double                   interleave_chart_renderer_value_at       (InterleaveChartRenderer     *self,
                                                                   guint                        trace,
                                                                   gint64                       time);
void                     interleave_chart_renderer_set_series_style (InterleaveChartRenderer   *self,
                                                                   guint                        series,
                                                                   guint                        colour,
                                                                   guint                        dash);
void                     interleave_chart_renderer_get_series_style (InterleaveChartRenderer   *self,
                                                                   guint                        series,
                                                                   guint                       *colour,
                                                                   guint                       *dash);
void                     interleave_chart_renderer_set_title      (InterleaveChartRenderer     *self,
                                                                   const char                  *title);
void                     interleave_chart_renderer_set_xy_axes    (InterleaveChartRenderer     *self,
                                                                   const char                  *x_title,
                                                                   InterleaveMetric             y_metric);
void                     interleave_chart_renderer_set_xy_series  (InterleaveChartRenderer     *self,
                                                                   guint                        series,
                                                                   const double                *x,
                                                                   const double                *y,
                                                                   guint                        n_points);
void                     interleave_chart_renderer_clear_xy       (InterleaveChartRenderer     *self);
guint                    interleave_chart_renderer_get_n_xy_series (InterleaveChartRenderer    *self);
const char              *interleave_metric_get_title              (InterleaveMetric             metric);
char                    *interleave_metric_format                 (InterleaveMetric             metric,
                                                                   double                       value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveChartRenderer, interleave_chart_renderer_free)

G_END_DECLS
