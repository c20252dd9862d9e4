/* interleave-compare-page.c
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
#include <json-glib/json-glib.h>
#include <math.h>

#include "interleave-axis.h"
#include "interleave-chart-legend.h"
#include "interleave-chart-view.h"
#include "interleave-compare-job.h"
#include "interleave-compare-page.h"
#include "interleave-live-session.h"
#include "interleave-plan.h"
#include "interleave-simulate-page-private.h"
#include "interleave-timeline-view.h"
#include "interleave-workload-rows.h"

/* The Compare page: one workload on two to four architectures, each
 * simulated and, where a real test server runs it, measured, one after
 * the other. Their timelines share one time axis and one cursor (each
 * simulated run over its measured one); the latency distributions and the
 * throughput-against-load curve draw an architecture in one colour,
 * simulated solid and measured dashed; a table gives the relative error
 * of each figure. */

#define MAX_CHOSEN 4

/* Load multipliers of a sweep, around the load chosen. */
static const double sweep_levels[] = { 0.25, 0.5, 1.0, 1.5, 2.0 };

/* What the Custom workload offers. */
static const struct {
  const char *preset;
  const char *label;      /* in the list */
  const char *name;       /* on the timelines, the charts and the table */
  gboolean    workers;    /* takes the worker count */
} custom_archs[] = {
  { "node",                N_("Node.js, one event loop"),         N_("Node.js"),          FALSE },
  { "node-cluster",        N_("Node.js cluster"),                 N_("Node.js cluster"),  TRUE },
  { "python-threaded",     N_("Python, a thread per connection"), N_("Python threads"),   FALSE },
  { "gunicorn-sync",       N_("gunicorn sync (prefork)"),         N_("gunicorn sync"),    TRUE },
  { "gunicorn-gthread",    N_("gunicorn gthread (thread pools)"), N_("gunicorn gthread"), TRUE },
  { "asyncio",             N_("Python asyncio"),                  N_("Python asyncio"),   FALSE },
  { "python-freethreaded", N_("Free-threaded Python, no GIL"),    N_("Python, no GIL"),   FALSE },
};

typedef struct
{
  char               *title;
  char               *path;       /* nullable */
  InterleaveScenario *scenario;   /* nullable: Custom */
  gboolean            from_editor;
} Workload;

struct _InterleaveComparePage
{
  AdwBin                  parent_instance;

  /* Template widgets */
  GtkRevealer            *banner_revealer;
  GtkLabel               *banner_title;
  GtkLabel               *banner_label;
  AdwComboRow            *workload_row;
  AdwActionRow           *scenario_row;
  InterleaveWorkloadRows  rows;
  GtkListBox             *archs_list;
  GtkSwitch              *measure_switch;
  GtkSwitch              *loops_switch;
  GtkButton              *run_button;
  GtkLabel               *run_label;
  GtkButton              *sweep_button;
  GtkLabel               *sweep_label;
  GtkProgressBar         *progress_bar;
  GtkStack               *main_stack;
  GtkLabel               *timeline_caption;
  InterleaveTimelineView *timeline;
  GtkScale               *cursor_scale;
  GtkAdjustment          *cursor_adjustment;
  GtkLabel               *cursor_value;
  GtkLabel               *table_caption;
  GtkGrid                *table;
  InterleaveChartView    *cdf_chart;
  InterleaveChartView    *load_chart;
  GtkLabel               *load_hint;
  InterleaveChartLegend  *legend;

  GPtrArray              *workloads;       /* Workload */
  GtkStringList          *workload_names;
  GPtrArray              *checks;          /* GtkCheckButton, one per choice */
  GArray                 *trace_archs;     /* guint: the architecture of each trace shown */
  GArray                 *trace_sources;   /* guint: and whether simulated or measured */

  InterleaveCompareJob   *job;
  InterleaveCompareJob   *sweep_job;
  char                   *message;
  guint                   n_summaries_shown;
  guint                   in_update : 1;
};

G_DEFINE_FINAL_TYPE (InterleaveComparePage, interleave_compare_page, ADW_TYPE_BIN)

static void
workload_free (gpointer data)
{
  Workload *workload = data;

  g_free (workload->title);
  g_free (workload->path);
  g_clear_pointer (&workload->scenario, interleave_scenario_free);
  g_free (workload);
}

/* Messages ---------------------------------------------------------------- */

static void
show_message (InterleaveComparePage *self,
              const char            *title,
              const char            *body)
{
  g_free (self->message);
  self->message = g_strdup_printf ("%s\n%s", title, body);
  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_label, body);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
