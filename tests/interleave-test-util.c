/* interleave-test-util.c
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

#include <string.h>

#include "interleave-test-util.h"

static gboolean
timeout_reached (gpointer data)
{
  gboolean *reached = data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * interleave_test_wait_until:
 *
 * Iterates the default main context until @done returns %TRUE; fails the
 * test after @timeout_ms.
 */
void
interleave_test_wait_until (gboolean (*done) (gpointer data),
                            gpointer   data,
                            guint      timeout_ms)
{
  gboolean reached = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_reached, &reached);

  while (!done (data))
    {
      if (reached)
        g_error ("Timed out after %u ms", timeout_ms);
      g_main_context_iteration (NULL, TRUE);
    }

  if (!reached)
    g_source_remove (id);
}

/**
 * interleave_test_iterate:
 *
 * Runs the default main context for @ms milliseconds.
 */
void
interleave_test_iterate (guint ms)
{
  gboolean reached = FALSE;

  g_timeout_add (ms, timeout_reached, &reached);
  while (!reached)
    g_main_context_iteration (NULL, TRUE);
}

/* For interleave_test_wait_until(): whether the widget @widget is mapped. */
gboolean
interleave_test_widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/**
 * interleave_test_show_in_window:
 * @child: (transfer floating): the widget under test
 * @width: the window's default width
 * @height: and height
 *
 * Puts @child in a new window of that size and presents it; returns once
 * @child is mapped (fails the test after 10 s).
 *
 * Returns: (transfer none): the window; close it with
 *   interleave_test_close_window()
 */
GtkWindow *
interleave_test_show_in_window (GtkWidget *child,
                                int        width,
                                int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  interleave_test_wait_until (interleave_test_widget_is_mapped, child, 10000);

  return window;
}

/* Destroys *@window, if any, sets it to %NULL and lets GTK settle. */
void
interleave_test_close_window (GtkWindow **window)
{
  if (*window != NULL)
    gtk_window_destroy (g_steal_pointer (window));
  interleave_test_iterate (20);
}

GtkWidget *
interleave_test_find_descendant (GtkWidget *root,
                                 GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = interleave_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWindow *
interleave_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type))
        return window;
    }

  return NULL;
}

/**
 * interleave_test_render_widget:
 * @widget: a realized, allocated widget
 *
 * Returns: (transfer full): the widget drawn by GskCairoRenderer
 */
GdkTexture *
interleave_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GError) error = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkTexture *texture;

  /* A busy machine may not have laid the window out yet. */
  for (guint i = 0; i < 500 && (width <= 0 || height <= 0); i++)
    {
      interleave_test_iterate (10);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
    }
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A widget whose layout was just invalidated (an animation, data
   * arriving) has no picture until the next frame: give it a few. */
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_clear_pointer (&node, gsk_render_node_unref);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        break;
      snapshot = gtk_snapshot_new ();
      interleave_test_iterate (10);
    }
  g_assert_nonnull (node);

  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);

  return texture;
}

/**
 * interleave_test_texture_pixel:
 *
 * Returns: the pixel at (@x, @y) as 0xAARRGGBB
 */
guint32
interleave_test_texture_pixel (GdkTexture *texture,
                               int         x,
                               int         y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = NULL;
  guint32 pixel;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, height);

  /* gdk_texture_download() writes CAIRO_FORMAT_ARGB32 in native order. */
  data = g_malloc (width * 4 * height);
  gdk_texture_download (texture, data, width * 4);
  memcpy (&pixel, data + y * width * 4 + x * 4, 4);

  return pixel;
}

/**
 * interleave_test_texture_count_near:
 * @red: 0…1
 * @green: 0…1
 * @blue: 0…1
 * @tolerance: per channel, 0…255
 *
 * Returns: how many pixels are within @tolerance of the colour
 */
guint
interleave_test_texture_count_near (GdkTexture *texture,
                                    double      red,
                                    double      green,
                                    double      blue,
                                    int         tolerance)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  int r0 = (int) (red * 255 + 0.5), g0 = (int) (green * 255 + 0.5), b0 = (int) (blue * 255 + 0.5);
  g_autofree guchar *data = g_malloc (width * 4 * height);
  guint count = 0;

  gdk_texture_download (texture, data, width * 4);

  for (int i = 0; i < width * height; i++)
    {
      guint32 pixel;
      int r, g, b;

      memcpy (&pixel, data + i * 4, 4);
      r = (pixel >> 16) & 0xff;
      g = (pixel >> 8) & 0xff;
      b = pixel & 0xff;
      if (ABS (r - r0) <= tolerance && ABS (g - g0) <= tolerance && ABS (b - b0) <= tolerance)
        count++;
    }

  return count;
}

typedef struct
{
  guint frames;
  guint wanted;
} Frames;

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  ((Frames *) data)->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
enough_frames (gpointer data)
{
  return ((Frames *) data)->frames >= ((Frames *) data)->wanted;
}

/**
 * interleave_test_wait_for_frames:
 *
 * Waits until @widget went through @n_frames frames, so that what it
 * shows now was drawn (interleave_test_render_widget() draws what the
 * widget drew last). Fails the test after @timeout_ms.
 */
void
interleave_test_wait_for_frames (GtkWidget *widget,
                                 guint      n_frames,
                                 guint      timeout_ms)
{
  Frames frames = { 0, n_frames };
  guint id = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);

  interleave_test_wait_until (enough_frames, &frames, timeout_ms);
  gtk_widget_remove_tick_callback (widget, id);
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) ==
             gdk_keyval_to_lower (keyval) &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;

  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers);

  return FALSE;
}

static gboolean
activate_shortcuts (GtkWidget           *widget,
                    GtkPropagationPhase  phase,
                    guint                keyval,
                    GdkModifierType      modifiers)
{
  g_autoptr(GListModel) controllers = NULL;
  guint n;

  if (!gtk_widget_is_sensitive (widget))
    return FALSE;

  controllers = gtk_widget_observe_controllers (widget);
  n = g_list_model_get_n_items (controllers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != phase ||
          gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) != GTK_SHORTCUT_SCOPE_LOCAL)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                            widget, gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }

  return FALSE;
}

/**
 * interleave_test_press_key:
 * @widget: any widget in the window that gets the key
 * @keyval: a key, such as %GDK_KEY_Right
 * @modifiers: the modifiers held with it
 *
 * Delivers a key press the way GTK does to shortcuts: down from the
 * window to the focused widget through capture-phase controllers, then
 * back up through the bubble-phase ones (class key bindings, a button's
 * Space, shortcut controllers), until one acts. GTK 4 has no public way
 * to synthesize key events; this follows the same path for every
 * shortcut a keyboard user can reach.
 *
 * Returns: whether a shortcut handled the key
 */
gboolean
interleave_test_press_key (GtkWidget       *widget,
                           guint            keyval,
                           GdkModifierType  modifiers)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  GtkWidget *focus;

  g_assert_nonnull (root);

  focus = gtk_root_get_focus (root);
  if (focus == NULL)
    focus = GTK_WIDGET (root);

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_add (chain, w);

  for (guint i = chain->len; i > 0; i--)
    if (activate_shortcuts (g_ptr_array_index (chain, i - 1), GTK_PHASE_CAPTURE, keyval, modifiers))
      return TRUE;

  if (activate_shortcuts (focus, GTK_PHASE_TARGET, keyval, modifiers))
    return TRUE;

  for (guint i = 0; i < chain->len; i++)
    if (activate_shortcuts (g_ptr_array_index (chain, i), GTK_PHASE_BUBBLE, keyval, modifiers))
      return TRUE;

  return FALSE;
}
