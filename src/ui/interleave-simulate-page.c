/* interleave-simulate-page.c
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
#include "interleave-chart-view.h"
#include "interleave-chrome-trace-writer.h"
#include "interleave-csv-writer.h"
#include "interleave-narrator.h"
#include "interleave-output-file.h"
#include "interleave-scenario-editor.h"
#include "interleave-scenario-writer.h"
#include "interleave-simulate-page-private.h"
#include "interleave-simulation-run.h"

/* The Simulate page: pick or open a scenario (or drop a file), edit it
 * (every change re-simulates, cancelling the run before), watch up to four
 * architectures on synced timelines while the playhead moves through
 * simulated time; charts and captions follow the playhead; click a span
 * to follow its request's journey; export what is on screen. */

#define MAX_ARCHITECTURES 4
#define DEFAULT_SCENARIO  "myth-node-one-request.json"

struct _InterleaveSimulatePage
{
  AdwBin                   parent_instance;

  GSettings               *settings;
  InterleavePlayback      *playback;
  InterleaveSimulationRun *run;
  InterleaveScenario      *scenario;      /* as loaded */
  GFile                   *file;          /* where it came from, or NULL */
  GPtrArray               *shipped;       /* GFile per dropdown entry */
  GPtrArray               *caption_rows;  /* GtkLabel per architecture */
  GArray                  *caption_state; /* CaptionState per architecture */
  guint                    tick_id;
  gint64                   last_frame;
  gint64                   last_captions;

  guint                    presenter : 1;
  guint                    high_contrast : 1;
  guint                    updating : 1;
  guint                    cores_before_presenter : 1;

  /* Template widgets */
  AdwFlap                 *flap;
  GtkWidget               *toolbar;
  GtkDropDown             *scenario_dropdown;
  GtkButton               *play_button;
  GtkAdjustment           *speed_adjustment;
  GtkLabel                *speed_label;
  GtkLabel                *time_label;
  GtkLabel                *title_label;
  InterleaveTimelineView  *timeline;
  GtkRevealer             *journey_revealer;
  GtkLabel                *journey_title;
  GtkLabel                *journey_label;
  GtkWidget               *scrubber;
  GtkAdjustment           *scrubber_adjustment;
  GtkBox                  *caption_box;
  GtkWidget               *charts_box;
  InterleaveChartView     *throughput_chart;
  InterleaveChartView     *latency_chart;
  InterleaveChartView     *cdf_chart;
  InterleaveScenarioEditor *editor;
};

/* What a caption row shows and since when: during playback a caption
 * stays at least CAPTION_HOLD_US unless something more important
 * happens, so it can be read. */
typedef struct
{
  InterleaveCaptionKind kind;
  gint64                shown_at;
} CaptionState;

#define CAPTION_HOLD_US (2 * G_USEC_PER_SEC)
#define CAPTION_EVERY_US (G_USEC_PER_SEC / 20)

enum {
  PROP_0,
  PROP_PRESENTER,
  PROP_HIGH_CONTRAST,
  PROP_SHOW_CORES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InterleaveSimulatePage, interleave_simulate_page, ADW_TYPE_BIN)

static void update_playhead_views (InterleaveSimulatePage *self);

/* Errors ------------------------------------------------------------------ */

/* As interleave_window_show_error(): a toast that stays until dismissed.
 * (The window's header cannot be included here: the model's metric window
 * type has the same name as the application window.) */
static void
show_error (InterleaveSimulatePage *self,
            const GError           *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  toast = adw_toast_new (error->message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
show_message (InterleaveSimulatePage *self,
              const char             *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* Shipped scenarios ------------------------------------------------------- */

static GFile *
scenarios_dir (void)
{
  const char *env = g_getenv ("INTERLEAVE_DATADIR");
  const char *dirs[] = { env, PKGDATADIR, SOURCE_DATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL)
        continue;
      path = g_build_filename (dirs[i], "scenarios", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        return g_file_new_for_path (path);
    }

  return NULL;
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *x = g_file_get_basename (*(GFile **) a);
  g_autofree char *y = g_file_get_basename (*(GFile **) b);
  gboolean mx = g_str_has_prefix (x, "myth-");
  gboolean my = g_str_has_prefix (y, "myth-");

  /* The myth checks first: they are the lessons. */
  if (mx != my)
    return mx ? -1 : 1;
  return g_strcmp0 (x, y);
}

static void
load_shipped (InterleaveSimulatePage *self)
{
  g_autoptr(GFile) dir = scenarios_dir ();
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  GFileInfo *info;

  if (dir == NULL ||
      !(children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL)))
    return;

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      if (g_str_has_suffix (g_file_info_get_name (info), ".json"))
        g_ptr_array_add (self->shipped, g_file_get_child (dir, g_file_info_get_name (info)));
      g_object_unref (info);
    }

  g_ptr_array_sort (self->shipped, compare_files);

  for (guint i = 0; i < self->shipped->len; i++)
    {
      g_autofree char *path = g_file_get_path (g_ptr_array_index (self->shipped, i));
      g_autoptr(InterleaveScenario) scenario = interleave_scenario_load_file (path, NULL);
      g_autofree char *base = g_file_get_basename (g_ptr_array_index (self->shipped, i));

      gtk_string_list_append (titles, scenario && scenario->title ? scenario->title : base);
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->scenario_dropdown, G_LIST_MODEL (titles));
  self->updating = FALSE;
}

/* Captions ------------------------------------------------------------------ */

static void
rebuild_captions (InterleaveSimulatePage *self)
{
  GtkWidget *child;
  guint n = self->run ? interleave_simulation_run_get_n_traces (self->run) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->caption_box))) != NULL)
    gtk_box_remove (self->caption_box, child);
  g_ptr_array_set_size (self->caption_rows, 0);
  g_array_set_size (self->caption_state, 0);
  g_array_set_size (self->caption_state, n);

  for (guint i = 0; i < n; i++)
    {
      const InterleaveTrace *trace = interleave_simulation_run_get_traces (self->run)[i];
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *name = gtk_label_new (trace->name);
      GtkWidget *text = gtk_label_new (NULL);
      g_autofree char *css = g_strdup_printf ("series-%u", i);

      gtk_widget_add_css_class (name, "caption-name");
      gtk_widget_add_css_class (name, css);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_width_chars (GTK_LABEL (name), 16);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 22);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (text, "caption-text");
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (row), name);
      gtk_box_append (GTK_BOX (row), text);
      gtk_box_append (self->caption_box, row);
      g_ptr_array_add (self->caption_rows, text);
    }
}