hide_message (InterleaveComparePage *self)
{
  g_clear_pointer (&self->message, g_free);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* Workloads ---------------------------------------------------------------- */

static char *
dup_scenario_dir (void)
{
  const char *env = g_getenv ("INTERLEAVE_DATADIR");
  const char *dirs[] = { env, PKGDATADIR, SOURCE_DATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = NULL;

      if (dirs[i] == NULL || dirs[i][0] == '\0')
        continue;
      dir = g_build_filename (dirs[i], "scenarios", NULL);
      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
    }

  return NULL;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static guint
add_workload (InterleaveComparePage *self,
              const char            *title,
              const char            *path,
              InterleaveScenario    *scenario)
{
  Workload *workload = g_new0 (Workload, 1);

  workload->title = g_strdup (title);
  workload->path = g_strdup (path);
  workload->scenario = scenario;
  g_ptr_array_add (self->workloads, workload);
  gtk_string_list_append (self->workload_names, title);

  return self->workloads->len - 1;
}

static void
load_shipped_scenarios (InterleaveComparePage *self)
{
  g_autofree char *dir_path = dup_scenario_dir ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir_path == NULL || (dir = g_dir_open (dir_path, 0, NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (paths, compare_paths);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      InterleaveScenario *scenario = interleave_scenario_load_file (path, NULL);

      /* A shipped file the loader refuses is the tests' business. */
      if (scenario != NULL && scenario->n_architectures > 0)
        add_workload (self, scenario->title ? scenario->title : name, path, scenario);
      else
        g_clear_pointer (&scenario, interleave_scenario_free);
    }
}

static const Workload *
get_workload (InterleaveComparePage *self)
{
  guint index = adw_combo_row_get_selected (self->workload_row);

  if (index >= self->workloads->len)
    index = 0;
  return g_ptr_array_index (self->workloads, index);
}

static char *
describe_scenario (const InterleaveScenario *scenario)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (!scenario->has_arrivals)
    g_string_append (text, _("arrivals per request class"));
  else if (scenario->arrivals.kind == INTERLEAVE_ARRIVALS_CLOSED)
    g_string_append_printf (text, _("%u clients"), scenario->arrivals.clients);
  else
    g_string_append_printf (text, _("%.0f requests/s"), scenario->arrivals.rate);

  g_string_append (text, ", ");
  if (scenario->n_classes == 1)
    {
      g_autofree char *plan = interleave_plan_to_string (&scenario->classes[0].plan);
      /* Translators: %s is a plan such as cpu:2,io:10 */
      g_string_append_printf (text, _("plan %s"), plan);
    }
  else
    g_string_append_printf (text, g_dngettext (NULL, "%u request class", "%u request classes", scenario->n_classes),
                            scenario->n_classes);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_custom (InterleaveComparePage *self)
{
  return get_workload (self)->scenario == NULL;
}

/* Architecture choices ------------------------------------------------------ */

static guint
count_chosen (InterleaveComparePage *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (self->checks, i));

  return n;
}

static void update_buttons (InterleaveComparePage *self);

/* Two to four; with closed and open loop side by side, one or two (each
 * runs twice). */
static guint
max_chosen (InterleaveComparePage *self)
{
  return gtk_switch_get_active (self->loops_switch) ? MAX_CHOSEN / 2 : MAX_CHOSEN;
}

static guint
min_chosen (InterleaveComparePage *self)
{
  return gtk_switch_get_active (self->loops_switch) ? 1 : 2;
}

static void
choice_toggled (InterleaveComparePage *self)
{
  guint n = count_chosen (self);

  /* At the most, the others wait until one is unticked. */
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), GTK_TYPE_LIST_BOX_ROW);

      gtk_widget_set_sensitive (row, gtk_check_button_get_active (check) || n < max_chosen (self));
    }

  update_buttons (self);
}

static void
add_choice (InterleaveComparePage *self,
            const char            *title,
            const char            *subtitle,
            gboolean               active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (choice_toggled), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (self->archs_list, row);
  g_ptr_array_add (self->checks, check);
}

static char *
server_subtitle (const InterleaveArchitecture *arch)
{
  g_autofree char *server = interleave_compare_real_server (arch);

  if (server == NULL)
    return g_strdup (_("Simulated only: no real test server runs it"));
  /* Translators: %s is a real server such as node:cluster:2 */
  return g_strdup_printf (_("Real server: %s"), server);
}

static void
fill_choices (InterleaveComparePage *self)
{
  const Workload *workload = get_workload (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->archs_list))) != NULL)
    gtk_list_box_remove (self->archs_list, child);
  g_ptr_array_set_size (self->checks, 0);

  if (workload->scenario == NULL)
    {
      guint workers = (guint) gtk_spin_button_get_value_as_int (self->rows.workers_spin);

      for (guint i = 0; i < G_N_ELEMENTS (custom_archs); i++)
        {
          InterleaveArchitecture arch = { 0 };
          g_autofree char *subtitle = NULL;

          interleave_architecture_init_preset (&arch, custom_archs[i].preset, workers);
          if (custom_archs[i].workers)
            arch.workers = workers;
          subtitle = server_subtitle (&arch);
          /* Node.js and Python threads are the first comparison to make. */
          add_choice (self, _(custom_archs[i].label), subtitle, i == 0 || i == 2);
        }
    }
  else
    {
      const InterleaveScenario *scenario = workload->scenario;

      for (guint i = 0; i < scenario->n_architectures; i++)
        {
          g_autofree char *subtitle = server_subtitle (&scenario->architectures[i]);

          add_choice (self, scenario->architectures[i].name, subtitle, i < MAX_CHOSEN);
        }
    }

  choice_toggled (self);
}

static void
workload_changed (InterleaveComparePage *self)
{
  const Workload *workload = get_workload (self);
  gboolean custom = workload->scenario == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->rows.plan_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->rows.load_row), custom);
  interleave_workload_rows_show_load (&self->rows, custom);
  gtk_widget_set_visible (GTK_WIDGET (self->rows.workers_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_row), !custom);

  if (!custom)
    {
      g_autofree char *summary = describe_scenario (workload->scenario);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->scenario_row), summary);
      adw_action_row_set_subtitle (self->scenario_row,
                                   workload->scenario->description ? workload->scenario->description : "");
      adw_action_row_set_subtitle_lines (self->scenario_row, 4);
    }

  fill_choices (self);
}

static void
workload_selected (InterleaveComparePage *self)
{
  if (!self->in_update)
    workload_changed (self);
}

static void
load_changed (InterleaveComparePage *self)
{
  interleave_workload_rows_show_load (&self->rows, is_custom (self));
}

static void
workers_changed (InterleaveComparePage *self)
{
  g_autoptr(GArray) active = g_array_new (FALSE, FALSE, sizeof (gboolean));

  if (!is_custom (self))
    return;

  /* The subtitles name the real server, whose worker count changed. */
  for (guint i = 0; i < self->checks->len; i++)
    {
      gboolean on = gtk_check_button_get_active (g_ptr_array_index (self->checks, i));
      g_array_append_val (active, on);
    }
  fill_choices (self);
  for (guint i = 0; i < self->checks->len && i < active->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->checks, i), g_array_index (active, gboolean, i));
}

/* The scenario to run --------------------------------------------------------- */

