/* test-proc-sampler.c
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

#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "interleave-proc-sampler.h"
#include "interleave-proc-stat.h"

static void
test_proc_stat_parse (void)
{
  InterleaveProcStat stat;

  /* A command name with spaces and parentheses must not shift fields. */
  g_assert_true (interleave_proc_stat_parse (
    "4242 (my (odd) name) S 4241 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 "
    "12345 1000000 256 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n", &stat));
  g_assert_cmpint (stat.pid, ==, 4242);
  g_assert_cmpint (stat.ppid, ==, 4241);
  g_assert_cmpint (stat.state, ==, 'S');
  g_assert_cmpstr (stat.comm, ==, "my (odd) name");
  g_assert_cmpint (stat.utime_ns, ==, 250 * (1000000000 / sysconf (_SC_CLK_TCK)));
  g_assert_cmpint (stat.stime_ns, ==, 50 * (1000000000 / sysconf (_SC_CLK_TCK)));
  g_assert_cmpuint (stat.n_threads, ==, 3);
  g_assert_cmpint (stat.rss_bytes, ==, 256 * sysconf (_SC_PAGESIZE));

  g_assert_false (interleave_proc_stat_parse ("", &stat));
  g_assert_false (interleave_proc_stat_parse ("12 (x", &stat));
  g_assert_false (interleave_proc_stat_parse ("12 (x) S 1 2", &stat));
  g_assert_false (interleave_proc_stat_parse ("abc (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22", &stat));
}

static void
test_proc_descendants (void)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 child_pid;
  gint64 grandchild_pid = 0;

  /* A shell that forks a sleep: both are descendants. */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            "sh", "-c", "sleep 30 & echo $!; wait", NULL);
  g_assert_no_error (error);
  child_pid = g_ascii_strtoll (g_subprocess_get_identifier (child), NULL, 10);

  {
    g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
    g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

    g_assert_no_error (error);
    grandchild_pid = g_ascii_strtoll (line, NULL, 10);
  }

  found = interleave_proc_list_descendants (getpid ());
  g_assert_true (interleave_proc_is_alive (child_pid));
  g_assert_true (interleave_proc_is_alive (grandchild_pid));

  {
    gboolean has_child = FALSE, has_grandchild = FALSE;

    for (guint i = 0; i < found->len; i++)
      {
        has_child |= g_array_index (found, gint64, i) == child_pid;
        has_grandchild |= g_array_index (found, gint64, i) == grandchild_pid;
      }
    g_assert_true (has_child);
    g_assert_true (has_grandchild);
  }

  kill ((pid_t) grandchild_pid, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (interleave_proc_is_alive (child_pid));
  g_assert_false (interleave_proc_is_alive (grandchild_pid));
  g_assert_false (interleave_proc_is_alive (-1));
}

typedef struct
{
  gint     tid;
  gint     stop;
} Spinner;

static gpointer
spin_thread (gpointer data)
{
  Spinner *spinner = data;
  volatile guint64 x = 0;

  g_atomic_int_set (&spinner->tid, (gint) syscall (SYS_gettid));
  while (!g_atomic_int_get (&spinner->stop))
    x++;

  return NULL;
}

/* A spinning thread shows up with the CPU, the sleeping main thread
 * without: per-thread attribution from /proc, as ratios. */
static void
test_proc_sampler_threads (void)
{
  g_autoptr(InterleaveProcSampler) sampler = interleave_proc_sampler_new ();
  const InterleaveProcessUsage *usage = NULL;
  const InterleaveThreadUsage *busy = NULL;
  const InterleaveThreadUsage *main_thread = NULL;
  Spinner spinner = { 0 };
  GThread *thread;

  interleave_proc_sampler_add_root (sampler, getpid ());
  interleave_proc_sampler_sample (sampler, g_get_monotonic_time () * 1000);

  thread = g_thread_new ("spinner", spin_thread, &spinner);
  for (guint i = 0; i < 5; i++)
    {
      g_usleep (100000);
      interleave_proc_sampler_sample (sampler, g_get_monotonic_time () * 1000);
    }
  g_atomic_int_set (&spinner.stop, 1);
  g_thread_join (thread);

  g_assert_cmpuint (interleave_proc_sampler_get_n_processes (sampler), >=, 1);
  usage = interleave_proc_sampler_get_process (sampler, 0);
  g_assert_cmpint (usage->pid, ==, getpid ());
  g_assert_true (usage->alive);
  g_assert_cmpint (usage->rss_bytes, >, 0);
  g_assert_cmpint (usage->peak_rss_bytes, >=, usage->rss_bytes);

  for (guint i = 0; i < usage->threads->len; i++)
    {
      const InterleaveThreadUsage *t = &g_array_index (usage->threads, InterleaveThreadUsage, i);

      if (t->tid == g_atomic_int_get (&spinner.tid))
        busy = t;
      else if (t->tid == getpid ())
        main_thread = t;
    }

  g_assert_nonnull (busy);
  g_assert_nonnull (main_thread);
  g_test_message ("busy thread %.3f s, main thread %.3f s, process %.3f s",
                  busy->cpu_ns / 1e9, main_thread->cpu_ns / 1e9,
                  (usage->user_ns + usage->sys_ns) / 1e9);
  g_assert_cmpint (busy->cpu_ns, >, 10 * main_thread->cpu_ns);
  g_assert_cmpfloat (busy->cpu_rate, >, 0.0);
  /* The process figure (clock ticks) covers the thread (ns): allow a tick. */
  g_assert_cmpint (usage->user_ns + usage->sys_ns + 20000000, >=, busy->cpu_ns);
  g_assert_cmpint (interleave_proc_sampler_get_cpu_ns (sampler), ==, usage->user_ns + usage->sys_ns);
  g_assert_true (interleave_proc_sampler_root_alive (sampler));
}

