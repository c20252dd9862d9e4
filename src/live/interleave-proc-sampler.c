/* interleave-proc-sampler.c
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

#include <string.h>

#include "interleave-proc-sampler.h"
#include "interleave-proc-stat.h"

/* Descendants are looked for at most this often: a /proc scan reads every
 * process on the machine. */
#define RESCAN_INTERVAL_NS (500 * G_GINT64_CONSTANT (1000000))

typedef struct
{
  InterleaveThreadUsage usage;
  gint64                base_ns;
  gint64                last_ns;
  gboolean              seen;     /* in the current sample */
} ThreadState;

typedef struct
{
  InterleaveProcessUsage usage;
  gint64                 base_user_ns;
  gint64                 base_sys_ns;
  gint64                 last_ticks_ns;
  gboolean               born_in_run;   /* forked during the run: all its CPU counts */
  gboolean               sampled;       /* sample_process() has seen it once */
  GArray                *threads;       /* ThreadState */
} ProcessState;

struct _InterleaveProcSampler
{
  GArray *roots;        /* gint64 */
  GArray *processes;    /* ProcessState */
  gint64  last_sample;
  gint64  last_rescan;
  guint   n_samples;
};

static void
process_state_clear (gpointer data)
{
  ProcessState *state = data;

  g_clear_pointer (&state->threads, g_array_unref);
  g_clear_pointer (&state->usage.threads, g_array_unref);
}

InterleaveProcSampler *
interleave_proc_sampler_new (void)
{
  InterleaveProcSampler *sampler = g_new0 (InterleaveProcSampler, 1);

  sampler->roots = g_array_new (FALSE, FALSE, sizeof (gint64));
  sampler->processes = g_array_new (FALSE, TRUE, sizeof (ProcessState));
  g_array_set_clear_func (sampler->processes, process_state_clear);
  sampler->last_sample = -1;
  sampler->last_rescan = -1;

  return sampler;
}

void
interleave_proc_sampler_free (InterleaveProcSampler *sampler)
{
  if (sampler == NULL)
    return;

  g_clear_pointer (&sampler->roots, g_array_unref);
  g_clear_pointer (&sampler->processes, g_array_unref);
  g_free (sampler);
}

static ProcessState *
find_process (InterleaveProcSampler *sampler,
              gint64                 pid)
{
  for (guint i = 0; i < sampler->processes->len; i++)
    {
      ProcessState *state = &g_array_index (sampler->processes, ProcessState, i);

      if (state->usage.pid == pid)
        return state;
    }

  return NULL;
}

static void
add_process (InterleaveProcSampler *sampler,
             gint64                 pid,
             gboolean               born_in_run)
{
  ProcessState state = { 0 };
  InterleaveProcStat stat;

  if (pid <= 0 || find_process (sampler, pid) != NULL)
    return;

  if (!interleave_proc_stat_read (pid, -1, &stat) || stat.state == 'Z')
    return;

  state.usage.pid = pid;
  state.usage.ppid = stat.ppid;
  memcpy (state.usage.comm, stat.comm, sizeof stat.comm);
  state.usage.alive = TRUE;
  state.usage.rss_bytes = stat.rss_bytes;
  state.usage.peak_rss_bytes = stat.rss_bytes;
  state.usage.threads = g_array_new (FALSE, TRUE, sizeof (InterleaveThreadUsage));
  state.threads = g_array_new (FALSE, TRUE, sizeof (ThreadState));
  state.born_in_run = born_in_run;

  /* A process forked during the run: all of its CPU belongs to the run.
   * Any other counts from now: it may have served long before. */
  if (!born_in_run)
    {
      state.base_user_ns = stat.utime_ns;
      state.base_sys_ns = stat.stime_ns;
      state.last_ticks_ns = stat.utime_ns + stat.stime_ns;
    }

  g_array_append_val (sampler->processes, state);
}

/**
 * interleave_proc_sampler_add_process:
 * @sampler: a sampler
 * @pid: a process to sample (for instance one seen in Server-Timing)
 *
 * Its CPU counts from now: a process found while the run goes on (a URL
 * target's server) may have been busy long before. Does nothing if @pid
 * is already sampled or cannot be read.
 */
