/* interleave-measurement.c
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

#define G_LOG_DOMAIN "interleave-live"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "interleave-load-generator-private.h"
#include "interleave-measurement.h"
#include "interleave-plan.h"
#include "interleave-target.h"

struct _InterleaveMeasurement
{
  GObject                  parent_instance;

  char                    *url;
  char                    *plan_text;
  InterleavePlan           plan;
  GUri                    *request_uri;
  InterleaveLoadOptions    options;
  char                    *name;
  InterleaveServer        *server;
  gulong                   exited_id;

  InterleaveLoadGenerator *gen;
  InterleaveTrace         *trace;
  InterleaveHistogram     *histogram;
  InterleaveLiveCounts     counts;
  char                    *timing_problem;
  char                    *first_failure;
  GArray                  *records;       /* ring of InterleaveLiveRecord */
  guint                    records_head;  /* index of the oldest when full */
  GArray                  *processes;     /* InterleaveProcessUsage */
  GArray                  *samples;       /* InterleaveProcessSample */
  GError                  *error;
  gint64                   elapsed;
  gint64                   cpu_ns;
  double                   progress;
  guint                    running : 1;
  guint                    finished : 1;
};

G_DEFINE_FINAL_TYPE (InterleaveMeasurement, interleave_measurement, G_TYPE_OBJECT)

G_DEFINE_QUARK (interleave-measurement-error-quark, interleave_measurement_error)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PROGRESS,
  N_PROPS
};

