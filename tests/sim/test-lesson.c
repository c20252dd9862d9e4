/* test-lesson.c
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

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "interleave-lesson.h"

/* ---------------------------------------------------------------------- */
/* Broken lesson files                                                     */

#define HEAD "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"claim\": \"C\", \"question\": \"Q\", "
#define STEP0 "{\"scenario\": \"s.json\", \"caption\": \"c\""
#define LAST "{\"caption\": \"end\", \"verdict\": {\"true\": \"a\", \"false\": \"b\", \"why\": \"c\"}}"
#define STEPS(first) "\"steps\": [" first ", " LAST "]"
#define LESSON(first) HEAD STEPS (first) "}"
#define LIVE(x) LESSON (STEP0 ", \"live\": {" x "}}")
#define LOAD "\"load\": {\"clients\": 10}"
#define PREDICT(x) HEAD "\"predict\": {" x "}, " STEPS (STEP0 "}") "}"
#define CHOICES "\"prompt\": \"Which?\", \"choices\": [{\"id\": \"a\", \"text\": \"A\"}, {\"id\": \"b\", \"text\": \"B\"}]"

static const struct {
  const char *json;
  int code;
  const char *message;
} broken[] = {
  /* Not JSON: file:line:column */
  { "", INTERLEAVE_LESSON_ERROR_SYNTAX,
    "broken.json:1:1: the text is empty: expected a JSON object “{…}”" },
  { "{\n  \"format\": 1,\n  \"id\": \"t\",\n}", INTERLEAVE_LESSON_ERROR_SYNTAX,
    "broken.json:4:1: a “,” cannot come right before “}”: remove the last comma" },
  { "{\"format\": 1, \"format\": 1}", INTERLEAVE_LESSON_ERROR_SYNTAX,
    "broken.json:1:15: the member “format” appears twice in the same object" },
  { "{\"title\": \"Node\" \"claim\": \"x\"}", INTERLEAVE_LESSON_ERROR_SYNTAX,
    "broken.json:1:18: expected “,” between two members" },
  { "{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", INTERLEAVE_LESSON_ERROR_LIMIT,
    "broken.json:1:38: nested more than 32 levels deep" },

  /* The document */
  { "[]", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: expected a lesson: an object “{ … }” with “format”, “id”, “title”, “claim”, “question” and “steps”; found an empty list" },
  { "{\"id\": \"t\"}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: missing member “format”; a lesson starts with \"format\": 1" },
  { "{\"format\": \"1\"}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: format: expected the format version 1; found “1”" },
  { "{\"format\": 2, \"whatever\": true}", INTERLEAVE_LESSON_ERROR_VERSION,
    "broken.json: format: format 2 is newer than this version of Interleave reads (1); update Interleave" },
  { HEAD "\"titel\": \"x\", " STEPS (STEP0 "}") "}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: unknown member “titel”; expected one of “format”, “id”, “title”, “author”, “claim”, “question”, “minutes”, “predict”, “scenarios”, “steps”" },
  { "{\"format\": 1, \"id\": \"My Lesson\"}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: id: expected an id of lower-case letters, digits and “-”, such as “my-convoy-lesson”; found “My Lesson”" },
  { "{\"format\": 1, \"id\": \"t\", \"title\": {\"de\": \"Hallo\"}}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: title: no English text “en”; every other language falls back to it" },
  { "{\"format\": 1, \"id\": \"t\", \"title\": {}}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: title: no translations; expected at least {\"en\": \"…\"}" },
  { "{\"format\": 1, \"id\": \"t\", \"title\": \"  \"}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: title: the text is empty" },
  { "{\"format\": 1, \"id\": \"t\", \"title\": 5}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: title: expected a text: a string, or translations such as {\"en\": \"…\", \"de\": \"…\"}; found 5" },
  { "{\"format\": 1, \"id\": \"t\", \"title\": {\"en\": \"A\", \"english\": \"B\"}}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: title.english: “english” is not a language code; expected one such as “en”, “de”, “pt_BR”" },
  { "{\"format\": 1, \"id\": \"t\", \"title\": {\"en\": \"A\", \"pt_BR\": \"B\", \"pt-BR\": \"C\"}}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: title.pt-BR: the language “pt-BR” is already translated as “pt_BR”" },
  { "{\"format\": 1, \"id\": \"t\", \"title\": {\"en\": \"A\", \"de\": \"\"}}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: title.de: the text is empty" },
  { "{\"format\": 1, \"id\": \"t\", \"title\": \"" "0123456789012345678901234567890123456789012345678901234567890123456789"
    "01234567890123456789012345678901234567890123456789" "é\"}", INTERLEAVE_LESSON_ERROR_LIMIT,
    "broken.json: title: the text has 121 characters; at most 120 are allowed here" },
  { HEAD "\"minutes\": 0, " STEPS (STEP0 "}") "}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: minutes: expected a whole number from 1 to 120; found 0" },
  { HEAD "\"steps\": []}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps: a lesson needs at least one step" },
  { HEAD "\"steps\": {}}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps: expected a list of steps “[ … ]”; found an object" },
  { HEAD "\"caption\": \"x\"}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: unknown member “caption”; expected one of “format”, “id”, “title”, “author”, “claim”, “question”, “minutes”, “predict”, “scenarios”, “steps”" },
  { HEAD "\"scenarios\": {\"a.json\": [1]}, " STEPS (STEP0 "}") "}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: scenarios.a.json: expected a scenario object, as in a scenario file; found a list" },

  /* Steps */
  { HEAD STEPS ("{\"caption\": \"c\"}") "}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0]: missing member “scenario”: the first step must name one (later steps keep it unless they name another)" },
  { LESSON ("{\"scenario\": \"../../etc/passwd\", \"caption\": \"c\"}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].scenario: “../../etc/passwd” is not a scenario name: use a file name relative to the lesson’s folder, without “..”" },
  { LESSON ("{\"scenario\": \"/tmp/x.json\", \"caption\": \"c\"}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].scenario: “/tmp/x.json” is not a scenario name: use a file name relative to the lesson’s folder, without “..”" },
  { LESSON ("{\"scenario\": \"s.json\"}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0]: missing member “caption”" },
  { LESSON (STEP0 ", \"captoin\": \"x\"}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0]: unknown member “captoin”; expected one of “scenario”, “architectures”, “view”, “caption”, “notes”, “live”, “verdict”" },
  { LESSON (STEP0 ", \"architectures\": []}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].architectures: expected a list of architecture names from the scenario, such as [\"Node.js\"]; found an empty list" },
  { LESSON (STEP0 ", \"architectures\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}"), INTERLEAVE_LESSON_ERROR_LIMIT,
    "broken.json: steps[0].architectures: 5 architectures; a step shows at most 4" },
  { LESSON (STEP0 ", \"architectures\": [\"Node.js\", \"Node.js\"]}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].architectures[1]: “Node.js” is listed twice" },
  { HEAD STEPS (STEP0 ", \"verdict\": {\"true\": \"a\", \"false\": \"b\", \"why\": \"c\"}}") "}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].verdict: only the last step (steps[1]) has a verdict" },
  { HEAD "\"steps\": [" STEP0 "}]}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0]: missing member “verdict”: the last step states what is true, what is false, and why" },
  { HEAD "\"steps\": [" STEP0 ", \"verdict\": {\"true\": \"a\", \"false\": \"b\"}}]}", INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].verdict: missing member “why”" },

  /* Views */
  { LESSON (STEP0 ", \"view\": {\"playhead\": \"12O ms\"}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.playhead: expected a time such as “120ms”, “250us” or “1.5s”, or a number of milliseconds; found “12O ms”" },
  { LESSON (STEP0 ", \"view\": {\"from\": -5}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.from: expected a time such as “120ms”, “250us” or “1.5s”, or a number of milliseconds; found -5" },
  { LESSON (STEP0 ", \"view\": {\"width\": \"100ms\", \"to\": \"1s\"}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.width: “width” and “to” both set the right edge; keep one of them" },
  { LESSON (STEP0 ", \"view\": {\"from\": \"1s\", \"to\": \"500ms\"}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.to: “to” must be later than “from”" },
  { LESSON (STEP0 ", \"view\": {\"from\": \"1s\", \"to\": \"2s\", \"playhead\": \"3s\"}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.playhead: the playhead is outside the time range the view shows" },
  { LESSON (STEP0 ", \"view\": {\"width\": \"500ns\"}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.width: the time must be from 1us to 168h" },
  { LESSON (STEP0 ", \"view\": {\"lanes\": [\"loop\", \"threads\"]}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.lanes[1]: expected a list of lane kinds: “loop”, “thread”, “pool”, “core”; found “threads”" },
  { LESSON (STEP0 ", \"view\": {\"lanes\": [\"pool\", \"pool\"]}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.lanes[1]: “pool” is listed twice" },
  { LESSON (STEP0 ", \"view\": {\"workers\": 65}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.workers: expected a whole number from 1 to 64; found 65" },
  { LESSON (STEP0 ", \"view\": {\"zoom\": 2}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view: unknown member “zoom”; expected one of “from”, “to”, “width”, “playhead”, “lanes”, “workers”, “highlight”" },
  { LESSON (STEP0 ", \"view\": {\"highlight\": \"worst\"}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.highlight: expected a request number, or a rule: “slowest”, “fastest”, “median” or a percentile such as “p99”; found “worst”" },
  { LESSON (STEP0 ", \"view\": {\"highlight\": \"p0\"}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.highlight: expected a request number, or a rule: “slowest”, “fastest”, “median” or a percentile such as “p99”; found “p0”" },
  { LESSON (STEP0 ", \"view\": {\"highlight\": \"p100.5\"}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.highlight: expected a request number, or a rule: “slowest”, “fastest”, “median” or a percentile such as “p99”; found “p100.5”" },
  { LESSON (STEP0 ", \"view\": {\"highlight\": -1}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.highlight: expected a request number, or a rule: “slowest”, “fastest”, “median” or a percentile such as “p99”; found -1" },
  { LESSON (STEP0 ", \"view\": {\"highlight\": {\"request\": 3, \"rule\": \"p99\"}}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.highlight: give either “request” or “rule”" },
  { LESSON (STEP0 ", \"view\": {\"highlight\": {\"rule\": \"p99\", \"class\": \"\"}}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].view.highlight.class: expected the name of a request class, such as “api”; found “”" },

  /* Live checks */
  { LIVE ("\"plan\": \"cpu:5\", " LOAD), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live: missing member “preset”" },
  { LIVE ("\"preset\": \"ruby:threads\", \"plan\": \"cpu:5\", " LOAD), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.preset: expected a server preset: “node:eventloop”, “node:cluster:K”, “python:threaded”, “python:prefork:K” or “python:asyncio” (K from 1 to 64); found “ruby:threads”" },
  { LIVE ("\"preset\": \"node:cluster:0\", \"plan\": \"cpu:5\", " LOAD), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.preset: expected a server preset: “node:eventloop”, “node:cluster:K”, “python:threaded”, “python:prefork:K” or “python:asyncio” (K from 1 to 64); found “node:cluster:0”" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:x\", " LOAD), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.plan: Plan “cpu:x”, position 5: expected a number of milliseconds" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\""), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live: missing member “load”" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\", \"load\": {\"rate\": 100, \"clients\": 10}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.load: give either “rate” (requests per second, open loop) or “clients” (closed loop)" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\", \"load\": {\"rate\": 100, \"think\": \"1ms\"}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.load.think: “think” applies to “clients” only" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\", \"load\": {\"rate\": 1e6}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.load.rate: expected a number from 0.1 to 20000; found 1000000" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\", \"load\": {\"clients\": 2.5}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.load.clients: expected a whole number from 1 to 2000; found 2.5" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\", " LOAD ", \"duration\": \"90s\""), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.duration: the time must be from 100ms to 1min" },
  { LESSON (STEP0 ", \"architectures\": [\"Node.js\"], \"live\": {\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\", " LOAD ", \"architecture\": \"Python\"}}"),
    INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.architecture: “Python” is not one of the architectures this step shows" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\", " LOAD ", \"recorded\": {\"latency_ms\": {\"p99\": 3}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.recorded: missing member “throughput”" },
  { LIVE ("\"preset\": \"node:eventloop\", \"plan\": \"cpu:5\", " LOAD ", \"recorded\": {\"throughput\": 100, \"latency_ms\": {\"p90\": 3}}"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: steps[0].live.recorded.latency_ms: unknown member “p90”; expected one of “mean”, “p50”, “p95”, “p99”, “max”" },

  /* Predict then reveal */
  { PREDICT (CHOICES), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: predict: missing member “answer”" },
  { PREDICT (CHOICES ", \"answer\": \"c\""), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: predict.answer: “c” is not the id of a choice; the choices are “a”, “b”" },
  { PREDICT ("\"prompt\": \"Which?\", \"choices\": [{\"id\": \"a\", \"text\": \"A\"}], \"answer\": \"a\""), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: predict.choices: a prediction has 2 to 6 choices, not 1" },
  { PREDICT ("\"prompt\": \"Which?\", \"choices\": [{\"id\": \"a\", \"text\": \"A\"}, {\"id\": \"a\", \"text\": \"B\"}], \"answer\": \"a\""), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: predict.choices[1].id: the id “a” is already used by choices[0]" },
  { PREDICT ("\"prompt\": \"Which?\", \"choices\": [{\"id\": \"Node JS\", \"text\": \"A\"}, {\"id\": \"b\", \"text\": \"B\"}], \"answer\": \"b\""), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: predict.choices[0].id: expected an id of lower-case letters, digits and “-”, such as “node”; found “Node JS”" },
  { PREDICT (CHOICES ", \"answer\": \"a\", \"step\": 2"), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: predict.step: expected a whole number from 0 to 1; found 2" },
  { PREDICT ("\"choices\": [], \"answer\": \"a\""), INTERLEAVE_LESSON_ERROR_INVALID,
    "broken.json: predict: missing member “prompt”" },
};

static void
test_lesson_broken (void)
{
  guint n_wrong = 0;

  /* Every case is tried and every difference reported before failing. */
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveLesson) lesson = NULL;
      g_autofree char *escaped = g_strescape (broken[i].json, NULL);

      lesson = interleave_lesson_new_from_data (broken[i].json, -1, "broken.json", NULL, &error);
      if (lesson != NULL || error == NULL ||
          !g_error_matches (error, INTERLEAVE_LESSON_ERROR, broken[i].code) ||
          g_strcmp0 (error->message, broken[i].message) != 0)
        {
          g_autofree char *got = g_strescape (error ? error->message : "(loaded)", "“”‘’…");

          g_test_message ("case %u: %s\n#   expected (%d) %s\n#   got      (%d) %s",
                          i, escaped, broken[i].code, broken[i].message,
                          error ? error->code : -1, got);
          n_wrong++;
        }
    }

  g_assert_cmpuint (n_wrong, ==, 0);
}

/* The base of the table above is itself a valid lesson, so each case
 * fails for its own reason. */
static void
test_lesson_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveLesson) lesson = NULL;
  const InterleaveLessonStep *step;

  lesson = interleave_lesson_new_from_data (LESSON (STEP0 "}"), -1, "minimal.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lesson->id, ==, "t");
  g_assert_cmpuint (lesson->minutes, ==, 5);
  g_assert_null (lesson->predict);
  g_assert_cmpuint (interleave_lesson_get_n_steps (lesson), ==, 2);

  step = interleave_lesson_get_step (lesson, 1);
  g_assert_cmpstr (step->scenario, ==, "s.json");   /* inherited */
  g_assert_null (step->architectures);
  g_assert_cmpint (step->view.from, ==, -1);
  g_assert_cmpint (step->view.playhead, ==, -1);
  g_assert_cmpuint (step->view.lane_kinds, ==,
                    (1u << INTERLEAVE_LANE_LOOP) | (1u << INTERLEAVE_LANE_THREAD) | (1u << INTERLEAVE_LANE_POOL));
  g_assert_cmpint (step->view.highlight.kind, ==, INTERLEAVE_LESSON_HIGHLIGHT_NONE);
  g_assert_null (step->live);
  g_assert_cmpstr (interleave_lesson_text_get (step->verdict->why), ==, "c");

  g_clear_pointer (&lesson, interleave_lesson_free);
  lesson = interleave_lesson_new_from_data (PREDICT (CHOICES ", \"answer\": \"b\", \"step\": 1"), -1,
                                            "predict.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lesson->predict->step, ==, 1);
  g_assert_cmpuint (lesson->predict->n_choices, ==, 2);
  g_assert_cmpuint (lesson->predict->answer, ==, 1);
  g_assert_cmpstr (lesson->predict->choices[1].id, ==, "b");
  g_assert_null (lesson->predict->explanation);
}

static void
test_lesson_limits (void)
{
  g_autoptr(GString) json = g_string_new (HEAD "\"steps\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveLesson) lesson = NULL;
  g_autofree char *big = NULL;

  for (guint i = 0; i < INTERLEAVE_LESSON_MAX_STEPS; i++)
    g_string_append (json, STEP0 "}, ");
  g_string_append (json, LAST "]}");

  lesson = interleave_lesson_new_from_data (json->str, json->len, "long.json", NULL, &error);
  g_assert_null (lesson);
  g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "long.json: steps: 51 steps; a lesson has at most 50");
  g_clear_error (&error);

  /* 50 steps are fine. */
  g_string_erase (json, json->len - strlen (LAST "]}") - strlen (STEP0 "}, "), strlen (STEP0 "}, "));
  lesson = interleave_lesson_new_from_data (json->str, json->len, "long.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (interleave_lesson_get_n_steps (lesson), ==, INTERLEAVE_LESSON_MAX_STEPS);
  g_clear_pointer (&lesson, interleave_lesson_free);

  big = g_malloc (INTERLEAVE_LESSON_MAX_FILE_SIZE + 2);
  memset (big, ' ', INTERLEAVE_LESSON_MAX_FILE_SIZE + 1);
  big[INTERLEAVE_LESSON_MAX_FILE_SIZE + 1] = '\0';
  lesson = interleave_lesson_new_from_data (big, -1, "big.json", NULL, &error);
  g_assert_null (lesson);
  g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "big.json: the file is larger than 1024 KiB; a lesson is a few kilobytes");
}

static void
test_lesson_file_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveLesson) lesson = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-lesson-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing_path = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);

  missing_path = g_build_filename (dir, "missing.json", NULL);
  lesson = interleave_lesson_new_from_file (missing_path, &error);
  g_assert_null (lesson);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "missing.json"));
  g_clear_error (&error);

  /* A byte order mark (Windows Notepad) is fine; errors name the file
   * as given. */
  path = g_build_filename (dir, "bom.json", NULL);
  g_assert_true (g_file_set_contents (path, "\xEF\xBB\xBF" "{\n\"format\": 1,\n\"id\": \"x\" \"title\": 1}", -1, &error));
  lesson = interleave_lesson_new_from_file (path, &error);
  g_assert_null (lesson);
  expected = g_strdup_printf ("%s:3:11: expected “,” between two members", path);
  g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "\xEF\xBB\xBF" LESSON (STEP0 "}"), -1, &error));
  lesson = interleave_lesson_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lesson->file, ==, path);
  g_assert_cmpstr (lesson->base_dir, ==, dir);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---------------------------------------------------------------------- */
/* Every field                                                             */

static void
test_lesson_every_field (void)
{
  static const char json[] =
    "{\"format\": 1, \"id\": \"every-field\", \"author\": \"A. Teacher\", \"minutes\": 7,"
    " \"title\": {\"en\": \"Title\", \"de\": \"Titel\", \"pt-BR\": \"Título\", \"sr@latin\": \"Naslov\"},"
    " \"claim\": \"Claim\", \"question\": \"Question\","
    " \"predict\": {\"step\": 1, \"prompt\": \"Guess\", \"answer\": \"node\","
    "   \"choices\": [{\"id\": \"node\", \"text\": \"Node.js\"}, {\"id\": \"py-threads\", \"text\": \"Python\"}],"
    "   \"explanation\": \"Because.\"},"
    " \"scenarios\": {\"inline.json\": {\"title\": \"x\", \"workload\": {\"arrivals\": {\"kind\": \"constant\", \"rate\": 10},"
    "   \"classes\": [{\"name\": \"api\", \"weight\": 1, \"plan\": \"cpu:1\"}]},"
    "   \"architectures\": [{\"name\": \"Node.js\", \"preset\": \"node\"}]}},"
    " \"steps\": ["
    "  {\"scenario\": \"inline.json\", \"architectures\": [\"Node.js\"], \"caption\": \"One\", \"notes\": \"Say this.\","
    "   \"view\": {\"from\": \"10ms\", \"to\": 200, \"playhead\": \"0.1s\", \"lanes\": [\"core\", \"loop\"], \"workers\": 2,"
    "             \"highlight\": {\"rule\": \"p99.9\", \"class\": \"api\"}},"
    "   \"live\": {\"preset\": \"node:cluster:4\", \"plan\": \" cpu : 5 ,io:20.0\", \"load\": {\"clients\": 50, \"think\": \"5ms\", \"connections\": 50},"
    "             \"duration\": \"3s\", \"architecture\": \"Node.js\","
    "             \"recorded\": {\"name\": \"node:cluster:4\", \"completed\": 9000, \"duration_s\": 3, \"throughput\": 3000.5,"
    "                            \"latency_ms\": {\"p50\": 12.5, \"p99\": 40}, \"cpu_utilisation\": 0.97}}},"
    "  {\"caption\": \"Two\", \"view\": {\"width\": \"50ms\", \"highlight\": 17},"
    "   \"live\": {\"preset\": \"python:asyncio\", \"plan\": \"io:1\", \"load\": {\"rate\": 250.5}},"
    "   \"verdict\": {\"true\": \"T\", \"false\": \"F\", \"why\": \"W\"}}"
    " ]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveLesson) lesson = NULL;
  const InterleaveLessonStep *step;
  const InterleaveLessonLive *live;

  lesson = interleave_lesson_new_from_data (json, -1, "every.json", "/nowhere", &error);
  g_assert_no_error (error);

  g_assert_cmpuint (lesson->minutes, ==, 7);
  g_assert_cmpstr (lesson->base_dir, ==, "/nowhere");
  g_assert_cmpstr (interleave_lesson_text_get_for (lesson->title, (const char *[]) { "pt_BR", NULL }), ==, "Título");
  g_assert_cmpstr (interleave_lesson_text_get_for (lesson->title, (const char *[]) { "sr@latin", NULL }), ==, "Naslov");
  g_assert_cmpuint (lesson->predict->step, ==, 1);
  g_assert_cmpuint (lesson->predict->answer, ==, 0);
  g_assert_cmpstr (interleave_lesson_text_get (lesson->predict->explanation), ==, "Because.");
  g_assert_nonnull (interleave_lesson_get_inline_scenario (lesson, "inline.json"));
  g_assert_null (interleave_lesson_get_inline_scenario (lesson, "other.json"));
  {
    /* A step's scenario can come from the lesson itself. */
    g_autoptr(InterleaveScenario) inline_scenario = interleave_lesson_load_step_scenario (lesson, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (inline_scenario->title, ==, "x");
    g_assert_cmpuint (inline_scenario->n_architectures, ==, 1);
    g_assert_cmpstr (inline_scenario->architectures[0].name, ==, "Node.js");
  }

  step = interleave_lesson_get_step (lesson, 0);
  g_assert_cmpstr (step->architectures[0], ==, "Node.js");
  g_assert_null (step->architectures[1]);
  g_assert_cmpstr (interleave_lesson_text_get (step->notes), ==, "Say this.");
  g_assert_cmpint (step->view.from, ==, 10000000);
  g_assert_cmpint (step->view.to, ==, 200000000);
  g_assert_cmpint (step->view.playhead, ==, 100000000);
  g_assert_cmpint (step->view.width, ==, -1);
  g_assert_cmpuint (step->view.lane_kinds, ==, (1u << INTERLEAVE_LANE_CORE) | (1u << INTERLEAVE_LANE_LOOP));
  g_assert_cmpuint (step->view.workers, ==, 2);
  g_assert_cmpint (step->view.highlight.kind, ==, INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE);
  g_assert_cmpfloat (step->view.highlight.percentile, ==, 99.9);
  g_assert_cmpstr (step->view.highlight.klass, ==, "api");

  live = step->live;
  g_assert_cmpstr (live->preset, ==, "node:cluster:4");
  g_assert_cmpint (live->runtime, ==, INTERLEAVE_LESSON_RUNTIME_NODE);
  g_assert_cmpstr (live->mode, ==, "cluster");
  g_assert_cmpuint (live->workers, ==, 4);
  g_assert_cmpstr (live->plan, ==, "cpu:5,io:20");
  g_assert_cmpuint (live->clients, ==, 50);
  g_assert_cmpfloat (live->rate, ==, 0);
  g_assert_cmpint (live->think, ==, 5000000);
  g_assert_cmpuint (live->connections, ==, 50);
  g_assert_cmpint (live->duration, ==, 3000000000);
  g_assert_cmpstr (live->architecture, ==, "Node.js");
  g_assert_cmpstr (live->recorded->name, ==, "node:cluster:4");
  g_assert_cmpuint (live->recorded->completed, ==, 9000);
  g_assert_cmpfloat (live->recorded->throughput, ==, 3000.5);
  g_assert_cmpfloat (live->recorded->latency_p50_ms, ==, 12.5);
  g_assert_cmpfloat (live->recorded->latency_p99_ms, ==, 40);
  g_assert_true (isnan (live->recorded->latency_p95_ms));
  g_assert_cmpfloat (live->recorded->cpu_utilisation, ==, 0.97);

  step = interleave_lesson_get_step (lesson, 1);
  g_assert_cmpstr (step->scenario, ==, "inline.json");
  g_assert_cmpint (step->view.width, ==, 50000000);
  g_assert_cmpint (step->view.highlight.kind, ==, INTERLEAVE_LESSON_HIGHLIGHT_REQUEST);
  g_assert_cmpuint (step->view.highlight.request, ==, 17);
  live = step->live;
  g_assert_cmpint (live->runtime, ==, INTERLEAVE_LESSON_RUNTIME_PYTHON);
  g_assert_cmpstr (live->mode, ==, "asyncio");
  g_assert_cmpuint (live->workers, ==, 1);
  g_assert_cmpstr (live->plan, ==, "io:1");
  g_assert_cmpfloat (live->rate, ==, 250.5);
  g_assert_cmpint (live->duration, ==, 5000000000);   /* the default */
  g_assert_null (live->recorded);

  /* The inline scenario has the architecture the steps name. */
  g_assert_true (interleave_lesson_check_scenarios (lesson, &error));
  g_assert_no_error (error);
}

static void
test_lesson_presets (void)
{
  static const struct {
    const char *preset;
    InterleaveLessonRuntime runtime;
    const char *mode;
    guint workers;
  } cases[] = {
    { "node:eventloop", INTERLEAVE_LESSON_RUNTIME_NODE, "eventloop", 1 },
    { "node:cluster:2", INTERLEAVE_LESSON_RUNTIME_NODE, "cluster", 2 },
    { "node:cluster", INTERLEAVE_LESSON_RUNTIME_NODE, "cluster", 0 },
    { "python:threaded", INTERLEAVE_LESSON_RUNTIME_PYTHON, "threaded", 1 },
    { "python:prefork:64", INTERLEAVE_LESSON_RUNTIME_PYTHON, "prefork", 64 },
    { "python:prefork", INTERLEAVE_LESSON_RUNTIME_PYTHON, "prefork", 0 },
    { "python:asyncio", INTERLEAVE_LESSON_RUNTIME_PYTHON, "asyncio", 1 },
    { "node:eventloop:2", 0, NULL, 0 },
    { "node:cluster:65", 0, NULL, 0 },
    { "node:cluster:", 0, NULL, 0 },
    { "node:cluster:+2", 0, NULL, 0 },
    { "python:prefork:2x", 0, NULL, 0 },
    { "http://127.0.0.1:8000/", 0, NULL, 0 },
    { "python", 0, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveLesson) lesson = NULL;
      g_autofree char *json = g_strdup_printf (LIVE ("\"preset\": \"%s\", \"plan\": \"cpu:5\", " LOAD),
                                               cases[i].preset);

      g_test_message ("preset %s", cases[i].preset);
      lesson = interleave_lesson_new_from_data (json, -1, "preset.json", NULL, &error);
      if (cases[i].mode == NULL)
        {
          g_assert_null (lesson);
          g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, "steps[0].live.preset: expected a server preset"));
        }
      else
        {
          const InterleaveLessonLive *live;

          g_assert_no_error (error);
          live = interleave_lesson_get_step (lesson, 0)->live;
          g_assert_cmpstr (live->preset, ==, cases[i].preset);
          g_assert_cmpint (live->runtime, ==, cases[i].runtime);
          g_assert_cmpstr (live->mode, ==, cases[i].mode);
          g_assert_cmpuint (live->workers, ==, cases[i].workers);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Languages                                                               */

static void
test_lesson_language (void)
{
  static const char json[] =
    HEAD "\"steps\": [" STEP0 ", \"verdict\": {"
    "\"true\": {\"en\": \"yes\", \"de\": \"ja\", \"fr\": \"oui\", \"pt-BR\": \"sim\"},"
    "\"false\": \"plain\", \"why\": {\"fr\": \"parce que\", \"en\": \"because\"}}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveLesson) lesson = NULL;
  const InterleaveLessonVerdict *verdict;
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *old_lc_all = g_strdup (g_getenv ("LC_ALL"));

  lesson = interleave_lesson_new_from_data (json, -1, "lang.json", NULL, &error);
  g_assert_no_error (error);
  verdict = interleave_lesson_get_step (lesson, 0)->verdict;

#define GET(text, ...) interleave_lesson_text_get_for (text, (const char *[]) { __VA_ARGS__, NULL })
  /* As g_get_language_names() lists them: most specific first. */
  g_assert_cmpstr (GET (verdict->is_true, "de_AT.UTF-8", "de_AT", "de", "C"), ==, "ja");
  g_assert_cmpstr (GET (verdict->is_true, "fr_CA.UTF-8", "fr_CA", "fr", "C"), ==, "oui");
  g_assert_cmpstr (GET (verdict->is_true, "pt_BR.UTF-8", "pt_BR", "pt", "C"), ==, "sim");
  g_assert_cmpstr (GET (verdict->is_true, "PT_br"), ==, "sim");
  /* Not translated: English, whatever comes first in the file. */
  g_assert_cmpstr (GET (verdict->is_true, "es_ES.UTF-8", "es_ES", "es", "C"), ==, "yes");
  g_assert_cmpstr (GET (verdict->why, "es", "C"), ==, "because");
  g_assert_cmpstr (GET (verdict->why, "C"), ==, "because");
  g_assert_cmpstr (interleave_lesson_text_get_for (verdict->why, NULL), ==, "because");
  /* The user's second choice beats the English fallback. */
  g_assert_cmpstr (GET (verdict->is_true, "es", "fr", "C"), ==, "oui");
  /* A plain string is the same in every language, and no translation. */
  g_assert_cmpstr (GET (verdict->is_false, "de"), ==, "plain");
  g_assert_false (interleave_lesson_text_has_language (verdict->is_false, "en"));
  g_assert_true (interleave_lesson_text_has_language (verdict->is_true, "pt_BR"));
  g_assert_false (interleave_lesson_text_has_language (verdict->is_true, "es"));
#undef GET

  /* interleave_lesson_text_get() follows the environment. */
  g_unsetenv ("LC_ALL");
  g_setenv ("LANGUAGE", "de_DE:fr", TRUE);
  g_assert_cmpstr (interleave_lesson_text_get (verdict->is_true), ==, "ja");
  g_assert_cmpstr (interleave_lesson_text_get (verdict->why), ==, "parce que");
  g_setenv ("LANGUAGE", "es", TRUE);
  g_assert_cmpstr (interleave_lesson_text_get (verdict->is_true), ==, "yes");

  if (old_language)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (old_lc_all)
    g_setenv ("LC_ALL", old_lc_all, TRUE);
}

/* ---------------------------------------------------------------------- */
/* Scenario references                                                     */

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static void
remove_file (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_remove (path), ==, 0);
}

static void
test_lesson_check_scenarios (void)
{
#define WORKLOAD "\"workload\": {\"arrivals\": {\"kind\": \"constant\", \"rate\": 10}," \
                 " \"classes\": [{\"name\": \"api\", \"weight\": 1, \"plan\": \"cpu:1\"}]}, "
  static const char scenario[] =
    "{\"title\": \"x\", \"duration\": \"1s\", " WORKLOAD "\"architectures\": ["
    " {\"name\": \"Node.js\", \"preset\": \"node\"}, {\"preset\": \"python-threaded\"}]}";
  static const char shipped[] =
    "{\"title\": \"shipped\", " WORKLOAD "\"architectures\": [{\"name\": \"Shipped arch\", \"preset\": \"node\"}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-lesson-XXXXXX", &error);
  g_autofree char *datadir = g_dir_make_tmp ("interleave-data-XXXXXX", &error);
  g_autofree char *scenario_dir = g_build_filename (datadir, "scenarios", NULL);
  g_autofree char *old_datadir = g_strdup (g_getenv ("INTERLEAVE_DATADIR"));
  g_autofree char *lesson_path = g_build_filename (dir, "lesson.json", NULL);
  g_autofree char *found = NULL;
  g_autofree char *expected = NULL;
  static const struct {
    const char *first_step;
    const char *message;   /* {dir}: the lesson's folder, {shipped}: the shipped one */
  } cases[] = {
    { "{\"scenario\": \"mine.json\", \"caption\": \"c\", \"architectures\": [\"Node.js\", \"python-threaded\"],"
      " \"live\": {\"preset\": \"node:eventloop\", \"plan\": \"io:5\", \"load\": {\"clients\": 5}, \"architecture\": \"Node.js\"}}",
      NULL },
    { "{\"scenario\": \"shipped.json\", \"caption\": \"c\", \"architectures\": [\"Shipped arch\"]}",
      NULL },
    { "{\"scenario\": \"mine.json\", \"caption\": \"c\", \"architectures\": [\"Node.js\", \"Python\"]}",
      "lesson.json: steps[0].architectures[1]: the scenario “mine.json” has no architecture “Python”; it has “Node.js”, “python-threaded”" },
    { "{\"scenario\": \"mine.json\", \"caption\": \"c\","
      " \"live\": {\"preset\": \"node:eventloop\", \"plan\": \"io:5\", \"load\": {\"clients\": 5}, \"architecture\": \"Deno\"}}",
      "lesson.json: steps[0].live.architecture: the scenario “mine.json” has no architecture “Deno”; it has “Node.js”, “python-threaded”" },
    { "{\"scenario\": \"gone.json\", \"caption\": \"c\"}",
      "lesson.json: steps[0].scenario: no scenario file “gone.json” in the lesson’s folder ({dir}) or among the shipped scenarios ({shipped})" },
    { "{\"scenario\": \"notjson.json\", \"caption\": \"c\"}",
      "lesson.json: steps[0].scenario: {dir}/notjson.json:2:1: the text ends too early: expected “,” or “}” after a member" },
    { "{\"scenario\": \"noarch.json\", \"caption\": \"c\"}",
      "lesson.json: steps[0].scenario: {dir}/noarch.json:1:1: missing member “workload”" },
  };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (scenario_dir, 0700), ==, 0);
  g_setenv ("INTERLEAVE_DATADIR", datadir, TRUE);

  write_file (dir, "mine.json", scenario);
  write_file (dir, "notjson.json", "{\"title\": \"x\"\n");
  write_file (dir, "noarch.json", "{\"title\": \"x\"}");
  write_file (scenario_dir, "shipped.json", shipped);
  /* A file next to the lesson wins over a shipped one of the same name. */
  write_file (scenario_dir, "mine.json", shipped);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InterleaveLesson) lesson = NULL;
      g_autofree char *json = g_strdup_printf (HEAD STEPS ("%s") "}", cases[i].first_step);

      g_test_message ("%s", cases[i].first_step);
      write_file (dir, "lesson.json", json);
      lesson = interleave_lesson_new_from_file (lesson_path, &error);
      g_assert_no_error (error);
      g_free (lesson->display_name);
      lesson->display_name = g_strdup ("lesson.json");

      if (cases[i].message == NULL)
        {
          g_assert_true (interleave_lesson_check_scenarios (lesson, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_autoptr(GString) message = g_string_new (cases[i].message);

          g_string_replace (message, "{dir}", dir, 0);
          g_string_replace (message, "{shipped}", scenario_dir, 0);

          g_assert_false (interleave_lesson_check_scenarios (lesson, &error));
          g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO);
          g_assert_cmpstr (error->message, ==, message->str);
          g_clear_error (&error);
        }

      /* What a step shows: its architectures only, in its order; a step
       * whose scenario cannot be opened says which step and why. */
      {
        g_autoptr(InterleaveScenario) shown = interleave_lesson_load_step_scenario (lesson, 0, &error);

        if (i == 0)
          {
            g_assert_no_error (error);
            g_assert_cmpuint (shown->n_architectures, ==, 2);
            g_assert_cmpstr (shown->architectures[0].name, ==, "Node.js");
            g_assert_cmpstr (shown->architectures[1].name, ==, "python-threaded");
            g_assert_cmpstr (shown->architectures[1].preset, ==, "python-threaded");
            g_assert_cmpstr (shown->title, ==, "x");
          }
        else if (i == 1)
          {
            g_assert_no_error (error);
            g_assert_cmpuint (shown->n_architectures, ==, 1);
            g_assert_cmpstr (shown->title, ==, "shipped");
          }
        else if (i == 3)
          {
            /* No architectures named: all of them. */
            g_assert_no_error (error);
            g_assert_cmpuint (shown->n_architectures, ==, 2);
          }
        else
          {
            g_assert_null (shown);
            g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO);
            g_assert_true (g_str_has_prefix (error->message, "lesson.json: steps[0]."));
            g_clear_error (&error);
          }

        /* The second step inherits the first one's scenario. */
        if (i == 0)
          {
            g_autoptr(InterleaveScenario) last = interleave_lesson_load_step_scenario (lesson, 1, &error);

            g_assert_no_error (error);
            g_assert_cmpuint (last->n_architectures, ==, 2);
            g_assert_cmpstr (last->architectures[0].name, ==, "Node.js");
          }
      }

      if (i == 0)
        {
          found = interleave_lesson_find_scenario_file (lesson, "mine.json", &error);
          g_assert_no_error (error);
          expected = g_build_filename (dir, "mine.json", NULL);
          g_assert_cmpstr (found, ==, expected);
          g_clear_pointer (&found, g_free);
          g_clear_pointer (&expected, g_free);

          found = interleave_lesson_find_scenario_file (lesson, "shipped.json", &error);
          g_assert_no_error (error);
          expected = g_build_filename (scenario_dir, "shipped.json", NULL);
          g_assert_cmpstr (found, ==, expected);
          g_clear_pointer (&found, g_free);
          g_clear_pointer (&expected, g_free);

          found = interleave_lesson_find_scenario_file (lesson, "../mine.json", &error);
          g_assert_null (found);
          g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO);
          g_clear_error (&error);
        }
    }

  for (const char * const *n = (const char *[]) { "lesson.json", "mine.json", "notjson.json", "noarch.json", NULL }; *n; n++)
    remove_file (dir, *n);
  remove_file (scenario_dir, "shipped.json");
  remove_file (scenario_dir, "mine.json");
  g_assert_cmpint (g_rmdir (scenario_dir), ==, 0);
  g_assert_cmpint (g_rmdir (datadir), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  if (old_datadir)
    g_setenv ("INTERLEAVE_DATADIR", old_datadir, TRUE);
  else
    g_unsetenv ("INTERLEAVE_DATADIR");
}

/* ---------------------------------------------------------------------- */
/* Applying views to a trace                                               */

static InterleaveTrace *
make_trace (void)
{
  /* Requests: id, class, arrival (ms), done (ms); latency = done − arrival.
   * Request 5 is refused, request 6 still in flight. */
  static const struct { guint16 klass; gint64 arrival; gint64 done; guint8 status; } r[] = {
    { 0,   0,  10, INTERLEAVE_REQUEST_COMPLETED },   /* 0: 10 ms */
    { 0,  10,  15, INTERLEAVE_REQUEST_COMPLETED },   /* 1:  5 ms */
    { 1,  20, 120, INTERLEAVE_REQUEST_COMPLETED },   /* 2: 100 ms, the report */
    { 0,  30, 110, INTERLEAVE_REQUEST_COMPLETED },   /* 3: 80 ms, api stuck behind it */
    { 0,  40,  60, INTERLEAVE_REQUEST_COMPLETED },   /* 4: 20 ms */
    { 0,  50,  -1, INTERLEAVE_REQUEST_REFUSED },     /* 5 */
    { 0, 200,  -1, INTERLEAVE_REQUEST_IN_FLIGHT },   /* 6 */
    { 0, 300, 305, INTERLEAVE_REQUEST_COMPLETED },   /* 7:  5 ms, ties with 1 */
  };
  InterleaveTrace *trace = interleave_trace_new ("test", 2, 1000000);
  guint p0, p1;

  g_ptr_array_add (trace->class_names, g_strdup ("api"));
  g_ptr_array_add (trace->class_names, g_strdup ("report"));

  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    {
      InterleaveRequest request = {
        .id = i, .klass = r[i].klass, .process = 0, .status = r[i].status,
        .arrival = r[i].arrival * 1000000, .accepted = r[i].arrival * 1000000,
        .done = r[i].done < 0 ? -1 : r[i].done * 1000000,
      };
      interleave_trace_set_request (trace, &request);
    }
  trace->end = 400 * G_GINT64_CONSTANT (1000000);

  p0 = interleave_trace_add_process (trace, "Worker 1", 0);
  p1 = interleave_trace_add_process (trace, "Worker 2", 1);
  interleave_trace_add_lane (trace, p0, INTERLEAVE_LANE_LOOP, "Event loop", 0);
  interleave_trace_add_lane (trace, p0, INTERLEAVE_LANE_POOL, "Pool 1", 1);
  interleave_trace_add_lane (trace, p1, INTERLEAVE_LANE_LOOP, "Event loop", 2);
  interleave_trace_add_lane (trace, p1, INTERLEAVE_LANE_THREAD, "Thread 1", 3);
  interleave_trace_add_lane (trace, p1, INTERLEAVE_LANE_CORE, "Core 1", 4);

  return trace;
}

static void
test_lesson_highlight (void)
{
  g_autoptr(InterleaveTrace) trace = make_trace ();
  static const struct {
    InterleaveLessonHighlightKind kind;
    double percentile;
    guint32 request;
    const char *klass;
    gint64 from_ms;
    gint64 to_ms;
    guint32 expected;
  } cases[] = {
    { INTERLEAVE_LESSON_HIGHLIGHT_NONE, 0, 0, NULL, -1, -1, INTERLEAVE_NO_REQUEST },
    { INTERLEAVE_LESSON_HIGHLIGHT_REQUEST, 0, 3, NULL, -1, -1, 3 },
    { INTERLEAVE_LESSON_HIGHLIGHT_REQUEST, 0, 6, NULL, -1, -1, 6 },
    { INTERLEAVE_LESSON_HIGHLIGHT_REQUEST, 0, 8, NULL, -1, -1, INTERLEAVE_NO_REQUEST },
    { INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST, 0, 0, NULL, -1, -1, 2 },
    { INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST, 0, 0, "api", -1, -1, 3 },
    { INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST, 0, 0, "report", -1, -1, 2 },
    { INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST, 0, 0, "nope", -1, -1, INTERLEAVE_NO_REQUEST },
    { INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST, 0, 0, NULL, 35, -1, 4 },
    { INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST, 0, 0, NULL, 0, 20, 0 },    /* arrival in [0, 20) */
    { INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST, 0, 0, NULL, 400, 500, INTERLEAVE_NO_REQUEST },
    { INTERLEAVE_LESSON_HIGHLIGHT_FASTEST, 0, 0, NULL, -1, -1, 1 },   /* ties 1 and 7: lower id */
    { INTERLEAVE_LESSON_HIGHLIGHT_FASTEST, 0, 0, NULL, 100, -1, 7 },
    /* Six completed: 5 5 10 20 80 100 (ids 1 7 0 4 3 2). */
    { INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE, 50, 0, NULL, -1, -1, 0 },   /* rank 3 */
    { INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE, 99, 0, NULL, -1, -1, 2 },   /* rank 6 */
    { INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE, 66.7, 0, NULL, -1, -1, 3 }, /* rank 5 */
    { INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE, 1, 0, NULL, -1, -1, 1 },    /* rank 1 */
    { INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE, 100, 0, NULL, -1, -1, 2 },
    { INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE, 50, 0, "api", -1, -1, 0 },  /* 5 5 10 20 80: rank 3 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      InterleaveLessonHighlight h = {
        .kind = cases[i].kind, .percentile = cases[i].percentile,
        .request = cases[i].request, .klass = (char *) cases[i].klass,
      };
      gint64 from = cases[i].from_ms < 0 ? -1 : cases[i].from_ms * 1000000;
      gint64 to = cases[i].to_ms < 0 ? -1 : cases[i].to_ms * 1000000;

      g_test_message ("case %u", i);
      g_assert_cmpuint (interleave_lesson_highlight_find (&h, trace, from, to), ==, cases[i].expected);
    }
}

static void
test_lesson_view_resolve (void)
{
  g_autoptr(InterleaveTrace) trace = make_trace ();
  const gint64 ms = 1000000;
  static const struct {
    const char *view;
    gint64 from, to, playhead;
    guint32 request;
  } cases[] = {
    { "{}", 0, 400, 400, INTERLEAVE_NO_REQUEST },
    { "{\"from\": 100, \"to\": 200}", 100, 200, 200, INTERLEAVE_NO_REQUEST },
    { "{\"from\": 100, \"to\": 200, \"playhead\": 150}", 100, 200, 150, INTERLEAVE_NO_REQUEST },
    { "{\"from\": 100}", 100, 400, 400, INTERLEAVE_NO_REQUEST },
    { "{\"to\": 50}", 0, 50, 50, INTERLEAVE_NO_REQUEST },
    { "{\"width\": 60}", 0, 60, 60, INTERLEAVE_NO_REQUEST },
    { "{\"from\": 5, \"width\": 60}", 5, 65, 65, INTERLEAVE_NO_REQUEST },
    /* Centred on the journey of the slowest api request (30 → 110 ms). */
    { "{\"width\": 100, \"highlight\": {\"rule\": \"slowest\", \"class\": \"api\"}}", 20, 120, 110, 3 },
    /* Never before 0. */
    { "{\"width\": 100, \"highlight\": 0}", 0, 100, 10, 0 },
    /* A narrow window still holds the playhead. */
    { "{\"width\": 10, \"highlight\": \"slowest\"}", 65, 75, 75, 2 },
    /* An explicit range limits the rule to requests arriving in it. */
    { "{\"from\": 35, \"to\": 100, \"highlight\": \"slowest\"}", 35, 100, 60, 4 },
    { "{\"from\": 35, \"width\": 100, \"highlight\": \"fastest\", \"playhead\": 40}", 35, 135, 40, 4 },
    /* In flight: the playhead goes to the end of what was simulated. */
    { "{\"highlight\": 6}", 0, 400, 400, 6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveLesson) lesson = NULL;
      g_autofree char *json = g_strdup_printf (LESSON (STEP0 ", \"view\": %s}"), cases[i].view);
      InterleaveLessonRange range;

      g_test_message ("view %s", cases[i].view);
      lesson = interleave_lesson_new_from_data (json, -1, "view.json", NULL, &error);
      g_assert_no_error (error);

      interleave_lesson_view_resolve (&interleave_lesson_get_step (lesson, 0)->view, trace, &range);
      g_assert_cmpint (range.from, ==, cases[i].from * ms);
      g_assert_cmpint (range.to, ==, cases[i].to * ms);
      g_assert_cmpint (range.playhead, ==, cases[i].playhead * ms);
      g_assert_cmpuint (range.request, ==, cases[i].request);
    }
}

static void
test_lesson_view_lanes (void)
{
  g_autoptr(InterleaveTrace) trace = make_trace ();
  static const struct {
    const char *view;
    gboolean shown[5];   /* loop w1, pool w1, loop w2, thread w2, core */
  } cases[] = {
    { "{}", { TRUE, TRUE, TRUE, TRUE, FALSE } },
    { "{\"lanes\": [\"loop\"]}", { TRUE, FALSE, TRUE, FALSE, FALSE } },
    { "{\"workers\": 1}", { TRUE, TRUE, FALSE, FALSE, FALSE } },
    { "{\"workers\": 1, \"lanes\": [\"core\", \"thread\", \"pool\"]}", { FALSE, TRUE, FALSE, FALSE, TRUE } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveLesson) lesson = NULL;
      g_autofree char *json = g_strdup_printf (LESSON (STEP0 ", \"view\": %s}"), cases[i].view);
      const InterleaveLessonView *view;

      g_test_message ("view %s", cases[i].view);
      lesson = interleave_lesson_new_from_data (json, -1, "lanes.json", NULL, &error);
      g_assert_no_error (error);
      view = &interleave_lesson_get_step (lesson, 0)->view;

      g_assert_cmpuint (trace->lanes->len, ==, 5);
      for (guint l = 0; l < trace->lanes->len; l++)
        g_assert_cmpint (interleave_lesson_view_shows_lane (view, trace, l), ==, cases[i].shown[l]);
    }
}

/* The keys the Learn page keeps progress and "resume" in. */
static void
test_lesson_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) progress = NULL;
  g_autoptr(GSettingsSchemaKey) last = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autofree char *last_lesson = NULL;
  guint32 step = 0;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  g_assert_nonnull (schema);

  progress = g_settings_schema_get_key (schema, "lesson-progress");
  g_assert_cmpstr (g_variant_type_peek_string (g_settings_schema_key_get_value_type (progress)), ==, "a{su}");
  last = g_settings_schema_get_key (schema, "last-lesson");
  g_assert_true (g_variant_type_equal (g_settings_schema_key_get_value_type (last), G_VARIANT_TYPE_STRING));

  /* GSETTINGS_BACKEND=memory in the test environment. */
  settings = g_settings_new_full (schema, NULL, NULL);
  value = g_settings_get_value (settings, "lesson-progress");
  g_assert_cmpuint (g_variant_n_children (value), ==, 0);
  g_clear_pointer (&value, g_variant_unref);

  {
    GVariantBuilder builder;

    g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{su}"));
    g_variant_builder_add (&builder, "{su}", "node-one-request", 3);
    g_variant_builder_add (&builder, "{su}", "convoy-effect", 5);
    g_assert_true (g_settings_set_value (settings, "lesson-progress", g_variant_builder_end (&builder)));
  }
  g_assert_true (g_settings_set_string (settings, "last-lesson", "node-one-request"));

  value = g_settings_get_value (settings, "lesson-progress");
  g_assert_true (g_variant_lookup (value, "node-one-request", "u", &step));
  g_assert_cmpuint (step, ==, 3);
  g_assert_false (g_variant_lookup (value, "python-no-threads", "u", &step));
  last_lesson = g_settings_get_string (settings, "last-lesson");
  g_assert_cmpstr (last_lesson, ==, "node-one-request");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/minimal", test_lesson_minimal);
  g_test_add_func ("/lesson/every-field", test_lesson_every_field);
  g_test_add_func ("/lesson/broken", test_lesson_broken);
  g_test_add_func ("/lesson/limits", test_lesson_limits);
  g_test_add_func ("/lesson/file-errors", test_lesson_file_errors);
  g_test_add_func ("/lesson/presets", test_lesson_presets);
  g_test_add_func ("/lesson/language", test_lesson_language);
  g_test_add_func ("/lesson/check-scenarios", test_lesson_check_scenarios);
  g_test_add_func ("/lesson/highlight", test_lesson_highlight);
  g_test_add_func ("/lesson/view/resolve", test_lesson_view_resolve);
  g_test_add_func ("/lesson/view/lanes", test_lesson_view_lanes);
  g_test_add_func ("/lesson/settings", test_lesson_settings);

  return g_test_run ();
}
