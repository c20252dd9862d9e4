/* interleave-measure-page.h
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


G_BEGIN_DECLS

#define INTERLEAVE_TYPE_MEASURE_PAGE (interleave_measure_page_get_type ())

/* Not the live headers: they bring the trace's InterleaveWindow, whose
 * name the app window's type shares. */
typedef struct _InterleaveLiveSession InterleaveLiveSession;

G_DECLARE_FINAL_TYPE (InterleaveMeasurePage, interleave_measure_page, INTERLEAVE, MEASURE_PAGE, AdwBin)

gboolean               interleave_measure_page_set_server   (InterleaveMeasurePage *self,
                                                             const char            *server);
char                  *interleave_measure_page_dup_server   (InterleaveMeasurePage *self);
void                   interleave_measure_page_set_plan     (InterleaveMeasurePage *self,
                                                             const char            *plan);
void                   interleave_measure_page_set_clients  (InterleaveMeasurePage *self,
                                                             guint                  clients);
void                   interleave_measure_page_set_rate     (InterleaveMeasurePage *self,
                                                             double                 rate,
                                                             gboolean               poisson);
void                   interleave_measure_page_set_duration (InterleaveMeasurePage *self,
                                                             double                 seconds);
void                   interleave_measure_page_start        (InterleaveMeasurePage *self);
void                   interleave_measure_page_stop         (InterleaveMeasurePage *self);
gboolean               interleave_measure_page_get_running  (InterleaveMeasurePage *self);
InterleaveLiveSession *interleave_measure_page_get_session  (InterleaveMeasurePage *self);
const char            *interleave_measure_page_get_message  (InterleaveMeasurePage *self);
void                   interleave_measure_page_calibrate    (InterleaveMeasurePage *self);
void                   interleave_measure_page_cancel_calibration (InterleaveMeasurePage *self);
gboolean               interleave_measure_page_get_calibrating (InterleaveMeasurePage *self);
const char            *interleave_measure_page_get_calibration_path (InterleaveMeasurePage *self);

G_END_DECLS
