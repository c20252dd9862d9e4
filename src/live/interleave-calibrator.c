/* interleave-calibrator.c
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
#define _GNU_SOURCE   /* sched_setaffinity() */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <sched.h>
#include <time.h>

#include "interleave-calibrator.h"
#include "interleave-measure-task-private.h"
#include "interleave-server-model.h"
#include "interleave-simulation.h"

#define MS G_GINT64_CONSTANT (1000000)

/* What one calibration step measures. All steps send one request at a
 * time except the last two: one queues more native work than there are
 * cores, and one (threaded Python with a GIL only) makes sixteen threads
 * take turns at the GIL. */
typedef enum
{
  STEP_WARMUP,
  STEP_OVERHEAD,
  STEP_IDLE,
  STEP_CPU,
  STEP_NATIVE,
  STEP_IO,
  STEP_PARALLEL,
  STEP_GIL,
  N_STEPS
} Step;

static const struct
{
  const char *label;
  const char *plan;
  double      seconds;
} steps[N_STEPS] = {
  [STEP_WARMUP]   = { N_("Warming the server up"), "", 0.3 },
  [STEP_OVERHEAD] = { N_("Measuring the cost of an empty request"), "", 1.5 },
  [STEP_IDLE]     = { N_("Measuring how late an idle machine answers"), "", 1.0 },
  [STEP_CPU]      = { N_("Measuring a millisecond of cpu"), "cpu:10", 0.8 },
  [STEP_NATIVE]   = { N_("Measuring a millisecond of native work"), "native:10", 0.8 },
  [STEP_IO]       = { N_("Measuring a millisecond of io"), "io:10", 0.5 },
  [STEP_PARALLEL] = { N_("Measuring how many cores native work gets"), "native:10", 1.0 },
  [STEP_GIL]      = { N_("Measuring how long the GIL takes to change hands"), "cpu:1,io:5", 1.5 },
};

#define START_SECONDS    0.5   /* the weight of starting and stopping the server */
#define PARALLEL_SECONDS 0.4   /* two busy threads */
#define PHASE_MS         10.0  /* the phase length of the cpu, native and io steps */
#define GIL_CLIENTS      16    /* threads taking turns at the GIL */
#define GIL_PROBE_NS     (200 * G_GINT64_CONSTANT (1000))  /* a hand-off the twin tries */
#define IDLE_RATE        40.0  /* requests per second of the idle step: 25 ms apart, the cores sleep */
#define IDLE_PROBE_NS    (200 * G_GINT64_CONSTANT (1000))  /* a wake-up the twin tries */

struct _InterleaveCalibrator
{
  GObject                      parent_instance;

  InterleaveServerPreset      *preset;
  char                        *node_path;
  char                        *python_path;
  gboolean                     quick;

  InterleaveServer            *server;
  gboolean                     own_server;
  GTask                       *task;
  Step                         step;
  double                       done_weight;
  double                       total_weight;
  GError                      *error;   /* kept while the server stops */

  InterleaveCalibrationServer  result;
  double                       parallelism;
  gint64                       timeslice;      /* ns, -1: unknown */
  gint64                       tick;           /* ns, -1: unknown */
  double                       background;     /* cores other programs took meanwhile */
  gint64                       wall_before;    /* µs */
  gint64                       busy_before;
  gint64                       self_before;
  gint64                       server_cpu_ns;  /* over every step */
  gint64                       self_cpu_start; /* this process's CPU time when a step began */
  char                        *runtime_version;
  gboolean                     has_result;
  InterleaveCalibrationServer *native_base;    /* nullable: measure native work only, the rest from here */
};

