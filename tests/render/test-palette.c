/* test-palette.c
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

#include "interleave-palette.h"

/* Every visible state must stand out from the background by 4.5:1 in
 * every palette, and no two states may share a pattern. */
static void
test_palette_contrast (void)
{
  for (guint k = INTERLEAVE_PALETTE_LIGHT; k <= INTERLEAVE_PALETTE_HIGH_CONTRAST; k++)
    {
      const InterleavePalette *palette = interleave_palette_get (k);

      g_assert_cmpfloat (interleave_color_contrast (&palette->foreground, &palette->background), >=, 7.0);

      for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
        {
          double ratio = interleave_color_contrast (&palette->states[s], &palette->background);

          g_test_message ("palette %u state %s: %.2f:1", k, interleave_state_to_string (s), ratio);
          g_assert_cmpfloat (ratio, >=, 4.5);
        }
    }
}

static void
test_palette_patterns_distinct (void)
{
  for (guint a = INTERLEAVE_STATE_RUNNING; a < INTERLEAVE_N_STATES; a++)
    {
      g_assert_cmpint (interleave_palette_get_pattern (a), !=, INTERLEAVE_PATTERN_NONE);
      for (guint b = a + 1; b < INTERLEAVE_N_STATES; b++)
        g_assert_cmpint (interleave_palette_get_pattern (a), !=, interleave_palette_get_pattern (b));
    }
}

static void
test_contrast_known_values (void)
{
  InterleaveColor black = { 0, 0, 0, 1 };
  InterleaveColor white = { 1, 1, 1, 1 };

  g_assert_cmpfloat_with_epsilon (interleave_color_contrast (&black, &white), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (interleave_color_contrast (&white, &white), 1.0, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/palette/contrast", test_palette_contrast);
  g_test_add_func ("/palette/patterns-distinct", test_palette_patterns_distinct);
  g_test_add_func ("/palette/contrast-known-values", test_contrast_known_values);

  return g_test_run ();
}