/* Children forked later are found by the periodic rescan, and a dead
 * root is reported. */
static void
test_proc_sampler_children (void)
{
  g_autoptr(InterleaveProcSampler) sampler = interleave_proc_sampler_new ();
  g_autoptr(GSubprocess) root = NULL;
  g_autoptr(GError) error = NULL;
  gint64 root_pid;
  gint64 now = g_get_monotonic_time () * 1000;
  gboolean found_busy_child = FALSE;

  /* The root sleeps a little, then forks a busy child that outlives a
   * rescan or two (about 3 s of shell arithmetic; a child shorter than
   * the rescan interval could come and go unseen). */
  root = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                           "sh", "-c", "sleep 0.2; (i=0; while [ $i -lt 3000000 ]; do i=$((i+1)); done) & wait", NULL);
  g_assert_no_error (error);
  root_pid = g_ascii_strtoll (g_subprocess_get_identifier (root), NULL, 10);

  interleave_proc_sampler_add_root (sampler, root_pid);
  interleave_proc_sampler_sample (sampler, now);

  for (guint i = 0; i < 100 && !found_busy_child; i++)
    {
      g_usleep (50000);
      now = g_get_monotonic_time () * 1000;
      interleave_proc_sampler_sample (sampler, now);

      for (guint j = 0; j < interleave_proc_sampler_get_n_processes (sampler); j++)
        {
          const InterleaveProcessUsage *usage = interleave_proc_sampler_get_process (sampler, j);

          if (usage->ppid == root_pid && usage->user_ns + usage->sys_ns > 0)
            found_busy_child = TRUE;
        }
    }

  g_assert_true (found_busy_child);
  g_assert_true (interleave_proc_sampler_root_alive (sampler));

  g_subprocess_force_exit (root);
  g_subprocess_wait (root, NULL, NULL);
  g_assert_false (interleave_proc_sampler_root_alive (sampler));
  interleave_proc_sampler_sample (sampler, g_get_monotonic_time () * 1000);
  g_assert_false (interleave_proc_sampler_get_process (sampler, 0)->alive);

  /* The busy child outlives its killed parent: leave nothing behind. */
  for (guint j = 0; j < interleave_proc_sampler_get_n_processes (sampler); j++)
    {
      const InterleaveProcessUsage *usage = interleave_proc_sampler_get_process (sampler, j);

      if (usage->pid != root_pid && interleave_proc_is_alive (usage->pid))
        kill ((pid_t) usage->pid, SIGKILL);
    }
}

/* A process first seen while the run goes on (a URL target's server,
 * found in Server-Timing) may have been busy long before: only what it
 * uses from then on counts. The child burns CPU, then sleeps; found
 * after the first sample, it must show (almost) none of that CPU. (It
 * execs the sleep, so that killing it leaves no process holding the
 * test's output open.) */
static void
test_proc_sampler_found_late (void)
{
  g_autoptr(InterleaveProcSampler) sampler = interleave_proc_sampler_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  const InterleaveProcessUsage *usage = NULL;
  InterleaveProcStat stat;
  gint64 pid;
  gint64 burned = 0;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                            "sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; exec sleep 30", NULL);
  g_assert_no_error (error);
  pid = g_ascii_strtoll (g_subprocess_get_identifier (child), NULL, 10);

  /* Wait for the busy part to end: the CPU time stops growing. */
  for (guint i = 0; i < 600; i++)
    {
      g_usleep (50000);
      g_assert_true (interleave_proc_stat_read (pid, -1, &stat));
      if (stat.utime_ns + stat.stime_ns == burned && burned > 0)
        break;
      burned = stat.utime_ns + stat.stime_ns;
    }
  g_assert_cmpint (burned, >, 0);

  interleave_proc_sampler_sample (sampler, g_get_monotonic_time () * 1000);
  interleave_proc_sampler_add_process (sampler, pid);
  g_usleep (100000);
  interleave_proc_sampler_sample (sampler, g_get_monotonic_time () * 1000);

  for (guint j = 0; j < interleave_proc_sampler_get_n_processes (sampler); j++)
    if (interleave_proc_sampler_get_process (sampler, j)->pid == pid)
      usage = interleave_proc_sampler_get_process (sampler, j);

  g_assert_nonnull (usage);
  g_test_message ("burned %.1f ms before it was found; counted %.1f ms",
                  burned / 1e6, (usage->user_ns + usage->sys_ns) / 1e6);
  g_assert_cmpint (usage->user_ns + usage->sys_ns, <, burned / 2);
  for (guint j = 0; j < usage->threads->len; j++)
    g_assert_cmpint (g_array_index (usage->threads, InterleaveThreadUsage, j).cpu_ns, <, burned / 2);

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proc/stat-parse", test_proc_stat_parse);
  g_test_add_func ("/proc/descendants", test_proc_descendants);
  g_test_add_func ("/proc/sampler-threads", test_proc_sampler_threads);
  g_test_add_func ("/proc/sampler-children", test_proc_sampler_children);
  g_test_add_func ("/proc/sampler-found-late", test_proc_sampler_found_late);

  return g_test_run ();
}
