/* interleave-cli-measure.c
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

#include "interleave-chrome-trace-writer.h"
#include "interleave-cli.h"
#include "interleave-csv-writer.h"
#include "interleave-measurement.h"
#include "interleave-output-file.h"
#include "interleave-plan.h"
#include "interleave-summary-writer.h"
#include "interleave-target.h"

#define MS (G_GINT64_CONSTANT (1000000))

typedef struct
{
  GMainLoop             *loop;
  GAsyncResult          *result;
  InterleaveMeasurement *measurement;
  gboolean               interrupted;
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

  run->interrupted = TRUE;
  if (run->measurement != NULL)
    interleave_measurement_cancel (run->measurement);

  return G_SOURCE_CONTINUE;
}

static void
finished_cb (InterleaveMeasurement *measurement,
             const GError          *error,
             Run                   *run)
{
  g_main_loop_quit (run->loop);
}

/* "10s", "500ms", "250us", "2m"; a plain number is seconds, as in wrk. */
static gboolean
parse_time (const char *text,
            gint64     *ns)
{
  static const struct { const char *unit; double scale; } units[] = {
    { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "m", 60e9 }, { "h", 3600e9 }, { "", 1e9 },
  };
  char *end = NULL;
  double value;

  if (text == NULL || !(g_ascii_isdigit (text[0]) || text[0] == '.'))
    return FALSE;

  value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value) || value < 0)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (end, units[i].unit) == 0)
      {
        if (value * units[i].scale > (double) G_MAXINT64 / 2)
          return FALSE;
        *ns = (gint64) llround (value * units[i].scale);
        return TRUE;
      }

  return FALSE;
}

static char *
format_bytes (gint64 bytes)
{
  return g_format_size_full (MAX (bytes, 0), G_FORMAT_SIZE_IEC_UNITS);
}

