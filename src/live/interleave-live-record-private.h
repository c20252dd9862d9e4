/* interleave-live-record-private.h
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

#include "interleave-live-record.h"
#include "interleave-plan.h"

G_BEGIN_DECLS

/* Internal API of src/live: the part of the load generator that turns a
 * response into a record, without a socket, so it can be tested and
 * fuzzed (tests/fuzz/fuzz-response.c). */

/* Server-Timing must place a phase within this much of the request. */
#define INTERLEAVE_LIVE_RECORD_CLOCK_SLACK (G_GINT64_CONSTANT (5000000))

char *_interleave_live_record_read_response (InterleaveLiveRecord *record,
                                             const InterleavePlan *plan,
                                             gint64                t0_ns,
                                             guint                 status,
                                             guint64               bytes,
                                             const char           *server_timing);

G_END_DECLS