static InterleaveScenario *
build_custom (InterleaveComparePage  *self,
              GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) plan_error = NULL;
  guint workers = (guint) gtk_spin_button_get_value_as_int (self->rows.workers_spin);
  const char *plan = gtk_editable_get_text (GTK_EDITABLE (self->rows.plan_row));
  InterleavePlan parsed;
  InterleaveLoadOptions load;

  /* The plan's own message says where it is wrong. */
  if (!interleave_plan_parse (plan, &parsed, &plan_error))
    {
      g_propagate_error (error, g_steal_pointer (&plan_error));
      return NULL;
    }

  interleave_load_options_init (&load);
  interleave_workload_rows_get_load (&self->rows, &load);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, _("Custom workload"));
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_double_value (builder, gtk_spin_button_get_value (self->rows.duration_spin) * 1000);
  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cores");
  json_builder_add_int_value (builder, g_get_num_processors ());
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "workload");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "arrivals");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  if (load.kind == INTERLEAVE_LOAD_CLOSED)
    {
      json_builder_add_string_value (builder, "closed");
      json_builder_set_member_name (builder, "clients");
      json_builder_add_int_value (builder, load.clients);
    }
  else
    {
      json_builder_add_string_value (builder, load.kind == INTERLEAVE_LOAD_POISSON ? "poisson" : "constant");
      json_builder_set_member_name (builder, "rate");
      json_builder_add_double_value (builder, load.rate);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "classes");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "requests");
  json_builder_set_member_name (builder, "plan");
  json_builder_add_string_value (builder, plan);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "architectures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->checks->len && i < G_N_ELEMENTS (custom_archs); i++)
    {
      if (!gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      if (custom_archs[i].workers)
        {
          /* Translators: an architecture and its worker processes, "Node.js cluster ×2" */
          g_autofree char *name = g_strdup_printf (_("%s ×%u"), _(custom_archs[i].name), workers);
          json_builder_add_string_value (builder, name);
          json_builder_set_member_name (builder, "workers");
          json_builder_add_int_value (builder, workers);
        }
      else
        json_builder_add_string_value (builder, _(custom_archs[i].name));
      json_builder_set_member_name (builder, "preset");
      json_builder_add_string_value (builder, custom_archs[i].preset);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, NULL);

  return interleave_scenario_load_data (data, -1, _("Custom workload"), error);
}

/* The chosen architectures of a scenario, run for as long as asked, on
 * this machine's cores when measured. */
static InterleaveScenario *
build_from_scenario (InterleaveComparePage     *self,
                     const InterleaveScenario  *scenario,
                     gboolean                   measure)
{
  InterleaveScenario *copy = interleave_scenario_copy (scenario);
  guint n = 0;

  for (guint i = 0; i < copy->n_architectures; i++)
    {
      gboolean chosen = i < self->checks->len && gtk_check_button_get_active (g_ptr_array_index (self->checks, i));

      if (chosen)
        copy->architectures[n++] = copy->architectures[i];
      else
        {
          g_free (copy->architectures[i].name);
          g_free (copy->architectures[i].preset);
        }
    }
  copy->n_architectures = n;
  copy->duration_ns = (gint64) (gtk_spin_button_get_value (self->rows.duration_spin) * 1e9);
  if (measure)
    copy->cores = g_get_num_processors ();

  return copy;
}

static InterleaveScenario *
build_scenario (InterleaveComparePage  *self,
                gboolean                measure,
                GError                **error)
{
  const Workload *workload = get_workload (self);
  g_autoptr(InterleaveScenario) scenario = NULL;

  if (workload->scenario == NULL)
    scenario = build_custom (self, error);
  else
    scenario = build_from_scenario (self, workload->scenario, measure);

  if (scenario == NULL || !interleave_scenario_validate (scenario, error))
    return NULL;

  return g_steal_pointer (&scenario);
}

/* Views -------------------------------------------------------------------- */

static void
set_series_styles (InterleaveComparePage *self,
                   GArray                *archs,
                   GArray                *sources)
{
  for (guint i = 0; i < archs->len; i++)
    {
      guint arch = g_array_index (archs, guint, i);
      guint source = g_array_index (sources, guint, i);

      interleave_chart_view_set_series_style (self->cdf_chart, i, arch, source);
      interleave_timeline_view_set_series_style (self->timeline, i, arch, source);
    }
}

static void
update_legend (InterleaveComparePage *self,
               InterleaveCompareJob  *job)
{
  const InterleaveScenario *scenario = interleave_compare_job_get_scenario (job);

  interleave_chart_legend_clear (self->legend);
  for (guint a = 0; a < scenario->n_architectures; a++)
    {
      g_autofree char *simulated = NULL;
      g_autofree char *measured = NULL;

      /* Translators: a line in the charts' legend: "Node.js, simulated" */
      simulated = g_strdup_printf (_("%s, simulated"), scenario->architectures[a].name);
      interleave_chart_legend_add (self->legend, simulated, a, INTERLEAVE_COMPARE_SIMULATED);

      if (interleave_compare_job_get_server (job, a) != NULL && gtk_switch_get_active (self->measure_switch))
        {
          /* Translators: a line in the charts' legend: "Node.js, measured" */
          measured = g_strdup_printf (_("%s, measured"), scenario->architectures[a].name);
          interleave_chart_legend_add (self->legend, measured, a, INTERLEAVE_COMPARE_MEASURED);
        }
    }
}

/* Each run's figures in its timeline header, once it ended. */
static void
update_summaries (InterleaveComparePage *self)
{
  g_autoptr(GPtrArray) summaries = g_ptr_array_new ();

  if (self->job == NULL)
    return;

  for (guint i = 0; i < self->trace_archs->len; i++)
    g_ptr_array_add (summaries,
                     (gpointer) interleave_compare_job_get_summary (self->job,
                                                                    g_array_index (self->trace_archs, guint, i), 0,
                                                                    g_array_index (self->trace_sources, guint, i)));

  interleave_timeline_view_set_summaries (self->timeline, (const InterleaveSummary * const *) summaries->pdata);
}

static void
set_traces (InterleaveComparePage *self)
{
  g_autoptr(GPtrArray) traces = NULL;

  g_array_set_size (self->trace_archs, 0);
  g_array_set_size (self->trace_sources, 0);

  if (self->job == NULL)
    {
      interleave_timeline_view_set_traces (self->timeline, NULL, NULL, 0);
      interleave_chart_view_set_traces (self->cdf_chart, NULL, 0);
      return;
    }

  traces = interleave_compare_job_get_traces (self->job, self->trace_archs, self->trace_sources);
  interleave_timeline_view_set_traces (self->timeline, (const InterleaveTrace * const *) traces->pdata,
                                       NULL, traces->len);
  interleave_chart_view_set_traces (self->cdf_chart, (const InterleaveTrace * const *) traces->pdata,
                                    traces->len);
  set_series_styles (self, self->trace_archs, self->trace_sources);
  update_summaries (self);
}

