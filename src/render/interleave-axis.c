/* interleave-axis.c
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

#define G_LOG_DOMAIN "interleave-render"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "interleave-axis.h"

/**
 * interleave_axis_nice_step:
 * @range: the span of values to cover
 * @max_count: at most this many steps should cover @range
 *
 * Returns: the smallest step of the form 1, 2 or 5 × 10^k that covers
 *   @range in at most @max_count steps
 */
double
interleave_axis_nice_step (double range,
                           double max_count)
{
  static const double mantissas[] = { 1.0, 2.0, 5.0, 10.0 };
  double raw, magnitude;

  if (!(range > 0.0) || !(max_count >= 1.0))
    return 1.0;

  raw = range / max_count;
  magnitude = pow (10.0, floor (log10 (raw)));

  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    if (mantissas[i] * magnitude >= raw * (1.0 - 1e-9))
      return mantissas[i] * magnitude;

  return 10.0 * magnitude;
}

static int
decimals_for_step (double step)
{
  int decimals = 0;

  /* Enough decimals that consecutive labels differ. */
  while (decimals < 6 && fabs (step * pow (10, decimals) - round (step * pow (10, decimals))) > 1e-6)
    decimals++;

  return decimals;
}

static void
unit_for_step (double       step_ns,
               double      *factor,
               const char **unit)
{
  if (step_ns >= 1e8)
    *factor = 1e9, *unit = "s";
  else if (step_ns >= 1e5)
    *factor = 1e6, *unit = "ms";
  else if (step_ns >= 1e2)
    *factor = 1e3, *unit = "µs";
  else
    *factor = 1.0, *unit = "ns";
}

/**
 * interleave_axis_time_ticks:
 * @start: ns at the left edge
 * @end: ns at the right edge
 * @width: pixels between them
 * @min_spacing: pixels at least between two ticks
 * @ticks: (out caller-allocates): where to store ticks
 * @max_ticks: room in @ticks
 *
 * Chooses ticks at 1, 2 or 5 × 10^k ns, labelled in one unit chosen from
 * the step (s, ms, µs or ns) with as many decimals as the step needs.
 *
 * Returns: the number of ticks stored
 */
guint
interleave_axis_time_ticks (gint64          start,
                            gint64          end,
                            double          width,
                            double          min_spacing,
                            InterleaveTick *ticks,
                            guint           max_ticks)
{
  double step, factor, first;
  const char *unit;
  int decimals;
  guint n = 0;

  g_return_val_if_fail (ticks != NULL, 0);

  if (end <= start || width < 1.0 || min_spacing <= 0.0)
    return 0;

  step = interleave_axis_nice_step (end - start, MAX (1.0, floor (width / min_spacing)));
  step = MAX (step, 1.0);
  unit_for_step (step, &factor, &unit);
  decimals = decimals_for_step (step / factor);
  first = ceil (start / step) * step;

  for (double t = first; t <= end && n < max_ticks; t += step)
    {
      double v = t / factor;

      if (fabs (v) < 1e-12)
        v = 0.0;
      ticks[n].value = t;
      g_snprintf (ticks[n].label, sizeof ticks[n].label, "%.*f %s", decimals, v, unit);
      n++;
    }

  return n;
}

/**
 * interleave_axis_value_ticks:
 * @lo: smallest value shown
 * @hi: largest value shown
 * @max_count: at most this many intervals
 *
 * Returns: the number of ticks stored, from the first multiple of the step
 *   at or above @lo up to @hi
 */
guint
interleave_axis_value_ticks (double          lo,
                             double          hi,
                             guint           max_count,
                             InterleaveTick *ticks,
                             guint           max_ticks)
{
  double step;
  int decimals;
  guint n = 0;

  g_return_val_if_fail (ticks != NULL, 0);

  if (!(hi > lo))
    return 0;

  step = interleave_axis_nice_step (hi - lo, MAX (1, max_count));
  decimals = step >= 1.0 ? 0 : decimals_for_step (step);

  for (double v = ceil (lo / step - 1e-9) * step; v <= hi + step * 1e-9 && n < max_ticks; v += step)
    {
      if (fabs (v) < step * 1e-9)
        v = 0.0;
      ticks[n].value = v;
      g_snprintf (ticks[n].label, sizeof ticks[n].label, "%.*f", decimals, v);
      n++;
    }

  return n;
}

/* "5.00" → "5", "12.50" → "12.5"; the decimal mark follows the locale. */
static const char *
number_trimmed (char   *buf,
                gsize   size,
                double  v,
                int     decimals)
{
  gsize len;

  g_snprintf (buf, size, "%.*f", decimals, v);
  if (decimals == 0)
    return buf;

  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    buf[--len] = '\0';
  if (len > 0 && (buf[len - 1] == '.' || buf[len - 1] == ','))
    buf[--len] = '\0';

  return buf;
}

/**
 * interleave_format_duration:
 * @ns: a duration
 *
 * Returns: (transfer full): @ns with three significant digits and a unit:
 *   "250 µs", "12.5 ms", "1.25 s"
 */
char *
interleave_format_duration (gint64 ns)
{
  double v = ABS ((double) ns);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *unit;
  double factor;
  int decimals;

  if (ns == 0)
    return g_strdup ("0");

  if (v >= 1e9)
    factor = 1e9, unit = "s";
  else if (v >= 1e6)
    factor = 1e6, unit = "ms";
  else if (v >= 1e3)
    factor = 1e3, unit = "µs";
  else
    factor = 1, unit = "ns";

  v /= factor;
  decimals = v >= 100 || factor == 1 ? 0 : v >= 10 ? 1 : 2;

  return g_strdup_printf ("%s%s %s", ns < 0 ? "−" : "",
                          number_trimmed (buf, sizeof buf, v, decimals), unit);
}

/**
 * interleave_format_value:
 *
 * Returns: (transfer full): @value with three significant digits
 */
char *
interleave_format_value (double value)
{
  double v = fabs (value);

  if (isnan (value))
    return g_strdup ("–");
  if (v >= 100 || v == 0)
    return g_strdup_printf ("%.0f", value);
  if (v >= 10)
    return g_strdup_printf ("%.1f", value);
  if (v >= 1)
    return g_strdup_printf ("%.2f", value);
  return g_strdup_printf ("%.3f", value);
}
