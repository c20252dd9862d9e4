/* interleave-fidelity-runner.c
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

#define G_LOG_DOMAIN "interleave-live"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "interleave-calibrator.h"
#include "interleave-fidelity-runner.h"
#include "interleave-measure-task-private.h"
#include "interleave-server-model.h"
#include "interleave-simulation.h"

#define MS G_GINT64_CONSTANT (1000000)
#define SEC G_GINT64_CONSTANT (1000000000)

#define NO_CELL          G_MAXUINT          /* a work item that only measures the saturation */
#define START_WEIGHT     1.0                /* seconds a server start is worth in the progress */
#define CALIBRATE_WEIGHT 6.5
#define SIM_TAIL_NS      (1 * SEC)          /* simulated past the window, so its requests finish */
#define OPEN_CONNECTIONS 64                 /* the load generator's pool for open loops */
#define NATIVE_DURING_MIN_REQUESTS 20
#define NATIVE_DURING_MIN_CPU_NS   (500 * MS)  /* 50 of /proc's 10 ms ticks */
#define HOST_SLOWDOWN_STEP_NS      (250 * MS)  /* 25 ticks of a core: a few % */
#define HOST_SLOWDOWN_MIN_DONE     10          /* requests a step needs to tell its cost */
#define HOST_SLOWDOWN_MIN_WORK_NS  (1 * MS)    /* cpu + native per request worth following */
#define DELIVERY_MIN_SAMPLES       30          /* requests that found their worker idle */
#define DELIVERY_MAX_IDLE_NS       (1 * MS)    /* longer idle: its core may sleep (idle_wake) */
#define NATIVE_FACTOR_MIN          0.1         /* what a calibration profile accepts */
#define NATIVE_FACTOR_MAX          10.0

/* One server and the plans its cells ask for, in the order they first
 * appear in the matrix. */
typedef struct
{
  char      *server;
  GPtrArray *plans;   /* PlanWork */
} Group;

typedef struct
{
  char   *plan;
  GArray *items;      /* guint: cell index, or NO_CELL for a saturation run */
} PlanWork;

struct _InterleaveFidelityRunner
{
  GObject                      parent_instance;

  InterleaveFidelityMatrix    *matrix;
  InterleaveFidelityCell      *cells;
  char                        *node_path;
  char                        *python_path;
  gboolean                     keep_traces;
  GPtrArray                   *warnings;
  double                       parallelism;

  /* a run */
  GTask                       *task;
  GPtrArray                   *groups;
  GPtrArray                   *profiles;      /* the user's, for calibration "profile" */
  guint                        group;
  guint                        plan;
  guint                        item;
  InterleaveServerPreset      *preset;
  InterleaveServer            *server;
  gboolean                     calibrated;
  InterleaveCalibrationServer  calibration;
  double                       calibration_background;
  gint64                       timeslice;       /* ns, 0 when not known */
  gint64                       tick;            /* the scheduler tick, ns, 0 when not known */
  guint                        calibrations;    /* attempts for the current server */
  double                       saturation;
  double                       done_weight;
  double                       total_weight;
  double                       item_weight;
  char                        *message;
  GError                      *error;         /* kept while the server stops */

  /* waiting for a quiet machine */
  guint                        quiet_id;
  gint64                       quiet_since;     /* µs, when the wait began */
  gint64                       quiet_wall;      /* µs, last sample */
  gint64                       quiet_busy;
  gint64                       quiet_self;
  void                       (*quiet_then) (InterleaveFidelityRunner *self);

  /* the measurement in progress */
  gint64                       wall_before;
  gint64                       busy_before;
  gint64                       self_before;
};

G_DEFINE_FINAL_TYPE (InterleaveFidelityRunner, interleave_fidelity_runner, G_TYPE_OBJECT)

enum {
  PROGRESS,
  CELL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
group_free (gpointer data)
{
  Group *group = data;

  g_free (group->server);
  g_ptr_array_unref (group->plans);
  g_free (group);
}

static void
plan_work_free (gpointer data)
{
  PlanWork *work = data;

  g_free (work->plan);
  g_array_unref (work->items);
  g_free (work);
}

static void
cell_clear (InterleaveFidelityCell *cell)
{
  g_clear_pointer (&cell->error, g_free);
  g_clear_object (&cell->measurement);
  g_clear_pointer (&cell->simulated_trace, interleave_trace_free);
  interleave_calibration_server_clear (&cell->calibration);
  g_clear_pointer (&cell->host_slowdown, g_array_unref);
}

static void
interleave_fidelity_runner_finalize (GObject *object)
{
  InterleaveFidelityRunner *self = (InterleaveFidelityRunner *)object;

  for (guint i = 0; i < self->matrix->n_cells; i++)
    cell_clear (&self->cells[i]);
  g_free (self->cells);
  g_clear_pointer (&self->matrix, interleave_fidelity_matrix_free);
  g_free (self->node_path);
  g_free (self->python_path);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->preset, interleave_server_preset_free);
  g_clear_object (&self->server);
  interleave_calibration_server_clear (&self->calibration);
  g_free (self->message);
  g_clear_error (&self->error);
  g_clear_handle_id (&self->quiet_id, g_source_remove);

  G_OBJECT_CLASS (interleave_fidelity_runner_parent_class)->finalize (object);
}

static void
interleave_fidelity_runner_class_init (InterleaveFidelityRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = interleave_fidelity_runner_finalize;

  /**
   * InterleaveFidelityRunner::progress:
   * @self: the runner
   * @fraction: 0…1 of the whole matrix (estimated from the durations)
   * @message: what it does now, for people
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);

  /**
   * InterleaveFidelityRunner::cell-finished:
   * @self: the runner
   * @index: the cell (interleave_fidelity_runner_get_cell())
   */
  signals[CELL_FINISHED] =
    g_signal_new ("cell-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
interleave_fidelity_runner_init (InterleaveFidelityRunner *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->parallelism = NAN;
}

/**
 * interleave_fidelity_runner_new:
 * @matrix: the matrix to run; copied
 *
 * Returns: (transfer full): a runner
 */
InterleaveFidelityRunner *
interleave_fidelity_runner_new (const InterleaveFidelityMatrix *matrix)
{
  InterleaveFidelityRunner *self;

  g_return_val_if_fail (matrix != NULL, NULL);

  self = g_object_new (INTERLEAVE_TYPE_FIDELITY_RUNNER, NULL);
  self->matrix = interleave_fidelity_matrix_copy (matrix);
  self->cells = g_new0 (InterleaveFidelityCell, MAX (matrix->n_cells, 1));
  for (guint i = 0; i < matrix->n_cells; i++)
    {
      self->cells[i].spec = self->matrix->cells[i];
      self->cells[i].rate = NAN;
      self->cells[i].background = NAN;
      self->cells[i].calibration_background = NAN;
      self->cells[i].native_factor_before = NAN;
      self->cells[i].delivery_jitter_ns = -1;
    }

  return self;
}

const InterleaveFidelityMatrix *
interleave_fidelity_runner_get_matrix (InterleaveFidelityRunner *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self), NULL);

  return self->matrix;
}

void
interleave_fidelity_runner_set_node_path (InterleaveFidelityRunner *self,
                                          const char               *node_path)
{
  g_return_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self));

  g_free (self->node_path);
  self->node_path = g_strdup (node_path);
}

void
interleave_fidelity_runner_set_python_path (InterleaveFidelityRunner *self,
                                            const char               *python_path)
{
  g_return_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self));

  g_free (self->python_path);
  self->python_path = g_strdup (python_path);
}

