/* interleave-cli-compare.c
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
#include <glib-unix.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "interleave-cli.h"
#include "interleave-fidelity-runner.h"
#include "interleave-scenario.h"

/* `interleave compare --matrix FILE|default|quick [--json FILE]
 * [--markdown FILE]`: the fidelity matrix (docs/fidelity.md). */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  GCancellable *cancellable;
  char         *last;
  gboolean      tty;
} Run;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Run *run = data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupt_cb (gpointer data)
{
  Run *run = data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (InterleaveFidelityRunner *runner,
             double                    fraction,
             const char               *message,
             Run                      *run)
{
  if (run->tty)
    {
      g_printerr ("\r\033[K%3.0f %%  %s", fraction * 100.0, message);
      return;
    }

  if (g_strcmp0 (message, run->last) != 0)
    {
      g_printerr ("%3.0f %%  %s\n", fraction * 100.0, message);
      g_free (run->last);
      run->last = g_strdup (message);
    }
}

static void
cell_finished_cb (InterleaveFidelityRunner *runner,
                  guint                     index,
                  Run                      *run)
{
  const InterleaveFidelityCell *cell = interleave_fidelity_runner_get_cell (runner, index);
  g_autofree char *load = interleave_fidelity_load_to_string (&cell->spec.load);

  if (run->tty)
    g_printerr ("\r\033[K");

  if (!cell->done)
    {
      g_printerr ("      %s  %s  %s: %s\n", cell->spec.server, cell->spec.plan, load,
                  cell->error != NULL ? cell->error : "");
      return;
    }

  g_printerr ("      %s  %s  %s: %s  %.1f/%.1f req/s (%+.1f %%), p50 %.2f/%.2f ms (%+.1f %%), p99 %.2f/%.2f ms (%+.1f %%)\n",
              cell->spec.server, cell->spec.plan, load, cell->pass ? "ok" : _("MISS"),
              cell->measured.throughput, cell->simulated.throughput, cell->throughput_error * 100,
              cell->measured.p50_ms, cell->simulated.p50_ms, cell->p50_error * 100,
              cell->measured.p99_ms, cell->simulated.p99_ms, cell->p99_error * 100);
}

static gboolean
write_file (const char  *path,
            const char  *contents,
            GError     **error)
{
  return g_file_set_contents (path, contents, -1, error);
}

int
interleave_cli_compare (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveFidelityMatrix) matrix = NULL;
  g_autoptr(InterleaveFidelityRunner) runner = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *matrix_text = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *markdown_path = NULL;
  g_autofree char *calibration = NULL;
  g_autofree char *quiet_wait = NULL;
  g_autofree char *node_path = NULL;
  g_autofree char *python_path = NULL;
  g_autofree char *table = NULL;
  gboolean print_matrix = FALSE;
  Run run = { 0 };
  guint sigint_id, sigterm_id;
  guint passed, p99_passed = 0, errors = 0;
  gboolean cancelled;
  int status = INTERLEAVE_EXIT_OK;
  const GOptionEntry entries[] = {
    { "matrix", 'm', 0, G_OPTION_ARG_FILENAME, &matrix_text,
      N_("A matrix file, or “default” (5 servers × 4 plans × 3 loads) or “quick” (4 cells, under a minute)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path,
      N_("Write every cell’s simulated and measured figures and their relative errors as JSON"), N_("FILE") },
    { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &markdown_path,
      N_("Write the table as Markdown"), N_("FILE") },
    { "calibration", 0, 0, G_OPTION_ARG_STRING, &calibration,
      N_("fresh (calibrate each server first, the default), profile (this machine’s stored profiles) or none"), N_("HOW") },
    { "wait-for-quiet", 0, 0, G_OPTION_ARG_STRING, &quiet_wait,
      N_("Before each measurement, wait up to TIME for other programs to leave the cores alone (e.g. 30s)"), N_("TIME") },
    { "print-matrix", 0, 0, G_OPTION_ARG_NONE, &print_matrix,
      N_("Print the built-in matrix as JSON, a starting point for a file, and exit"), NULL },
    { "node", 0, 0, G_OPTION_ARG_FILENAME, &node_path,
      N_("The node program (default: node on PATH)"), N_("PATH") },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &python_path,
      N_("The python3 program (default: python3 on PATH)"), N_("PATH") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Measure real servers and simulate them under the same load, side by side: "
      "throughput, p50 and p99, with the relative error of each."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  interleave compare --matrix quick\n"
      "  interleave compare --matrix default --json fidelity.json --markdown fidelity.md\n"
      "\n"
      "The matrix format and the method are described in docs/fidelity.md.\n"
      "Exit status: 0 every cell is within its tolerances, 1 a cell missed them or\n"
      "could not be run, 2 bad usage, 4 an output file could not be written."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return interleave_cli_usage_error ("compare", "%s", error->message);
  if (argc > 1)
    return interleave_cli_usage_error ("compare", _("unexpected argument “%s”"), argv[1]);
  if (matrix_text == NULL)
    return interleave_cli_usage_error ("compare", _("--matrix is required: a file, “default” or “quick”"));

  if (print_matrix)
    {
      const char *builtin = interleave_fidelity_matrix_get_builtin (matrix_text);

      if (builtin == NULL)
        return interleave_cli_usage_error ("compare", _("--print-matrix: “%s” is not a built-in matrix (default, quick)"),
                                           matrix_text);
      g_print ("%s", builtin);
      return INTERLEAVE_EXIT_OK;
    }

  matrix = interleave_fidelity_matrix_new_named (matrix_text);
  if (matrix == NULL)
    {
      matrix = interleave_fidelity_matrix_load_file (matrix_text, &error);
      if (matrix == NULL)
        {
          g_printerr ("interleave compare: %s\n", error->message);
          return INTERLEAVE_EXIT_FAILURE;
        }
    }

  if (calibration != NULL)
    {
      if (strcmp (calibration, "fresh") == 0)
        matrix->calibration = INTERLEAVE_FIDELITY_CALIBRATION_FRESH;
      else if (strcmp (calibration, "profile") == 0)
        matrix->calibration = INTERLEAVE_FIDELITY_CALIBRATION_PROFILE;
      else if (strcmp (calibration, "none") == 0)
        matrix->calibration = INTERLEAVE_FIDELITY_CALIBRATION_NONE;
      else
        return interleave_cli_usage_error ("compare", _("--calibration: expected fresh, profile or none, got “%s”"),
                                           calibration);
    }

  if (quiet_wait != NULL &&
      (!interleave_time_parse (quiet_wait, &matrix->quiet_wait_ns) || matrix->quiet_wait_ns > G_GINT64_CONSTANT (3600000000000)))
    return interleave_cli_usage_error ("compare", _("--wait-for-quiet: expected a time such as 30s, got “%s”"), quiet_wait);

  runner = interleave_fidelity_runner_new (matrix);
  interleave_fidelity_runner_set_node_path (runner, node_path);
  interleave_fidelity_runner_set_python_path (runner, python_path);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.cancellable = cancellable;
  run.tty = isatty (STDERR_FILENO);
  g_signal_connect (runner, "progress", G_CALLBACK (progress_cb), &run);
  g_signal_connect (runner, "cell-finished", G_CALLBACK (cell_finished_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u cell, calibration “%s”\n", "%s: %u cells, calibration “%s”\n",
                           matrix->n_cells),
              matrix->title, matrix->n_cells, interleave_fidelity_calibration_to_string (matrix->calibration));

  interleave_fidelity_runner_run_async (runner, cancellable, store_result, &run);
  g_main_loop_run (loop);
  if (run.tty)
    g_printerr ("\r\033[K");

  cancelled = !interleave_fidelity_runner_run_finish (runner, run.result, &error);
  g_clear_object (&run.result);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_free (run.last);

  {
    const GPtrArray *warnings = interleave_fidelity_runner_get_warnings (runner);

    for (guint i = 0; i < warnings->len; i++)
      g_printerr ("interleave compare: %s\n", (const char *) g_ptr_array_index (warnings, i));
  }

  table = interleave_fidelity_runner_to_table (runner);
  g_print ("%s\n", table);

  passed = interleave_fidelity_runner_count_passed (runner);
  for (guint i = 0; i < matrix->n_cells; i++)
    {
      const InterleaveFidelityCell *cell = interleave_fidelity_runner_get_cell (runner, i);

      p99_passed += cell->done && cell->p99_pass;
      errors += cell->error != NULL;
    }

  g_print (_("%u of %u cells within ±%.0f %% throughput and ±%.0f %% p50; p99 within ±%.0f %% in %u."),
           passed, matrix->n_cells, matrix->tolerance_throughput * 100, matrix->tolerance_p50 * 100,
           matrix->tolerance_p99 * 100, p99_passed);
  g_print ("\n");
  if (isfinite (interleave_fidelity_runner_get_parallelism (runner)))
    {
      g_print (_("Machine: %u processors; two busy processes got %.2f cores together."),
               g_get_num_processors (), interleave_fidelity_runner_get_parallelism (runner));
      g_print ("\n");
    }
  if (interleave_fidelity_runner_get_tick (runner) > 0)
    {
      if (matrix->balance_at_tick)
        g_print (_("The scheduler ticks every %.2f ms; the simulated cores balance at it."),
                 interleave_fidelity_runner_get_tick (runner) / 1e6);
      else
        g_print (_("The scheduler ticks every %.2f ms."), interleave_fidelity_runner_get_tick (runner) / 1e6);
      g_print ("\n");
    }

  if (cancelled)
    {
      g_printerr ("interleave compare: %s\n",
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? _("interrupted") : error->message);
      g_clear_error (&error);
      status = INTERLEAVE_EXIT_FAILURE;
    }
  else if (passed < matrix->n_cells || errors > 0)
    status = INTERLEAVE_EXIT_FAILURE;

  if (json_path != NULL)
    {
      g_autofree char *json = interleave_fidelity_runner_to_json (runner);

      if (!write_file (json_path, json, &error))
        {
          g_printerr ("interleave compare: %s\n", error->message);
          g_clear_error (&error);
          status = INTERLEAVE_EXIT_OUTPUT;
        }
    }

  if (markdown_path != NULL)
    {
      g_autofree char *markdown = interleave_fidelity_runner_to_markdown (runner);

      if (!write_file (markdown_path, markdown, &error))
        {
          g_printerr ("interleave compare: %s\n", error->message);
          g_clear_error (&error);
          status = INTERLEAVE_EXIT_OUTPUT;
        }
    }

  return status;
}
