/* interleave-lesson-player.c
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
#include "interleave-lesson-player.h"
#include "interleave-live-session.h"
#include "interleave-simulation-run.h"

/* Runs one lesson, a screen at a time: the prediction (when the lesson
 * asks the class first), then each step — its scenario simulated, the
 * timeline set to the step's lanes, time range, playhead and highlighted
 * request, the caption large under it — and, on the last step, what is
 * true, what is false and why. Next: → Space Page Down or a click on the
 * caption (presenter remotes send Page Down or a click); back: ← Page Up;
 * Esc leaves. Keyboard only, and large in presenter mode. */

#define MAX_ARCHITECTURES INTERLEAVE_LESSON_MAX_STEP_ARCHITECTURES

struct _InterleaveLessonPlayer
{
  AdwBin                   parent_instance;

  InterleaveLesson        *lesson;
  guint                    position;     /* screen index: steps, plus the prediction */
  int                      choice;       /* the class's guess, or -1 */
  InterleaveLessonScreen   screen;

  InterleaveSimulationRun *run;
  char                    *run_key;      /* scenario and architectures it simulates */
  GPtrArray               *choice_buttons;

  /* The live check: the run going on (or last finished) on this screen,
   * and the figures measured at each position, kept while the lesson runs. */
  InterleaveLiveSession   *session;
  GHashTable              *measured;     /* position → InterleaveSummary */
  char                    *live_error;   /* the last run's failure, or NULL */

  guint                    presenter : 1;
  guint                    ready : 1;
  guint                    updating : 1;

  /* Template widgets */
  GtkLabel                *title_label;
  GtkLabel                *claim_label;
  GtkLabel                *position_label;
  GtkStack                *stack;
  GtkLabel                *prompt_label;
  GtkBox                  *choices_box;
  GtkLabel                *predict_hint;
  GtkLabel                *reveal_label;
  InterleaveTimelineView  *timeline;
  GtkWidget               *live_box;
  GtkLabel                *live_title;
  GtkLabel                *live_status;
  GtkProgressBar          *live_progress;
  GtkLabel                *measured_heading;
  GtkLabel                *predicted_throughput;
  GtkLabel                *predicted_p50;
  GtkLabel                *predicted_p99;
  GtkLabel                *measured_throughput;
  GtkLabel                *measured_p50;
  GtkLabel                *measured_p99;
  GtkWidget               *measure_button;
  GtkWidget               *stop_button;
  GtkWidget               *caption_area;
  GtkLabel                *caption_label;
  GtkLabel                *focus_label;
  GtkWidget               *verdict_grid;
  GtkLabel                *verdict_true;
  GtkLabel                *verdict_false;
  GtkLabel                *verdict_why;
  AdwStatusPage           *error_page;
  GtkButton               *next_button;
  GtkWidget               *back_button;
};

enum {
  PROP_0,
  PROP_STEP,
  PROP_SCREEN,
  PROP_READY,
  PROP_PRESENTER,
  N_PROPS
};

enum {
  LEAVE,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InterleaveLessonPlayer, interleave_lesson_player, ADW_TYPE_BIN)

GtkWidget *
interleave_lesson_player_new (void)
{
  return g_object_new (INTERLEAVE_TYPE_LESSON_PLAYER, NULL);
}

/* Positions -------------------------------------------------------------- */

static guint
n_positions (InterleaveLessonPlayer *self)
{
  if (self->lesson == NULL)
    return 0;

  return interleave_lesson_get_n_steps (self->lesson) + (self->lesson->predict != NULL ? 1 : 0);
}

static gboolean
position_is_predict (InterleaveLessonPlayer *self,
                     guint                   position)
{
  return self->lesson->predict != NULL && position == self->lesson->predict->step;
}

/* The step a position shows; the prediction belongs to the step it comes
 * before. */
static guint
position_to_step (InterleaveLessonPlayer *self,
                  guint                   position)
{
  if (self->lesson->predict != NULL && position > self->lesson->predict->step)
    return position - 1;
  return position;
}

static guint
step_to_position (InterleaveLessonPlayer *self,
                  guint                   step)
{
  if (self->lesson->predict != NULL && step > self->lesson->predict->step)
    return step + 1;
  return step;
}

static const char *
text_get (const InterleaveLessonText *text)
{
  return text != NULL ? interleave_lesson_text_get (text) : "";
}

/* Figures ------------------------------------------------------------------ */

static char *
format_throughput (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  /* Translators: requests per second */
  return g_strdup_printf (_("%.0f req/s"), value);
}

static char *
format_latency (double ms)
{
  if (isnan (ms))
    return g_strdup ("—");
  return interleave_format_duration ((gint64) llround (ms * 1e6));
}

static void
set_figures (GtkLabel                *throughput,
             GtkLabel                *p50,
             GtkLabel                *p99,
             const InterleaveSummary *summary)
{
  g_autofree char *t = format_throughput (summary ? summary->throughput : NAN);
  g_autofree char *a = format_latency (summary ? summary->latency_p50_ms : NAN);
  g_autofree char *b = format_latency (summary ? summary->latency_p99_ms : NAN);

  gtk_label_set_text (throughput, t);
  gtk_label_set_text (p50, a);
  gtk_label_set_text (p99, b);
}

