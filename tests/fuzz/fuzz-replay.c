/* fuzz-replay.c
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

/* Replays a fuzzer's corpus through its LLVMFuzzerTestOneInput() in an
 * ordinary build, so every input ever found (crashes included, once
 * fixed) stays a regression test in every test run, the ASan one too. */

#include "config.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
main (int   argc,
      char *argv[])
{
  guint n_inputs = 0;

  if (argc != 2)
    {
      g_printerr ("usage: %s CORPUS-DIR\n", argv[0]);
      return 2;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = g_dir_open (argv[1], 0, &error);
    const char *name;

    if (dir == NULL)
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (argv[1], name, NULL);
        g_autofree char *contents = NULL;
        gsize length;

        if (!g_file_get_contents (path, &contents, &length, &error))
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }

        LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
        n_inputs++;
      }
  }

  if (n_inputs == 0)
    {
      g_printerr ("%s: empty corpus\n", argv[1]);
      return 1;
    }

  g_print ("%u inputs replayed from %s\n", n_inputs, argv[1]);
  return 0;
}
