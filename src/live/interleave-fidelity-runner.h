/* interleave-fidelity-runner.h
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

#include "interleave-calibration.h"
#include "interleave-fidelity-matrix.h"
#include "interleave-measurement.h"
#include "interleave-plan.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

/* Runs a fidelity matrix: for each cell, measures the real server and
 * simulates its twin (interleave-server-model.h) under the same load,
 * and compares throughput, p50 and p99. Servers start once for all their
 * cells; with fresh calibration each is calibrated as it starts. Open
 * loops at a share of the saturation use the throughput measured with
 * `saturation_clients` closed-loop clients on the same server and plan.
 *
 * The figures cover the same window on both sides: requests sent from
 * `warmup` to `duration` for the latencies, requests completed in that
 * window for the throughput.
 *
 * Signals (on the main context that called run_async):
 *   ::progress (double fraction, const char *message)
 *   ::cell-finished (guint index)   a cell was measured and simulated, or failed
 */

typedef struct
{
  double   throughput;   /* completed requests per second */
  double   mean_ms;
  double   p50_ms;
  double   p99_ms;
  guint64  completed;    /* latencies the figures come from */
  guint64  errors;       /* requests of the window that failed */
} InterleaveFidelityFigures;

typedef struct
{
  gint64   start;        /* ns: when it was (meant to be) sent */
  gint64   done;         /* ns */
  gboolean ok;
} InterleaveFidelitySample;

/* What interleave_fidelity_delivery_jitter() needs of a request. */
typedef struct
{
  gint64   sent;           /* ns */
  gint64   handler_start;  /* ns, on the same timeline */
  gint64   handler_dur;    /* ns */
  gint64   done;           /* ns: the response read */
  gint32   pid;            /* the worker process */
} InterleaveFidelityDelivery;

typedef struct
{
  InterleaveFidelityCellSpec   spec;              /* strings owned by the runner's matrix */
  double                       rate;              /* open loop: requests per second sent */
  gboolean                     done;              /* measured and simulated */
  char                        *error;             /* why the cell could not be run, or NULL */
  InterleaveFidelityFigures    measured;
  InterleaveFidelityFigures    simulated;
  double                       throughput_error;  /* (simulated − measured) / measured */
  double                       p50_error;
  double                       p99_error;
  gboolean                     pass;              /* throughput and p50 within tolerance */
  gboolean                     p99_pass;
  guint                        attempts;          /* measurements made */
  double                       background;        /* cores other processes took meanwhile */
  double                       server_cpu;        /* cores the server used */
  gboolean                     calibrated;
  InterleaveCalibrationServer  calibration;       /* what the simulation was calibrated with */
  double                       native_factor_before;    /* native cost measured before the cell, when
                                                          * calibration.native_factor is the one during it;
                                                          * else NAN */
  double                       calibration_background;  /* cores other programs took while calibrating */
  gint64                       delivery_jitter_ns; /* measured during the cell, given to the twin;
                                                   * -1 when not measured */
  GArray                      *host_slowdown;     /* double per 250 ms: the host's speed during the cell,
                                                   * given to the twin (machine.slowdown); or NULL */
  InterleaveMeasurement       *measurement;       /* keep-traces only */
  InterleaveTrace             *simulated_trace;   /* keep-traces only */
} InterleaveFidelityCell;

#define INTERLEAVE_TYPE_FIDELITY_RUNNER (interleave_fidelity_runner_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveFidelityRunner, interleave_fidelity_runner, INTERLEAVE, FIDELITY_RUNNER, GObject)

InterleaveFidelityRunner       *interleave_fidelity_runner_new            (const InterleaveFidelityMatrix *matrix);
const InterleaveFidelityMatrix *interleave_fidelity_runner_get_matrix     (InterleaveFidelityRunner       *self);
void                            interleave_fidelity_runner_set_node_path  (InterleaveFidelityRunner       *self,
                                                                           const char                     *node_path);
void                            interleave_fidelity_runner_set_python_path (InterleaveFidelityRunner      *self,
                                                                           const char                     *python_path);
void                            interleave_fidelity_runner_set_keep_traces (InterleaveFidelityRunner      *self,
                                                                           gboolean                        keep_traces);
void                            interleave_fidelity_runner_run_async      (InterleaveFidelityRunner       *self,
                                                                           GCancellable                   *cancellable,
                                                                           GAsyncReadyCallback             callback,
                                                                           gpointer                        user_data);
gboolean                        interleave_fidelity_runner_run_finish     (InterleaveFidelityRunner       *self,
                                                                           GAsyncResult                   *result,
                                                                           GError                        **error);
guint                           interleave_fidelity_runner_get_n_cells    (InterleaveFidelityRunner       *self);
const InterleaveFidelityCell   *interleave_fidelity_runner_get_cell       (InterleaveFidelityRunner       *self,
                                                                           guint                           index);
guint                           interleave_fidelity_runner_count_passed   (InterleaveFidelityRunner       *self);
const GPtrArray                *interleave_fidelity_runner_get_warnings   (InterleaveFidelityRunner       *self);
double                          interleave_fidelity_runner_get_parallelism (InterleaveFidelityRunner      *self);
gint64                          interleave_fidelity_runner_get_tick        (InterleaveFidelityRunner      *self);
char                           *interleave_fidelity_runner_to_json        (InterleaveFidelityRunner       *self);
char                           *interleave_fidelity_runner_to_markdown    (InterleaveFidelityRunner       *self);
char                           *interleave_fidelity_runner_to_table       (InterleaveFidelityRunner       *self);

void                            interleave_fidelity_figures_compute       (const InterleaveFidelitySample *samples,
                                                                           guint                           n_samples,
                                                                           gint64                          from,
                                                                           gint64                          to,
                                                                           InterleaveFidelityFigures      *figures);
double                          interleave_fidelity_native_factor_during  (gint64                          server_cpu_ns,
                                                                           guint64                         completed,
                                                                           const InterleavePlan           *plan,
                                                                           const InterleaveCalibrationServer *calibration);
GArray                         *interleave_fidelity_host_slowdown         (const InterleaveProcessSample  *samples,
                                                                           guint                           n_samples,
                                                                           const gint64                   *done,
                                                                           guint                           n_done,
                                                                           gint64                          duration_ns,
                                                                           gint64                          step_ns);
gint64                          interleave_fidelity_delivery_jitter       (InterleaveFidelityDelivery     *requests,
                                                                           guint                           n_requests);
double                          interleave_fidelity_relative_error        (double                          simulated,
                                                                           double                          measured);

G_END_DECLS