G_DEFINE_FINAL_TYPE (InterleaveCalibrator, interleave_calibrator, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_native_base (InterleaveCalibrator *self)
{
  if (self->native_base != NULL)
    interleave_calibration_server_clear (self->native_base);
  g_clear_pointer (&self->native_base, g_free);
}

static void
interleave_calibrator_finalize (GObject *object)
{
  InterleaveCalibrator *self = (InterleaveCalibrator *)object;

  g_clear_pointer (&self->preset, interleave_server_preset_free);
  g_free (self->node_path);
  g_free (self->python_path);
  g_clear_object (&self->server);
  g_clear_error (&self->error);
  interleave_calibration_server_clear (&self->result);
  g_free (self->runtime_version);
  clear_native_base (self);

  G_OBJECT_CLASS (interleave_calibrator_parent_class)->finalize (object);
}

static void
interleave_calibrator_class_init (InterleaveCalibratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = interleave_calibrator_finalize;

  /**
   * InterleaveCalibrator::progress:
   * @self: the calibrator
   * @fraction: 0…1 of the whole calibration
   * @step: what is measured now, a sentence for people
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
}

static void
interleave_calibrator_init (InterleaveCalibrator *self)
{
  self->timeslice = -1;
  self->tick = -1;
  self->parallelism = NAN;
  self->background = NAN;
}

/**
 * interleave_calibrator_new:
 * @preset: a server to launch (not a URL)
 *
 * Returns: (transfer full): a calibrator
 */
InterleaveCalibrator *
interleave_calibrator_new (const InterleaveServerPreset *preset)
{
  InterleaveCalibrator *self;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (preset->runtime != INTERLEAVE_RUNTIME_URL, NULL);

  self = g_object_new (INTERLEAVE_TYPE_CALIBRATOR, NULL);
  self->preset = interleave_server_preset_copy (preset);

  return self;
}

/**
 * interleave_calibrator_set_server:
 * @self: a calibrator
 * @server: (nullable): a server of the calibrator's preset, already
 *   running: the calibrator uses it and leaves it running
 */
void
interleave_calibrator_set_server (InterleaveCalibrator *self,
                                  InterleaveServer     *server)
{
  g_return_if_fail (INTERLEAVE_IS_CALIBRATOR (self));
  g_return_if_fail (server == NULL || INTERLEAVE_IS_SERVER (server));
  g_return_if_fail (self->task == NULL);

  g_set_object (&self->server, server);
  self->own_server = FALSE;
}

void
interleave_calibrator_set_node_path (InterleaveCalibrator *self,
                                     const char           *node_path)
{
  g_return_if_fail (INTERLEAVE_IS_CALIBRATOR (self));

  g_free (self->node_path);
  self->node_path = g_strdup (node_path);
}

void
interleave_calibrator_set_python_path (InterleaveCalibrator *self,
                                       const char           *python_path)
{
  g_return_if_fail (INTERLEAVE_IS_CALIBRATOR (self));

  g_free (self->python_path);
  self->python_path = g_strdup (python_path);
}

/**
 * interleave_calibrator_set_quick:
 * @self: a calibrator
 * @quick: measure each step for about half as long (about 3 s in all
 *   instead of 6 s); the figures are noisier
 */
void
interleave_calibrator_set_quick (InterleaveCalibrator *self,
                                 gboolean              quick)
{
  g_return_if_fail (INTERLEAVE_IS_CALIBRATOR (self));

  self->quick = !!quick;
}

/**
 * interleave_calibrator_set_native_only:
 * @self: a calibrator
 * @base: (nullable): figures of the same server measured before
 *
 * Measures only what a `native` millisecond costs (its CPU, duration and
 * spread) and takes every other figure from @base: a short step (0.8 s,
 * 0.4 s when quick) to follow native work whose speed drifts. %NULL
 * measures everything again.
 */
void
interleave_calibrator_set_native_only (InterleaveCalibrator              *self,
                                       const InterleaveCalibrationServer *base)
{
  g_return_if_fail (INTERLEAVE_IS_CALIBRATOR (self));
  g_return_if_fail (self->task == NULL);

  clear_native_base (self);
  if (base != NULL)
    {
      self->native_base = g_new0 (InterleaveCalibrationServer, 1);
      interleave_calibration_server_set (self->native_base, base);
    }
}

const InterleaveServerPreset *
interleave_calibrator_get_preset (InterleaveCalibrator *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), NULL);

  return self->preset;
}

/* Whether the server has a GIL that threads take turns at. */
static gboolean
has_gil_threads (InterleaveCalibrator *self)
{
  JsonObject *info = self->server != NULL ? interleave_server_get_info (self->server) : NULL;

  if (self->preset->runtime != INTERLEAVE_RUNTIME_PYTHON || g_strcmp0 (self->preset->mode, "threaded") != 0)
    return FALSE;

  /* A free-threaded build reports "gil": false. */
  return info == NULL || !json_object_has_member (info, "gil") ||
         json_object_get_null_member (info, "gil") || json_object_get_boolean_member (info, "gil");
}

static double
step_seconds (InterleaveCalibrator *self,
              Step                  step)
{
  if (step == STEP_GIL && !has_gil_threads (self))
    return 0.0;
  return steps[step].seconds * (self->quick ? 0.5 : 1.0);
}

