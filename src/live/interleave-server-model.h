/* interleave-server-model.h
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

#include <json-glib/json-glib.h>

#include "interleave-calibration.h"
#include "interleave-scenario.h"
#include "interleave-server-preset.h"

G_BEGIN_DECLS

/* The simulated twin of a real test server: the preset architecture that
 * models it (with the pool size the server reports in its
 * /__interleave/info), and a scenario that sends it the very load a live
 * measurement sends the real one. Used by the fidelity runner and the
 * Compare page. */

typedef struct
{
  gboolean  closed;        /* closed loop: `clients` clients, no think time */
  guint     clients;
  double    rate;          /* open loop: requests per second */
  gboolean  poisson;       /* open loop: exponential gaps, else even ones */
  guint     connections;   /* open loop: the load generator's connection pool */
} InterleaveServerModelLoad;

char               *interleave_server_model_architecture_json (const InterleaveServerPreset      *preset,
                                                               JsonObject                        *info);
InterleaveScenario *interleave_server_model_scenario_new      (const InterleaveServerPreset      *preset,
                                                               JsonObject                        *info,
                                                               const InterleaveCalibrationServer *calibration,
                                                               gint64                             timeslice_ns,
                                                               const char                        *plan,
                                                               const InterleaveServerModelLoad   *load,
                                                               gint64                             duration_ns,
                                                               guint64                            seed,
                                                               gboolean                           record_spans,
                                                               GError                           **error);

G_END_DECLS
