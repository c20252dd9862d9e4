/* interleave-simulation.c
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

#define G_LOG_DOMAIN "interleave-sim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "interleave-histogram.h"
#include "interleave-random.h"
#include "interleave-simulation.h"

/* How the engine works, in brief (DESIGN.md "The simulation model"):
 *
 * Time is an integer count of nanoseconds. Events sit in one binary heap
 * ordered by (time, sequence number), so ties resolve in the order events
 * were scheduled and every run is deterministic. Nothing is allocated per
 * event: requests, connections and threads live in arrays with free lists.
 *
 * A request walks through steps: the runtime's parse overhead (cpu), the
 * phases of its plan, the runtime's respond overhead (cpu), done. Step
 * durations come from a small random stream of the request's own, seeded
 * from (seed, source, client, sequence number), so every architecture
 * sees the very same workload.
 *
 * Threads are scheduled on C cores round-robin with a quantum and a
 * context-switch cost. A thread that runs interpreted code under a GIL
 * first acquires its worker's GIL with CPython's protocol: once the GIL
 * has been held for a switch interval without changing hands while some
 * thread waits, the waiter sets the drop request; the holder drops it at
 * its next check (at once), and the longest waiter gets it. I/O and native
 * code release it. One timer per worker stands for all the waiters' timed
 * waits, so a thousand waiting threads cost no more than one.
 *
 * With machine.client_cpu the load generator runs on the same cores: one
 * more thread, outside the server, that must get a core to send each
 * request and to read each response (half of client_cpu each), so a
 * loaded machine delays and bunches the requests the server sees.
 */

#define NONE G_MAXUINT32

#define MAX_IN_FLIGHT      1000000
#define MAX_LIVE_THREADS   16384
#define MAX_SAMPLE_NS      (G_GINT64_CONSTANT (3600) * 1000000000)
#define RETRY_NS           G_GINT64_CONSTANT (1000000)
#define GIL_HANDOFF        (1u << 31)   /* EV_GIL target flag: a hand-off, not the switch timer */
#define DELIVERY_SALT      G_GUINT64_CONSTANT (0x64656c6976)  /* delivery jitter draws: requests */
#define RESPONSE_SALT      G_GUINT64_CONSTANT (0x726573706f)  /* and responses */
#define LOOP_WAKE          (1u << 31)   /* EV_IO target flag: a sleeping loop wakes, not an io phase */

enum {
  EV_SOURCE,      /* open-loop arrival of a source */
  EV_CLIENT,      /* closed-loop client sends */
  EV_CORE,        /* a core's thread ends its burst or its quantum */
  EV_IO,          /* a request's I/O is done */
  EV_GIL,         /* a worker's GIL was held a switch interval while contended */
  EV_WINDOW,      /* a metric window ends */
  EV_RECORD_END,  /* stop recording spans and requests */
  EV_POOL_FREE,   /* an open-loop pool connection is free again */
  EV_DELIVER,     /* a request reaches the server, late by machine.delivery_jitter */
  EV_RESPONSE,    /* its response reaches the load generator, likewise */
  EV_BALANCE,     /* an idle core may take a thread queued on another (machine.balance_interval) */
};

typedef struct
{
  gint64  time;
  guint64 key;      /* sequence << 4 | kind */
  guint32 target;
  guint32 version;
} Event;

typedef enum
{
  STEP_CPU,
  STEP_IO,
  STEP_NATIVE,
  STEP_DONE,
} StepKind;

typedef enum
{
  ROLE_LOOP,      /* event loop thread */
  ROLE_POOL,      /* native pool thread of a loop worker */
  ROLE_SERVE,     /* thread of a fixed pool, or a sync worker's thread */
  ROLE_CONN,      /* one thread per connection */
  ROLE_CLIENT,    /* the load generator (machine.client_cpu) */
} Role;

enum {
  GEN_NONE,
  GEN_SEND,       /* the load generator sends the request */
  GEN_RECEIVE,    /* it reads the response */
};

typedef enum
{
  TS_IDLE,
  TS_READY,       /* runnable, no core */
  TS_RUNNING,
  TS_GIL_WAIT,
  TS_IO_WAIT,
  TS_DEAD,        /* a per-connection thread slot that is free */
} ThreadState;

typedef struct
{
  guint32 lane;
  guint32 core;
  guint32 req;
  guint32 next;         /* run queue, GIL waiters, idle lists */
  guint32 conn;
  guint32 worker;
  guint32 home;         /* queued for a core: the core it waits on (machine.balance_interval) */
  guint32 last_core;    /* the core it last ran on, or NONE */
  guint8  role;
  guint8  state;
  guint8  native;       /* current burst is native code */
  guint8  holds_gil;
  gint64  run_start;    /* progress is counted from here */
  gint64  slice_end;
  gint64  gil_wait_start;  /* when it began waiting for the GIL */
  gint64  ready_since;  /* queued for a core since */

  /* the open span of this thread's lane */
  gint64  span_start;
  guint32 span_req;
  guint8  span_state;
  guint8  span_phase;
  guint16 span_cause;
} Thread;

typedef struct
{
  guint32 thread;
  guint32 last_thread;
  guint32 version;
  guint32 balance;      /* version of its pending EV_BALANCE */
  guint32 lane;
  gint64  idle_since;   /* when it last went idle */
  gint64  span_start;
  guint32 span_req;
  guint8  span_state;
  guint8  span_phase;
  guint16 span_cause;
} Core;

typedef struct
{
  guint64 rng;
  gint64  arrival;
  gint64  accepted;
  gint64  ready_at;     /* queued on a loop or pool: for the loop lag */
  gint64  left;         /* ns left in the current step */
  guint32 id;
  guint32 next;         /* queues and free list */
  guint32 conn;
  guint32 thread;
  guint32 worker;
  guint32 client;       /* closed loop: client index, else NONE */
  guint32 gen;
  guint16 klass;
  guint16 source;
  guint8  step;
  guint8  kind;         /* StepKind of the current step */
  guint8  started;
  guint8  new_conn;
  guint8  recorded;
  guint8  gen_job;      /* GEN_*: what the load generator does for it */
  guint8  gen_close;    /* GEN_RECEIVE: close the connection after */
} Req;

typedef struct
{
  guint64 serial;
  guint32 worker;       /* NONE: not connected */
  guint32 thread;       /* per-connection thread */
  guint32 next;
  guint32 source;       /* open-loop pool slot: its source */
  guint8  pooled;       /* a fixed slot: a client's or an open-loop pool's */
  guint8  busy;         /* open-loop pool slot: a request is on it */
  guint32 slot;         /* open-loop pool slot: its index in the pool */
} Conn;

typedef struct
{
  InterleaveArrivals  arrivals;
  guint               n_classes;
  guint16             classes[INTERLEAVE_SCENARIO_MAX_CLASSES];
  double              cumulative[INTERLEAVE_SCENARIO_MAX_CLASSES];
  InterleaveRandom    rng;
  guint64             sent;
  guint32             first_client;
  /* open loop with keep-alive: a pool of connections */
  guint32             first_conn;
  guint32            *pool;                       /* its connections, in groups */
  guint               n_pool;
  guint8             *group_busy;                 /* requests on each group's connections */
  guint64            *ready[INTERLEAVE_POOL_GROUP_CONNECTIONS]; /* by how many are busy: the groups
                                                   * with a free connection, one bit each */
  guint               n_words;                    /* of each ready set */
  guint32             wait_head, wait_tail;       /* requests waiting for one */
} Source;

typedef struct
{
  guint64 rng;          /* think times */
  guint64 seq;
  guint32 source;
  guint32 conn;         /* keep-alive: its one connection */
} Client;

typedef struct
{
  guint32 loop;
  guint32 run_head, run_tail;     /* loop: tasks */
  guint32 pool_idle;              /* loop: stack of idle pool threads */
  guint32 pool_head, pool_tail;   /* loop: requests waiting for a pool thread */
  guint32 idle_head, idle_tail;   /* serving threads that are idle */
  guint32 q_head, q_tail;         /* requests waiting for a serving thread */
  guint32 dead;                   /* stack of free per-connection thread slots */
  guint   pending_new;            /* new connections queued here (backlog) */
  guint   n_named;                /* per-connection thread lanes made */
  gint64  available_since;
  guint32 sleep_head, sleep_tail; /* loop: timers due while it sleeps, waiting for it to wake */
  guint32 wake;                   /* version of the pending loop wake-up */
  /* GIL */
  guint32 gil_holder;
  guint32 gil_head, gil_tail;
  guint   gil_waiters;
  guint32 gil_timer;              /* version of the pending EV_GIL */
  guint32 gil_heir;               /* woken to take the GIL, not running yet, or NONE */
  guint32 gil_handoff;            /* version of the pending hand-off */
  gint64  gil_watch_start;        /* since when the holder has kept it from a waiter */
  gboolean drop_pending;
} Worker;

typedef struct
{
  gint64 value;
  gint64 since;
  double window_area;
  double total_area;
} Level;

typedef struct
{
  double mu[INTERLEAVE_PLAN_MAX_PHASES];
  double sigma[INTERLEAVE_PLAN_MAX_PHASES];
} ClassDist;

struct _InterleaveSimulation
{
  InterleaveScenario           *scenario;
  const InterleaveArchitecture *arch;
  guint                         arch_index;
  gboolean                      loop_arch;   /* eventloop or asyncio */
  gboolean                      timer_wake;  /* threads start because an io phase ended */
  gint64                        parse_ns;
  gint64                        respond_ns;
  double                        native_sigma;  /* lognormal σ of the arch's native spread, 0: none */

  gint64                        now;
  gint64                        duration;
  gboolean                      ran;

  /* events */
  Event                        *heap;
  guint                         heap_len;
  guint                         heap_size;
  guint64                       seq;
  guint64                       gil_rng;        /* which GIL waiter the OS wakes */
  guint64                       wake_rng;       /* which woken threads stay behind a busy core */
  guint64                       n_events;

  /* workload */
  ClassDist                    *dists;
  Source                       *sources;
  guint                         n_sources;
  Client                       *clients;
  guint                         n_clients;
  GArray                       *conns;
  guint32                       free_conn;
  GArray                       *reqs;
  guint32                       free_req;
  guint32                       next_id;
  guint64                       next_serial;

  /* machine and server */
  Core                         *cores;
  guint                         n_cores;
  guint32                      *idle_cores;
  guint                         n_idle_cores;
  guint32                       run_head, run_tail;
  guint                         run_len;
  GArray                       *threads;
  Worker                       *workers;
  guint                         n_workers;
  guint32                       shared_head, shared_tail;
  guint                         shared_pending;
  guint                         rr_next;
  guint                         live_threads;

  /* the load generator, when it shares the cores (machine.client_cpu) */
  guint32                       gen_thread;
  guint32                       gen_head, gen_tail;
  gboolean                      gen_busy;
  gint64                        gen_send_ns;
  gint64                        gen_receive_ns;

  /* recording */
  InterleaveTrace              *skeleton;
  InterleaveTrace              *delta;
  gboolean                      recording;       /* spans */
  gboolean                      recording_requests;
  gboolean                      cut_pending;
  guint64                       n_spans;

  /* metrics */
  Level                         in_flight;
  Level                         queue;
  Level                         busy;
  Level                         gil_held;
  Level                         gil_contended;
  guint                         n_gil_workers;
  gint64                        window_start;
  guint64                       window_completed;
  guint64                       window_errors;
  gint64                        window_lag;
  InterleaveHistogram             *window_hist;
  InterleaveHistogram             *total_hist;
  guint64                       completed;
  guint64                       refused;
  guint64                       failed;
  guint64                       arrived;

  /* streaming */
  InterleaveSimulationDeltaFunc delta_func;
  gpointer                      delta_data;
  gint64                        delta_interval;
  guint                         delta_events;
  gint64                        last_flush;
  guint                         events_since_flush;
  guint                         spans_since_flush;
};

static inline Thread *
thread_at (InterleaveSimulation *s,
           guint32               i)
{
  return &g_array_index (s->threads, Thread, i);
}

static inline Req *
req_at (InterleaveSimulation *s,
        guint32               i)
{
  return &g_array_index (s->reqs, Req, i);
}

static inline Conn *
conn_at (InterleaveSimulation *s,
         guint32               i)
{
  return &g_array_index (s->conns, Conn, i);
}

/* ------------------------------------------------------------------------
 * The event heap.
 */

static inline gboolean
event_before (const Event *a,
              const Event *b)
{
  return a->time < b->time || (a->time == b->time && a->key < b->key);
}

static void
push_event (InterleaveSimulation *s,
            gint64                time,
            guint                 kind,
            guint32               target,
            guint32               version)
{
  Event ev = { time, (s->seq++ << 4) | kind, target, version };
  guint i;

  if (s->heap_len == s->heap_size)
    {
      s->heap_size = MAX (64, s->heap_size * 2);
      s->heap = g_renew (Event, s->heap, s->heap_size);
    }

  i = s->heap_len++;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!event_before (&ev, &s->heap[parent]))
        break;
      s->heap[i] = s->heap[parent];
      i = parent;
    }
  s->heap[i] = ev;
}

static void
pop_event (InterleaveSimulation *s,
           Event                *out)
{
  Event last;
  guint i = 0, n;

  *out = s->heap[0];
  last = s->heap[--s->heap_len];
  n = s->heap_len;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && event_before (&s->heap[child + 1], &s->heap[child]))
        child++;
      if (!event_before (&s->heap[child], &last))
        break;
      s->heap[i] = s->heap[child];
      i = child;
    }
  if (n > 0)
    s->heap[i] = last;
}

/* ------------------------------------------------------------------------
 * Metrics: levels integrated over time.
 */

static inline void
level_add (Level  *level,
           gint64  now,
           gint64  delta)
{
  if (now != level->since)
    {
      double area = (double) level->value * (double) (now - level->since);

      level->window_area += area;
      level->total_area += area;
      level->since = now;
    }
  level->value += delta;
}

