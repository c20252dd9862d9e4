/* interleave-server.c
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

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "interleave-proc-stat.h"
#include "interleave-server.h"

#define STDERR_KEEP       (64 * 1024)
#define STDOUT_KEEP       (4 * 1024)
#define DEFAULT_TIMEOUT   10000   /* ms */
#define EXIT_GRACE_MS     400     /* after an early exit, wait this long for the last stderr */
#define STOP_TERM_MS      3000    /* after closing stdin, SIGTERM */
#define STOP_KILL_MS      5000    /* then SIGKILL */
#define STOP_GIVE_UP_MS   6000

struct _InterleaveServer
{
  GObject                 parent_instance;

  InterleaveServerPreset *preset;
  char                   *node_path;
  char                   *python_path;
  guint                   ready_timeout;
  guint16                 listen_port;

  GSubprocess            *process;
  GDataInputStream       *stdout_stream;
  GInputStream           *stderr_stream;
  GCancellable           *io_cancellable;
  SoupSession            *session;
  GString                *stderr_text;
  GString                *stdout_text;
  JsonObject             *info;
  char                   *exit_description;
  GArray                 *known_pids;      /* gint64: the process and workers we saw */

  GTask                  *start_task;
  guint                   start_timeout_id;
  guint                   grace_id;
  GSource                *cancel_source;
  GTask                  *stop_task;
  guint                   stop_poll_id;
  gint64                  stop_began;
  guint                   stop_stage;

  gint64                  pid;
  guint16                 port;
  guint                   running : 1;
  guint                   exited : 1;
  guint                   stderr_eof : 1;
};

G_DEFINE_FINAL_TYPE (InterleaveServer, interleave_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (interleave-server-error-quark, interleave_server_error)

enum {
  PROP_0,
  PROP_NODE_PATH,
  PROP_PYTHON_PATH,
  PROP_READY_TIMEOUT,
  PROP_LISTEN_PORT,
  PROP_RUNNING,
  PROP_PORT,
  N_PROPS
};

enum {
  EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void fail_start (InterleaveServer *self,
                        GError           *error);

static const char *
script_path_for (InterleaveRuntime runtime)
{
  return runtime == INTERLEAVE_RUNTIME_NODE ? "node/server.js" : "python/server.py";
}

/**
 * interleave_server_find_script:
 * @runtime: node or python
 * @error: a location for a #GError
 *
 * Looks for the test server in $INTERLEAVE_DATADIR/servers (set by tests
 * and uninstalled runs), then the installed data, then the source tree.
 *
 * Returns: (transfer full) (nullable): the path of server.js / server.py
 */
char *
interleave_server_find_script (InterleaveRuntime   runtime,
                               GError            **error)
{
  const char *env = g_getenv ("INTERLEAVE_DATADIR");
  const char *dirs[3] = { NULL, PKGDATADIR, SOURCE_DATADIR };
  g_autoptr(GString) tried = g_string_new (NULL);

  g_return_val_if_fail (runtime != INTERLEAVE_RUNTIME_URL, NULL);

  if (env != NULL && env[0] != '\0')
    dirs[0] = env;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL)
        continue;

      path = g_build_filename (dirs[i], "servers", script_path_for (runtime), NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);

      g_string_append_printf (tried, "\n  %s", path);
    }

  g_set_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_SCRIPT_MISSING,
               _("The %s test server is not installed. Reinstall Interleave, or set "
                 "INTERLEAVE_DATADIR to its data folder. Looked for:%s"),
               runtime == INTERLEAVE_RUNTIME_NODE ? "Node.js" : "Python",
               tried->str);
  return NULL;
}

