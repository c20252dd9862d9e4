/* test-simulate-page.c
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
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "interleave-playback.h"
#include "interleave-scenario-editor.h"
#include "interleave-simulate-page-private.h"
#include "interleave-test-util.h"

typedef struct
{
  GtkWindow              *window;
  InterleaveSimulatePage *page;
  char                   *dir;
} Fixture;

static gboolean
run_done (gpointer data)
{
  InterleaveSimulationRun *run = interleave_simulate_page_get_run (data);

  return run != NULL && interleave_simulation_run_is_finished (run);
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for_run (Fixture *f)
{
  interleave_test_wait_until (run_done, f->page, 60000);
  interleave_test_iterate (20);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->page = g_object_new (INTERLEAVE_TYPE_SIMULATE_PAGE, NULL);
  f->window = interleave_test_show_in_window (GTK_WIDGET (f->page), 1280, 800);
  wait_for_run (f);

  f->dir = g_dir_make_tmp ("interleave-page-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  gtk_window_destroy (f->window);
  interleave_test_iterate (10);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static GFile *
temp_file (Fixture    *f,
           const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  return g_file_new_for_path (path);
}

/* A newcomer sees the first myth check, simulated and playing. */
static void
test_opens_a_myth (Fixture       *f,
                   gconstpointer  data)
{
  const InterleaveScenario *scenario = interleave_simulate_page_get_scenario (f->page);
  InterleaveSimulationRun *run = interleave_simulate_page_get_run (f->page);
  g_autofree char *caption = NULL;

  g_assert_nonnull (scenario);
  g_assert_nonnull (strstr (scenario->title, "Myth 1"));
  g_assert_cmpuint (interleave_simulation_run_get_n_traces (run), ==, 2);
  g_assert_true (interleave_playback_get_playing (interleave_simulate_page_get_playback (f->page)));

  for (guint i = 0; i < 2; i++)
    {
      g_assert_nonnull (interleave_simulation_run_get_summaries (run)[i]);
      g_assert_cmpuint (interleave_trace_get_n_spans (interleave_simulation_run_get_traces (run)[i]), >, 1000);
    }

  caption = interleave_simulate_page_dup_caption (f->page, 0);
  g_assert_nonnull (caption);
  g_assert_cmpstr (caption, !=, "");
}

static void
test_playback_controls (Fixture       *f,
                        gconstpointer  data)
{
  InterleavePlayback *playback = interleave_simulate_page_get_playback (f->page);
  InterleaveSimulationRun *run = interleave_simulate_page_get_run (f->page);
  InterleaveTimelineView *timeline = interleave_simulate_page_get_timeline (f->page);
  gint64 expected;
  double speed;

  /* Space pauses. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.play-pause", NULL));
  g_assert_false (interleave_playback_get_playing (playback));

  /* → moves the playhead to the next event, in the page and the view. */
  interleave_playback_set_playhead (playback, 100 * 1000000);
  expected = interleave_playback_find_event (interleave_simulation_run_get_traces (run),
                                             interleave_simulation_run_get_n_traces (run),
                                             100 * 1000000, +1);
  g_assert_cmpint (expected, >, 100 * 1000000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.step-forward", NULL));
  g_assert_cmpint (interleave_playback_get_playhead (playback), ==, expected);
  g_assert_cmpint (interleave_timeline_view_get_playhead (timeline), ==, expected);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.step-back", NULL));
  g_assert_cmpint (interleave_playback_get_playhead (playback), <, expected);

  /* ] and [ change the speed, and it is remembered. */
  speed = interleave_playback_get_speed (playback);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.faster", NULL));
  g_assert_cmpfloat (interleave_playback_get_speed (playback), >, speed);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "playback-speed"),
                                    interleave_playback_get_speed (playback), 1e-9);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.slower", NULL));
  g_assert_cmpfloat (interleave_playback_get_speed (playback), ==, speed);

  /* Playing moves the playhead with the frame clock. */
  {
    gint64 before = interleave_playback_get_playhead (playback);
    guint waker = g_timeout_add (5, keep_waking, NULL);

    interleave_playback_set_speed (playback, 1.0);
    interleave_playback_set_playing (playback, TRUE);
    interleave_test_iterate (300);
    g_source_remove (waker);
    g_assert_cmpint (interleave_playback_get_playhead (playback), >, before + 50 * 1000000);
  }
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A knob in the editor re-simulates; the run it replaces is cancelled and
 * freed, traces and all. */
