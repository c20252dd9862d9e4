/* interleave-workload-rows.c
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

#include "interleave-workload-rows.h"

/* The load row's items, in its model's order. */
enum {
  LOAD_CLOSED,
  LOAD_CONSTANT,
  LOAD_POISSON,
};

/**
 * interleave_workload_rows_bind_template:
 * @widget_class: a class whose template has the rows, with the ids of
 *   the struct's members
 * @struct_offset: where its instance struct holds an #InterleaveWorkloadRows
 *
 * Binds the rows, as gtk_widget_class_bind_template_child() would.
 */
void
interleave_workload_rows_bind_template (GtkWidgetClass *widget_class,
                                        gsize           struct_offset)
{
  static const struct {
    const char *id;
    gsize       offset;
  } children[] = {
#define CHILD(member) { #member, G_STRUCT_OFFSET (InterleaveWorkloadRows, member) }
    CHILD (plan_row),
    CHILD (load_row),
    CHILD (clients_row),
    CHILD (clients_spin),
    CHILD (rate_row),
    CHILD (rate_spin),
    CHILD (workers_row),
    CHILD (workers_spin),
    CHILD (duration_spin),
#undef CHILD
  };

  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i].id, FALSE,
                                               struct_offset + children[i].offset);
}

/* Shows the clients row for a closed loop, the rate row for an open one;
 * neither unless @shown. */
void
interleave_workload_rows_show_load (const InterleaveWorkloadRows *rows,
                                    gboolean                      shown)
{
  guint load = adw_combo_row_get_selected (rows->load_row);

  gtk_widget_set_visible (GTK_WIDGET (rows->clients_row), shown && load == LOAD_CLOSED);
  gtk_widget_set_visible (GTK_WIDGET (rows->rate_row), shown && load != LOAD_CLOSED);
}

/* A closed loop of @clients. */
void
interleave_workload_rows_set_clients (const InterleaveWorkloadRows *rows,
                                      guint                         clients)
{
  adw_combo_row_set_selected (rows->load_row, LOAD_CLOSED);
  gtk_spin_button_set_value (rows->clients_spin, clients);
}

/* An open loop at @rate a second, evenly spaced or with Poisson gaps. */
void
interleave_workload_rows_set_rate (const InterleaveWorkloadRows *rows,
                                   double                        rate,
                                   gboolean                      poisson)
{
  adw_combo_row_set_selected (rows->load_row, poisson ? LOAD_POISSON : LOAD_CONSTANT);
  gtk_spin_button_set_value (rows->rate_spin, rate);
}

/* Sets the kind of load of @options, its clients or rate, and its duration. */
void
interleave_workload_rows_get_load (const InterleaveWorkloadRows *rows,
                                   InterleaveLoadOptions        *options)
{
  guint load = adw_combo_row_get_selected (rows->load_row);

  g_return_if_fail (options != NULL);

  if (load == LOAD_CLOSED)
    {
      options->kind = INTERLEAVE_LOAD_CLOSED;
      options->clients = (guint) gtk_spin_button_get_value_as_int (rows->clients_spin);
    }
  else
    {
      options->kind = load == LOAD_POISSON ? INTERLEAVE_LOAD_POISSON : INTERLEAVE_LOAD_CONSTANT;
      options->rate = gtk_spin_button_get_value (rows->rate_spin);
    }
  options->duration_ns = (gint64) (gtk_spin_button_get_value (rows->duration_spin) * 1e9);
}