static char *
find_runtime (InterleaveServer  *self,
              GError           **error)
{
  gboolean node = self->preset->runtime == INTERLEAVE_RUNTIME_NODE;
  const char *configured = node ? self->node_path : self->python_path;
  char *path;

  if (configured != NULL && configured[0] != '\0')
    {
      path = strchr (configured, '/') != NULL ? g_strdup (configured)
                                              : g_find_program_in_path (configured);

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) ||
          g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_free (path);
          g_set_error (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_RUNTIME_MISSING,
                       node ? _("The Node.js program “%s” given in the settings does not exist or "
                                "cannot be run. Give the path of node (--node PATH), or leave it "
                                "empty to use the one on PATH.")
                            : _("The Python program “%s” given in the settings does not exist or "
                                "cannot be run. Give the path of python3 (--python PATH), or leave "
                                "it empty to use the one on PATH."),
                       configured);
          return NULL;
        }

      return path;
    }

  path = g_find_program_in_path (node ? "node" : "python3");
  if (path == NULL)
    g_set_error_literal (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_RUNTIME_MISSING,
                         node ? _("Node.js is needed for this server, but no “node” program is on "
                                  "PATH. Install Node.js (on Debian: apt install nodejs), or give "
                                  "the path of node with --node PATH.")
                              : _("Python 3 is needed for this server, but no “python3” program is "
                                  "on PATH. Install Python 3 (on Debian: apt install python3), or "
                                  "give the path of python3 with --python PATH."));
  return path;
}

/* The end of the server's stderr, for messages. */
static char *
stderr_tail (InterleaveServer *self)
{
  const char *text = self->stderr_text->str;
  gsize len = self->stderr_text->len;
  const char *start;

  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;

  if (len == 0)
    return NULL;

  start = text + (len > 2048 ? len - 2048 : 0);
  if (start != text)
    {
      const char *nl = memchr (start, '\n', len - (start - text));
      if (nl != NULL)
        start = nl + 1;
    }

  return g_utf8_make_valid (start, len - (start - text));
}

static char *
with_stderr (InterleaveServer *self,
             const char       *message)
{
  g_autofree char *tail = stderr_tail (self);

  if (tail == NULL)
    return g_strdup (message);

  return g_strdup_printf ("%s\n%s\n%s", message, _("The server’s error output ends with:"), tail);
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_signaled (process))
    {
      int sig = g_subprocess_get_term_sig (process);

      return g_strdup_printf (_("was killed by signal %d (%s)"), sig, g_strsignal (sig));
    }

  return g_strdup_printf (_("exited with status %d"), g_subprocess_get_exit_status (process));
}

static char *
server_name (InterleaveServer *self)
{
  return interleave_server_preset_to_string (self->preset);
}

static void
remember_pids (InterleaveServer *self)
{
  g_autoptr(GArray) descendants = NULL;
  const char *identifier;
  gint64 root;

  if (self->process == NULL || (identifier = g_subprocess_get_identifier (self->process)) == NULL)
    return;

  root = g_ascii_strtoll (identifier, NULL, 10);
  descendants = interleave_proc_list_descendants (root);

  for (guint i = 0; i <= descendants->len; i++)
    {
      gint64 pid = i == 0 ? root : g_array_index (descendants, gint64, i - 1);
      gboolean known = FALSE;

      for (guint j = 0; j < self->known_pids->len && !known; j++)
        known = g_array_index (self->known_pids, gint64, j) == pid;
      if (!known)
        g_array_append_val (self->known_pids, pid);
    }
}

static void
clear_sources (InterleaveServer *self)
{
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
}

static void
complete_early_exit (InterleaveServer *self)
{
  g_autofree char *name = server_name (self);
  g_autofree char *message = NULL;
  g_autofree char *full = NULL;

  g_clear_handle_id (&self->grace_id, g_source_remove);

  message = g_strdup_printf (_("The %s server %s before it was ready."),
                             name, self->exit_description);
  full = with_stderr (self, message);
  fail_start (self, g_error_new_literal (INTERLEAVE_SERVER_ERROR,
                                         INTERLEAVE_SERVER_ERROR_EARLY_EXIT, full));
}

static gboolean
grace_cb (gpointer data)
{
  InterleaveServer *self = data;

  self->grace_id = 0;
  if (self->start_task != NULL)
    complete_early_exit (self);

  return G_SOURCE_REMOVE;
}

