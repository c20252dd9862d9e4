/* interleave-plan.h
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

/* A plan is what one request does on the server: a sequence of phases.
 * The text form "cpu:5,io:20,native:3" (milliseconds) is a public contract
 * shared with the real test servers in data/servers/. */

#define INTERLEAVE_PLAN_ERROR (interleave_plan_error_quark ())

typedef enum
{
  INTERLEAVE_PLAN_ERROR_SYNTAX,
  INTERLEAVE_PLAN_ERROR_LIMIT,
} InterleavePlanError;

typedef enum
{
  INTERLEAVE_PHASE_CPU,
  INTERLEAVE_PHASE_IO,
  INTERLEAVE_PHASE_NATIVE,
} InterleavePhaseKind;

typedef enum
{
  INTERLEAVE_DIST_CONST,
  INTERLEAVE_DIST_EXP,
  INTERLEAVE_DIST_LOGNORMAL,
} InterleaveDist;

/* Caps shared with the servers: no plan may ask for more. */
#define INTERLEAVE_PLAN_MAX_PHASES   64
#define INTERLEAVE_PLAN_MAX_TOTAL_MS 60000.0

typedef struct
{
  InterleavePhaseKind kind;
  InterleaveDist      dist;
  gint64              mean_ns;
  double              cv;       /* coefficient of variation, lognormal only */
} InterleavePhase;

typedef struct
{
  guint           n_phases;
  InterleavePhase phases[INTERLEAVE_PLAN_MAX_PHASES];
} InterleavePlan;

GQuark       interleave_plan_error_quark   (void);
gboolean     interleave_plan_parse         (const char           *text,
                                            InterleavePlan       *plan,
                                            GError              **error);
char        *interleave_plan_to_string     (const InterleavePlan *plan);
gint64       interleave_plan_total_mean_ns (const InterleavePlan *plan);
gint64       interleave_plan_kind_mean_ns  (const InterleavePlan *plan,
                                            InterleavePhaseKind   kind);
gboolean     interleave_plan_append        (InterleavePlan       *plan,
                                            const InterleavePhase *phase,
                                            GError              **error);
const char  *interleave_phase_kind_to_string   (InterleavePhaseKind kind);
gboolean     interleave_phase_kind_from_string (const char         *name,
                                                InterleavePhaseKind *kind);

G_END_DECLS
