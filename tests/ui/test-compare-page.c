/* test-compare-page.c
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

/* The Compare page: two architectures simulated and measured on the real
 * servers (loopback, about a second and a half each), the table of
 * errors, a sweep, cancelling, and the mapping to the real servers. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "interleave-chart-view.h"
#include "interleave-compare-job.h"
#include "interleave-compare-page.h"
#include "interleave-palette.h"
#include "interleave-proc-stat.h"
#include "interleave-simulate-page-private.h"
#include "interleave-test-util.h"
#include "interleave-timeline-view.h"

/* The Custom workload's choices, in the page's order. */
enum {
  CHOICE_NODE,
  CHOICE_NODE_CLUSTER,
  CHOICE_PYTHON_THREADED,
  CHOICE_GUNICORN_SYNC,
  CHOICE_GUNICORN_GTHREAD,
  CHOICE_ASYNCIO,
  CHOICE_FREETHREADED,
};

typedef InterleaveTestWindow Fixture;

static const InterleaveTestWindowSpec page_spec = { interleave_compare_page_get_type, 1400, 900 };

static void
choose_only (InterleaveComparePage *page,
             guint                  a,
             guint                  b)
{
  for (guint i = 0; i < interleave_compare_page_get_n_choices (page); i++)
    interleave_compare_page_set_chosen (page, i, i == a || i == b);
  g_assert_cmpuint (interleave_compare_page_get_n_chosen (page), ==, 2);
}

static gboolean
job_finished (gpointer data)
{
  return interleave_compare_job_get_finished (data);
}

static gboolean
all_gone (gpointer data)
{
  GArray *pids = data;

  for (guint i = 0; i < pids->len; i++)
    if (interleave_proc_is_alive (g_array_index (pids, gint64, i)))
      return FALSE;

  return TRUE;
}

/* The labels of the table's error column that carry an error. */
static void
collect_error_labels (GtkWidget *root,
                      GPtrArray *found)
{
  if (GTK_IS_LABEL (root) &&
      (gtk_widget_has_css_class (root, "error-small") || gtk_widget_has_css_class (root, "error-medium") ||
       gtk_widget_has_css_class (root, "error-large")))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_error_labels (child, found);
}