/**
 * interleave_fidelity_runner_set_keep_traces:
 * @self: a runner
 * @keep_traces: keep each cell's measurement (with its trace) and its
 *   simulated trace with spans, for a view that draws them; without it
 *   only the figures are kept
 */
void
interleave_fidelity_runner_set_keep_traces (InterleaveFidelityRunner *self,
                                            gboolean                  keep_traces)
{
  g_return_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self));
  g_return_if_fail (self->task == NULL);

  self->keep_traces = !!keep_traces;
}

/* ------------------------------------------------------------------------
 * Figures.
 */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least q of them at or below. */
static double
percentile_ms (const GArray *sorted,
               double        q)
{
  guint rank;

  if (sorted->len == 0)
    return NAN;
  rank = (guint) ceil (q * sorted->len);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, gint64, rank - 1) / 1e6;
}

/**
 * interleave_fidelity_figures_compute:
 * @samples: (array length=n_samples): requests
 * @n_samples: their number
 * @from: start of the window, ns
 * @to: its end, ns
 * @figures: (out caller-allocates): the figures
 *
 * Latencies of the requests sent in [@from, @to] that succeeded;
 * throughput of the successes done in that window. The same function
 * reads the measured and the simulated requests.
 */
void
interleave_fidelity_figures_compute (const InterleaveFidelitySample *samples,
                                     guint                           n_samples,
                                     gint64                          from,
                                     gint64                          to,
                                     InterleaveFidelityFigures      *figures)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint64 done_in_window = 0;
  double sum = 0.0;

  g_return_if_fail (samples != NULL || n_samples == 0);
  g_return_if_fail (to > from);
  g_return_if_fail (figures != NULL);

  memset (figures, 0, sizeof *figures);

  for (guint i = 0; i < n_samples; i++)
    {
      const InterleaveFidelitySample *s = &samples[i];

      if (s->ok && s->done >= from && s->done <= to)
        done_in_window++;
      if (s->start < from || s->start > to)
        continue;
      if (!s->ok)
        {
          figures->errors++;
          continue;
        }
      g_array_append_val (latencies, (gint64) { s->done - s->start });
      sum += s->done - s->start;
    }

  g_array_sort (latencies, compare_gint64);
  figures->completed = latencies->len;
  figures->throughput = done_in_window / ((to - from) / 1e9);
  figures->mean_ms = latencies->len > 0 ? sum / latencies->len / 1e6 : NAN;
  figures->p50_ms = percentile_ms (latencies, 0.50);
  figures->p99_ms = percentile_ms (latencies, 0.99);
}

/**
 * interleave_fidelity_native_factor_during:
 * @server_cpu_ns: CPU time every server process used over a run
 * @completed: requests the server answered in that run
 * @plan: what each request did
 * @calibration: the server's calibration (overhead, cost of a cpu ms)
 *
 * The cost of a requested millisecond of native work during a run: the
 * server's CPU per request, less the calibrated per-request overhead and
 * interpreted work, per native millisecond the plan asked for. CPU time
 * is what the work cost, however long it waited for a core.
 *
 * Returns: the cost, or NAN when the run cannot tell it (no native work,
 *   too few requests, too little CPU for /proc's 10 ms ticks, or a
 *   result no machine gives)
 */
double
interleave_fidelity_native_factor_during (gint64                             server_cpu_ns,
                                          guint64                            completed,
                                          const InterleavePlan              *plan,
                                          const InterleaveCalibrationServer *calibration)
{
  gint64 native_ns, cpu_ns;
  double per_request, factor;

  g_return_val_if_fail (plan != NULL, NAN);
  g_return_val_if_fail (calibration != NULL, NAN);

  native_ns = interleave_plan_kind_mean_ns (plan, INTERLEAVE_PHASE_NATIVE);
  cpu_ns = interleave_plan_kind_mean_ns (plan, INTERLEAVE_PHASE_CPU);
  if (native_ns <= 0 || completed < NATIVE_DURING_MIN_REQUESTS || server_cpu_ns < NATIVE_DURING_MIN_CPU_NS)
    return NAN;

  per_request = (double) server_cpu_ns / completed;
  factor = (per_request - calibration->overhead_ns - calibration->cpu_factor * cpu_ns) / native_ns;
  if (!(factor >= NATIVE_FACTOR_MIN && factor <= NATIVE_FACTOR_MAX))
    return NAN;
  return factor;
}

/* Spreads @cpu_ns, used from @from to @to, over the steps it covers. */
static void
spread_over_steps (double *cpu_ns,
                   guint   n_steps,
                   gint64  step_ns,
                   gint64  from,
                   gint64  to,
                   double  used_ns)
{
  for (gint64 t = MAX (from, 0); t < to; )
    {
      gint64 k = t / step_ns;
      gint64 end = MIN (to, (k + 1) * step_ns);

      if (k >= n_steps)
        break;
      cpu_ns[k] += used_ns * (end - t) / (to - from);
      t = end;
    }
}

/**
 * interleave_fidelity_host_slowdown:
 * @samples: the server's CPU per process, as a measurement samples it
 * @n_samples: how many
 * @done: when each answered request was done (ns on the same timeline)
 * @n_done: how many
 * @duration_ns: the run
 * @step_ns: the span of each factor
 *
 * How much longer than usual a request's CPU work took in each @step_ns
 * of a run: the server's CPU time per answered request in that step,
 * over the same for the whole run. A virtual machine's host can slow it
 * by a third for seconds; a twin given these factors (machine.slowdown)
 * sees the same slow and fast spells. A step with too few requests to
 * tell gets 1; factors stay within 0.5 … 2.
 *
 * Returns: (transfer full) (nullable): a double per step, or %NULL when
 *   the run cannot tell (no CPU, too few requests)
 */
GArray *
interleave_fidelity_host_slowdown (const InterleaveProcessSample *samples,
                                   guint                          n_samples,
                                   const gint64                  *done,
                                   guint                          n_done,
                                   gint64                         duration_ns,
                                   gint64                         step_ns)
{
  g_autofree double *cpu_ns = NULL;
  g_autofree guint *count = NULL;
  g_autoptr(GArray) factors = NULL;
  double cpu_total = 0, done_total = 0, mean;
  gint64 previous = 0;
  guint n_steps;

  g_return_val_if_fail (samples != NULL || n_samples == 0, NULL);
  g_return_val_if_fail (done != NULL || n_done == 0, NULL);
  g_return_val_if_fail (step_ns > 0, NULL);

  if (duration_ns < step_ns)
    return NULL;
  n_steps = (guint) MIN (duration_ns / step_ns, INTERLEAVE_SCENARIO_MAX_SLOWDOWN_STEPS);
  cpu_ns = g_new0 (double, n_steps);
  count = g_new0 (guint, n_steps);

  /* Samples come in batches, one per process, each holding the cores it
   * used since the batch before (the first: since the run started). */
  for (guint i = 0, batch = 0; i < n_samples; i++)
    {
      const InterleaveProcessSample *sample = &samples[i];

      if (sample->time != samples[batch].time)
        {
          previous = samples[batch].time;
          batch = i;
        }
      if (sample->time > previous && sample->cpu > 0)
        spread_over_steps (cpu_ns, n_steps, step_ns, previous, sample->time, sample->cpu * (sample->time - previous));
    }

  for (guint i = 0; i < n_done; i++)
    if (done[i] >= 0 && done[i] / step_ns < n_steps)
      count[done[i] / step_ns]++;

  for (guint k = 0; k < n_steps; k++)
    if (count[k] >= HOST_SLOWDOWN_MIN_DONE)
      {
        cpu_total += cpu_ns[k];
        done_total += count[k];
      }
  if (cpu_total <= 0 || done_total < HOST_SLOWDOWN_MIN_DONE * 2)
    return NULL;

  mean = cpu_total / done_total;
  factors = g_array_sized_new (FALSE, FALSE, sizeof (double), n_steps);
  for (guint k = 0; k < n_steps; k++)
    {
      double factor = count[k] >= HOST_SLOWDOWN_MIN_DONE ? CLAMP (cpu_ns[k] / count[k] / mean, 0.5, 2.0) : 1.0;

      g_array_append_val (factors, factor);
    }

  return g_steal_pointer (&factors);
}

