/* interleave-compare-job.c
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

#include "interleave-compare-job.h"
#include "interleave-live-session.h"
#include "interleave-simulation.h"

typedef struct
{
  guint                   architecture;
  guint                   level;
  InterleaveCompareSource source;
} Step;

typedef struct
{
  char                  *server;       /* the real server, or NULL */
  char                  *note;         /* why it was not measured, or NULL */
  gboolean               failed;       /* a measurement was tried and failed */
  gint                   open_of;      /* the open-loop twin of this closed-loop run, or -1 */
  InterleaveTrace       *simulated;    /* main run only (one level) */
  InterleaveLiveSession *session;      /* main run only: holds the measured trace */
  InterleaveSummary     *summaries[INTERLEAVE_COMPARE_MAX_LEVELS][INTERLEAVE_COMPARE_N_SOURCES];
} Arch;

struct _InterleaveCompareJob
{
  GObject                parent_instance;

  InterleaveScenario    *scenario;
  char                  *plan;              /* what the real servers are asked, or NULL */
  char                  *plan_problem;      /* why the workload cannot be measured */
  gboolean               measure;
  double                 levels[INTERLEAVE_COMPARE_MAX_LEVELS];
  guint                  n_levels;
  gboolean               sweep;
  gint64                 measure_duration;

  Arch                  *archs;
  GArray                *steps;             /* Step */
  guint                  step;              /* the one running */
  double                 step_fraction;
  double                 progress;
  char                  *step_text;

  GCancellable          *cancellable;
  InterleaveLiveSession *sweep_session;      /* the measurement of a sweep step */
  GArray                *pids;              /* every server process started */
  GError                *error;
  guint                  running : 1;
  guint                  finished : 1;
  guint                  cancelled : 1;
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PROGRESS,
  N_PROPS
};

enum {
  TRACES_CHANGED,
  DELTA,
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InterleaveCompareJob, interleave_compare_job, G_TYPE_OBJECT)

static void run_step (InterleaveCompareJob *self);

/* Mapping to the real servers --------------------------------------------- */

/**
 * interleave_compare_real_server:
 * @arch: a simulated architecture
 *
 * Returns: (transfer full) (nullable): the real test server that runs as
 *   @arch does ("node:cluster:2", "python:threaded", …), or %NULL when
 *   none does (a gunicorn gthread pool, free-threaded Python, …)
 */
char *
interleave_compare_real_server (const InterleaveArchitecture *arch)
{
  g_return_val_if_fail (arch != NULL, NULL);

  switch (arch->kind)
    {
    case INTERLEAVE_ARCH_EVENTLOOP:
      if (arch->runtime != INTERLEAVE_ARCH_RUNTIME_NODE)
        return NULL;
      if (arch->workers > 1)
        return g_strdup_printf ("node:cluster:%u", arch->workers);
      return g_strdup ("node:eventloop");

    case INTERLEAVE_ARCH_THREADS:
      /* ThreadingHTTPServer: a thread per connection, behind the GIL. */
      if (arch->runtime != INTERLEAVE_ARCH_RUNTIME_PYTHON || arch->workers != 1 ||
          arch->threads != 0 || !arch->gil)
        return NULL;
      return g_strdup ("python:threaded");

    case INTERLEAVE_ARCH_SYNC:
      if (arch->runtime != INTERLEAVE_ARCH_RUNTIME_PYTHON)
        return NULL;
      return g_strdup_printf ("python:prefork:%u", arch->workers);

    case INTERLEAVE_ARCH_ASYNCIO:
      if (arch->runtime != INTERLEAVE_ARCH_RUNTIME_PYTHON || arch->workers != 1)
        return NULL;
      return g_strdup ("python:asyncio");

    default:
      return NULL;
    }
}

/**
 * interleave_compare_measurable_plan:
 *
 * The real servers run one plan of constant phases per run, loaded by
 * one arrival process.
 *
 * Returns: (transfer full) (nullable): the plan text the real servers
 *   are given for @scenario, or %NULL with @error saying why there is none
 */
