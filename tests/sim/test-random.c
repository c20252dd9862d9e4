/* test-random.c
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

#include <math.h>

#include "interleave-random.h"

/* Known answers: the published algorithms (splitmix64, xoshiro256**
 * seeded with splitmix64) give these numbers; an independent
 * implementation reproduced them. If a compiler or machine ever changed
 * one, every "byte-identical" promise would break, so they are pinned. */
static void
test_known_answers (void)
{
  static const guint64 xoshiro_seed_1[] = {
    G_GUINT64_CONSTANT (0xb3f2af6d0fc710c5), G_GUINT64_CONSTANT (0x853b559647364cea),
    G_GUINT64_CONSTANT (0x92f89756082a4514), G_GUINT64_CONSTANT (0x642e1c7bc266a3a7),
  };
  static const guint64 splitmix_seed_1234567[] = {
    G_GUINT64_CONSTANT (6457827717110365317), G_GUINT64_CONSTANT (3203168211198807973),
    G_GUINT64_CONSTANT (9817491932198370423),
  };
  InterleaveRandom random;
  guint64 state = 1234567;

  interleave_random_init (&random, 1);
  for (guint i = 0; i < G_N_ELEMENTS (xoshiro_seed_1); i++)
    g_assert_cmphex (interleave_random_next (&random), ==, xoshiro_seed_1[i]);

  for (guint i = 0; i < G_N_ELEMENTS (splitmix_seed_1234567); i++)
    g_assert_cmpuint (interleave_splitmix_next (&state), ==, splitmix_seed_1234567[i]);
}

/* The arithmetic log and exp agree with the C library to ~1e-15. */
static void
test_log_exp (void)
{
  double worst_log = 0, worst_exp = 0;
  guint64 state = 7;

  for (guint i = 0; i < 200000; i++)
    {
      double u = interleave_splitmix_double (&state);
      double x = ldexp (0.5 + u, (int) (i % 120) - 60);     /* 1e-18 … 1e18 */
      double y = (u - 0.5) * 1400.0;                         /* −700 … 700 */
      double l = interleave_random_log (x), L = log (x);
      double e = interleave_random_exp_of (y), E = exp (y);

      worst_log = MAX (worst_log, fabs (l - L) / MAX (fabs (L), 1e-300));
      worst_exp = MAX (worst_exp, fabs (e - E) / E);
    }

  g_test_message ("largest relative error: log %.2g, exp %.2g", worst_log, worst_exp);
  g_assert_cmpfloat (worst_log, <, 1e-14);
  g_assert_cmpfloat (worst_exp, <, 1e-13);
  g_assert_cmpfloat (interleave_random_log (1.0), ==, 0.0);
  g_assert_cmpfloat (interleave_random_exp_of (0.0), ==, 1.0);
  g_assert_true (isinf (interleave_random_log (0.0)));
  g_assert_true (isnan (interleave_random_log (-1.0)));
}

/* Moments of the distributions the workload draws from. */
static void
test_distributions (void)
{
  const guint n = 2000000;
  InterleaveRandom random;
  guint64 state = 99;
  double sum_u = 0, sum_e = 0, sum_e2 = 0, sum_z = 0, sum_z2 = 0, min_u = 1, max_u = 0;

  interleave_random_init (&random, 5);
  for (guint i = 0; i < n; i++)
    {
      double u = interleave_random_double (&random);
      double e = interleave_random_exp (&random);
      double z = interleave_splitmix_normal (&state);

      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      g_assert_cmpfloat (e, >=, 0.0);
      min_u = MIN (min_u, u);
      max_u = MAX (max_u, u);
      sum_u += u;
      sum_e += e;
      sum_e2 += e * e;
      sum_z += z;
      sum_z2 += z * z;
    }

  g_test_message ("uniform mean %.5f; exp mean %.5f, variance %.5f; normal mean %.5f, variance %.5f",
                  sum_u / n, sum_e / n, sum_e2 / n - (sum_e / n) * (sum_e / n), sum_z / n, sum_z2 / n);
  g_assert_cmpfloat (fabs (sum_u / n - 0.5), <, 0.002);
  g_assert_cmpfloat (min_u, <, 1e-5);
  g_assert_cmpfloat (max_u, >, 1 - 1e-5);
  g_assert_cmpfloat (fabs (sum_e / n - 1.0), <, 0.005);
  g_assert_cmpfloat (fabs (sum_e2 / n - (sum_e / n) * (sum_e / n) - 1.0), <, 0.02);
  g_assert_cmpfloat (fabs (sum_z / n), <, 0.005);
  g_assert_cmpfloat (fabs (sum_z2 / n - 1.0), <, 0.01);
}

/* Streams derived from different keys do not repeat each other. */
static void
test_mix (void)
{
  GHashTable *seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree guint64 *values = g_new (guint64, 10000);

  for (guint i = 0; i < 10000; i++)
    {
      values[i] = interleave_random_mix (1, i);
      g_assert_false (g_hash_table_contains (seen, &values[i]));
      g_hash_table_add (seen, &values[i]);
    }
  g_assert_cmphex (interleave_random_mix (1, 2), !=, interleave_random_mix (2, 1));
  g_hash_table_unref (seen);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/random/known-answers", test_known_answers);
  g_test_add_func ("/random/log-exp", test_log_exp);
  g_test_add_func ("/random/distributions", test_distributions);
  g_test_add_func ("/random/mix", test_mix);

  return g_test_run ();
}