static double
level_take_window (Level  *level,
                   gint64  now)
{
  double area;

  level_add (level, now, 0);
  area = level->window_area;
  level->window_area = 0.0;
  return area;
}

/* ------------------------------------------------------------------------
 * Recording: spans, lanes, request records, deltas.
 */

static void
emit_span (InterleaveSimulation *s,
           guint32               lane,
           gint64                start,
           gint64                end,
           guint8                state,
           guint32               request,
           guint8                phase,
           guint16               cause)
{
  InterleaveSpan span;

  if (end <= start)
    return;

  span.start = start;
  span.end = end;
  span.request = request;
  span.state = state;
  span.phase = phase;
  span.cause = cause;
  interleave_trace_append_span (s->delta, lane, &span);
  s->spans_since_flush++;

  if (++s->n_spans >= s->scenario->record.max_spans)
    s->cut_pending = TRUE;
}

static inline guint8
req_phase (InterleaveSimulation *s,
           const Req            *r)
{
  guint n = s->scenario->classes[r->klass].plan.n_phases;

  return r->step >= 1 && r->step <= n ? (guint8) (r->step - 1) : INTERLEAVE_NO_PHASE;
}

/* Changes what a thread's lane shows from now on. */
static void
thread_span (InterleaveSimulation *s,
             Thread               *th,
             InterleaveState       state,
             guint32               req,
             guint16               cause)
{
  guint32 request = INTERLEAVE_NO_REQUEST;
  guint8 phase = INTERLEAVE_NO_PHASE;

  if (!s->recording)
    return;

  if (state != INTERLEAVE_STATE_IDLE && req != NONE)
    {
      const Req *r = req_at (s, req);

      request = r->id;
      phase = req_phase (s, r);
    }

  if (th->span_state == state && th->span_req == request &&
      th->span_phase == phase && th->span_cause == cause)
    return;

  if (th->span_state != INTERLEAVE_STATE_IDLE)
    emit_span (s, th->lane, th->span_start, s->now, th->span_state,
               th->span_req, th->span_phase, th->span_cause);

  th->span_start = s->now;
  th->span_state = state;
  th->span_req = request;
  th->span_phase = phase;
  th->span_cause = cause;
}

/* On a core lane, cause names the thread lane that runs there. */
static void
core_span (InterleaveSimulation *s,
           Core                 *core,
           InterleaveState       state,
           guint32               req,
           guint16               thread_lane)
{
  guint32 request = INTERLEAVE_NO_REQUEST;
  guint8 phase = INTERLEAVE_NO_PHASE;

  if (!s->recording || core->lane == NONE)
    return;

  if (state != INTERLEAVE_STATE_IDLE && req != NONE)
    {
      const Req *r = req_at (s, req);

      request = r->id;
      phase = req_phase (s, r);
    }
  else if (state == INTERLEAVE_STATE_IDLE)
    thread_lane = INTERLEAVE_NO_LANE;

  if (core->span_state == state && core->span_req == request &&
      core->span_phase == phase && core->span_cause == thread_lane)
    return;

  if (core->span_state != INTERLEAVE_STATE_IDLE)
    emit_span (s, core->lane, core->span_start, s->now, core->span_state,
               core->span_req, core->span_phase, core->span_cause);

  core->span_start = s->now;
  core->span_state = state;
  core->span_req = request;
  core->span_phase = phase;
  core->span_cause = thread_lane;
}

/* Ends every open span at now and starts it again: used when a delta is
 * handed out (the consumer's merge joins the two pieces) and when
 * recording stops. */
static void
split_open_spans (InterleaveSimulation *s,
                  gboolean              restart)
{
  for (guint i = 0; i < s->threads->len; i++)
    {
      Thread *th = thread_at (s, i);

      if (th->span_state == INTERLEAVE_STATE_IDLE)
        continue;
      emit_span (s, th->lane, th->span_start, s->now, th->span_state,
                 th->span_req, th->span_phase, th->span_cause);
      th->span_start = s->now;
      if (!restart)
        th->span_state = INTERLEAVE_STATE_IDLE;
    }

  for (guint i = 0; i < s->n_cores; i++)
    {
      Core *core = &s->cores[i];

      if (core->span_state == INTERLEAVE_STATE_IDLE || core->lane == NONE)
        continue;
      emit_span (s, core->lane, core->span_start, s->now, core->span_state,
                 core->span_req, core->span_phase, core->span_cause);
      core->span_start = s->now;
      if (!restart)
        core->span_state = INTERLEAVE_STATE_IDLE;
    }
}

static void
record_cut (InterleaveSimulation *s)
{
  if (!s->recording)
    return;

  split_open_spans (s, FALSE);
  s->recording = FALSE;
  s->cut_pending = FALSE;
  s->skeleton->recorded_until = s->now;
  s->delta->recorded_until = s->now;
}

static void
record_request (InterleaveSimulation    *s,
                const Req               *r,
                InterleaveRequestStatus  status)
{
  InterleaveRequest record;

  if (!r->recorded)
    return;

  memset (&record, 0, sizeof record);
  record.id = r->id;
  record.klass = r->klass;
  record.process = r->worker != NONE ? (guint16) r->worker : INTERLEAVE_NO_LANE;
  record.status = status;
  record.arrival = r->arrival;
  record.accepted = r->started ? r->accepted : -1;
  record.done = status == INTERLEAVE_REQUEST_IN_FLIGHT ? -1 : s->now;
  interleave_trace_append_request_update (s->delta, &record);
}

static guint32
add_lane (InterleaveSimulation *s,
          guint                 process,
          InterleaveLaneKind    kind,
          const char           *name)
{
  guint lane = interleave_trace_add_lane (s->skeleton, process, kind, name, s->skeleton->lanes->len);

  interleave_trace_add_lane (s->delta, process, kind, name, lane);
  return lane;
}

static void
flush_delta (InterleaveSimulation *s)
{
  InterleaveTrace *delta;

  s->last_flush = s->now;
  s->events_since_flush = 0;

  if (s->delta_func == NULL)
    return;

  if (s->recording)
    split_open_spans (s, TRUE);
  s->spans_since_flush = 0;

  delta = s->delta;
  delta->end = s->now;
  s->skeleton->end = s->now;
  s->delta = interleave_trace_new_delta (s->skeleton);
  s->delta_func (delta, s->delta_data);
}

/* ------------------------------------------------------------------------
 * Requests and their steps.
 */

/* How much longer CPU work started now takes than its stated cost: a
 * host whose speed moves with time (machine.slowdown). A phase keeps the
 * factor of the moment it starts; steps are far longer than phases. */
static double
machine_slowdown (InterleaveSimulation *s)
{
  const InterleaveScenario *scenario = s->scenario;
  gint64 step;

  if (scenario->n_slowdown == 0)
    return 1.0;

  step = s->now / scenario->slowdown_step_ns;
  return scenario->slowdown[MIN (step, (gint64) scenario->n_slowdown - 1)];
}

static gint64
scale_by_machine (InterleaveSimulation *s,
                  gint64                ns)
{
  double factor = machine_slowdown (s);

  return factor == 1.0 ? ns : (gint64) llround (ns * factor);
}

static gint64
sample_phase (InterleaveSimulation  *s,
              Req                   *r,
              const InterleavePhase *phase,
              guint                  index)
{
  double x;

  switch (phase->dist)
    {
    case INTERLEAVE_DIST_EXP:
      x = phase->mean_ns * interleave_splitmix_exp (&r->rng);
      break;
    case INTERLEAVE_DIST_LOGNORMAL:
      {
        const ClassDist *d = &s->dists[r->klass];
        double z = interleave_splitmix_normal (&r->rng);

        x = phase->mean_ns > 0 ? interleave_random_exp_of (d->mu[index] + d->sigma[index] * z) : 0.0;
      }
      break;
    case INTERLEAVE_DIST_CONST:
    default:
      x = (double) phase->mean_ns;
      break;
    }

  if (phase->kind == INTERLEAVE_PHASE_CPU)
    x *= s->arch->slowdown * machine_slowdown (s);
  else if (phase->kind == INTERLEAVE_PHASE_NATIVE)
    {
      x *= s->arch->native_scale * machine_slowdown (s);
      /* A fixed amount of native work, whose real duration spreads:
       * lognormal with mean 1. */
      if (s->native_sigma > 0 && phase->dist == INTERLEAVE_DIST_CONST)
        x *= interleave_random_exp_of (s->native_sigma * interleave_splitmix_normal (&r->rng)
                                       - s->native_sigma * s->native_sigma / 2.0);
    }
  else if (phase->kind == INTERLEAVE_PHASE_IO && x > 0)
    {
      /* An event loop with a coarse clock adds its lateness when the
       * timer is due (on_io_event): it depends on when the loop slept. */
      if (!(s->loop_arch && s->arch->timer_tick_ns > 0))
        x += (double) s->arch->io_extra_ns;
    }

  if (!(x < (double) MAX_SAMPLE_NS))
    return MAX_SAMPLE_NS;
  return (gint64) (x + 0.5);
}

/* Enters step @step, skipping steps that take no time. */
static StepKind
req_enter_step (InterleaveSimulation *s,
                Req                  *r,
                guint                 step)
{
  const InterleavePlan *plan = &s->scenario->classes[r->klass].plan;

  for (;; step++)
    {
      StepKind kind;
      gint64 ns;

      if (step == 0)
        {
          kind = STEP_CPU;
          ns = scale_by_machine (s, s->parse_ns);
        }
      else if (step <= plan->n_phases)
        {
          const InterleavePhase *phase = &plan->phases[step - 1];

          kind = phase->kind == INTERLEAVE_PHASE_CPU ? STEP_CPU :
                 phase->kind == INTERLEAVE_PHASE_IO ? STEP_IO : STEP_NATIVE;
          ns = sample_phase (s, r, phase, step - 1);
        }
      else if (step == plan->n_phases + 1u)
        {
          kind = STEP_CPU;
          ns = scale_by_machine (s, s->respond_ns);
        }
      else
        {
          r->step = step;
          r->kind = STEP_DONE;
          r->left = 0;
          return STEP_DONE;
        }

      if (ns > 0)
        {
          r->step = step;
          r->kind = kind;
          r->left = ns;
          return kind;
        }
    }
}

static inline StepKind
req_advance (InterleaveSimulation *s,
             Req                  *r)
{
  return req_enter_step (s, r, r->step + 1u);
}

static guint32
req_alloc (InterleaveSimulation *s)
{
  guint32 i;

  if (s->free_req != NONE)
    {
      i = s->free_req;
      s->free_req = req_at (s, i)->next;
    }
  else
    {
      i = s->reqs->len;
      g_array_set_size (s->reqs, i + 1);
    }

  return i;
}

static void
req_free (InterleaveSimulation *s,
          guint32               i)
{
  Req *r = req_at (s, i);

  r->gen++;
  r->next = s->free_req;
  s->free_req = i;
}

static guint32
conn_alloc (InterleaveSimulation *s)
{
  guint32 i;
  Conn *c;

  if (s->free_conn != NONE)
    {
      i = s->free_conn;
      s->free_conn = conn_at (s, i)->next;
    }
  else
    {
      i = s->conns->len;
      g_array_set_size (s->conns, i + 1);
    }

  c = conn_at (s, i);
  c->worker = NONE;
  c->thread = NONE;
  c->next = NONE;
  c->pooled = FALSE;
  return i;
}

static void
conn_free (InterleaveSimulation *s,
           guint32               i)
{
  Conn *c = conn_at (s, i);

  c->next = s->free_conn;
  s->free_conn = i;
}

/* Intrusive FIFO queues of requests. */
static inline void
rq_push (InterleaveSimulation *s,
         guint32              *head,
         guint32              *tail,
         guint32               r)
{
  req_at (s, r)->next = NONE;
  if (*tail == NONE)
    *head = r;
  else
    req_at (s, *tail)->next = r;
  *tail = r;
}

static inline guint32
rq_pop (InterleaveSimulation *s,
        guint32              *head,
        guint32              *tail)
{
  guint32 r = *head;

  if (r != NONE)
    {
      *head = req_at (s, r)->next;
      if (*head == NONE)
        *tail = NONE;
    }
  return r;
}

/* Intrusive FIFO queues of threads. */
static inline void
tq_push (InterleaveSimulation *s,
         guint32              *head,
         guint32              *tail,
         guint32               t)
{
  thread_at (s, t)->next = NONE;
  if (*tail == NONE)
    *head = t;
  else
    thread_at (s, *tail)->next = t;
  *tail = t;
}

static inline guint32
tq_pop (InterleaveSimulation *s,
        guint32              *head,
        guint32              *tail)
{
  guint32 t = *head;

  if (t != NONE)
    {
      *head = thread_at (s, t)->next;
      if (*head == NONE)
        *tail = NONE;
    }
  return t;
}

/* ------------------------------------------------------------------------
 * Cores and the OS scheduler.
 */

static void core_take_next (InterleaveSimulation *s, guint32 c);
static void balance_idle_cores (InterleaveSimulation *s);
static void burst_done (InterleaveSimulation *s, guint32 t);
static void gil_release (InterleaveSimulation *s, guint32 w);
static void gil_wait (InterleaveSimulation *s, guint32 t);

/* A quantum only matters while another thread waits for a core: then the
 * core's next event is the end of the burst or of the slice, whichever
 * comes first; otherwise just the end of the burst. */
static void
core_schedule (InterleaveSimulation *s,
               guint32               c)
{
  Core *core = &s->cores[c];
  Thread *th = thread_at (s, core->thread);
  gint64 end = th->run_start + req_at (s, th->req)->left;

  core->version++;
  push_event (s, s->run_len > 0 ? MIN (end, th->slice_end) : end, EV_CORE, c, core->version);
}

