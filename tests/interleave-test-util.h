/* interleave-test-util.h
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

/* Helpers shared by the GTK tests: real widgets rendered offscreen with
 * GskCairoRenderer, as GTK 4.8 under Xvfb allows. */

void        interleave_test_wait_until       (gboolean   (*done) (gpointer data),
                                              gpointer     data,
                                              guint        timeout_ms);
void        interleave_test_iterate          (guint        ms);
gboolean    interleave_test_widget_is_mapped (gpointer     widget);
GtkWindow  *interleave_test_show_in_window   (GtkWidget   *child,
                                              int          width,
                                              int          height);
void        interleave_test_close_window     (GtkWindow  **window);
GtkWidget  *interleave_test_find_descendant  (GtkWidget   *root,
                                              GType        type);
GtkWindow  *interleave_test_find_toplevel    (GType        type);
GdkTexture *interleave_test_render_widget    (GtkWidget   *widget);
guint32     interleave_test_texture_pixel    (GdkTexture  *texture,
                                              int          x,
                                              int          y);
void        interleave_test_wait_for_frames  (GtkWidget   *widget,
                                              guint        n_frames,
                                              guint        timeout_ms);
guint       interleave_test_texture_count_near (GdkTexture *texture,
                                              double       red,
                                              double       green,
                                              double       blue,
                                              int          tolerance);
gboolean    interleave_test_press_key        (GtkWidget   *widget,
                                              guint        keyval,
                                              GdkModifierType modifiers);

G_END_DECLS