/**
 * interleave_simulate_page_dup_caption:
 * @index: architecture
 *
 * Returns: (transfer full) (nullable): the caption under the timeline
 */
char *
interleave_simulate_page_dup_caption (InterleaveSimulatePage *self,
                                      guint                   index)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), NULL);

  if (index >= self->caption_rows->len)
    return NULL;

  return g_strdup (gtk_label_get_text (g_ptr_array_index (self->caption_rows, index)));
}

static void
update_captions (InterleaveSimulatePage *self)
{
  gint64 playhead = interleave_playback_get_playhead (self->playback);
  guint selected_trace = interleave_timeline_view_get_selected_trace (self->timeline);
  guint32 selected = interleave_timeline_view_get_selected_request (self->timeline);
  gboolean playing = interleave_playback_get_playing (self->playback);
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < self->caption_rows->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (self->caption_rows, i);
      CaptionState *state = &g_array_index (self->caption_state, CaptionState, i);
      const InterleaveTrace *trace = interleave_simulation_run_get_traces (self->run)[i];
      InterleaveCaption caption = { 0 };

      interleave_narrator_describe (trace, playhead, i == selected_trace ? selected : INTERLEAVE_NO_REQUEST,
                                    &caption);

      /* Paused or stepping: exactly what is at the playhead. Playing: let
       * the caption be read before the next. */
      if (!playing || caption.kind > state->kind || now - state->shown_at >= CAPTION_HOLD_US ||
          *gtk_label_get_text (label) == '\0')
        {
          if (g_strcmp0 (gtk_label_get_text (label), caption.text) != 0)
            {
              gtk_label_set_text (label, caption.text);
              state->shown_at = now;
            }
          state->kind = caption.kind;
        }
      interleave_caption_clear (&caption);
    }
}

/* The journey panel -------------------------------------------------------- */

/**
 * interleave_simulate_page_dup_journey_text:
 *
 * Returns: (transfer full) (nullable): the side panel's text for the
 *   selected request, without markup
 */
char *
interleave_simulate_page_dup_journey_text (InterleaveSimulatePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->journey_revealer))
    return NULL;

  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->journey_title),
                          gtk_label_get_text (self->journey_label));
}