/* With nobody waiting, a running thread's slice renews itself every
 * quantum; bring slice_end to the current quantum of that grid. */
static inline void
renew_slice (InterleaveSimulation *s,
             Thread               *th)
{
  gint64 q = s->scenario->quantum_ns;

  if (th->slice_end <= s->now)
    th->slice_end += ((s->now - th->slice_end) / q + 1) * q;
}

/* The run queue was empty and now holds a thread: every running thread
 * must be preempted at the end of its slice from now on. */
static void
run_queue_became_busy (InterleaveSimulation *s)
{
  for (guint32 c = 0; c < s->n_cores; c++)
    {
      Core *core = &s->cores[c];

      Thread *th;

      if (core->thread == NONE)
        continue;
      th = thread_at (s, core->thread);
      renew_slice (s, th);
      /* A thread between two bursts (an event loop between callbacks)
       * schedules its core itself when it goes on. */
      if (th->req != NONE)
        core_schedule (s, c);
    }
}

static inline InterleaveState
running_state (const Thread *th)
{
  return th->native ? INTERLEAVE_STATE_NATIVE : INTERLEAVE_STATE_RUNNING;
}

static void
start_run (InterleaveSimulation *s,
           guint32               t,
           guint32               c)
{
  Thread *th = thread_at (s, t);
  Core *core = &s->cores[c];
  gint64 cost = core->last_thread != t ? s->scenario->context_switch_ns : 0;

  /* A core idle for a while sleeps (a C-state, or a virtual CPU its host
   * took back), and starts the thread it is woken for late: the longer it
   * was idle, the deeper (on this machine's virtual CPUs, the cost grew
   * with the idle time up to 5–10 ms). An io phase's io_extra already
   * counts it (it is measured on a quiet machine). */
  if (s->scenario->idle_wake_ns > 0 && !s->timer_wake && s->now > core->idle_since)
    {
      gint64 idle = s->now - core->idle_since;

      if (idle >= s->scenario->idle_sleep_ns)
        cost += s->scenario->idle_wake_ns;
      else
        cost += (gint64) ((double) s->scenario->idle_wake_ns * idle / s->scenario->idle_sleep_ns);
    }
  core->idle_since = G_MAXINT64;   /* busy: a core handed on at once never sleeps */

  core->thread = t;
  core->last_thread = t;
  th->core = c;
  th->last_core = c;
  th->state = TS_RUNNING;
  th->run_start = s->now + cost;
  th->slice_end = s->now + cost + s->scenario->quantum_ns;
  /* CPU utilisation is the server's, as a measurement reports it. */
  if (th->role != ROLE_CLIENT)
    level_add (&s->busy, s->now, 1);

  thread_span (s, th, running_state (th), th->req, INTERLEAVE_NO_LANE);
  core_span (s, core, running_state (th), th->req, th->lane);
  core_schedule (s, c);
}

/* Takes the thread off its core, counting the work done. Returns the core,
 * which the caller hands to core_take_next() when its own bookkeeping is
 * done. */
static guint32
stop_run (InterleaveSimulation *s,
          guint32               t)
{
  Thread *th = thread_at (s, t);
  guint32 c = th->core;
  Core *core = &s->cores[c];
  gint64 progress = s->now - th->run_start;

  if (progress > 0 && th->req != NONE)
    {
      Req *r = req_at (s, th->req);

      r->left = MAX (0, r->left - progress);
    }
  if (progress > 0)
    th->run_start = s->now;

  core->thread = NONE;
  core->version++;
  th->core = NONE;
  if (th->role != ROLE_CLIENT)
    level_add (&s->busy, s->now, -1);
  core_span (s, core, INTERLEAVE_STATE_IDLE, NONE, INTERLEAVE_NO_LANE);

  return c;
}

/* Queues a thread that found no free core. With machine.balance_interval it
 * waits on @home's queue: Linux queues a woken thread on the CPU it last
 * ran on, and an idle CPU pulls it over only at the next balancing pass
 * (the busy CPU's scheduler tick kicks it), not at once. */
static void
run_queue_push (InterleaveSimulation *s,
                guint32               t,
                guint32               home)
{
  Thread *th = thread_at (s, t);

  th->home = home;
  th->ready_since = s->now;
  tq_push (s, &s->run_head, &s->run_tail, t);
  if (s->run_len++ == 0)
    run_queue_became_busy (s);
  if (s->scenario->balance_interval_ns > 0)
    balance_idle_cores (s);
}

/* The first balancing pass after @t: passes come every balance interval,
 * on one grid for all cores. */
static inline gint64
next_balance (InterleaveSimulation *s,
              gint64                t)
{
  gint64 interval = s->scenario->balance_interval_ns;

  return (t / interval + 1) * interval;
}

/* Whether core @c may run queued thread @th now. */
static inline gboolean
core_may_take (InterleaveSimulation *s,
               const Thread         *th,
               guint32               c)
{
  return s->scenario->balance_interval_ns <= 0 || th->home == c || th->home == NONE ||
         s->now >= next_balance (s, th->ready_since);
}

/* The first queued thread core @c may run, or NONE; @prev gets the one
 * before it in the queue (NONE: it is the head). */
static guint32
run_queue_find (InterleaveSimulation *s,
                guint32               c,
                guint32              *prev)
{
  *prev = NONE;
  for (guint32 t = s->run_head; t != NONE; *prev = t, t = thread_at (s, t)->next)
    if (core_may_take (s, thread_at (s, t), c))
      return t;
  return NONE;
}

/* Takes the first queued thread core @c may run off the queue, or NONE. */
static guint32
run_queue_take (InterleaveSimulation *s,
                guint32               c)
{
  guint32 prev;
  guint32 t = run_queue_find (s, c, &prev);
  Thread *th;

  if (t == NONE)
    return NONE;
  th = thread_at (s, t);
  if (prev == NONE)
    s->run_head = th->next;
  else
    thread_at (s, prev)->next = th->next;
  if (s->run_tail == t)
    s->run_tail = prev;
  th->next = NONE;
  s->run_len--;
  return t;
}

/* Every idle core looks again at the first balancing pass after the
 * oldest queued thread joined (the queue is in the order threads joined). */
static void
balance_idle_cores (InterleaveSimulation *s)
{
  gint64 when;

  if (s->run_len == 0 || s->n_idle_cores == 0)
    return;
  when = MAX (s->now, next_balance (s, thread_at (s, s->run_head)->ready_since));
  for (guint i = 0; i < s->n_idle_cores; i++)
    {
      Core *core = &s->cores[s->idle_cores[i]];

      core->balance++;
      push_event (s, when, EV_BALANCE, s->idle_cores[i], core->balance);
    }
}

static void
on_balance_event (InterleaveSimulation *s,
                  guint32               c,
                  guint32               version)
{
  guint i;

  if (s->cores[c].balance != version || s->cores[c].thread != NONE)
    return;
  for (i = 0; i < s->n_idle_cores && s->idle_cores[i] != c; i++)
    ;
  if (i == s->n_idle_cores)
    return;
  s->idle_cores[i] = s->idle_cores[--s->n_idle_cores];
  core_take_next (s, c);
}

/* machine.wake_stay: whether a thread woken while some core idles and
 * another is busy queues behind the busy one anyway (Linux stops looking
 * for an idle CPU when the machine is busy). Returns that core, or NONE. */
static guint32
wake_behind_busy_core (InterleaveSimulation *s)
{
  if (s->scenario->wake_stay <= 0 || s->scenario->balance_interval_ns <= 0 ||
      s->n_idle_cores == 0 || s->n_idle_cores == s->n_cores ||
      interleave_splitmix_double (&s->wake_rng) >= s->scenario->wake_stay)
    return NONE;
  for (guint32 c = 0; c < s->n_cores; c++)
    if (s->cores[c].thread != NONE)
      return c;
  return NONE;
}

static void
make_runnable (InterleaveSimulation *s,
               guint32               t)
{
  Thread *th = thread_at (s, t);
  guint32 home = wake_behind_busy_core (s);

  if (s->n_idle_cores > 0 && home == NONE)
    {
      start_run (s, t, s->idle_cores[--s->n_idle_cores]);
      return;
    }

  th->state = TS_READY;
  run_queue_push (s, t, home != NONE ? home : th->last_core);
  thread_span (s, th, INTERLEAVE_STATE_RUNNABLE, th->req, INTERLEAVE_NO_LANE);
}

/* The thread has a new burst (its request's current step): run it where
 * it is, or find it a core. */
static void
thread_go (InterleaveSimulation *s,
           guint32               t)
{
  Thread *th = thread_at (s, t);

  if (th->core != NONE)
    {
      thread_span (s, th, running_state (th), th->req, INTERLEAVE_NO_LANE);
      core_span (s, &s->cores[th->core], running_state (th), th->req, th->lane);
      if (s->run_len == 0)
        renew_slice (s, th);
      core_schedule (s, th->core);
    }
  else
    make_runnable (s, t);
}

/* The thread stops running and waits (I/O, GIL, idle): frees its core. */
static void
thread_block (InterleaveSimulation *s,
              guint32               t,
              ThreadState           state)
{
  Thread *th = thread_at (s, t);
  guint32 c = NONE;

  if (th->core != NONE)
    c = stop_run (s, t);

  th->state = state;
  switch (state)
    {
    case TS_IO_WAIT:
      thread_span (s, th, INTERLEAVE_STATE_IO_WAIT, th->req, INTERLEAVE_NO_LANE);
      break;
    case TS_IDLE:
    case TS_DEAD:
      thread_span (s, th, INTERLEAVE_STATE_IDLE, NONE, INTERLEAVE_NO_LANE);
      break;
    default:
      break;
    }

  if (c != NONE)
    core_take_next (s, c);
}

static void
core_take_next (InterleaveSimulation *s,
                guint32               c)
{
  while (s->run_len > 0)
    {
      guint32 t = run_queue_take (s, c);
      Thread *th;
      Worker *w;

      if (t == NONE)
        break;
      th = thread_at (s, t);
      w = &s->workers[th->worker];

      /* A GIL holder that was asked to drop while it had no core drops as
       * soon as it runs again. */
      if (w->drop_pending && w->gil_holder == t && w->gil_waiters > 0)
        {
          gil_release (s, th->worker);
          gil_wait (s, t);
          continue;
        }

      start_run (s, t, c);
      return;
    }

  s->cores[c].idle_since = s->now;
  s->idle_cores[s->n_idle_cores++] = c;
  if (s->scenario->balance_interval_ns > 0)
    balance_idle_cores (s);
}

/* Whether a queued thread waits for core @c: with machine.balance_interval,
 * one queued on another core does not take this core's thread off it. */
static gboolean
queued_for_core (InterleaveSimulation *s,
                 guint32               c)
{
  guint32 prev;

  return run_queue_find (s, c, &prev) != NONE;
}

static void
on_core_event (InterleaveSimulation *s,
               guint32               c,
               guint32               version)
{
  Core *core = &s->cores[c];
  Thread *th;
  Req *r;
  gint64 progress;

  if (core->version != version || core->thread == NONE)
    return;

  th = thread_at (s, core->thread);
  r = req_at (s, th->req);
  progress = s->now - th->run_start;
  if (progress > 0)
    {
      r->left -= progress;
      th->run_start = s->now;
    }

  if (r->left <= 0)
    {
      r->left = 0;
      burst_done (s, core->thread);
      return;
    }

  if (s->now >= th->slice_end)
    {
      if (s->run_len > 0 && queued_for_core (s, c))
        {
          guint32 t = core->thread;

          stop_run (s, t);
          th->state = TS_READY;
          run_queue_push (s, t, c);
          thread_span (s, th, INTERLEAVE_STATE_RUNNABLE, th->req, INTERLEAVE_NO_LANE);
          core_take_next (s, c);
          return;
        }
      renew_slice (s, th);
    }

  core_schedule (s, c);
}

/* ------------------------------------------------------------------------
 * The GIL.
 */

/* Starts the switch-interval timer: if the GIL is still held by the same
 * thread one interval from now and someone still waits, a drop is
 * requested. */
static void
gil_arm (InterleaveSimulation *s,
         guint32               w)
{
  Worker *worker = &s->workers[w];

  worker->gil_watch_start = s->now;
  worker->gil_timer++;
  push_event (s, s->now + s->arch->switch_interval_ns, EV_GIL, w, worker->gil_timer);
}

static void
gil_take (InterleaveSimulation *s,
          guint32               w,
          guint32               t)
{
  Worker *worker = &s->workers[w];

  worker->gil_holder = t;
  worker->drop_pending = FALSE;
  thread_at (s, t)->holds_gil = TRUE;
  level_add (&s->gil_held, s->now, 1);

  /* A switch: the waiters' timed waits start over. */
  if (worker->gil_waiters > 0)
    gil_arm (s, w);
  else
    worker->gil_timer++;
}

static void
gil_update_waiter_spans (InterleaveSimulation *s,
                         Worker               *worker)
{
  guint16 cause = worker->gil_holder != NONE ? thread_at (s, worker->gil_holder)->lane : INTERLEAVE_NO_LANE;

  if (!s->recording)
    return;

  for (guint32 t = worker->gil_head; t != NONE; t = thread_at (s, t)->next)
    {
      Thread *th = thread_at (s, t);
      thread_span (s, th, INTERLEAVE_STATE_GIL_WAIT, th->req, cause);
    }
}

/* Takes a waiter off the list. Releasing the GIL signals a condition
 * variable, which wakes the longest sleeper; but a waiter whose timed wait
 * (one switch interval) has expired is awake, cycling through its wait,
 * and may take the GIL first. Which of those is up to the OS: any of
 * them. So: one of the waiters that waited a switch interval or more, at
 * random; if there are none, the longest waiting. */
