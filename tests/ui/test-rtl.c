/* test-rtl.c
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
#include <string.h>

#include "interleave-application.h"
#include "interleave-learn-page.h"
#include "interleave-lesson-player.h"
#include "interleave-test-traces.h"
#include "interleave-test-util.h"
#include "interleave-timeline-view.h"

/* Right to left (Arabic, Hebrew, Persian): the whole window, every page,
 * and a lesson laid out mirrored, without a warning (they are fatal here),
 * with every widget inside the window and its parent; the timeline stays a
 * chart, time running left to right as in the left-to-right layout. With
 * INTERLEAVE_RTL_PNG_DIR set, each page is also written as a PNG to look at. */

static InterleaveApplication *app;

static gboolean
widget_has_size (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static gboolean
player_ready (gpointer data)
{
  return interleave_lesson_player_get_ready (data);
}

/* Every mapped widget lies inside its parent, unless the parent scrolls
 * it (a viewport, a scrolled window), clips it, or it draws outside on
 * purpose (a popover, a toolkit gizmo). Returns how many widgets it checked; counts the ones outside. */
static guint
check_inside (GtkWidget *widget,
              guint     *outside)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  guint checked = 0;

  if (!gtk_widget_get_mapped (widget) || GTK_IS_POPOVER (widget) || (GTK_IS_NATIVE (widget) && parent != NULL))
    return 0;

  /* (A toolkit's gizmos, such as a scale's knob or a view switcher's
   * badge, stick out of their trough or button by design.) */
  if (parent != NULL && !g_str_has_suffix (G_OBJECT_TYPE_NAME (widget), "Gizmo") && !GTK_IS_VIEWPORT (parent) && !GTK_IS_SCROLLED_WINDOW (parent) &&
      !GTK_IS_SCROLLABLE (parent) && gtk_widget_get_overflow (parent) == GTK_OVERFLOW_VISIBLE)
    {
      graphene_rect_t child, area;

      checked++;
      if (gtk_widget_compute_bounds (widget, parent, &child))
        {
          graphene_rect_init (&area, -1, -1, gtk_widget_get_width (parent) + 2, gtk_widget_get_height (parent) + 2);
          if (child.size.width > 0 && child.size.height > 0 && !graphene_rect_contains_rect (&area, &child))
            {
              (*outside)++;
              g_test_message ("outside its parent: %s (%.0f,%.0f %.0f×%.0f) in %s (%d×%d)",
                              G_OBJECT_TYPE_NAME (widget), child.origin.x, child.origin.y,
                              child.size.width, child.size.height, G_OBJECT_TYPE_NAME (parent),
                              gtk_widget_get_width (parent), gtk_widget_get_height (parent));
            }
        }
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    checked += check_inside (c, outside);

  return checked;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("INTERLEAVE_RTL_PNG_DIR");
  g_autoptr(GdkTexture) texture = interleave_test_render_widget (widget);
  g_autofree char *path = NULL;

  g_assert_nonnull (texture);
  if (dir == NULL || *dir == '\0')
    return;
  path = g_strdup_printf ("%s/rtl-%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
check_page (GtkWindow  *window,
            GtkWidget  *page,
            const char *name)
{
  guint outside = 0;
  guint checked;

  interleave_test_wait_until (widget_has_size, page, 10000);
  interleave_test_wait_for_frames (GTK_WIDGET (window), 3, 10000);
  g_assert_cmpint (gtk_widget_get_direction (page), ==, GTK_TEXT_DIR_RTL);
  checked = check_inside (GTK_WIDGET (window), &outside);
  g_test_message ("%s: %u widgets checked, %u outside their parent", name, checked, outside);
  g_assert_cmpuint (checked, >, 20);
  g_assert_cmpuint (outside, ==, 0);
  save_png (GTK_WIDGET (window), name);
}

static void
test_rtl_window (void)
{
  static const char *pages[] = { "simulate", "measure", "compare", "learn" };
  GtkWindow *window;
  AdwViewStack *stack;
  GtkWidget *menu_button;
  graphene_rect_t bounds;
  InterleaveLearnPage *learn;
  InterleaveLessonPlayer *player;
  g_autoptr(GError) error = NULL;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 1280, 720);
  gtk_window_present (window);
  interleave_test_wait_until (widget_has_size, window, 10000);
  stack = ADW_VIEW_STACK (interleave_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

  /* Mirrored: the main menu, at the end of the header bar, is on the left. */
  menu_button = interleave_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  interleave_test_wait_for_frames (GTK_WIDGET (window), 3, 10000);
  g_assert_true (gtk_widget_compute_bounds (menu_button, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <, gtk_widget_get_width (GTK_WIDGET (window)) / 2);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      check_page (window, adw_view_stack_get_child_by_name (stack, pages[i]), pages[i]);
    }

  /* A lesson: the question, then a step with its timeline and caption. */
  learn = INTERLEAVE_LEARN_PAGE (adw_view_stack_get_child_by_name (stack, "learn"));
  g_assert_true (interleave_learn_page_start (learn, "python-no-threads", FALSE, &error));
  g_assert_no_error (error);
  player = INTERLEAVE_LESSON_PLAYER (interleave_learn_page_get_player (learn));
  for (guint n = 0; n < 3; n++)
    {
      interleave_test_wait_until (player_ready, player, 30000);
      if (interleave_lesson_player_get_screen (player) == INTERLEAVE_LESSON_SCREEN_PREDICT)
        {
          check_page (window, GTK_WIDGET (player), "lesson-question");
          interleave_lesson_player_choose (player, 0);
        }
      else
        {
          g_autofree char *name = g_strdup_printf ("lesson-step-%u", n);

          check_page (window, GTK_WIDGET (player), name);
        }
      interleave_lesson_player_next (player);
    }

  /* Presenter mode. */
  g_object_set (window, "presenter", TRUE, NULL);
  interleave_test_wait_until (player_ready, player, 30000);
  check_page (window, GTK_WIDGET (player), "lesson-presenter");
  g_object_set (window, "presenter", FALSE, NULL);

  gtk_window_destroy (window);
}

/* The timeline in an RTL window draws exactly what it draws left to right:
 * time runs left to right, as in any chart, lane names in the same
 * column, nothing clipped differently. */
static void
test_rtl_timeline (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_test_trace_new_fixed ();
  const InterleaveTrace *traces[1] = { trace };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  InterleaveTimelineView *view = INTERLEAVE_TIMELINE_VIEW (interleave_timeline_view_new ());
  g_autoptr(GdkTexture) rtl = NULL;
  g_autoptr(GdkTexture) ltr = NULL;
  guint differ = 0;
  int w, h;

  gtk_window_set_default_size (window, 900, 300);
  gtk_window_set_child (window, GTK_WIDGET (view));
  interleave_timeline_view_set_traces (view, traces, NULL, 1);
  gtk_window_present (window);
  interleave_test_wait_until (widget_has_size, view, 10000);
  interleave_timeline_view_set_visible_range (view, 0, 100 * G_GINT64_CONSTANT (1000000));
  interleave_timeline_view_set_playhead (view, 55 * G_GINT64_CONSTANT (1000000));
  interleave_test_wait_for_frames (GTK_WIDGET (window), 3, 10000);

  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (view)), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpfloat (interleave_timeline_view_time_to_x (view, 10 * G_GINT64_CONSTANT (1000000)), <,
                     interleave_timeline_view_time_to_x (view, 90 * G_GINT64_CONSTANT (1000000)));
  rtl = interleave_test_render_widget (GTK_WIDGET (view));
  save_png (GTK_WIDGET (view), "timeline");

  gtk_widget_set_direction (GTK_WIDGET (view), GTK_TEXT_DIR_LTR);
  interleave_test_wait_for_frames (GTK_WIDGET (window), 3, 10000);
  ltr = interleave_test_render_widget (GTK_WIDGET (view));

  w = gdk_texture_get_width (rtl);
  h = gdk_texture_get_height (rtl);
  g_assert_cmpint (w, ==, gdk_texture_get_width (ltr));
  g_assert_cmpint (h, ==, gdk_texture_get_height (ltr));
  {
    g_autofree guchar *a = g_malloc ((gsize) w * h * 4);
    g_autofree guchar *b = g_malloc ((gsize) w * h * 4);

    gdk_texture_download (rtl, a, (gsize) w * 4);
    gdk_texture_download (ltr, b, (gsize) w * 4);
    for (gsize i = 0; i < (gsize) w * h; i++)
      if (memcmp (a + 4 * i, b + 4 * i, 4) != 0)
        differ++;
  }
  g_test_message ("timeline: %u of %d pixels differ between RTL and LTR", differ, w * h);
  g_assert_cmpuint (differ, ==, 0);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);

  app = interleave_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/rtl/window", test_rtl_window);
  g_test_add_func ("/rtl/timeline", test_rtl_timeline);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
