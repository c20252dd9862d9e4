/* interleave-load-options.h
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

/* How a live measurement loads the server. Fill with
 * interleave_load_options_init(), then change what you need. */

typedef enum
{
  INTERLEAVE_LOAD_CONSTANT,   /* open loop, evenly spaced sends at `rate` */
  INTERLEAVE_LOAD_POISSON,    /* open loop, exponential gaps at mean `rate` */
  INTERLEAVE_LOAD_CLOSED,     /* `clients`, each sends, waits, thinks, sends again */
} InterleaveLoadKind;

typedef struct
{
  InterleaveLoadKind kind;
  double    rate;               /* open loop: requests per second */
  guint     clients;            /* closed loop: concurrent clients */
  gint64    think_ns;           /* closed loop: pause after each response */
  gboolean  think_exponential;  /* draw think times from an exponential with that mean */
  guint     connections;        /* connection pool; 0 = `clients` (closed) or 64 (open) */
  gint64    duration_ns;        /* stop sending after this; 0 = no time bound */
  guint64   max_requests;       /* stop after this many; 0 = no count bound */
  gint64    drain_ns;           /* then wait at most this for answers (default 2 s) */
  gint64    request_timeout_ns; /* a request without an answer by then fails (default 30 s) */
  guint     threads;            /* load threads, each with its own connections (default 1) */
  guint     max_outstanding;    /* open loop: requests due while this many are in flight
                                 * are counted as not sent (default 20000) */
  guint     record_cap;         /* per-request records kept, the newest (default 50000, ~11 MB) */
  guint     trace_cap;          /* requests drawn on the timeline, the first (default 100000) */
  gint64    window_ns;          /* width of a metric window (default 100 ms) */
  guint64   seed;               /* Poisson gaps and think times (default 1) */
  gboolean  allow_remote;       /* allow a target that is not loopback */
} InterleaveLoadOptions;

#define INTERLEAVE_LOAD_MAX_RATE        1000000.0
#define INTERLEAVE_LOAD_MAX_CLIENTS     10000
#define INTERLEAVE_LOAD_MAX_CONNECTIONS 10000
#define INTERLEAVE_LOAD_MAX_THREADS     16

void     interleave_load_options_init     (InterleaveLoadOptions       *options);
gboolean interleave_load_options_validate (const InterleaveLoadOptions *options,
                                           GError                     **error);
guint    interleave_load_options_get_connections (const InterleaveLoadOptions *options);

G_END_DECLS
