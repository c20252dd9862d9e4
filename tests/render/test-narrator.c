/* test-narrator.c
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

#include "config.h"

#include "interleave-narrator.h"
#include "interleave-test-traces.h"

static void
check (const InterleaveTrace *trace,
       gint64                 time,
       guint32                focus,
       InterleaveCaptionKind  kind,
       const char            *text)
{
  InterleaveCaption caption = { 0 };

  interleave_narrator_describe (trace, time, focus, &caption);
  g_test_message ("%.1f ms: %s", time / 1e6, caption.text);
  g_assert_cmpint (caption.kind, ==, kind);
  g_assert_cmpstr (caption.text, ==, text);
  interleave_caption_clear (&caption);
}

static void
test_gil_and_cores (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_test_trace_new_fixed ();

  check (trace, 10 * MS, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_GIL_WAIT,
         "request 1 waits 20 ms for the GIL held by Thread 1");
  check (trace, 55 * MS, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_GIL_WAIT,
         "request 2 waits 10 ms for the GIL held by Thread 2");
  check (trace, 65 * MS, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_RUNNABLE,
         "Thread 2 is ready to run, but all 2 cores are busy");
  check (trace, 90 * MS, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_NATIVE,
         "request 1 runs native code on Thread 2 for 20 ms, without the GIL");
  check (trace, 150 * MS, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_IDLE,
         "the server is idle: no request is being handled");

  /* The selected request comes first. */
  check (trace, 30 * MS, 0, INTERLEAVE_CAPTION_FOCUS,
         "request 0 waits 30 ms for I/O; it holds no core");
  check (trace, 10 * MS, 0, INTERLEAVE_CAPTION_FOCUS,
         "request 0 runs on Thread 1 for 20 ms");
}

static void
test_blocked_loop (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("Node.js", 2, 10 * MS);
  guint p = interleave_trace_add_process (trace, "Worker 1", 0);
  guint loop = interleave_trace_add_lane (trace, p, INTERLEAVE_LANE_LOOP, "Event loop", 0);
  InterleaveSpan span = {
    .start = 0, .end = 50 * MS, .request = 0, .state = INTERLEAVE_STATE_RUNNING,
    .phase = 0, .cause = INTERLEAVE_NO_LANE,
  };

  interleave_trace_append_span (trace, loop, &span);
  for (guint32 i = 0; i <= 12; i++)
    {
      InterleaveRequest r = {
        .id = i, .process = p, .status = INTERLEAVE_REQUEST_COMPLETED,
        .arrival = i * MS, .accepted = i * MS, .done = 50 * MS + i * MS,
      };
      interleave_trace_set_request (trace, &r);
    }
  /* One that arrives later does not wait yet. */
  {
    InterleaveRequest r = {
      .id = 13, .process = p, .status = INTERLEAVE_REQUEST_COMPLETED,
      .arrival = 40 * MS, .accepted = 40 * MS, .done = 70 * MS,
    };
    interleave_trace_set_request (trace, &r);
  }

  check (trace, 25 * MS, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_LOOP_BLOCKED,
         "the event loop is blocked by a 50 ms cpu phase; 12 requests wait");
  check (trace, 1 * MS, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_LOOP_BLOCKED,
         "the event loop is blocked by a 50 ms cpu phase; 1 request waits");
}

/* One loop, many requests in flight: it runs one at a time, and while
 * it is free the others wait for I/O without holding it. */
static void
test_busy_loop (void)
{
  g_autoptr(InterleaveTrace) trace = interleave_trace_new ("Node.js", 2, 10 * MS);
  guint p = interleave_trace_add_process (trace, "Worker 1", 0);
  guint loop = interleave_trace_add_lane (trace, p, INTERLEAVE_LANE_LOOP, "Event loop", 0);

  for (guint32 i = 0; i < 50; i++)
    {
      InterleaveRequest r = {
        .id = i, .process = p, .status = INTERLEAVE_REQUEST_COMPLETED,
        .arrival = i * MS, .accepted = i * MS, .done = 1000 * MS + i * MS,
      };
      InterleaveSpan span = {
        .start = i * MS, .end = i * MS + MS / 5, .request = i,
        .state = INTERLEAVE_STATE_RUNNING, .phase = 0, .cause = INTERLEAVE_NO_LANE,
      };

      interleave_trace_set_request (trace, &r);
      interleave_trace_append_span (trace, loop, &span);
    }

  /* At 20.1 ms request 20 runs; 0–19 are waiting for their I/O. */
  check (trace, 20 * MS + MS / 10, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_LOOP,
         "the event loop runs request 20 for 200 µs; 20 other requests are in flight");
  check (trace, 20 * MS + MS / 2, INTERLEAVE_NO_REQUEST, INTERLEAVE_CAPTION_LOOP,
         "the event loop is free; 21 requests wait for I/O without holding it");
  /* The blocked loop outranks these captions. */
  g_assert_cmpint (INTERLEAVE_CAPTION_LOOP_BLOCKED, >, INTERLEAVE_CAPTION_LOOP);
  g_assert_cmpint (INTERLEAVE_CAPTION_GIL_WAIT, >, INTERLEAVE_CAPTION_LOOP);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/narrator/gil-and-cores", test_gil_and_cores);
  g_test_add_func ("/narrator/blocked-loop", test_blocked_loop);
  g_test_add_func ("/narrator/busy-loop", test_busy_loop);

  return g_test_run ();
}
