/* interleave-live-session.c
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

#include "interleave-live-session.h"
#include "interleave-plan.h"
#include "interleave-target.h"

struct _InterleaveLiveSession
{
  GObject                     parent_instance;

  InterleaveServerPreset     *preset;
  char                       *plan;
  InterleaveLoadOptions       options;
  char                       *name;
  char                       *node_path;
  char                       *python_path;

  InterleaveLiveSessionState  state;
  InterleaveServer           *server;
  InterleaveMeasurement      *measurement;
  GCancellable               *cancellable;
  GArray                     *server_pids;
  GError                     *error;
  gulong                      delta_id;
  gulong                      progress_id;
  gulong                      finished_id;
  guint                       stop_requested : 1;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_BUSY,
  N_PROPS
};

enum {
  MEASUREMENT_STARTED,
  DELTA,
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InterleaveLiveSession, interleave_live_session, G_TYPE_OBJECT)

static void
set_state (InterleaveLiveSession      *self,
           InterleaveLiveSessionState  state)
{
  gboolean was_busy = interleave_live_session_get_busy (self);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_busy != interleave_live_session_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * interleave_live_session_new:
 * @preset: the server to launch, or a URL preset for one already running
 * @plan: what each request does ("cpu:5,io:20")
 * @options: how to load it; `allow_remote` lets a URL leave this machine
 * @error: a location for a #GError
 *
 * Checks everything that can be checked before anything starts: the
 * plan, the load options and, for a URL, that it is loopback (unless
 * allowed otherwise).
 *
 * Returns: (transfer full) (nullable): a session, not started
 */
InterleaveLiveSession *
interleave_live_session_new (const InterleaveServerPreset  *preset,
                             const char                    *plan,
                             const InterleaveLoadOptions   *options,
                             GError                       **error)
{
  InterleaveLiveSession *self;
  InterleavePlan parsed;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!interleave_plan_parse (plan, &parsed, error))
    return NULL;
  if (!interleave_load_options_validate (options, error))
    return NULL;

  if (preset->runtime == INTERLEAVE_RUNTIME_URL)
    {
      g_autoptr(GUri) target = interleave_target_parse (preset->url, options->allow_remote, error);

      if (target == NULL)
        return NULL;
    }

  self = g_object_new (INTERLEAVE_TYPE_LIVE_SESSION, NULL);
  self->preset = interleave_server_preset_copy (preset);
  self->plan = interleave_plan_to_string (&parsed);
  self->options = *options;
  self->name = interleave_server_preset_to_string (preset);

  return self;
}

const InterleaveServerPreset *
interleave_live_session_get_preset (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), NULL);

  return self->preset;
}

/* Returns: the plan in its canonical text form */
const char *
interleave_live_session_get_plan (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), NULL);

  return self->plan;
}

const InterleaveLoadOptions *
interleave_live_session_get_options (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), NULL);

  return &self->options;
}

/**
 * interleave_live_session_set_name:
 * @name: the measured trace's name (default: the preset, "node:cluster:2")
 */
void
interleave_live_session_set_name (InterleaveLiveSession *self,
                                  const char            *name)
{
  g_return_if_fail (INTERLEAVE_IS_LIVE_SESSION (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (self->state == INTERLEAVE_LIVE_SESSION_IDLE);

  g_free (self->name);
  self->name = g_strdup (name);
}

const char *
interleave_live_session_get_name (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), NULL);

  return self->name;
}

/**
 * interleave_live_session_set_node_path:
 * @node_path: (nullable): the node program; %NULL looks it up on PATH
 */
void
interleave_live_session_set_node_path (InterleaveLiveSession *self,
                                       const char            *node_path)
{
  g_return_if_fail (INTERLEAVE_IS_LIVE_SESSION (self));

  g_free (self->node_path);
  self->node_path = g_strdup (node_path);
}

/**
 * interleave_live_session_set_python_path:
 * @python_path: (nullable): the python3 program; %NULL looks it up on PATH
 */
void
interleave_live_session_set_python_path (InterleaveLiveSession *self,
                                         const char            *python_path)
{
  g_return_if_fail (INTERLEAVE_IS_LIVE_SESSION (self));

  g_free (self->python_path);
  self->python_path = g_strdup (python_path);
}

/* Ends the session: the server is gone (or never started). */
static void
finish (InterleaveLiveSession *self)
{
  g_autoptr(InterleaveLiveSession) hold = g_object_ref (self);

  set_state (self, INTERLEAVE_LIVE_SESSION_FINISHED);
  g_signal_emit (self, signals[FINISHED], 0, self->error);
}

