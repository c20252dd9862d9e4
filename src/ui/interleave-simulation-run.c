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
 * its own worker thread. Deltas arrive on the main context and are merged
 * into the traces a little at a time, a few milliseconds per main-loop
 * iteration, so the UI keeps drawing however fast the simulator is.
 * Cancelling drops every delta still to come; the run is freed once the
 * worker threads have let go of it. */

#define MERGE_BUDGET_US 3000

/* Above the frame clock (GDK_PRIORITY_REDRAW is G_PRIORITY_HIGH_IDLE + 20),
 * so merging is not starved when frames take long; with a pause between
 * batches, so frames are not starved either. */
#define MERGE_PRIORITY  (G_PRIORITY_HIGH_IDLE + 10)
#define MERGE_PAUSE_MS  1

struct _InterleaveSimulationRun
{
  GObject              parent_instance;

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
  guint                    index;
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

static void
closure_free (gpointer data)
{
  Closure *closure = data;

  g_object_unref (closure->run);
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

  if (g_queue_is_empty (&self->pending))
    {
      if (self->n_running == 0)
        g_signal_emit (self, signals[FINISHED], 0);
    }
  else
    schedule_merge (self, MERGE_PAUSE_MS);

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

static void
delta_cb (InterleaveTrace *delta,
          gpointer         user_data)
{
  Closure *closure = user_data;
  InterleaveSimulationRun *self = closure->run;
  Pending *item;

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      interleave_trace_free (delta);
      return;
    }

  item = g_new0 (Pending, 1);
  item->index = closure->index;
  item->delta = delta;
  g_queue_push_tail (&self->pending, item);
  schedule_merge (self, 0);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree Closure *closure = user_data;
  g_autoptr(InterleaveSimulationRun) self = closure->run;
  g_autoptr(GError) error = NULL;
  InterleaveSummary *summary;

  summary = interleave_simulate_finish (result, &error);
  self->n_running--;

  if (summary != NULL && !g_cancellable_is_cancelled (self->cancellable))
    g_ptr_array_index (self->summaries, closure->index) = summary;
  else
    g_clear_pointer (&summary, interleave_summary_free);

  if (error != NULL && self->error == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_steal_pointer (&error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* Deltas still waiting to be merged finish the run when they are. */
  if (self->n_running == 0 && self->merge_source == 0)
    g_signal_emit (self, signals[FINISHED], 0);
  else if (self->n_running == 0)
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
      Closure *deltas = g_new0 (Closure, 1);
      Closure *done = g_new0 (Closure, 1);

      deltas->run = g_object_ref (self);
      deltas->index = i;
      done->run = g_object_ref (self);
      done->index = i;
      self->n_running++;

      interleave_simulate_async (self->scenario, i, delta_cb, deltas, closure_free,
                                 self->cancellable, done_cb, done);
    }
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
}

gboolean
interleave_simulation_run_is_finished (InterleaveSimulationRun *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SIMULATION_RUN (self), FALSE);

  return self->started && self->n_running == 0 && g_queue_is_empty (&self->pending);
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
}