static void
test_editor_reruns (Fixture       *f,
                    gconstpointer  data)
{
  InterleaveScenarioEditor *editor = INTERLEAVE_SCENARIO_EDITOR (interleave_simulate_page_get_editor (f->page));
  InterleaveSimulationRun *old = interleave_simulate_page_get_run (f->page);
  gpointer weak = old;
  GtkWidget *row, *spin;
  const InterleaveScenario *scenario;
  guint waker;

  g_object_add_weak_pointer (G_OBJECT (old), &weak);

  /* Myth 1: the io-bound class has its own arrivals (class 0). */
  row = interleave_scenario_editor_find_row (editor, "rate", 0);
  g_assert_nonnull (row);
  spin = g_object_get_data (G_OBJECT (row), "interleave-spin");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 250);

  /* Twice in a row: the first change's run is cancelled by the second. */
  row = interleave_scenario_editor_find_row (editor, "cores", 0);
  spin = g_object_get_data (G_OBJECT (row), "interleave-spin");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);

  waker = g_timeout_add (5, keep_waking, NULL);
  interleave_test_wait_until (pointer_cleared, &weak, 30000);
  g_source_remove (waker);
  wait_for_run (f);

  scenario = interleave_simulate_page_get_scenario (f->page);
  g_assert_cmpfloat (scenario->classes[0].arrivals.rate, ==, 250);
  g_assert_cmpuint (scenario->cores, ==, 2);
  g_assert_null (interleave_scenario_editor_get_error (editor));

  /* An invalid plan is reported, and nothing is re-run. */
  {
    InterleaveSimulationRun *current = interleave_simulate_page_get_run (f->page);
    GtkWidget *plan = interleave_scenario_editor_find_row (editor, "plan", 0);

    gtk_editable_set_text (GTK_EDITABLE (plan), "cpu:5,sleep:3");
    interleave_test_iterate (300);
    g_assert_nonnull (interleave_scenario_editor_get_error (editor));
    g_assert_true (interleave_simulate_page_get_run (f->page) == current);
  }
}