enum {
  DELTA,
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
clear_processes (InterleaveMeasurement *self)
{
  for (guint i = 0; i < self->processes->len; i++)
    g_clear_pointer (&g_array_index (self->processes, InterleaveProcessUsage, i).threads, g_array_unref);
  g_array_set_size (self->processes, 0);
}

static void
interleave_measurement_dispose (GObject *object)
{
  InterleaveMeasurement *self = (InterleaveMeasurement *)object;

  /* A running measurement holds a reference on itself, so this only
   * happens once it is over. */
  g_clear_pointer (&self->gen, _interleave_load_generator_free);

  if (self->server != NULL)
    g_clear_signal_handler (&self->exited_id, self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (interleave_measurement_parent_class)->dispose (object);
}

static void
interleave_measurement_finalize (GObject *object)
{
  InterleaveMeasurement *self = (InterleaveMeasurement *)object;

  g_free (self->url);
  g_free (self->plan_text);
  g_free (self->name);
  g_clear_pointer (&self->request_uri, g_uri_unref);
  g_clear_pointer (&self->trace, interleave_trace_free);
  g_clear_pointer (&self->histogram, interleave_histogram_free);
  g_free (self->timing_problem);
  g_free (self->first_failure);
  g_clear_pointer (&self->records, g_array_unref);
  clear_processes (self);
  g_clear_pointer (&self->processes, g_array_unref);
  g_clear_pointer (&self->samples, g_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (interleave_measurement_parent_class)->finalize (object);
}

static void
interleave_measurement_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  InterleaveMeasurement *self = INTERLEAVE_MEASUREMENT (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_measurement_class_init (InterleaveMeasurementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = interleave_measurement_dispose;
  object_class->finalize = interleave_measurement_finalize;
  object_class->get_property = interleave_measurement_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InterleaveMeasurement::delta:
   * @self: the measurement
   * @delta: (type gpointer): the InterleaveTrace delta, already merged
   *   into interleave_measurement_get_trace(); valid during the emission
   */
  signals[DELTA] =
    g_signal_new ("delta",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * InterleaveMeasurement::progress:
   * @self: the measurement
   * @fraction: 0…1 of the run's bound
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  /**
   * InterleaveMeasurement::finished:
   * @self: the measurement
   * @error: (nullable): why the run ended early (the server died, refused
   *   connections, or the run was cancelled); everything measured is kept
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
interleave_measurement_init (InterleaveMeasurement *self)
{
  self->histogram = interleave_histogram_new ();
  self->records = g_array_new (FALSE, FALSE, sizeof (InterleaveLiveRecord));
  self->processes = g_array_new (FALSE, TRUE, sizeof (InterleaveProcessUsage));
  self->samples = g_array_new (FALSE, FALSE, sizeof (InterleaveProcessSample));
}

/* /work?plan=… on the target, unless the URL names its own path. */
static GUri *
build_request_uri (GUri       *target,
                   const char *plan_text)
{
  g_autofree char *escaped = g_uri_escape_string (plan_text, ":,", FALSE);
  g_autofree char *query = g_strconcat ("plan=", escaped, NULL);
  const char *path = g_uri_get_path (target);

  if (path == NULL || path[0] == '\0' || strcmp (path, "/") == 0)
    path = "/work";

  return g_uri_build (G_URI_FLAGS_ENCODED, "http", NULL,
                      g_uri_get_host (target), g_uri_get_port (target),
                      path, query, NULL);
}

/**
 * interleave_measurement_new:
 * @url: the server, e.g. "http://127.0.0.1:41234" (its /work is loaded)
 * @plan: what each request asks the server to do, e.g. "cpu:5,io:20"
 * @options: how to load it
 * @error: a location for a #GError
 *
 * Checks the plan (with the shared plan parser), the target (loopback
 * only unless @options allows remote hosts) and the options.
 *
 * Returns: (transfer full) (nullable): a measurement, not started
 */
InterleaveMeasurement *
interleave_measurement_new (const char                   *url,
                            const char                   *plan,
                            const InterleaveLoadOptions  *options,
                            GError                      **error)
{
  g_autoptr(InterleaveMeasurement) self = NULL;
  g_autoptr(GUri) target = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (INTERLEAVE_TYPE_MEASUREMENT, NULL);

  if (!interleave_plan_parse (plan, &self->plan, &local_error))
    {
      g_set_error_literal (error, INTERLEAVE_MEASUREMENT_ERROR, INTERLEAVE_MEASUREMENT_ERROR_INVALID,
                           local_error->message);
      return NULL;
    }

  if (!interleave_load_options_validate (options, error))
    return NULL;

  target = interleave_target_parse (url, options->allow_remote, &local_error);
  if (target == NULL)
    {
      g_set_error_literal (error, INTERLEAVE_MEASUREMENT_ERROR, INTERLEAVE_MEASUREMENT_ERROR_INVALID,
                           local_error->message);
      return NULL;
    }

  self->url = g_strdup (url);
  self->plan_text = interleave_plan_to_string (&self->plan);
  self->options = *options;
  self->request_uri = build_request_uri (target, self->plan_text);
  self->name = g_strdup (url);
  self->trace = interleave_trace_new (self->name, g_get_num_processors (), options->window_ns);

  return g_steal_pointer (&self);
}

static void
server_exited_cb (InterleaveMeasurement *self,
                  InterleaveServer      *server)
{
  g_autofree char *preset = interleave_server_preset_to_string (interleave_server_get_preset (server));
  g_autofree char *stderr_text = interleave_server_dup_stderr (server);
  g_autoptr(GString) message = g_string_new (NULL);

  if (self->gen == NULL || !self->running)
    return;

  if (interleave_server_get_exit_description (server) != NULL)
    g_string_printf (message, _("The %s server %s during the run; the results measured until then are kept."),
                     preset, interleave_server_get_exit_description (server));
  else
    g_string_printf (message, _("The %s server is not running."), preset);

  g_strchomp (stderr_text);
  if (stderr_text[0] != '\0')
    {
      const char *tail = stderr_text + strlen (stderr_text);
      guint lines = 0;

      /* The last few lines say why. */
      while (tail > stderr_text && lines < 8)
        if (*--tail == '\n')
          lines++;
      if (*tail == '\n')
        tail++;

      g_string_append_printf (message, "\n%s\n%s", _("The server’s error output ends with:"), tail);
    }

  _interleave_load_generator_abort (self->gen,
                                    g_error_new_literal (INTERLEAVE_MEASUREMENT_ERROR,
                                                         INTERLEAVE_MEASUREMENT_ERROR_SERVER_DIED,
                                                         message->str));
}

/**
 * interleave_measurement_set_server:
 * @self: a measurement, not started
 * @server: (nullable): the launched server @self loads
 *
 * With the server known, its processes and workers are sampled from the
 * start, its threads are laid out as event loop or thread lanes, and its
 * death ends the run with an error that quotes its stderr.
 */
void
interleave_measurement_set_server (InterleaveMeasurement *self,
                                   InterleaveServer      *server)
{
  g_return_if_fail (INTERLEAVE_IS_MEASUREMENT (self));
  g_return_if_fail (!server || INTERLEAVE_IS_SERVER (server));
  g_return_if_fail (self->gen == NULL);

  if (self->server == server)
    return;

  if (self->server != NULL)
    g_clear_signal_handler (&self->exited_id, self->server);
  g_set_object (&self->server, server);

  if (server != NULL)
    {
      g_autofree char *name = interleave_server_preset_to_string (interleave_server_get_preset (server));

      self->exited_id = g_signal_connect_object (server, "exited", G_CALLBACK (server_exited_cb),
                                                 self, G_CONNECT_SWAPPED);
      interleave_measurement_set_name (self, name);
    }
}

InterleaveServer *
interleave_measurement_get_server (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->server;
}

/**
 * interleave_measurement_set_name:
 * @self: a measurement, not started
 * @name: the name of the trace and the summary ("node:cluster:2")
 */
void
interleave_measurement_set_name (InterleaveMeasurement *self,
                                 const char            *name)
{
  g_return_if_fail (INTERLEAVE_IS_MEASUREMENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (self->gen == NULL);

  g_free (self->name);
  self->name = g_strdup (name);
  g_free (self->trace->name);
  self->trace->name = g_strdup (name);
}

const char *
interleave_measurement_get_name (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->name;
}

const char *
interleave_measurement_get_url (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->url;
}

/* Returns: the plan in its canonical text form */
const char *
interleave_measurement_get_plan (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->plan_text;
}

const InterleaveLoadOptions *
interleave_measurement_get_options (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return &self->options;
}

static void
keep_records (InterleaveMeasurement *self,
              GArray                *records)
{
  guint cap = self->options.record_cap;

  for (guint i = 0; i < records->len && cap > 0; i++)
    {
      const InterleaveLiveRecord *record = &g_array_index (records, InterleaveLiveRecord, i);

      if (self->records->len < cap)
        g_array_append_vals (self->records, record, 1);
      else
        {
          g_array_index (self->records, InterleaveLiveRecord, self->records_head) = *record;
          self->records_head = (self->records_head + 1) % cap;
        }
    }
}

static void
batch_cb (InterleaveLoadBatch *batch,
          gpointer             user_data)
{
  InterleaveMeasurement *self = user_data;
  g_autoptr(InterleaveMeasurement) hold = g_object_ref (self);

  interleave_trace_merge (self->trace, batch->delta);
  keep_records (self, batch->records);
  g_array_append_vals (self->samples, batch->samples->data, batch->samples->len);

  clear_processes (self);
  for (guint i = 0; i < batch->processes->len; i++)
    {
      InterleaveProcessUsage usage = g_array_index (batch->processes, InterleaveProcessUsage, i);

      usage.threads = g_array_copy (usage.threads);
      g_array_append_val (self->processes, usage);
    }

  interleave_histogram_reset (self->histogram);
  interleave_histogram_add (self->histogram, batch->histogram);
  self->counts = batch->counts;
  self->elapsed = batch->elapsed;
  self->cpu_ns = batch->cpu_ns;
  if (self->timing_problem == NULL && batch->timing_problem != NULL)
    self->timing_problem = g_strdup (batch->timing_problem);
  if (self->first_failure == NULL && batch->first_failure != NULL)
    self->first_failure = g_strdup (batch->first_failure);

  g_signal_emit (self, signals[DELTA], 0, batch->delta);

  if (self->progress != batch->progress)
    {
      self->progress = batch->progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
      g_signal_emit (self, signals[PROGRESS], 0, self->progress);
    }

  if (batch->final)
    {
      self->error = g_steal_pointer (&batch->error);
      self->running = FALSE;
      self->finished = TRUE;

      /* The threads are done: join them. This drops the run's reference. */
      g_clear_pointer (&self->gen, _interleave_load_generator_free);

      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_signal_emit (self, signals[FINISHED], 0, self->error);
    }
}

/**
 * interleave_measurement_start:
 * @self: a measurement, not started
 *
 * Starts loading the server. Signals are emitted on the thread-default
 * main context of the caller, which must run. A running measurement keeps
 * a reference on itself until ::finished.
 */
void
interleave_measurement_start (InterleaveMeasurement *self)
{
  g_autoptr(GArray) pids = NULL;
  g_autoptr(GMainContext) context = NULL;
  gboolean loop = FALSE;

  g_return_if_fail (INTERLEAVE_IS_MEASUREMENT (self));
  g_return_if_fail (self->gen == NULL && !self->finished);

  if (self->server != NULL)
    {
      pids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (interleave_server_get_pid (self->server) > 0)
        {
          gint64 pid = interleave_server_get_pid (self->server);
          g_array_append_val (pids, pid);
        }
      loop = interleave_server_preset_is_loop (interleave_server_get_preset (self->server));
    }

  self->gen = _interleave_load_generator_new (self->request_uri, &self->plan, self->name,
                                              &self->options, loop, pids, FALSE);

  g_ptr_array_add (self->trace->class_names, g_strdup (self->plan_text[0] ? self->plan_text : "-"));

  self->running = TRUE;
  context = g_main_context_ref_thread_default ();
  _interleave_load_generator_start (self->gen, context, batch_cb, g_object_ref (self), g_object_unref);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  /* A server that is already gone fails the run at once. */
  if (self->server != NULL && !interleave_server_get_running (self->server))
    server_exited_cb (self, self->server);
}

/**
 * interleave_measurement_cancel:
 * @self: a measurement
 *
 * Stops a running measurement now. ::finished follows with a
 * %G_IO_ERROR_CANCELLED error; what was measured is kept.
 */
void
interleave_measurement_cancel (InterleaveMeasurement *self)
{
  g_return_if_fail (INTERLEAVE_IS_MEASUREMENT (self));

  if (self->gen == NULL || !self->running)
    return;

  _interleave_load_generator_abort (self->gen,
                                    g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         _("The measurement was cancelled")));
}

gboolean
interleave_measurement_get_running (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), FALSE);

  return self->running;
}

gboolean
interleave_measurement_get_finished (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), FALSE);

  return self->finished;
}

double
interleave_measurement_get_progress (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), 0.0);