static void
server_stopped_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(InterleaveLiveSession) self = user_data;

  interleave_server_stop_finish (INTERLEAVE_SERVER (object), result, NULL);
  finish (self);
}

static void
stop_server (InterleaveLiveSession *self)
{
  set_state (self, INTERLEAVE_LIVE_SESSION_STOPPING);

  if (self->server == NULL)
    {
      finish (self);
      return;
    }

  /* Every process, workers too, for a caller that checks they are gone. */
  g_clear_pointer (&self->server_pids, g_array_unref);
  self->server_pids = interleave_server_list_pids (self->server);

  interleave_server_stop_async (self->server, NULL, server_stopped_cb, g_object_ref (self));
}

static void
measurement_delta_cb (InterleaveLiveSession *self,
                      gpointer               delta)
{
  g_signal_emit (self, signals[DELTA], 0, delta);
}

static void
measurement_progress_cb (InterleaveLiveSession *self,
                         double                 fraction)
{
  g_signal_emit (self, signals[PROGRESS], 0, fraction);
}

static void
measurement_finished_cb (InterleaveLiveSession *self,
                         const GError          *error)
{
  /* Stopping on request is not a failure: what was measured is the result. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_error_copy (error);

  stop_server (self);
}

static void
begin_measurement (InterleaveLiveSession *self,
                   const char            *url)
{
  g_autoptr(GError) error = NULL;

  self->measurement = interleave_measurement_new (url, self->plan, &self->options, &error);
  if (self->measurement == NULL)
    {
      self->error = g_steal_pointer (&error);
      stop_server (self);
      return;
    }

  if (self->server != NULL)
    interleave_measurement_set_server (self->measurement, self->server);
  interleave_measurement_set_name (self->measurement, self->name);

  self->delta_id = g_signal_connect_object (self->measurement, "delta",
                                            G_CALLBACK (measurement_delta_cb), self, G_CONNECT_SWAPPED);
  self->progress_id = g_signal_connect_object (self->measurement, "progress",
                                               G_CALLBACK (measurement_progress_cb), self, G_CONNECT_SWAPPED);
  self->finished_id = g_signal_connect_object (self->measurement, "finished",
                                               G_CALLBACK (measurement_finished_cb), self, G_CONNECT_SWAPPED);

  set_state (self, INTERLEAVE_LIVE_SESSION_MEASURING);
  interleave_measurement_start (self->measurement);
  g_signal_emit (self, signals[MEASUREMENT_STARTED], 0);

  /* Stopped while the server was starting: the run ends as soon as it began. */
  if (self->stop_requested)
    interleave_measurement_cancel (self->measurement);
}

static void
server_started_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(InterleaveLiveSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!interleave_server_start_finish (INTERLEAVE_SERVER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->error = g_steal_pointer (&error);
      stop_server (self);
      return;
    }

  if (self->stop_requested)
    {
      stop_server (self);
      return;
    }

  url = interleave_server_dup_url (self->server);
  begin_measurement (self, url);
}

/**
 * interleave_live_session_start:
 *
 * Launches the server (or goes straight to the URL) and measures it.
 * Runs on the thread-default main context of the caller.
 */
void
interleave_live_session_start (InterleaveLiveSession *self)
{
  g_return_if_fail (INTERLEAVE_IS_LIVE_SESSION (self));
  g_return_if_fail (self->state == INTERLEAVE_LIVE_SESSION_IDLE);

  set_state (self, INTERLEAVE_LIVE_SESSION_STARTING);

  if (self->preset->runtime == INTERLEAVE_RUNTIME_URL)
    {
      begin_measurement (self, self->preset->url);
      return;
    }

  self->server = interleave_server_new (self->preset);
  interleave_server_set_node_path (self->server, self->node_path);
  interleave_server_set_python_path (self->server, self->python_path);
  self->cancellable = g_cancellable_new ();
  interleave_server_start_async (self->server, self->cancellable, server_started_cb, g_object_ref (self));
}

/**
 * interleave_live_session_stop:
 *
 * Ends the run early (what was measured is kept) and stops the server;
 * ::finished follows once the server is gone.
 */
void
interleave_live_session_stop (InterleaveLiveSession *self)
{
  g_return_if_fail (INTERLEAVE_IS_LIVE_SESSION (self));

  self->stop_requested = TRUE;

  switch (self->state)
    {
    case INTERLEAVE_LIVE_SESSION_STARTING:
      if (self->measurement == NULL)
        g_cancellable_cancel (self->cancellable);
      break;

    case INTERLEAVE_LIVE_SESSION_MEASURING:
      interleave_measurement_cancel (self->measurement);
      break;

    case INTERLEAVE_LIVE_SESSION_IDLE:
      set_state (self, INTERLEAVE_LIVE_SESSION_FINISHED);
      break;

    case INTERLEAVE_LIVE_SESSION_STOPPING:
    case INTERLEAVE_LIVE_SESSION_FINISHED:
    default:
      break;
    }
}