char *
interleave_compare_measurable_plan (const InterleaveScenario  *scenario,
                                    GError                   **error)
{
  const InterleavePlan *plan;

  g_return_val_if_fail (scenario != NULL, NULL);

  if (scenario->n_classes != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   g_dngettext (NULL,
                                "The workload has %u request class; the real servers run one plan at a time.",
                                "The workload has %u request classes; the real servers run one plan at a time.",
                                scenario->n_classes),
                   scenario->n_classes);
      return NULL;
    }

  if (!scenario->has_arrivals || scenario->classes[0].has_arrivals)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The workload gives its request class its own arrivals; "
                             "the load generator has one arrival process."));
      return NULL;
    }

  plan = &scenario->classes[0].plan;
  for (guint i = 0; i < plan->n_phases; i++)
    if (plan->phases[i].dist != INTERLEAVE_DIST_CONST)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("The plan has random phase lengths; the real servers run constant ones."));
        return NULL;
      }

  return interleave_plan_to_string (plan);
}

/**
 * interleave_compare_relative_error:
 *
 * Returns: (simulated − measured) / measured, NAN when either is unknown
 *   or the measured figure is 0
 */
double
interleave_compare_relative_error (double simulated,
                                   double measured)
{
  if (!isfinite (simulated) || !isfinite (measured) || measured == 0)
    return NAN;

  return (simulated - measured) / measured;
}

/* Construction ------------------------------------------------------------- */

static void
arch_clear (Arch *arch)
{
  g_clear_pointer (&arch->server, g_free);
  g_clear_pointer (&arch->note, g_free);
  g_clear_pointer (&arch->simulated, interleave_trace_free);
  g_clear_object (&arch->session);
  for (guint l = 0; l < INTERLEAVE_COMPARE_MAX_LEVELS; l++)
    for (guint s = 0; s < INTERLEAVE_COMPARE_N_SOURCES; s++)
      g_clear_pointer (&arch->summaries[l][s], interleave_summary_free);
}

/**
 * interleave_compare_job_new:
 * @scenario: the workload and the architectures (2–4 is what views show);
 *   its duration is the simulated time, and the measured time too
 * @measure: measure the real servers as well
 * @levels: (array length=n_levels) (nullable): load multipliers for a
 *   sweep (1 is the scenario's load); %NULL for one run at the scenario's
 *   load, keeping its traces
 *
 * Returns: (transfer full): a job, not started
 */
InterleaveCompareJob *
interleave_compare_job_new (const InterleaveScenario *scenario,
                            gboolean                  measure,
                            const double             *levels,
                            guint                     n_levels)
{
  InterleaveCompareJob *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (scenario->n_architectures > 0, NULL);
  g_return_val_if_fail (n_levels <= INTERLEAVE_COMPARE_MAX_LEVELS, NULL);

  self = g_object_new (INTERLEAVE_TYPE_COMPARE_JOB, NULL);
  self->scenario = interleave_scenario_copy (scenario);
  self->measure = measure;
  self->measure_duration = scenario->duration_ns;
  self->sweep = levels != NULL && n_levels > 0;
  self->n_levels = self->sweep ? n_levels : 1;
  for (guint i = 0; i < self->n_levels; i++)
    self->levels[i] = self->sweep ? levels[i] : 1.0;

  /* Views compare the runs lane for lane: no per-core lanes. */
  self->scenario->record.cores = FALSE;

  self->plan = interleave_compare_measurable_plan (scenario, &error);
  if (self->plan == NULL)
    self->plan_problem = g_strdup (error->message);

  self->archs = g_new0 (Arch, scenario->n_architectures);
  for (guint i = 0; i < scenario->n_architectures; i++)
    {
      Arch *arch = &self->archs[i];

      arch->open_of = -1;
      arch->server = interleave_compare_real_server (&scenario->architectures[i]);
      if (!measure)
        ;
      else if (arch->server == NULL)
        arch->note = g_strdup (_("No real test server runs this architecture: simulated only."));
      else if (self->plan == NULL)
        arch->note = g_strdup (self->plan_problem);
    }

  for (guint l = 0; l < self->n_levels; l++)
    for (guint i = 0; i < scenario->n_architectures; i++)
      {
        Step step = { i, l, INTERLEAVE_COMPARE_SIMULATED };

        g_array_append_val (self->steps, step);
        if (measure && self->archs[i].note == NULL)
          {
            step.source = INTERLEAVE_COMPARE_MEASURED;
            g_array_append_val (self->steps, step);
          }
      }

  return self;
}