static gint
compare_delivery (gconstpointer a,
                  gconstpointer b)
{
  const InterleaveFidelityDelivery *x = a, *y = b;

  if (x->pid != y->pid)
    return x->pid < y->pid ? -1 : 1;
  return (x->handler_start > y->handler_start) - (x->handler_start < y->handler_start);
}

/**
 * interleave_fidelity_delivery_jitter:
 * @requests: (array length=n_requests): answered requests: when each was
 *   sent, when and how long its worker's handler ran; sorted in place
 * @n_requests: how many
 *
 * How much later than the quickest a request reaches the server, or its
 * response the load generator, under the cell's own load. On the way
 * there the server's queue is left out: only requests whose worker
 * process had finished the one before when they were sent (and not long
 * before, or its core may have fallen asleep, which idle_wake models)
 * count; on the way back, from the end of the handler to the response
 * read, every request counts. For each way, the mean of an exponential
 * delay over its fastest 5 %, the slowest 1 % left out; the result is
 * the mean of the two, each weighted by its requests.
 *
 * Returns: the mean delay in ns, or -1 when fewer than 30 requests found
 *   their worker idle
 */
/* The mean of an exponential delay over the fastest 5 % of @delays
 * (sorted here), the slowest 1 % left out. */
static double
excess_over_fastest (GArray *delays)
{
  gint64 floor_ns;
  double sum = 0;
  guint top;

  g_array_sort (delays, compare_gint64);
  floor_ns = g_array_index (delays, gint64, delays->len / 20);
  top = delays->len - delays->len / 100;
  for (guint i = 0; i < top; i++)
    sum += g_array_index (delays, gint64, i);

  /* Over its 5th percentile an exponential's mean is 95 % of its own. */
  return MAX (0.0, (sum / top - floor_ns) / 0.95);
}

gint64
interleave_fidelity_delivery_jitter (InterleaveFidelityDelivery *requests,
                                     guint                       n_requests)
{
  g_autoptr(GArray) there = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) back = g_array_new (FALSE, FALSE, sizeof (gint64));
  double jitter;

  g_return_val_if_fail (requests != NULL || n_requests == 0, -1);

  qsort (requests, n_requests, sizeof *requests, compare_delivery);
  for (guint i = 0; i < n_requests; i++)
    {
      const InterleaveFidelityDelivery *r = &requests[i];
      gint64 handler_end = r->handler_start + r->handler_dur;

      if (r->done >= handler_end)
        g_array_append_val (back, (gint64) { r->done - handler_end });
      if (i > 0 && requests[i - 1].pid == r->pid && r->handler_start >= r->sent)
        {
          gint64 free_at = requests[i - 1].handler_start + requests[i - 1].handler_dur;

          if (free_at <= r->sent && r->sent - free_at <= DELIVERY_MAX_IDLE_NS)
            g_array_append_val (there, (gint64) { r->handler_start - r->sent });
        }
    }
  if (there->len < DELIVERY_MIN_SAMPLES || back->len < DELIVERY_MIN_SAMPLES)
    return -1;

  jitter = (excess_over_fastest (there) * there->len + excess_over_fastest (back) * back->len) /
           (there->len + back->len);
  return CLAMP ((gint64) llround (jitter), 0, 10 * MS);
}

/* Returns: (simulated − measured) / measured, NAN when undefined */
double
interleave_fidelity_relative_error (double simulated,
                                    double measured)
{
  if (!isfinite (simulated) || !isfinite (measured) || measured <= 0)
    return NAN;
  return (simulated - measured) / measured;
}

static void
measured_figures (InterleaveFidelityRunner  *self,
                  InterleaveMeasurement     *measurement,
                  InterleaveFidelityFigures *figures)
{
  guint n = interleave_measurement_get_n_records (measurement);
  g_autofree InterleaveFidelitySample *samples = g_new (InterleaveFidelitySample, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const InterleaveLiveRecord *record = interleave_measurement_get_record (measurement, i);

      samples[i].start = record->intended;
      samples[i].done = record->done;
      samples[i].ok = record->error == INTERLEAVE_LIVE_ERROR_NONE;
    }

  interleave_fidelity_figures_compute (samples, n, self->matrix->warmup_ns, self->matrix->duration_ns, figures);
}

static void
simulated_figures (const InterleaveTrace     *trace,
                   gint64                     from,
                   gint64                     to,
                   InterleaveFidelityFigures *figures)
{
  guint n = trace->requests->len;
  g_autofree InterleaveFidelitySample *samples = g_new (InterleaveFidelitySample, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const InterleaveRequest *request = &g_array_index (trace->requests, InterleaveRequest, i);

      samples[i].start = request->arrival;
      samples[i].done = request->done;
      samples[i].ok = request->status == INTERLEAVE_REQUEST_COMPLETED;
    }

  interleave_fidelity_figures_compute (samples, n, from, to, figures);
}

/* ------------------------------------------------------------------------
 * Progress.
 */

static void
emit_progress (InterleaveFidelityRunner *self,
               double                    current,
               const char               *message)
{
  double fraction = self->total_weight > 0 ? (self->done_weight + current) / self->total_weight : 0.0;

  if (message != NULL && message != self->message)
    {
      g_free (self->message);
      self->message = g_strdup (message);
    }

  g_signal_emit (self, signals[PROGRESS], 0, CLAMP (fraction, 0.0, 1.0), self->message != NULL ? self->message : "");
}

static char *
describe_cell (const InterleaveFidelityCell *cell)
{
  g_autofree char *load = interleave_fidelity_load_to_string (&cell->spec.load);

  return g_strdup_printf ("%s  %s  %s", cell->spec.server, cell->spec.plan, load);
}

/* ------------------------------------------------------------------------
 * The run: servers one after the other, their plans, their cells.
 */

static void next_group (InterleaveFidelityRunner *self);
static void next_plan (InterleaveFidelityRunner *self);
static void next_item (InterleaveFidelityRunner *self);
static void measure_cell (InterleaveFidelityRunner *self);
static void start_native_recalibration (InterleaveFidelityRunner *self);
static void finish (InterleaveFidelityRunner *self, GError *error);

static gboolean
check_cancelled (InterleaveFidelityRunner *self)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (self->task), &error))
    return FALSE;

  finish (self, error);
  return TRUE;
}

static double
cell_weight (InterleaveFidelityRunner *self)
{
  return self->matrix->duration_ns / 1e9 + 0.3;
}