static void
emit_progress (InterleaveCalibrator *self,
               double                current_weight,
               const char           *label)
{
  double fraction = self->total_weight > 0 ? (self->done_weight + current_weight) / self->total_weight : 0.0;

  g_signal_emit (self, signals[PROGRESS], 0, CLAMP (fraction, 0.0, 1.0), _(label));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------------
 * How busy two processes can be: the machine's real parallelism.
 */

typedef struct
{
  gint64   until;     /* monotonic, µs */
  gint64   cpu_ns;
} Spinner;

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gpointer
spin_thread (gpointer data)
{
  Spinner *spinner = data;
  gint64 start = thread_cpu_ns ();
  volatile guint64 sink = 0;

  while (g_get_monotonic_time () < spinner->until)
    for (guint i = 0; i < 10000; i++)
      sink += i;

  spinner->cpu_ns = thread_cpu_ns () - start;
  return NULL;
}

/**
 * interleave_measure_os_parallelism:
 * @threads: busy threads to run at once (2 to 64)
 * @duration_ns: how long they spin
 * @tick_ns: (out) (optional): the scheduler tick the busy processors
 *   showed meanwhile (interleave_os_tick_from_interrupts()), -1 when unknown
 *
 * Runs @threads threads that only compute for @duration_ns and adds up
 * the CPU time the OS gave them: on a quiet machine with at least that
 * many cores, @threads; less on a busy or virtual one. Blocks.
 *
 * Returns: the cores they got together
 */
double
interleave_measure_os_parallelism (guint   threads,
                                   gint64  duration_ns,
                                   gint64 *tick_ns)
{
  Spinner spinners[64];
  GThread *handles[64];
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 start, wall;
  gint64 total = 0;

  g_return_val_if_fail (threads >= 1 && threads <= 64, NAN);
  g_return_val_if_fail (duration_ns > 0, NAN);

  if (tick_ns != NULL)
    g_file_get_contents ("/proc/interrupts", &before, NULL, NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < threads; i++)
    {
      spinners[i].until = start + duration_ns / 1000;
      spinners[i].cpu_ns = 0;
      handles[i] = g_thread_new ("interleave-spin", spin_thread, &spinners[i]);
    }
  for (guint i = 0; i < threads; i++)
    {
      g_thread_join (handles[i]);
      total += spinners[i].cpu_ns;
    }
  wall = (g_get_monotonic_time () - start) * 1000;
  if (tick_ns != NULL)
    {
      g_file_get_contents ("/proc/interrupts", &after, NULL, NULL);
      *tick_ns = interleave_os_tick_from_interrupts (before, after, wall);
    }

  return wall > 0 ? (double) total / wall : NAN;
}

/* ------------------------------------------------------------------------
 * The OS scheduler's time slice: how long a thread runs before another
 * runnable thread on the same core gets its turn.
 */

typedef struct
{
  gint64  until;      /* monotonic, ns */
  int     cpu;
  GArray *segments;   /* gint64 ns: uninterrupted runs */
  gboolean pinned;
} Slicer;

static gint64
monotonic_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gpointer
slice_thread (gpointer data)
{
  Slicer *slicer = data;
  cpu_set_t set;
  gint64 last, segment_start;

  CPU_ZERO (&set);
  CPU_SET (slicer->cpu, &set);
  slicer->pinned = sched_setaffinity (0, sizeof set, &set) == 0;
  if (!slicer->pinned)
    return NULL;

  last = segment_start = monotonic_ns ();
  while (last < slicer->until)
    {
      gint64 now = monotonic_ns ();

      /* More than 20 µs between two readings: another thread ran. */
      if (now - last > 20000)
        {
          gint64 length = last - segment_start;

          if (length > 0)
            g_array_append_val (slicer->segments, length);
          segment_start = now;
        }
      last = now;
    }

  return NULL;
}

/**
 * interleave_measure_os_timeslice:
 * @duration_ns: how long to measure
 *
 * Runs two busy threads on the same processor and measures how long each
 * runs before the scheduler gives the other its turn. Blocks.
 *
 * Returns: the median uninterrupted run in ns, or -1 when the threads
 *   could not share one processor
 */
gint64
interleave_measure_os_timeslice (gint64 duration_ns)
{
  Slicer slicers[2];
  GThread *handles[2];
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 until = monotonic_ns () + duration_ns;
  cpu_set_t mine;
  int cpu = 0;

  g_return_val_if_fail (duration_ns > 0, -1);

  /* A processor this process may run on. */
  if (sched_getaffinity (0, sizeof mine, &mine) == 0)
    while (cpu < CPU_SETSIZE - 1 && !CPU_ISSET (cpu, &mine))
      cpu++;

  for (guint i = 0; i < 2; i++)
    {
      slicers[i].until = until;
      slicers[i].cpu = cpu;
      slicers[i].segments = g_array_new (FALSE, FALSE, sizeof (gint64));
      slicers[i].pinned = FALSE;
      handles[i] = g_thread_new ("interleave-slice", slice_thread, &slicers[i]);
    }

  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (handles[i]);
      if (slicers[i].pinned)
        g_array_append_vals (all, slicers[i].segments->data, slicers[i].segments->len);
      g_array_unref (slicers[i].segments);
    }

  if (!slicers[0].pinned || !slicers[1].pinned || all->len < 5)
    return -1;

  g_array_sort (all, compare_gint64);
  return g_array_index (all, gint64, all->len / 2);
}

/* ------------------------------------------------------------------------
 * The scheduler tick: how often a busy processor's local timer fires. An
 * idle processor pulls threads queued on a busy one at that processor's
 * tick (see machine.balance_interval), so the tick sets how long a thread
 * may wait while a core idles.
 */

/* The counts of the "LOC:" line of a /proc/interrupts text, one per
 * processor, or NULL. */
static GArray *
local_timer_counts (const char *interrupts)
{
  g_auto(GStrv) lines = NULL;

  if (interrupts == NULL)
    return NULL;
  lines = g_strsplit (interrupts, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      GArray *counts;

      while (*p == ' ')
        p++;
      if (!g_str_has_prefix (p, "LOC:"))
        continue;

      counts = g_array_new (FALSE, FALSE, sizeof (guint64));
      p += 4;
      for (;;)
        {
          char *end;
          guint64 value;

          while (*p == ' ' || *p == '\t')
            p++;
          if (!g_ascii_isdigit (*p))
            break;
          value = g_ascii_strtoull (p, &end, 10);
          g_array_append_val (counts, value);
          p = end;
        }
      return counts;
    }
  return NULL;
}

/**
 * interleave_os_tick_from_interrupts:
 * @before: (nullable): /proc/interrupts read before processors were kept busy
 * @after: (nullable): the same read after
 * @elapsed_ns: the time between the two reads
 *
 * The scheduler tick of this machine, from how often the processors took
 * their local timer interrupt meanwhile ("LOC"): the second busiest
 * processor's rate (two busy threads keep two processors ticking; other
 * timers only add interrupts, 1–10 % here), rounded to the nearest tick
 * rate a Linux kernel is built with (100, 250, 300 or 1000 Hz).
 *
 * Returns: the tick in ns, or -1 when the texts do not tell (no LOC
 *   line, or a rate far from every tick rate, as on a tickless kernel)
 */
