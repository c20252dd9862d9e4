/* interleave-workload-rows.h
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

#include <adwaita.h>

#include "interleave-load-options.h"

G_BEGIN_DECLS

/* The rows the Measure and Compare pages share to say what to send: the
 * plan, the load (closed loop with clients, or an open loop at a rate),
 * the worker processes and the duration. Not a widget: each page's
 * template holds the rows (with these ids) and its instance struct this
 * struct, bound by interleave_workload_rows_bind_template(). */
typedef struct
{
  AdwEntryRow   *plan_row;
  AdwComboRow   *load_row;
  AdwActionRow  *clients_row;
  GtkSpinButton *clients_spin;
  AdwActionRow  *rate_row;
  GtkSpinButton *rate_spin;
  AdwActionRow  *workers_row;
  GtkSpinButton *workers_spin;
  GtkSpinButton *duration_spin;
} InterleaveWorkloadRows;

void interleave_workload_rows_bind_template (GtkWidgetClass               *widget_class,
                                             gsize                         struct_offset);
void interleave_workload_rows_show_load     (const InterleaveWorkloadRows *rows,
                                             gboolean                      shown);
void interleave_workload_rows_set_clients   (const InterleaveWorkloadRows *rows,
                                             guint                         clients);
void interleave_workload_rows_set_rate      (const InterleaveWorkloadRows *rows,
                                             double                        rate,
                                             gboolean                      poisson);
void interleave_workload_rows_get_load      (const InterleaveWorkloadRows *rows,
                                             InterleaveLoadOptions        *options);

G_END_DECLS
