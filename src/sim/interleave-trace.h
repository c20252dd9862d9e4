/* interleave-trace.h
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

/* The trace is the one model every view and export reads: spans per lane,
 * requests and windowed metrics. The simulator produces it, and so does a
 * live measurement (from Server-Timing), so render/ and export/ never care
 * where the data came from. Plain data over arrays; no GObject. */

typedef enum
{
  INTERLEAVE_STATE_IDLE,
  INTERLEAVE_STATE_RUNNING,     /* interpreted code on a core */
  INTERLEAVE_STATE_NATIVE,      /* C code, GIL released / libuv pool */
  INTERLEAVE_STATE_GIL_WAIT,    /* runnable, but waiting for the GIL */
  INTERLEAVE_STATE_RUNNABLE,    /* runnable, no free core */
  INTERLEAVE_STATE_IO_WAIT,     /* blocked on I/O */
  INTERLEAVE_N_STATES
} InterleaveState;

typedef enum
{
  INTERLEAVE_LANE_LOOP,         /* an event loop thread (Node, asyncio) */
  INTERLEAVE_LANE_THREAD,       /* a request-serving thread */
  INTERLEAVE_LANE_POOL,         /* a libuv / executor pool thread */
  INTERLEAVE_LANE_CORE,         /* a CPU core (per-core view) */
} InterleaveLaneKind;

typedef enum
{
  INTERLEAVE_REQUEST_IN_FLIGHT,
  INTERLEAVE_REQUEST_COMPLETED,
  INTERLEAVE_REQUEST_REFUSED,
  INTERLEAVE_REQUEST_FAILED,
} InterleaveRequestStatus;

#define INTERLEAVE_NO_REQUEST G_MAXUINT32
#define INTERLEAVE_NO_PHASE   G_MAXUINT8
#define INTERLEAVE_NO_LANE    G_MAXUINT16

/* 24 bytes: millions of these are kept. */
typedef struct
{
  gint64  start;    /* ns */
  gint64  end;      /* ns, > start */
  guint32 request;  /* request id or INTERLEAVE_NO_REQUEST */
  guint8  state;    /* InterleaveState */
  guint8  phase;    /* index into the request's plan, or INTERLEAVE_NO_PHASE */
  guint16 cause;    /* gil-wait: lane holding the GIL; runnable: unused;
                     * INTERLEAVE_NO_LANE when unknown */
} InterleaveSpan;

typedef struct
{
  char   *name;     /* "Worker 1" */
  gint64  pid;      /* real pid when measured, worker index when simulated */
} InterleaveProcess;

typedef struct
{
  char               *name;     /* "Thread 3", "Event loop", "Pool 2" */
  guint               process;  /* index into InterleaveTrace.processes */
  InterleaveLaneKind  kind;
  gint64              tid;      /* real tid when measured, else lane index */
  GArray             *spans;    /* InterleaveSpan, sorted by start, disjoint */
} InterleaveLane;

typedef struct
{
  guint32 id;       /* dense: equals the index in InterleaveTrace.requests */
  guint16 klass;    /* request class index */
  guint16 process;  /* worker that served it, or INTERLEAVE_NO_LANE */
  guint8  status;   /* InterleaveRequestStatus */
  gint64  arrival;  /* ns: when the request was (meant to be) sent */
  gint64  accepted; /* ns: when a worker took it, or -1 */
  gint64  done;     /* ns: completion, or -1 while in flight */
} InterleaveRequest;

typedef enum
{
  INTERLEAVE_METRIC_THROUGHPUT,     /* completed requests per second */
  INTERLEAVE_METRIC_LATENCY_P50,    /* ms, of requests completed in window */
  INTERLEAVE_METRIC_LATENCY_P95,
  INTERLEAVE_METRIC_LATENCY_P99,
  INTERLEAVE_METRIC_LATENCY_MAX,
  INTERLEAVE_METRIC_IN_FLIGHT,      /* mean over the window */
  INTERLEAVE_METRIC_QUEUE,          /* accept queue length, mean */
  INTERLEAVE_METRIC_CPU,            /* cores busy, 0…cores */
  INTERLEAVE_METRIC_GIL_HELD,       /* share 0…1 */
  INTERLEAVE_METRIC_GIL_CONTENDED,  /* share 0…1 */
  INTERLEAVE_METRIC_LOOP_LAG,       /* ms */
  INTERLEAVE_METRIC_ERRORS,         /* per second */
  INTERLEAVE_N_METRICS
} InterleaveMetric;

typedef struct
{
  gint64 start;                          /* ns */
  double values[INTERLEAVE_N_METRICS];   /* NAN when not applicable */
} InterleaveWindow;

typedef struct
{
  char       *name;        /* architecture or server name */
  guint       n_cores;
  gint64      window_ns;   /* width of each metric window */
  gint64      end;         /* ns: time covered so far */
  GPtrArray  *processes;   /* InterleaveProcess */
  GPtrArray  *lanes;       /* InterleaveLane */
  GArray     *requests;    /* InterleaveRequest; in a delta, possibly a list of
                            * updates each carrying its id (see
                            * interleave_trace_append_request_update()) */
  GArray     *windows;     /* InterleaveWindow */
  GPtrArray  *class_names; /* char*, request class names */
  gint64      recorded_until; /* ns: spans are complete before this time and
                               * not kept after it (a producer's recording
                               * limit); G_MAXINT64 when nothing was left out */
} InterleaveTrace;

InterleaveTrace       *interleave_trace_new            (const char            *name,
                                                        guint                  n_cores,
                                                        gint64                 window_ns);
void                   interleave_trace_free           (InterleaveTrace       *trace);
InterleaveTrace       *interleave_trace_new_delta      (const InterleaveTrace *like);
guint                  interleave_trace_add_process    (InterleaveTrace       *trace,
                                                        const char            *name,
                                                        gint64                 pid);
guint                  interleave_trace_add_lane       (InterleaveTrace       *trace,
                                                        guint                  process,
                                                        InterleaveLaneKind     kind,
                                                        const char            *name,
                                                        gint64                 tid);
void                   interleave_trace_append_span    (InterleaveTrace       *trace,
                                                        guint                  lane,
                                                        const InterleaveSpan  *span);
void                   interleave_trace_set_request    (InterleaveTrace       *trace,
                                                        const InterleaveRequest *request);
void                   interleave_trace_append_request_update (InterleaveTrace *delta,
                                                        const InterleaveRequest *request);
void                   interleave_trace_merge          (InterleaveTrace       *trace,
                                                        const InterleaveTrace *delta);
guint                  interleave_trace_get_n_spans    (const InterleaveTrace *trace);
const InterleaveSpan  *interleave_lane_find_span       (const InterleaveLane  *lane,
                                                        gint64                 time);
guint                  interleave_lane_first_span_after (const InterleaveLane *lane,
                                                        gint64                 time);
const char            *interleave_state_to_string      (InterleaveState        state);
const char            *interleave_state_get_label      (InterleaveState        state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveTrace, interleave_trace_free)

G_END_DECLS
