/* interleave-load-generator-private.h
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

#include <gio/gio.h>

#include "interleave-histogram.h"
#include "interleave-live-record.h"
#include "interleave-load-options.h"
#include "interleave-plan.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

/* The engine behind InterleaveMeasurement: load threads (libsoup, one
 * GMainContext each) and a collector thread that turns their records into
 * trace deltas, windows and /proc samples, and hands a batch to the
 * consumer's main context every window. Internal API. */

typedef struct
{
  InterleaveTrace      *delta;           /* owned: merge it */
  GArray               *records;         /* InterleaveLiveRecord finished in this batch */
  GArray               *samples;         /* InterleaveProcessSample */
  GArray               *processes;       /* InterleaveProcessUsage, a snapshot (threads copied) */
  InterleaveHistogram  *histogram;       /* latencies of completed requests so far */
  InterleaveLiveCounts  counts;          /* so far */
  char                 *timing_problem;  /* the first unusable Server-Timing, or NULL */
  char                 *first_failure;   /* why the first failed request failed, or NULL */
  gint64                elapsed;         /* ns since the start */
  gint64                cpu_ns;          /* server CPU so far */
  double                progress;
  gboolean              final;
  GError               *error;           /* final batch only: why the run ended early */
} InterleaveLoadBatch;

typedef struct _InterleaveLoadGenerator InterleaveLoadGenerator;

typedef void (*InterleaveLoadBatchFunc) (InterleaveLoadBatch *batch,
                                         gpointer             user_data);

InterleaveLoadGenerator *_interleave_load_generator_new    (GUri                        *uri,
                                                            const InterleavePlan        *plan,
                                                            const char                  *name,
                                                            const InterleaveLoadOptions *options,
                                                            gboolean                     loop_server,
                                                            const GArray                *root_pids,
                                                            gboolean                     watch_root);
void                     _interleave_load_generator_start  (InterleaveLoadGenerator     *gen,
                                                            GMainContext                *consumer,
                                                            InterleaveLoadBatchFunc      func,
                                                            gpointer                     user_data,
                                                            GDestroyNotify               destroy);
void                     _interleave_load_generator_abort  (InterleaveLoadGenerator     *gen,
                                                            GError                      *error);
void                     _interleave_load_generator_free   (InterleaveLoadGenerator     *gen);
void                     _interleave_load_batch_free       (InterleaveLoadBatch         *batch);

G_END_DECLS