static guint32
gil_pick_waiter (InterleaveSimulation *s,
                 Worker               *worker)
{
  gint64 awake_before = s->now - s->arch->switch_interval_ns;
  guint32 n_awake = 0, skip, prev = NONE, t;

  if (worker->gil_head == NONE)
    return NONE;

  /* Waiters join at the tail when they start waiting, so those awake
   * are the list's first n_awake. */
  for (t = worker->gil_head; t != NONE && thread_at (s, t)->gil_wait_start <= awake_before;
       t = thread_at (s, t)->next)
    n_awake++;

  skip = n_awake > 1 ? (guint32) (interleave_splitmix_next (&s->gil_rng) % n_awake) : 0;
  for (t = worker->gil_head; skip > 0; skip--)
    {
      prev = t;
      t = thread_at (s, t)->next;
    }

  if (prev == NONE)
    worker->gil_head = thread_at (s, t)->next;
  else
    thread_at (s, prev)->next = thread_at (s, t)->next;
  if (worker->gil_tail == t)
    worker->gil_tail = prev;
  thread_at (s, t)->next = NONE;

  if (--worker->gil_waiters == 0)
    level_add (&s->gil_contended, s->now, -1);

  return t;
}

/* The heir takes the GIL and runs. */
static void
gil_inherit (InterleaveSimulation *s,
             guint32               w,
             guint32               t)
{
  Worker *worker = &s->workers[w];

  gil_take (s, w, t);
  gil_update_waiter_spans (s, worker);
  thread_go (s, t);
}

/* The holder lets go and one waiter is woken to take the GIL. With a
 * hand-off time it takes that long to run (the kernel wakes it and
 * schedules it): the GIL stays free meanwhile, and a thread that comes
 * back from I/O in that moment takes it first, as in CPython. */
static void
gil_release (InterleaveSimulation *s,
             guint32               w)
{
  Worker *worker = &s->workers[w];
  guint32 next;

  thread_at (s, worker->gil_holder)->holds_gil = FALSE;
  worker->gil_holder = NONE;
  worker->drop_pending = FALSE;
  level_add (&s->gil_held, s->now, -1);

  if (worker->gil_heir != NONE)
    return;

  next = gil_pick_waiter (s, worker);
  if (next == NONE)
    return;

  if (s->arch->gil_handoff_ns <= 0)
    {
      gil_inherit (s, w, next);
      return;
    }

  worker->gil_heir = next;
  worker->gil_handoff++;
  push_event (s, s->now + s->arch->gil_handoff_ns, EV_GIL, w | GIL_HANDOFF, worker->gil_handoff);
}

/* The woken waiter runs: the GIL is its own, unless a thread took it
 * meanwhile; then it waits again, and the next release wakes someone. */
static void
on_gil_handoff (InterleaveSimulation *s,
                guint32               w,
                guint32               version)
{
  Worker *worker = &s->workers[w];
  guint32 heir = worker->gil_heir;

  if (worker->gil_handoff != version || heir == NONE)
    return;

  worker->gil_heir = NONE;
  if (worker->gil_holder == NONE)
    {
      gil_inherit (s, w, heir);
      return;
    }

  gil_wait (s, heir);
}

/* The thread waits for the GIL (it must not be on a core). */
static void
gil_wait (InterleaveSimulation *s,
          guint32               t)
{
  Thread *th = thread_at (s, t);
  Worker *worker = &s->workers[th->worker];

  th->state = TS_GIL_WAIT;
  th->gil_wait_start = s->now;
  tq_push (s, &worker->gil_head, &worker->gil_tail, t);
  if (worker->gil_waiters++ == 0)
    {
      level_add (&s->gil_contended, s->now, 1);
      /* The first waiter starts its timed wait now. */
      if (worker->gil_holder != NONE)
        gil_arm (s, th->worker);
    }

  thread_span (s, th, INTERLEAVE_STATE_GIL_WAIT, th->req,
               worker->gil_holder != NONE ? thread_at (s, worker->gil_holder)->lane
                                          : INTERLEAVE_NO_LANE);
}

/* The thread needs to run interpreted code: with a GIL, it must hold it. */
static void
gil_acquire (InterleaveSimulation *s,
             guint32               t)
{
  Thread *th = thread_at (s, t);
  Worker *worker = &s->workers[th->worker];

  th->native = FALSE;

  if (!s->arch->gil || th->holds_gil)
    {
      thread_go (s, t);
      return;
    }

  if (worker->gil_holder == NONE)
    {
      gil_take (s, th->worker, t);
      thread_go (s, t);
      return;
    }

  if (th->core != NONE)
    {
      guint32 c = stop_run (s, t);

      gil_wait (s, t);
      core_take_next (s, c);
    }
  else
    gil_wait (s, t);
}

static inline void
gil_drop_if_held (InterleaveSimulation *s,
                  guint32               t)
{
  Thread *th = thread_at (s, t);

  if (th->holds_gil)
    gil_release (s, th->worker);
}

/* The GIL has been held for a whole switch interval while a thread
 * waited: the waiter sets the drop request, and the holder drops at its
 * next check (at once, if it is running; when it runs again, if the OS took
 * its core). */
static void
on_gil_event (InterleaveSimulation *s,
              guint32               w,
              guint32               version)
{
  Worker *worker = &s->workers[w];
  guint32 holder = worker->gil_holder;
  Thread *h;

  if (worker->gil_timer != version || worker->gil_waiters == 0 || holder == NONE)
    return;

  h = thread_at (s, holder);
  if (h->state == TS_RUNNING && !h->native)
    {
      guint32 c = stop_run (s, holder);

      gil_release (s, w);
      gil_wait (s, holder);
      core_take_next (s, c);
    }
  else
    worker->drop_pending = TRUE;
}

/* ------------------------------------------------------------------------
 * Completion, refusal, and what the client does next.
 */

static void client_next (InterleaveSimulation *s, guint32 source, guint32 client, guint32 conn,
                         gboolean closed, gboolean rejected);

static void
conn_close (InterleaveSimulation *s,
            guint32               c)
{
  Conn *conn = conn_at (s, c);

  if (conn->thread != NONE)
    thread_at (s, conn->thread)->conn = NONE;
  conn->thread = NONE;
  conn->worker = NONE;
}

static void
req_end (InterleaveSimulation    *s,
         guint32                  i,
         InterleaveRequestStatus  status,
         gboolean                 close)
{
  Req *r = req_at (s, i);
  guint32 source = r->source, client = r->client, conn = r->conn;

  level_add (&s->in_flight, s->now, -1);
  record_request (s, r, status);

  if (status == INTERLEAVE_REQUEST_COMPLETED)
    {
      gint64 latency = s->now - r->arrival;

      s->completed++;
      s->window_completed++;
      interleave_histogram_record (s->total_hist, latency);
      interleave_histogram_record (s->window_hist, latency);
    }
  else
    {
      if (status == INTERLEAVE_REQUEST_REFUSED)
        s->refused++;
      else
        s->failed++;
      s->window_errors++;
    }

  if (conn != NONE && close)
    conn_close (s, conn);

  req_free (s, i);

  if (conn != NONE || client != NONE)
    client_next (s, source, client, conn, close || conn == NONE,
                 status != INTERLEAVE_REQUEST_COMPLETED);
}

/* ------------------------------------------------------------------------
 * The load generator on the machine's cores.
 */

static void
gen_submit (InterleaveSimulation *s,
            guint32               i,
            guint8                job)
{
  Req *r = req_at (s, i);
  Thread *th;

  r->gen_job = job;
  r->left = job == GEN_SEND ? s->gen_send_ns : s->gen_receive_ns;

  if (s->gen_busy)
    {
      rq_push (s, &s->gen_head, &s->gen_tail, i);
      return;
    }

  s->gen_busy = TRUE;
  th = thread_at (s, s->gen_thread);
  th->req = i;
  thread_go (s, s->gen_thread);
}

static void conn_deliver (InterleaveSimulation *s, guint32 c, guint32 i);
static void deliver (InterleaveSimulation *s, guint32 c, guint32 i);

static void
gen_burst_done (InterleaveSimulation *s,
                guint32               t)
{
  Thread *th = thread_at (s, t);
  guint32 i = th->req;
  Req *r = req_at (s, i);
  guint8 job = r->gen_job;
  guint32 next;

  r->gen_job = GEN_NONE;
  th->req = NONE;

  /* Whatever this starts that needs the generator queues behind. */
  if (job == GEN_SEND)
    deliver (s, r->conn, i);
  else
    req_end (s, i, INTERLEAVE_REQUEST_COMPLETED, r->gen_close);

  next = rq_pop (s, &s->gen_head, &s->gen_tail);
  if (next != NONE)
    {
      /* Sending may have made a thread: the array may have moved. */
      thread_at (s, t)->req = next;
      thread_go (s, t);
      return;
    }

  s->gen_busy = FALSE;
  thread_block (s, t, TS_IDLE);
}

/* How late request @i (or, with RESPONSE_SALT, its response) gets where
 * it goes. On a real machine the way between the load generator and the
 * server takes longer for some messages than for others (the sender, the
 * kernel, the receiver must each get a core): with
 * machine.delivery_jitter, each is late by a random, exponentially
 * distributed time of that mean. Small as it is, it decides whether a
 * round-robin server's workers keep taking requests in turn near
 * saturation. Drawn from the request's id, so every architecture sees
 * the same delays. */
static gint64
delivery_delay (InterleaveSimulation *s,
                guint32               i,
                guint64               salt)
{
  guint64 state;

  if (s->scenario->delivery_jitter_ns <= 0)
    return 0;

  state = interleave_random_mix (s->scenario->seed ^ salt, req_at (s, i)->id);
  return MIN ((gint64) (interleave_splitmix_exp (&state) * s->scenario->delivery_jitter_ns + 0.5), MAX_SAMPLE_NS);
}

/* The response to request @i reaches the load generator. */
static void
response_arrives (InterleaveSimulation *s,
                  guint32               i)
{
  Req *r = req_at (s, i);
  const Source *src = &s->sources[r->source];
  gboolean close = s->arch->kind == INTERLEAVE_ARCH_SYNC || !s->arch->keepalive ||
                   !src->arrivals.keepalive;

  /* The response is complete when the load generator has read it. */
  if (s->gen_thread != NONE)
    {
      r->gen_close = close;
      gen_submit (s, i, GEN_RECEIVE);
      return;
    }

  req_end (s, i, INTERLEAVE_REQUEST_COMPLETED, close);
}

static void
req_finish (InterleaveSimulation *s,
            guint32               i)
{
  gint64 delay = delivery_delay (s, i, RESPONSE_SALT);

  if (delay > 0)
    push_event (s, s->now + delay, EV_RESPONSE, i, 0);
  else
    response_arrives (s, i);
}

/* Refused at the server (backlog full) or failed (no thread): the request
 * was counted as queued at the server. */
static void
req_reject (InterleaveSimulation    *s,
            guint32                  i,
            InterleaveRequestStatus  status)
{
  level_add (&s->queue, s->now, -1);
  req_end (s, i, status, TRUE);
}

static void
accept_req (InterleaveSimulation *s,
            Req                  *r)
{
  r->started = TRUE;
  r->accepted = s->now;
  level_add (&s->queue, s->now, -1);
  record_request (s, r, INTERLEAVE_REQUEST_IN_FLIGHT);
}

/* ------------------------------------------------------------------------
 * Event-loop workers.
 */

static void loop_next (InterleaveSimulation *s, guint32 w);
static void io_start (InterleaveSimulation *s, guint32 r);

static void
pool_submit (InterleaveSimulation *s,
             guint32               w,
             guint32               r)
{
  Worker *worker = &s->workers[w];
  guint32 p = worker->pool_idle;

  req_at (s, r)->ready_at = s->now;

  if (p == NONE)
    {
      rq_push (s, &worker->pool_head, &worker->pool_tail, r);
      return;
    }

  worker->pool_idle = thread_at (s, p)->next;
  thread_at (s, p)->req = r;
  thread_at (s, p)->native = TRUE;
  req_at (s, r)->thread = p;
  make_runnable (s, p);
}

static void
loop_enqueue (InterleaveSimulation *s,
              guint32               w,
              guint32               r)
{
  Worker *worker = &s->workers[w];

  req_at (s, r)->ready_at = s->now;
  rq_push (s, &worker->run_head, &worker->run_tail, r);

  if (thread_at (s, worker->loop)->state == TS_IDLE)
    loop_next (s, w);
}

/* The loop thread is free (idle, or on its core between callbacks): run
 * the next callback, or go idle. */
static void
loop_next (InterleaveSimulation *s,
           guint32               w)
{
  Worker *worker = &s->workers[w];
  guint32 t = worker->loop;
  Thread *th = thread_at (s, t);

  th->req = NONE;

  /* Between callbacks the loop polls: it accepts every connection waiting
   * on the shared listening socket (a busy loop accepts too, only later
   * than an idle one would). */
  if (s->arch->dispatch == INTERLEAVE_DISPATCH_SHARED_ACCEPT)
    {
      guint32 i;

      while ((i = rq_pop (s, &s->shared_head, &s->shared_tail)) != NONE)
        {
          Req *r = req_at (s, i);

          s->shared_pending--;
          r->new_conn = FALSE;
          r->worker = w;
          conn_at (s, r->conn)->worker = w;
          rq_push (s, &worker->run_head, &worker->run_tail, i);
        }
    }

  /* Timers that came due while it slept run after what woke it. */
  if (worker->sleep_head != NONE)
    {
      for (guint32 i; (i = rq_pop (s, &worker->sleep_head, &worker->sleep_tail)) != NONE; )
        rq_push (s, &worker->run_head, &worker->run_tail, i);
      worker->wake++;
    }

  for (;;)
    {
      guint32 i = rq_pop (s, &worker->run_head, &worker->run_tail);
      Req *r;

      if (i == NONE)
        {
          gil_drop_if_held (s, t);
          if (th->state != TS_IDLE)
            thread_block (s, t, TS_IDLE);
          worker->available_since = s->now;
          return;
        }

      r = req_at (s, i);
      if (r->new_conn)
        {
          worker->pending_new--;
          r->new_conn = FALSE;
        }
      s->window_lag = MAX (s->window_lag, s->now - r->ready_at);

      if (!r->started)
        {
          accept_req (s, r);
          req_enter_step (s, r, 0);
        }

      switch ((StepKind) r->kind)
        {
        case STEP_CPU:
          th->req = i;
          gil_acquire (s, t);
          return;

        case STEP_NATIVE:
          if (s->arch->pool == 0)
            {
              th->req = i;
              gil_drop_if_held (s, t);
              th->native = TRUE;
              thread_go (s, t);
              return;
            }
          pool_submit (s, w, i);
          break;

        case STEP_IO:
          io_start (s, i);
          break;

        case STEP_DONE:
        default:
          req_finish (s, i);
          break;
        }
    }
}

