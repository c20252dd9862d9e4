/* test-plan.c
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

#include <locale.h>
#include <string.h>

#include "interleave-plan.h"

static void
test_plan_valid (void)
{
  static const struct {
    const char *text;
    guint n_phases;
    gint64 total_ns;
    const char *canonical;
  } cases[] = {
    { "", 0, 0, "" },
    { "   ", 0, 0, "" },
    { "cpu:5", 1, 5000000, "cpu:5" },
    { "cpu:5,io:20,native:3", 3, 28000000, "cpu:5,io:20,native:3" },
    { " cpu : 0.25 , io:1 ", 2, 1250000, "cpu:0.25,io:1" },
    { "io:0", 1, 0, "io:0" },
    { "native:1.5", 1, 1500000, "native:1.5" },
    { "cpu:0.000001", 1, 1, "cpu:0.000001" },
    { "io:20.0000", 1, 20000000, "io:20" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      InterleavePlan plan;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_test_message ("plan “%s”", cases[i].text);
      g_assert_true (interleave_plan_parse (cases[i].text, &plan, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (plan.n_phases, ==, cases[i].n_phases);
      g_assert_cmpint (interleave_plan_total_mean_ns (&plan), ==, cases[i].total_ns);

      text = interleave_plan_to_string (&plan);
      g_assert_cmpstr (text, ==, cases[i].canonical);
    }
}

static void
test_plan_kinds (void)
{
  InterleavePlan plan;
  g_autoptr(GError) error = NULL;

  g_assert_true (interleave_plan_parse ("cpu:2,io:10,cpu:3,native:4", &plan, &error));
  g_assert_cmpint (plan.phases[0].kind, ==, INTERLEAVE_PHASE_CPU);
  g_assert_cmpint (plan.phases[1].kind, ==, INTERLEAVE_PHASE_IO);
  g_assert_cmpint (plan.phases[3].kind, ==, INTERLEAVE_PHASE_NATIVE);
  g_assert_cmpint (plan.phases[0].dist, ==, INTERLEAVE_DIST_CONST);
  g_assert_cmpint (interleave_plan_kind_mean_ns (&plan, INTERLEAVE_PHASE_CPU), ==, 5000000);
  g_assert_cmpint (interleave_plan_kind_mean_ns (&plan, INTERLEAVE_PHASE_IO), ==, 10000000);
  g_assert_cmpint (interleave_plan_kind_mean_ns (&plan, INTERLEAVE_PHASE_NATIVE), ==, 4000000);
}

static void
test_plan_invalid (void)
{
  static const struct {
    const char *text;
    int code;
    const char *message;
  } cases[] = {
    { "gpu:5", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 1: expected a phase: cpu, io or native" },
    { "cpu5", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 4: expected “:” after the phase name" },
    { "cpu:", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 5: expected a number of milliseconds" },
    { "cpu:-5", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 5: expected a number of milliseconds" },
    { "cpu:5,", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 7: expected a phase" },
    { "cpu:5;io:3", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 6: expected “,” or the end of the plan" },
    { "cpu:5ms", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 6: expected “,” or the end" },
    { "io:20,,cpu:1", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 7: expected a phase" },
    { "cpu:nan", INTERLEAVE_PLAN_ERROR_SYNTAX, "position 5: expected a number" },
    { "io:60001", INTERLEAVE_PLAN_ERROR_LIMIT, "at most 60000 ms" },
    { "io:30000,io:30001", INTERLEAVE_PLAN_ERROR_LIMIT, "position 10: A plan may last at most" },
    { "cpu:99999999999999999999", INTERLEAVE_PLAN_ERROR_SYNTAX, "expected a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      InterleavePlan plan;
      g_autoptr(GError) error = NULL;

      g_test_message ("plan “%s”", cases[i].text);
      g_assert_false (interleave_plan_parse (cases[i].text, &plan, &error));
      g_assert_error (error, INTERLEAVE_PLAN_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", cases[i].text, error->message, cases[i].message);
    }
}

static void
test_plan_phase_limit (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  InterleavePlan plan;

  for (guint i = 0; i < INTERLEAVE_PLAN_MAX_PHASES; i++)
    g_string_append (text, i ? ",io:1" : "io:1");
  g_assert_true (interleave_plan_parse (text->str, &plan, &error));
  g_assert_cmpuint (plan.n_phases, ==, INTERLEAVE_PLAN_MAX_PHASES);

  g_string_append (text, ",io:1");
  g_assert_false (interleave_plan_parse (text->str, &plan, &error));
  g_assert_error (error, INTERLEAVE_PLAN_ERROR, INTERLEAVE_PLAN_ERROR_LIMIT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/valid", test_plan_valid);
  g_test_add_func ("/plan/kinds", test_plan_kinds);
  g_test_add_func ("/plan/invalid", test_plan_invalid);
  g_test_add_func ("/plan/phase-limit", test_plan_phase_limit);

  return g_test_run ();
}
