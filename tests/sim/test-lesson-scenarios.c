/* test-lesson-scenarios.c
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

#include "interleave-lesson.h"
#include "interleave-scenario.h"
#include "interleave-simulation.h"

/* Every step of every shipped lesson (and of the example user lesson)
 * shows something: its scenario loads with the engine's own loader, each
 * architecture the step names simulates, and the step's view resolves on
 * the result — a highlight rule finds a request, the playhead is inside
 * the range. */

static guint
find_architecture (const InterleaveScenario *scenario,
                   const char               *name)
{
  for (guint i = 0; i < scenario->n_architectures; i++)
    if (g_strcmp0 (scenario->architectures[i].name, name) == 0)
      return i;
  g_error ("no architecture “%s”", name);
  return 0;
}

static void
check_lesson (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveLesson) lesson = interleave_lesson_new_from_file (path, &error);

  g_assert_no_error (error);

  for (guint s = 0; s < interleave_lesson_get_n_steps (lesson); s++)
    {
      const InterleaveLessonStep *step = interleave_lesson_get_step (lesson, s);
      g_autofree char *file = interleave_lesson_find_scenario_file (lesson, step->scenario, &error);
      g_autoptr(InterleaveScenario) scenario = NULL;
      guint n = 0;

      g_assert_no_error (error);
      scenario = interleave_scenario_load_file (file, &error);
      g_assert_no_error (error);

      for (guint a = 0; a < scenario->n_architectures; a++)
        {
          const char *name = scenario->architectures[a].name;
          g_autoptr(InterleaveTrace) trace = NULL;
          g_autoptr(InterleaveSummary) summary = NULL;
          InterleaveLessonRange range;

          if (step->architectures != NULL &&
              !g_strv_contains ((const char * const *) step->architectures, name))
            continue;

          g_test_message ("%s: steps[%u]: %s on %s", path, s, step->scenario, name);
          trace = interleave_simulate (scenario, find_architecture (scenario, name), NULL, &summary, &error);
          g_assert_no_error (error);
          g_assert_nonnull (trace);
          g_assert_cmpfloat (summary->throughput, >, 0);

          interleave_lesson_view_resolve (&step->view, trace, &range);
          g_assert_cmpint (range.from, <, range.to);
          g_assert_cmpint (range.playhead, >=, range.from);
          g_assert_cmpint (range.playhead, <=, range.to);
          if (step->view.highlight.kind != INTERLEAVE_LESSON_HIGHLIGHT_NONE)
            g_assert_cmpuint (range.request, !=, INTERLEAVE_NO_REQUEST);

          /* The view shows at least one lane. */
          {
            gboolean any = FALSE;

            for (guint l = 0; l < trace->lanes->len; l++)
              any |= interleave_lesson_view_shows_lane (&step->view, trace, l);
            g_assert_true (any);
          }
          n++;
        }

      g_assert_cmpuint (n, >, 0);
    }
}

static void
test_lesson_scenarios_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = interleave_lesson_list_shipped (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, >=, 7);
  for (guint i = 0; i < paths->len; i++)
    check_lesson (g_ptr_array_index (paths, i));
}

static void
test_lesson_scenarios_example (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"),
                                            "docs", "examples", "checkout-lesson.json", NULL);

  check_lesson (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson-scenarios/shipped", test_lesson_scenarios_shipped);
  g_test_add_func ("/lesson-scenarios/example", test_lesson_scenarios_example);

  return g_test_run ();
}