/* The live check ------------------------------------------------------------ */

static guint
live_architecture (InterleaveLessonPlayer     *self,
                   const InterleaveLessonStep *step)
{
  const InterleaveScenario *scenario;

  if (self->run == NULL || step->live == NULL || step->live->architecture == NULL)
    return 0;

  scenario = interleave_simulation_run_get_scenario (self->run);
  for (guint i = 0; i < scenario->n_architectures; i++)
    if (g_strcmp0 (scenario->architectures[i].name, step->live->architecture) == 0)
      return i;

  return 0;
}

static char *
describe_load (const InterleaveLessonLive *live)
{
  g_autofree char *duration = interleave_format_duration (live->duration);

  if (live->clients > 0)
    /* Translators: "node:eventloop, plan cpu:5, 8 clients, 5 s" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, plan %s, %u client, %s",
                                         "%s, plan %s, %u clients, %s", live->clients),
                            live->preset, live->plan, live->clients, duration);

  /* Translators: "python:threaded, plan io:20, 200 requests per second, 5 s" */
  return g_strdup_printf (_("%s, plan %s, %g requests per second, %s"),
                          live->preset, live->plan, live->rate, duration);
}

static gboolean
session_running (InterleaveLessonPlayer *self)
{
  return self->session != NULL &&
         interleave_live_session_get_state (self->session) != INTERLEAVE_LIVE_SESSION_FINISHED;
}

static const InterleaveLessonLive *
current_live (InterleaveLessonPlayer *self)
{
  if (self->lesson == NULL || self->screen != INTERLEAVE_LESSON_SCREEN_STEP)
    return NULL;

  return interleave_lesson_get_step (self->lesson, position_to_step (self, self->position))->live;
}

static void
update_live_actions (InterleaveLessonPlayer *self)
{
  gboolean has_live = current_live (self) != NULL;
  gboolean running = session_running (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lesson.measure", has_live && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lesson.stop-measure", has_live && running);
}

static void
update_live (InterleaveLessonPlayer *self)
{
  const InterleaveLessonStep *step;
  const InterleaveSummary *predicted = NULL;
  const InterleaveSummary *measured;
  g_autofree char *title = NULL;
  gboolean running = session_running (self);

  update_live_actions (self);

  if (current_live (self) == NULL)
    {
      gtk_widget_set_visible (self->live_box, FALSE);
      return;
    }

  step = interleave_lesson_get_step (self->lesson, position_to_step (self, self->position));

  if (self->ready)
    {
      guint arch = live_architecture (self, step);

      if (arch < interleave_simulation_run_get_n_traces (self->run))
        predicted = interleave_simulation_run_get_summaries (self->run)[arch];
    }
  set_figures (self->predicted_throughput, self->predicted_p50, self->predicted_p99, predicted);

  /* Measured here, now, wins over figures recorded elsewhere. */
  measured = g_hash_table_lookup (self->measured, GUINT_TO_POINTER (self->position));
  if (measured != NULL)
    {
      set_figures (self->measured_throughput, self->measured_p50, self->measured_p99, measured);
      gtk_label_set_text (self->measured_heading, _("Measured here"));
    }
  else
    {
      set_figures (self->measured_throughput, self->measured_p50, self->measured_p99, step->live->recorded);
      gtk_label_set_text (self->measured_heading, step->live->recorded ? _("Measured earlier") : _("Measured"));
    }

  title = describe_load (step->live);
  gtk_label_set_text (self->live_title, title);

  if (running)
    {
      gboolean starting = interleave_live_session_get_state (self->session) == INTERLEAVE_LIVE_SESSION_STARTING;

      gtk_label_set_text (self->live_status,
                          starting ? _("Starting the server…") : _("Measuring the real server…"));
    }
  else if (self->live_error != NULL)
    {
      /* Translators: the measurement failed; %s says why */
      g_autofree char *text = g_strdup_printf (_("The measurement failed: %s"), self->live_error);

      gtk_label_set_text (self->live_status, text);
    }
  else if (measured != NULL)
    gtk_label_set_text (self->live_status,
                        _("Measured on a real server on this computer, with the same plan and load as the simulation."));
  else
    gtk_label_set_text (self->live_status,
                        step->live->recorded
                        ? _("Figures measured earlier on a real server; measure again on this computer to compare.")
                        : _("Measure the same workload on a real server on this computer."));

  gtk_widget_set_visible (GTK_WIDGET (self->live_progress), running);
  gtk_widget_set_visible (self->measure_button, !running);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->live_box, TRUE);
}

static void
drop_session (InterleaveLessonPlayer *self)
{
  if (self->session == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->session, self);
  /* A session going away stops its server (and the server's workers). */
  interleave_live_session_stop (self->session);
  g_clear_object (&self->session);
}

static void
session_progress_cb (InterleaveLiveSession  *session,
                     double                  fraction,
                     InterleaveLessonPlayer *self)
{
  gtk_progress_bar_set_fraction (self->live_progress, CLAMP (fraction, 0, 1));
}

static void
session_state_cb (InterleaveLessonPlayer *self)
{
  update_live (self);
}

