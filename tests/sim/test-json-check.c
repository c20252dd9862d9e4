/* test-json-check.c
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

#include "interleave-json-check.h"

static void
test_json_check_valid (void)
{
  static const char *cases[] = {
    "{}",
    "[]",
    " \n\t{ \"a\" : [ 1, -2.5, 3e10, 0, -0, 1E-3, true, false, null ] }\r\n",
    "\"just a string\"",
    "{\"a\": {\"b\": {\"c\": []}}}",
    "{\"escapes\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"}",
    "{\"ünïcødé\": \"日本語\"}",
    "{\"a\": 1, \"b\": {\"a\": 2}}",
    "42",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint line = 0, column = 0;

      g_autofree char *escaped = g_strescape (cases[i], NULL);

      g_test_message ("%s", escaped);
      g_assert_true (interleave_json_check (cases[i], strlen (cases[i]), 8, &line, &column, &error));
      g_assert_no_error (error);
    }
}

static void
test_json_check_invalid (void)
{
  static const struct {
    const char *text;
    guint line;
    guint column;
    int code;
    const char *message;
  } cases[] = {
    { "", 1, 1, INTERLEAVE_JSON_ERROR_SYNTAX,
      "the text is empty: expected a JSON object “{…}”" },
    { "  \n ", 1, 1, INTERLEAVE_JSON_ERROR_SYNTAX,
      "the text is empty: expected a JSON object “{…}”" },
    { "{\"a\": 1,}", 1, 9, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a “,” cannot come right before “}”: remove the last comma" },
    { "[1, 2,\n ]", 2, 2, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a “,” cannot come right before “]”: remove the last comma" },
    { "{\"a\": 1\n \"b\": 2}", 2, 2, INTERLEAVE_JSON_ERROR_SYNTAX,
      "expected “,” between two members" },
    { "{\"a\" 1}", 1, 6, INTERLEAVE_JSON_ERROR_SYNTAX,
      "expected “:” after the member name" },
    { "{title: 1}", 1, 2, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a member name must be in double quotes, such as “\"title\"”" },
    { "{'a': 1}", 1, 2, INTERLEAVE_JSON_ERROR_SYNTAX,
      "strings must be in double quotes “\"”, not single quotes" },
    { "{\"a\": 1 // no\n}", 1, 9, INTERLEAVE_JSON_ERROR_SYNTAX,
      "comments are not allowed in JSON" },
    { "{\"a\": True}", 1, 7, INTERLEAVE_JSON_ERROR_SYNTAX,
      "expected “true”: JSON writes true, false and null in lower case" },
    { "{\"a\": yes}", 1, 7, INTERLEAVE_JSON_ERROR_SYNTAX,
      "expected a value: an object “{…}”, a list “[…]”, a string in double quotes, a number, true, false or null" },
    { "{\"a\": \"open\n}", 1, 7, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a string is not closed: expected “\"” before the end of the line" },
    { "{\"a\": \"x\ty\"}", 1, 9, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a control character (such as a tab) inside a string; write it as “\\t” or “\\n”" },
    { "{\"a\": \"\\x\"}", 1, 8, INTERLEAVE_JSON_ERROR_SYNTAX,
      "unknown escape “\\x” in a string; a backslash is written “\\\\”" },
    { "{\"a\": \"\\u12\"}", 1, 8, INTERLEAVE_JSON_ERROR_SYNTAX,
      "“\\u” must be followed by four hexadecimal digits" },
    { "{\"a\": \"\\u0000\"}", 1, 8, INTERLEAVE_JSON_ERROR_SYNTAX,
      "“\\u0000” (a NUL character) is not allowed in a string" },
    { "{\"a\": \"\\udc00\"}", 1, 8, INTERLEAVE_JSON_ERROR_SYNTAX,
      "“\\uDC00” is the second half of a surrogate pair without its first half" },
    { "{\"a\": \"\\ud800x\"}", 1, 8, INTERLEAVE_JSON_ERROR_SYNTAX,
      "“\\uD800” must be followed by the second half of its surrogate pair" },
    { "{\"a\": 01}", 1, 7, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a number cannot start with “0” followed by more digits" },
    { "{\"a\": 1.}", 1, 7, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a number needs digits after its decimal point, such as “0.5”" },
    { "{\"a\": 1e}", 1, 7, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a number needs digits after its exponent, such as “1e3”" },
    { "{\"a\": -}", 1, 7, INTERLEAVE_JSON_ERROR_SYNTAX,
      "a number must have digits, such as “-5” or “0.25”" },
    { "{\"a\": 1, \"a\": 2}", 1, 10, INTERLEAVE_JSON_ERROR_SYNTAX,
      "the member “a” appears twice in the same object" },
    { "{\"a\": 1, \"\\u0061\": 2}", 1, 10, INTERLEAVE_JSON_ERROR_SYNTAX,
      "the member “a” appears twice in the same object" },
    { "{\"a\": 1}}", 1, 9, INTERLEAVE_JSON_ERROR_SYNTAX,
      "unexpected text after the end of the JSON value" },
    { "{\"a\": [1, 2", 1, 12, INTERLEAVE_JSON_ERROR_SYNTAX,
      "the text ends too early: expected “,” or “]” after an element" },
    { "{\"é\": \"ü\" x}", 1, 11, INTERLEAVE_JSON_ERROR_SYNTAX,
      "expected “,” or “}” after a member" },
    { "[[[[[[[[[1]]]]]]]]]", 1, 9, INTERLEAVE_JSON_ERROR_LIMIT,
      "nested more than 8 levels deep" },
    { "{\"a\": \"\xff\"}", 1, 8, INTERLEAVE_JSON_ERROR_SYNTAX,
      "the text is not valid UTF-8 (or contains a NUL byte); save the file in the UTF-8 encoding" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint line = 0, column = 0;

      g_autofree char *escaped = g_strescape (cases[i].text, NULL);

      g_test_message ("%s", escaped);
      g_assert_false (interleave_json_check (cases[i].text, strlen (cases[i].text), 8,
                                             &line, &column, &error));
      g_assert_error (error, INTERLEAVE_JSON_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (line, ==, cases[i].line);
      g_assert_cmpuint (column, ==, cases[i].column);
    }
}

static void
test_json_check_nul_and_bom (void)
{
  static const char with_nul[] = "{\"a\": 1}\0";
  static const char with_bom[] = "\xEF\xBB\xBF{}";
  g_autoptr(GError) error = NULL;
  guint line, column;
  gsize bom;

  g_assert_false (interleave_json_check (with_nul, sizeof with_nul - 1, 8, &line, &column, &error));
  g_assert_error (error, INTERLEAVE_JSON_ERROR, INTERLEAVE_JSON_ERROR_SYNTAX);
  g_assert_cmpuint (column, ==, 9);

  bom = interleave_json_skip_bom (with_bom, sizeof with_bom - 1);
  g_assert_cmpuint (bom, ==, 3);
  g_assert_cmpuint (interleave_json_skip_bom ("{}", 2), ==, 0);
  g_clear_error (&error);
  g_assert_true (interleave_json_check (with_bom + bom, sizeof with_bom - 1 - bom, 8, &line, &column, &error));
  g_assert_no_error (error);
}

/* json-glib 1.6 overflows the stack on deep nesting; the check must
 * refuse it without recursing that deep itself. */
static void
test_json_check_deep (void)
{
  g_autoptr(GError) error = NULL;
  gsize n = 200000;
  g_autofree char *text = g_malloc (2 * n);
  guint line, column;

  memset (text, '[', n);
  memset (text + n, ']', n);
  g_assert_false (interleave_json_check (text, 2 * n, 32, &line, &column, &error));
  g_assert_error (error, INTERLEAVE_JSON_ERROR, INTERLEAVE_JSON_ERROR_LIMIT);
  g_assert_cmpuint (column, ==, 33);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-check/valid", test_json_check_valid);
  g_test_add_func ("/json-check/invalid", test_json_check_invalid);
  g_test_add_func ("/json-check/nul-and-bom", test_json_check_nul_and_bom);
  g_test_add_func ("/json-check/deep", test_json_check_deep);

  return g_test_run ();
}
