/* test-histogram.c
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

#include "interleave-histogram.h"
#include "interleave-random.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
exact_percentile (const gint64 *sorted,
                  gsize         n,
                  double        q)
{
  gsize rank = (gsize) ceil (q * n);

  rank = CLAMP (rank, 1, n);
  return sorted[rank - 1];
}

static void
assert_close (gint64 got,
              gint64 expected)
{
  double tolerance = MAX (1.0, expected * INTERLEAVE_HISTOGRAM_RELATIVE_ERROR);

  if (fabs ((double) (got - expected)) > tolerance)
    g_error ("percentile %" G_GINT64_FORMAT " is not within %.1f of %" G_GINT64_FORMAT,
             got, tolerance, expected);
}

/* Against exact percentiles of sorted data, over several orders of
 * magnitude: a log-normal spread from microseconds to seconds. */
static void
test_histogram_percentiles (void)
{
  static const double quantiles[] = { 0.0, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0 };
  g_autoptr(InterleaveHistogram) histogram = interleave_histogram_new ();
  g_autofree gint64 *values = NULL;
  const gsize n = 100000;
  double sum = 0.0;

  values = g_new (gint64, n);
  for (gsize i = 0; i < n; i++)
    {
      double u1 = g_test_rand_double_range (1e-12, 1.0);
      double u2 = g_test_rand_double ();
      double z = sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);

      values[i] = (gint64) (exp (log (5e6) + 1.5 * z));
      interleave_histogram_record (histogram, values[i]);
      sum += values[i];
    }

  qsort (values, n, sizeof (gint64), compare_gint64);

  g_assert_cmpuint (interleave_histogram_get_count (histogram), ==, n);
  g_assert_cmpint (interleave_histogram_get_min (histogram), ==, values[0]);
  g_assert_cmpint (interleave_histogram_get_max (histogram), ==, values[n - 1]);
  g_assert_cmpfloat_with_epsilon (interleave_histogram_get_mean (histogram), sum / n, 1e-3 * sum / n);

  for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
    assert_close (interleave_histogram_get_percentile (histogram, quantiles[i]),
                  exact_percentile (values, n, quantiles[i]));
}

static void
test_histogram_exact_small (void)
{
  g_autoptr(InterleaveHistogram) histogram = interleave_histogram_new ();

  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 0.5), ==, 0);
  g_assert_cmpfloat (interleave_histogram_get_mean (histogram), ==, 0.0);

  /* Below 2^SUB_BITS every value has its own bucket. */
  for (gint64 v = 1; v <= 100; v++)
    interleave_histogram_record (histogram, v);

  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 0.5), ==, 50);
  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 0.99), ==, 99);
  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 0.001), ==, 1);
  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 1.0), ==, 100);
}

static void
test_histogram_extremes (void)
{
  g_autoptr(InterleaveHistogram) histogram = interleave_histogram_new ();
  gint64 huge = G_MAXINT64 / 2;

  interleave_histogram_record (histogram, -5);
  interleave_histogram_record (histogram, 0);
  interleave_histogram_record (histogram, huge);
  interleave_histogram_record (histogram, INTERLEAVE_HISTOGRAM_MAX_NS);

  g_assert_cmpuint (interleave_histogram_get_count (histogram), ==, 4);
  g_assert_cmpint (interleave_histogram_get_min (histogram), ==, 0);
  g_assert_cmpint (interleave_histogram_get_max (histogram), ==, huge);
  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 0.5), ==, 0);
  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 1.0), ==, huge);
  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 0.75), <=, huge);
  g_assert_cmpint (interleave_histogram_get_percentile (histogram, 0.75), >=,
                   INTERLEAVE_HISTOGRAM_MAX_NS * (1.0 - INTERLEAVE_HISTOGRAM_RELATIVE_ERROR));
}