static GtkWidget *
table_label (const char *text,
             const char *css_class,
             float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
format_figure (guint  figure,
               double value)
{
  if (!isfinite (value))
    return g_strdup ("–");
  if (figure == 0)
    return interleave_metric_format (INTERLEAVE_METRIC_THROUGHPUT, value);
  return interleave_format_duration ((gint64) (value * 1e6));
}

static double
summary_figure (const InterleaveSummary *summary,
                guint                    figure)
{
  if (summary == NULL)
    return NAN;

  switch (figure)
    {
    case 0: return summary->throughput;
    case 1: return summary->completed > 0 ? summary->latency_p50_ms : NAN;
    case 2: return summary->completed > 0 ? summary->latency_p95_ms : NAN;
    case 3: return summary->completed > 0 ? summary->latency_p99_ms : NAN;
    default: return NAN;
    }
}

/* The relative error, said with a sign, a word and a mark, and coloured by
 * its size: so it reads on a greyscale projector too. */
static GtkWidget *
error_label (double error)
{
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  const char *css_class;
  const char *word;
  double size = fabs (error);
  GtkWidget *label;

  if (!isfinite (error))
    return table_label ("–", "dim-label", 1);

  if (size <= 0.10)
    {
      css_class = "error-small";
      /* Translators: a relative error of at most 10 % */
      word = _("✓ close");
    }
  else if (size <= 0.25)
    {
      css_class = "error-medium";
      /* Translators: a relative error between 10 and 25 % */
      word = _("≈ off");
    }
  else
    {
      css_class = "error-large";
      /* Translators: a relative error beyond 25 % */
      word = _("✗ far off");
    }

  /* Translators: a relative error and how big it is: "+4.2 % ✓ close" */
  text = g_strdup_printf (_("%+.1f %% %s"), error * 100, word);
  label = table_label (text, css_class, 1);
  gtk_widget_add_css_class (label, "numeric");
  if (size <= 0.10)
    /* xgettext:no-c-format */
    description = g_strdup (_("Within 10 % of the measurement"));
  else if (size <= 0.25)
    /* xgettext:no-c-format */
    description = g_strdup (_("Between 10 and 25 % from the measurement"));
  else
    /* xgettext:no-c-format */
    description = g_strdup (_("More than 25 % from the measurement"));
  gtk_widget_set_tooltip_text (label, description);

  return label;
}

static void
update_table (InterleaveComparePage *self)
{
  static const char *figures[] = { N_("Throughput"), N_("Median (p50)"), N_("p95"), N_("p99") };
  InterleaveCompareJob *job = self->job;
  const InterleaveScenario *scenario;
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);

  if (job == NULL)
    {
      gtk_label_set_text (self->table_caption,
                          _("Press Compare to run each architecture at the load set: the timelines, the "
                            "latency distributions and this table come from that run."));
      return;
    }

  scenario = interleave_compare_job_get_scenario (job);

  gtk_grid_attach (self->table, table_label (_("Figure"), "heading", 0), 0, row, 1, 1);
  gtk_grid_attach (self->table, table_label (_("Simulated"), "heading", 1), 1, row, 1, 1);
  gtk_grid_attach (self->table, table_label (_("Measured"), "heading", 1), 2, row, 1, 1);
  gtk_grid_attach (self->table, table_label (_("Error"), "heading", 1), 3, row, 1, 1);
  row++;

  for (guint a = 0; a < scenario->n_architectures; a++)
    {
      const InterleaveSummary *simulated = interleave_compare_job_get_summary (job, a, 0, INTERLEAVE_COMPARE_SIMULATED);
      const InterleaveSummary *measured = interleave_compare_job_get_summary (job, a, 0, INTERLEAVE_COMPARE_MEASURED);
      const char *note = interleave_compare_job_get_note (job, a);
      const char *server = interleave_compare_job_get_server (job, a);
      GtkWidget *name = table_label (scenario->architectures[a].name, "heading", 0);
      GtkWidget *detail;

      gtk_widget_set_margin_top (name, 10);
      gtk_grid_attach (self->table, name, 0, row++, 4, 1);

      if (note != NULL)
        detail = table_label (note, "dim-label", 0);
      else if (server != NULL && gtk_switch_get_active (self->measure_switch))
        {
          /* Translators: %s is a real server such as node:eventloop */
          g_autofree char *text = g_strdup_printf (_("Measured on %s"), server);
          detail = table_label (text, "dim-label", 0);
        }
      else
        detail = table_label (_("Simulated only"), "dim-label", 0);
      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_widget_add_css_class (detail, "caption");
      gtk_grid_attach (self->table, detail, 0, row++, 4, 1);

      for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
        {
          double sim = summary_figure (simulated, f);
          double meas = summary_figure (measured, f);
          g_autofree char *sim_text = format_figure (f, sim);
          g_autofree char *meas_text = format_figure (f, meas);

          gtk_grid_attach (self->table, table_label (_(figures[f]), NULL, 0), 0, row, 1, 1);
          gtk_grid_attach (self->table, table_label (sim_text, "numeric", 1), 1, row, 1, 1);
          gtk_grid_attach (self->table, table_label (meas_text, "numeric", 1), 2, row, 1, 1);
          gtk_grid_attach (self->table, error_label (interleave_compare_relative_error (sim, meas)), 3, row, 1, 1);
          row++;
        }
    }
}

static guint
count_summaries (InterleaveCompareJob *job)
{
  guint n = 0;

  if (job == NULL)
    return 0;

  for (guint a = 0; a < interleave_compare_job_get_n_architectures (job); a++)
    for (guint l = 0; l < interleave_compare_job_get_n_levels (job); l++)
      for (guint s = 0; s < INTERLEAVE_COMPARE_N_SOURCES; s++)
        n += interleave_compare_job_get_summary (job, a, l, s) != NULL;

  return n;
}

