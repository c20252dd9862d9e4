/* test-lessons-shipped.c
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

#include <string.h>

#include "interleave-lesson.h"

/* The lessons shipped in data/lessons: the myth checks of DESIGN.md. */

static const char *languages[] = { "en", "de", "es", "fr" };

typedef struct
{
  const char *file;
  GString    *where;
  guint       n_texts;
} TextWalk;

static void
check_text (TextWalk                   *walk,
            const InterleaveLessonText *text,
            const char                 *path)
{
  walk->n_texts++;
  g_assert_nonnull (text);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      const char *one[] = { languages[i], NULL };
      g_autofree char *stripped = NULL;
      const char *value;

      if (!interleave_lesson_text_has_language (text, languages[i]))
        g_error ("%s: %s has no “%s” text", walk->file, path, languages[i]);
      value = interleave_lesson_text_get_for (text, one);
      g_assert_nonnull (value);
      stripped = g_strstrip (g_strdup (value));
      if (stripped[0] == '\0')
        g_error ("%s: %s is empty in “%s”", walk->file, path, languages[i]);
    }

  /* A translation that is the English text verbatim is a missed one.
   * Short names (“Node.js”) may legitimately be the same. */
  if (g_utf8_strlen (interleave_lesson_text_get_for (text, (const char *[]) { "en", NULL }), -1) > 24)
    for (guint i = 1; i < G_N_ELEMENTS (languages); i++)
      {
        const char *en[] = { "en", NULL };
        const char *other[] = { languages[i], NULL };

        if (g_strcmp0 (interleave_lesson_text_get_for (text, en),
                       interleave_lesson_text_get_for (text, other)) == 0)
          g_error ("%s: %s in “%s” is the English text", walk->file, path, languages[i]);
      }
}

static void
walk_lesson (TextWalk               *walk,
             const InterleaveLesson *lesson)
{
  check_text (walk, lesson->title, "title");
  check_text (walk, lesson->claim, "claim");
  check_text (walk, lesson->question, "question");

  if (lesson->predict != NULL)
    {
      check_text (walk, lesson->predict->prompt, "predict.prompt");
      for (guint i = 0; i < lesson->predict->n_choices; i++)
        check_text (walk, lesson->predict->choices[i].text, "predict.choices[].text");
      if (lesson->predict->explanation != NULL)
        check_text (walk, lesson->predict->explanation, "predict.explanation");
    }

  for (guint i = 0; i < interleave_lesson_get_n_steps (lesson); i++)
    {
      const InterleaveLessonStep *step = interleave_lesson_get_step (lesson, i);
      g_autofree char *caption = g_strdup_printf ("steps[%u].caption", i);
      g_autofree char *notes = g_strdup_printf ("steps[%u].notes", i);

      check_text (walk, step->caption, caption);
      if (step->notes != NULL)
        check_text (walk, step->notes, notes);
      if (step->verdict != NULL)
        {
          check_text (walk, step->verdict->is_true, "verdict.true");
          check_text (walk, step->verdict->is_false, "verdict.false");
          check_text (walk, step->verdict->why, "verdict.why");
        }
    }
}

static GPtrArray *
list_shipped (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *paths = interleave_lesson_list_shipped (&error);

  g_assert_no_error (error);
  g_assert_nonnull (paths);
  return paths;
}

