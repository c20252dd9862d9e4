/* interleave-live-record.c
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

#define G_LOG_DOMAIN "interleave-live"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "interleave-live-record-private.h"
#include "interleave-server-timing.h"

static const char *names[INTERLEAVE_LIVE_N_ERRORS] = {
  "none", "connect", "io", "timeout", "http-4xx", "http-5xx", "cancelled", "overload",
};

/* Returns: a stable name for CSV and JSON, e.g. "http-5xx" */
const char *
interleave_live_error_class_to_string (InterleaveLiveErrorClass error)
{
  g_return_val_if_fail (error < INTERLEAVE_LIVE_N_ERRORS, NULL);

  return names[error];
}

/* Returns: the translated label shown to people */
const char *
interleave_live_error_class_get_label (InterleaveLiveErrorClass error)
{
  g_return_val_if_fail (error < INTERLEAVE_LIVE_N_ERRORS, NULL);

  switch (error)
    {
    case INTERLEAVE_LIVE_ERROR_NONE:      return _("No error");
    case INTERLEAVE_LIVE_ERROR_CONNECT:   return _("Connection refused");
    case INTERLEAVE_LIVE_ERROR_IO:        return _("Connection lost");
    case INTERLEAVE_LIVE_ERROR_TIMEOUT:   return _("Timed out");
    case INTERLEAVE_LIVE_ERROR_HTTP_4XX:  return _("Rejected (HTTP 4xx)");
    case INTERLEAVE_LIVE_ERROR_HTTP_5XX:  return _("Server error (HTTP 5xx)");
    case INTERLEAVE_LIVE_ERROR_CANCELLED: return _("Unfinished at the end");
    case INTERLEAVE_LIVE_ERROR_OVERLOAD:  return _("Not sent (too many in flight)");
    case INTERLEAVE_LIVE_N_ERRORS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A Server-Timing time (ms, CLOCK_MONOTONIC) on the run's timeline (ns
 * since @t0_ns). Servers can send any number: one that does not fit the
 * timeline is refused, not rounded into an overflow. */
static gboolean
ms_to_run_ns (double  ms,
              gint64  t0_ns,
              gint64 *out)
{
  double ns = ms * 1e6;

  /* |result| < 2^62, far beyond any real clock and safe to add to */
  if (!isfinite (ns) || ns < 0.0 || ns >= 4.6e18)
    return FALSE;

  *out = (gint64) llround (ns) - t0_ns;
  return TRUE;
}

static gboolean
ms_to_ns (double  ms,
          gint64 *out)
{
  return ms_to_run_ns (ms, 0, out);
}

/* Server-Timing → phases on our timeline. Returns a problem, or NULL. */
static char *
read_server_timing (InterleaveLiveRecord *record,
                    const InterleavePlan *plan,
                    gint64                t0_ns,
                    const char           *header)
{
  g_autoptr(InterleaveServerTiming) timing = NULL;
  g_autoptr(GError) error = NULL;
  const InterleaveServerTimingEntry *app;
  gint64 earliest = MIN (record->intended, record->sent >= 0 ? record->sent : record->intended)
                    - INTERLEAVE_LIVE_RECORD_CLOCK_SLACK;
  gint64 latest = record->done + INTERLEAVE_LIVE_RECORD_CLOCK_SLACK;
  guint n = 0;

  if (header == NULL)
    {
      if (plan->n_phases == 0)
        return NULL;
      return g_strdup (_("The response has no Server-Timing header"));
    }

  timing = interleave_server_timing_parse (header, &error);
  if (timing == NULL || !interleave_server_timing_check_plan (timing, plan, &error))
    return g_strdup (error->message);

  app = interleave_server_timing_lookup (timing, "app");
  if (app != NULL)
    {
      gint64 start, dur = 0;

      record->pid = (gint32) CLAMP (app->pid, -1, G_MAXINT32);
      record->tid = (gint32) CLAMP (app->tid, -1, G_MAXINT32);
      if (!isnan (app->start_ms) && ms_to_run_ns (app->start_ms, t0_ns, &start) &&
          (isnan (app->dur_ms) || ms_to_ns (app->dur_ms, &dur)))
        {
          record->handler_start = start;
          record->handler_dur = dur;
        }
    }

  for (guint i = 0; i < timing->n_entries; i++)
    {
      const InterleaveServerTimingEntry *entry = &timing->entries[i];
      InterleavePhaseKind kind;
      gint64 start;
      gint64 dur;

      if (!interleave_phase_kind_from_string (entry->name, &kind))
        continue;

      /* check_plan() made sure every phase has dur and start. */
      if (!ms_to_run_ns (entry->start_ms, t0_ns, &start) || !ms_to_ns (entry->dur_ms, &dur) ||
          start < earliest || start > latest || dur > latest - start)
        return g_strdup_printf (_("Server-Timing places phase “%s” at %.3f ms, outside the request "
                                  "(%.3f – %.3f ms): is `start` CLOCK_MONOTONIC in milliseconds?"),
                                entry->name, entry->start_ms,
                                (earliest + INTERLEAVE_LIVE_RECORD_CLOCK_SLACK + t0_ns) / 1e6,
                                (latest - INTERLEAVE_LIVE_RECORD_CLOCK_SLACK + t0_ns) / 1e6);

      if (record->pid < 0)
        record->pid = (gint32) CLAMP (entry->pid, -1, G_MAXINT32);

      if (n < INTERLEAVE_LIVE_RECORD_MAX_PHASES)
        {
          InterleaveLivePhase *phase = &record->phases[n];

          phase->start = start;
          phase->dur = dur;
          phase->kind = kind;
          phase->tid = (gint32) CLAMP (entry->tid >= 0 ? entry->tid : record->tid, -1, G_MAXINT32);
        }
      n++;
    }

  record->n_phases = (guint8) MIN (n, G_MAXUINT8);
  record->timing_ok = TRUE;

  return NULL;
}

/**
 * _interleave_live_record_read_response:
 * @record: a record with its id and times (intended, sent, done) set
 * @plan: the plan the request asked for
 * @t0_ns: the start of the run, CLOCK_MONOTONIC ns
 * @status: the HTTP status of the response
 * @bytes: the length of its body
 * @server_timing: (nullable): its Server-Timing headers, joined by ","
 *
 * Fills in what a response says: status, size, error class and, for a
 * success, the phases, process and thread from Server-Timing. Anything a
 * server sends is accepted without a crash; what cannot be used is
 * returned as a problem and leaves `timing_ok` false.
 *
 * Returns: (transfer full) (nullable): why the Server-Timing could not be
 *   used, or %NULL
 */
char *
_interleave_live_record_read_response (InterleaveLiveRecord *record,
                                       const InterleavePlan *plan,
                                       gint64                t0_ns,
                                       guint                 status,
                                       guint64               bytes,
                                       const char           *server_timing)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  record->status = (guint16) MIN (status, G_MAXUINT16);
  record->bytes = (guint32) MIN (bytes, G_MAXUINT32);

  if (status >= 200 && status < 400)
    {
      record->error = INTERLEAVE_LIVE_ERROR_NONE;
      return read_server_timing (record, plan, t0_ns, server_timing);
    }

  if (status >= 400 && status < 500)
    record->error = INTERLEAVE_LIVE_ERROR_HTTP_4XX;
  else if (status >= 500)
    record->error = INTERLEAVE_LIVE_ERROR_HTTP_5XX;
  else
    record->error = INTERLEAVE_LIVE_ERROR_IO;

  return NULL;
}