static void
update_load_chart (InterleaveComparePage *self)
{
  InterleaveCompareJob *job = self->sweep_job;
  guint n_levels;

  interleave_chart_view_clear_xy (self->load_chart);
  gtk_widget_set_visible (GTK_WIDGET (self->load_hint), job == NULL);
  if (job == NULL)
    return;

  n_levels = interleave_compare_job_get_n_levels (job);
  interleave_chart_view_set_xy_axes (self->load_chart,
                                     interleave_compare_job_get_closed_loop (job)
                                       ? _("Clients")
                                       : _("Offered load, requests per second"),
                                     INTERLEAVE_METRIC_THROUGHPUT);

  for (guint a = 0; a < interleave_compare_job_get_n_architectures (job); a++)
    for (guint s = 0; s < INTERLEAVE_COMPARE_N_SOURCES; s++)
      {
        double x[INTERLEAVE_COMPARE_MAX_LEVELS], y[INTERLEAVE_COMPARE_MAX_LEVELS];
        guint series = a * INTERLEAVE_COMPARE_N_SOURCES + s;

        for (guint l = 0; l < n_levels; l++)
          {
            x[l] = interleave_compare_job_get_level_load (job, l);
            y[l] = summary_figure (interleave_compare_job_get_summary (job, a, l, s), 0);
          }

        interleave_chart_view_set_series_style (self->load_chart, series, a, s);
        interleave_chart_view_set_xy_series (self->load_chart, series, x, y, n_levels);
      }
}

static void
update_cursor (InterleaveComparePage *self)
{
  g_autofree char *text = NULL;
  double ms = gtk_adjustment_get_value (self->cursor_adjustment);

  /* Translators: the time cursor's position, "1.250 s" */
  text = g_strdup_printf (_("%.3f s"), ms / 1000);
  gtk_label_set_text (self->cursor_value, text);
}

static void
cursor_changed (InterleaveComparePage *self)
{
  update_cursor (self);
  if (self->in_update)
    return;

  interleave_timeline_view_set_follow_playhead (self->timeline, TRUE);
  interleave_timeline_view_set_playhead (self->timeline,
                                         (gint64) (gtk_adjustment_get_value (self->cursor_adjustment) * 1e6));
}

static void
update_buttons (InterleaveComparePage *self)
{
  gboolean run_busy = self->job != NULL && interleave_compare_job_get_running (self->job);
  gboolean sweep_busy = self->sweep_job != NULL && interleave_compare_job_get_running (self->sweep_job);
  guint n = count_chosen (self);
  gboolean enough = n >= min_chosen (self) && n <= max_chosen (self);
  InterleaveCompareJob *busy = run_busy ? self->job : sweep_busy ? self->sweep_job : NULL;

  gtk_label_set_text_with_mnemonic (self->run_label, run_busy ? _("St_op") : _("Compar_e"));
  gtk_label_set_text_with_mnemonic (self->sweep_label, sweep_busy ? _("Sto_p Sweep") : _("Sweep Load Le_vels"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), run_busy || (!sweep_busy && enough));
  gtk_widget_set_sensitive (GTK_WIDGET (self->sweep_button), sweep_busy || (!run_busy && enough));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                               enough || run_busy ? _("Simulate and measure each architecture (Ctrl+Enter)")
                                                  : gtk_switch_get_active (self->loops_switch)
                                                    ? _("Pick one or two architectures first")
                                                    : _("Pick two to four architectures first"));

  if (run_busy)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->run_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->run_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->run_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->run_button), "suggested-action");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->workload_row), busy == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->archs_list), busy == NULL);

  if (busy != NULL)
    {
      const char *step = interleave_compare_job_get_step_text (busy);

      gtk_progress_bar_set_fraction (self->progress_bar, interleave_compare_job_get_progress (busy));
      gtk_progress_bar_set_text (self->progress_bar, step ? step : "");
    }
}

static void
refresh (InterleaveComparePage *self)
{
  guint n = count_summaries (self->job) + count_summaries (self->sweep_job);

  interleave_timeline_view_traces_changed (self->timeline);
  interleave_chart_view_traces_changed (self->cdf_chart);

  if (self->job != NULL)
    {
      const InterleaveScenario *scenario = interleave_compare_job_get_scenario (self->job);
      double end_ms = scenario->duration_ns / 1e6;

      if (gtk_adjustment_get_upper (self->cursor_adjustment) != end_ms)
        {
          self->in_update = TRUE;
          gtk_adjustment_set_upper (self->cursor_adjustment, end_ms);
          self->in_update = FALSE;
        }
    }

  /* The table and the curve change only when a run ended. */
  if (n != self->n_summaries_shown)
    {
      self->n_summaries_shown = n;
      update_summaries (self);
      update_table (self);
      update_load_chart (self);
    }

  update_buttons (self);
}

/* Jobs ------------------------------------------------------------------- */

static void
job_traces_changed_cb (InterleaveComparePage *self,
                       InterleaveCompareJob  *job)
{
  set_traces (self);
}

static void
job_delta_cb (InterleaveComparePage *self,
              InterleaveCompareJob  *job)
{
  refresh (self);
}

static void
job_progress_cb (InterleaveComparePage *self,
                 double                 fraction,
                 InterleaveCompareJob  *job)
{
  update_buttons (self);
}

static void
job_finished_cb (InterleaveComparePage *self,
                 const GError          *error,
                 InterleaveCompareJob  *job)
{
  g_autoptr(GString) notes = g_string_new (NULL);
  const InterleaveScenario *scenario = interleave_compare_job_get_scenario (job);

  self->n_summaries_shown = G_MAXUINT;
  refresh (self);

  if (interleave_compare_job_get_cancelled (job))
    gtk_progress_bar_set_text (self->progress_bar, _("Stopped; the runs that ended are shown"));
  else
    gtk_progress_bar_set_text (self->progress_bar, _("Done"));
  gtk_progress_bar_set_fraction (self->progress_bar, interleave_compare_job_get_progress (job));

  if (error != NULL)
    {
      show_message (self, _("The comparison failed"), error->message);
      return;
    }

  /* A server that could not be measured says so, with what to do. */
  for (guint a = 0; a < scenario->n_architectures; a++)
    {
      const char *note = interleave_compare_job_get_note (job, a);

      if (note != NULL && interleave_compare_job_get_measure_failed (job, a))
        g_string_append_printf (notes, "%s%s: %s", notes->len ? "\n" : "", scenario->architectures[a].name, note);
    }
  if (notes->len > 0)
    show_message (self, _("Some real servers were not measured"), notes->str);
}

static void
drop_job (InterleaveComparePage  *self,
          InterleaveCompareJob  **job)
{
  if (*job == NULL)
    return;

  g_signal_handlers_disconnect_by_data (*job, self);
  interleave_compare_job_cancel (*job);
  g_clear_object (job);
}

