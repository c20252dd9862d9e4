/* interleave-proc-stat.h
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

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What Linux reports about one process or thread in /proc/PID/stat
 * (and /proc/PID/task/TID/stat), plus schedstat's on-CPU time. */
typedef struct
{
  gint64  pid;
  gint64  ppid;
  char    state;       /* 'R', 'S', 'Z', … */
  char    comm[32];
  gint64  utime_ns;    /* user CPU, from clock ticks */
  gint64  stime_ns;    /* system CPU, from clock ticks */
  gint64  run_ns;      /* on-CPU time from schedstat (ns precision), or -1 */
  gint64  rss_bytes;
  guint   n_threads;
} InterleaveProcStat;

gboolean  interleave_proc_stat_parse            (const char         *line,
                                                 InterleaveProcStat *stat);
gboolean  interleave_proc_stat_read             (gint64              pid,
                                                 gint64              tid,
                                                 InterleaveProcStat *stat);
gboolean  interleave_proc_is_alive              (gint64              pid);
GArray   *interleave_proc_list_descendants      (gint64              pid);
GArray   *interleave_proc_list_threads          (gint64              pid);

G_END_DECLS
