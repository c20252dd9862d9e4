/* interleave-measure-page.c
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
#include <math.h>

#include "interleave-axis.h"
#include "interleave-calibrator.h"
#include "interleave-chart-legend.h"
#include "interleave-chart-view.h"
#include "interleave-live-session.h"
#include "interleave-measure-page.h"
#include "interleave-plan.h"
#include "interleave-target.h"
#include "interleave-timeline-view.h"
#include "interleave-workload-rows.h"

/* The Measure page: a real server, a load, Start. The server is launched
 * and stopped by an InterleaveLiveSession; its measured trace feeds the
 * same timeline and chart widgets as a simulation, about ten times a
 * second. The results of the last run stay until the next Start.
 *
 * Calibrate runs `interleave calibrate` on the server picked (an
 * InterleaveCalibrator, which starts and stops its own server) and
 * stores what it measured in the user's profile of that runtime. */

enum {
  SERVER_NODE_EVENTLOOP,
  SERVER_NODE_CLUSTER,
  SERVER_PYTHON_THREADED,
  SERVER_PYTHON_PREFORK,
  SERVER_PYTHON_ASYNCIO,
  SERVER_URL,
};

/* Lines in the CPU chart: all processes, then this many processes. */
#define MAX_CPU_PROCESSES 3

struct _InterleaveMeasurePage
{
  AdwBin                  parent_instance;

  /* Template widgets */
  GtkRevealer            *banner_revealer;
  GtkLabel               *banner_title;
  GtkLabel               *banner_label;
  AdwComboRow            *server_row;
  AdwEntryRow            *url_row;
  InterleaveWorkloadRows  rows;
  GtkButton              *start_button;
  GtkSpinner             *start_spinner;
  GtkLabel               *start_label;
  GtkButton              *calibrate_button;
  GtkProgressBar         *progress_bar;
  AdwActionRow           *requests_row;
  AdwActionRow           *throughput_row;
  AdwActionRow           *latency_row;
  AdwActionRow           *cpu_row;
  GtkStack               *main_stack;
  GtkLabel               *timeline_caption;
  InterleaveTimelineView *timeline;
  InterleaveChartView    *throughput_chart;
  InterleaveChartView    *latency_chart;
  InterleaveChartView    *errors_chart;
  InterleaveChartView    *cpu_chart;
  InterleaveChartLegend  *latency_legend;
  InterleaveChartLegend  *cpu_legend;

  InterleaveLiveSession  *session;
  char                   *message;

  /* A calibration under way (Calibrate), and its progress. */
  InterleaveCalibrator   *calibrator;
  GCancellable           *calibrate_cancellable;
  double                  calibrate_fraction;
  char                   *calibrate_text;
  char                   *calibration_path;    /* the profile the last calibration stored */

  /* Views of the measured trace the charts draw: the three percentiles
   * as three series, and the CPU of each process. */
  InterleaveTrace        *percentiles[3];
  GPtrArray              *process_traces;    /* InterleaveTrace, owned: the CPU of one process */
  GArray                 *cpu_pids;          /* gint64, per process trace */
  guint                   n_windows_seen;
  guint                   n_samples_seen;
};

G_DEFINE_FINAL_TYPE (InterleaveMeasurePage, interleave_measure_page, ADW_TYPE_BIN)

static const InterleaveMetric percentile_metrics[3] = {
  INTERLEAVE_METRIC_LATENCY_P50,
  INTERLEAVE_METRIC_LATENCY_P95,
  INTERLEAVE_METRIC_LATENCY_P99,
};

/* Messages ---------------------------------------------------------------- */

