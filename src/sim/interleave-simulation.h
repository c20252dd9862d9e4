/* interleave-simulation.h
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

#include "interleave-scenario.h"
#include "interleave-summary.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

/* The discrete-event simulator: one InterleaveSimulation runs one
 * architecture of a scenario and produces one InterleaveTrace, streamed as
 * deltas, plus an InterleaveSummary computed incrementally.
 *
 *   g_autoptr(InterleaveSimulation) sim = interleave_simulation_new (scenario, 0);
 *   interleave_simulation_run (sim, on_delta, data, cancellable, &error);
 *   summary = interleave_simulation_get_summary (sim);
 *
 * on_delta() is called on the simulating thread, every delta_interval of
 * simulated time or delta_events events (or spans), whichever comes
 * first, with a delta made by interleave_trace_new_delta(): it owns it,
 * and usually merges it into the trace it keeps with
 * interleave_trace_merge() and frees it. A delta's requests are updates
 * (each with its id), in order. interleave_simulate_async() runs a
 * simulation on a worker thread and delivers the deltas on the caller's
 * main context, for a UI that animates a run while it is computed.
 *
 * The same scenario and seed give the same trace on every machine. */

typedef struct _InterleaveSimulation InterleaveSimulation;

/**
 * InterleaveSimulationDeltaFunc:
 * @delta: (transfer full): what happened since the previous delta
 * @user_data: closure data
 */
typedef void (*InterleaveSimulationDeltaFunc) (InterleaveTrace *delta,
                                               gpointer         user_data);

InterleaveSimulation *interleave_simulation_new          (const InterleaveScenario     *scenario,
                                                          guint                         architecture);
void                  interleave_simulation_free         (InterleaveSimulation         *simulation);
void                  interleave_simulation_set_delta_interval (InterleaveSimulation   *simulation,
                                                          gint64                        simulated_ns,
                                                          guint                         events);
gboolean              interleave_simulation_run          (InterleaveSimulation         *simulation,
                                                          InterleaveSimulationDeltaFunc delta_func,
                                                          gpointer                      user_data,
                                                          GCancellable                 *cancellable,
                                                          GError                      **error);
InterleaveSummary    *interleave_simulation_get_summary  (InterleaveSimulation         *simulation);
guint64               interleave_simulation_get_n_events (InterleaveSimulation         *simulation);
guint64               interleave_simulation_get_n_requests (InterleaveSimulation       *simulation);
gint64                interleave_simulation_get_now      (InterleaveSimulation         *simulation);

InterleaveTrace      *interleave_simulate                (const InterleaveScenario     *scenario,
                                                          guint                         architecture,
                                                          GCancellable                 *cancellable,
                                                          InterleaveSummary           **summary,
                                                          GError                      **error);

void                  interleave_simulate_async          (const InterleaveScenario     *scenario,
                                                          guint                         architecture,
                                                          InterleaveSimulationDeltaFunc delta_func,
                                                          gpointer                      delta_data,
                                                          GDestroyNotify                delta_data_destroy,
                                                          GCancellable                 *cancellable,
                                                          GAsyncReadyCallback           callback,
                                                          gpointer                      user_data);
InterleaveSummary    *interleave_simulate_finish         (GAsyncResult                 *result,
                                                          GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveSimulation, interleave_simulation_free)

G_END_DECLS
