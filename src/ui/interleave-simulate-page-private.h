/* interleave-simulate-page-private.h
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

#include "interleave-figure.h"
#include "interleave-playback.h"
#include "interleave-scenario.h"
#include "interleave-simulate-page.h"
#include "interleave-simulation-run.h"
#include "interleave-timeline-view.h"

G_BEGIN_DECLS

void                      interleave_simulate_page_set_scenario     (InterleaveSimulatePage   *self,
                                                                     const InterleaveScenario *scenario,
                                                                     GFile                    *file);
const InterleaveScenario *interleave_simulate_page_get_scenario     (InterleaveSimulatePage   *self);
InterleaveSimulationRun  *interleave_simulate_page_get_run          (InterleaveSimulatePage   *self);
InterleavePlayback       *interleave_simulate_page_get_playback     (InterleaveSimulatePage   *self);
InterleaveTimelineView   *interleave_simulate_page_get_timeline     (InterleaveSimulatePage   *self);
GtkWidget                *interleave_simulate_page_get_editor       (InterleaveSimulatePage   *self);
char                     *interleave_simulate_page_dup_caption      (InterleaveSimulatePage   *self,
                                                                     guint                     index);
char                     *interleave_simulate_page_dup_journey_text (InterleaveSimulatePage   *self);
void                      interleave_simulate_page_fill_figure      (InterleaveSimulatePage   *self,
                                                                     InterleaveFigure         *figure);
gboolean                  interleave_simulate_page_export_image     (InterleaveSimulatePage   *self,
                                                                     GFile                    *file,
                                                                     int                       width,
                                                                     int                       height,
                                                                     GError                  **error);
gboolean                  interleave_simulate_page_export_csv       (InterleaveSimulatePage   *self,
                                                                     GFile                    *file,
                                                                     GError                  **error);
gboolean                  interleave_simulate_page_export_trace     (InterleaveSimulatePage   *self,
                                                                     GFile                    *file,
                                                                     GError                  **error);
gboolean                  interleave_simulate_page_save_scenario    (InterleaveSimulatePage   *self,
                                                                     GFile                    *file,
                                                                     GError                  **error);

G_END_DECLS
