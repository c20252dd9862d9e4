/* test-sim-histogram.c
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
#include <stdlib.h>

#include "interleave-random.h"
#include "interleave-sim-histogram.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Percentiles within 0.4 % of the exact nearest-rank value, across nine
 * orders of magnitude; small values exact. */
static void
test_accuracy (void)
{
  g_autofree InterleaveSimHistogram *h = g_new0 (InterleaveSimHistogram, 1);
  const guint n = 200000;
  g_autofree gint64 *values = g_new (gint64, n);
  InterleaveRandom random;
  double sum = 0, worst = 0;
  static const double ps[] = { 0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0 };

  interleave_sim_histogram_clear (h);
  interleave_random_init (&random, 3);
  for (guint i = 0; i < n; i++)
    {
      /* Log-uniform from 1 ns to 10 s. */
      values[i] = (gint64) interleave_random_exp_of (interleave_random_double (&random) * log (1e10));
      interleave_sim_histogram_add (h, values[i]);
      sum += values[i];
    }
  qsort (values, n, sizeof (gint64), compare_gint64);

  g_assert_cmpuint (h->count, ==, n);
  g_assert_cmpint (h->max, ==, values[n - 1]);
  g_assert_cmpfloat (fabs (h->sum - sum), <, 1e-6 * sum);

  for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
    {
      gsize rank = (gsize) ceil (ps[i] * n);
      gint64 exact = values[CLAMP (rank, 1, n) - 1];
      gint64 got = interleave_sim_histogram_percentile (h, ps[i]);
      double error = fabs ((double) got - exact) / MAX (exact, 1);

      worst = MAX (worst, error);
      if (exact < 256)
        g_assert_cmpint (got, ==, exact);
      g_assert_cmpfloat (error, <=, 0.004);
    }
  g_test_message ("worst percentile error %.3f %%", 100 * worst);

  /* Clearing leaves an empty histogram that works again. */
  interleave_sim_histogram_clear (h);
  g_assert_cmpuint (h->count, ==, 0);
  g_assert_cmpint (interleave_sim_histogram_percentile (h, 0.5), ==, 0);
  interleave_sim_histogram_add (h, 42);
  interleave_sim_histogram_add (h, -5);     /* negative counts as 0 */
  g_assert_cmpint (interleave_sim_histogram_percentile (h, 1.0), ==, 42);
  g_assert_cmpint (interleave_sim_histogram_percentile (h, 0.5), ==, 0);
  interleave_sim_histogram_add (h, G_MAXINT64);
  g_assert_cmpint (interleave_sim_histogram_percentile (h, 1.0), ==, G_MAXINT64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim-histogram/accuracy", test_accuracy);

  return g_test_run ();
}
