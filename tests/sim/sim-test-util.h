/* sim-test-util.h
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

#include "interleave-scenario.h"
#include "interleave-simulation.h"

G_BEGIN_DECLS

/* Helpers shared by the simulator's tests. Every run made through
 * sim_test_run() is checked for conservation (every request that arrived
 * is completed, refused, failed or in flight) and Little's law
 * (L = λW, L from the metric series), and reports both errors. */

typedef struct
{
  InterleaveTrace   *trace;       /* windows always; spans and requests as recorded */
  InterleaveSummary *summary;
  guint64            arrived;
  guint64            events;
  double             little_error;  /* |L − λW| / L */
} SimTestRun;

InterleaveScenario *sim_test_scenario      (const char               *json);
void                sim_test_run           (const InterleaveScenario *scenario,
                                            guint                     architecture,
                                            SimTestRun               *run);
void                sim_test_run_clear     (SimTestRun               *run);
double              sim_test_relative_error (double                   measured,
                                             double                   expected);
void                sim_test_check         (const char               *what,
                                            double                    measured,
                                            double                    expected,
                                            double                    tolerance);
GArray             *sim_test_latencies_ms  (const InterleaveTrace    *trace,
                                            int                       klass,
                                            gboolean                  wait);
double              sim_test_mean          (GArray                   *values);
double              sim_test_percentile    (GArray                   *values,
                                            double                    p);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimTestRun, sim_test_run_clear)

G_END_DECLS
