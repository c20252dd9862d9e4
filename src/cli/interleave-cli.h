/* interleave-cli.h
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

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of the command line, documented in README.md. */
typedef enum
{
  INTERLEAVE_EXIT_OK       = 0,
  INTERLEAVE_EXIT_FAILURE  = 1,  /* the work could not be done (bad scenario, …) */
  INTERLEAVE_EXIT_USAGE    = 2,  /* unknown command or option, bad value */
  INTERLEAVE_EXIT_SERVER   = 3,  /* the server failed mid-run; partial results kept */
  INTERLEAVE_EXIT_OUTPUT   = 4,  /* an output file could not be written */
} InterleaveExit;

typedef int (*InterleaveCliCommandFunc) (int argc, char **argv);

gboolean interleave_cli_handles (int    argc,
                                 char **argv);
int      interleave_cli_run     (int    argc,
                                 char **argv);
int      interleave_cli_usage_error (const char *command,
                                     const char *format,
                                     ...) G_GNUC_PRINTF (2, 3);

/* One per command, each in interleave-cli-COMMAND.c */
int      interleave_cli_simulate  (int argc, char **argv);
int      interleave_cli_measure   (int argc, char **argv);
int      interleave_cli_compare   (int argc, char **argv);
int      interleave_cli_calibrate (int argc, char **argv);

G_END_DECLS