static void
read_stderr_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(InterleaveServer) self = data;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      self->stderr_eof = TRUE;
      if (self->start_task != NULL && self->exited)
        complete_early_exit (self);
      return;
    }

  g_string_append_len (self->stderr_text, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (self->stderr_text->len > STDERR_KEEP)
    g_string_erase (self->stderr_text, 0, self->stderr_text->len - STDERR_KEEP);

  g_input_stream_read_bytes_async (self->stderr_stream, 4096, G_PRIORITY_DEFAULT,
                                   self->io_cancellable, read_stderr_cb, g_object_ref (self));
}

static void
info_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(InterleaveServer) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *name = server_name (self);
  SoupMessage *msg;
  JsonNode *root;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (self->start_task == NULL)
    return;

  msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);

  if (bytes == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_autofree char *message = NULL;
      g_autofree char *full = NULL;

      if (bytes == NULL)
        message = g_strdup_printf (_("The %s server printed its ready line but its "
                                     "/__interleave/info page failed: %s"),
                                   name, error->message);
      else
        message = g_strdup_printf (_("The %s server printed its ready line but its "
                                     "/__interleave/info page answered HTTP %u"),
                                   name, soup_message_get_status (msg));
      full = with_stderr (self, message);
      fail_start (self, g_error_new_literal (INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_INFO, full));
      return;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail_start (self, g_error_new (INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_INFO,
                                     _("The %s server’s /__interleave/info page is not a JSON object"),
                                     name));
      return;
    }

  self->info = json_object_ref (json_node_get_object (root));
  remember_pids (self);

  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  self->running = TRUE;
  g_task_return_boolean (g_steal_pointer (&self->start_task), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

static gboolean
handle_ready_line (InterleaveServer  *self,
                   const char        *line,
                   GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *name = server_name (self);
  JsonObject *object;
  JsonNode *root;
  JsonNode *port;
  gint64 value = -1;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "event", ""), "ready") != 0)
    return FALSE;

  port = json_object_get_member (object, "port");
  if (port != NULL && JSON_NODE_HOLDS_VALUE (port) && json_node_get_value_type (port) == G_TYPE_INT64)
    value = json_node_get_int (port);

  if (value < 1 || value > 65535)
    {
      g_autofree char *message = g_strdup_printf (_("The %s server’s ready line has no TCP port "
                                                    "number (1–65535): %s"), name, line);
      g_set_error_literal (error, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_BAD_READY, message);
      return TRUE;
    }

  self->port = (guint16) value;
  self->pid = json_object_get_int_member_with_default (object, "pid", 0);
  if (self->pid <= 0)
    self->pid = g_ascii_strtoll (g_subprocess_get_identifier (self->process), NULL, 10);

  return TRUE;
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(InterleaveServer) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  raw = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &length, &error);
  if (raw == NULL)
    return;  /* EOF or cancelled: the exit handler reports it */

  line = g_utf8_make_valid (raw, length);

  if (self->start_task != NULL && self->port == 0)
    {
      g_autoptr(GError) ready_error = NULL;

      if (handle_ready_line (self, line, &ready_error))
        {
          g_autofree char *url = NULL;
          g_autoptr(SoupMessage) msg = NULL;

          if (ready_error != NULL)
            {
              fail_start (self, g_steal_pointer (&ready_error));
              return;
            }

          url = g_strdup_printf ("http://127.0.0.1:%u/__interleave/info", self->port);
          msg = soup_message_new (SOUP_METHOD_GET, url);
          soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                            self->io_cancellable, info_cb, g_object_ref (self));
        }
    }

  g_string_append (self->stdout_text, line);
  g_string_append_c (self->stdout_text, '\n');
  if (self->stdout_text->len > STDOUT_KEEP)
    g_string_erase (self->stdout_text, 0, self->stdout_text->len - STDOUT_KEEP);

  g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_DEFAULT,
                                       self->io_cancellable, read_line_cb, g_object_ref (self));
}