static void
build_groups (InterleaveFidelityRunner *self)
{
  const InterleaveFidelityMatrix *m = self->matrix;

  self->groups = g_ptr_array_new_with_free_func (group_free);
  self->total_weight = 0.0;

  for (guint i = 0; i < m->n_cells; i++)
    {
      const InterleaveFidelityCellSpec *spec = &m->cells[i];
      Group *group = NULL;
      PlanWork *work = NULL;

      for (guint g = 0; g < self->groups->len && group == NULL; g++)
        if (strcmp (((Group *) g_ptr_array_index (self->groups, g))->server, spec->server) == 0)
          group = g_ptr_array_index (self->groups, g);
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->server = g_strdup (spec->server);
          group->plans = g_ptr_array_new_with_free_func (plan_work_free);
          g_ptr_array_add (self->groups, group);
          self->total_weight += START_WEIGHT;
          if (m->calibration == INTERLEAVE_FIDELITY_CALIBRATION_FRESH)
            self->total_weight += CALIBRATE_WEIGHT;
        }

      for (guint p = 0; p < group->plans->len && work == NULL; p++)
        if (strcmp (((PlanWork *) g_ptr_array_index (group->plans, p))->plan, spec->plan) == 0)
          work = g_ptr_array_index (group->plans, p);
      if (work == NULL)
        {
          work = g_new0 (PlanWork, 1);
          work->plan = g_strdup (spec->plan);
          work->items = g_array_new (FALSE, FALSE, sizeof (guint));
          g_ptr_array_add (group->plans, work);
        }

      g_array_append_val (work->items, i);
      self->total_weight += cell_weight (self);
    }

  /* Within a plan: closed loops first, so that open loops at a share of
   * the saturation can use the one measured with saturation_clients; if
   * none is, measure it first. */
  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);

      for (guint p = 0; p < group->plans->len; p++)
        {
          PlanWork *work = g_ptr_array_index (group->plans, p);
          g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (guint));
          gboolean needs = FALSE, has = FALSE;

          for (guint pass = 0; pass < 2; pass++)
            for (guint k = 0; k < work->items->len; k++)
              {
                guint index = g_array_index (work->items, guint, k);
                const InterleaveFidelityLoad *load = &m->cells[index].load;
                gboolean closed = load->kind == INTERLEAVE_FIDELITY_LOAD_CLOSED;

                if ((pass == 0) != closed)
                  continue;
                if (closed && load->clients == m->saturation_clients)
                  has = TRUE;
                if (load->kind == INTERLEAVE_FIDELITY_LOAD_SATURATION)
                  needs = TRUE;
                g_array_append_val (sorted, index);
              }

          if (needs && !has)
            {
              guint none = NO_CELL;

              g_array_prepend_val (sorted, none);
              self->total_weight += cell_weight (self);
            }

          g_array_set_size (work->items, 0);
          g_array_append_vals (work->items, sorted->data, sorted->len);
        }
    }
}

static Group *
current_group (InterleaveFidelityRunner *self)
{
  return g_ptr_array_index (self->groups, self->group);
}

static PlanWork *
current_plan (InterleaveFidelityRunner *self)
{
  return g_ptr_array_index (current_group (self)->plans, self->plan);
}

/* Every cell of the current server not done yet fails with @message. */
static void
fail_group (InterleaveFidelityRunner *self,
            const char               *message)
{
  Group *group = current_group (self);

  for (guint p = 0; p < group->plans->len; p++)
    {
      PlanWork *work = g_ptr_array_index (group->plans, p);

      for (guint k = 0; k < work->items->len; k++)
        {
          guint index = g_array_index (work->items, guint, k);
          InterleaveFidelityCell *cell;

          if (index == NO_CELL)
            continue;
          cell = &self->cells[index];
          if (cell->done || cell->error != NULL)
            continue;
          cell->error = g_strdup (message);
          /* How busy other programs kept the machine meanwhile. */
          cell->calibration_background = self->calibration_background;
          g_signal_emit (self, signals[CELL_FINISHED], 0, index);
        }
    }
}

static void
server_stopped_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(InterleaveFidelityRunner) self = data;

  interleave_server_stop_finish (INTERLEAVE_SERVER (object), result, NULL);
  g_clear_object (&self->server);

  if (self->error != NULL || self->task == NULL)
    {
      finish (self, g_steal_pointer (&self->error));
      return;
    }

  self->group++;
  next_group (self);
}

static void
stop_server_then_next (InterleaveFidelityRunner *self)
{
  if (self->server != NULL && interleave_server_get_running (self->server))
    {
      interleave_server_stop_async (self->server, NULL, server_stopped_cb, g_object_ref (self));
      return;
    }

  g_clear_object (&self->server);
  if (self->error != NULL)
    {
      finish (self, g_steal_pointer (&self->error));
      return;
    }
  self->group++;
  next_group (self);
}

static void
finish (InterleaveFidelityRunner *self,
        GError                   *error)
{
  g_autoptr(GTask) task = NULL;

  /* Never leave a server behind, cancelled or not. */
  if (self->server != NULL && interleave_server_get_running (self->server))
    {
      g_clear_error (&self->error);
      self->error = error != NULL ? error : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
      interleave_server_stop_async (self->server, NULL, server_stopped_cb, g_object_ref (self));
      return;
    }
  g_clear_object (&self->server);

  task = g_steal_pointer (&self->task);
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      emit_progress (self, 0.0, _("Done"));
      g_task_return_boolean (task, TRUE);
    }
}

/* --- one cell ----------------------------------------------------------- */

typedef struct
{
  InterleaveScenario        *scenario;
  gint64                     from, to;
  gboolean                   keep;
  InterleaveTrace           *trace;
  InterleaveFidelityFigures  figures;
} SimJob;

static void
sim_job_free (gpointer data)
{
  SimJob *job = data;

  interleave_scenario_free (job->scenario);
  g_clear_pointer (&job->trace, interleave_trace_free);
  g_free (job);
}

static void
simulate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SimJob *job = task_data;
  g_autoptr(InterleaveTrace) trace = NULL;
  GError *error = NULL;

  trace = interleave_simulate (job->scenario, 0, cancellable, NULL, &error);
  if (trace == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  simulated_figures (trace, job->from, job->to, &job->figures);
  if (job->keep)
    job->trace = g_steal_pointer (&trace);
  g_task_return_boolean (task, TRUE);
}

static void
judge (InterleaveFidelityRunner *self,
       InterleaveFidelityCell   *cell)
{
  const InterleaveFidelityMatrix *m = self->matrix;

  cell->throughput_error = interleave_fidelity_relative_error (cell->simulated.throughput, cell->measured.throughput);
  cell->p50_error = interleave_fidelity_relative_error (cell->simulated.p50_ms, cell->measured.p50_ms);
  cell->p99_error = interleave_fidelity_relative_error (cell->simulated.p99_ms, cell->measured.p99_ms);
  cell->pass = fabs (cell->throughput_error) <= m->tolerance_throughput &&
               fabs (cell->p50_error) <= m->tolerance_p50;
  cell->p99_pass = fabs (cell->p99_error) <= m->tolerance_p99;
}

static void
simulated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(InterleaveFidelityRunner) self = data;
  g_autoptr(GError) error = NULL;
  SimJob *job = g_task_get_task_data (G_TASK (result));
  guint index = g_array_index (current_plan (self)->items, guint, self->item);
  InterleaveFidelityCell *cell = &self->cells[index];

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish (self, g_steal_pointer (&error));
          return;
        }
      cell->error = g_strdup (error->message);
    }
  else
    {
      cell->simulated = job->figures;
      cell->simulated_trace = g_steal_pointer (&job->trace);
      cell->done = TRUE;
      judge (self, cell);
    }

  g_signal_emit (self, signals[CELL_FINISHED], 0, index);
  self->done_weight += self->item_weight;
  self->item++;
  next_item (self);
}