  return self->progress;
}

/* Returns: (nullable): why the run ended early, once finished */
const GError *
interleave_measurement_get_error (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->error;
}

/* Returns: the trace so far: processes, lanes, spans, requests, windows */
const InterleaveTrace *
interleave_measurement_get_trace (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->trace;
}

/* Returns: the latency histogram of every completed request so far */
const InterleaveHistogram *
interleave_measurement_get_histogram (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->histogram;
}

const InterleaveLiveCounts *
interleave_measurement_get_counts (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return &self->counts;
}

/* Returns: (nullable): why the first unusable Server-Timing was unusable */
const char *
interleave_measurement_get_timing_problem (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->timing_problem;
}

/* Returns: (nullable): why the first failed request failed, e.g.
 * "HTTP 500 Internal Server Error" or libsoup's message */
const char *
interleave_measurement_get_first_failure (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->first_failure;
}

/* Returns: ns since the start of the run, as far as measured */
gint64
interleave_measurement_get_elapsed (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), 0);

  return self->elapsed;
}

/**
 * interleave_measurement_dup_summary:
 * @self: a measurement
 *
 * The figures in the shape `interleave simulate --json` writes, from the
 * histogram and counters (so they cover every request, not only those on
 * the timeline). Refused: connections refused and requests the client
 * could not send; failed: every other error except requests unfinished
 * at the end, which are in flight.
 *
 * Returns: (transfer full): the summary so far
 */