static void signal_all (InterleaveServer *self,
                        int               sig);

static void
fail_start (InterleaveServer *self,
            GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  g_assert (task != NULL);

  clear_sources (self);
  remember_pids (self);

  /* A server that is not usable is not left behind. */
  if (self->process != NULL && !self->exited)
    {
      GOutputStream *in = g_subprocess_get_stdin_pipe (self->process);

      g_output_stream_close (in, NULL, NULL);
      signal_all (self, SIGKILL);
    }

  g_task_return_error (task, error);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(InterleaveServer) self = data;
  gboolean was_running = self->running;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);

  if (!g_subprocess_get_if_exited (self->process) && !g_subprocess_get_if_signaled (self->process))
    return;  /* cancelled */

  self->exited = TRUE;
  self->running = FALSE;
  g_free (self->exit_description);
  self->exit_description = describe_exit (self->process);

  if (self->start_task != NULL)
    {
      /* The last words on stderr explain the exit: wait for them, briefly. */
      if (self->stderr_eof)
        complete_early_exit (self);
      else if (self->grace_id == 0)
        self->grace_id = g_timeout_add (EXIT_GRACE_MS, grace_cb, self);
    }

  if (was_running)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_signal_emit (self, signals[EXITED], 0);
    }
}

static gboolean
start_timeout_cb (gpointer data)
{
  InterleaveServer *self = data;
  g_autofree char *name = server_name (self);
  g_autofree char *message = NULL;
  g_autofree char *full = NULL;

  self->start_timeout_id = 0;

  if (self->start_task == NULL)
    return G_SOURCE_REMOVE;

  message = g_strdup_printf (_("The %s server did not say it was ready within %.1f s. "
                               "The machine may be overloaded; try again, or raise the timeout."),
                             name, self->ready_timeout / 1000.0);
  full = with_stderr (self, message);
  fail_start (self, g_error_new_literal (INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_TIMEOUT, full));

  return G_SOURCE_REMOVE;
}

static gboolean
start_cancelled_cb (GCancellable *cancellable,
                    gpointer      data)
{
  InterleaveServer *self = data;
  GError *error = NULL;

  if (self->start_task != NULL)
    {
      g_cancellable_set_error_if_cancelled (cancellable, &error);
      fail_start (self, error);
    }

  return G_SOURCE_REMOVE;
}

static void
interleave_server_dispose (GObject *object)
{
  InterleaveServer *self = (InterleaveServer *)object;

  clear_sources (self);
  g_clear_handle_id (&self->stop_poll_id, g_source_remove);

  /* Closing stdin is the contract's way to stop the server. */
  if (self->process != NULL && !self->exited)
    g_output_stream_close (g_subprocess_get_stdin_pipe (self->process), NULL, NULL);

  if (self->io_cancellable != NULL)
    g_cancellable_cancel (self->io_cancellable);

  g_clear_object (&self->stdout_stream);
  g_clear_object (&self->stderr_stream);
  g_clear_object (&self->process);
  g_clear_object (&self->session);
  g_clear_object (&self->io_cancellable);

  G_OBJECT_CLASS (interleave_server_parent_class)->dispose (object);
}

static void
interleave_server_finalize (GObject *object)
{
  InterleaveServer *self = (InterleaveServer *)object;

  g_clear_pointer (&self->preset, interleave_server_preset_free);
  g_clear_pointer (&self->node_path, g_free);
  g_clear_pointer (&self->python_path, g_free);
  g_clear_pointer (&self->info, json_object_unref);
  g_clear_pointer (&self->exit_description, g_free);
  g_clear_pointer (&self->known_pids, g_array_unref);
  g_string_free (self->stderr_text, TRUE);
  g_string_free (self->stdout_text, TRUE);

  G_OBJECT_CLASS (interleave_server_parent_class)->finalize (object);
}

