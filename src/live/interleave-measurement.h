/* interleave-measurement.h
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
#include "interleave-proc-sampler.h"
#include "interleave-server.h"
#include "interleave-summary.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

/* One live measurement: loads a real server from its own threads (each
 * with its own GMainContext and libsoup session) and streams what it
 * measures, as InterleaveTrace deltas, to the main context that called
 * interleave_measurement_start(). There the trace, the counters and the
 * records are kept, so views and exports read measured data exactly as
 * they read simulated data.
 *
 * Signals (all on the starting thread's main context):
 *   ::delta (InterleaveTrace *delta)  about every 100 ms, after the delta was
 *                                     merged into interleave_measurement_get_trace()
 *   ::progress (double fraction)     0…1 of the time or count bound
 *   ::finished (GError *error)       once; %NULL when the run ended normally
 *
 * Memory stays bounded: latencies go to histograms; the timeline keeps the
 * first `trace_cap` requests; the per-request records are a ring of the
 * newest `record_cap` (see InterleaveLoadOptions); metric windows and the
 * CPU series grow by 10 entries a second. */

#define INTERLEAVE_MEASUREMENT_ERROR (interleave_measurement_error_quark ())

typedef enum
{
  INTERLEAVE_MEASUREMENT_ERROR_INVALID,       /* bad plan, target or options */
  INTERLEAVE_MEASUREMENT_ERROR_SERVER_DIED,   /* the server exited mid-run */
  INTERLEAVE_MEASUREMENT_ERROR_REFUSED,       /* nothing but refused connections */
} InterleaveMeasurementError;

/* Server CPU and memory at one sample (10 Hz), per process. */
typedef struct
{
  gint64  time;       /* ns on the run's timeline */
  gint64  pid;
  double  cpu;        /* cores used since the previous sample */
  gint64  rss_bytes;
} InterleaveProcessSample;

#define INTERLEAVE_TYPE_MEASUREMENT (interleave_measurement_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveMeasurement, interleave_measurement, INTERLEAVE, MEASUREMENT, GObject)

GQuark                        interleave_measurement_error_quark     (void);
InterleaveMeasurement        *interleave_measurement_new             (const char                  *url,
                                                                      const char                  *plan,
                                                                      const InterleaveLoadOptions *options,
                                                                      GError                     **error);
void                          interleave_measurement_set_server      (InterleaveMeasurement       *self,
                                                                      InterleaveServer            *server);
InterleaveServer             *interleave_measurement_get_server      (InterleaveMeasurement       *self);
void                          interleave_measurement_set_name        (InterleaveMeasurement       *self,
                                                                      const char                  *name);
const char                   *interleave_measurement_get_name        (InterleaveMeasurement       *self);
const char                   *interleave_measurement_get_url         (InterleaveMeasurement       *self);
const char                   *interleave_measurement_get_plan        (InterleaveMeasurement       *self);
const InterleaveLoadOptions  *interleave_measurement_get_options     (InterleaveMeasurement       *self);
void                          interleave_measurement_start           (InterleaveMeasurement       *self);
void                          interleave_measurement_cancel          (InterleaveMeasurement       *self);
gboolean                      interleave_measurement_get_running     (InterleaveMeasurement       *self);
gboolean                      interleave_measurement_get_finished    (InterleaveMeasurement       *self);
double                        interleave_measurement_get_progress    (InterleaveMeasurement       *self);
const GError                 *interleave_measurement_get_error       (InterleaveMeasurement       *self);
const InterleaveTrace        *interleave_measurement_get_trace       (InterleaveMeasurement       *self);
const InterleaveHistogram    *interleave_measurement_get_histogram   (InterleaveMeasurement       *self);
const InterleaveLiveCounts   *interleave_measurement_get_counts      (InterleaveMeasurement       *self);
const char                   *interleave_measurement_get_timing_problem (InterleaveMeasurement    *self);
const char                   *interleave_measurement_get_first_failure (InterleaveMeasurement     *self);
InterleaveSummary            *interleave_measurement_dup_summary     (InterleaveMeasurement       *self);
gint64                        interleave_measurement_get_elapsed     (InterleaveMeasurement       *self);
guint                         interleave_measurement_get_n_records   (InterleaveMeasurement       *self);
const InterleaveLiveRecord   *interleave_measurement_get_record      (InterleaveMeasurement       *self,
                                                                      guint                        index);
guint                         interleave_measurement_get_n_processes (InterleaveMeasurement       *self);
const InterleaveProcessUsage *interleave_measurement_get_process     (InterleaveMeasurement       *self,
                                                                      guint                        index);
const GArray                 *interleave_measurement_get_process_samples (InterleaveMeasurement   *self);

G_END_DECLS
