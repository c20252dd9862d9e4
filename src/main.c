/* main.c
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

#include <glib/gi18n.h>
#include <locale.h>

#include "interleave-application.h"
#include "interleave-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(InterleaveApplication) app = NULL;
  const char *localedir = g_getenv ("INTERLEAVE_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* An uninstalled build finds its catalogues in BUILDDIR/po. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The command line runs without a display: decide before GTK starts. */
  if (interleave_cli_handles (argc, argv))
    return interleave_cli_run (argc, argv);

  app = interleave_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
