/* fuzz-scenario.c
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

#include "interleave-scenario.h"
#include "interleave-scenario-writer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The scenario loader must never crash on any file, never accept what its
 * own validation refuses, and what it accepts must be written and read
 * back to the same text (the app saves edited scenarios that way). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  scenario = interleave_scenario_load_data ((const char *) data, (gssize) size, "fuzz.json", &error);
  if (scenario != NULL)
    {
      g_autoptr(InterleaveScenario) copy = NULL;
      g_autoptr(InterleaveScenario) again = NULL;
      g_autoptr(GError) again_error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_again = NULL;

      g_assert_no_error (error);
      g_assert_true (interleave_scenario_validate (scenario, NULL));
      g_assert_true (interleave_scenario_expected_requests (scenario) <= INTERLEAVE_SCENARIO_MAX_REQUESTS);

      copy = interleave_scenario_copy (scenario);
      text = interleave_scenario_writer_to_json (copy);
      again = interleave_scenario_load_data (text, -1, "fuzz-again.json", &again_error);
      if (again == NULL)
        {
          /* abort(), not g_error(): libFuzzer saves the input on SIGABRT. */
          g_printerr ("a scenario loaded, but its written form did not: %s\n%s\n", again_error->message, text);
          abort ();
        }
      text_again = interleave_scenario_writer_to_json (again);
      if (strcmp (text, text_again) != 0)
        {
          g_printerr ("written twice, a scenario changed:\n%s\n%s\n", text, text_again);
          abort ();
        }
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == INTERLEAVE_SCENARIO_ERROR);
      if (!g_utf8_validate (error->message, -1, NULL))
        {
          g_printerr ("an unreadable message for a refused scenario\n");
          abort ();
        }
    }

  return 0;
}
