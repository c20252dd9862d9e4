/* fuzz-lesson.c
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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "interleave-json-check.h"
#include "interleave-lesson.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static InterleaveTrace *
make_trace (void)
{
  InterleaveTrace *trace = interleave_trace_new ("fuzz", 2, 1000000);
  guint process = interleave_trace_add_process (trace, "Worker 1", 0);

  g_ptr_array_add (trace->class_names, g_strdup ("api"));
  interleave_trace_add_lane (trace, process, INTERLEAVE_LANE_LOOP, "Event loop", 0);
  interleave_trace_add_lane (trace, process, INTERLEAVE_LANE_CORE, "Core 1", 1);
  for (guint i = 0; i < 20; i++)
    {
      InterleaveRequest r = {
        .id = i, .klass = 0, .process = 0,
        .status = i % 7 ? INTERLEAVE_REQUEST_COMPLETED : INTERLEAVE_REQUEST_IN_FLIGHT,
        .arrival = i * 1000000, .accepted = i * 1000000,
        .done = i % 7 ? i * 1000000 + (i * 7919 % 13) * 1000000 : -1,
      };
      interleave_trace_set_request (trace, &r);
    }
  trace->end = 40 * 1000000;
  return trace;
}

static void
use_text (const InterleaveLessonText *text)
{
  static const char * const de[] = { "de_DE.UTF-8", "de_DE", "de", "C", NULL };

  if (text == NULL)
    return;
  g_assert_nonnull (interleave_lesson_text_get_for (text, de));
  g_assert_nonnull (interleave_lesson_text_get_for (text, NULL));
}

/* The loader must never crash or leak, whatever the bytes; what it
 * accepts must be usable: every text resolves, every view resolves to a
 * range that holds its playhead. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(InterleaveLesson) lesson = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  guint line, column;

  /* The syntax check alone, at a small depth, too. */
  if (!interleave_json_check ((const char *) data, size, 4, &line, &column, &check_error))
    {
      g_assert_nonnull (check_error);
      g_assert_true (line >= 1 && column >= 1);
    }

  lesson = interleave_lesson_new_from_data ((const char *) data, size, "fuzz.json", NULL, &error);
  if (lesson == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == INTERLEAVE_LESSON_ERROR);
      if (!g_utf8_validate (error->message, -1, NULL))
        {
          g_printerr ("message is not UTF-8: %s\n", error->message);
          abort ();
        }
      return 0;
    }

  g_assert_no_error (error);
  g_assert_true (interleave_lesson_get_n_steps (lesson) >= 1);
  g_assert_true (interleave_lesson_get_n_steps (lesson) <= INTERLEAVE_LESSON_MAX_STEPS);
  use_text (lesson->title);
  use_text (lesson->claim);
  use_text (lesson->question);

  {
    g_autoptr(InterleaveTrace) trace = make_trace ();

    for (guint i = 0; i < interleave_lesson_get_n_steps (lesson); i++)
      {
        const InterleaveLessonStep *step = interleave_lesson_get_step (lesson, i);
        InterleaveLessonRange range;

        g_assert_nonnull (step->scenario);
        use_text (step->caption);
        use_text (step->notes);
        interleave_lesson_view_resolve (&step->view, trace, &range);
        if (range.from > range.to || range.playhead < range.from || range.playhead > range.to)
          {
            g_printerr ("step %u: range %" G_GINT64_FORMAT "…%" G_GINT64_FORMAT
                        ", playhead %" G_GINT64_FORMAT "\n",
                        i, range.from, range.to, range.playhead);
            abort ();
          }
        for (guint l = 0; l < trace->lanes->len; l++)
          interleave_lesson_view_shows_lane (&step->view, trace, l);
      }
  }

  return 0;
}
