/* bench-sched-pool.c
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

/* Benchmark (`meson test --benchmark --suite live sched-pool`): how this
 * machine's scheduler shares its cores among a pool of threads, next to
 * what the simulator predicts for the same work.
 *
 * A thread hands jobs of 5 ms of CPU time, at even gaps, to a pool of four
 * threads (as a libuv pool or an executor gets its native calls), at 85 %
 * of two cores. No HTTP, no runtime: what is left is the kernel. Each job
 * notes, every few microseconds, on which processor it runs. Printed:
 * latency (from when the job was due), the share of the run in which a
 * job was ready but fewer cores than jobs ran one, and how often such a
 * job later ran on the busy core (it waited in that core's queue while
 * another idled); then the twin's latency with one run queue for all
 * cores, with the cores balanced at the scheduler tick
 * (machine.balance_interval), and with that and the share of jobs that
 * started on a busy core while the other idled (machine.wake_stay), as
 * measured here. docs/fidelity.md, "The cells that still
 * miss", has the figures of this machine. */

#define _GNU_SOURCE   /* sched_getcpu() */

#include "config.h"

#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "interleave-calibrator.h"
#include "interleave-scenario.h"
#include "interleave-simulation.h"
#include "interleave-summary.h"

#define POOL_THREADS 4
#define JOB_MS       5.0
#define LOAD         0.85
#define RUN_S        4.0
#define WARMUP_MS    500.0
#define MAX_SEGMENTS 64
#define GAP_MS       0.03   /* readings further apart than this: the job was off its core */

typedef struct
{
  double due, start, end;           /* ms from the start */
  guint  n_segments;
  double seg_start[MAX_SEGMENTS];
  double seg_end[MAX_SEGMENTS];
  int    seg_cpu[MAX_SEGMENTS];
} Job;

typedef struct
{
  Job            *jobs;
  guint           n_jobs;
  guint           next;             /* first job not taken */
  guint           submitted;
  gboolean        done;
  double          origin;
  pthread_mutex_t lock;
  pthread_cond_t  cond;
} Pool;