static void
loop_burst_done (InterleaveSimulation *s,
                 guint32               t)
{
  Thread *th = thread_at (s, t);
  guint32 i = th->req;
  Req *r = req_at (s, i);

  /* The callback goes on with its next step. */
  switch (req_advance (s, r))
    {
    case STEP_CPU:
      gil_acquire (s, t);
      return;

    case STEP_NATIVE:
      if (s->arch->pool == 0)
        {
          gil_drop_if_held (s, t);
          th->native = TRUE;
          thread_go (s, t);
          return;
        }
      pool_submit (s, th->worker, i);
      break;

    case STEP_IO:
      io_start (s, i);
      break;

    case STEP_DONE:
    default:
      req_finish (s, i);
      break;
    }

  loop_next (s, th->worker);
}

static void
pool_burst_done (InterleaveSimulation *s,
                 guint32               t)
{
  Thread *th = thread_at (s, t);
  Worker *worker = &s->workers[th->worker];
  guint32 i = th->req;
  guint32 next;

  /* The completion callback runs on the loop. */
  req_advance (s, req_at (s, i));
  th->req = NONE;
  loop_enqueue (s, th->worker, i);

  next = rq_pop (s, &worker->pool_head, &worker->pool_tail);
  if (next != NONE)
    {
      th->req = next;
      req_at (s, next)->thread = t;
      thread_go (s, t);
      return;
    }

  thread_block (s, t, TS_IDLE);
  th->next = worker->pool_idle;
  worker->pool_idle = t;
}

/* ------------------------------------------------------------------------
 * Thread workers: a pool of T threads, a thread per connection, or a
 * sync worker's single thread.
 */

static void thread_after (InterleaveSimulation *s, guint32 t);

static void
thread_step (InterleaveSimulation *s,
             guint32               t)
{
  Thread *th = thread_at (s, t);
  guint32 i = th->req;
  Req *r = req_at (s, i);

  switch ((StepKind) r->kind)
    {
    case STEP_CPU:
      gil_acquire (s, t);
      break;

    case STEP_NATIVE:
      gil_drop_if_held (s, t);
      th->native = TRUE;
      thread_go (s, t);
      break;

    case STEP_IO:
      gil_drop_if_held (s, t);
      thread_block (s, t, TS_IO_WAIT);
      io_start (s, i);
      break;

    case STEP_DONE:
    default:
      gil_drop_if_held (s, t);
      th->req = NONE;
      req_finish (s, i);
      thread_after (s, t);
      break;
    }
}

static void
thread_take (InterleaveSimulation *s,
             guint32               t,
             guint32               i)
{
  Thread *th = thread_at (s, t);
  Req *r = req_at (s, i);

  th->req = i;
  r->thread = t;
  if (!r->started)
    {
      accept_req (s, r);
      req_enter_step (s, r, 0);
    }
  thread_step (s, t);
}

/* The next request for a free thread of @w: the one that has waited
 * longest, whether on one of the worker's connections or as a new
 * connection in the shared accept queue (as gunicorn's gthread worker
 * queues whatever becomes readable first). */
static guint32
worker_pop_request (InterleaveSimulation *s,
                    guint32               w)
{
  Worker *worker = &s->workers[w];
  guint32 i = NONE;

  if (worker->q_head != NONE &&
      (s->shared_head == NONE ||
       req_at (s, worker->q_head)->ready_at <= req_at (s, s->shared_head)->ready_at))
    i = rq_pop (s, &worker->q_head, &worker->q_tail);

  if (i != NONE)
    {
      Req *r = req_at (s, i);

      if (r->new_conn)
        {
          worker->pending_new--;
          r->new_conn = FALSE;
        }
      return i;
    }

  if (s->arch->dispatch == INTERLEAVE_DISPATCH_SHARED_ACCEPT)
    {
      i = rq_pop (s, &s->shared_head, &s->shared_tail);
      if (i != NONE)
        {
          Req *r = req_at (s, i);

          s->shared_pending--;
          r->new_conn = FALSE;
          r->worker = w;
          conn_at (s, r->conn)->worker = w;
        }
    }

  return i;
}

static void
thread_after (InterleaveSimulation *s,
              guint32               t)
{
  Thread *th = thread_at (s, t);
  Worker *worker = &s->workers[th->worker];

  if (th->role == ROLE_CONN)
    {
      if (th->conn != NONE)
        {
          /* Keep-alive: wait for the connection's next request. */
          thread_block (s, t, TS_IDLE);
          return;
        }

      thread_block (s, t, TS_DEAD);
      th->next = worker->dead;
      worker->dead = t;
      s->live_threads--;
      return;
    }

  {
    guint32 i = worker_pop_request (s, th->worker);

    if (i != NONE)
      {
        thread_take (s, t, i);
        return;
      }
  }

  thread_block (s, t, TS_IDLE);
  tq_push (s, &worker->idle_head, &worker->idle_tail, t);
  worker->available_since = s->now;
}

static void
thread_burst_done (InterleaveSimulation *s,
                   guint32               t)
{
  req_advance (s, req_at (s, thread_at (s, t)->req));
  thread_step (s, t);
}

static void
burst_done (InterleaveSimulation *s,
            guint32               t)
{
  switch ((Role) thread_at (s, t)->role)
    {
    case ROLE_LOOP:
      loop_burst_done (s, t);
      break;
    case ROLE_POOL:
      pool_burst_done (s, t);
      break;
    case ROLE_CLIENT:
      gen_burst_done (s, t);
      break;
    case ROLE_SERVE:
    case ROLE_CONN:
    default:
      thread_burst_done (s, t);
      break;
    }
}

/* ------------------------------------------------------------------------
 * I/O.
 */

static void
io_start (InterleaveSimulation *s,
          guint32               i)
{
  Req *r = req_at (s, i);

  push_event (s, s->now + r->left, EV_IO, i, r->gen);
}

/* A timer is due while the loop sleeps in epoll_wait(). The loop set its
 * timeout when it went to sleep, rounded up to the clock's tick (whole
 * milliseconds: libuv's loop clock, asyncio's epoll timeout), and wakes
 * then, io_extra later (the kernel wakes it) — unless a socket wakes it
 * first, and then that socket's callback runs before the timer's. */
static void
loop_sleep_on (InterleaveSimulation *s,
               guint32               w,
               guint32               r)
{
  Worker *worker = &s->workers[w];
  gint64 tick = s->arch->timer_tick_ns;
  gint64 slept = MAX (0, s->now - worker->available_since);
  gint64 wake_at = worker->available_since + (slept + tick - 1) / tick * tick + s->arch->io_extra_ns;

  req_at (s, r)->ready_at = s->now;
  rq_push (s, &worker->sleep_head, &worker->sleep_tail, r);
  if (worker->sleep_head == r)
    {
      worker->wake++;
      push_event (s, MAX (wake_at, s->now), EV_IO, w | LOOP_WAKE, worker->wake);
    }
}

static void on_loop_wake (InterleaveSimulation *s, guint32 w, guint32 version);

static void
on_io_event (InterleaveSimulation *s,
             guint32               i,
             guint32               gen)
{
  Req *r;

  if (i & LOOP_WAKE)
    {
      on_loop_wake (s, i & ~LOOP_WAKE, gen);
      return;
    }

  r = req_at (s, i);
  if (r->gen != gen)
    return;

  req_advance (s, r);

  if (s->loop_arch && s->arch->timer_tick_ns > 0 && thread_at (s, s->workers[r->worker].loop)->state == TS_IDLE)
    {
      loop_sleep_on (s, r->worker, i);
      return;
    }

  s->timer_wake = TRUE;
  if (!s->loop_arch)
    thread_step (s, r->thread);
  else
    loop_enqueue (s, r->worker, i);
  s->timer_wake = FALSE;
}

/* A loop sleeping in epoll_wait() woke when its timeout ran out. */
static void
on_loop_wake (InterleaveSimulation *s,
              guint32               w,
              guint32               version)
{
  Worker *worker = &s->workers[w];

  if (worker->wake != version || worker->sleep_head == NONE)
    return;
  if (thread_at (s, worker->loop)->state == TS_IDLE)
    {
      s->timer_wake = TRUE;
      loop_next (s, w);
      s->timer_wake = FALSE;
    }
}

/* ------------------------------------------------------------------------
 * Threads and lanes.
 */

static guint32
thread_new (InterleaveSimulation *s,
            guint32               w,
            Role                  role,
            InterleaveLaneKind    kind,
            const char           *name)
{
  Thread th = { 0 };
  guint32 t = s->threads->len;

  th.lane = add_lane (s, w, kind, name);
  th.core = NONE;
  th.req = NONE;
  th.next = NONE;
  th.conn = NONE;
  th.home = NONE;
  th.last_core = NONE;
  th.worker = w;
  th.role = role;
  th.state = TS_IDLE;
  th.span_state = INTERLEAVE_STATE_IDLE;
  th.span_req = INTERLEAVE_NO_REQUEST;
  th.span_phase = INTERLEAVE_NO_PHASE;
  th.span_cause = INTERLEAVE_NO_LANE;
  g_array_append_val (s->threads, th);
  s->live_threads++;

  return t;
}

static guint32
conn_thread_spawn (InterleaveSimulation *s,
                   guint32               w)
{
  Worker *worker = &s->workers[w];
  guint32 t = worker->dead;

  if (t != NONE)
    {
      Thread *th = thread_at (s, t);

      worker->dead = th->next;
      th->state = TS_IDLE;
      th->next = NONE;
      s->live_threads++;
      return t;
    }

  if (s->live_threads >= MAX_LIVE_THREADS)
    return NONE;

  {
    g_autofree char *name = g_strdup_printf (_("Thread %u"), ++worker->n_named);
    return thread_new (s, w, ROLE_CONN, INTERLEAVE_LANE_THREAD, name);
  }
}

/* ------------------------------------------------------------------------
 * Dispatch: connections to workers, requests to threads.
 */

static gboolean
worker_available (InterleaveSimulation *s,
                  guint32               w)
{
  Worker *worker = &s->workers[w];

  if (s->loop_arch)
    return thread_at (s, worker->loop)->state == TS_IDLE && worker->run_head == NONE;
  if (s->arch->kind == INTERLEAVE_ARCH_THREADS && s->arch->threads == 0)
    return TRUE;
  return worker->idle_head != NONE;
}

static void
worker_submit (InterleaveSimulation *s,
               guint32               w,
               guint32               i,
               gboolean              is_new)
{
  Worker *worker = &s->workers[w];
  Req *r = req_at (s, i);
  Conn *conn = conn_at (s, r->conn);

  r->worker = w;
  conn->worker = w;

  if (s->loop_arch)
    {
      if (is_new && worker->pending_new >= s->arch->backlog)
        {
          req_reject (s, i, INTERLEAVE_REQUEST_REFUSED);
          return;
        }
      r->new_conn = is_new;
      worker->pending_new += is_new;
      loop_enqueue (s, w, i);
      return;
    }

  if (s->arch->kind == INTERLEAVE_ARCH_THREADS && s->arch->threads == 0)
    {
      guint32 t = conn->thread;

      if (t == NONE)
        {
          t = conn_thread_spawn (s, w);
          if (t == NONE)
            {
              req_reject (s, i, INTERLEAVE_REQUEST_FAILED);
              return;
            }
          conn->thread = t;
          thread_at (s, t)->conn = r->conn;
        }
      worker->available_since = s->now;
      thread_take (s, t, i);
      return;
    }

  if (worker->idle_head != NONE)
    {
      thread_take (s, tq_pop (s, &worker->idle_head, &worker->idle_tail), i);
      return;
    }

  if (is_new && worker->pending_new >= s->arch->backlog)
    {
      req_reject (s, i, INTERLEAVE_REQUEST_REFUSED);
      return;
    }
  r->new_conn = is_new;
  worker->pending_new += is_new;
  rq_push (s, &worker->q_head, &worker->q_tail, i);
}

static void
dispatch_new (InterleaveSimulation *s,
              guint32               i)
{
  Req *r = req_at (s, i);
  Conn *conn = conn_at (s, r->conn);
  guint32 w = 0;

  conn->serial = s->next_serial++;

  switch (s->arch->dispatch)
    {
    case INTERLEAVE_DISPATCH_ROUND_ROBIN:
      w = s->rr_next;
      s->rr_next = (s->rr_next + 1) % s->n_workers;
      break;

    case INTERLEAVE_DISPATCH_HASH:
      w = (guint32) (interleave_random_mix (s->scenario->seed, conn->serial) % s->n_workers);
      break;

    case INTERLEAVE_DISPATCH_SHARED_ACCEPT:
    default:
      /* The worker that has been ready to accept the longest. */
      w = NONE;
      for (guint32 k = 0; k < s->n_workers; k++)
        {
          if (worker_available (s, k) &&
              (w == NONE || s->workers[k].available_since < s->workers[w].available_since))
            w = k;
        }
      if (w == NONE)
        {
          if (s->shared_pending >= s->arch->backlog)
            {
              req_reject (s, i, INTERLEAVE_REQUEST_REFUSED);
              return;
            }
          r->new_conn = TRUE;
          s->shared_pending++;
          rq_push (s, &s->shared_head, &s->shared_tail, i);
          return;
        }
      break;
    }

  worker_submit (s, w, i, TRUE);
}