gint64
interleave_os_tick_from_interrupts (const char *before,
                                    const char *after,
                                    gint64      elapsed_ns)
{
  static const double rates[] = { 100, 250, 300, 1000 };
  g_autoptr(GArray) first = local_timer_counts (before);
  g_autoptr(GArray) last = local_timer_counts (after);
  guint64 most = 0, second = 0;
  double rate, best = 0, best_off = G_MAXDOUBLE;

  g_return_val_if_fail (elapsed_ns >= 0, -1);

  if (first == NULL || last == NULL || first->len != last->len || elapsed_ns < 10 * MS)
    return -1;
  for (guint i = 0; i < first->len; i++)
    {
      guint64 a = g_array_index (first, guint64, i), b = g_array_index (last, guint64, i);
      guint64 delta = b > a ? b - a : 0;

      if (delta > most)
        {
          second = most;
          most = delta;
        }
      else if (delta > second)
        second = delta;
    }
  rate = (first->len > 1 ? second : most) / (elapsed_ns / 1e9);
  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      double off = fabs (log (rate / rates[i]));

      if (off < best_off)
        {
          best_off = off;
          best = rates[i];
        }
    }
  /* Within a quarter of a tick rate, or it is something else. */
  if (!(best_off < log (1.25)))
    return -1;
  return (gint64) (1e9 / best + 0.5);
}

typedef struct
{
  double parallelism;
  gint64 timeslice;
  gint64 tick;
} MachineFigures;

static void
machine_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  gint64 duration = GPOINTER_TO_SIZE (task_data) * MS;
  MachineFigures *figures = g_new (MachineFigures, 1);

  figures->parallelism = interleave_measure_os_parallelism (2, duration, &figures->tick);
  figures->timeslice = interleave_measure_os_timeslice (duration);
  g_task_return_pointer (task, figures, g_free);
}

/* ------------------------------------------------------------------------
 * The steps.
 */

static void run_step (InterleaveCalibrator *self);
static void finish (InterleaveCalibrator *self, GError *error);
static void measure_background (InterleaveCalibrator *self);

/* The Server-Timing durations of the phases of @kind, sorted. */
static GArray *
phase_durations (InterleaveMeasurement *measurement,
                 InterleavePhaseKind    kind)
{
  GArray *durs = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < interleave_measurement_get_n_records (measurement); i++)
    {
      const InterleaveLiveRecord *record = interleave_measurement_get_record (measurement, i);

      if (!record->timing_ok || record->error != INTERLEAVE_LIVE_ERROR_NONE)
        continue;
      for (guint k = 0; k < MIN (record->n_phases, INTERLEAVE_LIVE_RECORD_MAX_PHASES); k++)
        if (record->phases[k].kind == kind)
          g_array_append_val (durs, record->phases[k].dur);
    }

  g_array_sort (durs, compare_gint64);
  return durs;
}

/* The median of @sorted durations, or -1 when there are none. */
static gint64
median_of (const GArray *sorted)
{
  return sorted->len > 0 ? g_array_index (sorted, gint64, sorted->len / 2) : -1;
}

/* Median Server-Timing duration of the phases of @kind, or -1. */
static gint64
median_phase (InterleaveMeasurement *measurement,
              InterleavePhaseKind    kind)
{
  g_autoptr(GArray) durs = phase_durations (measurement, kind);

  return median_of (durs);
}

/* The mean of @durs, sorted Server-Timing durations of phases, and its
 * coefficient of variation (standard deviation over mean), leaving out
 * the few that took over three times the median (a page fault, a stall
 * of the virtual machine): on this machine most native calls take their
 * median give or take 2 %, and one in ten or twenty up to 60 % longer —
 * that tail is what queues. Returns %FALSE with too few phases. */
static gboolean
phase_mean_and_spread (const GArray *durs,
                       double       *mean,
                       double       *spread)
{
  double median, sum = 0, sum2 = 0;
  guint n = 0;

  if (durs->len < 20)
    return FALSE;

  median = median_of (durs);
  for (guint i = 0; i < durs->len; i++)
    {
      double d = g_array_index (durs, gint64, i);

      if (d > 3 * median)
        break;
      sum += d;
      sum2 += d * d;
      n++;
    }

  *mean = sum / n;
  if (!(*mean > 0))
    return FALSE;
  *spread = CLAMP (sqrt (MAX (0.0, sum2 / n - *mean * *mean)) / *mean, 0.0, 2.0);
  return TRUE;
}

