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
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "interleave-chrome-trace-writer.h"
#include "interleave-calibration.h"
#include "interleave-cli.h"
#include "interleave-csv-writer.h"
#include "interleave-figure.h"
#include "interleave-narrator.h"
#include "interleave-output-file.h"
#include "interleave-simulation.h"
#include "interleave-summary-writer.h"

/* `interleave simulate SCENARIO.json [OPTION…]`
 *
 * Options live in one struct and one GOptionEntry table. An output that
 * needs the whole trace of each architecture adds its file to
 * SimulateOptions, opens it in open_outputs(), consumes each trace in
 * write_trace() and finishes in close_outputs(); needs_trace() says
 * whether traces must be recorded at all. */

typedef struct
{
  char     *seed;
  char     *duration;
  gboolean  summary;
  char     *csv;
  char     *series_csv;
  char     *json;
  char     *trace;
  char    **architectures;
  gboolean  bench;
  gboolean  no_calibration;
  char     *png;
  char     *svg;
  char     *pdf;
  int       width;
  int       height;
  char     *from;
  char     *to;
  char     *palette;
  char     *at;
  char    **rest;
} SimulateOptions;

typedef struct
{
  GOutputStream               *csv;
  GOutputStream               *series_csv;
  InterleaveChromeTraceWriter *trace;
  guint                        n_written;
} Outputs;

static void
options_clear (SimulateOptions *options)
{
  g_free (options->seed);
  g_free (options->duration);
  g_free (options->csv);
  g_free (options->series_csv);
  g_free (options->json);
  g_free (options->trace);
  g_free (options->png);
  g_free (options->svg);
  g_free (options->pdf);
  g_free (options->from);
  g_free (options->to);
  g_free (options->palette);
  g_free (options->at);
  g_strfreev (options->architectures);
  g_strfreev (options->rest);
}

static void
outputs_clear (Outputs *outputs)
{
  g_clear_object (&outputs->csv);
  g_clear_object (&outputs->series_csv);
  g_clear_pointer (&outputs->trace, interleave_chrome_trace_writer_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimulateOptions, options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outputs, outputs_clear)

static gboolean
needs_image (const SimulateOptions *options)
{
  return options->png != NULL || options->svg != NULL || options->pdf != NULL;
}

static gboolean
needs_trace (const SimulateOptions *options)
{
  return options->csv != NULL || options->series_csv != NULL || options->trace != NULL ||
         needs_image (options);
}

/* The pictures: the same figure the app exports, drawn by the shared
 * renderer, without a display. */
static gboolean
write_images (const SimulateOptions      *options,
              const InterleaveScenario   *scenario,
              GPtrArray                  *traces,
              GPtrArray                  *summaries,
              gint64                      from,
              gint64                      to,
              gint64                      at,
              InterleavePaletteKind       palette,
              GError                    **error)
{
  InterleaveCaption caption = { 0 };
  g_autofree char *caption_text = NULL;
  const struct { const char *path; InterleaveImageFormat format; } images[] = {
    { options->png, INTERLEAVE_IMAGE_PNG },
    { options->svg, INTERLEAVE_IMAGE_SVG },
    { options->pdf, INTERLEAVE_IMAGE_PDF },
  };
  InterleaveFigure figure;

  interleave_figure_init (&figure);
  figure.title = scenario->title;
  figure.traces = (const InterleaveTrace * const *) traces->pdata;
  figure.summaries = (const InterleaveSummary * const *) summaries->pdata;
  figure.n_traces = traces->len;
  figure.start = from;
  figure.end = to;
  figure.palette = palette;
  figure.charts = TRUE;

  /* A moment: the playhead there, the future veiled, and the caption the
   * app would show for the first architecture. */
  if (at >= 0 && traces->len > 0)
    {
      const InterleaveTrace *first = g_ptr_array_index (traces, 0);

      interleave_narrator_describe (first, at, INTERLEAVE_NO_REQUEST, &caption);
      caption_text = g_strdup_printf ("%s: %s", first->name, caption.text);
      interleave_caption_clear (&caption);
      figure.playhead = at;
      figure.ghost_future = TRUE;
      figure.caption = caption_text;
    }

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      g_autoptr(GFile) file = NULL;

      if (images[i].path == NULL)
        continue;

      file = g_file_new_for_commandline_arg (images[i].path);
      if (!interleave_figure_export (&figure, images[i].format, file,
                                     options->width, options->height, error))
        return FALSE;
    }

  return TRUE;
}