/* Each architecture twice: "X, closed loop" then "X, open loop". */
static void
twin_architectures (InterleaveScenario *scenario)
{
  InterleaveArchitecture *twins = g_new0 (InterleaveArchitecture, scenario->n_architectures * 2);

  for (guint i = 0; i < scenario->n_architectures; i++)
    {
      const InterleaveArchitecture *arch = &scenario->architectures[i];

      twins[2 * i] = *arch;
      twins[2 * i + 1] = *arch;
      /* Translators: an architecture loaded by clients that wait, "Node.js, closed loop" */
      twins[2 * i].name = g_strdup_printf (_("%s, closed loop"), arch->name);
      /* Translators: an architecture loaded at a rate, whatever the answers, "Node.js, open loop" */
      twins[2 * i + 1].name = g_strdup_printf (_("%s, open loop"), arch->name);
      twins[2 * i + 1].preset = g_strdup (arch->preset);
      g_free (arch->name);
    }

  g_free (scenario->architectures);
  scenario->architectures = twins;
  scenario->n_architectures *= 2;
}

static InterleaveCompareJob *
start_job (InterleaveComparePage *self,
           gboolean               sweep)
{
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveCompareJob *job;
  gboolean measure = gtk_switch_get_active (self->measure_switch);
  gboolean loops = gtk_switch_get_active (self->loops_switch);

  hide_message (self);

  loops = loops && !sweep;
  if (!sweep && (count_chosen (self) < min_chosen (self) || count_chosen (self) > max_chosen (self)))
    {
      if (loops)
        show_message (self, _("Pick one or two architectures"),
                      _("With closed and open loop side by side, each architecture runs twice: "
                        "tick one or two in the list on the left."));
      else
        show_message (self, _("Pick two to four architectures"),
                      _("Tick the architectures to compare in the list on the left."));
      return NULL;
    }
  if (sweep && (count_chosen (self) < 1 || count_chosen (self) > MAX_CHOSEN))
    {
      show_message (self, _("Pick two to four architectures"),
                    _("Tick the architectures to compare in the list on the left."));
      return NULL;
    }

  scenario = build_scenario (self, measure, &error);
  if (scenario == NULL)
    {
      show_message (self, _("The workload is not valid"), error->message);
      return NULL;
    }

  if (loops)
    {
      if (!scenario->has_arrivals || scenario->arrivals.kind != INTERLEAVE_ARRIVALS_CLOSED)
        {
          show_message (self, _("Closed and open loop need clients"),
                        _("Set the load to a closed loop (clients that wait for answers): the open loop "
                          "then sends requests at the rate those clients reached."));
          return NULL;
        }
      twin_architectures (scenario);
    }

  job = interleave_compare_job_new (scenario, measure, sweep ? sweep_levels : NULL,
                                    sweep ? G_N_ELEMENTS (sweep_levels) : 0);
  if (loops)
    for (guint i = 1; i < scenario->n_architectures; i += 2)
      interleave_compare_job_set_open_loop_of (job, i, i - 1);

  g_signal_connect_object (job, "traces-changed", G_CALLBACK (job_traces_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "delta", G_CALLBACK (job_delta_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "progress", G_CALLBACK (job_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "finished", G_CALLBACK (job_finished_cb), self, G_CONNECT_SWAPPED);

  return job;
}

static void
update_captions (InterleaveComparePage *self,
                 InterleaveCompareJob  *job)
{
  const InterleaveScenario *scenario = interleave_compare_job_get_scenario (job);
  g_autofree char *caption = NULL;

  if (gtk_switch_get_active (self->measure_switch))
    /* Translators: %u is the number of cores */
    caption = g_strdup_printf (g_dngettext (NULL,
                                            "Simulated on %u core, like this machine. Error: how far the simulation "
                                            "is from the measurement; ✓ within 10 %%, ≈ within 25 %%, ✗ beyond.",
                                            "Simulated on %u cores, like this machine. Error: how far the simulation "
                                            "is from the measurement; ✓ within 10 %%, ≈ within 25 %%, ✗ beyond.",
                                            scenario->cores),
                               scenario->cores);
  else
    caption = g_strdup (_("Simulated only: turn on “Measure the real servers” to compare with them."));

  gtk_label_set_text (self->table_caption, caption);
}

/**
 * interleave_compare_page_run:
 *
 * Simulates, and measures where it can, every architecture chosen.
 */
void
interleave_compare_page_run (InterleaveComparePage *self)
{
  InterleaveCompareJob *job;

  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));

  if (interleave_compare_page_get_running (self))
    return;

  job = start_job (self, FALSE);
  if (job == NULL)
    return;

  /* The views let go of the old traces before they go. */
  interleave_timeline_view_set_traces (self->timeline, NULL, NULL, 0);
  interleave_chart_view_set_traces (self->cdf_chart, NULL, 0);
  drop_job (self, &self->job);
  self->job = job;
  self->n_summaries_shown = G_MAXUINT;

  update_legend (self, job);
  update_captions (self, job);
  self->in_update = TRUE;
  gtk_adjustment_set_upper (self->cursor_adjustment, interleave_compare_job_get_scenario (job)->duration_ns / 1e6);
  gtk_adjustment_set_value (self->cursor_adjustment, 0);
  self->in_update = FALSE;
  update_cursor (self);

  gtk_stack_set_visible_child_name (self->main_stack, "results");
  interleave_timeline_view_set_playhead (self->timeline, -1);
  interleave_timeline_view_set_visible_range (self->timeline, 0, G_TIME_SPAN_SECOND * 1000 / 2);
  interleave_compare_job_start (job);
  refresh (self);
}

/**
 * interleave_compare_page_sweep:
 *
 * Runs the chosen architectures at five load levels around the one set,
 * for the throughput-against-load curve.
 */
void
interleave_compare_page_sweep (InterleaveComparePage *self)
{
  InterleaveCompareJob *job;

  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));

  if (interleave_compare_page_get_running (self))
    return;

  job = start_job (self, TRUE);
  if (job == NULL)
    return;

  drop_job (self, &self->sweep_job);
  self->sweep_job = job;
  self->n_summaries_shown = G_MAXUINT;

  if (self->job == NULL)
    update_legend (self, job);
  gtk_stack_set_visible_child_name (self->main_stack, "results");
  interleave_compare_job_start (job);
  refresh (self);
}