static void
test_compare_two_architectures (Fixture       *fixture,
                                gconstpointer  data)
{
  InterleaveComparePage *page = fixture->page;
  InterleaveCompareJob *job;
  InterleaveTimelineView *timeline;
  g_autoptr(GPtrArray) traces = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new ();
  g_autoptr(GArray) pids = NULL;

  /* A little cpu, so that the event loop has spans to draw. */
  interleave_compare_page_set_custom (page, "cpu:1,io:5", 4, 0);
  interleave_compare_page_set_duration (page, 1.5);
  interleave_compare_page_set_measure (page, TRUE);
  choose_only (page, CHOICE_NODE, CHOICE_PYTHON_THREADED);

  /* Start as the keyboard does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.run", NULL));
  job = interleave_compare_page_get_job (page);
  g_assert_nonnull (job);
  g_assert_true (interleave_compare_page_get_running (page));
  interleave_test_wait_until (job_finished, job, 90000);
  g_assert_false (interleave_compare_page_get_running (page));

  /* Both simulated and both measured, on their real servers. */
  g_assert_cmpstr (interleave_compare_job_get_server (job, 0), ==, "node:eventloop");
  g_assert_cmpstr (interleave_compare_job_get_server (job, 1), ==, "python:threaded");
  for (guint a = 0; a < 2; a++)
    {
      const InterleaveSummary *simulated = interleave_compare_job_get_summary (job, a, 0, INTERLEAVE_COMPARE_SIMULATED);
      const InterleaveSummary *measured = interleave_compare_job_get_summary (job, a, 0, INTERLEAVE_COMPARE_MEASURED);

      g_assert_null (interleave_compare_job_get_note (job, a));
      g_assert_nonnull (simulated);
      g_assert_nonnull (measured);
      g_assert_cmpuint (simulated->completed, >, 0);
      g_assert_cmpuint (measured->completed, >, 0);
    }

  /* Four timelines on one axis: each simulated one over its measured one. */
  traces = interleave_compare_job_get_traces (job, NULL, NULL);
  g_assert_cmpuint (traces->len, ==, 4);
  g_assert_true (g_ptr_array_index (traces, 0) == interleave_compare_job_get_trace (job, 0, INTERLEAVE_COMPARE_SIMULATED));
  g_assert_true (g_ptr_array_index (traces, 1) == interleave_compare_job_get_trace (job, 0, INTERLEAVE_COMPARE_MEASURED));
  timeline = INTERLEAVE_TIMELINE_VIEW (interleave_test_find_descendant (GTK_WIDGET (page), INTERLEAVE_TYPE_TIMELINE_VIEW));
  for (guint t = 0; t < 4; t++)
    {
      const InterleaveTrace *trace = g_ptr_array_index (traces, t);
      gboolean shown = FALSE;
      double y, h;

      /* Lanes with no span are left out; each run has one with spans. */
      for (guint l = 0; l < trace->lanes->len && !shown; l++)
        shown = interleave_timeline_view_get_lane_area (timeline, t, l, &y, &h);
      g_assert_true (shown);
    }

  /* The shared cursor moves the one playhead of every timeline. */
  {
    GtkScale *scale = GTK_SCALE (interleave_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_SCALE));

    gtk_range_set_value (GTK_RANGE (scale), 500);
    g_assert_cmpint (interleave_timeline_view_get_playhead (timeline), ==, 500 * G_TIME_SPAN_MILLISECOND * 1000);
  }

  /* The table: four figures per architecture, each with an error that
   * says its size in words and a sign, not only in colour. */
  collect_error_labels (GTK_WIDGET (page), errors);
  g_assert_cmpuint (errors->len, ==, 8);
  for (guint i = 0; i < errors->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (errors, i));

      g_assert_nonnull (strchr (text, '%'));
      g_assert_true (text[0] == '+' || text[0] == '-');
      g_assert_true (strstr (text, "close") || strstr (text, "off"));
    }

  /* No server is left. */
  pids = interleave_compare_job_dup_server_pids (job);
  g_assert_cmpuint (pids->len, >=, 2);
  interleave_test_wait_until (all_gone, pids, 10000);
}

static void
test_compare_simulated_only (Fixture       *fixture,
                             gconstpointer  data)
{
  InterleaveComparePage *page = fixture->page;
  InterleaveCompareJob *job;
  g_autoptr(GPtrArray) errors = g_ptr_array_new ();
  g_autoptr(GArray) pids = NULL;
  GtkWidget *chart;
  g_autoptr(GdkTexture) texture = NULL;
  const InterleavePalette *palette = interleave_palette_get (INTERLEAVE_PALETTE_LIGHT);

  interleave_compare_page_set_custom (page, "cpu:2,io:10", 0, 150);
  interleave_compare_page_set_duration (page, 1.0);
  interleave_compare_page_set_measure (page, FALSE);
  choose_only (page, CHOICE_GUNICORN_GTHREAD, CHOICE_FREETHREADED);

  interleave_compare_page_run (page);
  job = interleave_compare_page_get_job (page);
  interleave_test_wait_until (job_finished, job, 60000);

  g_assert_nonnull (interleave_compare_job_get_summary (job, 0, 0, INTERLEAVE_COMPARE_SIMULATED));
  g_assert_nonnull (interleave_compare_job_get_summary (job, 1, 0, INTERLEAVE_COMPARE_SIMULATED));
  g_assert_null (interleave_compare_job_get_summary (job, 0, 0, INTERLEAVE_COMPARE_MEASURED));
  g_assert_null (interleave_compare_job_get_server (job, 0));
  pids = interleave_compare_job_dup_server_pids (job);
  g_assert_cmpuint (pids->len, ==, 0);

  /* Nothing measured, so no error to show. */
  collect_error_labels (GTK_WIDGET (page), errors);
  g_assert_cmpuint (errors->len, ==, 0);

  /* The latency distributions are drawn, each in its architecture's colour. */
  chart = interleave_test_find_descendant (GTK_WIDGET (page), INTERLEAVE_TYPE_CHART_VIEW);
  g_assert_nonnull (chart);
  interleave_test_wait_until (interleave_test_widget_is_mapped, chart, 10000);
  /* A chart redraws new data at most every 250 ms: let the last redraw come. */
  interleave_test_iterate (400);
  interleave_test_wait_for_frames (chart, 3, 10000);
  g_assert_cmpint (interleave_chart_view_get_kind (INTERLEAVE_CHART_VIEW (chart)), ==, INTERLEAVE_CHART_LATENCY_CDF);
  texture = interleave_test_render_widget (chart);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (interleave_test_texture_count_near (texture, palette->series[i].red, palette->series[i].green,
                                                          palette->series[i].blue, 24), >, 30);
}

