/* interleave-fidelity-matrix.h
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

/* A fidelity matrix: which real servers, plans and loads `interleave
 * compare` (and the Compare page) measures and simulates side by side,
 * with the tolerances a cell must meet. Plain data; JSON files in the
 * format of docs/fidelity.md, or the built-in "default" and "quick"
 * matrices. */

#define INTERLEAVE_FIDELITY_ERROR (interleave_fidelity_error_quark ())

typedef enum
{
  INTERLEAVE_FIDELITY_ERROR_READ,     /* the file could not be read */
  INTERLEAVE_FIDELITY_ERROR_SYNTAX,   /* not JSON */
  INTERLEAVE_FIDELITY_ERROR_INVALID,  /* JSON, but not a matrix */
  INTERLEAVE_FIDELITY_ERROR_FAILED,   /* a cell could not be measured */
} InterleaveFidelityError;

#define INTERLEAVE_FIDELITY_MAX_FILE_SIZE (256 * 1024)
#define INTERLEAVE_FIDELITY_MAX_CELLS     1000

typedef enum
{
  INTERLEAVE_FIDELITY_LOAD_CLOSED,      /* `clients` clients, no think time */
  INTERLEAVE_FIDELITY_LOAD_SATURATION,  /* open loop at `fraction` of the measured saturation throughput */
  INTERLEAVE_FIDELITY_LOAD_RATE,        /* open loop at `rate` requests per second */
} InterleaveFidelityLoadKind;

typedef struct
{
  InterleaveFidelityLoadKind kind;
  guint                      clients;
  double                     fraction;
  double                     rate;
  gboolean                   poisson;   /* open loop: exponential gaps, else even ones */
} InterleaveFidelityLoad;

typedef struct
{
  char                   *server;   /* "node:eventloop", … */
  char                   *plan;     /* canonical plan text, "cpu:2,io:10" */
  InterleaveFidelityLoad  load;
} InterleaveFidelityCellSpec;

typedef enum
{
  INTERLEAVE_FIDELITY_CALIBRATION_FRESH,    /* calibrate each server when it starts */
  INTERLEAVE_FIDELITY_CALIBRATION_PROFILE,  /* the user's stored profiles */
  INTERLEAVE_FIDELITY_CALIBRATION_NONE,     /* the simulator's built-in defaults */
} InterleaveFidelityCalibration;

typedef struct
{
  char                          *title;
  gint64                         duration_ns;          /* each measurement */
  gint64                         warmup_ns;            /* its start, left out of the figures */
  guint                          saturation_clients;   /* clients of a saturation measurement */
  guint64                        seed;
  InterleaveFidelityCalibration  calibration;
  gboolean                       balance_at_tick;      /* the twins' cores balance at the measured
                                                        * scheduler tick (machine.balance_interval) */
  double                         tolerance_throughput; /* |relative error| a cell may have */
  double                         tolerance_p50;
  double                         tolerance_p99;
  guint                          retries;              /* a disturbed cell is measured again this often */
  double                         max_background;       /* cores other processes may take during a cell */
  gint64                         quiet_wait_ns;        /* before a measurement, wait up to this long for
                                                        * the machine to be that quiet */
  guint                          n_cells;
  InterleaveFidelityCellSpec    *cells;
} InterleaveFidelityMatrix;

GQuark                    interleave_fidelity_error_quark     (void);
InterleaveFidelityMatrix *interleave_fidelity_matrix_new      (void);
InterleaveFidelityMatrix *interleave_fidelity_matrix_new_named (const char                     *name);
InterleaveFidelityMatrix *interleave_fidelity_matrix_load_data (const char                     *data,
                                                               gssize                          length,
                                                               const char                     *name,
                                                               GError                        **error);
InterleaveFidelityMatrix *interleave_fidelity_matrix_load_file (const char                     *path,
                                                               GError                        **error);
InterleaveFidelityMatrix *interleave_fidelity_matrix_copy     (const InterleaveFidelityMatrix *matrix);
void                      interleave_fidelity_matrix_free     (InterleaveFidelityMatrix       *matrix);
gboolean                  interleave_fidelity_matrix_add_cell (InterleaveFidelityMatrix       *matrix,
                                                               const char                     *server,
                                                               const char                     *plan,
                                                               const InterleaveFidelityLoad   *load,
                                                               GError                        **error);
const char               *interleave_fidelity_matrix_get_builtin (const char                  *name);
char                     *interleave_fidelity_load_to_string  (const InterleaveFidelityLoad   *load);
const char               *interleave_fidelity_calibration_to_string (InterleaveFidelityCalibration calibration);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveFidelityMatrix, interleave_fidelity_matrix_free)

G_END_DECLS
