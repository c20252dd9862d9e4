/* interleave-chart-legend.c
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

#include "interleave-chart-legend.h"
#include "interleave-palette.h"

/* The key to a chart's lines: for each series, a short stroke in its
 * colour and dash pattern (the chart renderer's) and its name, as real
 * labels, so screen readers read them and long names wrap. */

struct _InterleaveChartLegend
{
  GtkWidget  parent_instance;

  GtkWidget *flow;
  guint      n_items;
};

G_DEFINE_FINAL_TYPE (InterleaveChartLegend, interleave_chart_legend, GTK_TYPE_WIDGET)

GtkWidget *
interleave_chart_legend_new (void)
{
  return g_object_new (INTERLEAVE_TYPE_CHART_LEGEND, NULL);
}

static void
draw_chip (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  guint packed = GPOINTER_TO_UINT (user_data);
  guint colour = packed & 0xffff;
  guint dash = packed >> 16;
  InterleavePaletteKind kind = INTERLEAVE_PALETTE_LIGHT;
  const InterleavePalette *palette;
  double lw = 2.5;

  if (adw_style_manager_get_high_contrast (manager))
    kind = INTERLEAVE_PALETTE_HIGH_CONTRAST;
  else if (adw_style_manager_get_dark (manager))
    kind = INTERLEAVE_PALETTE_DARK;
  palette = interleave_palette_get (kind);

  interleave_color_set_source (&palette->series[colour % INTERLEAVE_PALETTE_N_SERIES], cr);
  cairo_set_line_width (cr, lw);
  interleave_palette_set_series_dash (cr, dash, lw);
  cairo_move_to (cr, 1, height / 2.0);
  cairo_line_to (cr, width - 1, height / 2.0);
  cairo_stroke (cr);
}

/**
 * interleave_chart_legend_add:
 * @name: the series' name
 * @colour: its colour index (see interleave_chart_renderer_get_series_style())
 * @dash: its dash pattern index
 */
void
interleave_chart_legend_add (InterleaveChartLegend *self,
                             const char            *name,
                             guint                  colour,
                             guint                  dash)
{
  GtkWidget *box, *chip, *label;

  g_return_if_fail (INTERLEAVE_IS_CHART_LEGEND (self));
  g_return_if_fail (name != NULL);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  chip = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (chip), 28);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (chip), 12);
  gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (chip), draw_chip,
                                  GUINT_TO_POINTER ((colour & 0xffff) | (MIN (dash, 0xffff) << 16)), NULL);
  label = gtk_label_new (name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), chip);
  gtk_box_append (GTK_BOX (box), label);
  gtk_flow_box_append (GTK_FLOW_BOX (self->flow), box);
  /* A key to read, not a list to walk with Tab. */
  gtk_widget_set_focusable (gtk_widget_get_parent (box), FALSE);
  self->n_items++;
}

void
interleave_chart_legend_clear (InterleaveChartLegend *self)
{
  GtkWidget *child;

  g_return_if_fail (INTERLEAVE_IS_CHART_LEGEND (self));

  while ((child = gtk_widget_get_first_child (self->flow)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->flow), child);
  self->n_items = 0;
}

guint
interleave_chart_legend_get_n_items (InterleaveChartLegend *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CHART_LEGEND (self), 0);

  return self->n_items;
}

static void
style_changed (InterleaveChartLegend *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (self->flow);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_queue_draw (gtk_widget_get_first_child (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child))));
}

static void
interleave_chart_legend_dispose (GObject *object)
{
  InterleaveChartLegend *self = INTERLEAVE_CHART_LEGEND (object);

  g_clear_pointer (&self->flow, gtk_widget_unparent);

  G_OBJECT_CLASS (interleave_chart_legend_parent_class)->dispose (object);
}

static void
interleave_chart_legend_class_init (InterleaveChartLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_chart_legend_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chartlegend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
interleave_chart_legend_init (InterleaveChartLegend *self)
{
  self->flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flow), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->flow), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->flow), 2);
  gtk_widget_set_can_focus (self->flow, FALSE);
  gtk_widget_set_parent (self->flow, GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_changed), self, G_CONNECT_SWAPPED);
}
