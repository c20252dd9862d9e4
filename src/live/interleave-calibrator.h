/* interleave-calibrator.h
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
#include "interleave-server.h"

G_BEGIN_DECLS

/* Calibrates one real test server (the work of `interleave calibrate` and
 * of the Measure page's Calibrate button): it starts the server (or uses
 * one already running), measures, one client at a time, what an empty
 * request costs, what a `cpu`, `native` and `io` millisecond really cost,
 * how many cores `native` work gets, and how much two busy processes
 * really get on this machine's cores; then stops the server.
 *
 *   calibrator = interleave_calibrator_new (preset);
 *   g_signal_connect (calibrator, "progress", G_CALLBACK (on_progress), self);
 *   interleave_calibrator_run_async (calibrator, cancellable, on_done, self);
 *   …
 *   interleave_calibrator_run_finish (calibrator, result, &error);
 *   interleave_calibrator_save (calibrator, NULL, &error);   // the user's profile
 *
 * Signals (on the main context that called run_async):
 *   ::progress (double fraction, const char *step)  0…1 and what it measures now
 */

#define INTERLEAVE_TYPE_CALIBRATOR (interleave_calibrator_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveCalibrator, interleave_calibrator, INTERLEAVE, CALIBRATOR, GObject)

InterleaveCalibrator              *interleave_calibrator_new              (const InterleaveServerPreset *preset);
void                               interleave_calibrator_set_server       (InterleaveCalibrator         *self,
                                                                           InterleaveServer             *server);
void                               interleave_calibrator_set_node_path    (InterleaveCalibrator         *self,
                                                                           const char                   *node_path);
void                               interleave_calibrator_set_python_path  (InterleaveCalibrator         *self,
                                                                           const char                   *python_path);
void                               interleave_calibrator_set_quick        (InterleaveCalibrator         *self,
                                                                           gboolean                      quick);
void                               interleave_calibrator_set_native_only  (InterleaveCalibrator         *self,
                                                                           const InterleaveCalibrationServer *base);
void                               interleave_calibrator_run_async        (InterleaveCalibrator         *self,
                                                                           GCancellable                 *cancellable,
                                                                           GAsyncReadyCallback           callback,
                                                                           gpointer                      user_data);
gboolean                           interleave_calibrator_run_finish       (InterleaveCalibrator         *self,
                                                                           GAsyncResult                 *result,
                                                                           GError                      **error);
const InterleaveServerPreset      *interleave_calibrator_get_preset       (InterleaveCalibrator         *self);
const InterleaveCalibrationServer *interleave_calibrator_get_result       (InterleaveCalibrator         *self);
double                             interleave_calibrator_get_parallelism  (InterleaveCalibrator         *self);
double                             interleave_calibrator_get_background   (InterleaveCalibrator         *self);
gint64                             interleave_calibrator_get_timeslice    (InterleaveCalibrator         *self);
gint64                             interleave_calibrator_get_tick         (InterleaveCalibrator         *self);
const char                        *interleave_calibrator_get_runtime_version (InterleaveCalibrator      *self);
InterleaveCalibration             *interleave_calibrator_update_profile   (InterleaveCalibrator         *self,
                                                                           const InterleaveCalibration  *profile);
gboolean                           interleave_calibrator_save             (InterleaveCalibrator         *self,
                                                                           char                        **path,
                                                                           GError                      **error);
double                             interleave_measure_os_parallelism      (guint                         threads,
                                                                           gint64                        duration_ns,
                                                                           gint64                       *tick_ns);
gint64                             interleave_measure_os_timeslice        (gint64                        duration_ns);
gint64                             interleave_os_tick_from_interrupts     (const char                   *before,
                                                                           const char                   *after,
                                                                           gint64                        elapsed_ns);

G_END_DECLS