static gint64
process_cpu_ns (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* The summary of the server's twin under a step's load, with what was
 * measured so far as @calibration. */
static InterleaveSummary *
twin_summary (InterleaveCalibrator              *self,
              const InterleaveCalibrationServer *calibration,
              Step                               step,
              const InterleaveServerModelLoad   *load,
              gint64                             duration_ns)
{
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(InterleaveSimulation) simulation = NULL;
  g_autoptr(GError) error = NULL;

  scenario = interleave_server_model_scenario_new (self->preset, interleave_server_get_info (self->server),
                                                   calibration, 0, steps[step].plan, load,
                                                   duration_ns, 1, FALSE, &error);
  if (scenario == NULL)
    {
      g_warning ("The twin of “%s”: %s", steps[step].label, error->message);
      return NULL;
    }

  simulation = interleave_simulation_new (scenario, 0);
  if (!interleave_simulation_run (simulation, NULL, NULL, NULL, &error))
    return NULL;
  return interleave_simulation_get_summary (simulation);
}

/* Requests per second of the server's twin under the GIL step's load,
 * with what was measured so far and a GIL hand-off of @handoff_ns. */
static double
twin_gil_throughput (InterleaveCalibrator *self,
                     gint64                handoff_ns,
                     gint64                duration_ns)
{
  InterleaveServerModelLoad load = { .closed = TRUE, .clients = GIL_CLIENTS };
  InterleaveCalibrationServer calibration = self->result;
  g_autoptr(InterleaveSummary) summary = NULL;

  calibration.gil_handoff_ns = handoff_ns;
  summary = twin_summary (self, &calibration, STEP_GIL, &load, duration_ns);

  return summary != NULL ? summary->throughput : NAN;
}

/* Median latency (ns) of the server's twin under the idle step's load,
 * with what was measured so far and cores that wake @wake_ns late. */
static double
twin_idle_latency (InterleaveCalibrator *self,
                   gint64                wake_ns,
                   gint64                duration_ns)
{
  InterleaveServerModelLoad load = { .closed = FALSE, .rate = IDLE_RATE, .connections = 1 };
  InterleaveCalibrationServer calibration = self->result;
  g_autoptr(InterleaveSummary) summary = NULL;

  calibration.idle_wake_ns = wake_ns;
  summary = twin_summary (self, &calibration, STEP_IDLE, &load, duration_ns);

  return summary != NULL ? summary->latency_p50_ms * 1e6 : NAN;
}

/* What the twin's parameter must be for it to lose @lost: @none and
 * @probe are the twin's figure with the parameter at 0 and at @probe_ns,
 * and the figure grows in step with it. 0 when it cannot be told. */
static gint64
solve_by_slope (double lost,
                double none,
                double probe,
                gint64 probe_ns)
{
  double slope = (probe - none) / probe_ns;

  if (!isfinite (slope) || !(slope > 0) || !(lost > 0))
    return 0;
  return (gint64) CLAMP (llround (lost / slope), 0, 5 * MS);
}

/* An empty request answered one after the other (the overhead step) took
 * the round trip `latency`; sent 25 ms apart it took longer, because the
 * cores went to sleep in between (here 0.6 ms longer, on a virtual
 * machine whose host takes an idle CPU back). The wake-up is what the
 * twin needs to lose that time: two runs of it give the slope. */
static gint64
estimate_idle_wake (InterleaveCalibrator *self,
                    gint64                measured_p50_ns,
                    gint64                duration_ns)
{
  double none = twin_idle_latency (self, 0, duration_ns);
  double probe = twin_idle_latency (self, IDLE_PROBE_NS, duration_ns);

  if (measured_p50_ns <= 0)
    return 0;

  return solve_by_slope ((double) measured_p50_ns - self->result.latency_ns, none, probe, IDLE_PROBE_NS);
}

/* The hand-off is what the twin needs to lose, per request, the time the
 * real server lost: the twin's time per request grows in step with it,
 * so two runs of the twin (none, and a probe) give the slope. */
static gint64
estimate_gil_handoff (InterleaveCalibrator *self,
                      double                measured_throughput,
                      gint64                duration_ns)
{
  double none = twin_gil_throughput (self, 0, duration_ns);
  double probe = twin_gil_throughput (self, GIL_PROBE_NS, duration_ns);

  if (!(measured_throughput > 0) || !(none > 0) || !(probe > 0))
    return 0;

  /* In time per request. */
  return solve_by_slope (1.0 / measured_throughput - 1.0 / none, 1.0 / none, 1.0 / probe, GIL_PROBE_NS);
}

static gboolean
take_figures (InterleaveCalibrator   *self,
              InterleaveMeasurement  *measurement,
              GError                **error)
{
  InterleaveCalibrationServer *r = &self->result;
  const InterleaveLiveCounts *counts = interleave_measurement_get_counts (measurement);
  gint64 cpu_ns = _interleave_measurement_cpu_ns (measurement);
  double per_request, elapsed_s;
  gint64 median;

  if (self->step == STEP_WARMUP)
    return TRUE;

  /* A machine so busy that not even one answer came back says nothing. */
  if (counts->completed == 0)
    {
      g_set_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_INFO,
                   _("The server answered no request while “%s”; is the machine very busy?"),
                   _(steps[self->step].label));
      return FALSE;
    }

  self->server_cpu_ns += cpu_ns;
  per_request = (double) cpu_ns / counts->completed;
  elapsed_s = interleave_measurement_get_elapsed (measurement) / 1e9;

  switch (self->step)
    {
    case STEP_OVERHEAD:
      r->requests = counts->completed;
      r->overhead_ns = (gint64) llround (per_request);
      /* What the load generator (this process: its load and collector
       * threads) spends per request on the same cores as the server. */
      r->client_cpu_ns = CLAMP ((process_cpu_ns () - self->self_cpu_start) / (gint64) counts->completed,
                                0, 100 * MS);
      r->latency_ns = interleave_histogram_get_percentile (interleave_measurement_get_histogram (measurement), 0.5);
      break;

    case STEP_IDLE:
      r->idle_wake_ns = estimate_idle_wake (self,
                                            interleave_histogram_get_percentile (interleave_measurement_get_histogram (measurement), 0.5),
                                            interleave_measurement_get_elapsed (measurement));
      break;

    case STEP_CPU:
      r->cpu_factor = CLAMP ((per_request - r->overhead_ns) / (PHASE_MS * MS), 0.1, 10.0);
      median = median_phase (measurement, INTERLEAVE_PHASE_CPU);
      r->cpu_wall_factor = median > 0 ? CLAMP (median / (PHASE_MS * MS), 0.1, 100.0) : 1.0;
      break;

    case STEP_NATIVE:
      {
        g_autoptr(GArray) durs = phase_durations (measurement, INTERLEAVE_PHASE_NATIVE);
        double mean, spread;

        /* One call at a time, a native phase's duration is its CPU: the
         * server times it to the microsecond, where /proc reports each
         * process's CPU in whole 10 ms ticks, which over a quick step's
         * ~40 requests (in up to three processes) swung the figure by up
         * to ±20 %. */
        if (phase_mean_and_spread (durs, &mean, &spread))
          {
            r->native_factor = CLAMP (mean / (PHASE_MS * MS), 0.1, 10.0);
            r->native_spread = spread;
          }
        else
          r->native_factor = CLAMP ((per_request - r->overhead_ns) / (PHASE_MS * MS), 0.1, 10.0);
        median = median_of (durs);
        r->native_wall_factor = median > 0 ? CLAMP (median / (PHASE_MS * MS), 0.1, 100.0) : 1.0;
      }
      break;

    case STEP_IO:
      median = median_phase (measurement, INTERLEAVE_PHASE_IO);
      /* This includes the wake-up of the core that slept meanwhile: the
       * twin charges no idle_wake for a timer. */
      r->io_extra_ns = median > 0 ? CLAMP (median - (gint64) (PHASE_MS * MS), 0, 1000 * MS) : 0;
      break;

    case STEP_PARALLEL:
      r->native_parallelism = elapsed_s > 0 ? cpu_ns / 1e9 / elapsed_s : 0.0;
      break;

    case STEP_GIL:
      r->gil_handoff_ns = estimate_gil_handoff (self, elapsed_s > 0 ? counts->completed / elapsed_s : 0.0,
                                                interleave_measurement_get_elapsed (measurement));
      break;

    case STEP_WARMUP:
    case N_STEPS:
    default:
      break;
    }

  return TRUE;
}