static void
test_journey_panel (Fixture       *f,
                    gconstpointer  data)
{
  InterleaveTimelineView *timeline = interleave_simulate_page_get_timeline (f->page);
  g_autofree char *text = NULL;

  g_assert_null (interleave_simulate_page_dup_journey_text (f->page));
  interleave_timeline_view_select_request (timeline, 0, 7);
  text = interleave_simulate_page_dup_journey_text (f->page);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Request 7"));
  g_assert_nonnull (strstr (text, "Latency"));
  /* On an event loop the I/O wait is off every thread. */
  g_assert_nonnull (strstr (text, "Off every thread"));
  g_assert_nonnull (strstr (text, "Step by step"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.clear-selection", NULL));
  interleave_test_iterate (20);
  g_assert_null (interleave_simulate_page_dup_journey_text (f->page));
}

static void
test_exports (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GFile) png = temp_file (f, "view.png");
  g_autoptr(GFile) pdf = temp_file (f, "view.pdf");
  g_autoptr(GFile) csv = temp_file (f, "requests.csv");
  g_autoptr(GFile) trace = temp_file (f, "trace.json");
  g_autoptr(GFile) saved = temp_file (f, "saved.json");
  g_autoptr(GFile) jpg = temp_file (f, "view.jpg");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  cairo_surface_t *image;

  g_assert_true (interleave_simulate_page_export_image (f->page, png, 1280, 720, &error));
  g_assert_no_error (error);
  path = g_file_get_path (png);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 720);
  cairo_surface_destroy (image);

  g_assert_true (interleave_simulate_page_export_image (f->page, pdf, 1920, 1080, &error));
  g_assert_no_error (error);
  g_assert_false (interleave_simulate_page_export_image (f->page, jpg, 800, 600, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* CSV through the engine's writer: a header and one row per request. */
  g_assert_true (interleave_simulate_page_export_csv (f->page, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (csv, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpuint (g_strv_length (g_strsplit (contents, "\n", 0)), >, 1000);
  g_clear_pointer (&contents, g_free);

  /* Chrome trace: JSON that parses. */
  g_assert_true (interleave_simulate_page_export_trace (f->page, trace, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *tpath = g_file_get_path (trace);

    g_assert_true (json_parser_load_from_file (parser, tpath, &error));
    g_assert_no_error (error);
  }

  /* The scenario, saved and loaded again. */
  g_assert_true (interleave_simulate_page_save_scenario (f->page, saved, &error));
  g_assert_no_error (error);
  {
    g_autofree char *spath = g_file_get_path (saved);
    g_autoptr(InterleaveScenario) again = interleave_scenario_load_file (spath, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->title, ==, interleave_simulate_page_get_scenario (f->page)->title);
    g_assert_cmpuint (again->n_architectures, ==, 2);
  }
}

static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GFile) bad = temp_file (f, "bad.json");
  g_autoptr(GError) error = NULL;
  const InterleaveScenario *before = interleave_simulate_page_get_scenario (f->page);
  g_autofree char *title = g_strdup (before->title);

  g_assert_true (g_file_replace_contents (bad, "{ \"title\": 3 }", 14, NULL, FALSE, 0, NULL, NULL, NULL));
  g_assert_false (interleave_simulate_page_load_file (f->page, bad, &error));
  g_assert_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad.json"));
  g_assert_cmpstr (interleave_simulate_page_get_scenario (f->page)->title, ==, title);
}

static void
test_presenter (Fixture       *f,
                gconstpointer  data)
{
  InterleaveTimelineView *timeline = interleave_simulate_page_get_timeline (f->page);
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (interleave_timeline_view_get_show_cores (timeline));
  interleave_simulate_page_set_presenter (f->page, TRUE);
  g_assert_true (interleave_timeline_view_get_presenter (timeline));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->page), "presenter"));
  /* Room for the threads: no per-core lanes on a projector. */
  g_assert_false (interleave_timeline_view_get_show_cores (timeline));

  /* The projector sizes: it lays out and draws. */
  gtk_window_set_default_size (f->window, 1280, 720);
  interleave_test_iterate (100);
  texture = interleave_test_render_widget (GTK_WIDGET (f->page));
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 1200);

  /* The high-contrast option is kept for presenter mode. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.high-contrast", NULL));
  g_assert_cmpint (interleave_timeline_view_get_palette (timeline), ==, INTERLEAVE_PALETTE_HIGH_CONTRAST);
  interleave_simulate_page_set_presenter (f->page, FALSE);
  g_assert_false (interleave_timeline_view_get_presenter (timeline));
  interleave_simulate_page_set_presenter (f->page, TRUE);
  g_assert_cmpint (interleave_timeline_view_get_palette (timeline), ==, INTERLEAVE_PALETTE_HIGH_CONTRAST);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.high-contrast", NULL));
  interleave_simulate_page_set_presenter (f->page, FALSE);
  g_assert_true (interleave_timeline_view_get_show_cores (timeline));

  /* The menu toggles them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "simulate.show-cores", NULL));
  g_assert_false (interleave_timeline_view_get_show_cores (timeline));
}

static void
test_dark (Fixture       *f,
           gconstpointer  data)
{
  InterleaveTimelineView *timeline = interleave_simulate_page_get_timeline (f->page);
  InterleaveFigure figure;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  interleave_test_iterate (50);
  g_assert_cmpint (interleave_timeline_view_get_palette (timeline), ==, INTERLEAVE_PALETTE_DARK);

  /* Exports follow the style on screen. */
  interleave_simulate_page_fill_figure (f->page, &figure);
  g_assert_cmpint (figure.palette, ==, INTERLEAVE_PALETTE_DARK);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/simulate-page/opens-a-myth", test_opens_a_myth);
  ADD ("/simulate-page/playback-controls", test_playback_controls);
  ADD ("/simulate-page/editor-reruns", test_editor_reruns);
  ADD ("/simulate-page/journey-panel", test_journey_panel);
  ADD ("/simulate-page/exports", test_exports);
  ADD ("/simulate-page/bad-file", test_bad_file);
  ADD ("/simulate-page/presenter", test_presenter);
  ADD ("/simulate-page/dark", test_dark);

  return g_test_run ();
}