void
interleave_proc_sampler_add_process (InterleaveProcSampler *sampler,
                                     gint64                 pid)
{
  g_return_if_fail (sampler != NULL);

  add_process (sampler, pid, FALSE);
}

/**
 * interleave_proc_sampler_add_root:
 * @sampler: a sampler
 * @pid: a server's main process
 *
 * Samples @pid and every process it forks (found again at each rescan).
 */
void
interleave_proc_sampler_add_root (InterleaveProcSampler *sampler,
                                  gint64                 pid)
{
  g_autoptr(GArray) descendants = NULL;

  g_return_if_fail (sampler != NULL);

  if (pid <= 0)
    return;

  for (guint i = 0; i < sampler->roots->len; i++)
    if (g_array_index (sampler->roots, gint64, i) == pid)
      return;

  g_array_append_val (sampler->roots, pid);
  add_process (sampler, pid, FALSE);

  descendants = interleave_proc_list_descendants (pid);
  for (guint i = 0; i < descendants->len; i++)
    add_process (sampler, g_array_index (descendants, gint64, i), FALSE);
}

static ThreadState *
find_thread (ProcessState *state,
             gint64        tid)
{
  for (guint i = 0; i < state->threads->len; i++)
    {
      ThreadState *thread = &g_array_index (state->threads, ThreadState, i);

      if (thread->usage.tid == tid)
        return thread;
    }

  return NULL;
}

static void
sample_process (ProcessState *state,
                double        interval_s)
{
  /* Threads alive when an old process is first sampled count from then;
   * later ones, and all of a process born in the run, from zero. */
  gboolean first = !state->sampled && !state->born_in_run;
  g_autoptr(GArray) tids = NULL;
  InterleaveProcStat stat;
  gint64 run_delta = 0;
  gboolean have_run = FALSE;
  gint64 ticks_ns;

  if (!state->usage.alive)
    return;

  if (!interleave_proc_stat_read (state->usage.pid, -1, &stat) || stat.state == 'Z')
    {
      state->usage.alive = FALSE;
      state->usage.cpu_rate = 0.0;
      for (guint i = 0; i < state->usage.threads->len; i++)
        g_array_index (state->usage.threads, InterleaveThreadUsage, i).cpu_rate = 0.0;
      return;
    }

  state->usage.user_ns = MAX (0, stat.utime_ns - state->base_user_ns);
  state->usage.sys_ns = MAX (0, stat.stime_ns - state->base_sys_ns);
  state->usage.rss_bytes = stat.rss_bytes;
  state->usage.peak_rss_bytes = MAX (state->usage.peak_rss_bytes, stat.rss_bytes);
  ticks_ns = stat.utime_ns + stat.stime_ns;

  for (guint i = 0; i < state->threads->len; i++)
    g_array_index (state->threads, ThreadState, i).seen = FALSE;

  tids = interleave_proc_list_threads (state->usage.pid);
  for (guint i = 0; i < tids->len; i++)
    {
      gint64 tid = g_array_index (tids, gint64, i);
      InterleaveProcStat tstat;
      ThreadState *thread;
      gint64 value;

      if (!interleave_proc_stat_read (state->usage.pid, tid, &tstat))
        continue;

      value = tstat.run_ns >= 0 ? tstat.run_ns : tstat.utime_ns + tstat.stime_ns;
      thread = find_thread (state, tid);
      if (thread == NULL)
        {
          ThreadState fresh = { 0 };

          fresh.usage.tid = tid;
          fresh.base_ns = first ? value : 0;
          fresh.last_ns = fresh.base_ns;
          g_array_append_val (state->threads, fresh);
          thread = &g_array_index (state->threads, ThreadState, state->threads->len - 1);
        }

      memcpy (thread->usage.comm, tstat.comm, sizeof tstat.comm);
      thread->seen = TRUE;
      thread->usage.cpu_ns = MAX (0, value - thread->base_ns);
      thread->usage.cpu_rate = interval_s > 0 ? (value - thread->last_ns) / 1e9 / interval_s : 0.0;

      if (tstat.run_ns >= 0)
        {
          run_delta += value - thread->last_ns;
          have_run = TRUE;
        }

      thread->last_ns = value;
    }

  for (guint i = 0; i < state->threads->len; i++)
    {
      ThreadState *thread = &g_array_index (state->threads, ThreadState, i);

      if (!thread->seen)
        thread->usage.cpu_rate = 0.0;
    }

  /* schedstat has ns precision; clock ticks (10 ms) are the fallback. */
  if (interval_s > 0)
    {
      if (have_run)
        state->usage.cpu_rate = run_delta / 1e9 / interval_s;
      else
        state->usage.cpu_rate = (ticks_ns - state->last_ticks_ns) / 1e9 / interval_s;
    }
  state->last_ticks_ns = ticks_ns;

  g_array_set_size (state->usage.threads, 0);
  for (guint i = 0; i < state->threads->len; i++)
    g_array_append_val (state->usage.threads, g_array_index (state->threads, ThreadState, i).usage);
  state->sampled = TRUE;
}