static void
interleave_server_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InterleaveServer *self = INTERLEAVE_SERVER (object);

  switch (prop_id)
    {
    case PROP_NODE_PATH:
      g_value_set_string (value, self->node_path);
      break;

    case PROP_PYTHON_PATH:
      g_value_set_string (value, self->python_path);
      break;

    case PROP_READY_TIMEOUT:
      g_value_set_uint (value, self->ready_timeout);
      break;

    case PROP_LISTEN_PORT:
      g_value_set_uint (value, self->listen_port);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_server_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InterleaveServer *self = INTERLEAVE_SERVER (object);

  switch (prop_id)
    {
    case PROP_NODE_PATH:
      interleave_server_set_node_path (self, g_value_get_string (value));
      break;

    case PROP_PYTHON_PATH:
      interleave_server_set_python_path (self, g_value_get_string (value));
      break;

    case PROP_READY_TIMEOUT:
      interleave_server_set_ready_timeout (self, g_value_get_uint (value));
      break;

    case PROP_LISTEN_PORT:
      interleave_server_set_listen_port (self, (guint16) g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_server_class_init (InterleaveServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = interleave_server_dispose;
  object_class->finalize = interleave_server_finalize;
  object_class->get_property = interleave_server_get_property;
  object_class->set_property = interleave_server_set_property;

  /**
   * InterleaveServer:node-path:
   *
   * The node program, or %NULL to look for "node" on PATH.
   */
  properties[PROP_NODE_PATH] =
    g_param_spec_string ("node-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * InterleaveServer:python-path:
   *
   * The python3 program, or %NULL to look for "python3" on PATH.
   */
  properties[PROP_PYTHON_PATH] =
    g_param_spec_string ("python-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * InterleaveServer:ready-timeout:
   *
   * How long to wait for the ready line, in milliseconds.
   */
  properties[PROP_READY_TIMEOUT] =
    g_param_spec_uint ("ready-timeout", NULL, NULL, 100, 600000, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * InterleaveServer:listen-port:
   *
   * The port to listen on, or 0 (the default) for any free one.
   */
  properties[PROP_LISTEN_PORT] =
    g_param_spec_uint ("listen-port", NULL, NULL, 0, 65535, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InterleaveServer::exited:
   *
   * The server process ended after it was ready: it crashed, was killed,
   * or was stopped. interleave_server_get_exit_description() says how.
   */
  signals[EXITED] =
    g_signal_new ("exited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
interleave_server_init (InterleaveServer *self)
{
  self->ready_timeout = DEFAULT_TIMEOUT;
  self->stderr_text = g_string_new (NULL);
  self->stdout_text = g_string_new (NULL);
  self->known_pids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * interleave_server_new:
 * @preset: which server to run (not a URL)
 *
 * Returns: (transfer full): a server, not started
 */
InterleaveServer *
interleave_server_new (const InterleaveServerPreset *preset)
{
  InterleaveServer *self;

  g_return_val_if_fail (preset != NULL, NULL);

  self = g_object_new (INTERLEAVE_TYPE_SERVER, NULL);
  self->preset = interleave_server_preset_copy (preset);

  return self;
}

const InterleaveServerPreset *
interleave_server_get_preset (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), NULL);

  return self->preset;
}

const char *
interleave_server_get_node_path (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), NULL);

  return self->node_path;
}

void
interleave_server_set_node_path (InterleaveServer *self,
                                 const char       *node_path)
{
  g_return_if_fail (INTERLEAVE_IS_SERVER (self));

  if (g_strcmp0 (self->node_path, node_path) == 0)
    return;

  g_free (self->node_path);
  self->node_path = g_strdup (node_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE_PATH]);
}

const char *
interleave_server_get_python_path (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), NULL);

  return self->python_path;
}

void
interleave_server_set_python_path (InterleaveServer *self,
                                   const char       *python_path)
{
  g_return_if_fail (INTERLEAVE_IS_SERVER (self));

  if (g_strcmp0 (self->python_path, python_path) == 0)
    return;

  g_free (self->python_path);
  self->python_path = g_strdup (python_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PYTHON_PATH]);
}

guint
interleave_server_get_ready_timeout (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), 0);

  return self->ready_timeout;
}