static void
simulate_cell (InterleaveFidelityRunner *self,
               guint                     index)
{
  InterleaveFidelityCell *cell = &self->cells[index];
  const InterleaveFidelityMatrix *m = self->matrix;
  InterleaveServerModelLoad load = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *what = describe_cell (cell);
  g_autofree char *message = NULL;
  SimJob *job;

  load.closed = cell->spec.load.kind == INTERLEAVE_FIDELITY_LOAD_CLOSED;
  load.clients = cell->spec.load.clients;
  load.rate = cell->rate;
  load.poisson = cell->spec.load.poisson;
  load.connections = OPEN_CONNECTIONS;

  job = g_new0 (SimJob, 1);
  job->from = m->warmup_ns;
  job->to = m->duration_ns;
  job->keep = self->keep_traces;
  job->scenario = interleave_server_model_scenario_new (self->preset, interleave_server_get_info (self->server),
                                                        cell->calibrated ? &cell->calibration : NULL,
                                                        self->calibrated ? self->timeslice : 0,
                                                        cell->spec.plan, &load, m->duration_ns + SIM_TAIL_NS,
                                                        m->seed, self->keep_traces, &error);
  if (job->scenario != NULL && cell->delivery_jitter_ns > 0)
    job->scenario->delivery_jitter_ns = cell->delivery_jitter_ns;
  /* Asked for: an idle core takes a thread queued on a busy one at the
   * scheduler tick, not at once (docs/fidelity.md, "The cells that still
   * miss"). */
  if (job->scenario != NULL && m->balance_at_tick && interleave_fidelity_runner_get_tick (self) > 0)
    job->scenario->balance_interval_ns = interleave_fidelity_runner_get_tick (self);
  if (job->scenario != NULL && cell->host_slowdown != NULL)
    {
      job->scenario->slowdown_step_ns = HOST_SLOWDOWN_STEP_NS;
      job->scenario->n_slowdown = cell->host_slowdown->len;
      job->scenario->slowdown = g_memdup2 (cell->host_slowdown->data, sizeof (double) * cell->host_slowdown->len);
    }
  if (job->scenario == NULL)
    {
      sim_job_free (job);
      cell->error = g_strdup (error->message);
      g_signal_emit (self, signals[CELL_FINISHED], 0, index);
      self->done_weight += self->item_weight;
      self->item++;
      next_item (self);
      return;
    }

  /* Translators: %s is a cell, such as "node:eventloop  cpu:5  20 clients" */
  message = g_strdup_printf (_("%s: simulating"), what);
  emit_progress (self, 0.95 * self->item_weight, message);

  task = g_task_new (NULL, g_task_get_cancellable (self->task), simulated_cb, g_object_ref (self));
  g_task_set_task_data (task, job, sim_job_free);
  g_task_run_in_thread (task, simulate_thread);
}

static void measure_item (InterleaveFidelityRunner *self);

static void
measure_progress_cb (double   fraction,
                     gpointer data)
{
  InterleaveFidelityRunner *self = data;

  emit_progress (self, 0.9 * fraction * self->item_weight, NULL);
}

/* Whether each server is calibrated afresh for this run: then each cell
 * also measures what the host did during it, for its twin. */
static gboolean
calibrated_afresh (InterleaveFidelityRunner *self)
{
  return self->calibrated && self->matrix->calibration == INTERLEAVE_FIDELITY_CALIBRATION_FRESH;
}

/* Whether @plan_text has native work, whose cost the runner measures
 * again just before each cell, when it calibrates each server afresh. */
static gboolean
measures_native_per_cell (InterleaveFidelityRunner *self,
                          const char               *plan_text,
                          InterleavePlan           *plan)
{
  return calibrated_afresh (self) &&
         interleave_plan_parse (plan_text, plan, NULL) &&
         interleave_plan_kind_mean_ns (plan, INTERLEAVE_PHASE_NATIVE) > 0;
}

/* The speed of native work moves on a virtual machine while a cell runs
 * (a pbkdf2 call took 5.0 ms, then 8.3 ms a few seconds later, on an
 * idle machine): its twin is given the cost it had during the cell, from
 * the server's CPU time. What it cost before stays in the report. */
static void
native_cost_during_cell (InterleaveFidelityCell *cell,
                         InterleaveMeasurement  *measurement,
                         const InterleavePlan   *plan)
{
  double factor = interleave_fidelity_native_factor_during (_interleave_measurement_cpu_ns (measurement),
                                                            interleave_measurement_get_counts (measurement)->completed,
                                                            plan, &cell->calibration);

  /* NAN too without native work. */
  if (isnan (factor))
    return;

  cell->native_factor_before = cell->calibration.native_factor;
  cell->calibration.native_factor = factor;
}

/* The twin of a cell with CPU work follows the host's slow and fast
 * spells during the cell (the mean cost stays what calibration, or the
 * cost during the cell, says). */
static void
host_slowdown_during_cell (InterleaveFidelityRunner *self,
                           InterleaveFidelityCell   *cell,
                           InterleaveMeasurement    *measurement,
                           const InterleavePlan     *plan)
{
  const GArray *samples = interleave_measurement_get_process_samples (measurement);
  guint n = interleave_measurement_get_n_records (measurement);
  g_autofree gint64 *done = NULL;
  guint n_done = 0;

  if (interleave_plan_kind_mean_ns (plan, INTERLEAVE_PHASE_CPU) +
      interleave_plan_kind_mean_ns (plan, INTERLEAVE_PHASE_NATIVE) < HOST_SLOWDOWN_MIN_WORK_NS)
    return;

  done = g_new (gint64, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const InterleaveLiveRecord *record = interleave_measurement_get_record (measurement, i);

      if (record->error == INTERLEAVE_LIVE_ERROR_NONE)
        done[n_done++] = record->done;
    }

  cell->host_slowdown = interleave_fidelity_host_slowdown ((const InterleaveProcessSample *) samples->data, samples->len,
                                                           done, n_done, self->matrix->duration_ns,
                                                           HOST_SLOWDOWN_STEP_NS);
}

/* The twin's requests and responses travel as unevenly as the real ones
 * did during the cell. */
static void
delivery_jitter_during_cell (InterleaveFidelityCell *cell,
                             InterleaveMeasurement  *measurement)
{
  guint n = interleave_measurement_get_n_records (measurement);
  g_autofree InterleaveFidelityDelivery *requests = g_new (InterleaveFidelityDelivery, MAX (n, 1));
  guint n_requests = 0;

  for (guint i = 0; i < n; i++)
    {
      const InterleaveLiveRecord *record = interleave_measurement_get_record (measurement, i);

      if (record->error != INTERLEAVE_LIVE_ERROR_NONE || !record->timing_ok || record->pid < 0 ||
          record->sent < 0 || record->handler_start < 0)
        continue;
      requests[n_requests++] = (InterleaveFidelityDelivery) {
        .pid = record->pid, .sent = record->sent,
        .handler_start = record->handler_start, .handler_dur = record->handler_dur,
        .done = record->done,
      };
    }

  cell->delivery_jitter_ns = interleave_fidelity_delivery_jitter (requests, n_requests);
}

/* With a fresh calibration, what the host did during the cell (the cost
 * of native work, its slow and fast spells, how unevenly it delivered)
 * goes to the cell's twin; the plan is read once for all of it. */
