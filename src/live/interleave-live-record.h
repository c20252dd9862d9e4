/* interleave-live-record.h
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

#include <glib.h>

G_BEGIN_DECLS

/* What the load generator knows about one request it sent. Times are ns
 * on the run's timeline (0 = start of the run, CLOCK_MONOTONIC), the same
 * timeline as the InterleaveTrace the run produces. */

typedef enum
{
  INTERLEAVE_LIVE_ERROR_NONE,
  INTERLEAVE_LIVE_ERROR_CONNECT,    /* connection refused or unreachable */
  INTERLEAVE_LIVE_ERROR_IO,         /* connection reset or closed mid-response */
  INTERLEAVE_LIVE_ERROR_TIMEOUT,    /* no response in time */
  INTERLEAVE_LIVE_ERROR_HTTP_4XX,   /* the server rejected the request (a bad plan, …) */
  INTERLEAVE_LIVE_ERROR_HTTP_5XX,   /* the server failed */
  INTERLEAVE_LIVE_ERROR_CANCELLED,  /* still in flight when the run ended */
  INTERLEAVE_LIVE_ERROR_OVERLOAD,   /* never sent: too many requests in flight (open loop) */
  INTERLEAVE_LIVE_N_ERRORS
} InterleaveLiveErrorClass;

#define INTERLEAVE_LIVE_RECORD_MAX_PHASES 6

typedef struct
{
  gint64  start;   /* ns, from Server-Timing `start` */
  gint64  dur;     /* ns, from Server-Timing `dur` */
  gint32  tid;     /* thread that ran it; 0 = unknown pool thread, -1 = not given */
  guint8  kind;    /* InterleavePhaseKind */
} InterleaveLivePhase;

typedef struct
{
  guint32              id;            /* order of sending, from 0 */
  guint16              status;        /* HTTP status, 0 without a response */
  guint8               error;         /* InterleaveLiveErrorClass */
  guint8               timing_ok;     /* Server-Timing parsed, matched the plan, on our clock */
  guint8               n_phases;      /* phases in Server-Timing (the first MAX_PHASES are kept) */
  guint32              bytes;         /* response body bytes */
  gint32               pid;           /* worker process that served it, or -1 */
  gint32               tid;           /* its handler thread ("app" entry), or -1 */
  gint64               intended;      /* when it was meant to be sent: latency counts from here */
  gint64               sent;          /* when its request line went out, or -1 */
  gint64               headers;       /* when the response headers arrived, or -1 */
  gint64               done;          /* when the body was read or the request failed */
  gint64               handler_start; /* "app" entry: the server's handler, or -1 */
  gint64               handler_dur;
  InterleaveLivePhase  phases[INTERLEAVE_LIVE_RECORD_MAX_PHASES];
} InterleaveLiveRecord;

/* Counters over a whole run. */
typedef struct
{
  guint64 issued;
  guint64 completed;       /* 2xx / 3xx responses */
  guint64 errors[INTERLEAVE_LIVE_N_ERRORS];
  guint64 bad_timing;      /* responses whose Server-Timing could not be used */
  guint64 bytes;
} InterleaveLiveCounts;

const char *interleave_live_error_class_to_string (InterleaveLiveErrorClass error);
const char *interleave_live_error_class_get_label (InterleaveLiveErrorClass error);

G_END_DECLS