static void
test_compare_sweep (Fixture       *fixture,
                    gconstpointer  data)
{
  InterleaveComparePage *page = fixture->page;
  InterleaveCompareJob *job;
  double previous = 0;

  interleave_compare_page_set_custom (page, "io:10", 8, 0);
  interleave_compare_page_set_duration (page, 1.0);
  interleave_compare_page_set_measure (page, FALSE);
  choose_only (page, CHOICE_NODE, CHOICE_PYTHON_THREADED);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.sweep", NULL));
  job = interleave_compare_page_get_sweep_job (page);
  g_assert_nonnull (job);
  interleave_test_wait_until (job_finished, job, 60000);

  /* Five levels around 8 clients, each simulated; on pure I/O the
   * throughput grows with the clients. */
  g_assert_cmpuint (interleave_compare_job_get_n_levels (job), ==, 5);
  g_assert_true (interleave_compare_job_get_closed_loop (job));
  g_assert_cmpfloat (interleave_compare_job_get_level_load (job, 2), ==, 8);
  for (guint l = 0; l < 5; l++)
    {
      const InterleaveSummary *summary = interleave_compare_job_get_summary (job, 0, l, INTERLEAVE_COMPARE_SIMULATED);

      g_assert_nonnull (summary);
      g_assert_cmpfloat (summary->throughput, >, previous);
      previous = summary->throughput;
      /* A sweep keeps figures, not timelines. */
      g_assert_null (interleave_compare_job_get_trace (job, 0, INTERLEAVE_COMPARE_SIMULATED));
    }
}

/* A real server is being measured. */
static gboolean
job_measuring (gpointer data)
{
  const char *step = interleave_compare_job_get_step_text (data);
  g_autoptr(GArray) pids = interleave_compare_job_dup_server_pids (data);

  return step != NULL && g_str_has_prefix (step, "Measuring") && pids->len > 0;
}

