/* interleave-simulation-run.c
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

#include "interleave-simulation.h"
#include "interleave-simulation-run.h"

/* One simulation of a scenario's architectures (up to a maximum), each on
 * its own worker thread, cut into small deltas (a few thousand events).
 * The main thread merges them into the traces a few milliseconds at a
 * time, so the UI keeps drawing however fast the simulator is. Cancelling
 * drops every delta still to come; the run is freed once the worker
 * threads have let go of it. */

/* Small deltas: merging one must fit in a frame. */
#define DELTA_SIMULATED_NS (5 * G_GINT64_CONSTANT (1000000))
#define DELTA_EVENTS       3000
#define POLL_MS            2

#define MERGE_BUDGET_US 3000

/* Above the frame clock (GDK_PRIORITY_REDRAW is G_PRIORITY_HIGH_IDLE + 20),
 * so merging is not starved when frames take long; with a pause between
 * batches, so frames are not starved either. */
#define MERGE_PRIORITY  (G_PRIORITY_HIGH_IDLE + 10)
#define MERGE_PAUSE_MS  1

struct _InterleaveSimulationRun
{
  GObject              parent_instance;

  GAsyncQueue         *incoming;     /* Pending, from the worker threads */
  InterleaveScenario  *scenario;
  GCancellable        *cancellable;
  GPtrArray           *traces;       /* InterleaveTrace */
  GPtrArray           *summaries;    /* InterleaveSummary, NULL until done */
  GQueue               pending;      /* struct Pending */
  GError              *error;
  guint                merge_source;
  guint                n_running;
  gint64               longest_merge;
  guint                started : 1;
};

typedef struct
{
  guint            index;
  InterleaveTrace *delta;
} Pending;

typedef struct
{
  InterleaveSimulationRun *run;
  GThread                 *ui_thread; /* where the run was started */
  guint                    index;
  InterleaveSummary       *summary;  /* set by the worker */
} Closure;

enum {
  UPDATED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InterleaveSimulationRun, interleave_simulation_run, G_TYPE_OBJECT)

/**
 * interleave_simulation_run_new:
 * @scenario: a valid scenario; copied
 * @max_architectures: simulate at most this many of its architectures
 */
InterleaveSimulationRun *
interleave_simulation_run_new (const InterleaveScenario *scenario,
                               guint                     max_architectures)
{
  InterleaveSimulationRun *self;
  guint n;

  g_return_val_if_fail (scenario != NULL, NULL);

  self = g_object_new (INTERLEAVE_TYPE_SIMULATION_RUN, NULL);
  self->scenario = interleave_scenario_copy (scenario);
  n = MIN (scenario->n_architectures, MAX (1, max_architectures));

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (self->traces, interleave_trace_new (scenario->architectures[i].name,
                                                           scenario->cores, scenario->window_ns));
      g_ptr_array_add (self->summaries, NULL);
    }

  return self;
}

