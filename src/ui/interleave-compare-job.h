/* interleave-compare-job.h
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

/* One comparison, run as one job: every architecture of a scenario is
 * simulated and, where a real test server exists for it, measured on
 * this machine, one after the other (so runs never share the cores).
 * With load levels, the whole thing is repeated at each level (a sweep:
 * throughput against load); then only the summaries are kept.
 *
 * Signals (on the main context that called interleave_compare_job_start()):
 *   ::traces-changed   a trace appeared (a run began): views take the
 *                      new set from interleave_compare_job_get_traces()
 *   ::delta            data was merged into a trace
 *   ::progress (double)
 *   ::finished (GError *)  once; %NULL unless the job failed as a whole.
 *                      A real server that could not be measured is a
 *                      note on its architecture, not a failure. */

typedef enum
{
  INTERLEAVE_COMPARE_SIMULATED,
  INTERLEAVE_COMPARE_MEASURED,
  INTERLEAVE_COMPARE_N_SOURCES
} InterleaveCompareSource;

#define INTERLEAVE_COMPARE_MAX_LEVELS 16

#define INTERLEAVE_TYPE_COMPARE_JOB (interleave_compare_job_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveCompareJob, interleave_compare_job, INTERLEAVE, COMPARE_JOB, GObject)

char                    *interleave_compare_real_server         (const InterleaveArchitecture *arch);
char                    *interleave_compare_measurable_plan     (const InterleaveScenario     *scenario,
                                                                 GError                      **error);
double                   interleave_compare_relative_error      (double                        simulated,
                                                                 double                        measured);

InterleaveCompareJob    *interleave_compare_job_new             (const InterleaveScenario     *scenario,
                                                                 gboolean                      measure,
                                                                 const double                 *levels,
                                                                 guint                         n_levels);
const InterleaveScenario *interleave_compare_job_get_scenario   (InterleaveCompareJob         *self);
void                     interleave_compare_job_set_measure_duration (InterleaveCompareJob    *self,
                                                                 gint64                        duration_ns);
gboolean                 interleave_compare_job_set_open_loop_of (InterleaveCompareJob   *self,
                                                                 guint                         architecture,
                                                                 guint                         closed);
gint                     interleave_compare_job_get_open_loop_of (InterleaveCompareJob   *self,
                                                                 guint                         architecture);
void                     interleave_compare_job_start           (InterleaveCompareJob         *self);
void                     interleave_compare_job_cancel          (InterleaveCompareJob         *self);
gboolean                 interleave_compare_job_get_running     (InterleaveCompareJob         *self);
gboolean                 interleave_compare_job_get_finished    (InterleaveCompareJob         *self);
gboolean                 interleave_compare_job_get_cancelled   (InterleaveCompareJob         *self);
double                   interleave_compare_job_get_progress    (InterleaveCompareJob         *self);
const char              *interleave_compare_job_get_step_text   (InterleaveCompareJob         *self);
guint                    interleave_compare_job_get_n_architectures (InterleaveCompareJob     *self);
guint                    interleave_compare_job_get_n_levels    (InterleaveCompareJob         *self);
double                   interleave_compare_job_get_level_load  (InterleaveCompareJob         *self,
                                                                 guint                         level);
gboolean                 interleave_compare_job_get_closed_loop (InterleaveCompareJob         *self);
const char              *interleave_compare_job_get_server      (InterleaveCompareJob         *self,
                                                                 guint                         architecture);
const char              *interleave_compare_job_get_note        (InterleaveCompareJob         *self,
                                                                 guint                         architecture);
gboolean                 interleave_compare_job_get_measure_failed (InterleaveCompareJob  *self,
                                                                 guint                         architecture);
const InterleaveSummary *interleave_compare_job_get_summary     (InterleaveCompareJob         *self,
                                                                 guint                         architecture,
                                                                 guint                         level,
                                                                 InterleaveCompareSource       source);
const InterleaveTrace   *interleave_compare_job_get_trace       (InterleaveCompareJob         *self,
                                                                 guint                         architecture,
                                                                 InterleaveCompareSource       source);
GPtrArray               *interleave_compare_job_get_traces      (InterleaveCompareJob         *self,
                                                                 GArray                       *architectures,
                                                                 GArray                       *sources);
GArray                  *interleave_compare_job_dup_server_pids (InterleaveCompareJob         *self);

G_END_DECLS