const InterleaveScenario *
interleave_compare_job_get_scenario (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), NULL);

  return self->scenario;
}

/**
 * interleave_compare_job_set_measure_duration:
 * @duration_ns: how long each real server is loaded (default: the
 *   scenario's duration)
 */
void
interleave_compare_job_set_measure_duration (InterleaveCompareJob *self,
                                             gint64                duration_ns)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_JOB (self));
  g_return_if_fail (duration_ns > 0);
  g_return_if_fail (!self->running && !self->finished);

  self->measure_duration = duration_ns;
}

/**
 * interleave_compare_job_set_open_loop_of:
 * @architecture: an architecture of the job's scenario
 * @closed: another one, run before it, with the same settings
 *
 * Runs @architecture as an open loop (Poisson arrivals) at the throughput
 * the simulation of @closed reached with the scenario's clients: the same
 * mean load, sent whatever the answers. Side by side, the two show what
 * a closed loop hides when the server stalls (its clients wait and stop
 * sending), where an open loop's queue builds up.
 *
 * Returns: whether the scenario is a closed loop, as this needs
 */
gboolean
interleave_compare_job_set_open_loop_of (InterleaveCompareJob *self,
                                         guint                 architecture,
                                         guint                 closed)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), FALSE);
  g_return_val_if_fail (architecture < self->scenario->n_architectures, FALSE);
  g_return_val_if_fail (closed < architecture, FALSE);
  g_return_val_if_fail (!self->running && !self->finished, FALSE);

  if (!interleave_compare_job_get_closed_loop (self))
    return FALSE;

  self->archs[architecture].open_of = closed;
  return TRUE;
}

/* Returns: the closed-loop run whose open-loop twin @architecture is, or -1 */
gint
interleave_compare_job_get_open_loop_of (InterleaveCompareJob *self,
                                         guint                 architecture)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), -1);
  g_return_val_if_fail (architecture < self->scenario->n_architectures, -1);

  return self->archs[architecture].open_of;
}

/* The scenario at load level @level. */
static InterleaveScenario *
scenario_at_level (InterleaveCompareJob *self,
                   guint                 level)
{
  InterleaveScenario *copy = interleave_scenario_copy (self->scenario);
  double factor = self->levels[level];

  if (copy->arrivals.kind == INTERLEAVE_ARRIVALS_CLOSED)
    copy->arrivals.clients = MAX (1, (guint) round (copy->arrivals.clients * factor));
  else
    copy->arrivals.rate = MAX (0.1, copy->arrivals.rate * factor);

  for (guint i = 0; i < copy->n_classes; i++)
    if (copy->classes[i].has_arrivals)
      {
        InterleaveArrivals *arrivals = &copy->classes[i].arrivals;

        if (arrivals->kind == INTERLEAVE_ARRIVALS_CLOSED)
          arrivals->clients = MAX (1, (guint) round (arrivals->clients * factor));
        else
          arrivals->rate = MAX (0.1, arrivals->rate * factor);
      }

  /* A sweep keeps figures, not timelines. */
  if (self->sweep)
    copy->record.until_ns = 0;

  return copy;
}

/* The scenario of one step: an open-loop twin at the rate its closed run
 * reached in simulation. */
static InterleaveScenario *
scenario_for_step (InterleaveCompareJob *self,
                   const Step           *step)
{
  InterleaveScenario *copy = scenario_at_level (self, step->level);
  gint closed = self->archs[step->architecture].open_of;

  if (closed >= 0)
    {
      const InterleaveSummary *summary = self->archs[closed].summaries[step->level][INTERLEAVE_COMPARE_SIMULATED];

      copy->arrivals.kind = INTERLEAVE_ARRIVALS_POISSON;
      copy->arrivals.rate = summary != NULL && summary->throughput > 0.1 ? summary->throughput : 0.1;
    }

  return copy;
}

