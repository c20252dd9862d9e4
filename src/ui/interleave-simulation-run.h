/* interleave-simulation-run.h
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

#include <glib-object.h>

#include "interleave-scenario.h"
#include "interleave-summary.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_SIMULATION_RUN (interleave_simulation_run_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveSimulationRun, interleave_simulation_run, INTERLEAVE, SIMULATION_RUN, GObject)

InterleaveSimulationRun          *interleave_simulation_run_new              (const InterleaveScenario *scenario,
                                                                               guint                     max_architectures);
void                              interleave_simulation_run_start            (InterleaveSimulationRun  *self);
void                              interleave_simulation_run_cancel           (InterleaveSimulationRun  *self);
gboolean                          interleave_simulation_run_is_finished      (InterleaveSimulationRun  *self);
const GError                     *interleave_simulation_run_get_error        (InterleaveSimulationRun  *self);
const InterleaveScenario         *interleave_simulation_run_get_scenario     (InterleaveSimulationRun  *self);
guint                             interleave_simulation_run_get_n_traces     (InterleaveSimulationRun  *self);
const InterleaveTrace * const    *interleave_simulation_run_get_traces       (InterleaveSimulationRun  *self);
const InterleaveSummary * const  *interleave_simulation_run_get_summaries    (InterleaveSimulationRun  *self);
gint64                            interleave_simulation_run_get_simulated_until (InterleaveSimulationRun *self);
gint64                            interleave_simulation_run_get_duration     (InterleaveSimulationRun  *self);
gint64                            interleave_simulation_run_get_longest_merge (InterleaveSimulationRun *self);

G_END_DECLS