static void
session_finished_cb (InterleaveLiveSession  *session,
                     const GError           *error,
                     InterleaveLessonPlayer *self)
{
  InterleaveMeasurement *measurement = interleave_live_session_get_measurement (session);
  InterleaveSummary *summary = measurement != NULL ? interleave_measurement_dup_summary (measurement) : NULL;

  g_clear_pointer (&self->live_error, g_free);
  if (error != NULL)
    self->live_error = g_strdup (error->message);

  if (summary != NULL && summary->completed > 0)
    g_hash_table_insert (self->measured, GUINT_TO_POINTER (self->position), g_steal_pointer (&summary));
  else if (self->live_error == NULL)
    self->live_error = g_strdup (_("no request was answered"));
  g_clear_pointer (&summary, interleave_summary_free);

  update_live (self);
  /* The keyboard goes back where the next key is expected. */
  if (gtk_widget_has_focus (self->stop_button) || !gtk_widget_get_visible (self->stop_button))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

/**
 * interleave_lesson_player_measure:
 *
 * Runs the step's live check: starts its real server on this computer,
 * loads it as the lesson says, and shows the measured figures next to the
 * simulated ones. The server stops when the run ends, when it is
 * stopped, or when the lesson moves on.
 *
 * Returns: whether a run started
 */
gboolean
interleave_lesson_player_measure (InterleaveLessonPlayer *self)
{
  const InterleaveLessonLive *live;
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveLoadOptions options;

  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), FALSE);

  live = current_live (self);
  if (live == NULL || session_running (self))
    return FALSE;

  drop_session (self);
  g_clear_pointer (&self->live_error, g_free);

  preset = interleave_server_preset_parse (live->preset, &error);
  if (preset != NULL)
    {
      interleave_load_options_init (&options);
      if (live->clients > 0)
        {
          options.kind = INTERLEAVE_LOAD_CLOSED;
          options.clients = live->clients;
          options.think_ns = live->think;
        }
      else
        {
          options.kind = INTERLEAVE_LOAD_CONSTANT;
          options.rate = live->rate;
        }
      options.connections = live->connections;
      options.duration_ns = live->duration;
      self->session = interleave_live_session_new (preset, live->plan, &options, &error);
    }

  if (self->session == NULL)
    {
      self->live_error = g_strdup (error->message);
      update_live (self);
      return FALSE;
    }

  g_signal_connect (self->session, "progress", G_CALLBACK (session_progress_cb), self);
  g_signal_connect_swapped (self->session, "notify::state", G_CALLBACK (session_state_cb), self);
  g_signal_connect (self->session, "finished", G_CALLBACK (session_finished_cb), self);
  gtk_progress_bar_set_fraction (self->live_progress, 0);
  interleave_live_session_start (self->session);
  update_live (self);
  gtk_widget_grab_focus (self->stop_button);

  return TRUE;
}

/**
 * interleave_lesson_player_stop_measure:
 *
 * Stops the live check's run; what was measured so far is shown.
 */
void
interleave_lesson_player_stop_measure (InterleaveLessonPlayer *self)
{
  g_return_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self));

  if (session_running (self))
    interleave_live_session_stop (self->session);
}

/**
 * interleave_lesson_player_get_measuring:
 *
 * Returns: whether a live check's server is starting, measured or stopping
 */
gboolean
interleave_lesson_player_get_measuring (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), FALSE);

  return session_running (self);
}

/**
 * interleave_lesson_player_get_session:
 *
 * Returns: (transfer none) (nullable): the live check's run on this
 *   screen, going on or finished
 */
InterleaveLiveSession *
interleave_lesson_player_get_session (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), NULL);

  return self->session;
}

/**
 * interleave_lesson_player_get_measured:
 *
 * Returns: (transfer none) (nullable): the figures measured on this
 *   computer for the step shown, or %NULL
 */
const InterleaveSummary *
interleave_lesson_player_get_measured (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), NULL);

  if (self->lesson == NULL)
    return NULL;
  return g_hash_table_lookup (self->measured, GUINT_TO_POINTER (self->position));
}

/**
 * interleave_lesson_player_get_live_error:
 *
 * Returns: (nullable): why the last live check failed, or %NULL
 */
const char *
interleave_lesson_player_get_live_error (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), NULL);

  return self->live_error;
}

/* Steps -------------------------------------------------------------------- */

static char *
step_key (const InterleaveLessonStep *step)
{
  g_autofree char *archs = step->architectures ? g_strjoinv ("\n", step->architectures) : g_strdup ("");

  return g_strdup_printf ("%s\n\n%s", step->scenario, archs);
}

static void
set_ready (InterleaveLessonPlayer *self,
           gboolean                ready)
{
  ready = !!ready;
  if (self->ready == ready)
    return;

  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
update_focus (InterleaveLessonPlayer *self,
              guint32                 request)
{
  const InterleaveTrace *trace;
  const InterleaveRequest *r;
  g_autofree char *text = NULL;

  if (request == INTERLEAVE_NO_REQUEST || self->run == NULL ||
      interleave_simulation_run_get_n_traces (self->run) == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->focus_label), FALSE);
      return;
    }

  trace = interleave_simulation_run_get_traces (self->run)[0];
  r = &g_array_index (trace->requests, InterleaveRequest, request);
  if (r->done >= 0 && r->arrival >= 0)
    {
      g_autofree char *latency = interleave_format_duration (r->done - r->arrival);

      /* Translators: "Highlighted: request 17 on Node.js, 102 ms from arrival to answer" */
      text = g_strdup_printf (_("Highlighted: request %u on %s, %s from arrival to answer"),
                              request, trace->name, latency);
    }
  else
    /* Translators: "Highlighted: request 17 on Node.js, still in flight" */
    text = g_strdup_printf (_("Highlighted: request %u on %s, still in flight"), request, trace->name);

  gtk_label_set_text (self->focus_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->focus_label), TRUE);
}