static GOutputStream *
open_file (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) local_error = NULL;
  GOutputStream *stream;

  stream = interleave_output_file_open (file, G_FILE_CREATE_NONE, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not write “%s”: %s"), path, local_error->message);
      return NULL;
    }

  return stream;
}

static gboolean
open_outputs (const SimulateOptions  *options,
              Outputs                *outputs,
              GError                **error)
{
  if (options->csv != NULL && !(outputs->csv = open_file (options->csv, error)))
    return FALSE;
  if (options->series_csv != NULL && !(outputs->series_csv = open_file (options->series_csv, error)))
    return FALSE;
  if (options->trace != NULL)
    {
      g_autoptr(GOutputStream) stream = open_file (options->trace, error);

      if (stream == NULL)
        return FALSE;
      outputs->trace = interleave_chrome_trace_writer_new (stream);
    }

  return TRUE;
}

static gboolean
prefix_error (gboolean     ok,
              const char  *path,
              GError     **error)
{
  if (!ok && error != NULL && *error != NULL)
    g_prefix_error (error, "%s: ", path);
  return ok;
}

static gboolean
write_trace (const SimulateOptions  *options,
             Outputs                *outputs,
             const InterleaveTrace  *trace,
             GError                **error)
{
  gboolean first = outputs->n_written++ == 0;

  if (outputs->csv != NULL &&
      !prefix_error (interleave_csv_writer_write_requests (outputs->csv, trace, first, NULL, error),
                     options->csv, error))
    return FALSE;
  if (outputs->series_csv != NULL &&
      !prefix_error (interleave_csv_writer_write_series (outputs->series_csv, trace, first, NULL, error),
                     options->series_csv, error))
    return FALSE;
  if (outputs->trace != NULL &&
      !prefix_error (interleave_chrome_trace_writer_add_trace (outputs->trace, trace, NULL, error),
                     options->trace, error))
    return FALSE;

  return TRUE;
}

static gboolean
close_outputs (const SimulateOptions  *options,
               Outputs                *outputs,
               GError                **error)
{
  if (outputs->csv != NULL &&
      !prefix_error (g_output_stream_close (outputs->csv, NULL, error), options->csv, error))
    return FALSE;
  if (outputs->series_csv != NULL &&
      !prefix_error (g_output_stream_close (outputs->series_csv, NULL, error), options->series_csv, error))
    return FALSE;
  if (outputs->trace != NULL &&
      !prefix_error (interleave_chrome_trace_writer_close (outputs->trace, NULL, error), options->trace, error))
    return FALSE;

  return TRUE;
}

static void
merge_delta (InterleaveTrace *delta,
             gpointer         user_data)
{
  interleave_trace_merge (user_data, delta);
  interleave_trace_free (delta);
}

static char *
format_ms (double value)
{
  if (!isfinite (value))
    return g_strdup ("–");
  if (value >= 100.0)
    return g_strdup_printf ("%.0f", value);
  if (value >= 10.0)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.2f", value);
}

static void
print_table (const InterleaveScenario  *scenario,
             InterleaveSummary * const *summaries,
             guint                      n)
{
  guint width = 12;

  for (guint i = 0; i < n; i++)
    width = MAX (width, (guint) g_utf8_strlen (summaries[i]->name, -1));

  g_print ("%s\n", scenario->title);
  g_print ("%*s  %9s %8s %9s %8s %8s %8s %8s %8s %6s %6s\n",
           -(int) width, _("Architecture"), _("Completed"), _("Refused"), _("Req/s"),
           _("Mean"), _("p50"), _("p95"), _("p99"), _("Max"), _("CPU"), _("GIL"));
  g_print ("%*s  %9s %8s %9s %8s %8s %8s %8s %8s %6s %6s\n",
           -(int) width, "", "", "", "", "ms", "ms", "ms", "ms", "ms", "%", "%");

  for (guint i = 0; i < n; i++)
    {
      const InterleaveSummary *s = summaries[i];
      g_autofree char *mean = format_ms (s->latency_mean_ms);
      g_autofree char *p50 = format_ms (s->latency_p50_ms);
      g_autofree char *p95 = format_ms (s->latency_p95_ms);
      g_autofree char *p99 = format_ms (s->latency_p99_ms);
      g_autofree char *max = format_ms (s->latency_max_ms);
      g_autofree char *gil = isfinite (s->gil_contended)
        ? g_strdup_printf ("%.0f", 100.0 * s->gil_contended) : g_strdup ("–");
      /* Pad by characters, not bytes: names may be UTF-8. */
      int pad = (int) width - (int) g_utf8_strlen (s->name, -1);

      g_print ("%s%*s  %9" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT " %9.1f %8s %8s %8s %8s %8s %6.0f %6s\n",
               s->name, pad, "", s->completed, s->refused + s->failed, s->throughput,
               mean, p50, p95, p99, max, 100.0 * s->cpu_utilisation, gil);
    }
}

