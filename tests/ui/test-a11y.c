/* test-a11y.c
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
#include "interleave-chart-view.h"
#include "interleave-learn-page.h"
#include "interleave-lesson-player.h"
#include "interleave-simulate-page-private.h"
#include "interleave-simulate-page.h"
#include "interleave-simulation-run.h"
#include "interleave-test-util.h"
#include "interleave-timeline-view.h"

/* Accessibility of the whole app: every interactive widget of every page,
 * the lesson player at every screen of a lesson, the primary menu and the
 * dialogs it opens has an accessible name (the label property or a
 * labelled-by relation, which is what GTK 4.8 gives a screen reader; a
 * tooltip is only a description there). And the keyboard alone reaches
 * each page's main controls. */

static InterleaveApplication *app;

/* Widgets a user operates. Composite ones (a spin button, a drop-down, a
 * menu button, an entry row) are checked as a whole, not their parts. */
static gboolean
is_interactive (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget)
         || GTK_IS_CHECK_BUTTON (widget)
         || GTK_IS_MENU_BUTTON (widget)
         || GTK_IS_SPIN_BUTTON (widget)
         || GTK_IS_ENTRY (widget)
         || GTK_IS_PASSWORD_ENTRY (widget)
         || GTK_IS_SEARCH_ENTRY (widget)
         || GTK_IS_TEXT (widget)
         || (GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)))
         || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_SWITCH (widget)
         || GTK_IS_SCALE (widget)
         || ADW_IS_SPLIT_BUTTON (widget)
         || ADW_IS_ENTRY_ROW (widget)
         || ADW_IS_COMBO_ROW (widget)
         || INTERLEAVE_IS_TIMELINE_VIEW (widget)
         || INTERLEAVE_IS_CHART_VIEW (widget);
}

static gboolean
is_composite (GtkWidget *widget)
{
  return GTK_IS_MENU_BUTTON (widget)
         || GTK_IS_SPIN_BUTTON (widget)
         || GTK_IS_ENTRY (widget)
         || GTK_IS_PASSWORD_ENTRY (widget)
         || GTK_IS_SEARCH_ENTRY (widget)
         || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_SCALE (widget)
         || ADW_IS_SPLIT_BUTTON (widget)
         || ADW_IS_ENTRY_ROW (widget)
         || ADW_IS_COMBO_ROW (widget)
         || GTK_IS_WINDOW_CONTROLS (widget);
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      /* NULL means "equal": an empty label names nothing. */
      g_autofree char *differs = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");

      return differs != NULL;
    }

  return gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static char *
describe (GtkWidget *widget)
{
  GString *s = g_string_new (G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : NULL;

      if (id != NULL)
        {
          g_string_append_printf (s, " #%s", id);
          break;
        }
    }
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (s, " icon=%s", gtk_button_get_icon_name (GTK_BUTTON (widget)));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_string_append_printf (s, " tooltip=“%s”", gtk_widget_get_tooltip_text (widget));
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    g_string_append_printf (s, " < %s", G_OBJECT_TYPE_NAME (w));

  return g_string_free (s, FALSE);
}

/* Widgets inside the toolkit's own dialogs (libadwaita's About window,
 * GTK's shortcuts window) that the toolkit leaves unnamed and the app
 * cannot reach: listed, not counted. Only these, only there. */
static gboolean
is_toolkit_internal (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (ADW_IS_ABOUT_WINDOW (root))
    return g_strcmp0 (id, "version_button") == 0;
  if (GTK_IS_SHORTCUTS_WINDOW (root))
    return GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_MENU_BUTTON (widget);
  return FALSE;
}

/* Every widget shown, apart from those that are presentation only (the
 * lesson walk shows every screen of the player). Returns how many were
 * checked; names the unnamed ones in @missing (a set, so one widget seen
 * in two states counts once). */
