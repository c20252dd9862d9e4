/* interleave-cli-simulate.c
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

#define G_LOG_DOMAIN "interleave-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "interleave-cli.h"

int
interleave_cli_simulate (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Not available in this version yet."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return interleave_cli_usage_error ("simulate", "%s", error->message);

  g_printerr ("interleave simulate: %s\n", _("this command is not available in this version yet"));
  return INTERLEAVE_EXIT_FAILURE;
}