InterleaveSummary *
interleave_measurement_dup_summary (InterleaveMeasurement *self)
{
  InterleaveSummary *summary;
  const guint64 *errors;
  double seconds;

  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  errors = self->counts.errors;
  seconds = self->elapsed / 1e9;

  summary = interleave_summary_new (self->name);
  summary->completed = self->counts.completed;
  summary->refused = errors[INTERLEAVE_LIVE_ERROR_CONNECT] + errors[INTERLEAVE_LIVE_ERROR_OVERLOAD];
  summary->failed = errors[INTERLEAVE_LIVE_ERROR_IO] + errors[INTERLEAVE_LIVE_ERROR_TIMEOUT] +
                    errors[INTERLEAVE_LIVE_ERROR_HTTP_4XX] + errors[INTERLEAVE_LIVE_ERROR_HTTP_5XX];
  summary->in_flight = errors[INTERLEAVE_LIVE_ERROR_CANCELLED];
  summary->duration_s = seconds;
  summary->throughput = seconds > 0 ? self->counts.completed / seconds : 0.0;
  summary->latency_mean_ms = interleave_histogram_get_mean (self->histogram) / 1e6;
  summary->latency_p50_ms = interleave_histogram_get_percentile (self->histogram, 0.50) / 1e6;
  summary->latency_p95_ms = interleave_histogram_get_percentile (self->histogram, 0.95) / 1e6;
  summary->latency_p99_ms = interleave_histogram_get_percentile (self->histogram, 0.99) / 1e6;
  summary->latency_max_ms = interleave_histogram_get_max (self->histogram) / 1e6;
  summary->cpu_utilisation = seconds > 0 && self->trace->n_cores > 0
                             ? self->cpu_ns / 1e9 / (seconds * self->trace->n_cores)
                             : 0.0;
  summary->gil_contended = NAN;

  return summary;
}