/* Running ------------------------------------------------------------------ */

static void
set_progress (InterleaveCompareJob *self,
              double                step_fraction)
{
  double total = 0, done = 0;

  self->step_fraction = CLAMP (step_fraction, 0, 1);

  /* A measurement takes its full duration; a simulation much less. */
  for (guint i = 0; i < self->steps->len; i++)
    {
      const Step *step = &g_array_index (self->steps, Step, i);
      double weight = step->source == INTERLEAVE_COMPARE_MEASURED ? 1.0 : (self->measure ? 0.15 : 1.0);

      total += weight;
      if (i < self->step)
        done += weight;
      else if (i == self->step && self->running)
        done += weight * self->step_fraction;
    }

  self->progress = total > 0 ? done / total : 1.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_signal_emit (self, signals[PROGRESS], 0, self->progress);
}

static void
finish (InterleaveCompareJob *self)
{
  g_autoptr(InterleaveCompareJob) hold = g_object_ref (self);

  self->running = FALSE;
  self->finished = TRUE;
  g_clear_pointer (&self->step_text, g_free);
  if (self->error == NULL && !self->cancelled)
    {
      self->progress = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
      g_signal_emit (self, signals[PROGRESS], 0, self->progress);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, self->error);
}

static void
next_step (InterleaveCompareJob *self)
{
  self->step++;
  set_progress (self, 0);

  if (self->cancelled || self->step >= self->steps->len)
    finish (self);
  else
    run_step (self);
}

typedef struct
{
  InterleaveCompareJob *job;   /* weak: a job outlives its runs (it holds a ref while running) */
  guint                 architecture;
} SimRun;

static void
sim_delta_cb (InterleaveTrace *delta,
              gpointer         user_data)
{
  SimRun *run = user_data;
  InterleaveCompareJob *self = run->job;
  Arch *arch = &self->archs[run->architecture];
  gint64 end = delta->end;

  if (arch->simulated != NULL && !self->sweep)
    {
      interleave_trace_merge (arch->simulated, delta);
      g_signal_emit (self, signals[DELTA], 0);
    }

  interleave_trace_free (delta);

  if (self->scenario->duration_ns > 0)
    set_progress (self, (double) end / self->scenario->duration_ns);
}

static void
sim_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(InterleaveCompareJob) self = user_data;
  const Step *step = &g_array_index (self->steps, Step, self->step);
  g_autoptr(GError) error = NULL;
  InterleaveSummary *summary;

  summary = interleave_simulate_finish (result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->error = g_steal_pointer (&error);
      finish (self);
      return;
    }

  g_clear_pointer (&self->archs[step->architecture].summaries[step->level][INTERLEAVE_COMPARE_SIMULATED],
                   interleave_summary_free);
  self->archs[step->architecture].summaries[step->level][INTERLEAVE_COMPARE_SIMULATED] = summary;
  g_signal_emit (self, signals[DELTA], 0);

  next_step (self);
}

static void
run_simulation (InterleaveCompareJob *self,
                const Step           *step)
{
  g_autoptr(InterleaveScenario) scenario = scenario_for_step (self, step);
  Arch *arch = &self->archs[step->architecture];
  SimRun *run = g_new0 (SimRun, 1);

  run->job = self;
  run->architecture = step->architecture;

  if (!self->sweep)
    {
      g_autofree char *name = NULL;

      /* Translators: the name of a simulated run, e.g. "Node.js (simulated)" */
      name = g_strdup_printf (_("%s (simulated)"), scenario->architectures[step->architecture].name);
      g_clear_pointer (&arch->simulated, interleave_trace_free);
      arch->simulated = interleave_trace_new (name, scenario->cores, scenario->window_ns);
      g_signal_emit (self, signals[TRACES_CHANGED], 0);
    }

  interleave_simulate_async (scenario, step->architecture, sim_delta_cb, run, g_free,
                             self->cancellable, sim_done_cb, g_object_ref (self));
}

