/* interleave-measure-task-private.h
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

#include "interleave-measurement.h"

G_BEGIN_DECLS

/* One InterleaveMeasurement run to its end as an asynchronous operation,
 * for code that runs several in a row (calibration, the fidelity
 * matrix). Internal API of src/live. */

typedef void (*InterleaveMeasureProgressFunc) (double   fraction,
                                               gpointer user_data);

void                   _interleave_measure_async        (InterleaveServer              *server,
                                                         const char                    *url,
                                                         const char                    *plan,
                                                         const InterleaveLoadOptions   *options,
                                                         GCancellable                  *cancellable,
                                                         InterleaveMeasureProgressFunc  progress,
                                                         gpointer                       progress_data,
                                                         GAsyncReadyCallback            callback,
                                                         gpointer                       user_data);
InterleaveMeasurement *_interleave_measure_finish       (GAsyncResult                  *result,
                                                         GError                       **error);
gint64                 _interleave_measurement_cpu_ns   (InterleaveMeasurement         *measurement);
gint64                 _interleave_machine_busy_ns      (void);
gint64                 _interleave_self_cpu_ns          (void);

G_END_DECLS