/* The request reaches the server on connection @c. */
static void
conn_deliver (InterleaveSimulation *s,
              guint32               c,
              guint32               i)
{
  Req *r = req_at (s, i);
  guint32 w = conn_at (s, c)->worker;

  r->conn = c;
  r->ready_at = s->now;
  level_add (&s->queue, s->now, 1);

  if (w == NONE)
    dispatch_new (s, i);
  else
    worker_submit (s, w, i, FALSE);
}

/* Request @i reaches the server on connection @c, late by its delivery
 * delay (machine.delivery_jitter), if any. */
static void
deliver (InterleaveSimulation *s,
         guint32               c,
         guint32               i)
{
  gint64 delay = delivery_delay (s, i, DELIVERY_SALT);

  if (delay <= 0)
    {
      conn_deliver (s, c, i);
      return;
    }

  req_at (s, i)->conn = c;
  push_event (s, s->now + delay, EV_DELIVER, i, 0);
}

/* The client sends the request on connection @c: through the load
 * generator when it shares the cores, else at once. */
static void
conn_send (InterleaveSimulation *s,
           guint32               c,
           guint32               i)
{
  if (s->gen_thread != NONE)
    {
      req_at (s, i)->conn = c;
      gen_submit (s, i, GEN_SEND);
      return;
    }

  deliver (s, c, i);
}

/* ------------------------------------------------------------------------
 * Workload: sources, clients, arrivals.
 */

static guint32
req_new (InterleaveSimulation *s,
         guint32               source,
         guint32               client,
         guint64               seq)
{
  Source *src = &s->sources[source];
  guint32 i = req_alloc (s);
  Req *r = req_at (s, i);
  double u;
  guint k = 0;

  {
    guint32 gen = r->gen;

    memset (r, 0, sizeof *r);
    r->gen = gen;
  }
  r->rng = interleave_random_mix (interleave_random_mix (s->scenario->seed, source + 1),
                                  ((guint64) (client + 1) << 40) ^ seq);
  r->arrival = s->now;
  r->accepted = -1;
  r->id = s->next_id++;
  r->next = NONE;
  r->conn = NONE;
  r->thread = NONE;
  r->worker = NONE;
  r->client = client;
  r->source = source;
  r->step = 0;
  r->kind = STEP_CPU;

  u = interleave_splitmix_double (&r->rng);
  while (k + 1 < src->n_classes && u >= src->cumulative[k])
    k++;
  r->klass = src->classes[k];

  r->recorded = s->recording_requests &&
                r->id < s->scenario->record.max_requests &&
                s->now < s->scenario->record.until_ns;

  s->arrived++;
  level_add (&s->in_flight, s->now, 1);
  record_request (s, r, INTERLEAVE_REQUEST_IN_FLIGHT);

  return i;
}

static guint
group_size (const Source *src,
            guint         g)
{
  return MIN (INTERLEAVE_POOL_GROUP_CONNECTIONS, src->n_pool - g * INTERLEAVE_POOL_GROUP_CONNECTIONS);
}

/* Group @g of @src's pool now has @busy busy connections. The ready sets
 * keep, by busy count, the groups that have a free one, so that a request
 * finds its group without looking at every connection. */
static void
group_set_busy (Source *src,
                guint   g,
                guint   busy)
{
  guint size = group_size (src, g);
  guint64 bit = G_GUINT64_CONSTANT (1) << (g % 64);

  if (src->group_busy[g] < size)
    src->ready[src->group_busy[g]][g / 64] &= ~bit;
  if (busy < size)
    src->ready[busy][g / 64] |= bit;
  src->group_busy[g] = busy;
}

/* The first group with @busy busy connections and a free one, or G_MAXUINT. */
static guint
first_ready_group (const Source *src,
                   guint         busy)
{
  for (guint w = 0; w < src->n_words; w++)
    if (src->ready[busy][w] != 0)
      return w * 64 + (guint) __builtin_ctzll (src->ready[busy][w]);
  return G_MAXUINT;
}

/* The connection of @src's pool a new request takes, as the real load
 * generator picks it: the least busy group (the first of those), in it
 * the idle connection opened last (libsoup's choice), else one to open.
 * Which worker a request meets depends on it: in turn, pooled
 * connections of a round-robin server alternate between its workers for
 * ever; picked this way, a late answer sends the next requests elsewhere.
 * Returns: the connection, now busy, or NONE when all are busy. */
static guint32
pool_take (InterleaveSimulation *s,
           Source               *src)
{
  guint g = G_MAXUINT;
  guint32 take = NONE;

  for (guint busy = 0; busy < INTERLEAVE_POOL_GROUP_CONNECTIONS && g == G_MAXUINT; busy++)
    g = first_ready_group (src, busy);
  if (g == G_MAXUINT)
    return NONE;

  for (guint j = g * INTERLEAVE_POOL_GROUP_CONNECTIONS; j < g * INTERLEAVE_POOL_GROUP_CONNECTIONS + group_size (src, g); j++)
    {
      Conn *conn = conn_at (s, src->pool[j]);

      if (conn->busy)
        continue;
      if (take == NONE ||
          (conn->worker != NONE && (conn_at (s, take)->worker == NONE || conn->serial > conn_at (s, take)->serial)))
        take = src->pool[j];
    }

  conn_at (s, take)->busy = TRUE;
  group_set_busy (src, g, src->group_busy[g] + 1);
  return take;
}

/* A new request from @source (and closed-loop @client) enters the system. */
static void
arrive (InterleaveSimulation *s,
        guint32               source,
        guint32               client,
        guint64               seq)
{
  Source *src = &s->sources[source];
  guint32 i = req_new (s, source, client, seq);
  guint32 c;

  if (s->in_flight.value > MAX_IN_FLIGHT)
    {
      /* The load generator gives up: too much is outstanding. */
      req_end (s, i, INTERLEAVE_REQUEST_FAILED, FALSE);
      return;
    }

  if (client != NONE)
    {
      Client *cl = &s->clients[client];

      if (src->arrivals.keepalive)
        c = cl->conn;
      else
        c = conn_alloc (s);
    }
  else if (src->arrivals.keepalive)
    {
      c = pool_take (s, src);
      if (c == NONE)
        {
          /* Every connection of the pool is busy: wait at the client. */
          rq_push (s, &src->wait_head, &src->wait_tail, i);
          return;
        }
    }
  else
    c = conn_alloc (s);

  conn_send (s, c, i);
}

static gint64
sample_think (InterleaveSimulation *s,
              Client               *cl)
{
  const InterleaveArrivals *a = &s->sources[cl->source].arrivals;
  double x;

  if (a->think_ns == 0)
    return 0;
  if (a->think_dist == INTERLEAVE_DIST_CONST)
    return a->think_ns;

  x = a->think_ns * interleave_splitmix_exp (&cl->rng);
  return x < (double) MAX_SAMPLE_NS ? (gint64) (x + 0.5) : MAX_SAMPLE_NS;
}

/* After a response (or a refusal): the client thinks and sends again, or
 * the pool connection serves the next waiting request. */
static void
client_next (InterleaveSimulation *s,
             guint32               source,
             guint32               client,
             guint32               conn,
             gboolean              closed,
             gboolean              rejected)
{
  if (client != NONE)
    {
      Client *cl = &s->clients[client];
      gint64 think = sample_think (s, cl);

      if (conn != NONE && !conn_at (s, conn)->pooled)
        conn_free (s, conn);
      /* After a refusal a client waits at least a millisecond before it
       * tries again, so a full backlog cannot spin at one instant. */
      if (rejected)
        think = MAX (think, RETRY_NS);
      push_event (s, s->now + think, EV_CLIENT, client, 0);
      return;
    }

  if (conn == NONE)
    return;

  if (!conn_at (s, conn)->pooled)
    {
      conn_free (s, conn);
      return;
    }

  /* An open-loop pool connection: free it once this event is over, so the
   * thread that answered has settled first. */
  push_event (s, s->now, EV_POOL_FREE, conn, closed);
}

static void
on_pool_free (InterleaveSimulation *s,
              guint32               c,
              gboolean              closed)
{
  Conn *conn = conn_at (s, c);
  Source *src = &s->sources[conn->source];
  guint32 waiting;

  (void) closed;
  conn->busy = FALSE;
  group_set_busy (src, conn->slot / INTERLEAVE_POOL_GROUP_CONNECTIONS,
                  src->group_busy[conn->slot / INTERLEAVE_POOL_GROUP_CONNECTIONS] - 1);
  waiting = rq_pop (s, &src->wait_head, &src->wait_tail);
  if (waiting != NONE)
    conn_send (s, pool_take (s, src), waiting);
}

static void
on_source_event (InterleaveSimulation *s,
                 guint32               source)
{
  Source *src = &s->sources[source];
  guint64 seq = src->sent++;
  gint64 next;

  if (src->arrivals.kind == INTERLEAVE_ARRIVALS_CONSTANT)
    next = (gint64) llround ((src->sent + 1) * (1e9 / src->arrivals.rate));
  else
    next = s->now + (gint64) (interleave_random_exp (&src->rng) * (1e9 / src->arrivals.rate) + 0.5);

  if (next < s->duration)
    push_event (s, next, EV_SOURCE, source, 0);

  arrive (s, source, NONE, seq);
}

static void
on_client_event (InterleaveSimulation *s,
                 guint32               client)
{
  Client *cl = &s->clients[client];

  arrive (s, cl->source, client, cl->seq++);
}

/* ------------------------------------------------------------------------
 * Metric windows.
 */

static void
close_window (InterleaveSimulation *s)
{
  InterleaveWindow window;
  double length = (double) (s->now - s->window_start);
  double seconds = length / 1e9;
  double held, contended;

  if (length <= 0)
    return;

  window.start = s->window_start;
  window.values[INTERLEAVE_METRIC_THROUGHPUT] = s->window_completed / seconds;
  if (interleave_histogram_get_count (s->window_hist) > 0)
    {
      window.values[INTERLEAVE_METRIC_LATENCY_P50] = interleave_histogram_get_percentile (s->window_hist, 0.50) / 1e6;
      window.values[INTERLEAVE_METRIC_LATENCY_P95] = interleave_histogram_get_percentile (s->window_hist, 0.95) / 1e6;
      window.values[INTERLEAVE_METRIC_LATENCY_P99] = interleave_histogram_get_percentile (s->window_hist, 0.99) / 1e6;
      window.values[INTERLEAVE_METRIC_LATENCY_MAX] = interleave_histogram_get_max (s->window_hist) / 1e6;
    }
  else
    {
      window.values[INTERLEAVE_METRIC_LATENCY_P50] = NAN;
      window.values[INTERLEAVE_METRIC_LATENCY_P95] = NAN;
      window.values[INTERLEAVE_METRIC_LATENCY_P99] = NAN;
      window.values[INTERLEAVE_METRIC_LATENCY_MAX] = NAN;
    }
  window.values[INTERLEAVE_METRIC_IN_FLIGHT] = level_take_window (&s->in_flight, s->now) / length;
  window.values[INTERLEAVE_METRIC_QUEUE] = level_take_window (&s->queue, s->now) / length;
  window.values[INTERLEAVE_METRIC_CPU] = level_take_window (&s->busy, s->now) / length;
  held = level_take_window (&s->gil_held, s->now);
  contended = level_take_window (&s->gil_contended, s->now);
  if (s->n_gil_workers > 0)
    {
      window.values[INTERLEAVE_METRIC_GIL_HELD] = held / (length * s->n_gil_workers);
      window.values[INTERLEAVE_METRIC_GIL_CONTENDED] = contended / (length * s->n_gil_workers);
    }
  else
    {
      window.values[INTERLEAVE_METRIC_GIL_HELD] = NAN;
      window.values[INTERLEAVE_METRIC_GIL_CONTENDED] = NAN;
    }
  window.values[INTERLEAVE_METRIC_LOOP_LAG] = s->loop_arch ? s->window_lag / 1e6 : NAN;
  window.values[INTERLEAVE_METRIC_ERRORS] = s->window_errors / seconds;

  g_array_append_val (s->delta->windows, window);

  s->window_start = s->now;
  s->window_completed = 0;
  s->window_errors = 0;
  s->window_lag = 0;
  interleave_histogram_reset (s->window_hist);
}

static void
on_window_event (InterleaveSimulation *s)
{
  close_window (s);
  if (s->now + s->scenario->window_ns < s->duration)
    push_event (s, s->now + s->scenario->window_ns, EV_WINDOW, 0, 0);
}

/* ------------------------------------------------------------------------
 * Set-up.
 */

