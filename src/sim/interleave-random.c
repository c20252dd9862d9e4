/* interleave-random.c
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

#include <math.h>

#include "interleave-random.h"

#define GOLDEN_GAMMA G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

/* splitmix64: a 64-bit counter advanced by the golden-ratio increment and
 * passed through a strong bit mixer. Every state is valid. */
static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint64
interleave_splitmix_next (guint64 *state)
{
  *state += GOLDEN_GAMMA;
  return mix64 (*state);
}

/**
 * interleave_random_mix:
 * @a: a value
 * @b: another value
 *
 * Combines two values into a well-mixed 64-bit seed; used to derive
 * independent streams (per request, per client) from the scenario seed.
 */
guint64
interleave_random_mix (guint64 a,
                       guint64 b)
{
  return mix64 (mix64 (a + GOLDEN_GAMMA) ^ (b * G_GUINT64_CONSTANT (0xd1342543de82ef95) + 1));
}

/* 53 random bits as a double in [0, 1). Exact: no rounding happens. */
static inline double
to_unit (guint64 x)
{
  return (double) (x >> 11) * (1.0 / 9007199254740992.0);
}

double
interleave_splitmix_double (guint64 *state)
{
  return to_unit (interleave_splitmix_next (state));
}

void
interleave_random_init (InterleaveRandom *random,
                        guint64           seed)
{
  guint64 state = seed;

  g_return_if_fail (random != NULL);

  for (guint i = 0; i < 4; i++)
    random->s[i] = interleave_splitmix_next (&state);

  /* xoshiro must not start from all zeros; splitmix64 never yields four
   * zeros in a row, but keep the guarantee explicit. */
  if ((random->s[0] | random->s[1] | random->s[2] | random->s[3]) == 0)
    random->s[0] = GOLDEN_GAMMA;
}

/* xoshiro256**: four 64-bit words of state, a shift-register update and a
 * multiply-rotate-multiply output scrambler. */
guint64
interleave_random_next (InterleaveRandom *random)
{
  guint64 *s = random->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
interleave_random_double (InterleaveRandom *random)
{
  return to_unit (interleave_random_next (random));
}

/* Natural logarithm from +, -, *, / only, so every machine rounds alike.
 * x = m·2^e with m in [√½, √2); ln m = 2·atanh(s), s = (m−1)/(m+1), whose
 * odd series converges fast for |s| ≤ 0.1716. Relative error ~1e-16. */
double
interleave_random_log (double x)
{
  static const double ln2_hi = 6.93147180369123816490e-01;
  static const double ln2_lo = 1.90821492927058770002e-10;
  static const double inv_odd[] = {
    1.0, 1.0 / 3.0, 1.0 / 5.0, 1.0 / 7.0, 1.0 / 9.0, 1.0 / 11.0,
    1.0 / 13.0, 1.0 / 15.0, 1.0 / 17.0, 1.0 / 19.0, 1.0 / 21.0,
  };
  double m, s, s2, sum;
  int e;

  if (!(x > 0.0))
    return x == 0.0 ? -INFINITY : NAN;
  if (isinf (x))
    return x;

  m = frexp (x, &e);      /* exact: m in [0.5, 1) */
  if (m < 0.70710678118654752440)
    {
      m *= 2.0;           /* exact */
      e -= 1;
    }

  /* 2·atanh(s) = 2s·(1 + s²/3 + s⁴/5 + …), Horner form, 12 terms. */
  s = (m - 1.0) / (m + 1.0);
  s2 = s * s;
  sum = 1.0 / 23.0;
  for (int k = 21; k >= 1; k -= 2)
    sum = sum * s2 + inv_odd[k / 2];
  sum *= s;

  return (e * ln2_lo + 2.0 * sum) + e * ln2_hi;
}

/* e^x from +, -, *, / and ldexp (exact): x = k·ln2 + r, |r| ≤ ln2/2, and a
 * Taylor series for e^r. */
double
interleave_random_exp_of (double x)
{
  static const double ln2_hi = 6.93147180369123816490e-01;
  static const double ln2_lo = 1.90821492927058770002e-10;
  static const double inv_ln2 = 1.44269504088896338700e+00;
  static const double inv_n[] = {
    0.0, 1.0, 1.0 / 2.0, 1.0 / 3.0, 1.0 / 4.0, 1.0 / 5.0, 1.0 / 6.0,
    1.0 / 7.0, 1.0 / 8.0, 1.0 / 9.0, 1.0 / 10.0, 1.0 / 11.0, 1.0 / 12.0,
    1.0 / 13.0, 1.0 / 14.0,
  };
  double k, r, sum;

  if (isnan (x))
    return x;
  if (x > 709.0)
    return INFINITY;
  if (x < -745.0)
    return 0.0;

  k = floor (x * inv_ln2 + 0.5);
  r = (x - k * ln2_hi) - k * ln2_lo;

  /* 1 + r(1 + r/2(1 + r/3(… (1 + r/14)))), Horner form. */
  sum = 1.0;
  for (int n = 14; n >= 1; n--)
    sum = 1.0 + r * inv_n[n] * sum;

  return ldexp (sum, (int) k);
}

/* Exp(1): −ln(1 − u) with u in [0, 1), so the argument is in (0, 1]. */
double
interleave_random_exp (InterleaveRandom *random)
{
  return -interleave_random_log (1.0 - interleave_random_double (random));
}

double
interleave_splitmix_exp (guint64 *state)
{
  return -interleave_random_log (1.0 - interleave_splitmix_double (state));
}

/* Standard normal by Marsaglia's polar method (sqrt is exact in IEEE). */
double
interleave_splitmix_normal (guint64 *state)
{
  for (;;)
    {
      double u = 2.0 * interleave_splitmix_double (state) - 1.0;
      double v = 2.0 * interleave_splitmix_double (state) - 1.0;
      double s = u * u + v * v;

      if (s > 0.0 && s < 1.0)
        return u * sqrt (-2.0 * interleave_random_log (s) / s);
    }
}