/* The run is complete: the view can be resolved (a highlight rule ranks
 * every request). */
static void
apply_view (InterleaveLessonPlayer *self)
{
  const InterleaveLessonStep *step;
  const InterleaveTrace * const *traces;
  InterleaveLessonRange range;

  if (self->screen != INTERLEAVE_LESSON_SCREEN_STEP || self->run == NULL ||
      !interleave_simulation_run_is_finished (self->run))
    return;

  if (interleave_simulation_run_get_error (self->run) != NULL)
    {
      adw_status_page_set_description (self->error_page, interleave_simulation_run_get_error (self->run)->message);
      self->screen = INTERLEAVE_LESSON_SCREEN_ERROR;
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCREEN]);
      set_ready (self, TRUE);
      return;
    }

  step = interleave_lesson_get_step (self->lesson, position_to_step (self, self->position));
  traces = interleave_simulation_run_get_traces (self->run);

  interleave_lesson_view_resolve (&step->view, traces[0], &range);
  interleave_timeline_view_set_summaries (self->timeline, interleave_simulation_run_get_summaries (self->run));
  interleave_timeline_view_set_lane_filter (self->timeline, step->view.lane_kinds, step->view.workers);
  interleave_timeline_view_set_follow_playhead (self->timeline, FALSE);
  /* A playhead on the right edge keeps its time label in view. */
  if (range.to - range.playhead < (range.to - range.from) / 50)
    range.to += (range.to - range.from) / 25;
  interleave_timeline_view_set_visible_range (self->timeline, range.from, MAX (range.to, range.from + 1));
  interleave_timeline_view_set_playhead (self->timeline, range.playhead);
  interleave_timeline_view_select_request (self->timeline, 0, range.request);
  update_focus (self, range.request);

  set_ready (self, TRUE);
  update_live (self);
}

static void
run_updated (InterleaveLessonPlayer *self)
{
  interleave_timeline_view_traces_changed (self->timeline);
}

static void
run_finished (InterleaveLessonPlayer *self)
{
  interleave_timeline_view_traces_changed (self->timeline);
  apply_view (self);
}

static void
clear_run (InterleaveLessonPlayer *self)
{
  if (self->run != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->run, self);
      interleave_simulation_run_cancel (self->run);
      g_clear_object (&self->run);
    }
  g_clear_pointer (&self->run_key, g_free);
}

static gboolean
load_step (InterleaveLessonPlayer *self,
           guint                   index,
           GError                **error)
{
  const InterleaveLessonStep *step = interleave_lesson_get_step (self->lesson, index);
  g_autofree char *key = step_key (step);
  g_autoptr(InterleaveScenario) scenario = NULL;

  /* Steps that show the same runs keep them: only the view changes. */
  if (self->run != NULL && g_strcmp0 (self->run_key, key) == 0)
    {
      apply_view (self);
      return TRUE;
    }

  clear_run (self);
  scenario = interleave_lesson_load_step_scenario (self->lesson, index, error);
  if (scenario == NULL)
    return FALSE;

  self->run = interleave_simulation_run_new (scenario, MAX_ARCHITECTURES);
  self->run_key = g_steal_pointer (&key);
  g_signal_connect_object (self->run, "updated", G_CALLBACK (run_updated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "finished", G_CALLBACK (run_finished), self, G_CONNECT_SWAPPED);

  interleave_timeline_view_set_traces (self->timeline,
                                       interleave_simulation_run_get_traces (self->run), NULL,
                                       interleave_simulation_run_get_n_traces (self->run));
  interleave_timeline_view_set_lane_filter (self->timeline, step->view.lane_kinds, step->view.workers);
  interleave_timeline_view_set_playhead (self->timeline, -1);
  if (step->view.from >= 0 && step->view.to > step->view.from)
    interleave_timeline_view_set_visible_range (self->timeline, step->view.from, step->view.to);
  interleave_simulation_run_start (self->run);

  return TRUE;
}

static void
update_reveal (InterleaveLessonPlayer *self,
               guint                   step)
{
  const InterleaveLessonPredict *predict = self->lesson->predict;
  const char *answer;
  g_autoptr(GString) text = NULL;
  g_autofree char *escaped_answer = NULL;

  if (predict == NULL || predict->step != step)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->reveal_label), FALSE);
      return;
    }

  answer = text_get (predict->choices[predict->answer].text);
  escaped_answer = g_markup_escape_text (answer, -1);
  text = g_string_new (NULL);

  if (self->choice < 0)
    g_string_append_printf (text, _("<b>The answer:</b> “%s”."), escaped_answer);
  else if ((guint) self->choice == predict->answer)
    g_string_append_printf (text, _("<b>Right!</b> The answer is “%s”."), escaped_answer);
  else
    {
      g_autofree char *guess = g_markup_escape_text (text_get (predict->choices[self->choice].text), -1);

      g_string_append_printf (text, _("<b>Not quite.</b> You guessed “%s”; the answer is “%s”."),
                              guess, escaped_answer);
    }

  if (predict->explanation != NULL)
    {
      g_autofree char *explanation = g_markup_escape_text (text_get (predict->explanation), -1);

      g_string_append_c (text, ' ');
      g_string_append (text, explanation);
    }

  gtk_label_set_markup (self->reveal_label, text->str);
  gtk_widget_remove_css_class (GTK_WIDGET (self->reveal_label), "right");
  gtk_widget_remove_css_class (GTK_WIDGET (self->reveal_label), "wrong");
  if (self->choice >= 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->reveal_label),
                              (guint) self->choice == predict->answer ? "right" : "wrong");
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_label), TRUE);
}

