/* interleave-time.c
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
#include <string.h>

#include "interleave-time.h"

static const struct {
  const char *name;
  gint64      ns;
} units[] = {
  { "ns",  1 },
  { "us",  1000 },
  { "µs",  1000 },
  { "ms",  1000000 },
  { "",    1000000 },   /* a bare number is milliseconds, as in JSON */
  { "s",   1000000000 },
  { "min", G_GINT64_CONSTANT (60) * 1000000000 },
  { "h",   G_GINT64_CONSTANT (3600) * 1000000000 },
};

/**
 * interleave_time_parse:
 * @text: a time such as "250us", "5 ms", "1.5s", "2min", "1h", or "12.5"
 *   (a bare number is milliseconds)
 * @ns: (out): the time in nanoseconds
 *
 * Reads a non-negative decimal number (an exponent such as "1e3" is
 * allowed), optional spaces, and a unit: ns, us, µs, ms, s, min, h, or
 * none for milliseconds. Spaces around the whole are ignored. Without an
 * exponent the digits are combined exactly, so "0.1s" is 100000000 ns;
 * digits below a nanosecond are dropped.
 *
 * Returns: %TRUE when @text is a time no larger than
 *   %INTERLEAVE_TIME_MAX_NS. @ns is left alone otherwise.
 */
gboolean
interleave_time_parse (const char *text,
                       gint64     *ns)
{
  const char *p;
  const char *number_start;
  const char *frac_start = NULL;
  const char *frac_end = NULL;
  const char *unit_start;
  const char *unit_end;
  gboolean has_exponent = FALSE;
  guint n_digits = 0;
  guint64 whole = 0;
  gint64 unit = 0;
  gint64 result;
  gint64 scale;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (ns != NULL, FALSE);

  p = text;
  while (*p == ' ')
    p++;

  number_start = p;
  while (g_ascii_isdigit (*p))
    {
      whole = whole * 10 + (guint64) (*p - '0');
      if (whole > (guint64) INTERLEAVE_TIME_MAX_NS)
        return FALSE;
      n_digits++;
      p++;
    }

  if (*p == '.')
    {
      p++;
      frac_start = p;
      while (g_ascii_isdigit (*p))
        p++, n_digits++;
      frac_end = p;
    }

  if (n_digits == 0)
    return FALSE;

  if (*p == 'e' || *p == 'E')
    {
      const char *q = p + 1;

      if (*q == '+' || *q == '-')
        q++;
      if (!g_ascii_isdigit (*q))
        return FALSE;
      while (g_ascii_isdigit (*q))
        q++;
      p = q;
      has_exponent = TRUE;
    }

  while (*p == ' ')
    p++;
  unit_start = p;
  unit_end = p + strlen (p);
  while (unit_end > unit_start && unit_end[-1] == ' ')
    unit_end--;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if ((gsize) (unit_end - unit_start) == strlen (units[i].name) &&
          strncmp (unit_start, units[i].name, unit_end - unit_start) == 0)
        {
          unit = units[i].ns;
          break;
        }
    }
  if (unit == 0)
    return FALSE;

  if (has_exponent)
    {
      g_autofree char *number = g_strndup (number_start, unit_start - number_start);
      double value = g_ascii_strtod (number, NULL) * (double) unit;

      if (!isfinite (value) || value < 0.0 || value > (double) INTERLEAVE_TIME_MAX_NS)
        return FALSE;
      *ns = (gint64) llround (value);
      return TRUE;
    }

  if (whole > (guint64) (INTERLEAVE_TIME_MAX_NS / unit))
    return FALSE;
  result = (gint64) whole * unit;

  /* Each fraction digit is worth a tenth of the one before it. */
  scale = unit / 10;
  for (const char *f = frac_start; f != NULL && f < frac_end && scale > 0; f++)
    {
      result += (*f - '0') * scale;
      scale /= 10;
    }

  if (result > INTERLEAVE_TIME_MAX_NS)
    return FALSE;

  *ns = result;
  return TRUE;
}

/**
 * interleave_time_from_ms:
 * @ms: a number of milliseconds, as a plain JSON number is read
 * @ns: (out): the time in nanoseconds, rounded to the nearest
 *
 * Returns: %TRUE when @ms is finite, not negative and no larger than
 *   %INTERLEAVE_TIME_MAX_NS.
 */
gboolean
interleave_time_from_ms (double  ms,
                         gint64 *ns)
{
  g_return_val_if_fail (ns != NULL, FALSE);

  if (!isfinite (ms) || ms < 0.0 || ms * 1e6 > (double) INTERLEAVE_TIME_MAX_NS)
    return FALSE;

  *ns = (gint64) llround (ms * 1e6);
  return TRUE;
}

/**
 * interleave_time_from_json:
 * @node: a JSON node: a string with a unit or a number of milliseconds
 * @ns: (out): the time in nanoseconds
 *
 * Returns: %TRUE when @node holds a time. Callers name what was expected
 *   in their own error message, since only they know where @node is.
 */
gboolean
interleave_time_from_json (JsonNode *node,
                           gint64   *ns)
{
  GType type;

  g_return_val_if_fail (ns != NULL, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return interleave_time_parse (json_node_get_string (node), ns);
  if (type == G_TYPE_INT64)
    {
      gint64 ms = json_node_get_int (node);

      if (ms < 0 || ms > INTERLEAVE_TIME_MAX_NS / 1000000)
        return FALSE;
      *ns = ms * 1000000;
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    return interleave_time_from_ms (json_node_get_double (node), ns);

  return FALSE;
}

/**
 * interleave_time_to_string:
 * @ns: a time in nanoseconds, not negative
 *
 * Returns: (transfer full): the time in the largest unit that divides it
 *   exactly: "250us", "5ms", "10s", "2min", "1h", "1500ns";
 *   interleave_time_parse() reads it back to the same value.
 */
char *
interleave_time_to_string (gint64 ns)
{
  g_return_val_if_fail (ns >= 0, NULL);

  if (ns != 0 && ns % (G_GINT64_CONSTANT (3600) * 1000000000) == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", ns / (G_GINT64_CONSTANT (3600) * 1000000000));
  if (ns != 0 && ns % (G_GINT64_CONSTANT (60) * 1000000000) == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "min", ns / (G_GINT64_CONSTANT (60) * 1000000000));
  if (ns != 0 && ns % 1000000000 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", ns / 1000000000);
  if (ns != 0 && ns % 1000000 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "ms", ns / 1000000);
  if (ns != 0 && ns % 1000 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "us", ns / 1000);
  return g_strdup_printf ("%" G_GINT64_FORMAT "ns", ns);
}
