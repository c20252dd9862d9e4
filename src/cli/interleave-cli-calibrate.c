/* interleave-cli-calibrate.c
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

#include "interleave-calibrator.h"
#include "interleave-cli.h"

/* `interleave calibrate --server SERVER|node|python|all [--json FILE]`:
 * calibrates each server in turn, prints what it measured, and stores it
 * in the user's calibration profile of its runtime. */

static const char * const all_servers[] = {
  "node:eventloop", "node:cluster", "python:threaded", "python:prefork", "python:asyncio", NULL,
};

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  GCancellable *cancellable;
  const char   *server;
  char         *last_step;
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
progress_cb (InterleaveCalibrator *calibrator,
             double                fraction,
             const char           *step,
             Run                  *run)
{
  if (run->tty)
    {
      g_printerr ("\r\033[K%-18s %3.0f %%  %s", run->server, fraction * 100.0, step);
      return;
    }

  /* Not a terminal: one line per step. */
  if (g_strcmp0 (step, run->last_step) != 0)
    {
      g_printerr ("%-18s %3.0f %%  %s\n", run->server, fraction * 100.0, step);
      g_free (run->last_step);
      run->last_step = g_strdup (step);
    }
}

static char *
format_us (gint64 ns)
{
  return g_strdup_printf ("%.0f µs", ns / 1e3);
}

static void
print_header (void)
{
  g_print ("%-18s %9s %9s %7s %8s %7s %8s %8s %8s %5s %7s %9s %8s\n",
           _("Server"), _("Overhead"), _("Latency"), _("cpu"), _("cpu wall"),
           _("native"), _("nat wall"), _("native"), _("io +"), _("Pool"), _("Native"), _("GIL"), _("Idle"));
  g_print ("%-18s %9s %9s %7s %8s %7s %8s %8s %8s %5s %7s %9s %8s\n",
           "", _("CPU/req"), _("p50"), _("×"), _("×"), _("×"), _("×"), _("spread"), "", "", _("cores"), _("hand-off"),
           _("wake"));
}

static void
print_result (const char                        *server,
              const InterleaveCalibrationServer *r)
{
  g_autofree char *overhead = format_us (r->overhead_ns);
  g_autofree char *latency = format_us (r->latency_ns);
  g_autofree char *io = format_us (r->io_extra_ns);
  /* Only threads taking turns at a GIL hand it over. */
  g_autofree char *handoff = r->gil_handoff_ns > 0 ? format_us (r->gil_handoff_ns) : g_strdup ("–");

  g_autofree char *wake = format_us (r->idle_wake_ns);

  g_print ("%-18s %9s %9s %7.3f %8.3f %7.3f %8.3f %6.0f %% %8s %5u %7.2f %9s %8s\n",
           server, overhead, latency, r->cpu_factor, r->cpu_wall_factor,
           r->native_factor, r->native_wall_factor, r->native_spread * 100.0, io, r->pool,
           r->native_parallelism, handoff, wake);
}

static gboolean
add_servers (GPtrArray   *presets,
             const char  *text,
             GError     **error)
{
  if (strcmp (text, "all") == 0 || strcmp (text, "node") == 0 || strcmp (text, "python") == 0)
    {
      for (guint i = 0; all_servers[i] != NULL; i++)
        if (strcmp (text, "all") == 0 || g_str_has_prefix (all_servers[i], text))
          g_ptr_array_add (presets, interleave_server_preset_parse (all_servers[i], NULL));
      return TRUE;
    }

  {
    InterleaveServerPreset *preset = interleave_server_preset_parse (text, error);

    if (preset == NULL)
      return FALSE;
    if (preset->runtime == INTERLEAVE_RUNTIME_URL)
      {
        interleave_server_preset_free (preset);
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("--server: only the servers Interleave starts can be calibrated, not a URL"));
        return FALSE;
      }
    g_ptr_array_add (presets, preset);
  }

  return TRUE;
}