static void
update_journey (InterleaveSimulatePage *self)
{
  const InterleaveJourney *journey = interleave_timeline_view_get_journey (self->timeline);
  const InterleaveTrace *trace;
  g_autoptr(GString) text = NULL;
  g_autofree char *title = NULL;
  const char *klass = NULL;
  gint64 worst = 0;
  int dominant = -1;

  if (journey == NULL || self->run == NULL)
    {
      gtk_revealer_set_reveal_child (self->journey_revealer, FALSE);
      return;
    }

  trace = interleave_simulation_run_get_traces (self->run)[interleave_timeline_view_get_selected_trace (self->timeline)];
  if (journey->record.klass < trace->class_names->len)
    klass = g_ptr_array_index (trace->class_names, journey->record.klass);

  title = g_strdup_printf (_("Request %u"), journey->request);
  gtk_label_set_text (self->journey_title, title);

  text = g_string_new (NULL);
  {
    g_autofree char *name = g_markup_escape_text (trace->name, -1);
    g_autofree char *k = klass ? g_markup_escape_text (klass, -1) : NULL;

    if (k != NULL)
      g_string_append_printf (text, "<b>%s</b> · %s\n", k, name);
    else
      g_string_append_printf (text, "<b>%s</b>\n", name);
  }

  if (journey->record.arrival >= 0)
    {
      g_autofree char *arrival = interleave_format_duration (journey->record.arrival);
      g_string_append_printf (text, _("Arrived at %s"), arrival);
      g_string_append_c (text, '\n');
    }
  if (journey->record.done >= 0 && journey->record.arrival >= 0)
    {
      g_autofree char *latency = interleave_format_duration (journey->record.done - journey->record.arrival);
      g_string_append (text, "<b>");
      g_string_append_printf (text, _("Latency %s"), latency);
      g_string_append (text, "</b>\n");
    }
  else if (journey->record.status == INTERLEAVE_REQUEST_REFUSED)
    g_string_append_printf (text, "<b>%s</b>\n", _("Refused: the accept queue was full"));
  else
    g_string_append_printf (text, "%s\n", _("Still in flight"));

  g_string_append_c (text, '\n');

  if (journey->queue_wait > 0)
    {
      g_autofree char *d = interleave_format_duration (journey->queue_wait);
      g_string_append_printf (text, _("Waiting for a worker: %s"), d);
      g_string_append_c (text, '\n');
      worst = journey->queue_wait;
    }
  if (journey->off_lane > 0)
    {
      g_autofree char *d = interleave_format_duration (journey->off_lane);
      g_string_append_printf (text, _("Off every thread (I/O, or waiting for its turn): %s"), d);
      g_string_append_c (text, '\n');
      if (journey->off_lane > worst)
        {
          worst = journey->off_lane;
          dominant = INTERLEAVE_N_STATES;
        }
    }
  for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
    if (journey->time_in_state[s] > 0)
      {
        g_autofree char *d = interleave_format_duration (journey->time_in_state[s]);
        g_string_append_printf (text, "%s: %s\n", interleave_state_get_label (s), d);
        if (s != INTERLEAVE_STATE_RUNNING && s != INTERLEAVE_STATE_NATIVE && journey->time_in_state[s] > worst)
          {
            worst = journey->time_in_state[s];
            dominant = s;
          }
      }

  /* The cause, named. */
  g_string_append_c (text, '\n');
  if (dominant == INTERLEAVE_STATE_GIL_WAIT)
    {
      /* Name the thread that held the GIL longest while it waited. */
      g_autofree gint64 *held = g_new0 (gint64, trace->lanes->len + 1);
      guint holder = G_MAXUINT;

      for (guint i = 0; i < journey->steps->len; i++)
        {
          const InterleaveSpan *span = interleave_journey_get_span (journey, trace, i, NULL);

          if (span->state == INTERLEAVE_STATE_GIL_WAIT && span->cause < trace->lanes->len)
            {
              held[span->cause] += span->end - span->start;
              if (holder == G_MAXUINT || held[span->cause] > held[holder])
                holder = span->cause;
            }
        }

      if (holder != G_MAXUINT)
        {
          const InterleaveLane *l = g_ptr_array_index (trace->lanes, holder);
          g_autofree char *name = g_markup_escape_text (l->name, -1);

          /* Translators: %s is a thread, e.g. "Thread 2" */
          g_string_append_printf (text, _("Most of its waiting was for the GIL, held by %s."), name);
        }
      else
        g_string_append (text, _("Most of its waiting was for the GIL, held by another thread."));
    }
  else if (dominant == INTERLEAVE_STATE_RUNNABLE)
    g_string_append (text, _("Most of its waiting was for a free core."));
  else if (dominant == INTERLEAVE_STATE_IO_WAIT)
    g_string_append (text, _("Most of its time went to I/O, which needs no core."));
  else if (dominant == INTERLEAVE_N_STATES)
    g_string_append (text, _("Most of its time it held no thread: waiting for I/O, or for its turn on the loop."));
  else if (worst > 0 && worst == journey->queue_wait)
    g_string_append (text, _("Most of its waiting was in the queue: every worker was busy."));
  else
    g_string_append (text, _("It spent its time running."));
  g_string_append (text, "\n\n");

  /* Step by step. */
  g_string_append_printf (text, "<b>%s</b>\n", _("Step by step"));
  for (guint i = 0; i < journey->steps->len && i < 200; i++)
    {
      guint lane;
      const InterleaveSpan *span = interleave_journey_get_span (journey, trace, i, &lane);
      const InterleaveLane *l = g_ptr_array_index (trace->lanes, lane);
      g_autofree char *at = interleave_format_duration (span->start);
      g_autofree char *d = interleave_format_duration (span->end - span->start);
      g_autofree char *lane_name = g_markup_escape_text (l->name, -1);

      if (l->kind == INTERLEAVE_LANE_CORE)
        continue;
      g_string_append_printf (text, "<small>%s</small>  %s · %s · %s\n",
                              at, lane_name, interleave_state_get_label (span->state), d);
    }

  gtk_label_set_markup (self->journey_label, text->str);
  gtk_revealer_set_reveal_child (self->journey_revealer, TRUE);
}