static double
clock_ms (clockid_t id)
{
  struct timespec ts;

  clock_gettime (id, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Spins for JOB_MS of this thread's CPU time, noting where it ran. */
static void
run_job (Pool *pool,
         Job  *job)
{
  double cpu_start = clock_ms (CLOCK_THREAD_CPUTIME_ID);
  double last = clock_ms (CLOCK_MONOTONIC) - pool->origin;

  job->start = last;
  job->n_segments = 1;
  job->seg_start[0] = last;
  job->seg_cpu[0] = sched_getcpu ();
  while (clock_ms (CLOCK_THREAD_CPUTIME_ID) - cpu_start < JOB_MS)
    {
      double now = clock_ms (CLOCK_MONOTONIC) - pool->origin;

      if (now - last > GAP_MS && job->n_segments < MAX_SEGMENTS)
        {
          job->seg_end[job->n_segments - 1] = last;
          job->seg_start[job->n_segments] = now;
          job->seg_cpu[job->n_segments] = sched_getcpu ();
          job->n_segments++;
        }
      last = now;
    }
  job->seg_end[job->n_segments - 1] = last;
  job->end = clock_ms (CLOCK_MONOTONIC) - pool->origin;
}

static void *
pool_thread (void *data)
{
  Pool *pool = data;

  for (;;)
    {
      Job *job;

      pthread_mutex_lock (&pool->lock);
      while (pool->next == pool->submitted && !pool->done)
        pthread_cond_wait (&pool->cond, &pool->lock);
      if (pool->next == pool->submitted)
        {
          pthread_mutex_unlock (&pool->lock);
          return NULL;
        }
      job = &pool->jobs[pool->next++];
      pthread_mutex_unlock (&pool->lock);
      run_job (pool, job);
    }
}

static void
run_pool (Pool   *pool,
          double  rate)
{
  pthread_t threads[POOL_THREADS];

  pool->n_jobs = (guint) (rate * RUN_S);
  pool->jobs = g_new0 (Job, pool->n_jobs);
  pthread_mutex_init (&pool->lock, NULL);
  pthread_cond_init (&pool->cond, NULL);
  for (guint i = 0; i < POOL_THREADS; i++)
    pthread_create (&threads[i], NULL, pool_thread, pool);

  pool->origin = clock_ms (CLOCK_MONOTONIC) + 10;
  for (guint i = 0; i < pool->n_jobs; i++)
    {
      double due = pool->origin + i * 1000.0 / rate;
      struct timespec at = { (time_t) (due / 1e3), (long) (fmod (due, 1e3) * 1e6) };

      clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
      pthread_mutex_lock (&pool->lock);
      pool->jobs[pool->submitted++].due = due - pool->origin;
      pthread_cond_signal (&pool->cond);
      pthread_mutex_unlock (&pool->lock);
    }

  pthread_mutex_lock (&pool->lock);
  pool->done = TRUE;
  pthread_cond_broadcast (&pool->cond);
  pthread_mutex_unlock (&pool->lock);
  for (guint i = 0; i < POOL_THREADS; i++)
    pthread_join (threads[i], NULL);
  pthread_mutex_destroy (&pool->lock);
  pthread_cond_destroy (&pool->cond);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_latency (const char *who,
               double      p50,
               double      p95,
               double      p99,
               double      mean)
{
  g_print ("%-38s p50 %6.2f  p95 %6.2f  p99 %6.2f  mean %6.2f ms\n", who, p50, p95, p99, mean);
}

static void
report_real (const Pool *pool)
{
  g_autofree double *latency = g_new (double, pool->n_jobs);
  guint n = 0;
  double sum = 0;

  for (guint i = 0; i < pool->n_jobs; i++)
    if (pool->jobs[i].due >= WARMUP_MS)
      {
        latency[n] = pool->jobs[i].end - pool->jobs[i].due;
        sum += latency[n++];
      }
  qsort (latency, n, sizeof (double), compare_double);
  print_latency ("real pool", latency[n / 2], latency[n * 95 / 100], latency[n * 99 / 100], sum / n);
}

/* Whether job @j runs at @t, and where (-1: not running). */
static int
running_cpu (const Job *job,
             double     t)
{
  for (guint k = 0; k < job->n_segments; k++)
    if (job->seg_start[k] <= t && t < job->seg_end[k])
      return job->seg_cpu[k];
  return -1;
}

/* Samples the run every 50 µs: a job is ready but not running while fewer
 * jobs run than there are cores and jobs; where did it run next? */
static void
report_stalls (const Pool *pool,
               guint       cores)
{
  double first = WARMUP_MS, last = pool->jobs[pool->n_jobs - 1].due;
  guint samples = 0, stalled = 0, behind_busy = 0;
  guint lo = 0;

  for (double t = first; t < last; t += 0.05)
    {
      guint active = 0, running = 0, waiting = G_MAXUINT;
      int busy_cpu = -1;

      samples++;
      while (lo < pool->n_jobs && pool->jobs[lo].end <= t)
        lo++;
      for (guint i = lo; i < pool->n_jobs && pool->jobs[i].due <= t; i++)
        {
          const Job *job = &pool->jobs[i];
          int cpu;

          if (job->end <= t)
            continue;
          active++;
          if ((cpu = running_cpu (job, t)) >= 0)
            {
              running++;
              busy_cpu = cpu;
            }
          else if (waiting == G_MAXUINT)
            waiting = i;
        }
      if (running >= MIN (active, cores) || waiting == G_MAXUINT || running == 0)
        continue;
      stalled++;
      /* The next time the waiting job runs: on the busy core? */
      for (guint k = 0; k < pool->jobs[waiting].n_segments; k++)
        if (pool->jobs[waiting].seg_start[k] > t)
          {
            behind_busy += pool->jobs[waiting].seg_cpu[k] == busy_cpu;
            break;
          }
    }

  g_print ("a job ready while a core had none: %.1f %% of the run; %.0f %% of that time it then ran on the busy core\n",
           100.0 * stalled / MAX (samples, 1), 100.0 * behind_busy / MAX (stalled, 1));
}

/* Of the jobs due while exactly one core ran another job, the share that
 * started on that busy core anyway (machine.wake_stay). */
static double
measure_wake_stay (const Pool *pool,
                   guint       cores)
{
  guint one_busy = 0, stayed = 0;

  if (cores != 2)
    return 0;
  for (guint i = 0; i < pool->n_jobs; i++)
    {
      const Job *job = &pool->jobs[i];
      int busy_cpu = -1;
      guint busy = 0;

      if (job->due < WARMUP_MS)
        continue;
      for (guint k = i > 16 ? i - 16 : 0; k < i; k++)
        {
          int cpu = running_cpu (&pool->jobs[k], job->due);

          if (cpu >= 0 && cpu != busy_cpu)
            {
              busy++;
              busy_cpu = cpu;
            }
        }
      if (busy != 1)
        continue;
      one_busy++;
      stayed += job->seg_cpu[0] == busy_cpu;
    }
  g_print ("jobs due while one core ran another: %u; started on that busy core: %.0f %%\n",
           one_busy, 100.0 * stayed / MAX (one_busy, 1));
  return one_busy > 0 ? (double) stayed / one_busy : 0;
}

static void
report_twin (const char *who,
             guint       cores,
             double      rate,
             gint64      balance_ns,
             double      wake_stay)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"duration\": \"%gs\", \"machine\": { \"cores\": %u, \"context_switch\": \"5us\", \"balance_interval\": \"%" G_GINT64_FORMAT "ns\", \"wake_stay\": %.4f },"
    "  \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": %g },"
    "                  \"classes\": [ { \"plan\": \"cpu:%g\" } ] },"
    "  \"architectures\": [ { \"kind\": \"threads\", \"runtime\": \"ideal\", \"threads\": %u } ] }",
    RUN_S, cores, balance_ns, balance_ns > 0 ? wake_stay : 0.0, rate, JOB_MS, POOL_THREADS);
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveScenario) scenario = interleave_scenario_load_data (json, -1, "sched-pool.json", &error);
  g_autoptr(InterleaveSummary) summary = NULL;
  g_autoptr(InterleaveTrace) trace = NULL;

  g_assert_no_error (error);
  trace = interleave_simulate (scenario, 0, NULL, &summary, &error);
  g_assert_no_error (error);
  print_latency (who, summary->latency_p50_ms, summary->latency_p95_ms, summary->latency_p99_ms, summary->latency_mean_ms);
}