static void
show_message (InterleaveMeasurePage *self,
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
hide_message (InterleaveMeasurePage *self)
{
  g_clear_pointer (&self->message, g_free);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* A failure a user can cause, said with what to do about it. */
static void
show_error (InterleaveMeasurePage *self,
            const GError          *error)
{
  g_autofree char *body = NULL;
  const char *title;

  if (g_error_matches (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_RUNTIME_MISSING))
    {
      const InterleaveServerPreset *preset = self->session ? interleave_live_session_get_preset (self->session) : NULL;
      gboolean node = preset != NULL && preset->runtime == INTERLEAVE_RUNTIME_NODE;

      title = node ? _("Node.js is not installed") : _("Python 3 is not installed");
      body = g_strdup (node ? _("This server runs on Node.js, and there is no “node” program on this "
                                "computer’s PATH. Install Node.js (on Debian or Ubuntu: sudo apt install "
                                "nodejs), then press Start again, or pick a Python server.")
                            : _("This server runs on Python 3, and there is no “python3” program on "
                                "this computer’s PATH. Install Python 3 (on Debian or Ubuntu: sudo apt "
                                "install python3), then press Start again, or pick a Node.js server."));
    }
  else if (error->domain == INTERLEAVE_SERVER_ERROR)
    {
      title = _("The server could not start");
      body = g_strdup_printf ("%s\n%s", error->message,
                              _("Press Start to try again, or pick another server."));
    }
  else if (g_error_matches (error, INTERLEAVE_MEASUREMENT_ERROR, INTERLEAVE_MEASUREMENT_ERROR_SERVER_DIED))
    {
      title = _("The server stopped during the run");
      body = g_strdup_printf ("%s\n%s", error->message, _("Press Start to run it again."));
    }
  else if (g_error_matches (error, INTERLEAVE_MEASUREMENT_ERROR, INTERLEAVE_MEASUREMENT_ERROR_REFUSED))
    {
      title = _("Nothing answers at that address");
      body = g_strdup_printf ("%s\n%s", error->message,
                              _("Start that server first and check its port, or pick a server "
                                "Interleave starts for you."));
    }
  else if (error->domain == INTERLEAVE_PLAN_ERROR)
    {
      title = _("The plan is not valid");
      body = g_strdup_printf ("%s\n%s", error->message,
                              _("A plan is a list of phases in milliseconds, such as cpu:5,io:20."));
    }
  else if (error->domain == INTERLEAVE_TARGET_ERROR)
    {
      title = _("The URL cannot be used");
      body = g_strdup_printf ("%s\n%s", error->message,
                              _("Give an address such as http://127.0.0.1:8000."));
    }
  else
    {
      title = _("The measurement failed");
      body = g_strdup (error->message);
    }

  show_message (self, title, body);
}

/* Settings ---------------------------------------------------------------- */

static guint
get_server_kind (InterleaveMeasurePage *self)
{
  return adw_combo_row_get_selected (self->server_row);
}

/**
 * interleave_measure_page_dup_server:
 *
 * Returns: (transfer full): the server as `interleave measure --server`
 *   takes it: "node:cluster:2", "python:threaded", or the URL
 */
char *
interleave_measure_page_dup_server (InterleaveMeasurePage *self)
{
  guint workers;

  g_return_val_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self), NULL);

  workers = (guint) gtk_spin_button_get_value_as_int (self->rows.workers_spin);

  switch (get_server_kind (self))
    {
    case SERVER_NODE_EVENTLOOP:  return g_strdup ("node:eventloop");
    case SERVER_NODE_CLUSTER:    return g_strdup_printf ("node:cluster:%u", workers);
    case SERVER_PYTHON_THREADED: return g_strdup ("python:threaded");
    case SERVER_PYTHON_PREFORK:  return g_strdup_printf ("python:prefork:%u", workers);
    case SERVER_PYTHON_ASYNCIO:  return g_strdup ("python:asyncio");
    case SERVER_URL:
    default:
      return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
    }
}

/**
 * interleave_measure_page_set_server:
 * @server: as `interleave measure --server` takes it
 *
 * Returns: whether @server was understood
 */
gboolean
interleave_measure_page_set_server (InterleaveMeasurePage *self,
                                    const char            *server)
{
  g_autoptr(InterleaveServerPreset) preset = NULL;
  guint kind;

  g_return_val_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);

  preset = interleave_server_preset_parse (server, NULL);
  if (preset == NULL)
    return FALSE;

  if (preset->runtime == INTERLEAVE_RUNTIME_URL)
    {
      kind = SERVER_URL;
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), preset->url);
    }
  else if (preset->runtime == INTERLEAVE_RUNTIME_NODE)
    kind = g_strcmp0 (preset->mode, "cluster") == 0 ? SERVER_NODE_CLUSTER : SERVER_NODE_EVENTLOOP;
  else if (g_strcmp0 (preset->mode, "prefork") == 0)
    kind = SERVER_PYTHON_PREFORK;
  else if (g_strcmp0 (preset->mode, "asyncio") == 0)
    kind = SERVER_PYTHON_ASYNCIO;
  else
    kind = SERVER_PYTHON_THREADED;

  if (kind == SERVER_NODE_CLUSTER || kind == SERVER_PYTHON_PREFORK)
    gtk_spin_button_set_value (self->rows.workers_spin, preset->workers);
  adw_combo_row_set_selected (self->server_row, kind);

  return TRUE;
}

void
interleave_measure_page_set_plan (InterleaveMeasurePage *self,
                                  const char            *plan)
{
  g_return_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self));
  g_return_if_fail (plan != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->rows.plan_row), plan);
}

void
interleave_measure_page_set_clients (InterleaveMeasurePage *self,
                                     guint                  clients)
{
  g_return_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self));

  interleave_workload_rows_set_clients (&self->rows, clients);
}

void
interleave_measure_page_set_rate (InterleaveMeasurePage *self,
                                  double                 rate,
                                  gboolean               poisson)
{
  g_return_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self));

  interleave_workload_rows_set_rate (&self->rows, rate, poisson);
}

void
interleave_measure_page_set_duration (InterleaveMeasurePage *self,
                                      double                 seconds)
{
  g_return_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self));

  gtk_spin_button_set_value (self->rows.duration_spin, seconds);
}

static void update_state (InterleaveMeasurePage *self);

static void
update_rows (InterleaveMeasurePage *self)
{
  guint server = get_server_kind (self);

  gtk_widget_set_visible (GTK_WIDGET (self->rows.workers_row),
                          server == SERVER_NODE_CLUSTER || server == SERVER_PYTHON_PREFORK);
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), server == SERVER_URL);
  interleave_workload_rows_show_load (&self->rows, TRUE);
  update_state (self);
}

