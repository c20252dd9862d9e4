/* interleave-playback.h
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

#include "interleave-trace.h"

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_PLAYBACK (interleave_playback_get_type ())

G_DECLARE_FINAL_TYPE (InterleavePlayback, interleave_playback, INTERLEAVE, PLAYBACK, GObject)

#define INTERLEAVE_PLAYBACK_MIN_SPEED 0.01
#define INTERLEAVE_PLAYBACK_MAX_SPEED 100.0

InterleavePlayback *interleave_playback_new            (void);
gint64              interleave_playback_get_playhead   (InterleavePlayback            *self);
void                interleave_playback_set_playhead   (InterleavePlayback            *self,
                                                        gint64                         playhead);
gboolean            interleave_playback_get_playing    (InterleavePlayback            *self);
void                interleave_playback_set_playing    (InterleavePlayback            *self,
                                                        gboolean                       playing);
void                interleave_playback_toggle         (InterleavePlayback            *self);
double              interleave_playback_get_speed      (InterleavePlayback            *self);
void                interleave_playback_set_speed      (InterleavePlayback            *self,
                                                        double                         speed);
void                interleave_playback_faster         (InterleavePlayback            *self);
void                interleave_playback_slower         (InterleavePlayback            *self);
gint64              interleave_playback_get_duration   (InterleavePlayback            *self);
void                interleave_playback_set_duration   (InterleavePlayback            *self,
                                                        gint64                         duration);
gint64              interleave_playback_get_limit      (InterleavePlayback            *self);
void                interleave_playback_set_limit      (InterleavePlayback            *self,
                                                        gint64                         limit);
void                interleave_playback_advance        (InterleavePlayback            *self,
                                                        gint64                         elapsed_us);
gboolean            interleave_playback_step           (InterleavePlayback            *self,
                                                        const InterleaveTrace * const *traces,
                                                        guint                          n_traces,
                                                        int                            direction);
gint64              interleave_playback_find_event     (const InterleaveTrace * const *traces,
                                                        guint                          n_traces,
                                                        gint64                         time,
                                                        int                            direction);

G_END_DECLS
