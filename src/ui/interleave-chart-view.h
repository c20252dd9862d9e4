/* interleave-chart-view.h
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

#include <gtk/gtk.h>

#include "interleave-chart-renderer.h"

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_CHART_VIEW (interleave_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveChartView, interleave_chart_view, INTERLEAVE, CHART_VIEW, GtkWidget)

GtkWidget          *interleave_chart_view_new            (InterleaveChartKind            kind);
InterleaveChartKind interleave_chart_view_get_kind       (InterleaveChartView           *self);
void                interleave_chart_view_set_kind       (InterleaveChartView           *self,
                                                          InterleaveChartKind            kind);
InterleaveMetric    interleave_chart_view_get_metric     (InterleaveChartView           *self);
void                interleave_chart_view_set_metric     (InterleaveChartView           *self,
                                                          InterleaveMetric               metric);
void                interleave_chart_view_set_traces     (InterleaveChartView           *self,
                                                          const InterleaveTrace * const *traces,
                                                          guint                          n_traces);
void                interleave_chart_view_traces_changed (InterleaveChartView           *self);
gint64              interleave_chart_view_get_playhead   (InterleaveChartView           *self);
guint               interleave_chart_view_get_n_draws    (InterleaveChartView           *self);
void                interleave_chart_view_set_playhead   (InterleaveChartView           *self,
                                                          gint64                         playhead);
void                interleave_chart_view_set_time_range (InterleaveChartView           *self,
                                                          gint64                         start,
                                                          gint64                         end);
gboolean            interleave_chart_view_get_presenter  (InterleaveChartView           *self);
void                interleave_chart_view_set_presenter  (InterleaveChartView           *self,
                                                          gboolean                       presenter);
gboolean            interleave_chart_view_get_high_contrast (InterleaveChartView        *self);
void                interleave_chart_view_set_high_contrast (InterleaveChartView        *self,
                                                          gboolean                       high_contrast);
void                interleave_chart_view_set_series_style (InterleaveChartView       *self,
                                                          guint                          series,
                                                          guint                          colour,
                                                          guint                          dash);
void                interleave_chart_view_set_title      (InterleaveChartView           *self,
                                                          const char                    *title);
void                interleave_chart_view_set_xy_axes    (InterleaveChartView           *self,
                                                          const char                    *x_title,
                                                          InterleaveMetric               y_metric);
void                interleave_chart_view_set_xy_series  (InterleaveChartView           *self,
                                                          guint                          series,
                                                          const double                  *x,
                                                          const double                  *y,
                                                          guint                          n_points);
void                interleave_chart_view_clear_xy       (InterleaveChartView           *self);
void                interleave_chart_view_click_at       (InterleaveChartView           *self,
                                                          double                         x,
                                                          double                         y);

G_END_DECLS
