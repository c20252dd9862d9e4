/* interleave-simulate-page.c
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

#include <glib/gi18n.h>

#include "interleave-simulate-page.h"

struct _InterleaveSimulatePage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (InterleaveSimulatePage, interleave_simulate_page, ADW_TYPE_BIN)

static void
interleave_simulate_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INTERLEAVE_TYPE_SIMULATE_PAGE);

  G_OBJECT_CLASS (interleave_simulate_page_parent_class)->dispose (object);
}

static void
interleave_simulate_page_class_init (InterleaveSimulatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_simulate_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/interleave-simulate-page.ui");
}

static void
interleave_simulate_page_init (InterleaveSimulatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
