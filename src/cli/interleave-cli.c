/* interleave-cli.c
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
#include <stdio.h>
#include <string.h>

#include "interleave-cli.h"

typedef struct
{
  const char               *name;
  InterleaveCliCommandFunc  func;
  const char               *summary;
} Command;

static const Command commands[] = {
  { "simulate",  interleave_cli_simulate,  N_("Simulate a scenario file; print or export the results") },
  { "measure",   interleave_cli_measure,   N_("Load a real Node.js or Python test server and measure it") },
  { "compare",   interleave_cli_compare,   N_("Simulate and measure side by side (fidelity matrix)") },
  { "calibrate", interleave_cli_calibrate, N_("Measure a server’s overheads and store a calibration profile") },
};

static void
print_help (void)
{
  g_print ("%s\n  interleave\n  interleave %s\n\n",
           _("Usage:"), _("COMMAND [OPTION…]"));
  g_print ("%s\n\n", _("Without a command, Interleave opens its window. "
                       "Commands run headless and need no display."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Options:"));
  g_print ("  -h, --help     %s\n", _("Show this help"));
  g_print ("  --version      %s\n", _("Show the version"));
  g_print ("\n%s\n", _("Run “interleave COMMAND --help” for the options of a command."));
}

/**
 * interleave_cli_usage_error:
 * @command: (nullable): the command the error is about
 * @format: printf-style message
 *
 * Prints a usage error to stderr, in the form "interleave simulate: …".
 *
 * Returns: %INTERLEAVE_EXIT_USAGE
 */
int
interleave_cli_usage_error (const char *command,
                            const char *format,
                            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    g_printerr ("interleave %s: %s\n", command, message);
  else
    g_printerr ("interleave: %s\n", message);

  g_printerr (_("Try “interleave%s%s --help”.\n"),
              command ? " " : "", command ? command : "");

  return INTERLEAVE_EXIT_USAGE;
}

/**
 * interleave_cli_handles:
 * @argc: argument count of main()
 * @argv: arguments of main()
 *
 * The binary is both the app and the command line. This decides, before
 * any GTK initialisation, which one runs: with no argument the window
 * opens; any argument belongs to the command line, which also reports
 * unknown input.
 */
gboolean
interleave_cli_handles (int    argc,
                        char **argv)
{
  if (argc < 2)
    return FALSE;

  /* Options GApplication itself understands (D-Bus activation). */
  return !g_str_has_prefix (argv[1], "--gapplication-");
}

int
interleave_cli_run (int    argc,
                    char **argv)
{
  const char *name;

  g_return_val_if_fail (argc >= 2, INTERLEAVE_EXIT_USAGE);

  name = argv[1];

  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0)
    {
      print_help ();
      return INTERLEAVE_EXIT_OK;
    }

  if (strcmp (name, "--version") == 0)
    {
      g_print ("interleave %s\n", PACKAGE_VERSION);
      return INTERLEAVE_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (name, commands[i].name) == 0)
        return commands[i].func (argc - 1, argv + 1);
    }

  if (name[0] == '-')
    return interleave_cli_usage_error (NULL, _("unknown option “%s”"), name);

  return interleave_cli_usage_error (NULL, _("unknown command “%s”"), name);
}
