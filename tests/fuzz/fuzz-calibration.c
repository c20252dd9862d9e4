/* fuzz-calibration.c
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

#include "interleave-calibration.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The calibration profile loader must never crash on any file, and what
 * it accepts must survive being written and read again unchanged. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(InterleaveCalibration) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = interleave_calibration_load_data ((const char *) data, (gssize) size, "fuzz.json", &error);
  if (profile != NULL)
    {
      g_autoptr(InterleaveCalibration) again = NULL;
      g_autoptr(GError) again_error = NULL;
      g_autofree char *text = interleave_calibration_to_data (profile);
      g_autofree char *text_again = NULL;

      g_assert_no_error (error);
      again = interleave_calibration_load_data (text, -1, "fuzz-again.json", &again_error);
      if (again == NULL)
        {
          /* abort(), not g_error(): libFuzzer saves the input on SIGABRT. */
          g_printerr ("a profile loaded, but its written form did not: %s\n%s\n", again_error->message, text);
          abort ();
        }
      text_again = interleave_calibration_to_data (again);
      if (strcmp (text, text_again) != 0)
        {
          g_printerr ("written twice, a profile changed:\n%s\n%s\n", text, text_again);
          abort ();
        }
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL) || !g_utf8_validate ((const char *) data, size, NULL));
    }

  return 0;
}
