/* interleave-scenario.h
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

#include <gio/gio.h>

#include "interleave-plan.h"
#include "interleave-time.h"

G_BEGIN_DECLS

/* A scenario is what a teacher writes by hand (docs/scenarios.md): a
 * machine, a workload and up to eight server architectures. This is its
 * plain-data form, filled by the loader with every default resolved, so
 * the simulator and the UI read one struct. A UI that edits one in place
 * calls interleave_scenario_validate() before simulating it. */

#define INTERLEAVE_SCENARIO_ERROR (interleave_scenario_error_quark ())

typedef enum
{
  INTERLEAVE_SCENARIO_ERROR_READ,     /* the file could not be read */
  INTERLEAVE_SCENARIO_ERROR_SYNTAX,   /* not JSON */
  INTERLEAVE_SCENARIO_ERROR_INVALID,  /* JSON, but not a scenario */
  INTERLEAVE_SCENARIO_ERROR_LIMIT,    /* a value beyond the documented limits */
} InterleaveScenarioError;

/* Limits, documented in docs/scenarios.md. Nothing past them is attempted. */
#define INTERLEAVE_SCENARIO_MAX_FILE_SIZE      (1024 * 1024)
#define INTERLEAVE_SCENARIO_MAX_DEPTH          32
#define INTERLEAVE_SCENARIO_MAX_ARCHITECTURES  8
#define INTERLEAVE_SCENARIO_MAX_CLASSES        32
#define INTERLEAVE_SCENARIO_MAX_CORES          256
#define INTERLEAVE_SCENARIO_MAX_DURATION_NS    (G_GINT64_CONSTANT (3600) * G_TIME_SPAN_SECOND * 1000)
#define INTERLEAVE_SCENARIO_MAX_RATE           1000000.0
#define INTERLEAVE_SCENARIO_MAX_CLIENTS        100000
#define INTERLEAVE_SCENARIO_MAX_CONNECTIONS    100000
/* An open loop's pool comes in groups of this many connections, as
 * Interleave's load generator has them (one libsoup session each): a
 * request takes the least busy group. */
#define INTERLEAVE_POOL_GROUP_CONNECTIONS      4
#define INTERLEAVE_SCENARIO_MAX_REQUESTS       100000000.0
#define INTERLEAVE_SCENARIO_MAX_WORKERS        256
#define INTERLEAVE_SCENARIO_MAX_THREADS        4096
#define INTERLEAVE_SCENARIO_MAX_POOL           1024
#define INTERLEAVE_SCENARIO_MAX_BACKLOG        1000000
#define INTERLEAVE_SCENARIO_MAX_WINDOWS        1000000
#define INTERLEAVE_SCENARIO_MAX_SLOWDOWN_STEPS 100000
#define INTERLEAVE_SCENARIO_MAX_RECORD_SPANS   20000000  /* with the most requests: ~850 MiB */
#define INTERLEAVE_SCENARIO_MAX_RECORD_REQUESTS 10000000
#define INTERLEAVE_SCENARIO_MAX_TITLE          200    /* characters */
#define INTERLEAVE_SCENARIO_MAX_DESCRIPTION    4000
#define INTERLEAVE_SCENARIO_MAX_NAME           100    /* a class or an architecture */

typedef enum
{
  INTERLEAVE_ARRIVALS_POISSON,   /* open loop, exponential gaps */
  INTERLEAVE_ARRIVALS_CONSTANT,  /* open loop, equal gaps */
  INTERLEAVE_ARRIVALS_CLOSED,    /* N clients: send, wait, think, repeat */
} InterleaveArrivalsKind;

typedef struct
{
  InterleaveArrivalsKind kind;
  double                 rate;         /* requests per second, open loop */
  guint                  clients;      /* closed loop */
  gint64                 think_ns;     /* closed loop, mean */
  InterleaveDist         think_dist;   /* CONST or EXP */
  gboolean               keepalive;    /* reuse connections */
  guint                  connections;  /* open loop with keep-alive: pool size */
} InterleaveArrivals;

typedef struct
{
  char               *name;
  double              weight;        /* share among the classes of its arrivals */
  InterleavePlan      plan;
  gboolean            has_arrivals;  /* this class has its own arrival process */
  InterleaveArrivals  arrivals;
} InterleaveRequestClass;

typedef enum
{
  INTERLEAVE_ARCH_EVENTLOOP,
  INTERLEAVE_ARCH_THREADS,
  INTERLEAVE_ARCH_ASYNCIO,
  INTERLEAVE_ARCH_SYNC,
} InterleaveArchKind;

typedef enum
{
  INTERLEAVE_ARCH_RUNTIME_NODE,
  INTERLEAVE_ARCH_RUNTIME_PYTHON,
  INTERLEAVE_ARCH_RUNTIME_IDEAL,     /* no per-request overhead: queueing theory */
} InterleaveArchRuntime;

typedef enum
{
  INTERLEAVE_DISPATCH_SHARED_ACCEPT,
  INTERLEAVE_DISPATCH_ROUND_ROBIN,
  INTERLEAVE_DISPATCH_HASH,
} InterleaveDispatch;