static guint
walk (GtkWidget  *widget,
      GHashTable *missing)
{
  guint checked = 0;

  if (!gtk_widget_get_visible (widget))
    return 0;
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_PRESENTATION)
    return 0;

  if (is_interactive (widget))
    {
      checked++;
      if (!has_accessible_name (widget))
        {
          g_autofree char *what = describe (widget);

          if (is_toolkit_internal (widget))
            g_test_message ("  toolkit's own, not counted: %s", what);
          else
            g_hash_table_add (missing, g_steal_pointer (&what));
        }
    }
  if (is_composite (widget))
    return checked;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    checked += walk (child, missing);

  return checked;
}

static void
report (GHashTable *missing,
        guint       checked,
        const char *where)
{
  GHashTableIter iter;
  const char *name;

  g_test_message ("%s: %u interactive widgets checked, %u without an accessible name",
                  where, checked, g_hash_table_size (missing));
  g_hash_table_iter_init (&iter, missing);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    g_test_message ("  no accessible name: %s", name);
}

/* (interleave-window.h cannot be included with the timeline's headers:
 * the trace model's metric window has the same type name.) */
static GtkWindow *
open_window (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  interleave_test_wait_until (interleave_test_widget_is_mapped, window, 10000);

  return window;
}

static gboolean
widget_has_size (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static gboolean
simulation_finished (gpointer data)
{
  InterleaveSimulationRun *run = interleave_simulate_page_get_run (data);

  return run == NULL || interleave_simulation_run_is_finished (run);
}

static gboolean
player_ready (gpointer data)
{
  return interleave_lesson_player_get_ready (data);
}

static gboolean
popover_is_mapped (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (data);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
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

static const char *pages[] = { "simulate", "measure", "compare", "learn" };

static void
test_a11y_labels (void)
{
  GtkWindow *window = open_window ();
  g_autoptr(GHashTable) missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  InterleaveLearnPage *learn;
  InterleaveLessonPlayer *player;
  GtkMenuButton *menu_button;
  GtkWindow *dialog;
  guint checked = 0;

  /* Each page, in normal and presenter mode. */
  for (guint presenter = 0; presenter < 2; presenter++)
    {
      g_object_set (window, "presenter", (gboolean) presenter, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
          interleave_test_iterate (50);
          checked += walk (GTK_WIDGET (window), missing);
        }
    }
  g_object_set (window, "presenter", FALSE, NULL);

  /* A lesson at every screen: predictions, steps, live checks, verdict. */
  learn = INTERLEAVE_LEARN_PAGE (interleave_test_find_descendant (GTK_WIDGET (window), INTERLEAVE_TYPE_LEARN_PAGE));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "learn");
  g_assert_true (interleave_learn_page_start (learn, "node-one-request", FALSE, &error));
  g_assert_no_error (error);
  player = INTERLEAVE_LESSON_PLAYER (interleave_learn_page_get_player (learn));
  for (guint n = 0; n < 64 && interleave_learn_page_get_in_lesson (learn); n++)
    {
      interleave_test_wait_until (player_ready, player, 30000);
      if (interleave_lesson_player_get_screen (player) == INTERLEAVE_LESSON_SCREEN_PREDICT
          && interleave_lesson_player_get_choice (player) < 0)
        {
          checked += walk (GTK_WIDGET (window), missing);
          interleave_lesson_player_choose (player, 0);
          interleave_test_iterate (20);
        }
      checked += walk (GTK_WIDGET (window), missing);
      if (!interleave_lesson_player_next (player))
        break;
    }
  g_assert_false (interleave_learn_page_get_in_lesson (learn));

  /* The primary menu and what it opens. */
  menu_button = GTK_MENU_BUTTON (interleave_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON));
  g_assert_nonnull (menu_button);
  gtk_menu_button_popup (menu_button);
  interleave_test_wait_until (popover_is_mapped, menu_button, 5000);
  checked += walk (GTK_WIDGET (gtk_menu_button_get_popover (menu_button)), missing);
  gtk_menu_button_popdown (menu_button);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  interleave_test_wait_until (shortcuts_is_open, NULL, 5000);
  dialog = interleave_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  interleave_test_iterate (50);
  checked += walk (GTK_WIDGET (dialog), missing);
  gtk_window_destroy (dialog);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  interleave_test_wait_until (about_is_open, NULL, 5000);
  dialog = interleave_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  interleave_test_iterate (50);
  checked += walk (GTK_WIDGET (dialog), missing);
  gtk_window_destroy (dialog);

  report (missing, checked, "window, lesson, menu and dialogs");
  /* A walk that found nothing to check would prove nothing. */
  g_assert_cmpuint (checked, >=, 100);
  g_assert_cmpuint (g_hash_table_size (missing), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Keyboard only ------------------------------------------------------------ */

static GtkWidget *
find_by_id (GtkWidget  *root,
            const char *id)
{
  if (GTK_IS_BUILDABLE (root) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Presses Tab as many times as @presses and returns every widget that had
 * the focus (each once), in order. A fixed count, not "until it comes
 * back round": a page that moves the focus itself (a run that finished)
 * cannot end the round early. */
static GPtrArray *
tab_round (GtkWindow *window,
           guint      presses)
{
  GPtrArray *visited = g_ptr_array_new ();

  gtk_window_set_focus (window, NULL);
  for (guint i = 0; i < presses; i++)
    {
      GtkWidget *focus;

      g_assert_true (interleave_test_press_key (GTK_WIDGET (window), GDK_KEY_Tab, 0));
      interleave_test_iterate (2);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      if (!g_ptr_array_find (visited, focus, NULL))
        g_ptr_array_add (visited, focus);
    }

  return visited;
}

static gboolean
was_reached (GPtrArray *visited,
             GtkWidget *target)
{
  for (guint i = 0; i < visited->len; i++)
    {
      GtkWidget *focus = g_ptr_array_index (visited, i);

      if (focus == target || gtk_widget_is_ancestor (focus, target))
        return TRUE;
    }

  return FALSE;
}

static void
assert_reaches (GtkWindow          *window,
                GtkWidget          *page,
                const char         *where,
                const char * const *ids)
{
  g_autoptr(GPtrArray) visited = NULL;
  guint missed = 0;

  /* Laid out and drawn first (a busy machine takes its time): Tab skips
   * what is not. */
  interleave_test_wait_until (widget_has_size, page, 10000);
  interleave_test_wait_for_frames (GTK_WIDGET (window), 3, 10000);
  visited = tab_round (window, 50);

  g_test_message ("%s: Tab reaches %u widgets", where, visited->len);
  for (guint i = 0; i < visited->len; i++)
    {
      g_autofree char *what = describe (g_ptr_array_index (visited, i));

      g_test_message ("  %s", what);
    }
  for (guint i = 0; ids[i] != NULL; i++)
    {
      GtkWidget *target = find_by_id (page, ids[i]);

      g_assert_nonnull (target);
      /* (Back on the first screen is off, rightly out of the round.) */
      if (!gtk_widget_is_sensitive (target))
        continue;
      if (!was_reached (visited, target))
        {
          g_test_message ("%s: Tab never reaches #%s", where, ids[i]);
          missed++;
        }
    }
  g_assert_cmpuint (missed, ==, 0);
}

static void
test_keyboard_only (void)
{
  GtkWindow *window = open_window ();
  AdwViewStack *stack = ADW_VIEW_STACK (interleave_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  static const char *simulate[] = { "scenario_dropdown", "editor_button", "play_button", "speed_scale",
                                    "timeline", "scrubber", NULL };
  static const char *measure[] = { "server_row", "plan_row", "clients_spin", "start_button", NULL };
  static const char *compare[] = { "workload_row", "plan_row", "run_button", "sweep_button", NULL };
  static const char *learn[] = { "open_button", NULL };
  static const char *player_predict[] = { "choices_box", "back_button", "leave_button", NULL };
  static const char *player_step[] = { "timeline", "next_button", "back_button", "leave_button", NULL };
  static const char * const *controls[] = { simulate, measure, compare, learn };
  InterleaveLearnPage *learn_page;
  InterleaveLessonPlayer *player;
  GtkWidget *start;
  g_autoptr(GPtrArray) visited = NULL;

  /* The first page simulates its scenario first. */
  interleave_test_wait_until (simulation_finished, adw_view_stack_get_child_by_name (stack, "simulate"), 60000);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = adw_view_stack_get_child_by_name (stack, pages[i]);

      /* Alt+1…4 switch pages. */
      g_assert_true (interleave_test_press_key (GTK_WIDGET (window), GDK_KEY_1 + i, GDK_ALT_MASK));
      interleave_test_iterate (50);
      g_assert_true (adw_view_stack_get_visible_child (stack) == page);
      assert_reaches (window, page, pages[i], controls[i]);
    }

  /* Learn: Tab reaches every lesson's Start; Space starts it. */
  learn_page = INTERLEAVE_LEARN_PAGE (adw_view_stack_get_child_by_name (stack, "learn"));
  visited = tab_round (window, 50);
  start = find_action_button (GTK_WIDGET (learn_page), "learn.start");
  g_assert_nonnull (start);
  g_assert_true (was_reached (visited, start));
  {
    guint n_start = 0;

    for (guint i = 0; i < visited->len; i++)
      if (GTK_IS_BUTTON (g_ptr_array_index (visited, i)) &&
          g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (visited, i)), "learn.start") == 0)
        n_start++;
    /* A Start per card (and a Start over on cards begun before). */
    g_assert_cmpuint (n_start, >=, interleave_learn_page_get_n_lessons (learn_page));
  }

  gtk_widget_grab_focus (start);
  g_assert_true (interleave_test_press_key (start, GDK_KEY_space, 0));
  interleave_test_iterate (300);
  g_assert_true (interleave_learn_page_get_in_lesson (learn_page));
  player = INTERLEAVE_LESSON_PLAYER (interleave_learn_page_get_player (learn_page));
  interleave_test_wait_until (player_ready, player, 30000);

  /* The player, on a question and on a step. */
  for (guint n = 0; n < 20 && interleave_lesson_player_get_screen (player) != INTERLEAVE_LESSON_SCREEN_PREDICT; n++)
    {
      interleave_lesson_player_next (player);
      interleave_test_wait_until (player_ready, player, 30000);
    }
  g_assert_cmpint (interleave_lesson_player_get_screen (player), ==, INTERLEAVE_LESSON_SCREEN_PREDICT);
  assert_reaches (window, GTK_WIDGET (player), "lesson question", player_predict);
  /* Number keys pick a guess wherever the focus is in the player. */
  gtk_window_set_focus (window, NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (player), GTK_DIR_TAB_FORWARD));
  g_assert_true (interleave_test_press_key (GTK_WIDGET (player), GDK_KEY_1, 0));
  g_assert_true (interleave_test_press_key (GTK_WIDGET (player), GDK_KEY_Page_Down, 0));
  interleave_test_iterate (100);
  interleave_test_wait_until (player_ready, player, 30000);
  g_assert_cmpint (interleave_lesson_player_get_screen (player), ==, INTERLEAVE_LESSON_SCREEN_STEP);
  assert_reaches (window, GTK_WIDGET (player), "lesson step", player_step);

  /* Esc leaves the lesson. */
  gtk_window_set_focus (window, NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (player), GTK_DIR_TAB_FORWARD));
  g_assert_true (interleave_test_press_key (GTK_WIDGET (player), GDK_KEY_Escape, 0));
  interleave_test_iterate (100);
  g_assert_false (interleave_learn_page_get_in_lesson (learn_page));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* The test AT context keeps every accessible property for us to read
   * (with GTK_A11Y=none, as the other UI tests run, GTK keeps none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  app = interleave_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/a11y/labels", test_a11y_labels);
  g_test_add_func ("/a11y/keyboard-only", test_keyboard_only);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
