/* test-server-preset.c
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

#include "interleave-server-preset.h"

static void
test_preset_valid (void)
{
  static const struct {
    const char *text;
    InterleaveRuntime runtime;
    const char *mode;
    guint workers;
    gboolean loop;
    const char *canonical;
  } cases[] = {
    { "node:eventloop", INTERLEAVE_RUNTIME_NODE, "eventloop", 1, TRUE, "node:eventloop" },
    { "node:cluster:2", INTERLEAVE_RUNTIME_NODE, "cluster", 2, TRUE, "node:cluster:2" },
    { "node:cluster:64", INTERLEAVE_RUNTIME_NODE, "cluster", 64, TRUE, "node:cluster:64" },
    { "python:threaded", INTERLEAVE_RUNTIME_PYTHON, "threaded", 1, FALSE, "python:threaded" },
    { "python:prefork:3", INTERLEAVE_RUNTIME_PYTHON, "prefork", 3, FALSE, "python:prefork:3" },
    { "python:asyncio", INTERLEAVE_RUNTIME_PYTHON, "asyncio", 1, TRUE, "python:asyncio" },
    { "http://127.0.0.1:8000/", INTERLEAVE_RUNTIME_URL, NULL, 1, FALSE, "http://127.0.0.1:8000/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InterleaveServerPreset) preset = NULL;
      g_autoptr(InterleaveServerPreset) copy = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      preset = interleave_server_preset_parse (cases[i].text, &error);
      g_assert_no_error (error);
      g_assert_cmpint (preset->runtime, ==, cases[i].runtime);
      g_assert_cmpstr (preset->mode, ==, cases[i].mode);
      g_assert_cmpuint (preset->workers, ==, cases[i].workers);
      g_assert_cmpint (interleave_server_preset_is_loop (preset), ==, cases[i].loop);

      copy = interleave_server_preset_copy (preset);
      text = interleave_server_preset_to_string (copy);
      g_assert_cmpstr (text, ==, cases[i].canonical);
    }
}

static void
test_preset_default_workers (void)
{
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(GError) error = NULL;

  preset = interleave_server_preset_parse ("python:prefork", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preset->workers, ==, MIN (g_get_num_processors (), INTERLEAVE_SERVER_PRESET_MAX_WORKERS));
}

static void
test_preset_invalid (void)
{
  static const struct {
    const char *text;
    const char *in_message;
  } cases[] = {
    { "", "node:eventloop" },
    { "node", "node:eventloop" },
    { "node:loop", "node:eventloop" },
    { "ruby:threaded", "node:eventloop" },
    { "node:eventloop:2", "no worker count" },
    { "python:asyncio:4", "no worker count" },
    { "node:cluster:0", "“0”" },
    { "node:cluster:65", "“65”" },
    { "node:cluster:two", "“two”" },
    { "node:cluster:-1", "“-1”" },
    { "node:cluster:2:3", "node:eventloop" },
    { "ftp://127.0.0.1/", "node:eventloop" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InterleaveServerPreset) preset = NULL;
      g_autoptr(GError) error = NULL;

      preset = interleave_server_preset_parse (cases[i].text, &error);
      g_assert_null (preset);
      g_assert_error (error, INTERLEAVE_SERVER_PRESET_ERROR, INTERLEAVE_SERVER_PRESET_ERROR_INVALID);
      g_test_message ("%s → %s", cases[i].text, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-preset/valid", test_preset_valid);
  g_test_add_func ("/server-preset/default-workers", test_preset_default_workers);
  g_test_add_func ("/server-preset/invalid", test_preset_invalid);

  return g_test_run ();
}