static void
selection_changed (InterleaveSimulatePage *self)
{
  /* Esc clears a selection; without one it goes on to the window (and
   * leaves presenter mode). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "simulate.clear-selection",
                                 interleave_timeline_view_get_selected_request (self->timeline) != INTERLEAVE_NO_REQUEST);
  update_journey (self);
  update_captions (self);
}

/* Playback ---------------------------------------------------------------- */

static char *
format_time (gint64 ns)
{
  if (ns < 10 * G_GINT64_CONSTANT (1000000000))
    return g_strdup_printf ("%.1f ms", ns / 1e6);
  return g_strdup_printf ("%.3f s", ns / 1e9);
}

static void
update_playhead_views (InterleaveSimulatePage *self)
{
  gint64 playhead = interleave_playback_get_playhead (self->playback);
  gint64 duration = interleave_playback_get_duration (self->playback);
  g_autofree char *now = format_time (playhead);
  g_autofree char *total = interleave_format_duration (duration);
  g_autofree char *time = g_strdup_printf ("%s / %s", now, total);

  interleave_timeline_view_set_playhead (self->timeline, playhead);
  interleave_chart_view_set_playhead (self->throughput_chart, playhead);
  interleave_chart_view_set_playhead (self->latency_chart, playhead);
  interleave_chart_view_set_playhead (self->cdf_chart, playhead);
  gtk_label_set_text (self->time_label, time);

  self->updating = TRUE;
  gtk_adjustment_set_upper (self->scrubber_adjustment, MAX (1, duration / 1e6));
  gtk_adjustment_set_value (self->scrubber_adjustment, playhead / 1e6);
  self->updating = FALSE;

  if (self->presenter)
    {
      g_autofree char *speed = g_strdup_printf ("%g×", interleave_playback_get_speed (self->playback));
      g_autofree char *title = g_strdup_printf ("%s   ·   %s   ·   %s",
                                                self->scenario && self->scenario->title ? self->scenario->title : "",
                                                now, speed);
      gtk_label_set_text (self->title_label, title);
    }

  /* Playing, the captions are looked at 20 times a second, not on every
   * frame: each look searches every lane at the playhead, and a caption
   * stays up for two seconds anyway. Paused or stepping: at once. */
  if (self->run != NULL)
    {
      gint64 clock = g_get_monotonic_time ();

      if (!interleave_playback_get_playing (self->playback) || clock - self->last_captions >= CAPTION_EVERY_US)
        {
          self->last_captions = clock;
          update_captions (self);
        }
    }
}

static void
playing_changed (InterleaveSimulatePage *self)
{
  gboolean playing = interleave_playback_get_playing (self->playback);

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  if (playing)
    interleave_timeline_view_set_follow_playhead (self->timeline, TRUE);
  self->last_frame = 0;
}

static void
speed_changed (InterleaveSimulatePage *self)
{
  double speed = interleave_playback_get_speed (self->playback);
  g_autofree char *label = NULL;

  label = speed < 0.1 ? g_strdup_printf ("%.2f×", speed)
        : speed < 1 ? g_strdup_printf ("%.1f×", speed)
        : g_strdup_printf ("%.0f×", speed);
  gtk_label_set_text (self->speed_label, label);

  self->updating = TRUE;
  gtk_adjustment_set_value (self->speed_adjustment, log10 (speed));
  self->updating = FALSE;

  if (self->settings != NULL)
    g_settings_set_double (self->settings, "playback-speed", speed);
  update_playhead_views (self);
}

static void
speed_adjustment_changed (InterleaveSimulatePage *self)
{
  if (!self->updating)
    interleave_playback_set_speed (self->playback, pow (10, gtk_adjustment_get_value (self->speed_adjustment)));
}

static void
scrubber_changed (InterleaveSimulatePage *self)
{
  if (self->updating)
    return;

  interleave_timeline_view_set_follow_playhead (self->timeline, TRUE);
  interleave_playback_set_playhead (self->playback,
                                    (gint64) (gtk_adjustment_get_value (self->scrubber_adjustment) * 1e6));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  InterleaveSimulatePage *self = INTERLEAVE_SIMULATE_PAGE (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->last_frame != 0)
    interleave_playback_advance (self->playback, now - self->last_frame);
  self->last_frame = now;

  return G_SOURCE_CONTINUE;
}

/* Runs ----------------------------------------------------------------------- */

static void
run_updated (InterleaveSimulatePage  *self,
             InterleaveSimulationRun *run)
{
  interleave_timeline_view_traces_changed (self->timeline);
  interleave_chart_view_traces_changed (self->throughput_chart);
  interleave_chart_view_traces_changed (self->latency_chart);
  interleave_chart_view_traces_changed (self->cdf_chart);
  interleave_playback_set_limit (self->playback, interleave_simulation_run_get_simulated_until (run));
  update_captions (self);
}

static void
run_finished (InterleaveSimulatePage  *self,
              InterleaveSimulationRun *run)
{
  const GError *error = interleave_simulation_run_get_error (run);

  if (error != NULL)
    show_error (self, error);

  interleave_timeline_view_set_summaries (self->timeline, interleave_simulation_run_get_summaries (run));
  run_updated (self, run);
}

static void
start_run (InterleaveSimulatePage   *self,
           const InterleaveScenario *scenario,
           gboolean                  keep_view)
{
  const InterleaveTrace * const *traces;
  gint64 start = 0, end = 0;
  guint n;

  if (self->run != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->run, self);
      interleave_simulation_run_cancel (self->run);
      g_clear_object (&self->run);
    }

  if (keep_view)
    interleave_timeline_view_get_visible_range (self->timeline, &start, &end);

  self->run = interleave_simulation_run_new (scenario, MAX_ARCHITECTURES);
  g_signal_connect_object (self->run, "updated", G_CALLBACK (run_updated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "finished", G_CALLBACK (run_finished), self, G_CONNECT_SWAPPED);

  n = interleave_simulation_run_get_n_traces (self->run);
  traces = interleave_simulation_run_get_traces (self->run);
  interleave_timeline_view_set_traces (self->timeline, traces, NULL, n);
  interleave_chart_view_set_traces (self->throughput_chart, traces, n);
  interleave_chart_view_set_traces (self->latency_chart, traces, n);
  interleave_chart_view_set_traces (self->cdf_chart, traces, n);
  interleave_chart_view_set_time_range (self->throughput_chart, 0, scenario->duration_ns);
  interleave_chart_view_set_time_range (self->latency_chart, 0, scenario->duration_ns);
  rebuild_captions (self);

  interleave_playback_set_limit (self->playback, 0);
  interleave_playback_set_duration (self->playback, scenario->duration_ns);

  if (keep_view)
    interleave_timeline_view_set_visible_range (self->timeline, start, end);
  else
    {
      interleave_playback_set_playhead (self->playback, 0);
      interleave_timeline_view_set_visible_range (self->timeline, 0, interleave_figure_suggest_window (scenario));
      interleave_timeline_view_set_follow_playhead (self->timeline, TRUE);
    }

  interleave_simulation_run_start (self->run);
  update_playhead_views (self);
}

/**
 * interleave_simulate_page_set_scenario:
 * @scenario: a valid scenario; copied
 * @file: (nullable): the file it came from
 *
 * Shows the scenario: fills the editor, simulates it, plays it.
 */
void
interleave_simulate_page_set_scenario (InterleaveSimulatePage   *self,
                                       const InterleaveScenario *scenario,
                                       GFile                    *file)
{
  g_return_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self));
  g_return_if_fail (scenario != NULL);

  g_clear_pointer (&self->scenario, interleave_scenario_free);
  self->scenario = interleave_scenario_copy (scenario);
  g_set_object (&self->file, file);

  interleave_scenario_editor_set_scenario (self->editor, scenario);
  start_run (self, scenario, FALSE);
  interleave_playback_set_playing (self->playback, TRUE);

  if (file != NULL && self->settings != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      if (path != NULL)
        g_settings_set_string (self->settings, "last-scenario", path);
    }
}

static void
editor_changed_cb (InterleaveSimulatePage *self)
{
  const InterleaveScenario *edited = interleave_scenario_editor_get_scenario (self->editor);

  if (edited == NULL)
    return;

  /* Re-simulate what-if, keeping the view and the playhead. */
  start_run (self, edited, TRUE);
}