static void
host_during_cell (InterleaveFidelityRunner *self,
                  InterleaveFidelityCell   *cell,
                  InterleaveMeasurement    *measurement)
{
  InterleavePlan plan;

  cell->native_factor_before = NAN;
  cell->delivery_jitter_ns = -1;
  g_clear_pointer (&cell->host_slowdown, g_array_unref);
  if (!calibrated_afresh (self) || !interleave_plan_parse (cell->spec.plan, &plan, NULL))
    return;

  native_cost_during_cell (cell, measurement, &plan);
  host_slowdown_during_cell (self, cell, measurement, &plan);
  delivery_jitter_during_cell (cell, measurement);
}

static void
measured_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(InterleaveFidelityRunner) self = data;
  g_autoptr(InterleaveMeasurement) measurement = NULL;
  g_autoptr(GError) error = NULL;
  guint index = g_array_index (current_plan (self)->items, guint, self->item);
  InterleaveFidelityCell *cell = index != NO_CELL ? &self->cells[index] : NULL;
  InterleaveFidelityFigures figures;
  double elapsed_s, background = NAN, server_cpu;
  gint64 busy_after;

  measurement = _interleave_measure_finish (result, &error);
  if (measurement == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish (self, g_steal_pointer (&error));
          return;
        }

      /* Translators: %s says why */
      message = g_strdup_printf (_("The measurement failed: %s"), error->message);
      if (self->server == NULL || !interleave_server_get_running (self->server))
        {
          fail_group (self, message);
          stop_server_then_next (self);
          return;
        }

      if (cell != NULL)
        {
          cell->error = g_steal_pointer (&message);
          g_signal_emit (self, signals[CELL_FINISHED], 0, index);
        }
      else
        self->saturation = NAN;
      self->done_weight += self->item_weight;
      self->item++;
      next_item (self);
      return;
    }

  /* Whatever else ran on the machine meanwhile. */
  elapsed_s = (g_get_monotonic_time () - self->wall_before) / 1e6;
  server_cpu = _interleave_measurement_cpu_ns (measurement) / 1e9;
  busy_after = _interleave_machine_busy_ns ();
  if (busy_after >= 0 && self->busy_before >= 0 && elapsed_s > 0)
    background = MAX (0.0, ((busy_after - self->busy_before) - (_interleave_self_cpu_ns () - self->self_before)) / 1e9 - server_cpu)
                 / elapsed_s;

  measured_figures (self, measurement, &figures);

  if (cell != NULL)
    {
      cell->attempts++;
      cell->background = background;
      cell->server_cpu = elapsed_s > 0 ? server_cpu / elapsed_s : NAN;

      /* Another program took cores while we measured: measure again. */
      if (isfinite (background) && background > self->matrix->max_background &&
          cell->attempts <= self->matrix->retries)
        {
          g_autofree char *what = describe_cell (cell);
          g_autofree char *message = g_strdup_printf (_("%s: other programs used %.2f cores meanwhile; measuring again"),
                                                      what, background);

          emit_progress (self, 0.0, message);
          measure_item (self);
          return;
        }

      cell->measured = figures;
      host_during_cell (self, cell, measurement);
      if (self->keep_traces)
        cell->measurement = g_object_ref (measurement);

      if (cell->spec.load.kind == INTERLEAVE_FIDELITY_LOAD_CLOSED &&
          cell->spec.load.clients == self->matrix->saturation_clients && isnan (self->saturation))
        self->saturation = figures.throughput;

      simulate_cell (self, index);
      return;
    }

  /* A saturation run. */
  self->saturation = figures.throughput > 0 ? figures.throughput : NAN;
  self->done_weight += self->item_weight;
  self->item++;
  next_item (self);
}

static void
start_measurement (InterleaveFidelityRunner *self)
{
  const InterleaveFidelityMatrix *m = self->matrix;
  guint index = g_array_index (current_plan (self)->items, guint, self->item);
  InterleaveFidelityCell *cell = index != NO_CELL ? &self->cells[index] : NULL;
  g_autofree char *url = interleave_server_dup_url (self->server);
  g_autofree char *message = NULL;
  InterleaveLoadOptions options;

  interleave_load_options_init (&options);
  options.duration_ns = m->duration_ns;
  options.seed = m->seed;
  options.record_cap = 200000;
  options.trace_cap = self->keep_traces ? 100000 : 0;

  if (cell == NULL || cell->spec.load.kind == INTERLEAVE_FIDELITY_LOAD_CLOSED)
    {
      options.kind = INTERLEAVE_LOAD_CLOSED;
      options.clients = cell != NULL ? cell->spec.load.clients : m->saturation_clients;
    }
  else
    {
      options.kind = cell->spec.load.poisson ? INTERLEAVE_LOAD_POISSON : INTERLEAVE_LOAD_CONSTANT;
      options.rate = cell->rate;
      options.connections = OPEN_CONNECTIONS;
    }

  if (cell != NULL)
    {
      g_autofree char *what = describe_cell (cell);

      /* Translators: %s is a cell, such as "node:eventloop  cpu:5  20 clients" */
      message = g_strdup_printf (_("%s: measuring"), what);
    }
  else
    /* Translators: the first %s is a server, the second a plan */
    message = g_strdup_printf (_("%s  %s: measuring the saturation throughput (%u clients)"),
                               current_group (self)->server, current_plan (self)->plan, m->saturation_clients);
  emit_progress (self, 0.0, message);

  self->wall_before = g_get_monotonic_time ();
  self->busy_before = _interleave_machine_busy_ns ();
  self->self_before = _interleave_self_cpu_ns ();

  _interleave_measure_async (self->server, url, current_plan (self)->plan, &options,
                             g_task_get_cancellable (self->task),
                             measure_progress_cb, self,
                             measured_cb, g_object_ref (self));
}

/* Samples, every 250 ms, what the rest of the machine uses; measures as
 * soon as one interval was quiet, or when quiet_wait is over. */
static gboolean
quiet_tick_cb (gpointer data)
{
  InterleaveFidelityRunner *self = data;
  gint64 now = g_get_monotonic_time ();
  gint64 busy = _interleave_machine_busy_ns ();
  gint64 self_ns = _interleave_self_cpu_ns ();
  double others = NAN;

  if (busy >= 0 && self->quiet_busy >= 0 && now > self->quiet_wall)
    others = MAX (0.0, (double) ((busy - self->quiet_busy) - (self_ns - self->quiet_self)) / ((now - self->quiet_wall) * 1e3));

  self->quiet_wall = now;
  self->quiet_busy = busy;
  self->quiet_self = self_ns;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)) ||
      !isfinite (others) || others <= self->matrix->max_background ||
      (now - self->quiet_since) * 1000 >= self->matrix->quiet_wait_ns)
    {
      self->quiet_id = 0;
      if (!check_cancelled (self))
        self->quiet_then (self);
      g_object_unref (self);
      return G_SOURCE_REMOVE;
    }

  {
    /* Translators: %.2f is a number of cores */
    g_autofree char *message = g_strdup_printf (_("Waiting for a quieter machine (other programs use %.2f cores)"),
                                                others);
    emit_progress (self, 0.0, message);
  }

  return G_SOURCE_CONTINUE;
}

