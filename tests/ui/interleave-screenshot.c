/* interleave-screenshot.c
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
#include <glib/gi18n.h>
#include <locale.h>

#include "interleave-application.h"
#include "interleave-compare-page.h"
#include "interleave-learn-page.h"
#include "interleave-lesson-player.h"
#include "interleave-playback.h"
#include "interleave-simulate-page-private.h"
#include "interleave-simulate-page.h"
#include "interleave-simulation-run.h"
#include "interleave-test-util.h"

/* Draws the app's own window, as it is on screen, into a PNG: the
 * screenshots of the store listing and the README (build-aux/screenshots.sh
 * runs it under Xvfb), and pictures to look at while working on a page.
 *
 *   interleave-screenshot OUT.png [--size 1280x720] [--page learn]
 *       [--lesson ID [--step N] [--choose N [--stay]]] [--presenter] [--dark] [--rtl]
 *       [--scenario FILE [--from S --to S] [--at S] [--request N]]
 *       [--compare [--compare-seconds S] [--simulated-only] [--sweep]] [--measure]
 *
 * --scenario opens a scenario on the Simulate page, lets it simulate to
 * the end, pauses, and shows the range --from…--to (seconds) with the
 * playhead --at and request --request followed. --compare runs the
 * Compare page's comparison (simulated, and measured on the real servers)
 * and waits for it to end; --measure runs the lesson step's live check.
 */

static gboolean
player_ready (gpointer data)
{
  return interleave_lesson_player_get_ready (data);
}

static gboolean
run_finished (gpointer data)
{
  InterleaveSimulationRun *run = interleave_simulate_page_get_run (data);

  return run != NULL && interleave_simulation_run_is_finished (run);
}

static gboolean
not_measuring (gpointer data)
{
  return !interleave_lesson_player_get_measuring (data);
}

static gboolean
compare_finished (gpointer data)
{
  return !interleave_compare_page_get_running (data);
}