void
interleave_server_set_ready_timeout (InterleaveServer *self,
                                     guint             timeout_ms)
{
  g_return_if_fail (INTERLEAVE_IS_SERVER (self));

  if (self->ready_timeout == timeout_ms)
    return;

  self->ready_timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY_TIMEOUT]);
}

guint16
interleave_server_get_listen_port (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), 0);

  return self->listen_port;
}

/* The port to ask for at the next start; 0 for any free one. */
void
interleave_server_set_listen_port (InterleaveServer *self,
                                   guint16           port)
{
  g_return_if_fail (INTERLEAVE_IS_SERVER (self));

  if (self->listen_port == port)
    return;

  self->listen_port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTEN_PORT]);
}

gboolean
interleave_server_get_running (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), FALSE);

  return self->running;
}

/* Returns: the port the server listens on, or 0 before it is ready */
guint16
interleave_server_get_port (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), 0);

  return self->port;
}

/* Returns: the server's main process id (from its ready line), or 0 */
gint64
interleave_server_get_pid (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), 0);

  return self->pid;
}

/* Returns: (transfer full) (nullable): "http://127.0.0.1:PORT" once ready */
char *
interleave_server_dup_url (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), NULL);

  if (self->port == 0)
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/* Returns: (transfer none) (nullable): the /__interleave/info object */
JsonObject *
interleave_server_get_info (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), NULL);

  return self->info;
}

/* Returns: (transfer full): what the server wrote on stderr (the last 64 KiB) */
char *
interleave_server_dup_stderr (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), NULL);

  return g_utf8_make_valid (self->stderr_text->str, self->stderr_text->len);
}

/* Returns: (nullable): "exited with status 1", … once the process ended */
const char *
interleave_server_get_exit_description (InterleaveServer *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), NULL);

  return self->exit_description;
}

/**
 * interleave_server_list_pids:
 * @self: a server
 *
 * Returns: (transfer full) (element-type gint64): the main process and the
 *   workers seen so far (alive or not)
 */
GArray *
interleave_server_list_pids (InterleaveServer *self)
{
  GArray *copy;

  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), NULL);

  if (self->running)
    remember_pids (self);

  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->known_pids->len);
  g_array_append_vals (copy, self->known_pids->data, self->known_pids->len);
  return copy;
}

/**
 * interleave_server_start_async:
 * @self: a server, not started yet
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server is ready (and answered its info
 *   page) or failed to start
 * @user_data: data for @callback
 *
 * Starts the server on 127.0.0.1 with a free port. Failures are
 * #InterleaveServerError errors whose message says what to do, with the
 * end of the server's stderr when it has anything to say.
 */
void
interleave_server_start_async (InterleaveServer    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *script = NULL;
  g_autofree char *workers = NULL;
  g_autofree char *port = NULL;

  g_return_if_fail (INTERLEAVE_IS_SERVER (self));
  g_return_if_fail (self->process == NULL);
  g_return_if_fail (self->start_task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, interleave_server_start_async);

  if (self->preset->runtime == INTERLEAVE_RUNTIME_URL)
    {
      g_task_return_new_error (task, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_NOT_LAUNCHABLE,
                               _("“%s” is a URL: that server is already running and is not "
                                 "launched by Interleave"), self->preset->url);
      return;
    }

  if (!(runtime = find_runtime (self, &error)) ||
      !(script = interleave_server_find_script (self->preset->runtime, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, runtime);
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *) "--mode");
  g_ptr_array_add (argv, self->preset->mode);
  if (g_str_equal (self->preset->mode, "cluster") || g_str_equal (self->preset->mode, "prefork"))
    {
      workers = g_strdup_printf ("%u", self->preset->workers);
      g_ptr_array_add (argv, (char *) "--workers");
      g_ptr_array_add (argv, workers);
    }
  port = g_strdup_printf ("%u", self->listen_port);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The ready line must not sit in a buffer; the source tree stays clean. */
  g_subprocess_launcher_setenv (launcher, "PYTHONUNBUFFERED", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONDONTWRITEBYTECODE", "1", TRUE);

  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, INTERLEAVE_SERVER_ERROR, INTERLEAVE_SERVER_ERROR_SPAWN,
                               _("Could not start %s: %s"), runtime, error->message);
      return;
    }

  self->start_task = g_steal_pointer (&task);
  self->io_cancellable = g_cancellable_new ();
  self->session = soup_session_new_with_options ("timeout", 5, "proxy-resolver", NULL, NULL);
  self->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_set_newline_type (self->stdout_stream, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  self->stderr_stream = g_object_ref (g_subprocess_get_stderr_pipe (self->process));

  g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_DEFAULT,
                                       self->io_cancellable, read_line_cb, g_object_ref (self));
  g_input_stream_read_bytes_async (self->stderr_stream, 4096, G_PRIORITY_DEFAULT,
                                   self->io_cancellable, read_stderr_cb, g_object_ref (self));
  g_subprocess_wait_async (self->process, NULL, wait_cb, g_object_ref (self));
  self->start_timeout_id = g_timeout_add (self->ready_timeout, start_timeout_cb, self);

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (start_cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }
}