static void
wait_for_quiet (InterleaveFidelityRunner *self,
                void                    (*then) (InterleaveFidelityRunner *self))
{
  if (self->matrix->quiet_wait_ns <= 0)
    {
      then (self);
      return;
    }

  self->quiet_then = then;
  self->quiet_since = g_get_monotonic_time ();
  self->quiet_wall = self->quiet_since;
  self->quiet_busy = _interleave_machine_busy_ns ();
  self->quiet_self = _interleave_self_cpu_ns ();
  self->quiet_id = g_timeout_add_full (G_PRIORITY_DEFAULT, 250, quiet_tick_cb, g_object_ref (self), NULL);
}

static void
measure_item (InterleaveFidelityRunner *self)
{
  wait_for_quiet (self, start_measurement);
}

static void
next_item (InterleaveFidelityRunner *self)
{
  PlanWork *work = current_plan (self);
  guint index;
  InterleaveFidelityCell *cell;
  InterleavePlan plan;

  if (check_cancelled (self))
    return;

  if (self->item >= work->items->len)
    {
      self->plan++;
      next_plan (self);
      return;
    }

  index = g_array_index (work->items, guint, self->item);
  self->item_weight = cell_weight (self);
  if (index == NO_CELL)
    {
      measure_item (self);
      return;
    }

  cell = &self->cells[index];

  switch (cell->spec.load.kind)
    {
    case INTERLEAVE_FIDELITY_LOAD_SATURATION:
      if (!(self->saturation > 0))
        {
          cell->error = g_strdup (_("The saturation throughput could not be measured"));
          g_signal_emit (self, signals[CELL_FINISHED], 0, index);
          self->done_weight += self->item_weight;
          self->item++;
          next_item (self);
          return;
        }
      cell->rate = cell->spec.load.fraction * self->saturation;
      break;
    case INTERLEAVE_FIDELITY_LOAD_RATE:
      cell->rate = cell->spec.load.rate;
      break;
    case INTERLEAVE_FIDELITY_LOAD_CLOSED:
    default:
      cell->rate = NAN;
      break;
    }

  /* Native work's speed drifts on a shared machine (by a fifth within
   * seconds here): its cost is measured again just before the cell. */
  if (measures_native_per_cell (self, cell->spec.plan, &plan))
    {
      wait_for_quiet (self, start_native_recalibration);
      return;
    }

  measure_cell (self);
}

/* The current cell, or NULL for a saturation measurement. */
static InterleaveFidelityCell *
current_cell (InterleaveFidelityRunner *self)
{
  guint index = g_array_index (current_plan (self)->items, guint, self->item);

  return index == NO_CELL ? NULL : &self->cells[index];
}

/* Measures the current cell with the server's calibration as it is now. */
static void
measure_cell (InterleaveFidelityRunner *self)
{
  InterleaveFidelityCell *cell = current_cell (self);

  cell->calibrated = self->calibrated;
  cell->calibration_background = self->calibration_background;
  if (self->calibrated)
    interleave_calibration_server_set (&cell->calibration, &self->calibration);
  else
    interleave_calibration_server_clear (&cell->calibration);

  measure_item (self);
}

static void
native_recalibrated_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      data)
{
  g_autoptr(InterleaveFidelityRunner) self = data;
  InterleaveCalibrator *calibrator = INTERLEAVE_CALIBRATOR (object);
  g_autoptr(GError) error = NULL;
  double background;

  if (!interleave_calibrator_run_finish (calibrator, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish (self, g_steal_pointer (&error));
          return;
        }
      /* The figures from the server's calibration still hold. */
      /* Translators: the first %s is a server, the second says why */
      g_ptr_array_add (self->warnings, g_strdup_printf (_("%s: measuring native work again before a cell failed: %s"),
                                                        current_group (self)->server, error->message));
      measure_cell (self);
      return;
    }

  /* Disturbed by other programs: the earlier figures are better. */
  background = interleave_calibrator_get_background (calibrator);
  if (!(isfinite (background) && background > self->matrix->max_background))
    {
      const InterleaveCalibrationServer *r = interleave_calibrator_get_result (calibrator);

      self->calibration.native_factor = r->native_factor;
      self->calibration.native_wall_factor = r->native_wall_factor;
      self->calibration.native_spread = r->native_spread;
    }

  measure_cell (self);
}

static void
start_native_recalibration (InterleaveFidelityRunner *self)
{
  g_autoptr(InterleaveCalibrator) calibrator = interleave_calibrator_new (self->preset);
  /* Translators: %s is a server such as node:eventloop */
  g_autofree char *message = g_strdup_printf (_("%s: measuring native work again"), current_group (self)->server);

  interleave_calibrator_set_server (calibrator, self->server);
  interleave_calibrator_set_native_only (calibrator, &self->calibration);
  emit_progress (self, 0.0, message);
  interleave_calibrator_run_async (calibrator, g_task_get_cancellable (self->task),
                                   native_recalibrated_cb, g_object_ref (self));
}

static void
next_plan (InterleaveFidelityRunner *self)
{
  if (check_cancelled (self))
    return;

  if (self->plan >= current_group (self)->plans->len)
    {
      stop_server_then_next (self);
      return;
    }

  self->item = 0;
  self->saturation = NAN;
  next_item (self);
}

static void
calibrator_progress_cb (InterleaveCalibrator     *calibrator,
                        double                    fraction,
                        const char               *step,
                        InterleaveFidelityRunner *self)
{
  /* Translators: the first %s is a server, the second what it measures */
  g_autofree char *message = g_strdup_printf (_("%s: calibrating: %s"), current_group (self)->server, step);

  emit_progress (self, fraction * CALIBRATE_WEIGHT, message);
}

static void start_calibration (InterleaveFidelityRunner *self);

static void
calibrated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(InterleaveFidelityRunner) self = data;
  InterleaveCalibrator *calibrator = INTERLEAVE_CALIBRATOR (object);
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_data (calibrator, self);
  self->done_weight += CALIBRATE_WEIGHT;

  if (!interleave_calibrator_run_finish (calibrator, result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish (self, g_steal_pointer (&error));
          return;
        }
      /* Again, as long as the server runs: a busy machine may starve it. */
      self->calibrations++;
      if (self->calibrations <= self->matrix->retries && interleave_server_get_running (self->server))
        {
          self->done_weight -= CALIBRATE_WEIGHT;
          wait_for_quiet (self, start_calibration);
          return;
        }

      /* Translators: %s says why */
      message = g_strdup_printf (_("Calibrating the server failed: %s"), error->message);
      fail_group (self, message);
      stop_server_then_next (self);
      return;
    }

  /* Calibrated while other programs took the cores: again. */
  self->calibrations++;
  self->calibration_background = interleave_calibrator_get_background (calibrator);
  if (isfinite (self->calibration_background) && self->calibration_background > self->matrix->max_background &&
      self->calibrations <= self->matrix->retries)
    {
      /* Translators: %s is a server, %.2f a number of cores */
      g_autofree char *message = g_strdup_printf (_("%s: other programs used %.2f cores while calibrating; calibrating again"),
                                                  current_group (self)->server, self->calibration_background);

      self->done_weight -= CALIBRATE_WEIGHT;
      emit_progress (self, 0.0, message);
      wait_for_quiet (self, start_calibration);
      return;
    }

  interleave_calibration_server_set (&self->calibration, interleave_calibrator_get_result (calibrator));
  self->calibrated = TRUE;
  self->parallelism = interleave_calibrator_get_parallelism (calibrator);
  self->timeslice = MAX (interleave_calibrator_get_timeslice (calibrator), 0);
  self->tick = MAX (interleave_calibrator_get_tick (calibrator), 0);

  self->plan = 0;
  next_plan (self);
}

