/* sim-test-util.c
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

#include "sim-test-util.h"

InterleaveScenario *
sim_test_scenario (const char *json)
{
  g_autoptr(GError) error = NULL;
  InterleaveScenario *scenario;

  scenario = interleave_scenario_load_data (json, -1, "test.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);

  return scenario;
}

static void
merge_delta (InterleaveTrace *delta,
             gpointer         user_data)
{
  interleave_trace_merge (user_data, delta);
  interleave_trace_free (delta);
}

double
sim_test_relative_error (double measured,
                         double expected)
{
  return fabs (measured - expected) / fabs (expected);
}

/* Asserts |measured − expected| ≤ tolerance·expected and says so. */
void
sim_test_check (const char *what,
                double      measured,
                double      expected,
                double      tolerance)
{
  double error = sim_test_relative_error (measured, expected);

  g_test_message ("%s: measured %.6g, expected %.6g, error %.2f %% (tolerance %.1f %%)",
                  what, measured, expected, 100.0 * error, 100.0 * tolerance);
  if (!(error <= tolerance))
    g_error ("%s: %.6g is not within %.1f %% of %.6g", what, measured, 100.0 * tolerance, expected);
}

void
sim_test_run (const InterleaveScenario *scenario,
              guint                     architecture,
              SimTestRun               *run)
{
  g_autoptr(InterleaveSimulation) sim = interleave_simulation_new (scenario, architecture);
  g_autoptr(GError) error = NULL;
  const InterleaveSummary *s;
  double area = 0.0, seconds, L, lambda_w;
  guint64 accounted;

  run->trace = interleave_trace_new (scenario->architectures[architecture].name,
                                     scenario->cores, scenario->window_ns);
  g_assert_true (interleave_simulation_run (sim, merge_delta, run->trace, NULL, &error));
  g_assert_no_error (error);

  run->summary = interleave_simulation_get_summary (sim);
  run->arrived = interleave_simulation_get_n_requests (sim);
  run->events = interleave_simulation_get_n_events (sim);
  s = run->summary;

  /* Conservation. */
  accounted = s->completed + s->refused + s->failed + s->in_flight;
  g_test_message ("%s: %" G_GUINT64_FORMAT " arrived = %" G_GUINT64_FORMAT " completed + %"
                  G_GUINT64_FORMAT " refused + %" G_GUINT64_FORMAT " failed + %" G_GUINT64_FORMAT " in flight",
                  s->name, run->arrived, s->completed, s->refused, s->failed, s->in_flight);
  g_assert_cmpuint (accounted, ==, run->arrived);
  g_assert_cmpint (run->trace->end, ==, scenario->duration_ns);

  /* Little's law from the metric series. */
  for (guint i = 0; i < run->trace->windows->len; i++)
    {
      const InterleaveWindow *w = &g_array_index (run->trace->windows, InterleaveWindow, i);
      gint64 next = i + 1 < run->trace->windows->len
        ? g_array_index (run->trace->windows, InterleaveWindow, i + 1).start : run->trace->end;

      area += w->values[INTERLEAVE_METRIC_IN_FLIGHT] * (double) (next - w->start);
    }
  seconds = run->trace->end / 1e9;
  L = area / (double) run->trace->end;
  lambda_w = s->completed / seconds * s->latency_mean_ms / 1e3;
  run->little_error = L > 0 ? fabs (L - lambda_w) / L : 0.0;
  g_test_message ("%s: Little's law L = %.5g, lambda*W = %.5g, error %.3f %%",
                  s->name, L, lambda_w, 100.0 * run->little_error);

  /* When every request is on record, L·T is exactly the time all of
   * them spent in the system: latencies of the completed, ages of those
   * still in flight, time to refusal of the rejected. */
  if (run->trace->requests->len == run->arrived && run->arrived > 0)
    {
      double in_system = 0.0;

      for (guint i = 0; i < run->trace->requests->len; i++)
        {
          const InterleaveRequest *r = &g_array_index (run->trace->requests, InterleaveRequest, i);

          in_system += (r->done >= 0 ? r->done : run->trace->end) - r->arrival;
        }
      g_test_message ("%s: time in system %.6g s, integral of the in-flight series %.6g s",
                      s->name, in_system / 1e9, area / 1e9);
      g_assert_cmpfloat (fabs (in_system - area), <=, 1e-6 * in_system + 1e3);
    }

  /* A run that ends with little in flight obeys L = lambda*W closely. */
  if (s->completed >= 1000 && s->in_flight * 100 <= s->completed && s->refused + s->failed == 0)
    g_assert_cmpfloat (run->little_error, <, 0.02);
}

void
sim_test_run_clear (SimTestRun *run)
{
  g_clear_pointer (&run->trace, interleave_trace_free);
  g_clear_pointer (&run->summary, interleave_summary_free);
}

/* Latencies (or waits: accepted − arrival) of completed requests, in ms,
 * of one class or all (klass < 0). */
GArray *
sim_test_latencies_ms (const InterleaveTrace *trace,
                       int                    klass,
                       gboolean               wait)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);
      double v;

      if (r->status != INTERLEAVE_REQUEST_COMPLETED || (klass >= 0 && r->klass != klass))
        continue;
      v = ((wait ? r->accepted : r->done) - r->arrival) / 1e6;
      g_array_append_val (values, v);
    }

  return values;
}

double
sim_test_mean (GArray *values)
{
  double sum = 0.0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);

  return values->len > 0 ? sum / values->len : NAN;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank; sorts @values. */
double
sim_test_percentile (GArray *values,
                     double  p)
{
  gsize rank;

  if (values->len == 0)
    return NAN;

  g_array_sort (values, compare_double);
  rank = (gsize) ceil (p * values->len);
  rank = CLAMP (rank, 1, values->len);

  return g_array_index (values, double, rank - 1);
}
