/* interleave-test-traces.h
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

#include "interleave-trace.h"

G_BEGIN_DECLS

/* Synthetic traces for render and UI tests and the benchmark, made with
 * the model API only (the contract the simulator and live measurement
 * both fill). */

#define MS (G_GINT64_CONSTANT (1000000))

InterleaveTrace *interleave_test_trace_new_fixed  (void);
InterleaveTrace *interleave_test_trace_new_random (const char *name,
                                                   guint       n_processes,
                                                   guint       lanes_per_process,
                                                   guint       spans_per_lane,
                                                   gint64      duration,
                                                   guint32     seed);

G_END_DECLS
