/* test-cli.c
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

#include <gio/gio.h>
#include <string.h>

/* The command line runs headless: every case here runs the real binary
 * with DISPLAY and WAYLAND_DISPLAY removed from its environment. */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
run_interleave (Result             *result,
                const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("INTERLEAVE_BIN");

  g_assert_nonnull (binary);

  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static void
test_cli_help (void)
{
  g_auto(Result) r = { 0 };

  run_interleave (&r, (const char *[]) { "--help", NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Usage:"));
  for (guint i = 0; i < 4; i++)
    {
      const char *command = ((const char *[]) { "simulate", "measure", "compare", "calibrate" })[i];
      g_assert_nonnull (strstr (r.out, command));
    }
  g_assert_cmpstr (r.err, ==, "");
}

static void
test_cli_version (void)
{
  g_auto(Result) r = { 0 };

  run_interleave (&r, (const char *[]) { "--version", NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "interleave " PACKAGE_VERSION "\n");
}

static void
test_cli_unknown_command (void)
{
  g_auto(Result) r = { 0 };

  run_interleave (&r, (const char *[]) { "frobnicate", NULL });
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "unknown command “frobnicate”"));
  g_assert_nonnull (strstr (r.err, "--help"));
}

static void
test_cli_unknown_option (void)
{
  g_auto(Result) r = { 0 };

  run_interleave (&r, (const char *[]) { "--frobnicate", NULL });
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown option “--frobnicate”"));
}

static void
test_cli_command_unknown_option (void)
{
  static const char *commands[] = { "simulate", "measure", "compare", "calibrate" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Result) r = { 0 };

      run_interleave (&r, (const char *[]) { commands[i], "--no-such-flag", NULL });
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, "--no-such-flag"));
      g_assert_nonnull (strstr (r.err, commands[i]));
    }
}

static void
test_cli_command_help (void)
{
  static const char *commands[] = { "simulate", "measure", "compare", "calibrate" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Result) r = { 0 };

      run_interleave (&r, (const char *[]) { commands[i], "--help", NULL });
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Usage:"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help", test_cli_help);
  g_test_add_func ("/cli/version", test_cli_version);
  g_test_add_func ("/cli/unknown-command", test_cli_unknown_command);
  g_test_add_func ("/cli/unknown-option", test_cli_unknown_option);
  g_test_add_func ("/cli/command-unknown-option", test_cli_command_unknown_option);
  g_test_add_func ("/cli/command-help", test_cli_command_help);

  return g_test_run ();
}
