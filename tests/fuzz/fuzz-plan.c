/* fuzz-plan.c
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

#include "interleave-plan.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The plan parser must never crash, and what it accepts must survive a
 * round trip through interleave_plan_to_string(). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  InterleavePlan plan;

  if (interleave_plan_parse (text, &plan, &error))
    {
      g_autofree char *again = interleave_plan_to_string (&plan);
      InterleavePlan reparsed;

      g_assert_no_error (error);
      g_assert_true (plan.n_phases <= INTERLEAVE_PLAN_MAX_PHASES);
      if (!interleave_plan_parse (again, &reparsed, NULL))
        {
          /* abort(), not g_error(): libFuzzer saves the input on SIGABRT. */
          g_printerr ("“%s” parsed, but its canonical form “%s” did not\n", text, again);
          abort ();
        }
      g_assert_cmpuint (reparsed.n_phases, ==, plan.n_phases);
      for (guint i = 0; i < plan.n_phases; i++)
        g_assert_cmpint (reparsed.phases[i].kind, ==, plan.phases[i].kind);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL) || !g_utf8_validate (text, -1, NULL));
    }

  return 0;
}