InterleaveLiveSessionState
interleave_live_session_get_state (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), INTERLEAVE_LIVE_SESSION_IDLE);

  return self->state;
}

/* Returns: whether the session started and is not finished */
gboolean
interleave_live_session_get_busy (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), FALSE);

  return self->state != INTERLEAVE_LIVE_SESSION_IDLE && self->state != INTERLEAVE_LIVE_SESSION_FINISHED;
}

/* Returns: (transfer none) (nullable): the measurement, once the server is ready */
InterleaveMeasurement *
interleave_live_session_get_measurement (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), NULL);

  return self->measurement;
}

/* Returns: (transfer none) (nullable): the launched server */
InterleaveServer *
interleave_live_session_get_server (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), NULL);

  return self->server;
}

/* Returns: the launched server's main process, or -1 */
gint64
interleave_live_session_get_server_pid (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), -1);

  if (self->server == NULL)
    return -1;

  return interleave_server_get_pid (self->server);
}

/**
 * interleave_live_session_dup_server_pids:
 *
 * Returns: (transfer full) (element-type gint64): the server's main
 *   process and workers seen so far, alive or not
 */
GArray *
interleave_live_session_dup_server_pids (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), NULL);

  if (self->server != NULL && self->state != INTERLEAVE_LIVE_SESSION_FINISHED)
    return interleave_server_list_pids (self->server);
  if (self->server_pids != NULL)
    return g_array_copy (self->server_pids);

  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* Returns: (nullable): why the session failed (not a requested stop) */
const GError *
interleave_live_session_get_error (InterleaveLiveSession *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LIVE_SESSION (self), NULL);

  return self->error;
}

static void
interleave_live_session_dispose (GObject *object)
{
  InterleaveLiveSession *self = (InterleaveLiveSession *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->measurement != NULL)
    {
      g_clear_signal_handler (&self->delta_id, self->measurement);
      g_clear_signal_handler (&self->progress_id, self->measurement);
      g_clear_signal_handler (&self->finished_id, self->measurement);
      interleave_measurement_cancel (self->measurement);
    }

  /* A session dropped mid-run still stops its server: the stop runs on
   * its own (the task holds the server), and were the process to exit
   * first, the server follows its closed stdin. */
  if (self->server != NULL && self->state != INTERLEAVE_LIVE_SESSION_FINISHED &&
      self->state != INTERLEAVE_LIVE_SESSION_STOPPING)
    interleave_server_stop_async (self->server, NULL, NULL, NULL);

  g_clear_object (&self->measurement);
  g_clear_object (&self->server);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (interleave_live_session_parent_class)->dispose (object);
}

static void
interleave_live_session_finalize (GObject *object)
{
  InterleaveLiveSession *self = (InterleaveLiveSession *)object;

  g_clear_pointer (&self->preset, interleave_server_preset_free);
  g_clear_pointer (&self->server_pids, g_array_unref);
  g_clear_error (&self->error);
  g_free (self->plan);
  g_free (self->name);
  g_free (self->node_path);
  g_free (self->python_path);

  G_OBJECT_CLASS (interleave_live_session_parent_class)->finalize (object);
}

static void
interleave_live_session_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  InterleaveLiveSession *self = INTERLEAVE_LIVE_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, interleave_live_session_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_live_session_class_init (InterleaveLiveSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = interleave_live_session_dispose;
  object_class->finalize = interleave_live_session_finalize;
  object_class->get_property = interleave_live_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL,
                       INTERLEAVE_LIVE_SESSION_IDLE, INTERLEAVE_LIVE_SESSION_FINISHED,
                       INTERLEAVE_LIVE_SESSION_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MEASUREMENT_STARTED] =
    g_signal_new ("measurement-started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * InterleaveLiveSession::delta:
   * @delta: (type gpointer): the InterleaveTrace delta, already merged
   */
  signals[DELTA] =
    g_signal_new ("delta",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  /**
   * InterleaveLiveSession::finished:
   * @error: (nullable): why the run failed; %NULL when it ended normally
   *   or was stopped
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
interleave_live_session_init (InterleaveLiveSession *self)
{
  self->state = INTERLEAVE_LIVE_SESSION_IDLE;
}