void
interleave_compare_page_cancel (InterleaveComparePage *self)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));

  if (self->job != NULL)
    interleave_compare_job_cancel (self->job);
  if (self->sweep_job != NULL)
    interleave_compare_job_cancel (self->sweep_job);
}

gboolean
interleave_compare_page_get_running (InterleaveComparePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self), FALSE);

  return (self->job != NULL && interleave_compare_job_get_running (self->job)) ||
         (self->sweep_job != NULL && interleave_compare_job_get_running (self->sweep_job));
}

/* Returns: (transfer none) (nullable): the last comparison */
InterleaveCompareJob *
interleave_compare_page_get_job (InterleaveComparePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self), NULL);

  return self->job;
}

/* Returns: (transfer none) (nullable): the last sweep */
InterleaveCompareJob *
interleave_compare_page_get_sweep_job (InterleaveComparePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self), NULL);

  return self->sweep_job;
}

const char *
interleave_compare_page_get_message (InterleaveComparePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self), NULL);

  return self->message;
}

/* Settings from outside ------------------------------------------------------ */

/* The one workload that follows the Simulate page's editor: added, or
 * brought up to date (its list entry renamed); picked if @pick. */
static void
put_editor_workload (InterleaveComparePage    *self,
                     const InterleaveScenario *scenario,
                     const char               *title,
                     gboolean                  pick)
{
  g_autofree char *name = NULL;
  guint index;

  /* Translators: a workload taken from elsewhere, e.g. "From Simulate: My scenario" */
  name = g_strdup_printf (_("From Simulate: %s"),
                          title ? title : scenario->title ? scenario->title : _("Untitled"));

  for (index = 1; index < self->workloads->len; index++)
    {
      Workload *workload = g_ptr_array_index (self->workloads, index);

      if (workload->from_editor)
        {
          const char * const names[] = { name, NULL };

          g_clear_pointer (&workload->scenario, interleave_scenario_free);
          workload->scenario = interleave_scenario_copy (scenario);
          if (g_strcmp0 (workload->title, name) != 0)
            {
              guint selected = adw_combo_row_get_selected (self->workload_row);

              g_free (workload->title);
              workload->title = g_strdup (name);
              self->in_update = TRUE;
              gtk_string_list_splice (self->workload_names, index, 1, names);
              adw_combo_row_set_selected (self->workload_row, selected);
              self->in_update = FALSE;
            }
          break;
        }
    }

  if (index == self->workloads->len)
    {
      index = add_workload (self, name, NULL, interleave_scenario_copy (scenario));
      ((Workload *) g_ptr_array_index (self->workloads, index))->from_editor = TRUE;
    }

  if (adw_combo_row_get_selected (self->workload_row) == index)
    workload_changed (self);
  else if (pick)
    adw_combo_row_set_selected (self->workload_row, index);
}

/* Whenever the page is shown, the Simulate page's scenario is offered as
 * a workload, as it is in the editor now. */
static void
page_mapped (InterleaveComparePage *self)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
  GtkWidget *simulate;
  const InterleaveScenario *scenario;

  if (stack == NULL || interleave_compare_page_get_running (self))
    return;

  simulate = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "simulate");
  if (simulate == NULL || !INTERLEAVE_IS_SIMULATE_PAGE (simulate))
    return;

  scenario = interleave_simulate_page_get_scenario (INTERLEAVE_SIMULATE_PAGE (simulate));
  if (scenario != NULL && scenario->n_architectures > 0)
    put_editor_workload (self, scenario, NULL, FALSE);
}

/**
 * interleave_compare_page_set_scenario:
 * @scenario: a workload, such as the one in the Simulate page's editor
 * @title: (nullable): how the workload list names it
 *
 * Adds @scenario to the workloads (replacing one of the same title) and
 * picks it, with its first four architectures chosen.
 */
void
interleave_compare_page_set_scenario (InterleaveComparePage    *self,
                                      const InterleaveScenario *scenario,
                                      const char               *title)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));
  g_return_if_fail (scenario != NULL);

  put_editor_workload (self, scenario, title, TRUE);
}

/**
 * interleave_compare_page_open_file:
 *
 * Loads a scenario file as the workload.
 *
 * Returns: whether it could be loaded; @error says what is wrong where
 */
gboolean
interleave_compare_page_open_file (InterleaveComparePage  *self,
                                   const char             *path,
                                   GError                **error)
{
  InterleaveScenario *scenario;
  guint index;

  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  scenario = interleave_scenario_load_file (path, error);
  if (scenario == NULL)
    return FALSE;

  for (index = 1; index < self->workloads->len; index++)
    {
      Workload *workload = g_ptr_array_index (self->workloads, index);

      if (g_strcmp0 (workload->path, path) == 0)
        {
          g_clear_pointer (&workload->scenario, interleave_scenario_free);
          workload->scenario = scenario;
          break;
        }
    }

  if (index == self->workloads->len)
    {
      g_autofree char *basename = g_path_get_basename (path);
      index = add_workload (self, scenario->title ? scenario->title : basename, path, scenario);
    }

  if (adw_combo_row_get_selected (self->workload_row) == index)
    workload_changed (self);
  else
    adw_combo_row_set_selected (self->workload_row, index);

  return TRUE;
}

/**
 * interleave_compare_page_set_custom:
 * @plan: what each request does
 * @clients: closed loop with this many clients, or 0 for…
 * @rate: …an open loop at this rate (constant gaps)
 */
void
interleave_compare_page_set_custom (InterleaveComparePage *self,
                                    const char            *plan,
                                    guint                  clients,
                                    double                 rate)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));
  g_return_if_fail (plan != NULL);

  adw_combo_row_set_selected (self->workload_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->rows.plan_row), plan);
  if (clients > 0)
    interleave_workload_rows_set_clients (&self->rows, clients);
  else
    interleave_workload_rows_set_rate (&self->rows, rate, FALSE);
}

void
interleave_compare_page_set_duration (InterleaveComparePage *self,
                                      double                 seconds)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));

  gtk_spin_button_set_value (self->rows.duration_spin, seconds);
}

void
interleave_compare_page_set_loops (InterleaveComparePage *self,
                                   gboolean               loops)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));

  gtk_switch_set_active (self->loops_switch, loops);
}

void
interleave_compare_page_set_measure (InterleaveComparePage *self,
                                     gboolean               measure)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));

  gtk_switch_set_active (self->measure_switch, measure);
}