/**
 * interleave_simulate_page_load_file:
 * @file: a scenario file
 * @error: when it cannot be read or is not a valid scenario
 *
 * Returns: whether the scenario was loaded (and is now simulated)
 */
gboolean
interleave_simulate_page_load_file (InterleaveSimulatePage  *self,
                                    GFile                   *file,
                                    GError                 **error)
{
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;
  if (!(scenario = interleave_scenario_load_data (contents, length, name, error)))
    return FALSE;

  interleave_simulate_page_set_scenario (self, scenario, file);

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->scenario_dropdown, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < self->shipped->len; i++)
    if (g_file_equal (g_ptr_array_index (self->shipped, i), file))
      gtk_drop_down_set_selected (self->scenario_dropdown, i);
  self->updating = FALSE;

  return TRUE;
}

static void
dropdown_changed (InterleaveSimulatePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->scenario_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->updating || selected >= self->shipped->len)
    return;

  if (!interleave_simulate_page_load_file (self, g_ptr_array_index (self->shipped, selected), &error))
    show_error (self, error);
}

static gboolean
drop_cb (GtkDropTarget          *target,
         const GValue           *value,
         double                  x,
         double                  y,
         InterleaveSimulatePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;

  if (!interleave_simulate_page_load_file (self, g_value_get_object (value), &error))
    {
      show_error (self, error);
      return FALSE;
    }

  return TRUE;
}

/* Accessors ----------------------------------------------------------------- */

const InterleaveScenario *
interleave_simulate_page_get_scenario (InterleaveSimulatePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), NULL);

  return self->run ? interleave_simulation_run_get_scenario (self->run) : NULL;
}

InterleaveSimulationRun *
interleave_simulate_page_get_run (InterleaveSimulatePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), NULL);

  return self->run;
}

InterleavePlayback *
interleave_simulate_page_get_playback (InterleaveSimulatePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), NULL);

  return self->playback;
}

InterleaveTimelineView *
interleave_simulate_page_get_timeline (InterleaveSimulatePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), NULL);

  return self->timeline;
}

GtkWidget *
interleave_simulate_page_get_editor (InterleaveSimulatePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), NULL);

  return GTK_WIDGET (self->editor);
}

gboolean
interleave_simulate_page_get_presenter (InterleaveSimulatePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), FALSE);

  return self->presenter;
}

/**
 * interleave_simulate_page_set_presenter:
 *
 * Presenter mode: larger type, thicker lines, enlarged captions, the
 * scenario title on top; no editor or toolbar (keyboard only: Space,
 * ←/→, [ ], + − 0, Esc).
 */
void
interleave_simulate_page_set_presenter (InterleaveSimulatePage *self,
                                        gboolean                presenter)
{
  g_return_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self));

  presenter = !!presenter;
  if (self->presenter == presenter)
    return;

  self->presenter = presenter;
  /* A projector has room for fewer lanes: the threads tell the story. */
  if (presenter)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
      adw_flap_set_reveal_flap (self->flap, FALSE);
      self->cores_before_presenter = interleave_timeline_view_get_show_cores (self->timeline);
      g_object_set (self, "show-cores", FALSE, NULL);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
      g_object_set (self, "show-cores", self->cores_before_presenter, NULL);
    }

  gtk_widget_set_visible (self->toolbar, !presenter);
  gtk_widget_set_visible (self->scrubber, !presenter);
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), presenter);
  interleave_timeline_view_set_presenter (self->timeline, presenter);
  interleave_chart_view_set_presenter (self->throughput_chart, presenter);
  interleave_chart_view_set_presenter (self->latency_chart, presenter);
  interleave_chart_view_set_presenter (self->cdf_chart, presenter);
  interleave_simulate_page_set_high_contrast (self, presenter && self->settings &&
                                              g_settings_get_boolean (self->settings, "presenter-high-contrast"));
  if (presenter)
    gtk_widget_grab_focus (GTK_WIDGET (self->timeline));

  update_playhead_views (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTER]);
}

gboolean
interleave_simulate_page_get_high_contrast (InterleaveSimulatePage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), FALSE);

  return self->high_contrast;
}

void
interleave_simulate_page_set_high_contrast (InterleaveSimulatePage *self,
                                            gboolean                high_contrast)
{
  g_return_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;

  self->high_contrast = high_contrast;
  interleave_timeline_view_set_high_contrast (self->timeline, high_contrast);
  interleave_chart_view_set_high_contrast (self->throughput_chart, high_contrast);
  interleave_chart_view_set_high_contrast (self->latency_chart, high_contrast);
  interleave_chart_view_set_high_contrast (self->cdf_chart, high_contrast);
  if (self->presenter && self->settings != NULL)
    g_settings_set_boolean (self->settings, "presenter-high-contrast", high_contrast);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

/* Exports --------------------------------------------------------------------- */

/**
 * interleave_simulate_page_fill_figure:
 *
 * Describes the current view (time range, playhead, selection, caption,
 * palette) for the shared exporter. The strings and traces stay owned by
 * the page.
 */
void
interleave_simulate_page_fill_figure (InterleaveSimulatePage *self,
                                      InterleaveFigure       *figure)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  g_return_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self));

  interleave_figure_init (figure);
  if (self->run == NULL)
    return;

  figure->title = interleave_simulation_run_get_scenario (self->run)->title;
  figure->traces = interleave_simulation_run_get_traces (self->run);
  figure->summaries = interleave_simulation_run_get_summaries (self->run);
  figure->n_traces = interleave_simulation_run_get_n_traces (self->run);
  interleave_timeline_view_get_visible_range (self->timeline, &figure->start, &figure->end);
  figure->playhead = interleave_playback_get_playhead (self->playback);
  figure->selected_trace = interleave_timeline_view_get_selected_trace (self->timeline);
  figure->selected_request = interleave_timeline_view_get_selected_request (self->timeline);
  figure->palette = self->high_contrast || adw_style_manager_get_high_contrast (manager)
                    ? INTERLEAVE_PALETTE_HIGH_CONTRAST
                    : adw_style_manager_get_dark (manager) ? INTERLEAVE_PALETTE_DARK : INTERLEAVE_PALETTE_LIGHT;
  figure->caption = self->caption_rows->len > 0
                    ? gtk_label_get_text (g_ptr_array_index (self->caption_rows, 0)) : NULL;
  figure->charts = TRUE;
}

