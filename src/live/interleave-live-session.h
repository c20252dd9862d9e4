/* interleave-live-session.h
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

#include "interleave-load-options.h"
#include "interleave-measurement.h"
#include "interleave-server-preset.h"
#include "interleave-server.h"

G_BEGIN_DECLS

/* One measured run of a real server, from launch to stop: starts the
 * server of a preset (or takes a URL), runs an InterleaveMeasurement on
 * it, and stops the server when the run ends, when it is stopped, or
 * when the session goes away. What the app's Measure and Compare pages
 * run, so neither ever leaves a server behind.
 *
 * Signals (on the main context that called interleave_live_session_start()):
 *   ::measurement-started  the server is ready and the measurement began;
 *                          interleave_live_session_get_measurement() is set
 *   ::delta                a delta was merged into the measurement's trace
 *   ::progress (double)    0…1 of the run's bound
 *   ::finished (GError *)  once, after the server was stopped; %NULL when
 *                          the run ended normally. Whatever was measured
 *                          stays readable. */

typedef enum
{
  INTERLEAVE_LIVE_SESSION_IDLE,
  INTERLEAVE_LIVE_SESSION_STARTING,   /* launching the server */
  INTERLEAVE_LIVE_SESSION_MEASURING,
  INTERLEAVE_LIVE_SESSION_STOPPING,   /* the run ended; stopping the server */
  INTERLEAVE_LIVE_SESSION_FINISHED,
} InterleaveLiveSessionState;

#define INTERLEAVE_TYPE_LIVE_SESSION (interleave_live_session_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveLiveSession, interleave_live_session, INTERLEAVE, LIVE_SESSION, GObject)

InterleaveLiveSession        *interleave_live_session_new             (const InterleaveServerPreset *preset,
                                                                       const char                   *plan,
                                                                       const InterleaveLoadOptions  *options,
                                                                       GError                      **error);
const InterleaveServerPreset *interleave_live_session_get_preset      (InterleaveLiveSession        *self);
const char                   *interleave_live_session_get_plan        (InterleaveLiveSession        *self);
const InterleaveLoadOptions  *interleave_live_session_get_options     (InterleaveLiveSession        *self);
void                          interleave_live_session_set_name        (InterleaveLiveSession        *self,
                                                                       const char                   *name);
const char                   *interleave_live_session_get_name        (InterleaveLiveSession        *self);
void                          interleave_live_session_set_node_path   (InterleaveLiveSession        *self,
                                                                       const char                   *node_path);
void                          interleave_live_session_set_python_path (InterleaveLiveSession        *self,
                                                                       const char                   *python_path);
void                          interleave_live_session_start           (InterleaveLiveSession        *self);
void                          interleave_live_session_stop            (InterleaveLiveSession        *self);
InterleaveLiveSessionState    interleave_live_session_get_state       (InterleaveLiveSession        *self);
gboolean                      interleave_live_session_get_busy        (InterleaveLiveSession        *self);
InterleaveMeasurement        *interleave_live_session_get_measurement (InterleaveLiveSession        *self);
InterleaveServer             *interleave_live_session_get_server      (InterleaveLiveSession        *self);
gint64                        interleave_live_session_get_server_pid  (InterleaveLiveSession        *self);
GArray                       *interleave_live_session_dup_server_pids (InterleaveLiveSession        *self);
const GError                 *interleave_live_session_get_error       (InterleaveLiveSession        *self);

G_END_DECLS
