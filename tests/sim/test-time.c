/* test-time.c
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

#include "interleave-time.h"

static void
test_time_parse_valid (void)
{
  static const struct {
    const char *text;
    gint64 ns;
    const char *canonical;
  } cases[] = {
    { "250us", 250000, "250us" },
    { "5ms", 5000000, "5ms" },
    { "10s", 10000000000, "10s" },
    { "1.5s", 1500000000, "1500ms" },
    { "0.1s", 100000000, "100ms" },
    { "0.25ms", 250000, "250us" },
    { "5 ms", 5000000, "5ms" },
    { " 5ms ", 5000000, "5ms" },
    { "0ms", 0, "0ns" },
    { "7ns", 7, "7ns" },
    { "3µs", 3000, "3us" },
    { "1.0000000009s", 1000000000, "1s" },
    { "120.5ms", 120500000, "120500us" },
    { "120", 120000000, "120ms" },
    { "12.5", 12500000, "12500us" },
    { "2min", 120000000000, "2min" },
    { "1h", 3600000000000, "1h" },
    { "0.5h", 1800000000000, "30min" },
    { ".5ms", 500000, "500us" },
    { "5.ms", 5000000, "5ms" },
    { "1e3ms", 1000000000, "1s" },
    { "2.5E-3s", 2500000, "2500us" },
    { "604800s", INTERLEAVE_TIME_MAX_NS, "168h" },
    { "168h", INTERLEAVE_TIME_MAX_NS, "168h" },
    { "90s", 90000000000, "90s" },
    { "0.000001ms", 1, "1ns" },
    { "1.000001ms", 1000001, "1000001ns" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      gint64 ns = -1;
      gint64 again = -1;

      g_test_message ("time “%s”", cases[i].text);
      g_assert_true (interleave_time_parse (cases[i].text, &ns));
      g_assert_cmpint (ns, ==, cases[i].ns);

      text = interleave_time_to_string (ns);
      g_assert_cmpstr (text, ==, cases[i].canonical);
      g_assert_true (interleave_time_parse (text, &again));
      g_assert_cmpint (again, ==, ns);
    }
}

static void
test_time_parse_invalid (void)
{
  static const char *cases[] = {
    "", " ", "ms", ".", ".ms", "-5ms", "+5ms", "5m", "5 sec", "5MS", "5..1ms",
    "12O ms", "5ms5", "0x10ms", "e3ms", "1e", "1e+ms", "5 5ms", "5ms s",
    "inf", "nan", "1e400s", "604800.000000001s", "604801s", "169h",
    "99999999999999999999999s", "5\tms",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 ns = 42;

      g_test_message ("time “%s”", cases[i]);
      g_assert_false (interleave_time_parse (cases[i], &ns));
      g_assert_cmpint (ns, ==, 42);
    }
}

static void
test_time_from_json (void)
{
  static const struct {
    const char *json;
    gboolean ok;
    gint64 ns;
  } cases[] = {
    { "120", TRUE, 120000000 },
    { "0.5", TRUE, 500000 },
    { "0", TRUE, 0 },
    { "\"250us\"", TRUE, 250000 },
    { "-1", FALSE, 0 },
    { "-0.5", FALSE, 0 },
    { "1e300", FALSE, 0 },
    { "604800001", FALSE, 0 },
    { "true", FALSE, 0 },
    { "null", FALSE, 0 },
    { "[1]", FALSE, 0 },
    { "{}", FALSE, 0 },
    { "\"120\"", TRUE, 120000000 },
    { "\"ten\"", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      gint64 ns = -1;

      g_test_message ("JSON %s", cases[i].json);
      node = json_from_string (cases[i].json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (interleave_time_from_json (node, &ns), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (ns, ==, cases[i].ns);
      else
        g_assert_cmpint (ns, ==, -1);
    }

  g_assert_false (interleave_time_from_json (NULL, &(gint64) { 0 }));
}

static void
test_time_from_ms (void)
{
  gint64 ns = 0;

  g_assert_true (interleave_time_from_ms (1.25, &ns));
  g_assert_cmpint (ns, ==, 1250000);
  g_assert_false (interleave_time_from_ms (NAN, &ns));
  g_assert_false (interleave_time_from_ms (INFINITY, &ns));
  g_assert_false (interleave_time_from_ms (-0.001, &ns));
  g_assert_cmpint (ns, ==, 1250000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/parse/valid", test_time_parse_valid);
  g_test_add_func ("/time/parse/invalid", test_time_parse_invalid);
  g_test_add_func ("/time/from-json", test_time_from_json);
  g_test_add_func ("/time/from-ms", test_time_from_ms);

  return g_test_run ();
}