static InterleaveLoadOptions
load_options (InterleaveCompareJob     *self,
              const InterleaveScenario *scenario)
{
  InterleaveLoadOptions options;

  interleave_load_options_init (&options);
  switch (scenario->arrivals.kind)
    {
    case INTERLEAVE_ARRIVALS_CLOSED:
      options.kind = INTERLEAVE_LOAD_CLOSED;
      options.clients = MIN (scenario->arrivals.clients, INTERLEAVE_LOAD_MAX_CLIENTS);
      options.think_ns = scenario->arrivals.think_ns;
      options.think_exponential = scenario->arrivals.think_dist == INTERLEAVE_DIST_EXP;
      break;

    case INTERLEAVE_ARRIVALS_CONSTANT:
      options.kind = INTERLEAVE_LOAD_CONSTANT;
      options.rate = scenario->arrivals.rate;
      break;

    case INTERLEAVE_ARRIVALS_POISSON:
    default:
      options.kind = INTERLEAVE_LOAD_POISSON;
      options.rate = scenario->arrivals.rate;
      break;
    }

  if (scenario->arrivals.kind != INTERLEAVE_ARRIVALS_CLOSED && scenario->arrivals.connections > 0)
    options.connections = MIN (scenario->arrivals.connections, INTERLEAVE_LOAD_MAX_CONNECTIONS);
  options.duration_ns = self->measure_duration;
  options.seed = scenario->seed;

  return options;
}

static void
remember_pids (InterleaveCompareJob  *self,
               InterleaveLiveSession *session)
{
  g_autoptr(GArray) pids = interleave_live_session_dup_server_pids (session);

  for (guint i = 0; i < pids->len; i++)
    {
      gint64 pid = g_array_index (pids, gint64, i);
      gboolean known = FALSE;

      for (guint j = 0; j < self->pids->len && !known; j++)
        known = g_array_index (self->pids, gint64, j) == pid;
      if (!known)
        g_array_append_val (self->pids, pid);
    }
}

static void
session_started_cb (InterleaveCompareJob  *self,
                    InterleaveLiveSession *session)
{
  remember_pids (self, session);
  if (!self->sweep)
    g_signal_emit (self, signals[TRACES_CHANGED], 0);
}

static void
session_delta_cb (InterleaveCompareJob  *self,
                  gpointer               delta,
                  InterleaveLiveSession *session)
{
  if (!self->sweep)
    g_signal_emit (self, signals[DELTA], 0);
}

static void
session_progress_cb (InterleaveCompareJob  *self,
                     double                 fraction,
                     InterleaveLiveSession *session)
{
  set_progress (self, fraction);
}

static void
session_finished_cb (InterleaveCompareJob  *self,
                     const GError          *error,
                     InterleaveLiveSession *session)
{
  g_autoptr(InterleaveCompareJob) hold = g_object_ref (self);
  const Step *step = &g_array_index (self->steps, Step, self->step);
  Arch *arch = &self->archs[step->architecture];
  InterleaveMeasurement *measurement = interleave_live_session_get_measurement (session);

  remember_pids (self, session);

  if (error != NULL)
    {
      g_free (arch->note);
      /* Translators: %s says why, e.g. "Node.js is needed for this server, …" */
      arch->note = g_strdup_printf (_("Not measured: %s"), error->message);
      arch->failed = TRUE;
    }

  if (measurement != NULL && (error == NULL || interleave_measurement_get_counts (measurement)->completed > 0))
    {
      g_clear_pointer (&arch->summaries[step->level][INTERLEAVE_COMPARE_MEASURED], interleave_summary_free);
      arch->summaries[step->level][INTERLEAVE_COMPARE_MEASURED] = interleave_measurement_dup_summary (measurement);
    }

  g_signal_handlers_disconnect_by_data (session, self);
  if (self->sweep)
    g_clear_object (&self->sweep_session);

  g_signal_emit (self, signals[DELTA], 0);

  /* A server that cannot start will not start at the next level either. */
  if (error != NULL && error->domain == INTERLEAVE_SERVER_ERROR)
    for (guint i = self->step + 1; i < self->steps->len; i++)
      {
        Step *later = &g_array_index (self->steps, Step, i);

        if (later->architecture == step->architecture && later->source == INTERLEAVE_COMPARE_MEASURED)
          {
            g_array_remove_index (self->steps, i);
            i--;
          }
      }

  next_step (self);
}