int
main (void)
{
  guint cores = MIN (g_get_num_processors (), 2);
  double rate = LOAD * cores * 1000.0 / JOB_MS;
  Pool pool = { 0 };
  gint64 tick;
  g_autofree char *tick_label = NULL;
  g_autofree char *stay_label = NULL;
  double wake_stay;

  /* The tick, as calibration measures it. */
  interleave_measure_os_parallelism (2, 300 * G_GINT64_CONSTANT (1000000), &tick);

  g_print ("pool of %u threads, jobs of %.0f ms CPU at %.0f a second (%.0f %% of %u cores), %.0f s\n",
           POOL_THREADS, JOB_MS, rate, LOAD * 100, cores, RUN_S);
  run_pool (&pool, rate);
  report_real (&pool);
  report_stalls (&pool, cores);
  wake_stay = measure_wake_stay (&pool, cores);

  report_twin ("twin, one queue for all cores", cores, rate, 0, 0);
  if (tick > 0)
    {
      tick_label = g_strdup_printf ("twin, balanced at the tick (%.2f ms)", tick / 1e6);
      report_twin (tick_label, cores, rate, tick, 0);
      stay_label = g_strdup_printf ("twin, tick, %.0f %% stay behind", wake_stay * 100);
      report_twin (stay_label, cores, rate, tick, wake_stay);
    }
  else
    g_print ("the scheduler tick could not be measured here\n");

  g_free (pool.jobs);
  return 0;
}