static void
plan_changed (InterleaveMeasurePage *self)
{
  g_autoptr(GError) error = NULL;
  InterleavePlan plan;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->rows.plan_row));

  if (interleave_plan_parse (text, &plan, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->rows.plan_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->rows.plan_row), NULL);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->rows.plan_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->rows.plan_row), error->message);
    }
}

static void
set_controls_sensitive (InterleaveMeasurePage *self,
                        gboolean               sensitive)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->server_row), GTK_WIDGET (self->rows.workers_row), GTK_WIDGET (self->url_row),
    GTK_WIDGET (self->rows.plan_row), GTK_WIDGET (self->rows.load_row), GTK_WIDGET (self->rows.clients_row),
    GTK_WIDGET (self->rows.rate_row), gtk_widget_get_ancestor (GTK_WIDGET (self->rows.duration_spin), ADW_TYPE_ACTION_ROW),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], sensitive);
}

/* Derived series ---------------------------------------------------------- */

static void
clear_views (InterleaveMeasurePage *self)
{
  interleave_timeline_view_set_traces (self->timeline, NULL, NULL, 0);
  interleave_chart_view_set_traces (self->throughput_chart, NULL, 0);
  interleave_chart_view_set_traces (self->errors_chart, NULL, 0);
  interleave_chart_view_set_traces (self->latency_chart, NULL, 0);
  interleave_chart_view_set_traces (self->cpu_chart, NULL, 0);
  interleave_chart_legend_clear (self->cpu_legend);

  for (guint i = 0; i < G_N_ELEMENTS (self->percentiles); i++)
    g_clear_pointer (&self->percentiles[i], interleave_trace_free);
  g_ptr_array_set_size (self->process_traces, 0);
  g_array_set_size (self->cpu_pids, 0);
  self->n_windows_seen = 0;
  self->n_samples_seen = 0;
}

static InterleaveTrace *
new_series (const InterleaveTrace *like,
            const char            *name)
{
  return interleave_trace_new (name, like->n_cores, like->window_ns);
}

static void
append_value (InterleaveTrace  *series,
              gint64            start,
              InterleaveMetric  metric,
              double            value)
{
  InterleaveWindow window = { .start = start };

  for (guint m = 0; m < INTERLEAVE_N_METRICS; m++)
    window.values[m] = NAN;
  window.values[metric] = value;
  g_array_append_val (series->windows, window);
  series->end = MAX (series->end, start + series->window_ns);
}

/* The CPU chart: the whole server (the measured trace's own CPU), then
 * each process. */
static void
set_cpu_traces (InterleaveMeasurePage *self)
{
  InterleaveMeasurement *measurement = interleave_live_session_get_measurement (self->session);
  g_autoptr(GPtrArray) traces = g_ptr_array_new ();

  g_ptr_array_add (traces, (gpointer) interleave_measurement_get_trace (measurement));
  for (guint i = 0; i < self->process_traces->len; i++)
    g_ptr_array_add (traces, g_ptr_array_index (self->process_traces, i));

  interleave_chart_view_set_traces (self->cpu_chart, (const InterleaveTrace * const *) traces->pdata, traces->len);
  interleave_chart_legend_clear (self->cpu_legend);
  for (guint i = 0; i < traces->len; i++)
    {
      const InterleaveTrace *trace = g_ptr_array_index (traces, i);

      interleave_chart_legend_add (self->cpu_legend, i == 0 ? _("All server processes") : trace->name, i, i);
    }
}

static void
update_series (InterleaveMeasurePage *self)
{
  InterleaveMeasurement *measurement = interleave_live_session_get_measurement (self->session);
  const InterleaveTrace *trace = interleave_measurement_get_trace (measurement);
  const GArray *samples = interleave_measurement_get_process_samples (measurement);
  InterleaveServer *server = interleave_live_session_get_server (self->session);
  gint64 main_pid = server ? interleave_server_get_pid (server) : -1;
  gboolean new_process = FALSE;

  for (guint i = self->n_windows_seen; i < trace->windows->len; i++)
    {
      const InterleaveWindow *window = &g_array_index (trace->windows, InterleaveWindow, i);

      for (guint p = 0; p < G_N_ELEMENTS (self->percentiles); p++)
        /* All three in the slot the chart draws. */
        append_value (self->percentiles[p], window->start, INTERLEAVE_METRIC_LATENCY_P50,
                      window->values[percentile_metrics[p]]);
    }
  self->n_windows_seen = trace->windows->len;

  for (guint i = self->n_samples_seen; i < samples->len; i++)
    {
      const InterleaveProcessSample *sample = &g_array_index (samples, InterleaveProcessSample, i);
      InterleaveTrace *series = NULL;
      gint64 start;

      for (guint j = 0; j < self->cpu_pids->len; j++)
        if (g_array_index (self->cpu_pids, gint64, j) == sample->pid)
          series = g_ptr_array_index (self->process_traces, j);

      if (series == NULL && self->cpu_pids->len < MAX_CPU_PROCESSES)
        {
          g_autofree char *name = NULL;

          if (sample->pid == main_pid)
            /* Translators: a server's main process in the CPU chart's legend */
            name = g_strdup_printf (_("Process %lld (main)"), (long long) sample->pid);
          else
            /* Translators: a worker process in the CPU chart's legend */
            name = g_strdup_printf (_("Worker %lld"), (long long) sample->pid);

          series = new_series (trace, name);
          g_array_append_val (self->cpu_pids, sample->pid);
          g_ptr_array_add (self->process_traces, series);
          new_process = TRUE;
        }

      if (series == NULL)
        continue;

      /* A sample covers the window that ends at its time. */
      start = MAX (0, (sample->time + trace->window_ns / 2) / trace->window_ns - 1) * trace->window_ns;
      append_value (series, start, INTERLEAVE_METRIC_CPU, sample->cpu);
    }
  self->n_samples_seen = samples->len;

  if (new_process)
    set_cpu_traces (self);
}