static void
test_lesson_shipped_load (void)
{
  g_autoptr(GPtrArray) paths = list_shipped ();
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_live = 0;
  guint n_predict = 0;

  /* The seven myth checks of DESIGN.md. */
  g_assert_cmpuint (paths->len, >=, 7);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveLesson) lesson = NULL;
      g_autofree char *basename = g_path_get_basename (path);
      TextWalk walk = { basename, NULL, 0 };
      const InterleaveLessonStep *last;
      gboolean has_live = FALSE;

      g_test_message ("%s", basename);
      lesson = interleave_lesson_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (lesson);

      g_assert_false (g_hash_table_contains (ids, lesson->id));
      g_hash_table_add (ids, g_strdup (lesson->id));

      /* A five-minute lesson: the half that is true, the half that is
       * false, the verdict. */
      g_assert_cmpuint (interleave_lesson_get_n_steps (lesson), >=, 3);
      g_assert_cmpuint (interleave_lesson_get_n_steps (lesson), <=, 8);
      g_assert_cmpuint (lesson->minutes, <=, 10);

      last = interleave_lesson_get_step (lesson, interleave_lesson_get_n_steps (lesson) - 1);
      g_assert_nonnull (last->verdict);

      for (guint s = 0; s < interleave_lesson_get_n_steps (lesson); s++)
        {
          const InterleaveLessonStep *step = interleave_lesson_get_step (lesson, s);

          g_assert_nonnull (step->scenario);
          if (s + 1 < interleave_lesson_get_n_steps (lesson))
            g_assert_null (step->verdict);
          if (step->live != NULL)
            {
              has_live = TRUE;
              g_assert_nonnull (step->live->plan);
              g_assert_true (step->live->rate > 0 || step->live->clients > 0);
            }
        }

      walk_lesson (&walk, lesson);
      g_assert_cmpuint (walk.n_texts, >=, 3 + interleave_lesson_get_n_steps (lesson) + 3);

      n_live += has_live;
      n_predict += lesson->predict != NULL;
    }

  /* A live check measures one plan on one server preset: the myths about
   * a uniform workload (1–4) have one; the mixed workloads of 5 and 6 and
   * free-threaded Python (no 3.13t preset) cannot. Every lesson asks the
   * class first. */
  g_assert_cmpuint (n_live, >=, 4);
  g_assert_cmpuint (n_predict, ==, paths->len);
}

/* Every step's scenario exists and has the architectures the step and its
 * live check name. */
static void
test_lesson_shipped_scenarios (void)
{
  g_autoptr(GPtrArray) paths = list_shipped ();

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveLesson) lesson = NULL;

      g_test_message ("%s", path);
      lesson = interleave_lesson_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_true (interleave_lesson_check_scenarios (lesson, &error));
      g_assert_no_error (error);

      /* Shipped lessons use their own scenario files, not the user's. */
      for (guint s = 0; s < interleave_lesson_get_n_steps (lesson); s++)
        {
          const InterleaveLessonStep *step = interleave_lesson_get_step (lesson, s);
          g_autofree char *file = interleave_lesson_find_scenario_file (lesson, step->scenario, &error);
          g_autofree char *dir = g_path_get_dirname (path);

          g_assert_no_error (error);
          g_assert_true (g_str_has_prefix (file, dir));
        }
    }
}

/* The user lesson docs/lessons.md points teachers to stays valid, and
 * finds its scenario next to it. */
static void
test_lesson_example (void)
{
  const char *source_dir = g_getenv ("INTERLEAVE_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveLesson) lesson = NULL;
  g_autofree char *scenario = NULL;
  const InterleaveLessonStep *step;

  g_assert_nonnull (source_dir);
  path = g_build_filename (source_dir, "docs", "examples", "checkout-lesson.json", NULL);
  lesson = interleave_lesson_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (interleave_lesson_check_scenarios (lesson, &error));
  g_assert_no_error (error);

  scenario = interleave_lesson_find_scenario_file (lesson, "checkout.json", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (scenario, "docs/examples/checkout.json"));

  /* Partly translated: German where given, English otherwise. */
  g_assert_cmpstr (interleave_lesson_text_get_for (lesson->title, (const char *[]) { "de", NULL }),
                   ==, "Warum stockte die Kasse?");
  g_assert_cmpstr (interleave_lesson_text_get_for (lesson->title, (const char *[]) { "fr", NULL }),
                   ==, "Why did the checkout stall?");
  step = interleave_lesson_get_step (lesson, 1);
  g_assert_cmpstr (step->scenario, ==, "checkout.json");
  g_assert_cmpstr (step->live->preset, ==, "python:prefork:3");
  g_assert_nonnull (interleave_lesson_get_step (lesson, 2)->verdict);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lessons-shipped/load", test_lesson_shipped_load);
  g_test_add_func ("/lessons-shipped/scenarios", test_lesson_shipped_scenarios);
  g_test_add_func ("/lessons-shipped/example", test_lesson_example);

  return g_test_run ();
}