static gboolean
unref_run (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
closure_free (gpointer data)
{
  Closure *closure = data;

  /* A task may be freed on its worker thread (when the worker lets go of
   * it last). The run is a UI object: its last reference must go on the
   * UI thread, so its dispose never runs on a worker (found by TSan). */
  if (g_thread_self () == closure->ui_thread)
    g_object_unref (closure->run);
  else
    g_idle_add_full (G_PRIORITY_DEFAULT, unref_run, closure->run, NULL);
  g_free (closure);
}

static void schedule_merge (InterleaveSimulationRun *self,
                            guint                    delay_ms);

static gboolean
merge_some (gpointer data)
{
  InterleaveSimulationRun *self = data;
  gint64 start = g_get_monotonic_time ();
  gboolean merged = FALSE;
  Pending *item;

  while ((item = g_async_queue_try_pop (self->incoming)) != NULL)
    g_queue_push_tail (&self->pending, item);

  /* A few milliseconds of merging, then let the frame be drawn. */
  while ((item = g_queue_pop_head (&self->pending)) != NULL)
    {
      interleave_trace_merge (g_ptr_array_index (self->traces, item->index), item->delta);
      interleave_trace_free (item->delta);
      g_free (item);
      merged = TRUE;

      if (g_get_monotonic_time () - start > MERGE_BUDGET_US)
        break;
    }

  self->longest_merge = MAX (self->longest_merge, g_get_monotonic_time () - start);

  if (merged)
    g_signal_emit (self, signals[UPDATED], 0);

  self->merge_source = 0;

  if (g_queue_is_empty (&self->pending) && self->n_running == 0 &&
      g_async_queue_length (self->incoming) == 0)
    g_signal_emit (self, signals[FINISHED], 0);
  else
    /* More to merge, or workers still simulating: look again soon. */
    schedule_merge (self, g_queue_is_empty (&self->pending) ? POLL_MS : MERGE_PAUSE_MS);

  return G_SOURCE_REMOVE;
}

static void
schedule_merge (InterleaveSimulationRun *self,
                guint                    delay_ms)
{
  if (self->merge_source == 0)
    {
      self->merge_source = g_timeout_add_full (MERGE_PRIORITY, delay_ms, merge_some,
                                               g_object_ref (self), g_object_unref);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->merge_source),
                                "[interleave] merge deltas");
    }
}

/* On a worker thread. */
static void
delta_cb (InterleaveTrace *delta,
          gpointer         user_data)
{
  Closure *closure = user_data;
  Pending *item;

  if (g_cancellable_is_cancelled (closure->run->cancellable))
    {
      interleave_trace_free (delta);
      return;
    }

  item = g_new0 (Pending, 1);
  item->index = closure->index;
  item->delta = delta;
  g_async_queue_push (closure->run->incoming, item);
}

static void
simulate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Closure *closure = task_data;
  g_autoptr(InterleaveSimulation) sim = NULL;
  g_autoptr(GError) error = NULL;

  sim = interleave_simulation_new (closure->run->scenario, closure->index);
  interleave_simulation_set_delta_interval (sim, DELTA_SIMULATED_NS, DELTA_EVENTS);

  if (!interleave_simulation_run (sim, delta_cb, closure, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  closure->summary = interleave_simulation_get_summary (sim);
  g_task_return_boolean (task, TRUE);
}

static void
closure_free_all (gpointer data)
{
  Closure *closure = data;

  g_clear_pointer (&closure->summary, interleave_summary_free);
  closure_free (closure);
}

/* Back on the main thread, once a worker is done. */
static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  InterleaveSimulationRun *self = INTERLEAVE_SIMULATION_RUN (object);
  Closure *closure = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  self->n_running--;

  if (closure->summary != NULL && !g_cancellable_is_cancelled (self->cancellable))
    g_ptr_array_index (self->summaries, closure->index) = g_steal_pointer (&closure->summary);

  if (error != NULL && self->error == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_steal_pointer (&error);

  /* The merge source finishes the run once the last deltas are in. */
  if (!g_cancellable_is_cancelled (self->cancellable))
    schedule_merge (self, 0);
}

/**
 * interleave_simulation_run_start:
 *
 * Starts one worker thread per architecture. ::updated is emitted as the
 * traces grow, ::finished once, when every architecture is done (or one
 * failed: see interleave_simulation_run_get_error()).
 */
void
interleave_simulation_run_start (InterleaveSimulationRun *self)
{
  g_return_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;

  for (guint i = 0; i < self->traces->len; i++)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, done_cb, NULL);
      Closure *closure = g_new0 (Closure, 1);

      closure->run = g_object_ref (self);
      closure->ui_thread = g_thread_self ();
      closure->index = i;
      self->n_running++;

      g_task_set_task_data (task, closure, closure_free_all);
      g_task_set_source_tag (task, interleave_simulation_run_start);
      g_task_run_in_thread (task, simulate_thread);
    }

  schedule_merge (self, POLL_MS);
}

/**
 * interleave_simulation_run_cancel:
 *
 * Stops the worker threads and drops what they still send. No signal is
 * emitted after this.
 */