/* Returns: how many architectures can be chosen from */
guint
interleave_compare_page_get_n_choices (InterleaveComparePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self), 0);

  return self->checks->len;
}

void
interleave_compare_page_set_chosen (InterleaveComparePage *self,
                                    guint                  index,
                                    gboolean               chosen)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self));
  g_return_if_fail (index < self->checks->len);

  gtk_check_button_set_active (g_ptr_array_index (self->checks, index), chosen);
}

guint
interleave_compare_page_get_n_chosen (InterleaveComparePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_PAGE (self), 0);

  return count_chosen (self);
}

/* Actions ------------------------------------------------------------------ */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  InterleaveComparePage *self = INTERLEAVE_COMPARE_PAGE (widget);

  if (self->job != NULL && interleave_compare_job_get_running (self->job))
    interleave_compare_job_cancel (self->job);
  else
    interleave_compare_page_run (self);
}

static void
sweep_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  InterleaveComparePage *self = INTERLEAVE_COMPARE_PAGE (widget);

  if (self->sweep_job != NULL && interleave_compare_job_get_running (self->sweep_job))
    interleave_compare_job_cancel (self->sweep_job);
  else
    interleave_compare_page_sweep (self);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  hide_message (INTERLEAVE_COMPARE_PAGE (widget));
}

static void
open_response_cb (GtkNativeDialog       *dialog,
                  int                    response,
                  InterleaveComparePage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && !interleave_compare_page_open_file (self, path, &error))
        show_message (self, _("The scenario cannot be opened"), error->message);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InterleaveComparePage *self = INTERLEAVE_COMPARE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open a Scenario"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Scenarios (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
run_shortcut (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  run_action (widget, "compare.run", NULL);
  return TRUE;
}

static gboolean
sweep_shortcut (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  sweep_action (widget, "compare.sweep", NULL);
  return TRUE;
}

/* GObject ------------------------------------------------------------------ */

static void
interleave_compare_page_dispose (GObject *object)
{
  InterleaveComparePage *self = INTERLEAVE_COMPARE_PAGE (object);

  /* Dropping the jobs stops their servers. */
  if (self->timeline != NULL)
    {
      interleave_timeline_view_set_traces (self->timeline, NULL, NULL, 0);
      interleave_chart_view_set_traces (self->cdf_chart, NULL, 0);
    }
  drop_job (self, &self->job);
  drop_job (self, &self->sweep_job);

  gtk_widget_dispose_template (GTK_WIDGET (object), INTERLEAVE_TYPE_COMPARE_PAGE);

  G_OBJECT_CLASS (interleave_compare_page_parent_class)->dispose (object);
}

static void
interleave_compare_page_finalize (GObject *object)
{
  InterleaveComparePage *self = INTERLEAVE_COMPARE_PAGE (object);

  g_clear_pointer (&self->workloads, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->trace_archs, g_array_unref);
  g_clear_pointer (&self->trace_sources, g_array_unref);
  g_clear_object (&self->workload_names);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (interleave_compare_page_parent_class)->finalize (object);
}

static void
interleave_compare_page_class_init (InterleaveComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_compare_page_dispose;
  object_class->finalize = interleave_compare_page_finalize;

  g_type_ensure (INTERLEAVE_TYPE_TIMELINE_VIEW);
  g_type_ensure (INTERLEAVE_TYPE_CHART_VIEW);
  g_type_ensure (INTERLEAVE_TYPE_CHART_LEGEND);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/interleave-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, workload_row);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, scenario_row);
  interleave_workload_rows_bind_template (widget_class, G_STRUCT_OFFSET (InterleaveComparePage, rows));
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, archs_list);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, measure_switch);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, loops_switch);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, run_button);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, run_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, sweep_button);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, sweep_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, timeline_caption);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, timeline);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, cursor_scale);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, cursor_adjustment);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, cursor_value);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, table_caption);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, table);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, cdf_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, load_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, load_hint);
  gtk_widget_class_bind_template_child (widget_class, InterleaveComparePage, legend);

  gtk_widget_class_install_action (widget_class, "compare.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "compare.sweep", NULL, sweep_action);
  gtk_widget_class_install_action (widget_class, "compare.dismiss", NULL, dismiss_action);
  gtk_widget_class_install_action (widget_class, "compare.open", NULL, open_action);
}

static void
interleave_compare_page_init (InterleaveComparePage *self)
{
  GtkEventController *shortcuts;

  self->workloads = g_ptr_array_new_with_free_func (workload_free);
  self->checks = g_ptr_array_new ();
  self->trace_archs = g_array_new (FALSE, FALSE, sizeof (guint));
  self->trace_sources = g_array_new (FALSE, FALSE, sizeof (guint));
  self->workload_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Time runs left to right, as in the timeline above it, in every
   * language (a scale would run right to left in Arabic or Hebrew). */
  gtk_widget_set_direction (GTK_WIDGET (self->cursor_scale), GTK_TEXT_DIR_LTR);

  add_workload (self, _("Custom (set below)"), NULL, NULL);
  load_shipped_scenarios (self);
  adw_combo_row_set_model (self->workload_row, G_LIST_MODEL (self->workload_names));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                                                          gtk_callback_action_new (run_shortcut, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>Return"),
                                                          gtk_callback_action_new (sweep_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  interleave_chart_view_set_title (self->cdf_chart, _("Latency distribution"));
  interleave_chart_view_set_title (self->load_chart, _("Throughput against load"));
  interleave_chart_view_set_xy_axes (self->load_chart, _("Offered load"), INTERLEAVE_METRIC_THROUGHPUT);
  /* Room for "Python threads, open loop (simulated)". */
  interleave_timeline_view_set_header_width (self->timeline, 340);

  g_signal_connect_object (self->workload_row, "notify::selected", G_CALLBACK (workload_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (page_mapped), NULL);
  g_signal_connect_object (self->rows.load_row, "notify::selected", G_CALLBACK (load_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rows.workers_spin, "value-changed", G_CALLBACK (workers_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cursor_adjustment, "value-changed", G_CALLBACK (cursor_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->measure_switch, "notify::active", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loops_switch, "notify::active", G_CALLBACK (choice_toggled), self, G_CONNECT_SWAPPED);

  workload_changed (self);
  update_cursor (self);
  update_load_chart (self);
}
