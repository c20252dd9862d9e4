/* interleave-calibration.h
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

#include "interleave-scenario.h"

G_BEGIN_DECLS

/* A calibration profile: what `interleave calibrate` measured on the real
 * test servers of one runtime (Node.js or Python) on this machine, so that
 * the simulator predicts them. One file per runtime, one section per
 * server mode, under g_get_user_data_dir()/interleave/calibration/ (see
 * docs/fidelity.md for the format). Without a profile the simulator uses
 * its built-in defaults; a broken one is reported and ignored.
 *
 * Plain data: load, save, and apply to the architectures of a scenario
 * whose runtime matches. Values a scenario file gives explicitly
 * ("overhead", "slowdown") are never overridden. */

#define INTERLEAVE_CALIBRATION_ERROR (interleave_calibration_error_quark ())

typedef enum
{
  INTERLEAVE_CALIBRATION_ERROR_READ,     /* the file could not be read or written */
  INTERLEAVE_CALIBRATION_ERROR_SYNTAX,   /* not JSON */
  INTERLEAVE_CALIBRATION_ERROR_INVALID,  /* JSON, but not a usable profile */
  INTERLEAVE_CALIBRATION_ERROR_VERSION,  /* a profile of another format version */
} InterleaveCalibrationError;

#define INTERLEAVE_CALIBRATION_VERSION       1
#define INTERLEAVE_CALIBRATION_MAX_FILE_SIZE (64 * 1024)
#define INTERLEAVE_CALIBRATION_MAX_SERVERS   5

/* One server mode, measured. Times in ns, factors per requested ms. */
typedef struct
{
  char    *mode;                /* "eventloop", "cluster", "threaded", "prefork", "asyncio" */
  guint    workers;             /* worker processes of the server measured */
  guint64  requests;            /* requests the figures come from */
  gint64   overhead_ns;         /* server CPU per request with an empty plan */
  gint64   latency_ns;          /* median round trip of an empty request, one client */
  double   cpu_factor;          /* server CPU per requested ms of `cpu` */
  double   cpu_wall_factor;     /* Server-Timing duration per requested ms of `cpu` */
  double   native_factor;       /* server CPU per requested ms of `native` */
  double   native_wall_factor;  /* Server-Timing duration per requested ms of `native` */
  gint64   io_extra_ns;         /* how much longer than requested an `io` phase lasts */
  guint    pool;                /* threads `native` work runs on; 0 = the request's own */
  double   native_parallelism;  /* cores `native` work used with more queued than cores */
  gint64   client_cpu_ns;       /* CPU of the load generator (this process) per request; 0 = not measured */
  gint64   gil_handoff_ns;      /* how long a woken GIL waiter takes to run (threaded with a GIL); 0 = not measured */
  double   native_spread;       /* coefficient of variation of a `native` phase's duration, one
                                 * request at a time; 0 = not measured */
  gint64   idle_wake_ns;        /* how long a core that slept takes to start a thread; 0 = not measured */
} InterleaveCalibrationServer;

typedef struct
{
  InterleaveArchRuntime        runtime;          /* node or python */
  char                        *runtime_version;  /* "20.20.2", "3.11.2" */
  char                        *created;          /* ISO 8601, UTC */
  guint                        cores;            /* processors of the machine */
  double                       parallelism;      /* cores two busy processes got together */
  gint64                       timeslice_ns;     /* how long the OS lets a busy thread run before
                                                  * another on its core; 0 = not measured */
  gint64                       sched_tick_ns;    /* the scheduler tick (how often an idle core
                                                  * balances, machine.balance_interval); 0 = not measured */
  guint                        n_servers;
  InterleaveCalibrationServer  servers[INTERLEAVE_CALIBRATION_MAX_SERVERS];
} InterleaveCalibration;

GQuark                              interleave_calibration_error_quark  (void);
InterleaveCalibration              *interleave_calibration_new          (InterleaveArchRuntime          runtime);
InterleaveCalibration              *interleave_calibration_copy         (const InterleaveCalibration   *profile);
void                                interleave_calibration_free         (InterleaveCalibration         *profile);
InterleaveCalibration              *interleave_calibration_load_data    (const char                    *data,
                                                                         gssize                         length,
                                                                         const char                    *name,
                                                                         GError                       **error);
InterleaveCalibration              *interleave_calibration_load_file    (const char                    *path,
                                                                         GError                       **error);
char                               *interleave_calibration_to_data      (const InterleaveCalibration   *profile);
gboolean                            interleave_calibration_save_file    (const InterleaveCalibration   *profile,
                                                                         const char                    *path,
                                                                         GError                       **error);
const InterleaveCalibrationServer  *interleave_calibration_lookup       (const InterleaveCalibration   *profile,
                                                                         const char                    *mode);
gboolean                            interleave_calibration_set_server   (InterleaveCalibration         *profile,
                                                                         const InterleaveCalibrationServer *server);
const char                         *interleave_calibration_mode_for     (const InterleaveArchitecture  *arch);
gboolean                            interleave_calibration_mode_is_valid (InterleaveArchRuntime         runtime,
                                                                         const char                    *mode);
gboolean                            interleave_calibration_apply        (const InterleaveCalibration   *profile,
                                                                         InterleaveArchitecture        *arch);
guint                               interleave_calibration_apply_to_scenario (const InterleaveCalibration * const *profiles,
                                                                         guint                          n_profiles,
                                                                         InterleaveScenario            *scenario);

char                               *interleave_calibration_get_dir      (void);
char                               *interleave_calibration_get_path     (InterleaveArchRuntime          runtime);
InterleaveCalibration              *interleave_calibration_load_user    (InterleaveArchRuntime          runtime,
                                                                         GError                       **error);
GPtrArray                          *interleave_calibration_load_user_all (GPtrArray                   **warnings);

void                                interleave_calibration_server_clear (InterleaveCalibrationServer   *server);
void                                interleave_calibration_server_set   (InterleaveCalibrationServer   *server,
                                                                         const InterleaveCalibrationServer *from);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveCalibration, interleave_calibration_free)

G_END_DECLS