static void
test_compare_cancel (Fixture       *fixture,
                     gconstpointer  data)
{
  InterleaveComparePage *page = fixture->page;
  InterleaveCompareJob *job;
  g_autoptr(GArray) pids = NULL;

  interleave_compare_page_set_custom (page, "io:5", 4, 0);
  interleave_compare_page_set_duration (page, 30.0);
  interleave_compare_page_set_measure (page, TRUE);
  choose_only (page, CHOICE_NODE, CHOICE_PYTHON_THREADED);

  interleave_compare_page_sweep (page);
  job = interleave_compare_page_get_sweep_job (page);
  interleave_test_wait_until (job_measuring, job, 60000);

  /* The same action stops it; the servers go. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.sweep", NULL));
  interleave_test_wait_until (job_finished, job, 30000);
  g_assert_true (interleave_compare_job_get_cancelled (job));
  g_assert_cmpfloat (interleave_compare_job_get_progress (job), <, 0.5);

  pids = interleave_compare_job_dup_server_pids (job);
  interleave_test_wait_until (all_gone, pids, 10000);
}

static void
test_compare_choices (Fixture       *fixture,
                      gconstpointer  data)
{
  InterleaveComparePage *page = fixture->page;
  guint n = interleave_compare_page_get_n_choices (page);

  g_assert_cmpuint (n, ==, 7);

  /* One is not a comparison. */
  for (guint i = 0; i < n; i++)
    interleave_compare_page_set_chosen (page, i, i == 0);
  interleave_compare_page_run (page);
  g_assert_null (interleave_compare_page_get_job (page));
  g_assert_nonnull (interleave_compare_page_get_message (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.dismiss", NULL));
  g_assert_null (interleave_compare_page_get_message (page));

  /* A bad plan is named, with where it is wrong. */
  interleave_compare_page_set_custom (page, "cpu:5,,io:3", 4, 0);
  choose_only (page, CHOICE_NODE, CHOICE_ASYNCIO);
  interleave_compare_page_run (page);
  g_assert_null (interleave_compare_page_get_job (page));
  g_assert_nonnull (strstr (interleave_compare_page_get_message (page), "position 7"));
}

static void
test_compare_scenario_file (Fixture       *fixture,
                            gconstpointer  data)
{
  InterleaveComparePage *page = fixture->page;
  g_autofree char *path = g_build_filename (g_getenv ("INTERLEAVE_DATADIR"), "scenarios", "node.json", NULL);
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveCompareJob *job;

  /* A file that is not a scenario says what is wrong, and changes nothing. */
  bad = g_build_filename (g_get_tmp_dir (), "interleave-not-a-scenario.json", NULL);
  g_file_set_contents (bad, "{\"title\": 3", -1, &error);
  g_assert_no_error (error);
  g_assert_false (interleave_compare_page_open_file (page, bad, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_unlink (bad);
  g_assert_cmpuint (interleave_compare_page_get_n_choices (page), ==, 7);

  /* node.json: one architecture, two request classes. */
  g_assert_true (interleave_compare_page_open_file (page, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (interleave_compare_page_get_n_choices (page), ==, 1);

  /* Two architectures, from the editor; its classes cannot be measured. */
  {
    g_autoptr(InterleaveScenario) scenario = interleave_scenario_load_file (path, &error);
    InterleaveArchitecture *archs;

    g_assert_no_error (error);
    archs = g_new0 (InterleaveArchitecture, 2);
    archs[0] = scenario->architectures[0];
    g_assert_true (interleave_architecture_init_preset (&archs[1], "asyncio", 2));
    archs[1].name = g_strdup ("asyncio");
    g_free (scenario->architectures);
    scenario->architectures = archs;
    scenario->n_architectures = 2;
    scenario->duration_ns = G_TIME_SPAN_SECOND * 1000;

    interleave_compare_page_set_scenario (page, scenario, "two");
  }
  g_assert_cmpuint (interleave_compare_page_get_n_choices (page), ==, 2);
  g_assert_cmpuint (interleave_compare_page_get_n_chosen (page), ==, 2);
  interleave_compare_page_set_duration (page, 0.5);
  interleave_compare_page_set_measure (page, TRUE);
  interleave_compare_page_run (page);
  job = interleave_compare_page_get_job (page);
  interleave_test_wait_until (job_finished, job, 60000);

  g_assert_nonnull (interleave_compare_job_get_summary (job, 1, 0, INTERLEAVE_COMPARE_SIMULATED));
  g_assert_null (interleave_compare_job_get_summary (job, 1, 0, INTERLEAVE_COMPARE_MEASURED));
  g_assert_nonnull (strstr (interleave_compare_job_get_note (job, 1), "request classes"));
}

static void
test_compare_open_and_closed (Fixture       *fixture,
                              gconstpointer  data)
{
  InterleaveComparePage *page = fixture->page;
  InterleaveCompareJob *job;
  const InterleaveScenario *scenario;
  const InterleaveSummary *closed, *open;
  double ratio;

  /* An open loop needs a rate: from clients, it takes the closed loop's. */
  interleave_compare_page_set_custom (page, "io:5", 0, 100);
  interleave_compare_page_set_duration (page, 2.0);
  interleave_compare_page_set_measure (page, FALSE);
  interleave_compare_page_set_loops (page, TRUE);
  for (guint i = 0; i < interleave_compare_page_get_n_choices (page); i++)
    interleave_compare_page_set_chosen (page, i, i == CHOICE_NODE);
  interleave_compare_page_run (page);
  g_assert_null (interleave_compare_page_get_job (page));
  g_assert_nonnull (strstr (interleave_compare_page_get_message (page), "closed loop"));

  interleave_compare_page_set_custom (page, "io:5", 4, 0);
  interleave_compare_page_run (page);
  job = interleave_compare_page_get_job (page);
  g_assert_nonnull (job);
  interleave_test_wait_until (job_finished, job, 60000);

  /* One architecture, twice: the second is the first's open-loop twin. */
  scenario = interleave_compare_job_get_scenario (job);
  g_assert_cmpuint (scenario->n_architectures, ==, 2);
  g_assert_cmpint (interleave_compare_job_get_open_loop_of (job, 0), ==, -1);
  g_assert_cmpint (interleave_compare_job_get_open_loop_of (job, 1), ==, 0);
  g_assert_nonnull (strstr (scenario->architectures[0].name, "closed loop"));
  g_assert_nonnull (strstr (scenario->architectures[1].name, "open loop"));

  /* At the rate the clients reached, the open loop gets the same throughput. */
  closed = interleave_compare_job_get_summary (job, 0, 0, INTERLEAVE_COMPARE_SIMULATED);
  open = interleave_compare_job_get_summary (job, 1, 0, INTERLEAVE_COMPARE_SIMULATED);
  g_assert_nonnull (closed);
  g_assert_nonnull (open);
  g_assert_cmpfloat (closed->throughput, >, 100);
  ratio = open->throughput / closed->throughput;
  g_assert_cmpfloat (ratio, >, 0.85);
  g_assert_cmpfloat (ratio, <, 1.15);
}

static void
test_compare_follows_the_editor (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AdwViewStack *stack = ADW_VIEW_STACK (adw_view_stack_new ());
  InterleaveSimulatePage *simulate = g_object_new (INTERLEAVE_TYPE_SIMULATE_PAGE, NULL);
  InterleaveComparePage *compare = g_object_new (INTERLEAVE_TYPE_COMPARE_PAGE, NULL);
  g_autofree char *path = g_build_filename (g_getenv ("INTERLEAVE_DATADIR"), "scenarios", "myth-node-faster.json", NULL);
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  AdwComboRow *workloads;
  GListModel *model;
  guint n;

  scenario = interleave_scenario_load_file (path, &error);
  g_assert_no_error (error);
  g_free (scenario->title);
  scenario->title = g_strdup ("Edited in Simulate");
  /* The Simulate page runs what it is given: keep that short. */
  scenario->duration_ns = G_TIME_SPAN_SECOND * 1000 / 4;

  adw_view_stack_add_named (stack, GTK_WIDGET (simulate), "simulate");
  adw_view_stack_add_named (stack, GTK_WIDGET (compare), "compare");
  gtk_window_set_default_size (window, 1400, 900);
  gtk_window_set_child (window, GTK_WIDGET (stack));
  gtk_window_present (window);
  interleave_test_wait_until (interleave_test_widget_is_mapped, simulate, 5000);
  interleave_simulate_page_set_scenario (simulate, scenario, NULL);

  /* Showing the Compare page offers the editor's scenario, not picked. */
  adw_view_stack_set_visible_child_name (stack, "compare");
  interleave_test_wait_until (interleave_test_widget_is_mapped, compare, 5000);
  workloads = ADW_COMBO_ROW (interleave_test_find_descendant (GTK_WIDGET (compare), ADW_TYPE_COMBO_ROW));
  model = adw_combo_row_get_model (workloads);
  n = g_list_model_get_n_items (model);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), n - 1), ==, "From Simulate: Edited in Simulate");
  g_assert_cmpuint (adw_combo_row_get_selected (workloads), ==, 0);

  /* Picked, its four architectures are the choices. */
  adw_combo_row_set_selected (workloads, n - 1);
  g_assert_cmpuint (interleave_compare_page_get_n_choices (compare), ==, 4);

  /* Shown again after an edit: one entry, brought up to date. */
  adw_view_stack_set_visible_child_name (stack, "simulate");
  interleave_test_wait_until (interleave_test_widget_is_mapped, simulate, 5000);
  g_free (scenario->title);
  scenario->title = g_strdup ("Edited again");
  interleave_simulate_page_set_scenario (simulate, scenario, NULL);
  adw_view_stack_set_visible_child_name (stack, "compare");
  interleave_test_wait_until (interleave_test_widget_is_mapped, compare, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), n - 1), ==, "From Simulate: Edited again");
  g_assert_cmpuint (adw_combo_row_get_selected (workloads), ==, n - 1);

  gtk_window_destroy (window);
  interleave_test_iterate (20);
}

static void
test_compare_real_servers (void)
{
  static const struct {
    const char *preset;
    guint       workers;
    const char *server;
  } cases[] = {
    { "node", 1, "node:eventloop" },
    { "node-cluster", 3, "node:cluster:3" },
    { "python-threaded", 1, "python:threaded" },
    { "gunicorn-sync", 2, "python:prefork:2" },
    { "asyncio", 1, "python:asyncio" },
    { "gunicorn-gthread", 2, NULL },
    { "python-freethreaded", 1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      InterleaveArchitecture arch = { 0 };
      g_autofree char *server = NULL;

      g_assert_true (interleave_architecture_init_preset (&arch, cases[i].preset, 2));
      arch.workers = cases[i].workers;
      server = interleave_compare_real_server (&arch);
      g_assert_cmpstr (server, ==, cases[i].server);
    }

  g_assert_cmpfloat (fabs (interleave_compare_relative_error (110, 100) - 0.1), <, 1e-12);
  g_assert_cmpfloat (fabs (interleave_compare_relative_error (80, 100) + 0.2), <, 1e-12);
  g_assert_true (isnan (interleave_compare_relative_error (80, 0)));
  g_assert_true (isnan (interleave_compare_relative_error (NAN, 10)));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/compare-page/real-servers", test_compare_real_servers);
  g_test_add_func ("/compare-page/follows-the-editor", test_compare_follows_the_editor);
  g_test_add ("/compare-page/two-architectures", Fixture, &page_spec,
              interleave_test_window_set_up, test_compare_two_architectures, interleave_test_window_tear_down);
  g_test_add ("/compare-page/simulated-only", Fixture, &page_spec,
              interleave_test_window_set_up, test_compare_simulated_only, interleave_test_window_tear_down);
  g_test_add ("/compare-page/sweep", Fixture, &page_spec,
              interleave_test_window_set_up, test_compare_sweep, interleave_test_window_tear_down);
  g_test_add ("/compare-page/cancel", Fixture, &page_spec,
              interleave_test_window_set_up, test_compare_cancel, interleave_test_window_tear_down);
  g_test_add ("/compare-page/choices", Fixture, &page_spec,
              interleave_test_window_set_up, test_compare_choices, interleave_test_window_tear_down);
  g_test_add ("/compare-page/open-and-closed", Fixture, &page_spec,
              interleave_test_window_set_up, test_compare_open_and_closed, interleave_test_window_tear_down);
  g_test_add ("/compare-page/scenario-file", Fixture, &page_spec,
              interleave_test_window_set_up, test_compare_scenario_file, interleave_test_window_tear_down);

  return g_test_run ();
}