static void
measure_progress_cb (double   fraction,
                     gpointer data)
{
  InterleaveCalibrator *self = data;

  emit_progress (self, fraction * step_seconds (self, self->step), steps[self->step].label);
}

static void
measured_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(InterleaveCalibrator) self = data;
  g_autoptr(InterleaveMeasurement) measurement = NULL;
  g_autoptr(GError) error = NULL;

  measurement = _interleave_measure_finish (result, &error);
  if (measurement == NULL || !take_figures (self, measurement, &error))
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  self->done_weight += step_seconds (self, self->step);
  self->step++;
  run_step (self);
}

static void
parallelism_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(InterleaveCalibrator) self = data;
  g_autofree MachineFigures *figures = g_task_propagate_pointer (G_TASK (result), NULL);

  self->parallelism = figures != NULL ? figures->parallelism : NAN;
  self->timeslice = figures != NULL ? figures->timeslice : -1;
  self->tick = figures != NULL ? figures->tick : -1;
  self->done_weight += PARALLEL_SECONDS;

  /* What other programs took while we measured. */
  measure_background (self);
  self->has_result = TRUE;
  finish (self, NULL);
}

static guint
parallel_clients (InterleaveCalibrator *self)
{
  guint cores = g_get_num_processors ();
  guint pool = self->result.pool;
  guint workers = self->preset->workers;

  return 2 * MAX (MAX (cores, pool), workers) + 2;
}

/* Cores other programs took since the steps began. */
static void
measure_background (InterleaveCalibrator *self)
{
  gint64 busy = _interleave_machine_busy_ns ();
  double wall_s = (g_get_monotonic_time () - self->wall_before) / 1e6;

  if (busy >= 0 && self->busy_before >= 0 && wall_s > 0)
    self->background = MAX (0.0, ((busy - self->busy_before) - (_interleave_self_cpu_ns () - self->self_before)
                                  - self->server_cpu_ns) / 1e9) / wall_s;
}

static void
finish_native_only (InterleaveCalibrator *self)
{
  measure_background (self);
  self->has_result = TRUE;
  finish (self, NULL);
}