static void
run_measurement (InterleaveCompareJob *self,
                 const Step           *step)
{
  g_autoptr(InterleaveScenario) scenario = scenario_for_step (self, step);
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(InterleaveLiveSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  Arch *arch = &self->archs[step->architecture];
  InterleaveLoadOptions options = load_options (self, scenario);

  preset = interleave_server_preset_parse (arch->server, &error);
  if (preset != NULL)
    session = interleave_live_session_new (preset, self->plan, &options, &error);

  if (session == NULL)
    {
      g_free (arch->note);
      arch->note = g_strdup_printf (_("Not measured: %s"), error->message);
      arch->failed = TRUE;
      next_step (self);
      return;
    }

  /* Translators: the name of a measured run, e.g. "Node.js (measured)" */
  name = g_strdup_printf (_("%s (measured)"), scenario->architectures[step->architecture].name);
  interleave_live_session_set_name (session, name);

  g_signal_connect_object (session, "measurement-started", G_CALLBACK (session_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "delta", G_CALLBACK (session_delta_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "progress", G_CALLBACK (session_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "finished", G_CALLBACK (session_finished_cb), self, G_CONNECT_SWAPPED);

  if (self->sweep)
    g_set_object (&self->sweep_session, session);
  else
    {
      if (arch->session != NULL)
        g_signal_handlers_disconnect_by_data (arch->session, self);
      g_set_object (&arch->session, session);
    }

  interleave_live_session_start (session);
}

static void
run_step (InterleaveCompareJob *self)
{
  const Step *step = &g_array_index (self->steps, Step, self->step);
  const char *arch_name = self->scenario->architectures[step->architecture].name;

  g_free (self->step_text);
  if (step->source == INTERLEAVE_COMPARE_SIMULATED)
    /* Translators: what the job does now, e.g. "Simulating Node.js" */
    self->step_text = g_strdup_printf (_("Simulating %s"), arch_name);
  else
    /* Translators: what the job does now, e.g. "Measuring node:eventloop" */
    self->step_text = g_strdup_printf (_("Measuring %s"), self->archs[step->architecture].server);

  if (self->sweep)
    {
      g_autofree char *with_level = NULL;
      double load = interleave_compare_job_get_level_load (self, step->level);

      if (interleave_compare_job_get_closed_loop (self))
        /* Translators: "Simulating Node.js, 8 clients (level 2 of 5)" */
        with_level = g_strdup_printf (_("%s, %.0f clients (level %u of %u)"), self->step_text, load,
                                      step->level + 1, self->n_levels);
      else
        /* Translators: "Simulating Node.js, 200 requests/s (level 2 of 5)" */
        with_level = g_strdup_printf (_("%s, %.0f requests/s (level %u of %u)"), self->step_text, load,
                                      step->level + 1, self->n_levels);
      g_free (self->step_text);
      self->step_text = g_steal_pointer (&with_level);
    }

  set_progress (self, 0);

  if (step->source == INTERLEAVE_COMPARE_SIMULATED)
    run_simulation (self, step);
  else
    run_measurement (self, step);
}

/**
 * interleave_compare_job_start:
 *
 * Runs every step in turn on the thread-default main context.
 */
void
interleave_compare_job_start (InterleaveCompareJob *self)
{
  g_return_if_fail (INTERLEAVE_IS_COMPARE_JOB (self));
  g_return_if_fail (!self->running && !self->finished);

  self->running = TRUE;
  self->step = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (self->steps->len == 0)
    {
      finish (self);
      return;
    }

  run_step (self);
}

/**
 * interleave_compare_job_cancel:
 *
 * Stops the job after the step that runs now ends (a simulation at once,
 * a measurement as soon as its server is stopped). What was done is kept.
 */
void
interleave_compare_job_cancel (InterleaveCompareJob *self)
{
  const Step *step;

  g_return_if_fail (INTERLEAVE_IS_COMPARE_JOB (self));

  if (!self->running || self->cancelled)
    return;

  self->cancelled = TRUE;
  g_cancellable_cancel (self->cancellable);

  step = &g_array_index (self->steps, Step, self->step);
  if (step->source == INTERLEAVE_COMPARE_MEASURED)
    {
      InterleaveLiveSession *session = self->sweep ? self->sweep_session
                                                   : self->archs[step->architecture].session;

      if (session != NULL)
        interleave_live_session_stop (session);
    }
}

gboolean
interleave_compare_job_get_running (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), FALSE);

  return self->running;
}

gboolean
interleave_compare_job_get_finished (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), FALSE);

  return self->finished;
}