static void
update_caption (InterleaveMeasurePage *self)
{
  InterleaveMeasurement *measurement = interleave_live_session_get_measurement (self->session);
  const InterleaveTrace *trace = interleave_measurement_get_trace (measurement);
  g_autoptr(GString) pids = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < trace->processes->len && i < 8; i++)
    {
      const InterleaveProcess *process = g_ptr_array_index (trace->processes, i);

      if (pids->len > 0)
        g_string_append (pids, ", ");
      g_string_append_printf (pids, "%lld", (long long) process->pid);
    }

  if (trace->lanes->len == 0)
    text = g_strdup (_("The timeline shows each request on the server thread that ran it, from the "
                       "Server-Timing header of its response. Waiting for the first answers…"));
  else
    /* Translators: %u threads, %s a list of process ids */
    text = g_strdup_printf (g_dngettext (NULL,
                                         "Each request on the real server thread that ran it (%u thread, process %s), "
                                         "drawn from the Server-Timing header of its response.",
                                         "Each request on the real server threads that ran it (%u threads, processes %s), "
                                         "drawn from the Server-Timing header of its response.",
                                         trace->lanes->len),
                            trace->lanes->len, pids->str);

  if (interleave_measurement_get_counts (measurement)->bad_timing > 0)
    {
      g_autofree char *with_problem = NULL;

      /* Translators: the second %s says why some answers are not drawn */
      with_problem = g_strdup_printf (_("%s Some answers are not drawn: %s"), text,
                                      interleave_measurement_get_timing_problem (measurement));
      gtk_label_set_text (self->timeline_caption, with_problem);
      return;
    }

  gtk_label_set_text (self->timeline_caption, text);
}

/* Results ------------------------------------------------------------------ */

static void
update_results (InterleaveMeasurePage *self)
{
  InterleaveMeasurement *measurement;
  g_autoptr(InterleaveSummary) summary = NULL;
  const InterleaveLiveCounts *counts;
  g_autofree char *requests = NULL;
  g_autofree char *throughput = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *cpu = NULL;
  guint64 failed;

  if (self->session == NULL || (measurement = interleave_live_session_get_measurement (self->session)) == NULL)
    {
      adw_action_row_set_subtitle (self->requests_row, "–");
      adw_action_row_set_subtitle (self->throughput_row, "–");
      adw_action_row_set_subtitle (self->latency_row, "–");
      adw_action_row_set_subtitle (self->cpu_row, "–");
      return;
    }

  summary = interleave_measurement_dup_summary (measurement);
  counts = interleave_measurement_get_counts (measurement);
  failed = summary->failed + summary->refused;

  /* Translators: counts of requests */
  requests = g_strdup_printf (_("%llu sent, %llu completed, %llu failed"),
                              (unsigned long long) counts->issued,
                              (unsigned long long) counts->completed,
                              (unsigned long long) failed);
  throughput = g_strdup_printf (_("%.1f requests/s"), summary->throughput);

  if (summary->completed > 0)
    {
      g_autofree char *p50 = interleave_format_duration ((gint64) (summary->latency_p50_ms * 1e6));
      g_autofree char *p95 = interleave_format_duration ((gint64) (summary->latency_p95_ms * 1e6));
      g_autofree char *p99 = interleave_format_duration ((gint64) (summary->latency_p99_ms * 1e6));

      /* Translators: latency percentiles, e.g. "p50 21 ms, p95 24 ms, p99 30 ms" */
      latency = g_strdup_printf (_("p50 %s, p95 %s, p99 %s"), p50, p95, p99);
    }
  else
    latency = g_strdup (_("No request completed yet"));

  if (interleave_measurement_get_n_processes (measurement) > 0)
    /* Translators: "0.95 cores of 2 (48 %)" */
    cpu = g_strdup_printf (_("%.2f cores of %u (%.0f %%)"),
                           summary->cpu_utilisation * g_get_num_processors (),
                           g_get_num_processors (), summary->cpu_utilisation * 100);
  else
    cpu = g_strdup (_("Not sampled: the server is not a process Interleave started"));

  adw_action_row_set_subtitle (self->requests_row, requests);
  adw_action_row_set_subtitle (self->throughput_row, throughput);
  adw_action_row_set_subtitle (self->latency_row, latency);
  adw_action_row_set_subtitle (self->cpu_row, cpu);
}