static void
run_step (InterleaveCalibrator *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  g_autofree char *url = NULL;
  InterleaveLoadOptions options;

  if (g_cancellable_is_cancelled (cancellable))
    {
      GError *error = NULL;

      g_cancellable_set_error_if_cancelled (cancellable, &error);
      finish (self, error);
      return;
    }

  if (self->step == STEP_GIL && !has_gil_threads (self))
    self->step++;

  if (self->native_base != NULL && self->step < STEP_NATIVE)
    self->step = STEP_NATIVE;
  else if (self->native_base != NULL && self->step > STEP_NATIVE)
    {
      finish_native_only (self);
      return;
    }

  if (self->step == N_STEPS)
    {
      g_autoptr(GTask) task = NULL;
      guint ms = (guint) (PARALLEL_SECONDS * (self->quick ? 0.6 : 1.0) * 1000);

      emit_progress (self, 0.0, N_("Measuring how many cores two busy processes get, and their time slices"));
      task = g_task_new (NULL, cancellable, parallelism_cb, g_object_ref (self));
      g_task_set_task_data (task, GSIZE_TO_POINTER (ms / 2), NULL);
      g_task_run_in_thread (task, machine_thread);
      return;
    }

  interleave_load_options_init (&options);
  options.kind = INTERLEAVE_LOAD_CLOSED;
  options.clients = self->step == STEP_PARALLEL ? parallel_clients (self) :
                    self->step == STEP_GIL ? GIL_CLIENTS : 1;
  if (self->step == STEP_IDLE)
    {
      options.kind = INTERLEAVE_LOAD_CONSTANT;
      options.rate = IDLE_RATE;
      options.connections = 1;
    }
  options.duration_ns = (gint64) (step_seconds (self, self->step) * 1e9);
  options.trace_cap = 0;
  options.record_cap = 100000;

  self->self_cpu_start = process_cpu_ns ();
  emit_progress (self, 0.0, steps[self->step].label);
  url = interleave_server_dup_url (self->server);
  _interleave_measure_async (self->server, url, steps[self->step].plan, &options, cancellable,
                             measure_progress_cb, self,
                             measured_cb, g_object_ref (self));
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(InterleaveCalibrator) self = data;
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  interleave_server_stop_finish (INTERLEAVE_SERVER (object), result, NULL);
  if (self->own_server)
    g_clear_object (&self->server);

  if (self->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&self->error));
      return;
    }

  emit_progress (self, 0.0, N_("Done"));
  g_task_return_boolean (task, TRUE);
}

static void
finish (InterleaveCalibrator *self,
        GError               *error)
{
  g_clear_error (&self->error);
  self->error = error;

  if (self->own_server && self->server != NULL && interleave_server_get_running (self->server))
    {
      /* Stopped even when cancelled: no server is ever left behind. */
      interleave_server_stop_async (self->server, NULL, stopped_cb, g_object_ref (self));
      return;
    }

  {
    g_autoptr(GTask) task = g_steal_pointer (&self->task);

    if (self->own_server)
      g_clear_object (&self->server);
    if (self->error != NULL)
      g_task_return_error (task, g_steal_pointer (&self->error));
    else
      {
        emit_progress (self, 0.0, N_("Done"));
        g_task_return_boolean (task, TRUE);
      }
  }
}

static void
read_info (InterleaveCalibrator *self)
{
  JsonObject *info = interleave_server_get_info (self->server);
  InterleaveCalibrationServer *r = &self->result;

  g_free (self->runtime_version);
  self->runtime_version = g_strdup (info != NULL ? json_object_get_string_member_with_default (info, "version", "") : "");

  r->pool = 0;
  if (info != NULL && json_object_has_member (info, "pool_size") &&
      !json_object_get_null_member (info, "pool_size"))
    r->pool = (guint) CLAMP (json_object_get_int_member (info, "pool_size"), 0, 1024);
}

static void
start_steps (InterleaveCalibrator *self)
{
  self->wall_before = g_get_monotonic_time ();
  self->busy_before = _interleave_machine_busy_ns ();
  self->self_before = _interleave_self_cpu_ns ();
  self->server_cpu_ns = 0;
  self->background = NAN;
  run_step (self);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(InterleaveCalibrator) self = data;
  g_autoptr(GError) error = NULL;

  if (!interleave_server_start_finish (INTERLEAVE_SERVER (object), result, &error))
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  self->done_weight += START_SECONDS;
  read_info (self);
  start_steps (self);
}

/**
 * interleave_calibrator_run_async:
 * @self: a calibrator
 * @cancellable: (nullable): stops the calibration (and the server it
 *   started)
 * @callback: called when the calibration is over
 * @user_data: data for @callback
 *
 * Calibrates, in about 6 s (3 s when quick), on the caller's main context.
 */
void
interleave_calibrator_run_async (InterleaveCalibrator *self,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_return_if_fail (INTERLEAVE_IS_CALIBRATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, interleave_calibrator_run_async);

  interleave_calibration_server_clear (&self->result);
  memset (&self->result, 0, sizeof self->result);
  self->result.mode = g_strdup (self->preset->mode);
  self->result.workers = self->preset->workers;
  self->result.cpu_factor = 1.0;
  self->result.cpu_wall_factor = 1.0;
  self->result.native_factor = 1.0;
  self->result.native_wall_factor = 1.0;
  self->has_result = FALSE;
  self->parallelism = NAN;
  self->timeslice = -1;
  self->tick = -1;
  self->step = STEP_WARMUP;
  self->done_weight = 0.0;
  self->total_weight = START_SECONDS + PARALLEL_SECONDS;
  for (guint i = 0; i < N_STEPS; i++)
    self->total_weight += step_seconds (self, i);

  if (self->native_base != NULL)
    {
      interleave_calibration_server_set (&self->result, self->native_base);
      self->total_weight = START_SECONDS + step_seconds (self, STEP_NATIVE);
    }

  if (self->server != NULL && interleave_server_get_running (self->server))
    {
      self->done_weight += START_SECONDS;
      read_info (self);
      start_steps (self);
      return;
    }

  g_clear_object (&self->server);
  self->server = interleave_server_new (self->preset);
  self->own_server = TRUE;
  interleave_server_set_node_path (self->server, self->node_path);
  interleave_server_set_python_path (self->server, self->python_path);
  emit_progress (self, 0.0, N_("Starting the server"));
  interleave_server_start_async (self->server, cancellable, started_cb, g_object_ref (self));
}