static void
show_step (InterleaveLessonPlayer *self,
           guint                   index)
{
  const InterleaveLessonStep *step = interleave_lesson_get_step (self->lesson, index);
  g_autoptr(GError) error = NULL;
  gboolean last = index + 1 == interleave_lesson_get_n_steps (self->lesson);

  gtk_label_set_text (self->caption_label, text_get (step->caption));
  gtk_widget_set_visible (GTK_WIDGET (self->focus_label), FALSE);

  gtk_widget_set_visible (self->verdict_grid, last && step->verdict != NULL);
  if (last && step->verdict != NULL)
    {
      gtk_label_set_text (self->verdict_true, text_get (step->verdict->is_true));
      gtk_label_set_text (self->verdict_false, text_get (step->verdict->is_false));
      gtk_label_set_text (self->verdict_why, text_get (step->verdict->why));
    }

  update_reveal (self, index);

  self->screen = INTERLEAVE_LESSON_SCREEN_STEP;
  gtk_stack_set_visible_child_name (self->stack, "step");
  update_live (self);

  if (!load_step (self, index, &error))
    {
      adw_status_page_set_description (self->error_page, error->message);
      self->screen = INTERLEAVE_LESSON_SCREEN_ERROR;
      gtk_stack_set_visible_child_name (self->stack, "error");
      set_ready (self, TRUE);
    }
}

/* The prediction -------------------------------------------------------------- */

static void
update_choice_buttons (InterleaveLessonPlayer *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < self->choice_buttons->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (self->choice_buttons, i), (int) i == self->choice);
  self->updating = FALSE;
}

static void
choice_toggled (GtkToggleButton        *button,
                InterleaveLessonPlayer *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "choice"));

  if (self->updating)
    return;

  if (gtk_toggle_button_get_active (button))
    interleave_lesson_player_choose (self, index);
  else if (self->choice == (int) index)
    {
      /* A toggle group cannot be emptied by clicking: keep it. */
      update_choice_buttons (self);
    }
}

static void
set_predict_hint (InterleaveLessonPlayer *self,
                  gboolean                insist)
{
  const InterleaveLessonPredict *predict = self->lesson->predict;
  g_autofree char *hint = NULL;

  if (self->choice >= 0)
    hint = g_strdup (_("Now see what happens: → or Page Down runs the step."));
  else if (insist)
    /* Translators: %u is the number of choices */
    hint = g_strdup_printf (_("Pick an answer first: press 1 to %u, or click one."), predict->n_choices);
  else
    hint = g_strdup_printf (_("Press 1 to %u to pick an answer, then → to run the step."), predict->n_choices);

  gtk_label_set_text (self->predict_hint, hint);
  if (insist && self->choice < 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->predict_hint), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->predict_hint), "error");
}

static void
show_predict (InterleaveLessonPlayer *self)
{
  const InterleaveLessonPredict *predict = self->lesson->predict;
  GtkWidget *child;
  GtkToggleButton *group = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box))) != NULL)
    gtk_box_remove (self->choices_box, child);
  g_ptr_array_set_size (self->choice_buttons, 0);

  gtk_label_set_text (self->prompt_label, text_get (predict->prompt));

  for (guint i = 0; i < predict->n_choices; i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      GtkWidget *number_label = gtk_label_new (number);
      GtkWidget *text_label = gtk_label_new (text_get (predict->choices[i].text));

      gtk_widget_add_css_class (number_label, "choice-number");
      gtk_widget_add_css_class (text_label, "choice-text");
      gtk_label_set_xalign (GTK_LABEL (text_label), 0);
      gtk_label_set_wrap (GTK_LABEL (text_label), TRUE);
      gtk_widget_set_hexpand (text_label, TRUE);
      gtk_box_append (GTK_BOX (box), number_label);
      gtk_box_append (GTK_BOX (box), text_label);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "lesson-choice");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text_get (predict->choices[i].text),
                                      -1);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_object_set_data (G_OBJECT (button), "choice", GUINT_TO_POINTER (i));
      g_signal_connect (button, "toggled", G_CALLBACK (choice_toggled), self);
      gtk_box_append (self->choices_box, button);
      g_ptr_array_add (self->choice_buttons, button);
    }

  update_choice_buttons (self);
  set_predict_hint (self, FALSE);
  gtk_widget_set_visible (self->live_box, FALSE);

  self->screen = INTERLEAVE_LESSON_SCREEN_PREDICT;
  gtk_stack_set_visible_child_name (self->stack, "predict");
  set_ready (self, TRUE);
}