static void
setup_sources (InterleaveSimulation *s)
{
  const InterleaveScenario *sc = s->scenario;
  guint n = (sc->has_arrivals ? 1 : 0);

  for (guint i = 0; i < sc->n_classes; i++)
    n += sc->classes[i].has_arrivals;

  s->n_sources = n;
  s->sources = g_new0 (Source, n);
  n = 0;

  for (guint pass = 0; pass <= sc->n_classes; pass++)
    {
      Source *src;
      double total = 0.0, sum = 0.0;

      /* Pass 0: the workload's own arrivals, for classes without theirs.
       * Pass k: class k − 1's own arrivals. */
      if (pass == 0 && !sc->has_arrivals)
        continue;
      if (pass > 0 && !sc->classes[pass - 1].has_arrivals)
        continue;

      src = &s->sources[n];
      src->arrivals = pass == 0 ? sc->arrivals : sc->classes[pass - 1].arrivals;
      for (guint i = 0; i < sc->n_classes; i++)
        {
          if (pass == 0 ? sc->classes[i].has_arrivals : i != pass - 1)
            continue;
          src->classes[src->n_classes++] = (guint16) i;
          total += sc->classes[i].weight;
        }
      for (guint k = 0; k < src->n_classes; k++)
        {
          sum += sc->classes[src->classes[k]].weight;
          src->cumulative[k] = sum / total;
        }
      interleave_random_init (&src->rng, interleave_random_mix (sc->seed, 0x5eed0000 + n));
      src->wait_head = src->wait_tail = NONE;
      src->first_client = NONE;
      src->first_conn = NONE;
      n++;
    }

  /* Clients, connections and first events. */
  for (guint k = 0; k < s->n_sources; k++)
    if (s->sources[k].arrivals.kind == INTERLEAVE_ARRIVALS_CLOSED)
      s->n_clients += s->sources[k].arrivals.clients;
  s->clients = g_new0 (Client, MAX (s->n_clients, 1));

  n = 0;
  for (guint k = 0; k < s->n_sources; k++)
    {
      Source *src = &s->sources[k];

      if (src->arrivals.kind == INTERLEAVE_ARRIVALS_CLOSED)
        {
          src->first_client = n;
          for (guint j = 0; j < src->arrivals.clients; j++, n++)
            {
              Client *cl = &s->clients[n];
              gint64 start = 0;

              cl->source = k;
              cl->rng = interleave_random_mix (interleave_random_mix (sc->seed, 0xc11e0000 + k), j);
              cl->conn = NONE;
              if (src->arrivals.keepalive)
                {
                  cl->conn = conn_alloc (s);
                  conn_at (s, cl->conn)->pooled = TRUE;
                }
              /* Start spread over one think time, so clients do not all
               * send at the same instant. */
              if (src->arrivals.think_ns > 0)
                start = (gint64) (interleave_splitmix_double (&cl->rng) * src->arrivals.think_ns);
              push_event (s, start, EV_CLIENT, n, 0);
            }
        }
      else
        {
          gint64 first;

          if (src->arrivals.keepalive)
            {
              guint n_groups = (src->arrivals.connections + INTERLEAVE_POOL_GROUP_CONNECTIONS - 1) /
                               INTERLEAVE_POOL_GROUP_CONNECTIONS;

              src->n_pool = src->arrivals.connections;
              src->pool = g_new (guint32, src->n_pool);
              for (guint j = 0; j < src->n_pool; j++)
                {
                  guint32 c = conn_alloc (s);

                  conn_at (s, c)->pooled = TRUE;
                  conn_at (s, c)->source = k;
                  conn_at (s, c)->slot = j;
                  src->pool[j] = c;
                }

              src->n_words = (n_groups + 63) / 64;
              for (guint b = 0; b < INTERLEAVE_POOL_GROUP_CONNECTIONS; b++)
                src->ready[b] = g_new0 (guint64, src->n_words);
              src->group_busy = g_new (guint8, n_groups);
              for (guint g = 0; g < n_groups; g++)
                {
                  src->group_busy[g] = INTERLEAVE_POOL_GROUP_CONNECTIONS;   /* in no ready set yet */
                  group_set_busy (src, g, 0);
                }
            }

          if (src->arrivals.kind == INTERLEAVE_ARRIVALS_CONSTANT)
            first = (gint64) llround (1e9 / src->arrivals.rate);
          else
            first = (gint64) (interleave_random_exp (&src->rng) * (1e9 / src->arrivals.rate) + 0.5);
          src->sent = 0;
          if (first < s->duration)
            push_event (s, first, EV_SOURCE, k, 0);
        }
    }
}

static void
setup_server (InterleaveSimulation *s)
{
  const InterleaveArchitecture *arch = s->arch;

  s->n_workers = arch->workers;
  s->workers = g_new0 (Worker, s->n_workers);

  for (guint32 w = 0; w < s->n_workers; w++)
    {
      Worker *worker = &s->workers[w];
      g_autofree char *process = g_strdup_printf (_("Worker %u"), w + 1);

      interleave_trace_add_process (s->skeleton, process, w);
      interleave_trace_add_process (s->delta, process, w);

      worker->loop = NONE;
      worker->run_head = worker->run_tail = NONE;
      worker->sleep_head = worker->sleep_tail = NONE;
      worker->pool_idle = NONE;
      worker->pool_head = worker->pool_tail = NONE;
      worker->idle_head = worker->idle_tail = NONE;
      worker->q_head = worker->q_tail = NONE;
      worker->dead = NONE;
      worker->gil_holder = NONE;
      worker->gil_heir = NONE;
      worker->gil_head = worker->gil_tail = NONE;
    }

  for (guint32 w = 0; w < s->n_workers; w++)
    {
      Worker *worker = &s->workers[w];

      if (s->loop_arch)
        {
          worker->loop = thread_new (s, w, ROLE_LOOP, INTERLEAVE_LANE_LOOP, _("Event loop"));
          for (guint p = 0; p < arch->pool; p++)
            {
              g_autofree char *name = g_strdup_printf (_("Pool %u"), p + 1);
              guint32 t = thread_new (s, w, ROLE_POOL, INTERLEAVE_LANE_POOL, name);

              thread_at (s, t)->next = worker->pool_idle;
              worker->pool_idle = t;
            }
          /* The stack hands out Pool 1 first. */
          {
            guint32 reversed = NONE;
            while (worker->pool_idle != NONE)
              {
                guint32 t = worker->pool_idle;
                worker->pool_idle = thread_at (s, t)->next;
                thread_at (s, t)->next = reversed;
                reversed = t;
              }
            worker->pool_idle = reversed;
          }
        }
      else if (arch->kind == INTERLEAVE_ARCH_SYNC)
        {
          guint32 t = thread_new (s, w, ROLE_SERVE, INTERLEAVE_LANE_THREAD, _("Main thread"));
          tq_push (s, &worker->idle_head, &worker->idle_tail, t);
        }
      else if (arch->threads > 0)
        {
          for (guint k = 0; k < arch->threads; k++)
            {
              g_autofree char *name = g_strdup_printf (_("Thread %u"), k + 1);
              guint32 t = thread_new (s, w, ROLE_SERVE, INTERLEAVE_LANE_THREAD, name);

              tq_push (s, &worker->idle_head, &worker->idle_tail, t);
            }
        }
    }

  /* Per-connection threads are made as connections come. */
  s->live_threads = 0;

  s->n_gil_workers = arch->gil ? s->n_workers : 0;
}

static void
setup_cores (InterleaveSimulation *s)
{
  guint process = NONE;

  s->n_cores = s->scenario->cores;
  s->cores = g_new0 (Core, s->n_cores);
  s->idle_cores = g_new (guint32, s->n_cores);

  if (s->scenario->record.cores)
    {
      process = interleave_trace_add_process (s->skeleton, _("CPU"), s->n_workers);
      interleave_trace_add_process (s->delta, _("CPU"), s->n_workers);
    }

  for (guint c = 0; c < s->n_cores; c++)
    {
      Core *core = &s->cores[c];

      core->thread = NONE;
      core->last_thread = NONE;
      core->lane = NONE;
      core->span_state = INTERLEAVE_STATE_IDLE;
      core->span_req = INTERLEAVE_NO_REQUEST;
      core->span_phase = INTERLEAVE_NO_PHASE;
      core->span_cause = INTERLEAVE_NO_LANE;
      if (process != NONE)
        {
          g_autofree char *name = g_strdup_printf (_("Core %u"), c + 1);
          core->lane = add_lane (s, process, INTERLEAVE_LANE_CORE, name);
        }
      /* Idle cores are a stack: core 1 is handed out first. */
      s->idle_cores[s->n_cores - 1 - c] = c;
    }
  s->n_idle_cores = s->n_cores;
}

/* The load generator's thread, in a process of its own after the CPU's. */
static void
setup_generator (InterleaveSimulation *s)
{
  Thread th = { 0 };
  guint process;

  s->gen_thread = NONE;
  s->gen_head = s->gen_tail = NONE;
  if (s->scenario->client_cpu_ns <= 0)
    return;

  s->gen_send_ns = s->scenario->client_cpu_ns / 2;
  s->gen_receive_ns = s->scenario->client_cpu_ns - s->gen_send_ns;

  process = interleave_trace_add_process (s->skeleton, _("Load generator"), s->skeleton->processes->len);
  interleave_trace_add_process (s->delta, _("Load generator"), process);

  th.lane = add_lane (s, process, INTERLEAVE_LANE_THREAD, _("Load generator"));
  th.core = NONE;
  th.req = NONE;
  th.next = NONE;
  th.conn = NONE;
  th.worker = 0;      /* never holds a GIL */
  th.role = ROLE_CLIENT;
  th.state = TS_IDLE;
  th.span_state = INTERLEAVE_STATE_IDLE;
  th.span_req = INTERLEAVE_NO_REQUEST;
  th.span_phase = INTERLEAVE_NO_PHASE;
  th.span_cause = INTERLEAVE_NO_LANE;
  s->gen_thread = s->threads->len;
  g_array_append_val (s->threads, th);
}

/**
 * interleave_simulation_new:
 * @scenario: a valid scenario (see interleave_scenario_validate()); copied
 * @architecture: index of the architecture to simulate
 *
 * Returns: (transfer full): a simulation, ready to run once
 */
InterleaveSimulation *
interleave_simulation_new (const InterleaveScenario *scenario,
                           guint                     architecture)
{
  InterleaveSimulation *s;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (architecture < scenario->n_architectures, NULL);

  s = g_new0 (InterleaveSimulation, 1);
  s->scenario = interleave_scenario_copy (scenario);
  s->arch_index = architecture;
  s->arch = &s->scenario->architectures[architecture];
  s->gil_rng = interleave_random_mix (s->scenario->seed, 0x611c0de + architecture);
  s->wake_rng = interleave_random_mix (s->scenario->seed, 0x3a4e57a9 + architecture);
  s->loop_arch = s->arch->kind == INTERLEAVE_ARCH_EVENTLOOP || s->arch->kind == INTERLEAVE_ARCH_ASYNCIO;
  s->parse_ns = (gint64) llround (s->arch->overhead_ns / 2 * s->arch->slowdown);
  s->respond_ns = (gint64) llround ((s->arch->overhead_ns - s->arch->overhead_ns / 2) * s->arch->slowdown);
  s->duration = scenario->duration_ns;
  s->delta_interval = 50 * G_GINT64_CONSTANT (1000000);
  s->delta_events = 100000;

  s->conns = g_array_new (FALSE, TRUE, sizeof (Conn));
  s->reqs = g_array_new (FALSE, TRUE, sizeof (Req));
  s->threads = g_array_new (FALSE, TRUE, sizeof (Thread));
  s->free_conn = NONE;
  s->free_req = NONE;
  s->run_head = s->run_tail = NONE;
  s->shared_head = s->shared_tail = NONE;

  s->window_hist = interleave_histogram_new ();
  s->total_hist = interleave_histogram_new ();

  s->native_sigma = sqrt (interleave_random_log (1.0 + s->arch->native_spread * s->arch->native_spread));
  s->dists = g_new0 (ClassDist, scenario->n_classes);
  for (guint i = 0; i < scenario->n_classes; i++)
    {
      const InterleavePlan *plan = &scenario->classes[i].plan;

      for (guint j = 0; j < plan->n_phases; j++)
        {
          double cv = plan->phases[j].cv;
          double sigma2 = interleave_random_log (1.0 + cv * cv);

          s->dists[i].sigma[j] = sqrt (sigma2);
          s->dists[i].mu[j] = plan->phases[j].mean_ns > 0
            ? interleave_random_log ((double) plan->phases[j].mean_ns) - sigma2 / 2.0 : 0.0;
        }
    }

  s->skeleton = interleave_trace_new (s->arch->name, scenario->cores, scenario->window_ns);
  s->delta = interleave_trace_new_delta (s->skeleton);
  for (guint i = 0; i < scenario->n_classes; i++)
    {
      g_ptr_array_add (s->skeleton->class_names, g_strdup (scenario->classes[i].name));
      g_ptr_array_add (s->delta->class_names, g_strdup (scenario->classes[i].name));
    }

  setup_server (s);
  setup_cores (s);
  setup_generator (s);

  return s;
}

void
interleave_simulation_free (InterleaveSimulation *simulation)
{
  if (simulation == NULL)
    return;

  interleave_scenario_free (simulation->scenario);
  g_free (simulation->heap);
  g_free (simulation->dists);
  for (guint k = 0; k < simulation->n_sources && simulation->sources != NULL; k++)
    {
      g_free (simulation->sources[k].pool);
      g_free (simulation->sources[k].group_busy);
      for (guint b = 0; b < INTERLEAVE_POOL_GROUP_CONNECTIONS; b++)
        g_free (simulation->sources[k].ready[b]);
    }
  g_free (simulation->sources);
  g_free (simulation->clients);
  g_clear_pointer (&simulation->conns, g_array_unref);
  g_clear_pointer (&simulation->reqs, g_array_unref);
  g_clear_pointer (&simulation->threads, g_array_unref);
  g_free (simulation->cores);
  g_free (simulation->idle_cores);
  g_free (simulation->workers);
  g_clear_pointer (&simulation->skeleton, interleave_trace_free);
  g_clear_pointer (&simulation->delta, interleave_trace_free);
  g_clear_pointer (&simulation->window_hist, interleave_histogram_free);
  g_clear_pointer (&simulation->total_hist, interleave_histogram_free);
  g_free (simulation);
}

/**
 * interleave_simulation_set_delta_interval:
 * @simulation: a simulation
 * @simulated_ns: hand out a delta at least this often in simulated time
 * @events: … and at least every this many events, or this many spans
 *   (or 32 per thread, when there are more threads than that: a delta
 *   costs its consumer time per lane too)
 *
 * Defaults: 50 ms and 100 000 events.
 */