gboolean
interleave_server_start_finish (InterleaveServer  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
signal_all (InterleaveServer *self,
            int               sig)
{
  remember_pids (self);

  for (guint i = 0; i < self->known_pids->len; i++)
    {
      gint64 pid = g_array_index (self->known_pids, gint64, i);

      if (interleave_proc_is_alive (pid))
        kill ((pid_t) pid, sig);
    }
}

static gboolean
all_gone (InterleaveServer *self)
{
  if (!self->exited)
    return FALSE;

  for (guint i = 0; i < self->known_pids->len; i++)
    if (interleave_proc_is_alive (g_array_index (self->known_pids, gint64, i)))
      return FALSE;

  return TRUE;
}

static gboolean
stop_poll_cb (gpointer data)
{
  InterleaveServer *self = data;
  gint64 elapsed_ms = (g_get_monotonic_time () - self->stop_began) / 1000;

  if (!all_gone (self))
    {
      if (elapsed_ms < STOP_GIVE_UP_MS)
        {
          if (self->stop_stage == 0 && elapsed_ms >= STOP_TERM_MS)
            {
              g_debug ("server did not exit after stdin closed; sending SIGTERM");
              signal_all (self, SIGTERM);
              self->stop_stage = 1;
            }
          else if (self->stop_stage == 1 && elapsed_ms >= STOP_KILL_MS)
            {
              g_debug ("server did not exit after SIGTERM; sending SIGKILL");
              signal_all (self, SIGKILL);
              self->stop_stage = 2;
            }
          return G_SOURCE_CONTINUE;
        }
    }

  self->stop_poll_id = 0;
  g_task_return_boolean (g_steal_pointer (&self->stop_task), TRUE);
  return G_SOURCE_REMOVE;
}

/**
 * interleave_server_stop_async:
 * @self: a server
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the server and its workers are gone
 * @user_data: data for @callback
 *
 * Closes the server's stdin (the contract's stop request); a server still
 * there after 3 s gets SIGTERM, after 5 s SIGKILL, and so do its workers.
 */
void
interleave_server_stop_async (InterleaveServer    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (INTERLEAVE_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, interleave_server_stop_async);

  if (self->process == NULL || self->stop_task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  remember_pids (self);
  if (!self->exited)
    g_output_stream_close (g_subprocess_get_stdin_pipe (self->process), NULL, NULL);

  self->stop_task = g_steal_pointer (&task);
  self->stop_began = g_get_monotonic_time ();
  self->stop_stage = 0;
  self->stop_poll_id = g_timeout_add_full (G_PRIORITY_DEFAULT, 20, stop_poll_cb,
                                           g_object_ref (self), g_object_unref);
}

gboolean
interleave_server_stop_finish (InterleaveServer  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (INTERLEAVE_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
