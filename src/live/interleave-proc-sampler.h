/* interleave-proc-sampler.h
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

/* Samples /proc for the real CPU (user + system, per process and per
 * thread) and RSS of the server processes: a root process and all its
 * descendants (cluster / prefork workers), plus any process added by pid.
 * Call interleave_proc_sampler_sample() at a steady rate (the live
 * measurement does so at 10 Hz); CPU counts from the first sample. Plain
 * data, single-threaded. */

typedef struct
{
  gint64  tid;
  char    comm[32];
  gint64  cpu_ns;      /* on-CPU time since first seen */
  double  cpu_rate;    /* cores, over the last interval */
} InterleaveThreadUsage;

typedef struct
{
  gint64    pid;
  gint64    ppid;
  char      comm[32];
  gboolean  alive;
  gint64    user_ns;         /* since first seen */
  gint64    sys_ns;          /* since first seen */
  double    cpu_rate;        /* cores (user + sys), over the last interval */
  gint64    rss_bytes;
  gint64    peak_rss_bytes;
  GArray   *threads;         /* InterleaveThreadUsage */
} InterleaveProcessUsage;

typedef struct _InterleaveProcSampler InterleaveProcSampler;

InterleaveProcSampler        *interleave_proc_sampler_new           (void);
void                          interleave_proc_sampler_free          (InterleaveProcSampler *sampler);
void                          interleave_proc_sampler_add_root      (InterleaveProcSampler *sampler,
                                                                     gint64                 pid);
void                          interleave_proc_sampler_add_process   (InterleaveProcSampler *sampler,
                                                                     gint64                 pid);
void                          interleave_proc_sampler_sample        (InterleaveProcSampler *sampler,
                                                                     gint64                 now_ns);
guint                         interleave_proc_sampler_get_n_processes (InterleaveProcSampler *sampler);
const InterleaveProcessUsage *interleave_proc_sampler_get_process   (InterleaveProcSampler *sampler,
                                                                     guint                  index);
double                        interleave_proc_sampler_get_cpu_rate  (InterleaveProcSampler *sampler);
gint64                        interleave_proc_sampler_get_cpu_ns    (InterleaveProcSampler *sampler);
gboolean                      interleave_proc_sampler_root_alive    (InterleaveProcSampler *sampler);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveProcSampler, interleave_proc_sampler_free)

G_END_DECLS