static void
start_calibration (InterleaveFidelityRunner *self)
{
  g_autoptr(InterleaveCalibrator) calibrator = interleave_calibrator_new (self->preset);

  /* Not quick: /proc counts CPU in 10 ms ticks, and the quick steps'
   * 0.4-0.75 s moved the overhead and the cost of a cpu ms by 10-20 %
   * between calibrations of the same server. */
  interleave_calibrator_set_server (calibrator, self->server);
  g_signal_connect (calibrator, "progress", G_CALLBACK (calibrator_progress_cb), self);
  interleave_calibrator_run_async (calibrator, g_task_get_cancellable (self->task),
                                   calibrated_cb, g_object_ref (self));
}

static void
use_profile (InterleaveFidelityRunner *self)
{
  InterleaveArchRuntime runtime = self->preset->runtime == INTERLEAVE_RUNTIME_NODE
                                  ? INTERLEAVE_ARCH_RUNTIME_NODE : INTERLEAVE_ARCH_RUNTIME_PYTHON;

  for (guint i = 0; i < self->profiles->len; i++)
    {
      const InterleaveCalibration *profile = g_ptr_array_index (self->profiles, i);
      const InterleaveCalibrationServer *section;

      if (profile->runtime != runtime)
        continue;
      section = interleave_calibration_lookup (profile, self->preset->mode);
      if (section == NULL && runtime == INTERLEAVE_ARCH_RUNTIME_NODE)
        section = interleave_calibration_lookup (profile, strcmp (self->preset->mode, "cluster") == 0
                                                          ? "eventloop" : "cluster");
      if (section != NULL)
        {
          interleave_calibration_server_set (&self->calibration, section);
          self->calibrated = TRUE;
          self->parallelism = profile->parallelism;
          self->timeslice = profile->timeslice_ns;
          self->tick = profile->sched_tick_ns;
        }
    }

  if (!self->calibrated)
    {
      g_autofree char *server = interleave_server_preset_to_string (self->preset);

      /* Translators: %s is a server such as node:eventloop */
      g_ptr_array_add (self->warnings,
                       g_strdup_printf (_("No calibration profile for %s: its simulation uses the defaults"), server));
    }
}

static void
server_started_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(InterleaveFidelityRunner) self = data;
  g_autoptr(GError) error = NULL;

  self->done_weight += START_WEIGHT;

  if (!interleave_server_start_finish (INTERLEAVE_SERVER (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish (self, g_steal_pointer (&error));
          return;
        }
      /* Translators: %s says why */
      message = g_strdup_printf (_("The server could not be started: %s"), error->message);
      fail_group (self, message);
      if (self->matrix->calibration == INTERLEAVE_FIDELITY_CALIBRATION_FRESH)
        self->done_weight += CALIBRATE_WEIGHT;
      stop_server_then_next (self);
      return;
    }

  self->calibrated = FALSE;
  self->calibrations = 0;
  self->calibration_background = NAN;
  interleave_calibration_server_clear (&self->calibration);

  switch (self->matrix->calibration)
    {
    case INTERLEAVE_FIDELITY_CALIBRATION_FRESH:
      wait_for_quiet (self, start_calibration);
      return;

    case INTERLEAVE_FIDELITY_CALIBRATION_PROFILE:
      use_profile (self);
      break;

    case INTERLEAVE_FIDELITY_CALIBRATION_NONE:
    default:
      break;
    }

  self->plan = 0;
  next_plan (self);
}

static void
next_group (InterleaveFidelityRunner *self)
{
  Group *group;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (check_cancelled (self))
    return;

  if (self->group >= self->groups->len)
    {
      finish (self, NULL);
      return;
    }

  group = current_group (self);
  g_clear_pointer (&self->preset, interleave_server_preset_free);
  self->preset = interleave_server_preset_parse (group->server, &error);
  g_assert_no_error (error);   /* the matrix checked it */

  self->server = interleave_server_new (self->preset);
  interleave_server_set_node_path (self->server, self->node_path);
  interleave_server_set_python_path (self->server, self->python_path);

  /* Translators: %s is a server such as node:eventloop */
  message = g_strdup_printf (_("%s: starting the server"), group->server);
  emit_progress (self, 0.0, message);
  interleave_server_start_async (self->server, g_task_get_cancellable (self->task),
                                 server_started_cb, g_object_ref (self));
}

/**
 * interleave_fidelity_runner_run_async:
 * @self: a runner that has not run yet
 * @cancellable: (nullable): stops the run (and its servers)
 * @callback: called when every cell is done (or failed), or on cancel
 * @user_data: data for @callback
 *
 * A cell that cannot be run (its server does not start, …) gets an error
 * and the run goes on; only cancelling ends it early.
 */
void
interleave_fidelity_runner_run_async (InterleaveFidelityRunner *self,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_return_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL && self->groups == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, interleave_fidelity_runner_run_async);

  build_groups (self);

  if (self->matrix->calibration == INTERLEAVE_FIDELITY_CALIBRATION_PROFILE)
    {
      g_autoptr(GPtrArray) warnings = NULL;

      self->profiles = interleave_calibration_load_user_all (&warnings);
      for (guint i = 0; i < warnings->len; i++)
        g_ptr_array_add (self->warnings,
                         /* Translators: %s is the problem with the profile */
                         g_strdup_printf (_("Ignoring a calibration profile (the defaults are used): %s"),
                                          (const char *) g_ptr_array_index (warnings, i)));
    }

  self->group = 0;
  next_group (self);
}

/**
 * interleave_fidelity_runner_run_finish:
 * @self: a runner
 * @result: the result given to the callback
 * @error: a location for a #GError
 *
 * Returns: %TRUE when every cell was tried (see each cell's error and
 *   pass); %FALSE when cancelled
 */
gboolean
interleave_fidelity_runner_run_finish (InterleaveFidelityRunner  *self,
                                       GAsyncResult              *result,
                                       GError                   **error)
{
  g_return_val_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
interleave_fidelity_runner_get_n_cells (InterleaveFidelityRunner *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self), 0);

  return self->matrix->n_cells;
}

const InterleaveFidelityCell *
interleave_fidelity_runner_get_cell (InterleaveFidelityRunner *self,
                                     guint                     index)
{
  g_return_val_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self), NULL);
  g_return_val_if_fail (index < self->matrix->n_cells, NULL);

  return &self->cells[index];
}

/* Returns: cells done whose throughput and p50 are within tolerance */
guint
interleave_fidelity_runner_count_passed (InterleaveFidelityRunner *self)
{
  guint n = 0;

  g_return_val_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self), 0);

  for (guint i = 0; i < self->matrix->n_cells; i++)
    n += self->cells[i].done && self->cells[i].pass;
  return n;
}

/* Returns: (element-type utf8): messages about the run, such as broken
 *   calibration profiles */
const GPtrArray *
interleave_fidelity_runner_get_warnings (InterleaveFidelityRunner *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self), NULL);

  return self->warnings;
}

/* Returns: the scheduler tick in ns, as calibration measured it (the
 *   twins balance their cores at it when the matrix asks, "balance":
 *   "tick"); 0 when not known */
gint64
interleave_fidelity_runner_get_tick (InterleaveFidelityRunner *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self), 0);

  return self->calibrated ? self->tick : 0;
}

/* Returns: cores two busy threads got, as the last calibration measured */
double
interleave_fidelity_runner_get_parallelism (InterleaveFidelityRunner *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_FIDELITY_RUNNER (self), NAN);

  return self->parallelism;
}
