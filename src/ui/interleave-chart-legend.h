/* interleave-chart-legend.h
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

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_CHART_LEGEND (interleave_chart_legend_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveChartLegend, interleave_chart_legend, INTERLEAVE, CHART_LEGEND, GtkWidget)

GtkWidget *interleave_chart_legend_new       (void);
void       interleave_chart_legend_clear     (InterleaveChartLegend *self);
void       interleave_chart_legend_add       (InterleaveChartLegend *self,
                                              const char            *name,
                                              guint                  colour,
                                              guint                  dash);
guint      interleave_chart_legend_get_n_items (InterleaveChartLegend *self);

G_END_DECLS