int
interleave_cli_calibrate (int    argc,
                          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) presets = g_ptr_array_new_with_free_func ((GDestroyNotify) interleave_server_preset_free);
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) interleave_calibration_free);
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) servers = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *node_path = NULL;
  g_autofree char *python_path = NULL;
  gboolean no_save = FALSE;
  gboolean quick = FALSE;
  double parallelism = NAN;
  gint64 timeslice = -1;
  gint64 tick = -1;
  Run run = { 0 };
  guint sigint_id, sigterm_id;
  int status = INTERLEAVE_EXIT_OK;
  gboolean header = FALSE;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING_ARRAY, &servers,
      N_("node:eventloop, node:cluster:K, python:threaded, python:prefork:K, python:asyncio; "
         "node, python or all for every mode (repeatable)"), N_("SERVER") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path,
      N_("Also write the profiles measured to FILE"), N_("FILE") },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &no_save,
      N_("Do not store the results in this machine’s calibration profiles"), NULL },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick,
      N_("Measure each step half as long (noisier figures)"), NULL },
    { "node", 0, 0, G_OPTION_ARG_FILENAME, &node_path,
      N_("The node program (default: node on PATH)"), N_("PATH") },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &python_path,
      N_("The python3 program (default: python3 on PATH)"), N_("PATH") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Measure what the real test servers cost on this machine — the runtime’s overhead per request, "
      "a millisecond of cpu and of native work, the cores native work and two busy processes get — "
      "and store it in the calibration profile the simulator uses for that runtime."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  interleave calibrate --server node:eventloop\n"
      "  interleave calibrate --server all --json calibration.json\n"
      "\n"
      "Profiles are stored in $XDG_DATA_HOME/interleave/calibration/ (see docs/fidelity.md).\n"
      "Exit status: 0 done, 1 a server could not be calibrated, 2 bad usage,\n"
      "4 a file could not be written."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return interleave_cli_usage_error ("calibrate", "%s", error->message);
  if (argc > 1)
    return interleave_cli_usage_error ("calibrate", _("unexpected argument “%s”"), argv[1]);
  if (servers == NULL)
    return interleave_cli_usage_error ("calibrate", _("--server is required"));

  for (guint i = 0; servers[i] != NULL; i++)
    if (!add_servers (presets, servers[i], &error))
      return interleave_cli_usage_error ("calibrate", "%s", error->message);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.cancellable = cancellable;
  run.tty = isatty (STDERR_FILENO);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  for (guint i = 0; i < presets->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      const InterleaveServerPreset *preset = g_ptr_array_index (presets, i);
      g_autoptr(InterleaveCalibrator) calibrator = interleave_calibrator_new (preset);
      g_autofree char *name = interleave_server_preset_to_string (preset);
      const InterleaveCalibrationServer *result;
      InterleaveCalibration *profile = NULL;
      InterleaveArchRuntime runtime = preset->runtime == INTERLEAVE_RUNTIME_NODE
                                      ? INTERLEAVE_ARCH_RUNTIME_NODE : INTERLEAVE_ARCH_RUNTIME_PYTHON;

      interleave_calibrator_set_node_path (calibrator, node_path);
      interleave_calibrator_set_python_path (calibrator, python_path);
      interleave_calibrator_set_quick (calibrator, quick);
      g_signal_connect (calibrator, "progress", G_CALLBACK (progress_cb), &run);

      run.server = name;
      g_clear_pointer (&run.last_step, g_free);
      interleave_calibrator_run_async (calibrator, cancellable, store_result, &run);
      g_main_loop_run (loop);
      if (run.tty)
        g_printerr ("\r\033[K");

      if (!interleave_calibrator_run_finish (calibrator, run.result, &error))
        {
          g_printerr ("interleave calibrate: %s: %s\n", name, error->message);
          g_clear_error (&error);
          g_clear_object (&run.result);
          status = INTERLEAVE_EXIT_FAILURE;
          continue;
        }
      g_clear_object (&run.result);

      result = interleave_calibrator_get_result (calibrator);
      if (!header)
        print_header ();
      header = TRUE;
      print_result (name, result);
      fflush (stdout);
      parallelism = interleave_calibrator_get_parallelism (calibrator);
      timeslice = interleave_calibrator_get_timeslice (calibrator);
      tick = interleave_calibrator_get_tick (calibrator);

      /* One profile per runtime in the --json output, updated mode by mode. */
      for (guint k = 0; k < profiles->len; k++)
        if (((InterleaveCalibration *) g_ptr_array_index (profiles, k))->runtime == runtime)
          profile = g_ptr_array_index (profiles, k);
      if (profile == NULL)
        g_ptr_array_add (profiles, interleave_calibrator_update_profile (calibrator, NULL));
      else
        interleave_calibration_set_server (profile, result);

      if (!no_save)
        {
          g_autofree char *path = NULL;

          if (!interleave_calibrator_save (calibrator, &path, &error))
            {
              g_printerr ("interleave calibrate: %s\n", error->message);
              g_clear_error (&error);
              status = INTERLEAVE_EXIT_OUTPUT;
            }
        }
    }

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_free (run.last_step);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_printerr ("interleave calibrate: %s\n", _("interrupted; nothing more was stored"));
      return INTERLEAVE_EXIT_FAILURE;
    }

  if (isfinite (parallelism))
    {
      g_print ("\n");
      g_print (_("Machine: %u processors; two busy processes got %.2f cores together."),
               g_get_num_processors (), parallelism);
      g_print ("\n");
    }
  if (timeslice > 0)
    {
      g_print (_("The OS lets a busy thread run %.2f ms before another busy thread takes its core."),
               timeslice / 1e6);
      g_print ("\n");
    }
  if (tick > 0)
    {
      g_print (_("The scheduler ticks every %.2f ms: an idle processor takes over a thread queued on a busy one at its tick."),
               tick / 1e6);
      g_print ("\n");
    }

  if (!no_save && profiles->len > 0)
    {
      g_autofree char *dir = interleave_calibration_get_dir ();

      g_print (_("Stored in %s"), dir);
      g_print ("\n");
    }

  if (json_path != NULL && profiles->len > 0)
    {
      g_autoptr(GString) text = g_string_new ("{\n\"profiles\": [\n");

      for (guint k = 0; k < profiles->len; k++)
        {
          g_autofree char *data = interleave_calibration_to_data (g_ptr_array_index (profiles, k));

          if (k > 0)
            g_string_append (text, ",\n");
          g_string_append (text, g_strchomp (data));
        }
      g_string_append (text, "\n]\n}\n");

      if (!g_file_set_contents (json_path, text->str, text->len, &error))
        {
          g_printerr ("interleave calibrate: %s\n", error->message);
          return INTERLEAVE_EXIT_OUTPUT;
        }
    }

  return status;
}