/* Showing a position ------------------------------------------------------------ */

static void
show_position (InterleaveLessonPlayer *self,
               guint                   position)
{
  guint n = n_positions (self);
  guint n_steps = interleave_lesson_get_n_steps (self->lesson);
  guint step = position_to_step (self, position);
  g_autofree char *where = NULL;
  GtkWidget *focus;

  g_assert (position < n);

  /* A run belongs to its screen: moving on stops the server. */
  if (position != self->position || self->screen == INTERLEAVE_LESSON_SCREEN_NONE)
    {
      drop_session (self);
      g_clear_pointer (&self->live_error, g_free);
    }

  self->position = position;
  set_ready (self, FALSE);

  /* Translators: "Step 2 of 5" */
  where = g_strdup_printf (_("Step %u of %u"), step + 1, n_steps);
  gtk_label_set_text (self->position_label, where);
  gtk_button_set_label (self->next_button, position + 1 == n ? _("_Finish") : _("_Next"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lesson.previous", position > 0);

  if (position_is_predict (self, position))
    show_predict (self);
  else
    show_step (self, step);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCREEN]);

  /* The keyboard is where the next key is expected: on the choices when
   * asked, else on Next (or still on Back, for someone going back). */
  focus = gtk_widget_get_root (GTK_WIDGET (self)) != NULL
          ? gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))) : NULL;
  if (self->screen == INTERLEAVE_LESSON_SCREEN_PREDICT && self->choice_buttons->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->choice_buttons, MAX (self->choice, 0)));
  else if (focus != self->back_button || position == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

/* Public API ------------------------------------------------------------------- */

/**
 * interleave_lesson_player_set_lesson:
 * @lesson: (transfer full) (nullable): a lesson whose scenarios were checked
 * @step: the step to start at (resuming); the prediction, when the lesson
 *   asks one before that step, comes first
 *
 * Runs @lesson from @step.
 */
void
interleave_lesson_player_set_lesson (InterleaveLessonPlayer *self,
                                     InterleaveLesson       *lesson,
                                     guint                   step)
{
  g_return_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self));

  clear_run (self);
  drop_session (self);
  g_clear_pointer (&self->live_error, g_free);
  g_hash_table_remove_all (self->measured);
  g_clear_pointer (&self->lesson, interleave_lesson_free);
  self->lesson = lesson;
  self->choice = -1;
  self->screen = INTERLEAVE_LESSON_SCREEN_NONE;
  interleave_timeline_view_set_traces (self->timeline, NULL, NULL, 0);

  if (lesson == NULL || interleave_lesson_get_n_steps (lesson) == 0)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->claim_label, "");
      set_ready (self, FALSE);
      return;
    }

  {
    /* Translators: the claim a lesson checks, in quotation marks */
    g_autofree char *claim = g_strdup_printf (_("“%s”"), text_get (lesson->claim));

    gtk_label_set_text (self->title_label, text_get (lesson->title));
    gtk_label_set_text (self->claim_label, claim);
  }

  step = MIN (step, interleave_lesson_get_n_steps (lesson) - 1);
  show_position (self, step_to_position (self, step));
}

const InterleaveLesson *
interleave_lesson_player_get_lesson (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), NULL);

  return self->lesson;
}

/**
 * interleave_lesson_player_get_step:
 *
 * Returns: the step shown, or the one the prediction on screen comes before
 */
guint
interleave_lesson_player_get_step (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), 0);

  return self->lesson != NULL ? position_to_step (self, self->position) : 0;
}

InterleaveLessonScreen
interleave_lesson_player_get_screen (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), INTERLEAVE_LESSON_SCREEN_NONE);

  return self->screen;
}

/**
 * interleave_lesson_player_get_ready:
 *
 * Returns: whether the screen is complete: the step's simulation ran and
 *   its view is set (or the screen needs none)
 */
gboolean
interleave_lesson_player_get_ready (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), FALSE);

  return self->ready;
}

/**
 * interleave_lesson_player_next:
 *
 * Goes on: to the next step, or, after the last, finishes the lesson
 * (#InterleaveLessonPlayer::finished). On the prediction, only once the
 * class has picked an answer.
 *
 * Returns: whether it went on
 */
gboolean
interleave_lesson_player_next (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), FALSE);

  if (self->lesson == NULL || self->screen == INTERLEAVE_LESSON_SCREEN_NONE)
    return FALSE;

  if (self->screen == INTERLEAVE_LESSON_SCREEN_PREDICT && self->choice < 0)
    {
      set_predict_hint (self, TRUE);
      return FALSE;
    }

  if (self->position + 1 >= n_positions (self))
    {
      g_signal_emit (self, signals[FINISHED], 0);
      return TRUE;
    }

  show_position (self, self->position + 1);
  return TRUE;
}

gboolean
interleave_lesson_player_previous (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), FALSE);

  if (self->lesson == NULL || self->position == 0)
    return FALSE;

  show_position (self, self->position - 1);
  return TRUE;
}