gboolean
interleave_simulate_page_export_image (InterleaveSimulatePage  *self,
                                       GFile                   *file,
                                       int                      width,
                                       int                      height,
                                       GError                 **error)
{
  g_autofree char *name = NULL;
  InterleaveImageFormat format;
  InterleaveFigure figure;

  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  if (!interleave_image_format_from_name (name, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export “%s”: the name must end in .png, .svg or .pdf"), name);
      return FALSE;
    }

  interleave_simulate_page_fill_figure (self, &figure);
  return interleave_figure_export (&figure, format, file, width, height, error);
}

gboolean
interleave_simulate_page_export_csv (InterleaveSimulatePage  *self,
                                     GFile                   *file,
                                     GError                 **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_parse_name (file);
  if (self->run == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Nothing has been simulated yet"));
      return FALSE;
    }

  if (!(stream = interleave_output_file_open (file, G_FILE_CREATE_REPLACE_DESTINATION, error)))
    {
      g_prefix_error (error, _("Cannot write “%s”: "), name);
      return FALSE;
    }

  for (guint i = 0; i < interleave_simulation_run_get_n_traces (self->run); i++)
    if (!interleave_csv_writer_write_requests (stream,
                                               interleave_simulation_run_get_traces (self->run)[i],
                                               i == 0, NULL, error))
      {
        interleave_output_file_abort (stream);
        g_prefix_error (error, _("Cannot write “%s”: "), name);
        return FALSE;
      }

  if (!g_output_stream_close (stream, NULL, error))
    {
      g_prefix_error (error, _("Cannot write “%s”: "), name);
      return FALSE;
    }

  return TRUE;
}

gboolean
interleave_simulate_page_export_trace (InterleaveSimulatePage  *self,
                                       GFile                   *file,
                                       GError                 **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->run == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Nothing has been simulated yet"));
      return FALSE;
    }

  if (!(path = g_file_get_path (file)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
      return FALSE;
    }

  return interleave_chrome_trace_writer_save (path,
                                              (InterleaveTrace * const *) interleave_simulation_run_get_traces (self->run),
                                              interleave_simulation_run_get_n_traces (self->run),
                                              error);
}

gboolean
interleave_simulate_page_save_scenario (InterleaveSimulatePage  *self,
                                        GFile                   *file,
                                        GError                 **error)
{
  const InterleaveScenario *scenario;

  g_return_val_if_fail (INTERLEAVE_IS_SIMULATE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  scenario = interleave_scenario_editor_get_scenario (self->editor);
  if (scenario == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no scenario to save"));
      return FALSE;
    }

  return interleave_scenario_writer_save (scenario, file, error);
}

/* File dialogs ------------------------------------------------------------------ */

typedef enum
{
  DIALOG_OPEN,
  DIALOG_IMAGE,
  DIALOG_CSV,
  DIALOG_TRACE,
  DIALOG_SCENARIO,
} DialogKind;

static void
dialog_response (GtkNativeDialog        *dialog,
                 int                     response,
                 InterleaveSimulatePage *self)
{
  DialogKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kind"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file != NULL)
    {
      switch (kind)
        {
        case DIALOG_OPEN:
          ok = interleave_simulate_page_load_file (self, file, &error);
          break;
        case DIALOG_IMAGE:
          {
            int w = MAX (1280, gtk_widget_get_width (GTK_WIDGET (self)));
            int h = MAX (720, gtk_widget_get_height (GTK_WIDGET (self)));

            ok = interleave_simulate_page_export_image (self, file, w, h, &error);
          }
          break;
        case DIALOG_CSV:
          ok = interleave_simulate_page_export_csv (self, file, &error);
          break;
        case DIALOG_TRACE:
          ok = interleave_simulate_page_export_trace (self, file, &error);
          break;
        case DIALOG_SCENARIO:
          ok = interleave_simulate_page_save_scenario (self, file, &error);
          break;
        default:
          g_assert_not_reached ();
        }

      if (!ok)
        show_error (self, error);
      else if (kind != DIALOG_OPEN)
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

          show_message (self, message);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_dialog (InterleaveSimulatePage *self,
             DialogKind              kind)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserAction action = kind == DIALOG_OPEN ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *title = NULL;
  const char *suggested = NULL;
  GtkFileChooserNative *dialog;

  switch (kind)
    {
    case DIALOG_OPEN:
      title = _("Open a Scenario");
      gtk_file_filter_set_name (filter, _("Scenarios (JSON)"));
      gtk_file_filter_add_suffix (filter, "json");
      break;
    case DIALOG_IMAGE:
      title = _("Export Image");
      suggested = "interleave.png";
      gtk_file_filter_set_name (filter, _("PNG, SVG or PDF"));
      gtk_file_filter_add_suffix (filter, "png");
      gtk_file_filter_add_suffix (filter, "svg");
      gtk_file_filter_add_suffix (filter, "pdf");
      break;
    case DIALOG_CSV:
      title = _("Export Requests as CSV");
      suggested = "requests.csv";
      gtk_file_filter_set_name (filter, _("CSV"));
      gtk_file_filter_add_suffix (filter, "csv");
      break;
    case DIALOG_TRACE:
      title = _("Export Chrome Trace");
      suggested = "trace.json";
      gtk_file_filter_set_name (filter, _("Chrome trace (JSON)"));
      gtk_file_filter_add_suffix (filter, "json");
      break;
    case DIALOG_SCENARIO:
      title = _("Save Scenario");
      suggested = "scenario.json";
      gtk_file_filter_set_name (filter, _("Scenarios (JSON)"));
      gtk_file_filter_add_suffix (filter, "json");
      break;
    default:
      g_assert_not_reached ();
    }

  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (suggested != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  g_object_set_data (G_OBJECT (dialog), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Actions ------------------------------------------------------------------------- */

static void
page_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  InterleaveSimulatePage *self = INTERLEAVE_SIMULATE_PAGE (widget);
  const InterleaveTrace * const *traces = self->run ? interleave_simulation_run_get_traces (self->run) : NULL;
  guint n = self->run ? interleave_simulation_run_get_n_traces (self->run) : 0;

  if (g_str_equal (name, "simulate.play-pause"))
    interleave_playback_toggle (self->playback);
  else if (g_str_equal (name, "simulate.step-forward"))
    {
      interleave_timeline_view_set_follow_playhead (self->timeline, TRUE);
      interleave_playback_step (self->playback, traces, n, +1);
    }
  else if (g_str_equal (name, "simulate.step-back"))
    {
      interleave_timeline_view_set_follow_playhead (self->timeline, TRUE);
      interleave_playback_step (self->playback, traces, n, -1);
    }
  else if (g_str_equal (name, "simulate.faster"))
    interleave_playback_faster (self->playback);
  else if (g_str_equal (name, "simulate.slower"))
    interleave_playback_slower (self->playback);
  else if (g_str_equal (name, "simulate.zoom-fit"))
    interleave_timeline_view_zoom_to_fit (self->timeline);
  else if (g_str_equal (name, "simulate.clear-selection"))
    interleave_timeline_view_select_request (self->timeline, 0, INTERLEAVE_NO_REQUEST);
  else if (g_str_equal (name, "simulate.open"))
    open_dialog (self, DIALOG_OPEN);
  else if (g_str_equal (name, "simulate.export-image"))
    open_dialog (self, DIALOG_IMAGE);
  else if (g_str_equal (name, "simulate.export-csv"))
    open_dialog (self, DIALOG_CSV);
  else if (g_str_equal (name, "simulate.export-trace"))
    open_dialog (self, DIALOG_TRACE);
  else if (g_str_equal (name, "simulate.save-scenario"))
    open_dialog (self, DIALOG_SCENARIO);
  else
    g_assert_not_reached ();
}

static void
chart_request_picked (InterleaveSimulatePage *self,
                      guint                   trace,
                      guint                   request)
{
  const InterleaveTrace *t;
  const InterleaveRequest *r;

  if (self->run == NULL || trace >= interleave_simulation_run_get_n_traces (self->run))
    return;

  /* A slow request on the distribution: show its journey and go there. */
  interleave_timeline_view_select_request (self->timeline, trace, request);
  t = interleave_simulation_run_get_traces (self->run)[trace];
  if (request < t->requests->len)
    {
      r = &g_array_index (t->requests, InterleaveRequest, request);
      if (r->arrival >= 0)
        {
          gint64 end = r->done >= 0 ? r->done : t->end;
          gint64 margin = MAX ((end - r->arrival) / 4, 1000000);

          interleave_playback_set_playing (self->playback, FALSE);
          interleave_timeline_view_set_follow_playhead (self->timeline, FALSE);
          interleave_timeline_view_set_visible_range (self->timeline, r->arrival - margin, end + margin);
          interleave_playback_set_playhead (self->playback, r->arrival);
        }
    }
}

static void
chart_time_picked (InterleaveSimulatePage *self,
                   gint64                  time)
{
  interleave_timeline_view_set_follow_playhead (self->timeline, TRUE);
  interleave_playback_set_playhead (self->playback, time);
}

/* GObject ------------------------------------------------------------------------ */

static void
interleave_simulate_page_map (GtkWidget *widget)
{

  InterleaveSimulatePage *self = INTERLEAVE_SIMULATE_PAGE (widget);

  GTK_WIDGET_CLASS (interleave_simulate_page_parent_class)->map (widget);

  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, tick_cb, NULL, NULL);
  self->last_frame = 0;
}

static void
interleave_simulate_page_unmap (GtkWidget *widget)
{
  InterleaveSimulatePage *self = INTERLEAVE_SIMULATE_PAGE (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (interleave_simulate_page_parent_class)->unmap (widget);
}

static void
load_initial (InterleaveSimulatePage *self)
{
  g_autofree char *last = self->settings ? g_settings_get_string (self->settings, "last-scenario") : NULL;
  g_autoptr(GFile) file = NULL;

  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    file = g_file_new_for_path (last);
  else
    for (guint i = 0; i < self->shipped->len; i++)
      {
        g_autofree char *base = g_file_get_basename (g_ptr_array_index (self->shipped, i));
        if (g_str_equal (base, DEFAULT_SCENARIO))
          file = g_object_ref (g_ptr_array_index (self->shipped, i));
      }

  if (file == NULL && self->shipped->len > 0)
    file = g_object_ref (g_ptr_array_index (self->shipped, 0));

  if (file != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!interleave_simulate_page_load_file (self, file, &error))
        g_warning ("%s", error->message);
    }
}

static void
interleave_simulate_page_dispose (GObject *object)
{
  InterleaveSimulatePage *self = INTERLEAVE_SIMULATE_PAGE (object);

  if (self->run != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->run, self);
      interleave_simulation_run_cancel (self->run);
      g_clear_object (&self->run);
    }
  if (self->playback != NULL)
    g_signal_handlers_disconnect_by_data (self->playback, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTERLEAVE_TYPE_SIMULATE_PAGE);

  G_OBJECT_CLASS (interleave_simulate_page_parent_class)->dispose (object);
}

static void
interleave_simulate_page_finalize (GObject *object)
{
  InterleaveSimulatePage *self = INTERLEAVE_SIMULATE_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->playback);
  g_clear_object (&self->file);
  g_clear_pointer (&self->scenario, interleave_scenario_free);
  g_clear_pointer (&self->shipped, g_ptr_array_unref);
  g_clear_pointer (&self->caption_rows, g_ptr_array_unref);
  g_clear_pointer (&self->caption_state, g_array_unref);

  G_OBJECT_CLASS (interleave_simulate_page_parent_class)->finalize (object);
}

static void
interleave_simulate_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  InterleaveSimulatePage *self = INTERLEAVE_SIMULATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      g_value_set_boolean (value, self->presenter);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_SHOW_CORES:
      /* Asked for by the action before the template is built, and after
       * it is disposed. */
      g_value_set_boolean (value, self->timeline == NULL || interleave_timeline_view_get_show_cores (self->timeline));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_simulate_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  InterleaveSimulatePage *self = INTERLEAVE_SIMULATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      interleave_simulate_page_set_presenter (self, g_value_get_boolean (value));
      break;
    case PROP_HIGH_CONTRAST:
      interleave_simulate_page_set_high_contrast (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_CORES:
      if (self->timeline != NULL)
        interleave_timeline_view_set_show_cores (self->timeline, g_value_get_boolean (value));
      g_object_notify_by_pspec (object, properties[PROP_SHOW_CORES]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_simulate_page_class_init (InterleaveSimulatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *actions[] = {
    "simulate.play-pause", "simulate.step-forward", "simulate.step-back",
    "simulate.faster", "simulate.slower", "simulate.zoom-fit", "simulate.clear-selection",
    "simulate.open", "simulate.export-image", "simulate.export-csv", "simulate.export-trace",
    "simulate.save-scenario",
  };

  object_class->dispose = interleave_simulate_page_dispose;
  object_class->finalize = interleave_simulate_page_finalize;
  object_class->get_property = interleave_simulate_page_get_property;
  object_class->set_property = interleave_simulate_page_set_property;
  widget_class->map = interleave_simulate_page_map;
  widget_class->unmap = interleave_simulate_page_unmap;

  properties[PROP_PRESENTER] =
    g_param_spec_boolean ("presenter", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_CORES] =
    g_param_spec_boolean ("show-cores", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INTERLEAVE_TYPE_TIMELINE_VIEW);
  g_type_ensure (INTERLEAVE_TYPE_CHART_VIEW);
  g_type_ensure (INTERLEAVE_TYPE_SCENARIO_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/interleave-simulate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, play_button);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, speed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, speed_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, time_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, timeline);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, journey_revealer);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, journey_title);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, journey_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, scrubber);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, scrubber_adjustment);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, caption_box);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, throughput_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, latency_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, cdf_chart);
  gtk_widget_class_bind_template_child (widget_class, InterleaveSimulatePage, editor);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed_cb);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, page_action);
  gtk_widget_class_install_property_action (widget_class, "simulate.high-contrast", "high-contrast");
  gtk_widget_class_install_property_action (widget_class, "simulate.show-cores", "show-cores");
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  key,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                                                          gtk_named_action_new (action)));
}