/* Returns: how many per-request records are kept (at most record_cap) */
guint
interleave_measurement_get_n_records (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), 0);

  return self->records->len;
}

/**
 * interleave_measurement_get_record:
 * @self: a measurement
 * @index: 0 is the oldest record kept
 *
 * Returns: a per-request record, in the order requests finished
 */
const InterleaveLiveRecord *
interleave_measurement_get_record (InterleaveMeasurement *self,
                                   guint                  index)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return &g_array_index (self->records, InterleaveLiveRecord,
                         (self->records_head + index) % self->records->len);
}

/* Returns: the server processes sampled (main process and workers) */
guint
interleave_measurement_get_n_processes (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), 0);

  return self->processes->len;
}

/* Returns: CPU (user + sys, per thread too) and RSS of one server process */
const InterleaveProcessUsage *
interleave_measurement_get_process (InterleaveMeasurement *self,
                                    guint                  index)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);
  g_return_val_if_fail (index < self->processes->len, NULL);

  return &g_array_index (self->processes, InterleaveProcessUsage, index);
}

/* Returns: (element-type InterleaveProcessSample): CPU and RSS per
 *   process at each 10 Hz sample, for charts */
const GArray *
interleave_measurement_get_process_samples (InterleaveMeasurement *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_MEASUREMENT (self), NULL);

  return self->samples;
}