/* Adding histograms is the same as recording everything in one. */
static void
test_histogram_add_reset (void)
{
  g_autoptr(InterleaveHistogram) a = interleave_histogram_new ();
  g_autoptr(InterleaveHistogram) b = interleave_histogram_new ();
  g_autoptr(InterleaveHistogram) all = interleave_histogram_new ();
  g_autoptr(InterleaveHistogram) copy = NULL;

  for (guint i = 0; i < 5000; i++)
    {
      gint64 v = g_test_rand_int_range (1000, 50000000);

      interleave_histogram_record (i % 3 ? a : b, v);
      interleave_histogram_record (all, v);
    }

  copy = interleave_histogram_copy (a);
  interleave_histogram_add (copy, b);

  g_assert_cmpuint (interleave_histogram_get_count (copy), ==, 5000);
  g_assert_cmpint (interleave_histogram_get_min (copy), ==, interleave_histogram_get_min (all));
  g_assert_cmpint (interleave_histogram_get_max (copy), ==, interleave_histogram_get_max (all));
  for (double q = 0.05; q < 1.0; q += 0.05)
    g_assert_cmpint (interleave_histogram_get_percentile (copy, q), ==,
                     interleave_histogram_get_percentile (all, q));

  interleave_histogram_reset (copy);
  g_assert_cmpuint (interleave_histogram_get_count (copy), ==, 0);
  g_assert_cmpint (interleave_histogram_get_max (copy), ==, 0);
  g_assert_cmpint (interleave_histogram_get_percentile (copy, 0.5), ==, 0);

  /* a was not changed by the copy */
  g_assert_cmpuint (interleave_histogram_get_count (a) + interleave_histogram_get_count (b), ==, 5000);
}

/* The simulator's use: log-uniform values from 1 ns to 10 s, exact below
 * 256 ns, within 0.4 % above; a reset histogram (one per metric window)
 * works again; the largest values keep an exact max. */
static void
test_histogram_accuracy_reset (void)
{
  static const double ps[] = { 0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0 };
  g_autoptr(InterleaveHistogram) h = interleave_histogram_new ();
  const guint n = 200000;
  g_autofree gint64 *values = g_new (gint64, n);
  InterleaveRandom random;
  double sum = 0, worst = 0;

  interleave_random_init (&random, 3);
  for (guint i = 0; i < n; i++)
    {
      values[i] = (gint64) interleave_random_exp_of (interleave_random_double (&random) * log (1e10));
      interleave_histogram_record (h, values[i]);
      sum += values[i];
    }
  qsort (values, n, sizeof (gint64), compare_gint64);

  g_assert_cmpuint (interleave_histogram_get_count (h), ==, n);
  g_assert_cmpint (interleave_histogram_get_max (h), ==, values[n - 1]);
  g_assert_cmpfloat (fabs (interleave_histogram_get_mean (h) * n - sum), <, 1e-6 * sum);

  for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
    {
      gint64 exact = exact_percentile (values, n, ps[i]);
      gint64 got = interleave_histogram_get_percentile (h, ps[i]);
      double error = fabs ((double) got - exact) / MAX (exact, 1);

      worst = MAX (worst, error);
      if (exact < 256)
        g_assert_cmpint (got, ==, exact);
      g_assert_cmpfloat (error, <=, INTERLEAVE_HISTOGRAM_RELATIVE_ERROR);
    }
  g_test_message ("worst percentile error %.3f %%", 100 * worst);

  interleave_histogram_reset (h);
  g_assert_cmpuint (interleave_histogram_get_count (h), ==, 0);
  g_assert_cmpint (interleave_histogram_get_percentile (h, 0.5), ==, 0);
  interleave_histogram_record (h, 42);
  interleave_histogram_record (h, -5);     /* negative counts as 0 */
  g_assert_cmpint (interleave_histogram_get_percentile (h, 1.0), ==, 42);
  g_assert_cmpint (interleave_histogram_get_percentile (h, 0.5), ==, 0);
  interleave_histogram_record (h, G_MAXINT64);
  g_assert_cmpint (interleave_histogram_get_percentile (h, 1.0), ==, G_MAXINT64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/histogram/percentiles", test_histogram_percentiles);
  g_test_add_func ("/histogram/exact-small", test_histogram_exact_small);
  g_test_add_func ("/histogram/extremes", test_histogram_extremes);
  g_test_add_func ("/histogram/add-reset", test_histogram_add_reset);
  g_test_add_func ("/histogram/accuracy-reset", test_histogram_accuracy_reset);

  return g_test_run ();
}