static void
interleave_simulate_page_init (InterleaveSimulatePage *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkEventController *shortcuts;
  GtkDropTarget *drop;

  self->shipped = g_ptr_array_new_with_free_func (g_object_unref);
  self->caption_rows = g_ptr_array_new ();
  self->caption_state = g_array_new (FALSE, TRUE, sizeof (CaptionState));
  self->playback = interleave_playback_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Time runs left to right, as in the timeline above it, in every
   * language (a scale would run right to left in Arabic or Hebrew). */
  gtk_widget_set_direction (self->scrubber, GTK_TEXT_DIR_LTR);
  /* The bin's own child: not bound to the template, or disposing the
   * template would unparent it under AdwBin's feet. */
  self->flap = ADW_FLAP (adw_bin_get_child (ADW_BIN (self)));

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) != NULL)
    self->settings = g_settings_new (APP_ID);

  if (self->settings != NULL)
    interleave_playback_set_speed (self->playback, g_settings_get_double (self->settings, "playback-speed"));

  g_signal_connect_object (self->playback, "notify::playhead", G_CALLBACK (update_playhead_views), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::playing", G_CALLBACK (playing_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::speed", G_CALLBACK (speed_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->speed_adjustment, "value-changed", G_CALLBACK (speed_adjustment_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scrubber_adjustment, "value-changed", G_CALLBACK (scrubber_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scenario_dropdown, "notify::selected", G_CALLBACK (dropdown_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::selected-request", G_CALLBACK (selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::selected-trace", G_CALLBACK (selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cdf_chart, "request-picked", G_CALLBACK (chart_request_picked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->throughput_chart, "time-picked", G_CALLBACK (chart_time_picked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->latency_chart, "time-picked", G_CALLBACK (chart_time_picked), self, G_CONNECT_SWAPPED);

  /* Keys for the whole page, after the focused widget had its chance (an
   * entry keeps its Space and arrows). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_BUBBLE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_space, "simulate.play-pause");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Right, "simulate.step-forward");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Left, "simulate.step-back");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_bracketright, "simulate.faster");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_bracketleft, "simulate.slower");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_0, "simulate.zoom-fit");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Escape, "simulate.clear-selection");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "simulate.clear-selection", FALSE);
  speed_changed (self);
  playing_changed (self);
  load_shipped (self);
  load_initial (self);
}
