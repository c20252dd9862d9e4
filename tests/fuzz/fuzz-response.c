/* fuzz-response.c
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

#include "interleave-live-record-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define SLACK INTERLEAVE_LIVE_RECORD_CLOCK_SLACK

/* The load generator's response handling: whatever a server answers, the
 * record it becomes is sane. The input is text:
 *
 *   STATUS BYTES T0 INTENDED SENT DONE   (numbers; ns on the run's timeline)
 *   PLAN                                 (the plan the request asked for)
 *   SERVER-TIMING                        (the rest, as the header's value)
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", 3);
  g_auto(GStrv) numbers = NULL;
  InterleaveLiveRecord record = { 0 };
  InterleavePlan plan = { 0 };
  g_autofree char *problem = NULL;
  gint64 values[6] = { 200, 0, 0, 0, -1, 0 };
  gint64 earliest, latest;

  if (lines[0] == NULL)
    return 0;

  numbers = g_strsplit (lines[0], " ", 6);
  for (guint i = 0; i < 6 && numbers[i] != NULL; i++)
    values[i] = g_ascii_strtoll (numbers[i], NULL, 10);

  /* What the load generator itself can produce: a status from libsoup,
   * a run clock that starts at 0 and stays far below 2^62 ns. */
  record.id = 1;
  record.pid = -1;
  record.tid = -1;
  record.handler_start = -1;
  record.headers = -1;
  record.intended = CLAMP (values[3], 0, G_GINT64_CONSTANT (1) << 50);
  record.sent = CLAMP (values[4], -1, G_GINT64_CONSTANT (1) << 50);
  record.done = CLAMP (values[5], 0, G_GINT64_CONSTANT (1) << 50);

  if (lines[1] != NULL && !interleave_plan_parse (lines[1], &plan, NULL))
    memset (&plan, 0, sizeof plan);

  problem = _interleave_live_record_read_response (&record, &plan,
                                                   CLAMP (values[2], 0, G_GINT64_CONSTANT (1) << 60),
                                                   (guint) CLAMP (values[0], 0, 999),
                                                   (guint64) MAX (values[1], 0),
                                                   lines[1] != NULL ? lines[2] : NULL);

  g_assert_cmpuint (record.error, <, INTERLEAVE_LIVE_N_ERRORS);
  g_assert_true (problem == NULL || g_utf8_validate (problem, -1, NULL));
  g_assert_true (!record.timing_ok || problem == NULL);
  g_assert_cmpint (record.pid, >=, -1);
  g_assert_cmpint (record.tid, >=, -1);

  earliest = MIN (record.intended, record.sent >= 0 ? record.sent : record.intended) - SLACK;
  latest = record.done + SLACK;
  if (record.timing_ok)
    {
      g_assert_cmpuint (record.n_phases, ==, plan.n_phases);
      for (guint i = 0; i < MIN (record.n_phases, INTERLEAVE_LIVE_RECORD_MAX_PHASES); i++)
        {
          const InterleaveLivePhase *phase = &record.phases[i];

          if (phase->start < earliest || phase->dur < 0 || phase->start + phase->dur > latest)
            {
              /* abort(), not g_error(): libFuzzer saves the input on SIGABRT. */
              g_printerr ("phase %u outside its request\n", i);
              abort ();
            }
          g_assert_cmpuint (phase->kind, ==, plan.phases[i].kind);
          g_assert_cmpint (phase->tid, >=, -1);
        }
    }

  return 0;
}
