/* interleave-narrator.c
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

#define G_LOG_DOMAIN "interleave-render"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "interleave-axis.h"
#include "interleave-narrator.h"

/* A cpu phase this long on an event loop is worth a sentence. */
#define LONG_CPU_NS (G_GINT64_CONSTANT (8000000))
/* How far back to look for requests still in flight. */
#define MAX_SCAN 20000

void
interleave_caption_clear (InterleaveCaption *caption)
{
  g_return_if_fail (caption != NULL);

  g_clear_pointer (&caption->text, g_free);
  caption->kind = INTERLEAVE_CAPTION_NONE;
  caption->request = INTERLEAVE_NO_REQUEST;
  caption->lane = INTERLEAVE_NO_LANE;
  caption->start = caption->end = -1;
}

static const char *
lane_name (const InterleaveTrace *trace,
           guint                  lane)
{
  if (lane >= trace->lanes->len)
    return _("another thread");

  return ((const InterleaveLane *) g_ptr_array_index (trace->lanes, lane))->name;
}

/* Requests of @process (or not yet given to a worker) that have arrived by
 * @time and are not done: they wait while the loop is blocked. Request
 * ids follow arrival order, so the scan starts at the last arrival. */
static guint
count_waiting (const InterleaveTrace *trace,
               guint                  process,
               gint64                 time,
               guint32                except)
{
  const InterleaveRequest *requests = (const InterleaveRequest *) (gpointer) trace->requests->data;
  guint lo = 0, hi = trace->requests->len, n = 0, scanned = 0;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (requests[mid].arrival >= 0 && requests[mid].arrival <= time)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i > 0 && scanned < MAX_SCAN; i--, scanned++)
    {
      const InterleaveRequest *r = &requests[i - 1];

      if (r->id == except || r->arrival < 0 || r->arrival > time)
        continue;
      if (r->done >= 0 && r->done <= time)
        continue;
      if (r->status == INTERLEAVE_REQUEST_REFUSED)
        continue;
      if (r->process != INTERLEAVE_NO_LANE && r->process != process)
        continue;
      n++;
    }

  return n;
}

static void
set (InterleaveCaption     *caption,
     InterleaveCaptionKind  kind,
     const InterleaveSpan  *span,
     guint                  lane,
     char                  *text)
{
  g_free (caption->text);
  caption->kind = kind;
  caption->text = text;
  caption->lane = lane;
  caption->request = span ? span->request : INTERLEAVE_NO_REQUEST;
  caption->start = span ? span->start : -1;
  caption->end = span ? span->end : -1;
}

static char *
describe_span (const InterleaveTrace *trace,
               guint                  lane,
               const InterleaveSpan  *span)
{
  g_autofree char *duration = interleave_format_duration (span->end - span->start);
  const char *where = lane_name (trace, lane);

  switch ((InterleaveState) span->state)
    {
    case INTERLEAVE_STATE_RUNNING:
      /* Translators: "request 17 runs on Thread 2 for 5 ms" */
      return g_strdup_printf (_("request %u runs on %s for %s"), span->request, where, duration);
    case INTERLEAVE_STATE_NATIVE:
      /* Translators: native code is C code that releases the GIL */
      return g_strdup_printf (_("request %u runs native code on %s for %s, without the GIL"),
                              span->request, where, duration);
    case INTERLEAVE_STATE_GIL_WAIT:
      return g_strdup_printf (_("request %u waits %s for the GIL held by %s"),
                              span->request, duration, lane_name (trace, span->cause));
    case INTERLEAVE_STATE_RUNNABLE:
      return g_strdup_printf (_("request %u is ready on %s but waits %s for a free core"),
                              span->request, where, duration);
    case INTERLEAVE_STATE_IO_WAIT:
      return g_strdup_printf (_("request %u waits %s for I/O; it holds no core"),
                              span->request, duration);
    case INTERLEAVE_STATE_IDLE:
    case INTERLEAVE_N_STATES:
    default:
      return g_strdup_printf (_("%s is idle"), where);
    }
}

/**
 * interleave_narrator_describe:
 * @trace: a trace
 * @time: ns, usually the playhead
 * @focus: a request to talk about first (the selected one), or
 *   %INTERLEAVE_NO_REQUEST
 * @caption: (out): the sentence and what it refers to; clear it with
 *   interleave_caption_clear()
 *
 * Picks the most telling thing happening at @time: the focused request; an
 * event loop blocked by a long cpu phase and how many requests wait; the
 * longest GIL wait and who holds the GIL; a thread ready with no core; a
 * request running native code; threads waiting for I/O; work running; or
 * an idle server.
 */