/**
 * interleave_lesson_player_choose:
 * @choice: index of the class's guess
 *
 * Returns: whether the prediction is on screen and has that choice
 */
gboolean
interleave_lesson_player_choose (InterleaveLessonPlayer *self,
                                 guint                   choice)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), FALSE);

  if (self->screen != INTERLEAVE_LESSON_SCREEN_PREDICT || choice >= self->lesson->predict->n_choices)
    return FALSE;

  self->choice = choice;
  update_choice_buttons (self);
  set_predict_hint (self, FALSE);
  return TRUE;
}

int
interleave_lesson_player_get_choice (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), -1);

  return self->choice;
}

static void
append_label (GString  *text,
              GtkLabel *label)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (label)) || *gtk_label_get_text (label) == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, gtk_label_get_text (label));
}

/**
 * interleave_lesson_player_dup_text:
 *
 * Returns: (transfer full): the text on screen, one paragraph a line: the
 *   prompt, the choices and the hint; or the answer, the caption, the
 *   highlighted request and the verdict
 */
char *
interleave_lesson_player_dup_text (InterleaveLessonPlayer *self)
{
  GString *text;

  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), NULL);

  text = g_string_new (NULL);
  switch (self->screen)
    {
    case INTERLEAVE_LESSON_SCREEN_PREDICT:
      append_label (text, self->prompt_label);
      for (guint i = 0; i < self->lesson->predict->n_choices; i++)
        {
          g_string_append_c (text, '\n');
          g_string_append (text, text_get (self->lesson->predict->choices[i].text));
        }
      append_label (text, self->predict_hint);
      break;
    case INTERLEAVE_LESSON_SCREEN_STEP:
      if (gtk_widget_get_visible (GTK_WIDGET (self->reveal_label)))
        append_label (text, self->reveal_label);
      append_label (text, self->caption_label);
      append_label (text, self->focus_label);
      if (gtk_widget_get_visible (self->live_box))
        {
          append_label (text, self->live_title);
          append_label (text, self->live_status);
          append_label (text, self->predicted_throughput);
          append_label (text, self->predicted_p50);
          append_label (text, self->predicted_p99);
          append_label (text, self->measured_heading);
          append_label (text, self->measured_throughput);
          append_label (text, self->measured_p50);
          append_label (text, self->measured_p99);
        }
      if (gtk_widget_get_visible (self->verdict_grid))
        {
          append_label (text, self->verdict_true);
          append_label (text, self->verdict_false);
          append_label (text, self->verdict_why);
        }
      break;
    case INTERLEAVE_LESSON_SCREEN_ERROR:
      g_string_append (text, adw_status_page_get_description (self->error_page));
      break;
    case INTERLEAVE_LESSON_SCREEN_NONE:
    default:
      break;
    }

  return g_string_free (text, FALSE);
}

InterleaveTimelineView *
interleave_lesson_player_get_timeline (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), NULL);

  return self->timeline;
}

gboolean
interleave_lesson_player_get_presenter (InterleaveLessonPlayer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self), FALSE);

  return self->presenter;
}

void
interleave_lesson_player_set_presenter (InterleaveLessonPlayer *self,
                                        gboolean                presenter)
{
  g_return_if_fail (INTERLEAVE_IS_LESSON_PLAYER (self));

  presenter = !!presenter;
  if (self->presenter == presenter)
    return;

  self->presenter = presenter;
  if (presenter)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
  interleave_timeline_view_set_presenter (self->timeline, presenter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTER]);
}

/* Actions and keys -------------------------------------------------------------- */

static void
player_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  InterleaveLessonPlayer *self = INTERLEAVE_LESSON_PLAYER (widget);

  if (g_str_equal (name, "lesson.next"))
    interleave_lesson_player_next (self);
  else if (g_str_equal (name, "lesson.previous"))
    interleave_lesson_player_previous (self);
  else if (g_str_equal (name, "lesson.leave"))
    g_signal_emit (self, signals[LEAVE], 0);
  else if (g_str_equal (name, "lesson.choose"))
    interleave_lesson_player_choose (self, g_variant_get_uint32 (parameter));
  else if (g_str_equal (name, "lesson.measure"))
    interleave_lesson_player_measure (self);
  else if (g_str_equal (name, "lesson.stop-measure"))
    interleave_lesson_player_stop_measure (self);
  else
    g_assert_not_reached ();
}

static void
caption_clicked (GtkGestureClick        *gesture,
                 int                     n_press,
                 double                  x,
                 double                  y,
                 InterleaveLessonPlayer *self)
{
  /* A click on the caption goes on, as a presenter's remote does. */
  interleave_lesson_player_next (self);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  key,
              const char            *action,
              GVariant              *arguments)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                                            gtk_named_action_new (action));

  if (arguments != NULL)
    gtk_shortcut_set_arguments (shortcut, arguments);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* GObject ----------------------------------------------------------------------- */

static void
interleave_lesson_player_dispose (GObject *object)
{
  InterleaveLessonPlayer *self = INTERLEAVE_LESSON_PLAYER (object);

  clear_run (self);
  drop_session (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTERLEAVE_TYPE_LESSON_PLAYER);

  G_OBJECT_CLASS (interleave_lesson_player_parent_class)->dispose (object);
}