gboolean
interleave_compare_job_get_cancelled (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), FALSE);

  return self->cancelled;
}

double
interleave_compare_job_get_progress (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), 0);

  return self->progress;
}

/* Returns: (nullable): what runs now: "Measuring node:eventloop" */
const char *
interleave_compare_job_get_step_text (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), NULL);

  return self->step_text;
}

guint
interleave_compare_job_get_n_architectures (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), 0);

  return self->scenario->n_architectures;
}

guint
interleave_compare_job_get_n_levels (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), 0);

  return self->n_levels;
}

gboolean
interleave_compare_job_get_closed_loop (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), FALSE);

  return self->scenario->has_arrivals && self->scenario->arrivals.kind == INTERLEAVE_ARRIVALS_CLOSED;
}

/* Returns: the offered load at @level: clients (closed loop) or requests/s */
double
interleave_compare_job_get_level_load (InterleaveCompareJob *self,
                                       guint                 level)
{
  g_autoptr(InterleaveScenario) scenario = NULL;

  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), NAN);
  g_return_val_if_fail (level < self->n_levels, NAN);

  scenario = scenario_at_level (self, level);
  if (scenario->arrivals.kind == INTERLEAVE_ARRIVALS_CLOSED)
    return scenario->arrivals.clients;
  return scenario->arrivals.rate;
}

/* Returns: (nullable): the real server of @architecture ("node:eventloop") */
const char *
interleave_compare_job_get_server (InterleaveCompareJob *self,
                                   guint                 architecture)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), NULL);
  g_return_val_if_fail (architecture < self->scenario->n_architectures, NULL);

  return self->archs[architecture].server;
}

/* Returns: (nullable): why @architecture was not measured */
const char *
interleave_compare_job_get_note (InterleaveCompareJob *self,
                                 guint                 architecture)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), NULL);
  g_return_val_if_fail (architecture < self->scenario->n_architectures, NULL);

  return self->archs[architecture].note;
}

/* Returns: whether measuring @architecture was tried and failed (its
 * note says why) */
gboolean
interleave_compare_job_get_measure_failed (InterleaveCompareJob *self,
                                           guint                 architecture)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), FALSE);
  g_return_val_if_fail (architecture < self->scenario->n_architectures, FALSE);

  return self->archs[architecture].failed;
}

/* Returns: (nullable): the figures of one run, once it ended */
const InterleaveSummary *
interleave_compare_job_get_summary (InterleaveCompareJob    *self,
                                    guint                    architecture,
                                    guint                    level,
                                    InterleaveCompareSource  source)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), NULL);
  g_return_val_if_fail (architecture < self->scenario->n_architectures, NULL);
  g_return_val_if_fail (level < self->n_levels, NULL);
  g_return_val_if_fail (source < INTERLEAVE_COMPARE_N_SOURCES, NULL);

  return self->archs[architecture].summaries[level][source];
}