/* With INTERLEAVE_SCREENSHOT_DUMP set: the mapped widgets and where they are. */
static void
dump_tree (GtkWidget *widget,
           GtkWidget *root,
           guint      depth)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (!gtk_widget_compute_bounds (widget, root, &bounds))
    graphene_rect_init (&bounds, 0, 0, 0, 0);
  g_print ("%*s%s %.0f,%.0f %.0fx%.0f%s%s\n", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
           bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
           GTK_IS_LABEL (widget) ? " " : "",
           GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "");
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    dump_tree (child, root, depth + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *size = NULL;
  g_autofree char *page = NULL;
  g_autofree char *lesson = NULL;
  gboolean presenter = FALSE;
  gboolean dark = FALSE;
  gboolean rtl = FALSE;
  gboolean stay = FALSE;
  int step = 0;
  int choose = 0;
  g_autofree char *scenario = NULL;
  double from = -1, to = -1, at = -1;
  int request = -1;
  gboolean compare = FALSE;
  gboolean measure = FALSE;
  gboolean simulated_only = FALSE;
  gboolean sweep = FALSE;
  double compare_seconds = 2;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Window size, WIDTHxHEIGHT", "1280x720" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, "simulate, measure, compare or learn", "PAGE" },
    { "lesson", 0, 0, G_OPTION_ARG_STRING, &lesson, "Run this shipped lesson", "ID" },
    { "step", 0, 0, G_OPTION_ARG_INT, &step, "Go on to this step (from 0)", "N" },
    { "choose", 0, 0, G_OPTION_ARG_INT, &choose, "The guess to pick, from 1", "N" },
    { "stay", 0, 0, G_OPTION_ARG_NONE, &stay, "Stay on the prediction after choosing", NULL },
    { "presenter", 0, 0, G_OPTION_ARG_NONE, &presenter, "Presenter mode", NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark style", NULL },
    { "rtl", 0, 0, G_OPTION_ARG_NONE, &rtl, "Right-to-left layout", NULL },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario, "Open this scenario on the Simulate page", "FILE" },
    { "from", 0, 0, G_OPTION_ARG_DOUBLE, &from, "Show the timeline from this time", "SECONDS" },
    { "to", 0, 0, G_OPTION_ARG_DOUBLE, &to, "Show the timeline up to this time", "SECONDS" },
    { "at", 0, 0, G_OPTION_ARG_DOUBLE, &at, "Put the playhead here", "SECONDS" },
    { "request", 0, 0, G_OPTION_ARG_INT, &request, "Follow this request of the first architecture", "ID" },
    { "measure", 0, 0, G_OPTION_ARG_NONE, &measure, "Run the lesson step's live check", NULL },
    { "compare", 0, 0, G_OPTION_ARG_NONE, &compare, "Run the Compare page's comparison", NULL },
    { "simulated-only", 0, 0, G_OPTION_ARG_NONE, &simulated_only, "Compare without measuring the real servers", NULL },
    { "sweep", 0, 0, G_OPTION_ARG_NONE, &sweep, "Then sweep the load levels", NULL },
    { "compare-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &compare_seconds, "Length of each compared run", "SECONDS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveApplication) app = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *localedir = g_getenv ("INTERLEAVE_LOCALEDIR");
  GtkWindow *window;
  int width = 1280, height = 720;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "usage: interleave-screenshot OUT.png [options]");
      return 2;
    }
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    {
      g_printerr ("--size: expected WIDTHxHEIGHT, found “%s”\n", size);
      return 2;
    }

  gtk_init ();
  adw_init ();
  if (rtl)
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  app = interleave_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  /* (The window's header cannot be included with the lesson's: the
   * trace model's metric window has the same type name.) */
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  interleave_test_wait_until (interleave_test_widget_is_mapped, window, 10000);

  if (page != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", page);

  if (scenario != NULL)
    {
      InterleaveSimulatePage *sim = INTERLEAVE_SIMULATE_PAGE (interleave_test_find_descendant (GTK_WIDGET (window),
                                                                                               INTERLEAVE_TYPE_SIMULATE_PAGE));
      InterleaveTimelineView *timeline = interleave_simulate_page_get_timeline (sim);
      InterleavePlayback *playback = interleave_simulate_page_get_playback (sim);

      g_autoptr(GFile) file = g_file_new_for_commandline_arg (scenario);

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "simulate");
      if (!interleave_simulate_page_load_file (sim, file, &error))
        g_error ("%s", error->message);
      interleave_test_wait_until (run_finished, sim, 120000);
      interleave_playback_set_playing (playback, FALSE);
      interleave_test_iterate (200);
      if (at >= 0)
        interleave_playback_set_playhead (playback, (gint64) (at * 1e9));
      if (from >= 0 && to > from)
        {
          interleave_timeline_view_set_follow_playhead (timeline, FALSE);
          interleave_timeline_view_set_visible_range (timeline, (gint64) (from * 1e9), (gint64) (to * 1e9));
        }
      if (request >= 0)
        interleave_timeline_view_select_request (timeline, 0, (guint32) request);
    }

  if (compare)
    {
      InterleaveComparePage *cmp = INTERLEAVE_COMPARE_PAGE (interleave_test_find_descendant (GTK_WIDGET (window),
                                                                                             INTERLEAVE_TYPE_COMPARE_PAGE));

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "compare");
      interleave_compare_page_set_duration (cmp, compare_seconds);
      interleave_compare_page_set_measure (cmp, !simulated_only);
      interleave_compare_page_run (cmp);
      interleave_test_iterate (200);
      interleave_test_wait_until (compare_finished, cmp, 300000);
      if (sweep)
        {
          interleave_compare_page_sweep (cmp);
          interleave_test_iterate (200);
          interleave_test_wait_until (compare_finished, cmp, 600000);
        }
      if (interleave_compare_page_get_message (cmp) != NULL)
        g_printerr ("Compare: %s\n", interleave_compare_page_get_message (cmp));
    }

  if (lesson != NULL)
    {
      InterleaveLearnPage *learn = INTERLEAVE_LEARN_PAGE (interleave_test_find_descendant (GTK_WIDGET (window),
                                                                                           INTERLEAVE_TYPE_LEARN_PAGE));
      InterleaveLessonPlayer *player;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "learn");
      if (!interleave_learn_page_start (learn, lesson, FALSE, &error))
        g_error ("%s", error->message);
      player = INTERLEAVE_LESSON_PLAYER (interleave_learn_page_get_player (learn));

      for (;;)
        {
          interleave_test_wait_until (player_ready, player, 30000);
          if (interleave_lesson_player_get_screen (player) == INTERLEAVE_LESSON_SCREEN_PREDICT)
            {
              if (choose > 0)
                interleave_lesson_player_choose (player, choose - 1);
              if (stay || choose <= 0)
                break;
            }
          else if ((int) interleave_lesson_player_get_step (player) >= step)
            break;
          if (!interleave_lesson_player_next (player))
            break;
        }
      interleave_test_wait_until (player_ready, player, 30000);

      if (measure)
        {
          if (!interleave_lesson_player_measure (player))
            g_error ("This step has no live check");
          interleave_test_wait_until (not_measuring, player, 120000);
          if (interleave_lesson_player_get_live_error (player) != NULL)
            g_printerr ("Live check: %s\n", interleave_lesson_player_get_live_error (player));
        }
    }

  if (presenter)
    g_object_set (window, "presenter", TRUE, NULL);

  /* Let layout, fonts and the first frames settle. */
  interleave_test_iterate (500);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  interleave_test_iterate (300);

  if (g_getenv ("INTERLEAVE_SCREENSHOT_DUMP") != NULL)
    dump_tree (GTK_WIDGET (window), GTK_WIDGET (window), 0);

  texture = interleave_test_render_widget (GTK_WIDGET (window));
  if (!gdk_texture_save_to_png (texture, argv[1]))
    {
      g_printerr ("Cannot write %s\n", argv[1]);
      return 1;
    }
  g_print ("wrote %s (%dx%d)\n", argv[1], gdk_texture_get_width (texture), gdk_texture_get_height (texture));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