static void
update_progress (InterleaveMeasurePage *self)
{
  InterleaveMeasurement *measurement = self->session ? interleave_live_session_get_measurement (self->session) : NULL;
  InterleaveLiveSessionState state = self->session ? interleave_live_session_get_state (self->session)
                                                   : INTERLEAVE_LIVE_SESSION_IDLE;
  g_autofree char *text = NULL;
  double fraction = 0;

  if (self->calibrator != NULL)
    {
      fraction = self->calibrate_fraction;
      text = g_strdup (self->calibrate_text != NULL ? self->calibrate_text : "");
    }
  else if (state == INTERLEAVE_LIVE_SESSION_STARTING)
    {
      g_autofree char *server = interleave_server_preset_to_string (interleave_live_session_get_preset (self->session));
      /* Translators: %s is a server such as node:cluster:2 */
      text = g_strdup_printf (_("Starting %s…"), server);
    }
  else if (measurement != NULL)
    {
      const InterleaveLoadOptions *options = interleave_measurement_get_options (measurement);
      double elapsed = interleave_measurement_get_elapsed (measurement) / 1e9;
      double total = options->duration_ns / 1e9;

      fraction = interleave_measurement_get_progress (measurement);
      if (state == INTERLEAVE_LIVE_SESSION_MEASURING)
        /* Translators: "3.2 s of 10 s, 6.8 s left" */
        text = g_strdup_printf (_("%.1f s of %.0f s, %.1f s left"), MIN (elapsed, total), total,
                                MAX (0, total - elapsed));
      else if (state == INTERLEAVE_LIVE_SESSION_STOPPING)
        text = g_strdup (_("Stopping the server…"));
      else
        /* Translators: "Measured 10.0 s" */
        text = g_strdup_printf (_("Measured %.1f s"), MIN (elapsed, total));
    }
  else
    text = g_strdup (_("Not started"));

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
update_state (InterleaveMeasurePage *self)
{
  gboolean busy = self->session != NULL && interleave_live_session_get_busy (self->session);
  InterleaveLiveSessionState state = self->session ? interleave_live_session_get_state (self->session)
                                                   : INTERLEAVE_LIVE_SESSION_IDLE;

  gtk_label_set_text_with_mnemonic (self->start_label, busy ? _("S_top") : _("S_tart"));
  if (busy)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
    }

  gtk_spinner_set_spinning (self->start_spinner,
                            state == INTERLEAVE_LIVE_SESSION_STARTING || state == INTERLEAVE_LIVE_SESSION_STOPPING);
  gtk_widget_set_visible (GTK_WIDGET (self->start_spinner),
                          state == INTERLEAVE_LIVE_SESSION_STARTING || state == INTERLEAVE_LIVE_SESSION_STOPPING);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button),
                            state != INTERLEAVE_LIVE_SESSION_STOPPING && self->calibrator == NULL);
  set_controls_sensitive (self, !busy && self->calibrator == NULL);

  /* Calibrate: a server Interleave starts, while nothing else runs; while
   * it calibrates, the same button cancels. */
  gtk_button_set_label (self->calibrate_button,
                        self->calibrator != NULL ? _("_Cancel Calibration") : _("_Calibrate"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "measure.calibrate",
                                 self->calibrator != NULL ||
                                 (!busy && get_server_kind (self) != SERVER_URL));
  update_progress (self);
}

/* Session ----------------------------------------------------------------- */

static void
refresh_views (InterleaveMeasurePage *self)
{
  InterleaveMeasurement *measurement = interleave_live_session_get_measurement (self->session);
  const InterleaveTrace *trace = interleave_measurement_get_trace (measurement);
  gint64 duration = interleave_measurement_get_options (measurement)->duration_ns;
  gint64 end = MAX (duration, trace->end);
  gboolean running = interleave_live_session_get_state (self->session) == INTERLEAVE_LIVE_SESSION_MEASURING;

  update_series (self);

  interleave_timeline_view_traces_changed (self->timeline);
  interleave_timeline_view_set_playhead (self->timeline, running ? trace->end : -1);

  interleave_chart_view_set_time_range (self->throughput_chart, 0, end);
  interleave_chart_view_set_time_range (self->errors_chart, 0, end);
  interleave_chart_view_set_time_range (self->latency_chart, 0, end);
  interleave_chart_view_set_time_range (self->cpu_chart, 0, end);
  interleave_chart_view_traces_changed (self->throughput_chart);
  interleave_chart_view_traces_changed (self->errors_chart);
  interleave_chart_view_traces_changed (self->latency_chart);
  interleave_chart_view_traces_changed (self->cpu_chart);

  update_caption (self);
  update_results (self);
  update_progress (self);
}

static void
session_started_cb (InterleaveMeasurePage *self,
                    InterleaveLiveSession *session)
{
  InterleaveMeasurement *measurement = interleave_live_session_get_measurement (session);
  const InterleaveTrace *trace = interleave_measurement_get_trace (measurement);
  const InterleaveTrace *one[1] = { trace };

  for (guint i = 0; i < G_N_ELEMENTS (self->percentiles); i++)
    {
      static const char *names[] = { "p50", "p95", "p99" };
      self->percentiles[i] = new_series (trace, names[i]);
    }
  interleave_timeline_view_set_traces (self->timeline, one, NULL, 1);
  interleave_timeline_view_set_follow_playhead (self->timeline, TRUE);
  interleave_timeline_view_set_visible_range (self->timeline, 0, G_TIME_SPAN_SECOND * 1000 * 2);
  interleave_chart_view_set_traces (self->throughput_chart, one, 1);
  interleave_chart_view_set_traces (self->errors_chart, one, 1);
  interleave_chart_view_set_traces (self->latency_chart,
                                    (const InterleaveTrace * const *) self->percentiles, 3);
  set_cpu_traces (self);

  gtk_stack_set_visible_child_name (self->main_stack, "results");
  update_state (self);
  refresh_views (self);
}