static void
interleave_lesson_player_finalize (GObject *object)
{
  InterleaveLessonPlayer *self = INTERLEAVE_LESSON_PLAYER (object);

  g_clear_pointer (&self->lesson, interleave_lesson_free);
  g_clear_pointer (&self->choice_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->measured, g_hash_table_unref);
  g_clear_pointer (&self->live_error, g_free);

  G_OBJECT_CLASS (interleave_lesson_player_parent_class)->finalize (object);
}

static void
interleave_lesson_player_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  InterleaveLessonPlayer *self = INTERLEAVE_LESSON_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_uint (value, interleave_lesson_player_get_step (self));
      break;
    case PROP_SCREEN:
      g_value_set_int (value, self->screen);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_PRESENTER:
      g_value_set_boolean (value, self->presenter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_lesson_player_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  InterleaveLessonPlayer *self = INTERLEAVE_LESSON_PLAYER (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      interleave_lesson_player_set_presenter (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_lesson_player_class_init (InterleaveLessonPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_lesson_player_dispose;
  object_class->finalize = interleave_lesson_player_finalize;
  object_class->get_property = interleave_lesson_player_get_property;
  object_class->set_property = interleave_lesson_player_set_property;

  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCREEN] =
    g_param_spec_int ("screen", NULL, NULL,
                      INTERLEAVE_LESSON_SCREEN_NONE, INTERLEAVE_LESSON_SCREEN_ERROR, INTERLEAVE_LESSON_SCREEN_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTER] =
    g_param_spec_boolean ("presenter", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InterleaveLessonPlayer::leave:
   *
   * The user asked to leave the lesson (Esc, or the Lessons button).
   */
  signals[LEAVE] =
    g_signal_new ("leave", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * InterleaveLessonPlayer::finished:
   *
   * Next was pressed on the last step.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (INTERLEAVE_TYPE_TIMELINE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/interleave-lesson-player.ui");
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, title_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, claim_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, position_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, stack);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, choices_box);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, predict_hint);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, reveal_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, timeline);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, live_box);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, live_title);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, live_status);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, live_progress);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, measured_heading);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, predicted_throughput);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, predicted_p50);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, predicted_p99);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, measured_throughput);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, measured_p50);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, measured_p99);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, measure_button);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, stop_button);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, caption_area);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, caption_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, focus_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, verdict_grid);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, verdict_true);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, verdict_false);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, verdict_why);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, error_page);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, next_button);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLessonPlayer, back_button);

  gtk_widget_class_install_action (widget_class, "lesson.next", NULL, player_action);
  gtk_widget_class_install_action (widget_class, "lesson.previous", NULL, player_action);
  gtk_widget_class_install_action (widget_class, "lesson.leave", NULL, player_action);
  gtk_widget_class_install_action (widget_class, "lesson.choose", "u", player_action);
  gtk_widget_class_install_action (widget_class, "lesson.measure", NULL, player_action);
  gtk_widget_class_install_action (widget_class, "lesson.stop-measure", NULL, player_action);

  gtk_widget_class_set_css_name (widget_class, "lessonplayer");
}

static void
interleave_lesson_player_init (InterleaveLessonPlayer *self)
{
  GtkEventController *capture;
  GtkEventController *bubble;
  GtkGesture *click;

  self->choice = -1;
  self->choice_buttons = g_ptr_array_new ();
  self->measured = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) interleave_summary_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Presenter remotes send Page Down / Page Up; arrows and Esc always
   * move through the lesson, whatever has the focus. */
  capture = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (capture, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_Right, "lesson.next", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_KP_Right, "lesson.next", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_Page_Down, "lesson.next", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_KP_Page_Down, "lesson.next", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_Left, "lesson.previous", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_KP_Left, "lesson.previous", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_Page_Up, "lesson.previous", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_KP_Page_Up, "lesson.previous", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (capture), GDK_KEY_Escape, "lesson.leave", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), capture);

  /* Space and the digits after the focused widget: a focused button takes
   * its Space (a choice is picked, Next goes on). */
  bubble = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (bubble, GTK_PHASE_BUBBLE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (bubble), GDK_KEY_space, "lesson.next", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (bubble), GDK_KEY_KP_Space, "lesson.next", NULL);
  for (guint i = 0; i < INTERLEAVE_LESSON_MAX_CHOICES; i++)
    {
      add_shortcut (GTK_SHORTCUT_CONTROLLER (bubble), GDK_KEY_1 + i, "lesson.choose", g_variant_new_uint32 (i));
      add_shortcut (GTK_SHORTCUT_CONTROLLER (bubble), GDK_KEY_KP_1 + i, "lesson.choose", g_variant_new_uint32 (i));
    }
  /* M measures the live check, S stops it (as the buttons' tooltips say). */
  add_shortcut (GTK_SHORTCUT_CONTROLLER (bubble), GDK_KEY_m, "lesson.measure", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (bubble), GDK_KEY_s, "lesson.stop-measure", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), bubble);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (caption_clicked), self);
  gtk_widget_add_controller (self->caption_area, GTK_EVENT_CONTROLLER (click));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lesson.previous", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lesson.measure", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lesson.stop-measure", FALSE);
}