void
interleave_narrator_describe (const InterleaveTrace *trace,
                              gint64                 time,
                              guint32                focus,
                              InterleaveCaption     *caption)
{
  const InterleaveSpan *best[INTERLEAVE_N_STATES] = { NULL };
  guint best_lane[INTERLEAVE_N_STATES] = { 0 };
  const InterleaveSpan *blocked = NULL;
  guint blocked_lane = 0;
  const InterleaveSpan *loop_span = NULL;
  guint loop_lane = INTERLEAVE_NO_LANE;
  guint n_io = 0;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (caption != NULL);

  caption->text = NULL;
  interleave_caption_clear (caption);

  for (guint l = 0; l < trace->lanes->len; l++)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);
      const InterleaveSpan *span;

      if (lane->kind == INTERLEAVE_LANE_CORE)
        continue;

      span = interleave_lane_find_span (lane, time);

      /* The first event loop: what it does, or that it is free. */
      if (lane->kind == INTERLEAVE_LANE_LOOP && loop_lane == INTERLEAVE_NO_LANE)
        {
          loop_lane = l;
          loop_span = span != NULL && span->state == INTERLEAVE_STATE_RUNNING ? span : NULL;
        }

      if (span == NULL || span->state >= INTERLEAVE_N_STATES)
        continue;

      if (focus != INTERLEAVE_NO_REQUEST && span->request == focus && span->state != INTERLEAVE_STATE_IDLE)
        {
          set (caption, INTERLEAVE_CAPTION_FOCUS, span, l, describe_span (trace, l, span));
          return;
        }

      if (lane->kind == INTERLEAVE_LANE_LOOP && span->state == INTERLEAVE_STATE_RUNNING &&
          span->end - span->start >= LONG_CPU_NS &&
          (blocked == NULL || span->end - span->start > blocked->end - blocked->start))
        {
          blocked = span;
          blocked_lane = l;
        }

      if (span->state == INTERLEAVE_STATE_IO_WAIT)
        n_io++;

      /* Of each state, keep the longest span. */
      if (best[span->state] == NULL ||
          span->end - span->start > best[span->state]->end - best[span->state]->start)
        {
          best[span->state] = span;
          best_lane[span->state] = l;
        }
    }

  if (blocked != NULL)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, blocked_lane);
      g_autofree char *duration = interleave_format_duration (blocked->end - blocked->start);
      guint waiting = count_waiting (trace, lane->process, time, blocked->request);

      set (caption, INTERLEAVE_CAPTION_LOOP_BLOCKED, blocked, blocked_lane,
           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "the event loop is blocked by a %s cpu phase; %u request waits",
                                         "the event loop is blocked by a %s cpu phase; %u requests wait",
                                         waiting),
                            duration, waiting));
      return;
    }

  if (best[INTERLEAVE_STATE_GIL_WAIT] != NULL)
    {
      guint l = best_lane[INTERLEAVE_STATE_GIL_WAIT];
      set (caption, INTERLEAVE_CAPTION_GIL_WAIT, best[INTERLEAVE_STATE_GIL_WAIT], l,
           describe_span (trace, l, best[INTERLEAVE_STATE_GIL_WAIT]));
      return;
    }

  if (best[INTERLEAVE_STATE_RUNNABLE] != NULL)
    {
      guint l = best_lane[INTERLEAVE_STATE_RUNNABLE];
      set (caption, INTERLEAVE_CAPTION_RUNNABLE, best[INTERLEAVE_STATE_RUNNABLE], l,
           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s is ready to run, but the machine’s %u core is busy",
                                         "%s is ready to run, but all %u cores are busy",
                                         trace->n_cores),
                            lane_name (trace, l), trace->n_cores));
      return;
    }

  if (loop_lane != INTERLEAVE_NO_LANE)
    {
      const InterleaveLane *lane = g_ptr_array_index (trace->lanes, loop_lane);
      guint in_flight = count_waiting (trace, lane->process, time,
                                       loop_span ? loop_span->request : INTERLEAVE_NO_REQUEST);

      if (loop_span != NULL && in_flight > 0)
        {
          g_autofree char *duration = interleave_format_duration (loop_span->end - loop_span->start);

          set (caption, INTERLEAVE_CAPTION_LOOP, loop_span, loop_lane,
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "the event loop runs request %u for %s; %u other request is in flight",
                                             "the event loop runs request %u for %s; %u other requests are in flight",
                                             in_flight),
                                loop_span->request, duration, in_flight));
          return;
        }
      else if (loop_span == NULL && in_flight > 0 && best[INTERLEAVE_STATE_NATIVE] == NULL)
        {
          set (caption, INTERLEAVE_CAPTION_LOOP, NULL, loop_lane,
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "the event loop is free; %u request waits for I/O without holding it",
                                             "the event loop is free; %u requests wait for I/O without holding it",
                                             in_flight),
                                in_flight));
          return;
        }
    }

  if (best[INTERLEAVE_STATE_NATIVE] != NULL)
    {
      guint l = best_lane[INTERLEAVE_STATE_NATIVE];
      set (caption, INTERLEAVE_CAPTION_NATIVE, best[INTERLEAVE_STATE_NATIVE], l,
           describe_span (trace, l, best[INTERLEAVE_STATE_NATIVE]));
      return;
    }

  if (n_io >= 2)
    {
      guint l = best_lane[INTERLEAVE_STATE_IO_WAIT];
      set (caption, INTERLEAVE_CAPTION_IO, best[INTERLEAVE_STATE_IO_WAIT], l,
           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u thread waits for I/O: it needs no core and no GIL meanwhile",
                                         "%u threads wait for I/O: they need no core and no GIL meanwhile",
                                         n_io),
                            n_io));
      return;
    }

  if (best[INTERLEAVE_STATE_RUNNING] != NULL)
    {
      guint l = best_lane[INTERLEAVE_STATE_RUNNING];
      set (caption, INTERLEAVE_CAPTION_RUNNING, best[INTERLEAVE_STATE_RUNNING], l,
           describe_span (trace, l, best[INTERLEAVE_STATE_RUNNING]));
      return;
    }

  if (best[INTERLEAVE_STATE_IO_WAIT] != NULL)
    {
      guint l = best_lane[INTERLEAVE_STATE_IO_WAIT];
      set (caption, INTERLEAVE_CAPTION_IO, best[INTERLEAVE_STATE_IO_WAIT], l,
           describe_span (trace, l, best[INTERLEAVE_STATE_IO_WAIT]));
      return;
    }

  set (caption, INTERLEAVE_CAPTION_IDLE, NULL, INTERLEAVE_NO_LANE,
       g_strdup (_("the server is idle: no request is being handled")));
}