static void
session_delta_cb (InterleaveMeasurePage *self,
                  gpointer               delta,
                  InterleaveLiveSession *session)
{
  refresh_views (self);
}

static void
session_state_cb (InterleaveMeasurePage *self,
                  GParamSpec            *pspec,
                  InterleaveLiveSession *session)
{
  update_state (self);
}

static void
session_finished_cb (InterleaveMeasurePage *self,
                     const GError          *error,
                     InterleaveLiveSession *session)
{
  if (interleave_live_session_get_measurement (session) != NULL)
    refresh_views (self);

  if (error != NULL)
    show_error (self, error);

  update_state (self);
}

static void
drop_session (InterleaveMeasurePage *self)
{
  if (self->session == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->session, self);
  interleave_live_session_stop (self->session);
  g_clear_object (&self->session);
}

static void
start_with (InterleaveMeasurePage *self,
            gboolean               allow_remote)
{
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = interleave_measure_page_dup_server (self);
  InterleaveLoadOptions options;

  hide_message (self);

  preset = interleave_server_preset_parse (server, &error);
  if (preset == NULL)
    {
      show_message (self, _("The URL cannot be used"), error->message);
      return;
    }

  interleave_load_options_init (&options);
  interleave_workload_rows_get_load (&self->rows, &options);
  options.allow_remote = allow_remote;

  /* The old results go when the new run starts. */
  clear_views (self);
  drop_session (self);

  self->session = interleave_live_session_new (preset, gtk_editable_get_text (GTK_EDITABLE (self->rows.plan_row)),
                                               &options, &error);
  if (self->session == NULL)
    {
      show_error (self, error);
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      update_results (self);
      update_state (self);
      return;
    }

  g_signal_connect_object (self->session, "measurement-started", G_CALLBACK (session_started_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "delta", G_CALLBACK (session_delta_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "finished", G_CALLBACK (session_finished_cb), self, G_CONNECT_SWAPPED);

  interleave_live_session_start (self->session);
  update_results (self);
  update_state (self);
}

static void
remote_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    InterleaveMeasurePage *self)
{
  if (g_strcmp0 (response, "send") == 0)
    start_with (self, TRUE);
}

/**
 * interleave_measure_page_start:
 *
 * Starts a run with the settings shown, after the old one, if any,
 * stopped. A URL on another machine is loaded only after the user
 * says yes in a dialog.
 */
void
interleave_measure_page_start (InterleaveMeasurePage *self)
{
  g_autofree char *server = NULL;
  g_autoptr(GUri) target = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self));

  if (interleave_measure_page_get_running (self) || self->calibrator != NULL)
    return;

  server = interleave_measure_page_dup_server (self);
  if (get_server_kind (self) == SERVER_URL &&
      (target = interleave_target_parse (server, FALSE, &error)) == NULL &&
      g_error_matches (error, INTERLEAVE_TARGET_ERROR, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK))
    {
      g_autoptr(GUri) remote = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           _("Load a Server on Another Machine?"), NULL));
      adw_message_dialog_format_body (dialog,
                                      _("%s is not on this computer. Interleave will send it real "
                                        "requests, as many as the load asks for. Only do this to a "
                                        "server you run yourself, on a network you are allowed to load."),
                                      remote ? g_uri_get_host (remote) : server);
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "send", _("_Send Load"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (remote_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  start_with (self, FALSE);
}

/**
 * interleave_measure_page_stop:
 *
 * Ends the run early and stops the server; what was measured stays.
 */
void
interleave_measure_page_stop (InterleaveMeasurePage *self)
{
  g_return_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self));

  if (self->session != NULL)
    interleave_live_session_stop (self->session);
}

gboolean
interleave_measure_page_get_running (InterleaveMeasurePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self), FALSE);

  return self->session != NULL && interleave_live_session_get_busy (self->session);
}

/* Returns: (transfer none) (nullable): the current or last run */
InterleaveLiveSession *
interleave_measure_page_get_session (InterleaveMeasurePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self), NULL);

  return self->session;
}

/* Returns: (nullable): the title and text of the message shown, if any */
const char *
interleave_measure_page_get_message (InterleaveMeasurePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self), NULL);

  return self->message;
}

/* Calibration -------------------------------------------------------------- */

static void
calibrator_progress_cb (InterleaveMeasurePage *self,
                        double                 fraction,
                        const char            *label,
                        InterleaveCalibrator  *calibrator)
{
  g_autofree char *server = interleave_server_preset_to_string (interleave_calibrator_get_preset (calibrator));

  self->calibrate_fraction = fraction;
  g_free (self->calibrate_text);
  /* Translators: "Calibrating node:eventloop: Measuring a millisecond of cpu" */
  self->calibrate_text = g_strdup_printf (_("Calibrating %s: %s"), server, label);
  update_progress (self);
}