void
interleave_simulation_run_cancel (InterleaveSimulationRun *self)
{
  Pending *item;

  g_return_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->merge_source, g_source_remove);

  while ((item = g_queue_pop_head (&self->pending)) != NULL)
    {
      interleave_trace_free (item->delta);
      g_free (item);
    }
  while ((item = g_async_queue_try_pop (self->incoming)) != NULL)
    {
      interleave_trace_free (item->delta);
      g_free (item);
    }
}

gboolean
interleave_simulation_run_is_finished (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), FALSE);

  return self->started && self->n_running == 0 && g_queue_is_empty (&self->pending) &&
         g_async_queue_length (self->incoming) == 0 && self->merge_source == 0;
}

const GError *
interleave_simulation_run_get_error (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), NULL);

  return self->error;
}

const InterleaveScenario *
interleave_simulation_run_get_scenario (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), NULL);

  return self->scenario;
}

guint
interleave_simulation_run_get_n_traces (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), 0);

  return self->traces->len;
}

/**
 * interleave_simulation_run_get_traces:
 *
 * Returns: (array length=n_traces) (transfer none): the traces so far
 */
const InterleaveTrace * const *
interleave_simulation_run_get_traces (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), NULL);

  return (const InterleaveTrace * const *) self->traces->pdata;
}

/**
 * interleave_simulation_run_get_summaries:
 *
 * Returns: (array length=n_traces) (transfer none): each architecture's
 *   summary, %NULL until it is done
 */
const InterleaveSummary * const *
interleave_simulation_run_get_summaries (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), NULL);

  return (const InterleaveSummary * const *) self->summaries->pdata;
}

/**
 * interleave_simulation_run_get_simulated_until:
 *
 * Returns: the time every architecture has been simulated to (and
 *   merged): playback may not go past it
 */
gint64
interleave_simulation_run_get_simulated_until (InterleaveSimulationRun *self)
{
  gint64 until = G_MAXINT64;

  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), 0);

  if (interleave_simulation_run_is_finished (self))
    return self->scenario->duration_ns;

  for (guint i = 0; i < self->traces->len; i++)
    until = MIN (until, ((const InterleaveTrace *) g_ptr_array_index (self->traces, i))->end);

  return self->traces->len > 0 ? until : 0;
}

gint64
interleave_simulation_run_get_duration (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), 0);

  return self->scenario->duration_ns;
}

/**
 * interleave_simulation_run_get_longest_merge:
 *
 * Returns: µs: the longest the main thread spent merging deltas at once
 */
gint64
interleave_simulation_run_get_longest_merge (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), 0);

  return self->longest_merge;
}

static void
interleave_simulation_run_dispose (GObject *object)
{
  InterleaveSimulationRun *self = INTERLEAVE_SIMULATION_RUN (object);

  interleave_simulation_run_cancel (self);

  G_OBJECT_CLASS (interleave_simulation_run_parent_class)->dispose (object);
}

static void
interleave_simulation_run_finalize (GObject *object)
{
  InterleaveSimulationRun *self = INTERLEAVE_SIMULATION_RUN (object);

  g_clear_pointer (&self->scenario, interleave_scenario_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->traces, g_ptr_array_unref);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->incoming, g_async_queue_unref);

  G_OBJECT_CLASS (interleave_simulation_run_parent_class)->finalize (object);
}

static void
interleave_simulation_run_class_init (InterleaveSimulationRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = interleave_simulation_run_dispose;
  object_class->finalize = interleave_simulation_run_finalize;

  /**
   * InterleaveSimulationRun::updated:
   *
   * The traces grew.
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * InterleaveSimulationRun::finished:
   *
   * Every architecture is simulated and merged, or one failed.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
interleave_simulation_run_init (InterleaveSimulationRun *self)
{
  self->cancellable = g_cancellable_new ();
  self->traces = g_ptr_array_new_with_free_func ((GDestroyNotify) interleave_trace_free);
  self->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) interleave_summary_free);
  g_queue_init (&self->pending);
  self->incoming = g_async_queue_new ();
}
