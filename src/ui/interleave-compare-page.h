/* interleave-compare-page.h
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

#include <adwaita.h>

#include "interleave-scenario.h"

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_COMPARE_PAGE (interleave_compare_page_get_type ())

/* Not the job's header: it brings the trace's InterleaveWindow, whose
 * name the app window's type shares. */
typedef struct _InterleaveCompareJob InterleaveCompareJob;

G_DECLARE_FINAL_TYPE (InterleaveComparePage, interleave_compare_page, INTERLEAVE, COMPARE_PAGE, AdwBin)

void                  interleave_compare_page_set_scenario      (InterleaveComparePage    *self,
                                                                 const InterleaveScenario *scenario,
                                                                 const char               *title);
gboolean              interleave_compare_page_open_file         (InterleaveComparePage    *self,
                                                                 const char               *path,
                                                                 GError                  **error);
void                  interleave_compare_page_set_custom        (InterleaveComparePage    *self,
                                                                 const char               *plan,
                                                                 guint                     clients,
                                                                 double                    rate);
void                  interleave_compare_page_set_duration      (InterleaveComparePage    *self,
                                                                 double                    seconds);
void                  interleave_compare_page_set_loops         (InterleaveComparePage    *self,
                                                                 gboolean                  loops);
void                  interleave_compare_page_set_measure       (InterleaveComparePage    *self,
                                                                 gboolean                  measure);
guint                 interleave_compare_page_get_n_choices     (InterleaveComparePage    *self);
void                  interleave_compare_page_set_chosen        (InterleaveComparePage    *self,
                                                                 guint                     index,
                                                                 gboolean                  chosen);
guint                 interleave_compare_page_get_n_chosen      (InterleaveComparePage    *self);
void                  interleave_compare_page_run               (InterleaveComparePage    *self);
void                  interleave_compare_page_sweep             (InterleaveComparePage    *self);
void                  interleave_compare_page_cancel            (InterleaveComparePage    *self);
gboolean              interleave_compare_page_get_running       (InterleaveComparePage    *self);
InterleaveCompareJob *interleave_compare_page_get_job           (InterleaveComparePage    *self);
InterleaveCompareJob *interleave_compare_page_get_sweep_job     (InterleaveComparePage    *self);
const char           *interleave_compare_page_get_message       (InterleaveComparePage    *self);

G_END_DECLS