static void
calibrate_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(InterleaveMeasurePage) self = user_data;
  InterleaveCalibrator *calibrator = INTERLEAVE_CALIBRATOR (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *server = interleave_server_preset_to_string (interleave_calibrator_get_preset (calibrator));
  g_autofree char *path = NULL;
  gboolean cancelled = FALSE;

  if (self->calibrator != calibrator)
    return;   /* the page was disposed meanwhile */

  if (!interleave_calibrator_run_finish (calibrator, result, &error))
    {
      cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      if (!cancelled)
        {
          g_autofree char *body = g_strdup_printf ("%s\n%s", error->message,
                                                   _("Press Calibrate to try again; the simulator keeps using "
                                                     "its previous profile or its defaults."));

          show_message (self, _("The calibration failed"), body);
        }
    }
  else if (!interleave_calibrator_save (calibrator, &path, &error))
    {
      g_autofree char *body = g_strdup_printf ("%s\n%s", error->message,
                                               _("Check that the folder can be written to, then press "
                                                 "Calibrate again."));

      show_message (self, _("The calibration could not be stored"), body);
    }
  else
    {
      const InterleaveCalibrationServer *figures = interleave_calibrator_get_result (calibrator);
      g_autofree char *overhead = interleave_time_to_string (figures->overhead_ns);
      g_autofree char *body = NULL;

      body = g_strdup_printf (_("Simulations of this runtime now use what %s costs on this machine: "
                                "%s of CPU per request, %.2f ms per millisecond of cpu, %.2f ms per "
                                "millisecond of native work.\nStored in %s"),
                              server, overhead, figures->cpu_factor, figures->native_factor, path);
      show_message (self, _("Calibration stored"), body);
      g_free (self->calibration_path);
      self->calibration_path = g_steal_pointer (&path);
    }

  g_signal_handlers_disconnect_by_data (calibrator, self);
  g_clear_object (&self->calibrator);
  g_clear_object (&self->calibrate_cancellable);
  g_clear_pointer (&self->calibrate_text, g_free);
  self->calibrate_fraction = 0.0;
  update_state (self);
  if (cancelled)
    gtk_progress_bar_set_text (self->progress_bar, _("Calibration cancelled"));
}

/**
 * interleave_measure_page_calibrate:
 *
 * Calibrates the server picked (not a URL): starts it, measures it as
 * `interleave calibrate` does, stops it and stores the result in the
 * user's calibration profile of its runtime. Does nothing while a run
 * or a calibration goes on.
 */
void
interleave_measure_page_calibrate (InterleaveMeasurePage *self)
{
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autofree char *server = NULL;

  g_return_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self));

  if (self->calibrator != NULL || interleave_measure_page_get_running (self))
    return;

  hide_message (self);
  server = interleave_measure_page_dup_server (self);
  preset = interleave_server_preset_parse (server, NULL);
  if (preset == NULL || preset->runtime == INTERLEAVE_RUNTIME_URL)
    {
      show_message (self, _("Only the servers Interleave starts can be calibrated"),
                    _("Pick a Node.js or Python server: calibration measures the test servers "
                      "Interleave ships, whose architecture the simulator knows."));
      return;
    }

  self->calibrator = interleave_calibrator_new (preset);
  self->calibrate_cancellable = g_cancellable_new ();
  self->calibrate_fraction = 0.0;
  g_free (self->calibrate_text);
  /* Translators: %s is a server such as node:cluster:2 */
  self->calibrate_text = g_strdup_printf (_("Calibrating %s…"), server);
  g_signal_connect_object (self->calibrator, "progress", G_CALLBACK (calibrator_progress_cb),
                           self, G_CONNECT_SWAPPED);
  interleave_calibrator_run_async (self->calibrator, self->calibrate_cancellable,
                                   calibrate_done_cb, g_object_ref (self));
  update_state (self);
}

/**
 * interleave_measure_page_cancel_calibration:
 *
 * Stops a calibration under way (its server too); nothing is stored.
 */
void
interleave_measure_page_cancel_calibration (InterleaveMeasurePage *self)
{
  g_return_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self));

  if (self->calibrate_cancellable != NULL)
    g_cancellable_cancel (self->calibrate_cancellable);
}

gboolean
interleave_measure_page_get_calibrating (InterleaveMeasurePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self), FALSE);

  return self->calibrator != NULL;
}

/* Returns: (nullable): the profile the last calibration stored */
const char *
interleave_measure_page_get_calibration_path (InterleaveMeasurePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASURE_PAGE (self), NULL);

  return self->calibration_path;
}

/* Actions ------------------------------------------------------------------ */

static void
calibrate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  InterleaveMeasurePage *self = INTERLEAVE_MEASURE_PAGE (widget);

  if (self->calibrator != NULL)
    interleave_measure_page_cancel_calibration (self);
  else
    interleave_measure_page_calibrate (self);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  InterleaveMeasurePage *self = INTERLEAVE_MEASURE_PAGE (widget);

  if (interleave_measure_page_get_running (self))
    interleave_measure_page_stop (self);
  else
    interleave_measure_page_start (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  interleave_measure_page_stop (INTERLEAVE_MEASURE_PAGE (widget));
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  hide_message (INTERLEAVE_MEASURE_PAGE (widget));
}

