/* interleave-server-timing.h
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

#include "interleave-plan.h"

G_BEGIN_DECLS

/* A parsed Server-Timing header (W3C Server Timing, with the token,
 * quoted-string and list rules of RFC 9110):
 *
 *   Server-Timing: cpu;dur=5.012;start=81234.567;pid=4242;tid=4243, app;dur=5.3
 *
 * The test servers send one entry per plan phase, named after the phase,
 * then an "app" entry for the whole handler. `start` is CLOCK_MONOTONIC in
 * milliseconds, the clock of g_get_monotonic_time(). */

#define INTERLEAVE_SERVER_TIMING_ERROR (interleave_server_timing_error_quark ())

typedef enum
{
  INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX,   /* not the header's grammar */
  INTERLEAVE_SERVER_TIMING_ERROR_VALUE,    /* a known parameter with a bad value */
  INTERLEAVE_SERVER_TIMING_ERROR_PLAN,     /* the entries do not match the plan */
} InterleaveServerTimingError;

/* Headers longer than this are refused rather than parsed. */
#define INTERLEAVE_SERVER_TIMING_MAX_LENGTH  16384
#define INTERLEAVE_SERVER_TIMING_MAX_ENTRIES (INTERLEAVE_PLAN_MAX_PHASES + 8)

typedef struct
{
  char   *name;         /* metric name, a token */
  char   *description;  /* the "desc" parameter, unquoted, or NULL */
  double  dur_ms;       /* NAN when absent */
  double  start_ms;     /* CLOCK_MONOTONIC ms; NAN when absent */
  gint64  pid;          /* -1 when absent */
  gint64  tid;          /* -1 when absent; 0 = an unknown pool thread */
} InterleaveServerTimingEntry;

typedef struct
{
  guint                         n_entries;
  InterleaveServerTimingEntry  *entries;
} InterleaveServerTiming;

GQuark                             interleave_server_timing_error_quark (void);
InterleaveServerTiming            *interleave_server_timing_parse       (const char                   *header,
                                                                         GError                      **error);
void                               interleave_server_timing_free        (InterleaveServerTiming       *timing);
const InterleaveServerTimingEntry *interleave_server_timing_lookup      (const InterleaveServerTiming *timing,
                                                                         const char                   *name);
gboolean                           interleave_server_timing_check_plan  (const InterleaveServerTiming *timing,
                                                                         const InterleavePlan         *plan,
                                                                         GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveServerTiming, interleave_server_timing_free)

G_END_DECLS