/* CPU time of this thread: --bench figures that other load on the machine
 * does not distort. */
static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static guint
find_architecture (const InterleaveScenario *scenario,
                   const char               *name)
{
  char *end = NULL;
  guint64 index;

  for (guint i = 0; i < scenario->n_architectures; i++)
    if (g_strcmp0 (scenario->architectures[i].name, name) == 0)
      return i;

  index = g_ascii_strtoull (name, &end, 10);
  if (end != name && *end == '\0' && index >= 1 && index <= scenario->n_architectures)
    return (guint) index - 1;

  return G_MAXUINT;
}

int
interleave_cli_simulate (int    argc,
                         char **argv)
{
  g_auto(SimulateOptions) options = { 0 };
  g_auto(Outputs) outputs = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) interleave_summary_free);
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (guint));
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &options.seed,
      N_("Random seed (overrides the scenario’s)"), N_("N") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &options.duration,
      N_("Simulated time, such as 10s or 500ms (overrides the scenario’s)"), N_("TIME") },
    { "architecture", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &options.architectures,
      N_("Simulate only this architecture (name or number; repeatable)"), N_("NAME") },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &options.summary,
      N_("Print the summary table (the default without output files)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &options.json,
      N_("Write the summary as JSON"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &options.csv,
      N_("Write one CSV row per request"), N_("FILE") },
    { "series-csv", 0, 0, G_OPTION_ARG_FILENAME, &options.series_csv,
      N_("Write the metric series (one CSV row per window)"), N_("FILE") },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &options.trace,
      N_("Write a Chrome trace (JSON) that Perfetto opens"), N_("FILE") },
    { "bench", 0, 0, G_OPTION_ARG_NONE, &options.bench,
      N_("Print how fast the simulator ran (events per second)"), NULL },
    { "no-calibration", 0, 0, G_OPTION_ARG_NONE, &options.no_calibration,
      N_("Use the built-in defaults, not this machine’s calibration profiles (interleave calibrate)"), NULL },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &options.png,
      N_("Draw the timelines and charts as a PNG image"), N_("FILE") },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &options.svg,
      N_("Draw them as an SVG image"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &options.pdf,
      N_("Draw them as a PDF page"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &options.width,
      N_("Image width in pixels (default 1920)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &options.height,
      N_("Image height in pixels (default 1080)"), N_("H") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from,
      N_("Start of the time shown in images (default 0)"), N_("TIME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to,
      N_("End of the time shown in images (default: a few requests across)"), N_("TIME") },
    { "palette", 0, 0, G_OPTION_ARG_STRING, &options.palette,
      N_("Colours of images: light, dark or high-contrast"), N_("NAME") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &options.at,
      N_("Put the playhead of images at this time, with its caption"), N_("TIME") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.rest, NULL, N_("SCENARIO.json") },
    { NULL }
  };
  guint64 seed = 0;
  gint64 duration = 0;
  gint64 from = 0, to = -1, at = -1;
  InterleavePaletteKind palette = INTERLEAVE_PALETTE_LIGHT;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) interleave_trace_free);

  context = g_option_context_new (_("SCENARIO.json — simulate a scenario on each of its architectures"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Prints a summary table per architecture, or writes the summary (--json), "
      "the requests and metric series (--csv, --series-csv), a Chrome trace "
      "(--trace) and a picture of the timelines and charts (--png, --svg, --pdf; "
      "no display needed). The scenario format is described in docs/scenarios.md."));

  options.width = 1920;
  options.height = 1080;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return interleave_cli_usage_error ("simulate", "%s", error->message);

  if (options.width < INTERLEAVE_IMAGE_MIN_SIZE || options.width > INTERLEAVE_IMAGE_MAX_SIZE)
    return interleave_cli_usage_error ("simulate", _("--width: expected %d to %d pixels, got %d"),
                                       INTERLEAVE_IMAGE_MIN_SIZE, INTERLEAVE_IMAGE_MAX_SIZE, options.width);
  if (options.height < INTERLEAVE_IMAGE_MIN_SIZE || options.height > INTERLEAVE_IMAGE_MAX_SIZE)
    return interleave_cli_usage_error ("simulate", _("--height: expected %d to %d pixels, got %d"),
                                       INTERLEAVE_IMAGE_MIN_SIZE, INTERLEAVE_IMAGE_MAX_SIZE, options.height);
  if (options.from != NULL && !interleave_time_parse (options.from, &from))
    return interleave_cli_usage_error ("simulate", _("--from: expected a time such as 2s, got “%s”"), options.from);
  if (options.to != NULL && (!interleave_time_parse (options.to, &to) || to <= from))
    return interleave_cli_usage_error ("simulate", _("--to: expected a time after --from, such as 2.5s, got “%s”"),
                                       options.to);
  if (options.at != NULL && !interleave_time_parse (options.at, &at))
    return interleave_cli_usage_error ("simulate", _("--at: expected a time such as 2.1s, got “%s”"), options.at);
  if (options.palette != NULL)
    {
      if (g_str_equal (options.palette, "light"))
        palette = INTERLEAVE_PALETTE_LIGHT;
      else if (g_str_equal (options.palette, "dark"))
        palette = INTERLEAVE_PALETTE_DARK;
      else if (g_str_equal (options.palette, "high-contrast"))
        palette = INTERLEAVE_PALETTE_HIGH_CONTRAST;
      else
        return interleave_cli_usage_error ("simulate", _("--palette: expected light, dark or high-contrast, got “%s”"),
                                           options.palette);
    }
  {
    const char *images[] = { options.png, options.svg, options.pdf };
    const char *expected[] = { "png", "svg", "pdf" };

    for (guint i = 0; i < G_N_ELEMENTS (images); i++)
      {
        InterleaveImageFormat format;

        g_autoptr(GFile) image = images[i] ? g_file_new_for_commandline_arg (images[i]) : NULL;

        /* A device or pipe (/dev/stdout) has no extension to go by. */
        if (images[i] != NULL && !interleave_output_file_is_special (image) &&
            (!interleave_image_format_from_name (images[i], &format) || format != (InterleaveImageFormat) i))
          return interleave_cli_usage_error ("simulate", _("--%s: the file name must end in .%s, got “%s”"),
                                             expected[i], expected[i], images[i]);
      }
  }

  if (options.rest == NULL || options.rest[0] == NULL)
    return interleave_cli_usage_error ("simulate", "%s", _("missing the scenario file"));
  if (options.rest[1] != NULL)
    return interleave_cli_usage_error ("simulate", _("unexpected argument “%s”"), options.rest[1]);

  if (options.seed != NULL)
    {
      if (!g_ascii_string_to_unsigned (options.seed, 10, 0, G_GUINT64_CONSTANT (9007199254740992), &seed, NULL))
        return interleave_cli_usage_error ("simulate", _("--seed: expected a whole number from 0 to 2^53, got “%s”"),
                                           options.seed);
    }
  if (options.duration != NULL)
    {
      if (!interleave_time_parse (options.duration, &duration) || duration < 1000000 ||
          duration > INTERLEAVE_SCENARIO_MAX_DURATION_NS)
        return interleave_cli_usage_error ("simulate", _("--duration: expected a time from 1ms to 1h, such as 10s, got “%s”"),
                                           options.duration);
    }

  scenario = interleave_scenario_load_file (options.rest[0], &error);
  if (scenario == NULL)
    {
      g_printerr ("interleave simulate: %s\n", error->message);
      return INTERLEAVE_EXIT_FAILURE;
    }

  /* This machine's calibration profiles, unless told otherwise: a broken
   * one is named and left out, and the defaults are used. */
  if (!options.no_calibration)
    {
      g_autoptr(GPtrArray) warnings = NULL;
      g_autoptr(GPtrArray) profiles = interleave_calibration_load_user_all (&warnings);
      guint n;

      for (guint i = 0; i < warnings->len; i++)
        g_printerr (_("interleave simulate: warning: ignoring a calibration profile (the defaults are used): %s\n"),
                    (const char *) g_ptr_array_index (warnings, i));

      n = interleave_calibration_apply_to_scenario ((const InterleaveCalibration * const *) profiles->pdata,
                                                    profiles->len, scenario);
      if (n > 0)
        {
          g_autofree char *dir = interleave_calibration_get_dir ();

          g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                   "interleave simulate: %u architecture calibrated from the profiles in %s\n",
                                   "interleave simulate: %u architectures calibrated from the profiles in %s\n", n),
                      n, dir);
        }
    }

  if (options.seed != NULL)
    scenario->seed = seed;
  if (options.duration != NULL)
    {
      scenario->duration_ns = duration;
      if (!interleave_scenario_validate (scenario, &error))
        {
          g_printerr ("interleave simulate: %s: %s\n", options.rest[0], error->message);
          return INTERLEAVE_EXIT_FAILURE;
        }
    }

  if (options.architectures != NULL)
    {
      for (guint i = 0; options.architectures[i] != NULL; i++)
        {
          guint index = find_architecture (scenario, options.architectures[i]);

          if (index == G_MAXUINT)
            return interleave_cli_usage_error ("simulate", _("--architecture: the scenario has no architecture “%s”"),
                                               options.architectures[i]);
          g_array_append_val (selected, index);
        }
    }
  else
    for (guint i = 0; i < scenario->n_architectures; i++)
      g_array_append_val (selected, i);

  if (!open_outputs (&options, &outputs, &error))
    {
      g_printerr ("interleave simulate: %s\n", error->message);
      return INTERLEAVE_EXIT_OUTPUT;
    }

  for (guint k = 0; k < selected->len; k++)
    {
      guint index = g_array_index (selected, guint, k);
      const InterleaveArchitecture *arch = &scenario->architectures[index];
      g_autoptr(InterleaveSimulation) sim = interleave_simulation_new (scenario, index);
      g_autoptr(InterleaveTrace) trace = NULL;
      gint64 started;
      double cpu_started, seconds, wall;

      if (needs_trace (&options))
        {
          trace = interleave_trace_new (arch->name, scenario->cores, scenario->window_ns);
          /* No UI to feed: fewer, larger deltas. */
          interleave_simulation_set_delta_interval (sim, G_GINT64_CONSTANT (1000000000), 1000000);
        }

      started = g_get_monotonic_time ();
      cpu_started = thread_cpu_seconds ();
      if (!interleave_simulation_run (sim, trace != NULL ? merge_delta : NULL, trace, NULL, &error))
        {
          g_printerr ("interleave simulate: %s\n", error->message);
          return INTERLEAVE_EXIT_FAILURE;
        }
      seconds = thread_cpu_seconds () - cpu_started;
      wall = (g_get_monotonic_time () - started) / 1e6;

      g_ptr_array_add (summaries, interleave_simulation_get_summary (sim));

      if (options.bench)
        {
          guint64 events = interleave_simulation_get_n_events (sim);
          guint64 requests = interleave_simulation_get_n_requests (sim);

          g_print ("%s: %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " requests in %.3f s of CPU "
                   "(%.3f s wall): %.2f M events/s, %.1f ns/event, %.0f requests/s",
                   arch->name, events, requests, seconds, wall,
                   events / MAX (seconds, 1e-9) / 1e6, seconds * 1e9 / MAX (events, 1),
                   requests / MAX (seconds, 1e-9));
          if (trace != NULL)
            g_print (", %u spans of %" G_GSIZE_FORMAT " bytes",
                     interleave_trace_get_n_spans (trace), sizeof (InterleaveSpan));
          g_print ("\n");
        }

      if (trace != NULL && !write_trace (&options, &outputs, trace, &error))
        {
          g_printerr ("interleave simulate: %s\n", error->message);
          return INTERLEAVE_EXIT_OUTPUT;
        }

      /* A picture shows up to four architectures, as the app does. */
      if (needs_image (&options) && kept->len < 4)
        g_ptr_array_add (kept, g_steal_pointer (&trace));
    }

  if (needs_image (&options))
    {
      g_autoptr(GPtrArray) kept_summaries = g_ptr_array_new ();

      for (guint i = 0; i < kept->len; i++)
        g_ptr_array_add (kept_summaries, g_ptr_array_index (summaries, i));
      if (to < 0)
        to = from + interleave_figure_suggest_window (scenario);

      if (!write_images (&options, scenario, kept, kept_summaries, from, to, at, palette, &error))
        {
          g_printerr ("interleave simulate: %s\n", error->message);
          return INTERLEAVE_EXIT_OUTPUT;
        }
    }

  if (!close_outputs (&options, &outputs, &error))
    {
      g_printerr ("interleave simulate: %s\n", error->message);
      return INTERLEAVE_EXIT_OUTPUT;
    }

  if (options.json != NULL &&
      !interleave_summary_writer_save_json (options.json, scenario->title,
                                            (InterleaveSummary * const *) summaries->pdata,
                                            summaries->len, &error))
    {
      g_printerr ("interleave simulate: %s\n", error->message);
      return INTERLEAVE_EXIT_OUTPUT;
    }

  if (options.summary || (!needs_trace (&options) && options.json == NULL && !options.bench))
    print_table (scenario, (InterleaveSummary * const *) summaries->pdata, summaries->len);

  return INTERLEAVE_EXIT_OK;
}