static char *
describe_failures (const InterleaveLiveCounts *counts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = INTERLEAVE_LIVE_ERROR_NONE + 1; i < INTERLEAVE_LIVE_N_ERRORS; i++)
    {
      if (counts->errors[i] == 0)
        continue;
      g_string_append_printf (text, "%s%" G_GUINT64_FORMAT " × %s", text->len ? ", " : "", counts->errors[i],
                              interleave_live_error_class_get_label (i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_errors (const InterleaveLiveCounts *counts)
{
  gboolean any = FALSE;

  g_print ("%-12s", _("Errors"));
  for (guint i = INTERLEAVE_LIVE_ERROR_NONE + 1; i < INTERLEAVE_LIVE_N_ERRORS; i++)
    {
      if (counts->errors[i] == 0)
        continue;
      g_print ("%s%" G_GUINT64_FORMAT " × %s", any ? ", " : "", counts->errors[i],
               interleave_live_error_class_get_label (i));
      any = TRUE;
    }
  g_print ("%s\n", any ? "" : _("none"));
}

static void
print_summary (InterleaveMeasurement *measurement,
               InterleaveServer      *server)
{
  g_autoptr(InterleaveSummary) summary = interleave_measurement_dup_summary (measurement);
  const InterleaveHistogram *histogram = interleave_measurement_get_histogram (measurement);
  const InterleaveLiveCounts *counts = interleave_measurement_get_counts (measurement);
  gint64 server_pid = server ? interleave_server_get_pid (server) : -1;
  double seconds = summary->duration_s;
  double total_cpu = 0.0;
  g_autofree char *transferred = format_bytes (counts->bytes);

  g_print ("\n");
  g_print ("%-12s", _("Requests"));
  g_print (_("%llu sent, %llu completed, %llu failed, %llu refused, %llu unfinished in %.2f s (%s read)"),
           (unsigned long long) counts->issued, (unsigned long long) summary->completed,
           (unsigned long long) summary->failed, (unsigned long long) summary->refused,
           (unsigned long long) summary->in_flight, seconds, transferred);
  g_print ("\n");
  g_print ("%-12s", _("Throughput"));
  g_print (_("%.1f requests/s"), summary->throughput);
  g_print ("\n");

  g_print ("%-12s", _("Latency"));
  if (summary->completed > 0)
    g_print (_("mean %.2f  p50 %.2f  p90 %.2f  p95 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms"),
             summary->latency_mean_ms,
             summary->latency_p50_ms,
             interleave_histogram_get_percentile (histogram, 0.90) / 1e6,
             summary->latency_p95_ms,
             summary->latency_p99_ms,
             interleave_histogram_get_percentile (histogram, 0.999) / 1e6,
             summary->latency_max_ms);
  else
    g_print ("%s", _("no request completed"));
  g_print ("\n");

  print_errors (counts);
  if (interleave_measurement_get_first_failure (measurement) != NULL)
    {
      g_print ("%-12s", "");
      /* Translators: %s is why the first failed request failed, e.g. HTTP 500 Internal Server Error */
      g_print (_("the first failure: %s"), interleave_measurement_get_first_failure (measurement));
      g_print ("\n");
    }

  if (counts->bad_timing > 0)
    {
      g_print ("%-12s", _("Timing"));
      g_print (_("%llu responses had an unusable Server-Timing header: %s"),
               (unsigned long long) counts->bad_timing, interleave_measurement_get_timing_problem (measurement));
      g_print ("\n");
    }

  for (guint i = 0; i < interleave_measurement_get_n_processes (measurement); i++)
    {
      const InterleaveProcessUsage *usage = interleave_measurement_get_process (measurement, i);
      double cpu_s = (usage->user_ns + usage->sys_ns) / 1e9;
      g_autofree char *rss = format_bytes (usage->peak_rss_bytes);
      const char *role = server == NULL ? _("server") : usage->pid == server_pid ? _("main") : _("worker");

      total_cpu += cpu_s;
      g_print ("%-12s", i == 0 ? _("CPU") : "");
      /* Translators: process 1234 (worker): 4.21 s (user 4.00 s, system 0.21 s) = 0.98 cores, up to 54 MiB */
      g_print (_("process %lld (%s): %.2f s (user %.2f s, system %.2f s) = %.2f cores, up to %s"),
               (long long) usage->pid, role, cpu_s, usage->user_ns / 1e9, usage->sys_ns / 1e9,
               seconds > 0 ? cpu_s / seconds : 0.0, rss);
      g_print ("\n");
    }

  if (interleave_measurement_get_n_processes (measurement) > 0)
    {
      g_print ("%-12s", "");
      g_print (_("all: %.2f cores of %u (%.0f %%)"),
               seconds > 0 ? total_cpu / seconds : 0.0, g_get_num_processors (),
               summary->cpu_utilisation * 100.0);
      g_print ("\n");
    }
  else
    {
      g_print ("%-12s", _("CPU"));
      g_print ("%s\n", _("not sampled (the server is not a process on this machine)"));
    }
}

/* One CSV file: a row per request, or (series) a row per metric window. */
static gboolean
write_csv (const char             *path,
           const InterleaveTrace  *trace,
           gboolean                series,
           GError                **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  stream = interleave_output_file_open (file, G_FILE_CREATE_NONE, &local_error);
  if (stream != NULL)
    {
      if (series)
        ok = interleave_csv_writer_write_series (stream, trace, TRUE, NULL, &local_error);
      else
        ok = interleave_csv_writer_write_requests (stream, trace, TRUE, NULL, &local_error);

      if (ok)
        g_output_stream_close (stream, NULL, &local_error);
      else
        interleave_output_file_abort (stream);
    }

  if (local_error != NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not write “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
describe_load (const InterleaveLoadOptions *options,
               const char                  *plan)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (options->kind == INTERLEAVE_LOAD_CLOSED)
    g_string_append_printf (text, _("closed loop, %u clients"), options->clients);
  else if (options->kind == INTERLEAVE_LOAD_POISSON)
    g_string_append_printf (text, _("open loop, Poisson arrivals at %.1f requests/s"), options->rate);
  else
    g_string_append_printf (text, _("open loop, %.1f requests/s"), options->rate);

  g_string_append (text, ", ");
  g_string_append_printf (text, _("%u connections"), interleave_load_options_get_connections (options));

  if (options->duration_ns > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, _("%.1f s"), options->duration_ns / 1e9);
    }
  if (options->max_requests > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, _("at most %llu requests"), (unsigned long long) options->max_requests);
    }

  g_string_append (text, ", ");
  g_string_append_printf (text, _("plan “%s”"), plan[0] ? plan : _("(empty)"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
interleave_cli_measure (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_autoptr(InterleaveServer) server = NULL;
  g_autoptr(InterleaveMeasurement) measurement = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *duration_text = NULL;
  g_autofree char *think_text = NULL;
  g_autofree char *timeout_text = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *series_csv_path = NULL;
  g_autofree char *trace_path = NULL;
  g_autofree char *node_path = NULL;
  g_autofree char *python_path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *load = NULL;
  double rate = 0.0;
  gint clients = 0;
  gint connections = 0;
  gint threads = 1;
  gint64 requests = 0;
  gint64 max_records = -1;
  gint64 max_timeline = -1;
  gint port = 0;
  gboolean poisson = FALSE;
  gboolean allow_remote = FALSE;
  InterleaveLoadOptions options;
  Run run = { 0 };
  guint sigint_id, sigterm_id;
  const GError *run_error;
  int status = INTERLEAVE_EXIT_OK;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server_text,
      N_("node:eventloop, node:cluster:K, python:threaded, python:prefork:K, python:asyncio or a URL"), N_("SERVER") },
    { "plan", 'p', 0, G_OPTION_ARG_STRING, &plan,
      N_("What each request does, e.g. cpu:5,io:20 (default: nothing)"), N_("PLAN") },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate,
      N_("Open loop: send this many requests per second, whatever the answers"), N_("R") },
    { "poisson", 0, 0, G_OPTION_ARG_NONE, &poisson,
      N_("Open loop with exponential gaps (Poisson arrivals) instead of even ones"), NULL },
    { "clients", 'c', 0, G_OPTION_ARG_INT, &clients,
      N_("Closed loop: N clients, each waiting for its answer before the next request"), N_("N") },
    { "think", 0, 0, G_OPTION_ARG_STRING, &think_text,
      N_("Closed loop: pause after each answer (e.g. 100ms)"), N_("TIME") },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &duration_text,
      N_("How long to send (e.g. 10s, 500ms; a plain number is seconds)"), N_("TIME") },
    { "requests", 'n', 0, G_OPTION_ARG_INT64, &requests,
      N_("Stop after this many requests"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &timeout_text,
      N_("A request without a full answer by then fails (default 30s)"), N_("TIME") },
    { "connections", 0, 0, G_OPTION_ARG_INT, &connections,
      N_("Connections to keep open (default: the clients, or 64 for an open loop)"), N_("C") },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads,
      N_("Load threads (default 1)"), N_("K") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path,
      N_("Write the summary as JSON, in the shape “interleave simulate --json” writes"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
      N_("Write one CSV row per request (the first --max-timeline)"), N_("FILE") },
    { "series-csv", 0, 0, G_OPTION_ARG_FILENAME, &series_csv_path,
      N_("Write the metric series (one CSV row per 100 ms window)"), N_("FILE") },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &trace_path,
      N_("Write the measured timeline as Chrome trace JSON (opens in Perfetto)"), N_("FILE") },
    { "max-records", 0, 0, G_OPTION_ARG_INT64, &max_records,
      N_("Per-request records kept in memory, the newest (default 50000)"), N_("N") },
    { "max-timeline", 0, 0, G_OPTION_ARG_INT64, &max_timeline,
      N_("Requests kept on the timeline and in --csv and --trace, the first (default 100000)"), N_("N") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("The port the started server listens on (default: any free one)"), N_("PORT") },
    { "allow-remote", 0, 0, G_OPTION_ARG_NONE, &allow_remote,
      N_("Allow a URL that is not on this machine"), NULL },
    { "node", 0, 0, G_OPTION_ARG_FILENAME, &node_path,
      N_("The node program (default: node on PATH)"), N_("PATH") },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &python_path,
      N_("The python3 program (default: python3 on PATH)"), N_("PATH") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Load a real Node.js or Python test server on this machine "
                                           "and measure throughput, latency and CPU."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  interleave measure --server node:eventloop --plan cpu:5 --clients 8 --duration 10s\n"
      "  interleave measure --server python:prefork:2 --plan io:20 --rate 500 --duration 5s --json out.json\n"
      "\n"
      "Exit status: 0 done, 1 the server could not be started, 2 bad usage,\n"
      "3 the server failed during the run, or no request got an answer\n"
      "(the partial results are printed and written),\n"
      "4 an output file could not be written (this wins over 3)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return interleave_cli_usage_error ("measure", "%s", error->message);

  if (argc > 1)
    return interleave_cli_usage_error ("measure", _("unexpected argument “%s”"), argv[1]);

  if (server_text == NULL)
    return interleave_cli_usage_error ("measure", _("--server is required"));

  interleave_load_options_init (&options);

  if ((rate > 0) == (clients > 0))
    return interleave_cli_usage_error ("measure", _("give either --rate (open loop) or --clients (closed loop)"));
  if (rate < 0 || !isfinite (rate))
    return interleave_cli_usage_error ("measure", _("--rate must be a positive number of requests per second"));
  if (clients < 0)
    return interleave_cli_usage_error ("measure", _("--clients must be a positive number"));
  if (poisson && clients > 0)
    return interleave_cli_usage_error ("measure", _("--poisson needs --rate"));
  if (think_text != NULL && rate > 0)
    return interleave_cli_usage_error ("measure", _("--think needs --clients"));
  if (requests < 0)
    return interleave_cli_usage_error ("measure", _("--requests must be a positive number"));
  if (max_records == 0 || max_records < -1 || max_records > G_MAXINT32 ||
      max_timeline == 0 || max_timeline < -1 || max_timeline > G_MAXINT32)
    return interleave_cli_usage_error ("measure", _("--max-records and --max-timeline must be from 1 to %d"), G_MAXINT32);
  if (port < 0 || port > 65535)
    return interleave_cli_usage_error ("measure", _("--port must be from 1 to 65535"));
  if (connections < 0 || threads < 1)
    return interleave_cli_usage_error ("measure", _("--connections and --threads must be positive numbers"));

  if (rate > 0)
    {
      options.kind = poisson ? INTERLEAVE_LOAD_POISSON : INTERLEAVE_LOAD_CONSTANT;
      options.rate = rate;
    }
  else
    {
      options.kind = INTERLEAVE_LOAD_CLOSED;
      options.clients = (guint) clients;
    }

  if (duration_text != NULL && !parse_time (duration_text, &options.duration_ns))
    return interleave_cli_usage_error ("measure", _("“%s” is not a duration such as 10s or 500ms"), duration_text);
  if (think_text != NULL && !parse_time (think_text, &options.think_ns))
    return interleave_cli_usage_error ("measure", _("“%s” is not a duration such as 10s or 500ms"), think_text);
  if (timeout_text != NULL && (!parse_time (timeout_text, &options.request_timeout_ns) ||
                               options.request_timeout_ns < 1000000))
    return interleave_cli_usage_error ("measure", _("“%s” is not a timeout such as 10s or 500ms"), timeout_text);
  if (duration_text == NULL && requests == 0)
    return interleave_cli_usage_error ("measure", _("give --duration, --requests or both"));

  options.max_requests = (guint64) requests;
  options.connections = (guint) connections;
  options.threads = (guint) threads;
  options.allow_remote = allow_remote;
  if (max_records > 0)
    options.record_cap = (guint) max_records;
  if (max_timeline > 0)
    options.trace_cap = (guint) max_timeline;

  if (!interleave_load_options_validate (&options, &error))
    return interleave_cli_usage_error ("measure", "%s", error->message);

  preset = interleave_server_preset_parse (server_text, &error);
  if (preset == NULL)
    return interleave_cli_usage_error ("measure", "%s", error->message);

  if (port != 0 && preset->runtime == INTERLEAVE_RUNTIME_URL)
    return interleave_cli_usage_error ("measure", _("--port is for a server Interleave starts, not a URL"));

  if (preset->runtime == INTERLEAVE_RUNTIME_URL)
    {
      g_autoptr(GUri) target = interleave_target_parse (preset->url, allow_remote, &error);

      if (target == NULL)
        return interleave_cli_usage_error ("measure", "%s", error->message);
    }

  {
    InterleavePlan parsed;

    if (!interleave_plan_parse (plan ? plan : "", &parsed, &error))
      return interleave_cli_usage_error ("measure", "%s", error->message);
  }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;

  /* Ctrl-C ends the run early but still reports it; the server goes too. */
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  if (preset->runtime == INTERLEAVE_RUNTIME_URL)
    url = g_strdup (preset->url);
  else
    {
      server = interleave_server_new (preset);
      interleave_server_set_node_path (server, node_path);
      interleave_server_set_python_path (server, python_path);
      interleave_server_set_listen_port (server, (guint16) port);

      g_printerr (_("Starting the %s server…"), server_text);
      g_printerr ("\n");
      interleave_server_start_async (server, NULL, store_result, &run);
      g_main_loop_run (loop);

      if (!interleave_server_start_finish (server, run.result, &error))
        {
          g_printerr ("interleave measure: %s\n", error->message);
          status = INTERLEAVE_EXIT_FAILURE;
          goto out;
        }
      g_clear_object (&run.result);

      url = interleave_server_dup_url (server);
    }

  measurement = interleave_measurement_new (url, plan ? plan : "", &options, &error);
  if (measurement == NULL)
    {
      g_printerr ("interleave measure: %s\n", error->message);
      status = INTERLEAVE_EXIT_FAILURE;
      goto stop;
    }

  if (server != NULL)
    interleave_measurement_set_server (measurement, server);

  load = describe_load (&options, interleave_measurement_get_plan (measurement));
  g_print ("%-12s%s", _("Server"), server_text);
  if (server != NULL)
    {
      JsonObject *info = interleave_server_get_info (server);

      g_print (" (%s %s, ", json_object_get_string_member_with_default (info, "runtime", "?"),
               json_object_get_string_member_with_default (info, "version", "?"));
      g_print (_("pid %lld, %u worker(s)"), (long long) interleave_server_get_pid (server), preset->workers);
      g_print (")");
    }
  if (server != NULL)
    g_print (" %s %s", _("at"), url);
  g_print ("\n");
  g_print ("%-12s%s\n", _("Load"), load);
  fflush (stdout);

  run.measurement = measurement;
  g_signal_connect (measurement, "finished", G_CALLBACK (finished_cb), &run);
  interleave_measurement_start (measurement);
  g_main_loop_run (loop);
  run.measurement = NULL;

  run_error = interleave_measurement_get_error (measurement);

  print_summary (measurement, server);

  if (run_error != NULL)
    {
      if (g_error_matches (run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_print ("\n%s\n", _("Stopped early; the figures cover the time measured."));
        }
      else
        {
          g_printerr ("\ninterleave measure: %s\n", run_error->message);
          status = INTERLEAVE_EXIT_SERVER;
        }
    }

  /* A run in which nothing was answered measured nothing but the failure. */
  if (status == INTERLEAVE_EXIT_OK && !interleave_measurement_get_counts (measurement)->completed &&
      interleave_measurement_get_counts (measurement)->issued > 0 &&
      (run_error == NULL || !g_error_matches (run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_autofree char *why = describe_failures (interleave_measurement_get_counts (measurement));

      g_printerr ("\ninterleave measure: ");
      /* Translators: %s lists the errors, e.g. 12 × timed out, 3 × HTTP 5xx */
      g_printerr (_("No request got a successful answer (%s); is the server working?"), why);
      g_printerr ("\n");
      status = INTERLEAVE_EXIT_SERVER;
    }

  if (json_path != NULL)
    {
      g_autoptr(InterleaveSummary) summary = interleave_measurement_dup_summary (measurement);
      g_autofree char *scenario = g_strdup_printf ("%s: %s", server_text, load);
      InterleaveSummary *summaries[] = { summary };

      if (!interleave_summary_writer_save_json (json_path, scenario, summaries, 1, &error))
        {
          g_printerr ("interleave measure: %s\n", error->message);
          g_clear_error (&error);
          status = INTERLEAVE_EXIT_OUTPUT;
        }
    }

  /* The measured trace exports like a simulated one. */
  {
    const InterleaveTrace *trace = interleave_measurement_get_trace (measurement);
    InterleaveTrace *traces[] = { (InterleaveTrace *) trace };
    const struct { const char *path; int kind; } outputs[] = {
      { csv_path, 0 }, { series_csv_path, 1 }, { trace_path, 2 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
      {
        gboolean ok;

        if (outputs[i].path == NULL)
          continue;

        if (outputs[i].kind == 2)
          ok = interleave_chrome_trace_writer_save (outputs[i].path, traces, 1, &error);
        else
          ok = write_csv (outputs[i].path, trace, outputs[i].kind == 1, &error);

        if (!ok)
          {
            g_printerr ("interleave measure: %s\n", error->message);
            g_clear_error (&error);
            status = INTERLEAVE_EXIT_OUTPUT;
          }
      }
  }

stop:
  if (server != NULL)
    {
      interleave_server_stop_async (server, NULL, store_result, &run);
      g_main_loop_run (loop);
      g_clear_object (&run.result);
    }

out:
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_object (&run.result);

  return status;
}
