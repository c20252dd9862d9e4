/* test-window.c
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

#include "config.h"

#include <adwaita.h>

#include "interleave-application.h"
#include "interleave-test-util.h"
#include "interleave-window.h"

static InterleaveApplication *app;

static gboolean
widget_has_size (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0 && gtk_widget_get_height (GTK_WIDGET (data)) > 0;
}

static InterleaveWindow *
open_window (void)
{
  InterleaveWindow *window = interleave_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  interleave_test_wait_until (interleave_test_widget_is_mapped, window, 5000);

  return window;
}

static void
test_window_pages (void)
{
  InterleaveWindow *window = open_window ();
  static const char *pages[] = { "simulate", "measure", "compare", "learn" };
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) model = NULL;

  stack = ADW_VIEW_STACK (interleave_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);

  model = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, G_N_ELEMENTS (pages));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, pages[i]);
      AdwViewStackPage *page;

      g_assert_nonnull (child);
      page = adw_view_stack_get_page (stack, child);
      g_assert_nonnull (adw_view_stack_page_get_title (page));
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
      /* Shipped in the GResource, so it exists in any icon theme. */
      g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                              adw_view_stack_page_get_icon_name (page)));

      /* Switch through the window action, as the keyboard would. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      g_assert_cmpstr (interleave_window_get_page (window), ==, pages[i]);
      g_assert_true (adw_view_stack_get_visible_child (stack) == child);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_renders (void)
{
  InterleaveWindow *window = open_window ();
  g_autoptr(GdkTexture) texture = NULL;
  guint32 first;
  gboolean varied = FALSE;
  int w, h;

  /* A busy machine takes a while to lay out and draw the first frames. */
  interleave_test_wait_until (widget_has_size, window, 10000);
  interleave_test_wait_for_frames (GTK_WIDGET (window), 3, 10000);
  texture = interleave_test_render_widget (GTK_WIDGET (window));
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  g_assert_cmpint (w, >=, 360);
  g_assert_cmpint (h, >=, 294);

  /* Something is drawn: not one flat colour. */
  first = interleave_test_texture_pixel (texture, w / 2, h / 2);
  for (int y = 0; y < h && !varied; y += 7)
    for (int x = 0; x < w && !varied; x += 7)
      varied = interleave_test_texture_pixel (texture, x, y) != first;
  g_assert_true (varied);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
about_is_open (gpointer data)
{
  return interleave_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_is_open (gpointer data)
{
  return interleave_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

static void
test_window_about_and_shortcuts (void)
{
  InterleaveWindow *window = open_window ();
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  interleave_test_wait_until (about_is_open, NULL, 5000);
  about = interleave_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  interleave_test_wait_until (shortcuts_is_open, NULL, 5000);
  shortcuts = interleave_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  gtk_window_destroy (shortcuts);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_label_with_text (GtkWidget  *root,
                     const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_with_text (child, text))
      return TRUE;

  return FALSE;
}

static void
test_window_toast (void)
{
  InterleaveWindow *window = open_window ();
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Something broke");

  g_assert_false (has_label_with_text (GTK_WIDGET (window), "Something broke"));
  interleave_window_show_error (window, error);
  interleave_test_iterate (100);
  g_assert_true (has_label_with_text (GTK_WIDGET (window), "Something broke"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_state_saved (void)
{
  InterleaveWindow *window = open_window ();
  GSettings *settings = interleave_application_get_settings (app);
  g_autofree char *last_page = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  interleave_window_set_page (window, "compare");
  gtk_window_close (GTK_WINDOW (window));
  interleave_test_iterate (50);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  last_page = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (last_page, ==, "compare");

  /* A new window comes back on the saved page and size. */
  window = open_window ();
  g_assert_cmpstr (interleave_window_get_page (window), ==, "compare");
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "last-page");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  app = interleave_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/window/pages", test_window_pages);
  g_test_add_func ("/window/renders", test_window_renders);
  g_test_add_func ("/window/about-and-shortcuts", test_window_about_and_shortcuts);
  g_test_add_func ("/window/toast", test_window_toast);
  g_test_add_func ("/window/state-saved", test_window_state_saved);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