static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  interleave_measure_page_set_plan (INTERLEAVE_MEASURE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* Ctrl+Return anywhere in the window, while this page is shown. */
static gboolean
toggle_shortcut (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  toggle_action (widget, "measure.toggle", NULL);
  return TRUE;
}

static gboolean
stop_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget) || !interleave_measure_page_get_running (INTERLEAVE_MEASURE_PAGE (widget)))
    return FALSE;

  interleave_measure_page_stop (INTERLEAVE_MEASURE_PAGE (widget));
  return TRUE;
}

/* GObject ------------------------------------------------------------------ */

static void
interleave_measure_page_dispose (GObject *object)
{
  InterleaveMeasurePage *self = INTERLEAVE_MEASURE_PAGE (object);

  /* Closing the window stops the server (the session's dispose does). */
  if (self->timeline != NULL)
    clear_views (self);
  drop_session (self);

  /* A calibration under way stops with its server; its callback sees
   * that the page let it go. */
  if (self->calibrate_cancellable != NULL)
    g_cancellable_cancel (self->calibrate_cancellable);
  if (self->calibrator != NULL)
    g_signal_handlers_disconnect_by_data (self->calibrator, self);
  g_clear_object (&self->calibrator);
  g_clear_object (&self->calibrate_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (object), INTERLEAVE_TYPE_MEASURE_PAGE);

  G_OBJECT_CLASS (interleave_measure_page_parent_class)->dispose (object);
}

static void
interleave_measure_page_finalize (GObject *object)
{
  InterleaveMeasurePage *self = INTERLEAVE_MEASURE_PAGE (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->percentiles); i++)
    g_clear_pointer (&self->percentiles[i], interleave_trace_free);
  g_clear_pointer (&self->process_traces, g_ptr_array_unref);
  g_clear_pointer (&self->cpu_pids, g_array_unref);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->calibrate_text, g_free);
  g_clear_pointer (&self->calibration_path, g_free);

  G_OBJECT_CLASS (interleave_measure_page_parent_class)->finalize (object);
}

static void
interleave_measure_page_class_init (InterleaveMeasurePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_measure_page_dispose;
  object_class->finalize = interleave_measure_page_finalize;

  g_type_ensure (INTERLEAVE_TYPE_TIMELINE_VIEW);
  g_type_ensure (INTERLEAVE_TYPE_CHART_VIEW);
  g_type_ensure (INTERLEAVE_TYPE_CHART_LEGEND);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/interleave-measure-page.ui");
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, server_row);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, url_row);
  interleave_workload_rows_bind_template (widget_class, G_STRUCT_OFFSET (InterleaveMeasurePage, rows));
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, start_spinner);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, start_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, calibrate_button);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, requests_row);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, throughput_row);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, latency_row);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, cpu_row);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, timeline_caption);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, timeline);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, throughput_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, latency_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, errors_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, cpu_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, latency_legend);
  gtk_widget_class_bind_template_child (widget_class, InterleaveMeasurePage, cpu_legend);

  gtk_widget_class_install_action (widget_class, "measure.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "measure.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "measure.dismiss", NULL, dismiss_action);
  gtk_widget_class_install_action (widget_class, "measure.calibrate", NULL, calibrate_action);
  gtk_widget_class_install_action (widget_class, "measure.plan", "s", plan_action);
}

static void
interleave_measure_page_init (InterleaveMeasurePage *self)
{
  GtkEventController *shortcuts;

  self->process_traces = g_ptr_array_new_with_free_func ((GDestroyNotify) interleave_trace_free);
  self->cpu_pids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                                                          gtk_callback_action_new (toggle_shortcut, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>period"),
                                                          gtk_callback_action_new (stop_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  for (guint i = 0; i < 3; i++)
    {
      static const char *names[] = { "p50", "p95", "p99" };
      interleave_chart_legend_add (self->latency_legend, names[i], i, i);
    }
  /* Room for "python:prefork:16" and "Pool thread 123456". */
  interleave_timeline_view_set_header_width (self->timeline, 240);
  interleave_chart_view_set_metric (self->throughput_chart, INTERLEAVE_METRIC_THROUGHPUT);
  interleave_chart_view_set_metric (self->errors_chart, INTERLEAVE_METRIC_ERRORS);
  interleave_chart_view_set_metric (self->latency_chart, INTERLEAVE_METRIC_LATENCY_P50);
  interleave_chart_view_set_title (self->latency_chart, _("Latency percentiles"));
  interleave_chart_view_set_metric (self->cpu_chart, INTERLEAVE_METRIC_CPU);
  interleave_chart_view_set_title (self->cpu_chart, _("Server CPU, per process"));
  interleave_chart_view_set_title (self->throughput_chart, _("Throughput"));
  interleave_chart_view_set_title (self->errors_chart, _("Errors"));

  g_signal_connect_object (self->server_row, "notify::selected", G_CALLBACK (update_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rows.load_row, "notify::selected", G_CALLBACK (update_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rows.plan_row, "changed", G_CALLBACK (plan_changed), self, G_CONNECT_SWAPPED);
  update_rows (self);
  plan_changed (self);
  update_state (self);
}