void
interleave_simulation_set_delta_interval (InterleaveSimulation *simulation,
                                          gint64                simulated_ns,
                                          guint                 events)
{
  g_return_if_fail (simulation != NULL);
  g_return_if_fail (simulated_ns > 0);
  g_return_if_fail (events > 0);

  simulation->delta_interval = simulated_ns;
  simulation->delta_events = events;
}

/* ------------------------------------------------------------------------
 * Running.
 */

static void
dispatch_event (InterleaveSimulation *s,
                const Event          *ev)
{
  switch (ev->key & 15)
    {
    case EV_SOURCE:     on_source_event (s, ev->target); break;
    case EV_CLIENT:     on_client_event (s, ev->target); break;
    case EV_CORE:       on_core_event (s, ev->target, ev->version); break;
    case EV_IO:         on_io_event (s, ev->target, ev->version); break;
    case EV_GIL:
      if (ev->target & GIL_HANDOFF)
        on_gil_handoff (s, ev->target & ~GIL_HANDOFF, ev->version);
      else
        on_gil_event (s, ev->target, ev->version);
      break;
    case EV_WINDOW:     on_window_event (s); break;
    case EV_RECORD_END: record_cut (s); break;
    case EV_POOL_FREE:  on_pool_free (s, ev->target, ev->version); break;
    case EV_DELIVER:    conn_deliver (s, req_at (s, ev->target)->conn, ev->target); break;
    case EV_RESPONSE:   response_arrives (s, ev->target); break;
    case EV_BALANCE:    on_balance_event (s, ev->target, ev->version); break;
    default:            g_assert_not_reached ();
    }
}

/**
 * interleave_simulation_run:
 * @simulation: a simulation that has not run yet
 * @delta_func: (nullable) (scope call): receives the trace as it is made;
 *   with %NULL, nothing is recorded but the summary (fastest)
 * @user_data: data for @delta_func
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Runs the simulation to the scenario's duration, on the calling thread.
 * When cancelled, the deltas made so far have been handed out (the last
 * one too) and %G_IO_ERROR_CANCELLED is returned.
 *
 * Returns: %TRUE when the run reached its end
 */
gboolean
interleave_simulation_run (InterleaveSimulation          *simulation,
                           InterleaveSimulationDeltaFunc  delta_func,
                           gpointer                       user_data,
                           GCancellable                  *cancellable,
                           GError                       **error)
{
  InterleaveSimulation *s = simulation;
  const InterleaveRecord *record;

  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (!s->ran, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  s->ran = TRUE;
  s->delta_func = delta_func;
  s->delta_data = user_data;
  record = &s->scenario->record;

  s->recording = delta_func != NULL && record->until_ns > 0 && record->max_spans > 0;
  s->recording_requests = delta_func != NULL && record->until_ns > 0 && record->max_requests > 0;
  if (!s->recording)
    {
      s->skeleton->recorded_until = 0;
      s->delta->recorded_until = 0;
    }

  setup_sources (s);
  push_event (s, MIN (s->scenario->window_ns, s->duration), EV_WINDOW, 0, 0);
  if (s->recording && record->until_ns < s->duration)
    push_event (s, record->until_ns, EV_RECORD_END, 0, 0);

  while (s->heap_len > 0 && s->heap[0].time < s->duration)
    {
      Event ev;

      pop_event (s, &ev);
      s->now = ev.time;
      dispatch_event (s, &ev);
      s->n_events++;

      if (G_UNLIKELY (s->cut_pending))
        record_cut (s);

      /* A delta costs time per lane (it carries every lane): with
       * thousands of per-connection threads, time-triggered deltas wait
       * until they carry enough events to be worth it. Its size is
       * bounded in spans too: one event may split a span on every lane
       * (a GIL hand-off changes the cause of every waiting thread), and
       * the consumer's merge must stay short. */
      if (++s->events_since_flush >= s->delta_events ||
          s->spans_since_flush >= MAX (s->delta_events, 32 * s->threads->len) ||
          (s->now - s->last_flush >= s->delta_interval &&
           s->events_since_flush >= 8 * s->threads->len))
        {
          flush_delta (s);

          if (g_cancellable_is_cancelled (cancellable))
            return !g_cancellable_set_error_if_cancelled (cancellable, error);
        }
      else if ((s->n_events & 4095) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          flush_delta (s);
          return !g_cancellable_set_error_if_cancelled (cancellable, error);
        }
    }

  s->now = s->duration;
  if (s->window_start < s->duration)
    close_window (s);
  level_add (&s->in_flight, s->now, 0);
  level_add (&s->queue, s->now, 0);
  level_add (&s->busy, s->now, 0);
  level_add (&s->gil_held, s->now, 0);
  level_add (&s->gil_contended, s->now, 0);

  if (s->recording)
    split_open_spans (s, TRUE);
  flush_delta (s);

  return TRUE;
}

/**
 * interleave_simulation_get_summary:
 * @simulation: a simulation that ran
 *
 * Returns: (transfer full): the figures of DESIGN.md's summary, computed
 *   while the run went on (percentiles to 0.4 %)
 */
InterleaveSummary *
interleave_simulation_get_summary (InterleaveSimulation *simulation)
{
  InterleaveSimulation *s = simulation;
  InterleaveSummary *summary;
  double seconds;

  g_return_val_if_fail (s != NULL, NULL);

  summary = interleave_summary_new (s->arch->name);
  seconds = s->now / 1e9;
  summary->completed = s->completed;
  summary->refused = s->refused;
  summary->failed = s->failed;
  summary->in_flight = (guint64) s->in_flight.value;
  summary->duration_s = seconds;
  summary->throughput = seconds > 0 ? s->completed / seconds : 0.0;
  summary->latency_mean_ms = interleave_histogram_get_mean (s->total_hist) / 1e6;
  summary->latency_p50_ms = interleave_histogram_get_percentile (s->total_hist, 0.50) / 1e6;
  summary->latency_p95_ms = interleave_histogram_get_percentile (s->total_hist, 0.95) / 1e6;
  summary->latency_p99_ms = interleave_histogram_get_percentile (s->total_hist, 0.99) / 1e6;
  summary->latency_max_ms = interleave_histogram_get_max (s->total_hist) / 1e6;
  summary->cpu_utilisation = s->now > 0 ? s->busy.total_area / ((double) s->now * s->n_cores) : 0.0;
  summary->gil_contended = s->n_gil_workers > 0 && s->now > 0
    ? s->gil_contended.total_area / ((double) s->now * s->n_gil_workers) : NAN;

  return summary;
}

guint64
interleave_simulation_get_n_events (InterleaveSimulation *simulation)
{
  g_return_val_if_fail (simulation != NULL, 0);
  return simulation->n_events;
}

/**
 * interleave_simulation_get_n_requests:
 * @simulation: a simulation
 *
 * Returns: requests that arrived so far (completed, refused, failed or in
 *   flight)
 */
guint64
interleave_simulation_get_n_requests (InterleaveSimulation *simulation)
{
  g_return_val_if_fail (simulation != NULL, 0);
  return simulation->arrived;
}

gint64
interleave_simulation_get_now (InterleaveSimulation *simulation)
{
  g_return_val_if_fail (simulation != NULL, 0);
  return simulation->now;
}

static void
merge_delta (InterleaveTrace *delta,
             gpointer         user_data)
{
  InterleaveTrace *trace = user_data;

  interleave_trace_merge (trace, delta);
  interleave_trace_free (delta);
}

/**
 * interleave_simulate:
 * @scenario: a scenario
 * @architecture: index of the architecture
 * @cancellable: (nullable): a #GCancellable
 * @summary: (out) (optional): the summary
 * @error: a location for a #GError
 *
 * Runs one architecture synchronously and returns its whole trace.
 *
 * Returns: (transfer full) (nullable): the trace, or %NULL on error
 */
InterleaveTrace *
interleave_simulate (const InterleaveScenario  *scenario,
                     guint                      architecture,
                     GCancellable              *cancellable,
                     InterleaveSummary        **summary,
                     GError                   **error)
{
  g_autoptr(InterleaveSimulation) sim = NULL;
  g_autoptr(InterleaveTrace) trace = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (architecture < scenario->n_architectures, NULL);

  sim = interleave_simulation_new (scenario, architecture);
  trace = interleave_trace_new (scenario->architectures[architecture].name,
                                scenario->cores, scenario->window_ns);

  if (!interleave_simulation_run (sim, merge_delta, trace, cancellable, error))
    return NULL;

  if (summary != NULL)
    *summary = interleave_simulation_get_summary (sim);

  return g_steal_pointer (&trace);
}

/* ------------------------------------------------------------------------
 * Asynchronous runs: the simulation runs on a worker thread; deltas reach
 * the caller's main context in order, and the result comes after the
 * last delta.
 */

typedef struct
{
  InterleaveScenario           *scenario;
  guint                         architecture;
  InterleaveSimulationDeltaFunc delta_func;
  gpointer                      delta_data;
  GDestroyNotify                delta_data_destroy;

  GMutex                        mutex;
  GQueue                        deltas;
  gboolean                      source_pending;
  gboolean                      finished;
  InterleaveSummary            *summary;
  GError                       *error;
} AsyncRun;

static void
async_run_free (gpointer data)
{
  AsyncRun *run = data;

  interleave_scenario_free (run->scenario);
  if (run->delta_data_destroy != NULL)
    run->delta_data_destroy (run->delta_data);
  g_queue_clear_full (&run->deltas, (GDestroyNotify) interleave_trace_free);
  g_clear_pointer (&run->summary, interleave_summary_free);
  g_clear_error (&run->error);
  g_mutex_clear (&run->mutex);
  g_free (run);
}

static gboolean
async_drain (gpointer data)
{
  GTask *task = data;
  AsyncRun *run = g_task_get_task_data (task);
  GQueue deltas = G_QUEUE_INIT;
  gboolean finished;
  InterleaveTrace *delta;

  g_mutex_lock (&run->mutex);
  deltas = run->deltas;
  g_queue_init (&run->deltas);
  run->source_pending = FALSE;
  finished = run->finished;
  g_mutex_unlock (&run->mutex);

  while ((delta = g_queue_pop_head (&deltas)) != NULL)
    {
      if (run->delta_func != NULL)
        run->delta_func (delta, run->delta_data);
      else
        interleave_trace_free (delta);
    }

  if (finished)
    {
      if (run->error != NULL)
        g_task_return_error (task, g_steal_pointer (&run->error));
      else
        g_task_return_pointer (task, g_steal_pointer (&run->summary),
                               (GDestroyNotify) interleave_summary_free);
    }

  return G_SOURCE_REMOVE;
}

/* Called with the mutex held. */
static void
async_schedule_drain (GTask *task)
{
  AsyncRun *run = g_task_get_task_data (task);
  g_autoptr(GSource) source = NULL;

  if (run->source_pending)
    return;

  run->source_pending = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, async_drain, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[interleave] simulation deltas");
  g_source_attach (source, g_task_get_context (task));
}

static void
async_push_delta (InterleaveTrace *delta,
                  gpointer         user_data)
{
  GTask *task = user_data;
  AsyncRun *run = g_task_get_task_data (task);

  g_mutex_lock (&run->mutex);
  g_queue_push_tail (&run->deltas, delta);
  async_schedule_drain (task);
  g_mutex_unlock (&run->mutex);
}

static gpointer
async_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  AsyncRun *run = g_task_get_task_data (task);
  g_autoptr(InterleaveSimulation) sim = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveSummary *summary = NULL;

  sim = interleave_simulation_new (run->scenario, run->architecture);
  if (interleave_simulation_run (sim, async_push_delta, task, g_task_get_cancellable (task), &error))
    summary = interleave_simulation_get_summary (sim);

  g_mutex_lock (&run->mutex);
  run->finished = TRUE;
  run->summary = summary;
  run->error = g_steal_pointer (&error);
  async_schedule_drain (task);
  g_mutex_unlock (&run->mutex);

  return NULL;
}

/**
 * interleave_simulate_async:
 * @scenario: a valid scenario; copied
 * @architecture: index of the architecture
 * @delta_func: (nullable): receives each delta, on the thread-default main
 *   context of the caller, in order
 * @delta_data: data for @delta_func
 * @delta_data_destroy: (nullable): frees @delta_data when the run is over
 * @cancellable: (nullable): a #GCancellable
 * @callback: called after the last delta
 * @user_data: data for @callback
 *
 * Simulates on a worker thread so a UI can animate the run while it is
 * computed. Several runs (one per architecture) may go on at once.
 */
void
interleave_simulate_async (const InterleaveScenario      *scenario,
                           guint                          architecture,
                           InterleaveSimulationDeltaFunc  delta_func,
                           gpointer                       delta_data,
                           GDestroyNotify                 delta_data_destroy,
                           GCancellable                  *cancellable,
                           GAsyncReadyCallback            callback,
                           gpointer                       user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncRun *run;

  g_return_if_fail (scenario != NULL);
  g_return_if_fail (architecture < scenario->n_architectures);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run = g_new0 (AsyncRun, 1);
  run->scenario = interleave_scenario_copy (scenario);
  run->architecture = architecture;
  run->delta_func = delta_func;
  run->delta_data = delta_data;
  run->delta_data_destroy = delta_data_destroy;
  g_mutex_init (&run->mutex);
  g_queue_init (&run->deltas);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, interleave_simulate_async);
  g_task_set_task_data (task, run, async_run_free);

  g_thread_unref (g_thread_new ("interleave-sim", async_thread, g_object_ref (task)));
}

/**
 * interleave_simulate_finish:
 * @result: the result passed to the callback
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL with @error
 *   set (%G_IO_ERROR_CANCELLED when cancelled)
 */
InterleaveSummary *
interleave_simulate_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == interleave_simulate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