/**
 * interleave_proc_sampler_sample:
 * @sampler: a sampler
 * @now_ns: the current monotonic time in ns
 *
 * Reads /proc for every sampled process and updates rates over the time
 * since the previous sample. Processes that exit stay listed, not alive.
 */
void
interleave_proc_sampler_sample (InterleaveProcSampler *sampler,
                                gint64                 now_ns)
{
  double interval_s;

  g_return_if_fail (sampler != NULL);

  if (sampler->last_rescan < 0 || now_ns - sampler->last_rescan >= RESCAN_INTERVAL_NS)
    {
      sampler->last_rescan = now_ns;
      for (guint i = 0; i < sampler->roots->len; i++)
        {
          g_autoptr(GArray) descendants = interleave_proc_list_descendants (g_array_index (sampler->roots, gint64, i));

          for (guint j = 0; j < descendants->len; j++)
            add_process (sampler, g_array_index (descendants, gint64, j), sampler->n_samples > 0);
        }
    }

  interval_s = sampler->last_sample >= 0 ? (now_ns - sampler->last_sample) / 1e9 : 0.0;

  for (guint i = 0; i < sampler->processes->len; i++)
    sample_process (&g_array_index (sampler->processes, ProcessState, i), interval_s);

  sampler->last_sample = now_ns;
  sampler->n_samples++;
}

guint
interleave_proc_sampler_get_n_processes (InterleaveProcSampler *sampler)
{
  g_return_val_if_fail (sampler != NULL, 0);

  return sampler->processes->len;
}

const InterleaveProcessUsage *
interleave_proc_sampler_get_process (InterleaveProcSampler *sampler,
                                     guint                  index)
{
  g_return_val_if_fail (sampler != NULL, NULL);
  g_return_val_if_fail (index < sampler->processes->len, NULL);

  return &g_array_index (sampler->processes, ProcessState, index).usage;
}

/* Returns: cores in use by all sampled processes over the last interval */
double
interleave_proc_sampler_get_cpu_rate (InterleaveProcSampler *sampler)
{
  double total = 0.0;

  g_return_val_if_fail (sampler != NULL, 0.0);

  for (guint i = 0; i < sampler->processes->len; i++)
    total += g_array_index (sampler->processes, ProcessState, i).usage.cpu_rate;

  return total;
}

/* Returns: user + system CPU of all sampled processes since first seen */
gint64
interleave_proc_sampler_get_cpu_ns (InterleaveProcSampler *sampler)
{
  gint64 total = 0;

  g_return_val_if_fail (sampler != NULL, 0);

  for (guint i = 0; i < sampler->processes->len; i++)
    {
      const InterleaveProcessUsage *usage = &g_array_index (sampler->processes, ProcessState, i).usage;
      total += usage->user_ns + usage->sys_ns;
    }

  return total;
}

/* Returns: %TRUE while every root process is alive (or there is none) */
gboolean
interleave_proc_sampler_root_alive (InterleaveProcSampler *sampler)
{
  g_return_val_if_fail (sampler != NULL, FALSE);

  for (guint i = 0; i < sampler->roots->len; i++)
    if (!interleave_proc_is_alive (g_array_index (sampler->roots, gint64, i)))
      return FALSE;

  return TRUE;
}