/* Returns: (nullable): the trace of one run (not in a sweep), as it grows */
const InterleaveTrace *
interleave_compare_job_get_trace (InterleaveCompareJob    *self,
                                  guint                    architecture,
                                  InterleaveCompareSource  source)
{
  Arch *arch;
  InterleaveMeasurement *measurement;

  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), NULL);
  g_return_val_if_fail (architecture < self->scenario->n_architectures, NULL);

  arch = &self->archs[architecture];
  if (source == INTERLEAVE_COMPARE_SIMULATED)
    return arch->simulated;

  if (arch->session == NULL || (measurement = interleave_live_session_get_measurement (arch->session)) == NULL)
    return NULL;

  return interleave_measurement_get_trace (measurement);
}

/**
 * interleave_compare_job_get_traces:
 * @architectures: (element-type guint) (nullable): filled with each
 *   trace's architecture
 * @sources: (element-type guint) (nullable): and its source
 *
 * Returns: (transfer container): the traces there are so far, each
 *   architecture's simulated one over its measured one
 */
GPtrArray *
interleave_compare_job_get_traces (InterleaveCompareJob *self,
                                   GArray               *architectures,
                                   GArray               *sources)
{
  GPtrArray *traces = g_ptr_array_new ();

  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), traces);

  for (guint i = 0; i < self->scenario->n_architectures; i++)
    for (guint s = 0; s < INTERLEAVE_COMPARE_N_SOURCES; s++)
      {
        const InterleaveTrace *trace = interleave_compare_job_get_trace (self, i, s);

        if (trace == NULL)
          continue;

        g_ptr_array_add (traces, (gpointer) trace);
        if (architectures != NULL)
          g_array_append_val (architectures, i);
        if (sources != NULL)
          g_array_append_val (sources, s);
      }

  return traces;
}

/**
 * interleave_compare_job_dup_server_pids:
 *
 * Returns: (transfer full) (element-type gint64): every server process
 *   the job started (main processes and workers), alive or not
 */
GArray *
interleave_compare_job_dup_server_pids (InterleaveCompareJob *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_COMPARE_JOB (self), NULL);

  return g_array_copy (self->pids);
}

/* GObject ------------------------------------------------------------------ */

static void
interleave_compare_job_dispose (GObject *object)
{
  InterleaveCompareJob *self = INTERLEAVE_COMPARE_JOB (object);

  g_cancellable_cancel (self->cancellable);

  /* Dropping a session stops its server. */
  if (self->sweep_session != NULL)
    g_signal_handlers_disconnect_by_data (self->sweep_session, self);
  g_clear_object (&self->sweep_session);
  for (guint i = 0; self->archs != NULL && i < self->scenario->n_architectures; i++)
    if (self->archs[i].session != NULL)
      {
        g_signal_handlers_disconnect_by_data (self->archs[i].session, self);
        g_clear_object (&self->archs[i].session);
      }

  G_OBJECT_CLASS (interleave_compare_job_parent_class)->dispose (object);
}

static void
interleave_compare_job_finalize (GObject *object)
{
  InterleaveCompareJob *self = INTERLEAVE_COMPARE_JOB (object);

  for (guint i = 0; self->archs != NULL && i < self->scenario->n_architectures; i++)
    arch_clear (&self->archs[i]);
  g_clear_pointer (&self->archs, g_free);
  g_clear_pointer (&self->scenario, interleave_scenario_free);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->pids, g_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->plan);
  g_free (self->plan_problem);
  g_free (self->step_text);

  G_OBJECT_CLASS (interleave_compare_job_parent_class)->finalize (object);
}

static void
interleave_compare_job_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  InterleaveCompareJob *self = INTERLEAVE_COMPARE_JOB (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_compare_job_class_init (InterleaveCompareJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = interleave_compare_job_dispose;
  object_class->finalize = interleave_compare_job_finalize;
  object_class->get_property = interleave_compare_job_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TRACES_CHANGED] =
    g_signal_new ("traces-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DELTA] =
    g_signal_new ("delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  /**
   * InterleaveCompareJob::finished:
   * @error: (nullable): why the job failed as a whole
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
interleave_compare_job_init (InterleaveCompareJob *self)
{
  self->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  self->pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();
}