/**
 * interleave_calibrator_run_finish:
 * @self: a calibrator
 * @result: the result given to the callback
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the calibration is complete
 */
gboolean
interleave_calibrator_run_finish (InterleaveCalibrator  *self,
                                  GAsyncResult          *result,
                                  GError               **error)
{
  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Returns: (nullable): what was measured, once a run succeeded */
const InterleaveCalibrationServer *
interleave_calibrator_get_result (InterleaveCalibrator *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), NULL);

  return self->has_result ? &self->result : NULL;
}

/* Returns: cores two busy threads got together, or NAN before a run */
double
interleave_calibrator_get_parallelism (InterleaveCalibrator *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), NAN);

  return self->parallelism;
}

/* Returns: the OS scheduler's time slice in ns, or -1 when unknown */
gint64
interleave_calibrator_get_timeslice (InterleaveCalibrator *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), -1);

  return self->timeslice;
}

/* Returns: the scheduler tick in ns (interleave_os_tick_from_interrupts()),
 *   or -1 when unknown */
gint64
interleave_calibrator_get_tick (InterleaveCalibrator *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), -1);

  return self->tick;
}

/* Returns: cores other programs used while the calibration ran (from
 *   /proc/stat, less this process and the server), or NAN */
double
interleave_calibrator_get_background (InterleaveCalibrator *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), NAN);

  return self->background;
}

const char *
interleave_calibrator_get_runtime_version (InterleaveCalibrator *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), NULL);

  return self->runtime_version;
}

static InterleaveArchRuntime
arch_runtime (const InterleaveServerPreset *preset)
{
  return preset->runtime == INTERLEAVE_RUNTIME_NODE ? INTERLEAVE_ARCH_RUNTIME_NODE : INTERLEAVE_ARCH_RUNTIME_PYTHON;
}

/**
 * interleave_calibrator_update_profile:
 * @self: a calibrator that ran
 * @profile: (nullable): the profile to update (not changed), or %NULL
 *   to start a new one
 *
 * Returns: (transfer full): @profile with this run's section (replacing
 *   the one of the same mode) and this run's machine figures
 */
InterleaveCalibration *
interleave_calibrator_update_profile (InterleaveCalibrator        *self,
                                      const InterleaveCalibration *profile)
{
  InterleaveCalibration *updated;
  g_autoptr(InterleaveCalibration) fresh = NULL;

  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), NULL);
  g_return_val_if_fail (self->has_result, NULL);

  fresh = interleave_calibration_new (arch_runtime (self->preset));
  if (profile != NULL && profile->runtime == fresh->runtime)
    {
      updated = interleave_calibration_copy (profile);
      g_free (updated->created);
      updated->created = g_strdup (fresh->created);
      updated->cores = fresh->cores;
    }
  else
    updated = g_steal_pointer (&fresh);

  g_free (updated->runtime_version);
  updated->runtime_version = g_strdup (self->runtime_version != NULL ? self->runtime_version : "");
  if (isfinite (self->parallelism))
    updated->parallelism = self->parallelism;
  if (self->timeslice > 0)
    updated->timeslice_ns = self->timeslice;
  if (self->tick > 0)
    updated->sched_tick_ns = self->tick;
  interleave_calibration_set_server (updated, &self->result);

  return updated;
}

/**
 * interleave_calibrator_save:
 * @self: a calibrator that ran
 * @path: (out) (optional) (transfer full): the file written
 * @error: a location for a #GError
 *
 * Stores this run in the user's profile of the runtime (the sections of
 * other modes stay). A profile there that cannot be read is replaced.
 *
 * Returns: %TRUE on success
 */
gboolean
interleave_calibrator_save (InterleaveCalibrator  *self,
                            char                 **path,
                            GError               **error)
{
  g_autoptr(InterleaveCalibration) existing = NULL;
  g_autoptr(InterleaveCalibration) updated = NULL;
  g_autofree char *file = NULL;
  InterleaveArchRuntime runtime;

  g_return_val_if_fail (INTERLEAVE_IS_CALIBRATOR (self), FALSE);
  g_return_val_if_fail (self->has_result, FALSE);

  runtime = arch_runtime (self->preset);
  file = interleave_calibration_get_path (runtime);
  existing = interleave_calibration_load_user (runtime, NULL);
  updated = interleave_calibrator_update_profile (self, existing);

  if (!interleave_calibration_save_file (updated, file, error))
    return FALSE;

  if (path != NULL)
    *path = g_steal_pointer (&file);
  return TRUE;
}
