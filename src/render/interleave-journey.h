/* interleave-journey.h
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

#include "interleave-trace.h"

G_BEGIN_DECLS

/* One request's way through a trace: every span it owns, on every lane,
 * in time order, with the time it spent in each state. */
typedef struct
{
  guint lane;
  guint span;   /* index into the lane's spans */
} InterleaveJourneyStep;

typedef struct
{
  guint32            request;
  InterleaveRequest  record;       /* arrival, accepted, done, status */
  GArray            *steps;        /* InterleaveJourneyStep, by start time */
  gint64             time_in_state[INTERLEAVE_N_STATES];
  gint64             queue_wait;   /* accepted − arrival, or 0 */
  gint64             off_lane;     /* between its spans: on an event loop, I/O
                                    * and waiting for a turn leave no span */
  gint64             first_start;  /* first span start, or -1 */
  gint64             last_end;     /* last span end, or -1 */
  guint              n_spans_seen; /* trace size when built */
  gint64             trace_end;
} InterleaveJourney;

InterleaveJourney     *interleave_journey_new       (const InterleaveTrace   *trace,
                                                     guint32                  request);
void                   interleave_journey_free      (InterleaveJourney       *journey);
gboolean               interleave_journey_is_stale  (const InterleaveJourney *journey,
                                                     const InterleaveTrace   *trace);
const InterleaveSpan  *interleave_journey_get_span  (const InterleaveJourney *journey,
                                                     const InterleaveTrace   *trace,
                                                     guint                    index,
                                                     guint                   *lane);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveJourney, interleave_journey_free)

G_END_DECLS
