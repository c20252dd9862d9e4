/* interleave-random.h
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

/* The simulator's own random numbers, written so that the same seed gives
 * the same numbers on any machine and C library: xoshiro256** for long
 * streams, splitmix64 for small per-request streams and for seeding, and a
 * logarithm and exponential computed with plain IEEE arithmetic only (the
 * sim library is built with -ffp-contract=off, so no fused multiply-add
 * changes a rounding). Not for cryptography. */

typedef struct
{
  guint64 s[4];
} InterleaveRandom;

void     interleave_random_init        (InterleaveRandom *random,
                                        guint64           seed);
guint64  interleave_random_next        (InterleaveRandom *random);
double   interleave_random_double      (InterleaveRandom *random);
double   interleave_random_exp         (InterleaveRandom *random);

guint64  interleave_splitmix_next      (guint64          *state);
double   interleave_splitmix_double    (guint64          *state);
double   interleave_splitmix_exp       (guint64          *state);
double   interleave_splitmix_normal    (guint64          *state);
guint64  interleave_random_mix         (guint64           a,
                                        guint64           b);

double   interleave_random_log         (double            x);
double   interleave_random_exp_of      (double            x);

G_END_DECLS