/* Members of an architecture the scenario file gave explicitly: a
 * calibration profile (interleave-calibration.h) never overrides them. */
typedef enum
{
  INTERLEAVE_ARCH_GIVEN_OVERHEAD = 1 << 0,
  INTERLEAVE_ARCH_GIVEN_SLOWDOWN = 1 << 1,
  INTERLEAVE_ARCH_GIVEN_GIL_HANDOFF = 1 << 2,
} InterleaveArchGiven;

typedef struct
{
  char               *name;
  char               *preset;            /* nullable: the preset it started from */
  InterleaveArchKind  kind;
  InterleaveArchRuntime   runtime;
  guint               workers;           /* processes */
  guint               threads;           /* threads kind: pool size, 0 = one per connection */
  guint               pool;              /* native pool (libuv / executor); 0 = on the serving thread */
  gboolean            gil;
  gint64              switch_interval_ns;
  gint64              gil_handoff_ns;    /* a woken GIL waiter runs this long after the
                                          * release (0; calibration profiles) */
  InterleaveDispatch  dispatch;
  guint               backlog;           /* connections waiting to be accepted, per socket */
  gboolean            keepalive;         /* the server keeps connections open */
  gint64              overhead_ns;       /* per request, interpreted code (half before, half after) */
  double              slowdown;          /* multiplies interpreted (cpu) time */
  double              native_scale;      /* multiplies native time: what a native ms of the
                                          * plan really costs (1; calibration profiles) */
  double              native_spread;     /* coefficient of variation of a fixed native phase's
                                          * real duration (0: none; calibration profiles) */
  gint64              io_extra_ns;       /* added to every io phase: the runtime's timers
                                          * wake late (0; calibration profiles) */
  gint64              timer_tick_ns;     /* an event loop's timers fire on this grid, so an io
                                          * phase ends on the first tick after it is due
                                          * (0: exactly; 1 ms for calibrated Node.js / asyncio) */
  guint               given;             /* InterleaveArchGiven */
  gboolean            calibrated;        /* a calibration profile was applied */
} InterleaveArchitecture;

typedef struct
{
  gint64   until_ns;       /* spans and requests are kept for this much simulated time */
  guint    max_requests;   /* at most this many request records */
  guint    max_spans;      /* at most this many spans per architecture */
  gboolean cores;          /* per-core lanes */
} InterleaveRecord;

typedef struct
{
  char                   *title;
  char                   *description;
  guint64                 seed;
  gint64                  duration_ns;
  gint64                  window_ns;       /* metric window */

  guint                   cores;
  gint64                  quantum_ns;
  gint64                  context_switch_ns;
  gint64                  client_cpu_ns;   /* load generator CPU per request on these cores, 0: none */
  gint64                  idle_wake_ns;    /* how long a core that slept takes to start a thread, 0: at once */
  gint64                  idle_sleep_ns;   /* idle this long, a core is fully asleep (less: that share of idle_wake) */
  gint64                  delivery_jitter_ns; /* mean random delay of a request on its way to the server, 0: none */
  gint64                  balance_interval_ns; /* a free core takes a thread queued on another at the next multiple, 0: at once */
  double                  wake_stay;       /* share of wake-ups that queue behind a busy core while one idles */
  gint64                  slowdown_step_ns; /* machine.slowdown: how long each factor holds */
  guint                   n_slowdown;      /* 0: the machine keeps its speed */
  double                 *slowdown;        /* how much longer CPU work takes, step by step from 0; the last holds */

  gboolean                has_arrivals;    /* workload-level arrivals present */
  InterleaveArrivals      arrivals;
  guint                   n_classes;
  InterleaveRequestClass *classes;

  guint                   n_architectures;
  InterleaveArchitecture *architectures;

  InterleaveRecord        record;
} InterleaveScenario;

GQuark              interleave_scenario_error_quark     (void);
InterleaveScenario *interleave_scenario_load_file       (const char                *path,
                                                         GError                   **error);
InterleaveScenario *interleave_scenario_load_data       (const char                *data,
                                                         gssize                     length,
                                                         const char                *name,
                                                         GError                   **error);
InterleaveScenario *interleave_scenario_copy            (const InterleaveScenario  *scenario);
void                interleave_scenario_free            (InterleaveScenario        *scenario);
gboolean            interleave_scenario_validate        (const InterleaveScenario  *scenario,
                                                         GError                   **error);
double              interleave_scenario_expected_requests (const InterleaveScenario *scenario);

gboolean            interleave_architecture_init_preset (InterleaveArchitecture    *arch,
                                                         const char                *preset,
                                                         guint                      cores);
const char * const *interleave_architecture_list_presets (void);
gint64              interleave_arch_runtime_default_overhead_ns (InterleaveArchRuntime       runtime);
double              interleave_arch_runtime_default_slowdown    (InterleaveArchRuntime       runtime,
                                                            gboolean                gil);

const char         *interleave_arch_kind_to_string      (InterleaveArchKind         kind);
const char         *interleave_arch_runtime_to_string        (InterleaveArchRuntime          runtime);
const char         *interleave_dispatch_to_string       (InterleaveDispatch         dispatch);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveScenario, interleave_scenario_free)

G_END_DECLS
