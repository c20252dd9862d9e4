/* fuzz-server-timing.c
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

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "interleave-server-timing.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *plans[] = { "", "cpu:5", "cpu:5,io:20,native:3", "io:1,io:1,io:1" };

/* The Server-Timing parser must never crash on what a server sends: what
 * it accepts is within its limits and names only tokens; what it refuses
 * has a readable message. Checking against a plan never crashes either. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *header = g_strndup ((const char *) data, size);
  g_autoptr(InterleaveServerTiming) timing = NULL;
  g_autoptr(GError) error = NULL;

  timing = interleave_server_timing_parse (header, &error);
  if (timing == NULL)
    {
      g_assert_nonnull (error);
      if (!g_utf8_validate (error->message, -1, NULL))
        {
          /* abort(), not g_error(): libFuzzer saves the input on SIGABRT. */
          g_printerr ("an unreadable message for a refused header\n");
          abort ();
        }
      return 0;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (timing->n_entries, <=, INTERLEAVE_SERVER_TIMING_MAX_ENTRIES);
  for (guint i = 0; i < timing->n_entries; i++)
    {
      const InterleaveServerTimingEntry *entry = &timing->entries[i];

      g_assert_nonnull (entry->name);
      g_assert_cmpuint (strlen (entry->name), >, 0);
      g_assert_true (interleave_server_timing_lookup (timing, entry->name) != NULL);
      g_assert_true (isnan (entry->dur_ms) || (isfinite (entry->dur_ms) && entry->dur_ms >= 0.0));
      g_assert_true (isnan (entry->start_ms) || (isfinite (entry->start_ms) && entry->start_ms >= 0.0));
      g_assert_cmpint (entry->pid, >=, -1);
      g_assert_cmpint (entry->tid, >=, -1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      g_autoptr(GError) plan_error = NULL;
      InterleavePlan plan;

      g_assert_true (interleave_plan_parse (plans[i], &plan, NULL) || plans[i][0] == '\0');
      if (plans[i][0] == '\0')
        memset (&plan, 0, sizeof plan);
      if (!interleave_server_timing_check_plan (timing, &plan, &plan_error))
        g_assert_true (g_utf8_validate (plan_error->message, -1, NULL));
    }

  return 0;
}
