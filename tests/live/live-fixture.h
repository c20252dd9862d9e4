/* live-fixture.h
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

#include "interleave-measurement.h"

G_BEGIN_DECLS

/* An in-process libsoup server on 127.0.0.1, on its own thread, that
 * answers GET /work?plan=… after exactly the plan's total time (to the
 * microsecond) with a Server-Timing header in the test servers' format. */

typedef enum
{
  FIXTURE_DELAY,          /* every request waits its plan, concurrently */
  FIXTURE_SERIAL,         /* one request at a time, FIFO: a single-server queue */
  FIXTURE_FAIL_EVERY_3,   /* like DELAY, but every third answer is a 503 */
  FIXTURE_BAD_TIMING,     /* like DELAY, with a malformed Server-Timing */
  /* Misbehaving servers, for fault tests */
  FIXTURE_NO_READ,        /* accepts connections, never reads or answers */
  FIXTURE_SLOW_LORIS,     /* reads the request, then dribbles a response a byte
                           * every 50 ms and never finishes it */
  FIXTURE_GARBAGE,        /* answers every request with bytes that are not HTTP */
  FIXTURE_ALWAYS_500,     /* answers every request with a 500 */
  FIXTURE_REDIRECT,       /* answers every request with a 302 to another host */
} FixtureMode;

typedef struct _FixtureServer FixtureServer;

FixtureServer *fixture_server_new        (FixtureMode    mode);
char          *fixture_server_dup_url    (FixtureServer *server);
guint          fixture_server_get_served (FixtureServer *server);
void           fixture_server_free       (FixtureServer *server);

/* Runs a measurement to its end on the default main context. */
void           fixture_run_measurement   (InterleaveMeasurement *measurement);

/* Timing tests need the machine's cores. These measure, in ns of CPU,
 * how busy all CPUs were (/proc/stat, including the hypervisor's steal)
 * and how busy this process was, so a test can tell what other
 * processes took while it measured. */
gint64         fixture_machine_busy_ns   (void);
gint64         fixture_self_busy_ns      (void);

/* A measurement during which other processes took more cores than this
 * is not conclusive about timing. */
#define FIXTURE_OTHERS_LIMIT 0.3

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FixtureServer, fixture_server_free)

G_END_DECLS
