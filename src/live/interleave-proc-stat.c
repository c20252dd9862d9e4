/* interleave-proc-stat.c
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

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interleave-proc-stat.h"

static gint64
ticks_to_ns (guint64 ticks)
{
  static gsize hz = 0;

  if (g_once_init_enter (&hz))
    {
      long value = sysconf (_SC_CLK_TCK);
      g_once_init_leave (&hz, value > 0 ? (gsize) value : 100);
    }

  return (gint64) (ticks * (G_GUINT64_CONSTANT (1000000000) / hz));
}

static gint64
page_size (void)
{
  static gsize size = 0;

  if (g_once_init_enter (&size))
    {
      long value = sysconf (_SC_PAGESIZE);
      g_once_init_leave (&size, value > 0 ? (gsize) value : 4096);
    }

  return (gint64) size;
}

/**
 * interleave_proc_stat_parse:
 * @line: the contents of a /proc/PID/stat file
 * @stat: (out caller-allocates): the fields
 *
 * The command name is in parentheses and may itself contain spaces and
 * parentheses, so the fields are counted from the last ")".
 *
 * Returns: %TRUE if @line had the expected shape
 */
gboolean
interleave_proc_stat_parse (const char         *line,
                            InterleaveProcStat *stat)
{
  g_auto(GStrv) fields = NULL;
  const char *open;
  const char *close;
  const char *rest;
  char *end = NULL;
  gsize comm_len;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (stat != NULL, FALSE);

  memset (stat, 0, sizeof *stat);
  stat->run_ns = -1;

  open = strchr (line, '(');
  close = strrchr (line, ')');
  if (open == NULL || close == NULL || close < open)
    return FALSE;

  stat->pid = g_ascii_strtoll (line, &end, 10);
  if (end == line || stat->pid <= 0)
    return FALSE;

  comm_len = MIN ((gsize) (close - open - 1), sizeof stat->comm - 1);
  memcpy (stat->comm, open + 1, comm_len);
  stat->comm[comm_len] = '\0';

  /* Fields after the name, numbered from 3 (state) as in proc(5). */
  rest = close + 1;
  while (*rest == ' ')
    rest++;
  fields = g_strsplit (rest, " ", -1);
  if (g_strv_length (fields) < 22)
    return FALSE;

  stat->state = fields[0][0];
  stat->ppid = g_ascii_strtoll (fields[1], NULL, 10);
  stat->utime_ns = ticks_to_ns (g_ascii_strtoull (fields[11], NULL, 10));
  stat->stime_ns = ticks_to_ns (g_ascii_strtoull (fields[12], NULL, 10));
  stat->n_threads = (guint) g_ascii_strtoull (fields[17], NULL, 10);
  stat->rss_bytes = g_ascii_strtoll (fields[21], NULL, 10) * page_size ();

  return stat->state != '\0';
}

/**
 * interleave_proc_stat_read:
 * @pid: a process id
 * @tid: a thread of @pid, or -1 for the whole process
 * @stat: (out caller-allocates): the fields
 *
 * Returns: %FALSE when the process (or thread) no longer exists
 */
gboolean
interleave_proc_stat_read (gint64              pid,
                           gint64              tid,
                           InterleaveProcStat *stat)
{
  g_autofree char *path = NULL;
  g_autofree char *sched_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sched = NULL;

  g_return_val_if_fail (stat != NULL, FALSE);

  if (tid < 0)
    {
      path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
      sched_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/schedstat", pid);
    }
  else
    {
      path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/task/%" G_GINT64_FORMAT "/stat", pid, tid);
      sched_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/task/%" G_GINT64_FORMAT "/schedstat", pid, tid);
    }

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      !interleave_proc_stat_parse (contents, stat))
    return FALSE;

  /* Only a thread's schedstat is its own: the process file shows the
   * main thread alone. */
  if (tid >= 0 && g_file_get_contents (sched_path, &sched, NULL, NULL))
    {
      char *end = NULL;
      gint64 run = g_ascii_strtoll (sched, &end, 10);

      if (end != sched)
        stat->run_ns = run;
    }

  return TRUE;
}

/* Returns: %TRUE if @pid exists and has not exited (a zombie has). */
gboolean
interleave_proc_is_alive (gint64 pid)
{
  InterleaveProcStat stat;

  if (pid <= 0)
    return FALSE;

  return interleave_proc_stat_read (pid, -1, &stat) && stat.state != 'Z' && stat.state != 'X';
}

static GArray *
list_numeric_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *name;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return ids;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 id;

      if (g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT64, &id, NULL))
        {
          gint64 v = (gint64) id;
          g_array_append_val (ids, v);
        }
    }

  return ids;
}

/**
 * interleave_proc_list_descendants:
 * @pid: a process id
 *
 * Scans /proc for the live children of @pid, their children, and so on
 * (cluster and prefork workers).
 *
 * Returns: (transfer full) (element-type gint64): the descendants, not @pid
 */
GArray *
interleave_proc_list_descendants (gint64 pid)
{
  g_autoptr(GArray) all = list_numeric_dir ("/proc");
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ppids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *found = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean grew = TRUE;

  for (guint i = 0; i < all->len; i++)
    {
      InterleaveProcStat stat;
      gint64 p = g_array_index (all, gint64, i);

      if (interleave_proc_stat_read (p, -1, &stat) && stat.state != 'Z')
        {
          g_array_append_val (pids, stat.pid);
          g_array_append_val (ppids, stat.ppid);
        }
    }

  /* Breadth by repetition: the tree is tiny. */
  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < pids->len; i++)
        {
          gint64 p = g_array_index (pids, gint64, i);
          gint64 pp = g_array_index (ppids, gint64, i);
          gboolean parent_known = pp == pid;
          gboolean known = FALSE;

          for (guint j = 0; j < found->len && !parent_known; j++)
            parent_known = g_array_index (found, gint64, j) == pp;
          if (!parent_known)
            continue;

          for (guint j = 0; j < found->len && !known; j++)
            known = g_array_index (found, gint64, j) == p;
          if (known)
            continue;

          g_array_append_val (found, p);
          grew = TRUE;
        }
    }

  return found;
}

/* Returns: (transfer full) (element-type gint64): the thread ids of @pid */
GArray *
interleave_proc_list_threads (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/task", pid);

  return list_numeric_dir (path);
}
