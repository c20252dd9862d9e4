/* interleave-server.h
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

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "interleave-server-preset.h"

G_BEGIN_DECLS

/* One real test server (data/servers) run as a child process. It prints a
 * ready line, serves 127.0.0.1, and exits when its stdin reaches EOF; the
 * pipe to its stdin is held here, so the server goes when Interleave goes,
 * even after SIGKILL. Its stderr is kept (the last 64 KiB) for messages. */

#define INTERLEAVE_SERVER_ERROR (interleave_server_error_quark ())

typedef enum
{
  INTERLEAVE_SERVER_ERROR_RUNTIME_MISSING,  /* no node / python3 */
  INTERLEAVE_SERVER_ERROR_SCRIPT_MISSING,   /* data/servers not found */
  INTERLEAVE_SERVER_ERROR_SPAWN,            /* could not start the process */
  INTERLEAVE_SERVER_ERROR_EARLY_EXIT,       /* exited before its ready line */
  INTERLEAVE_SERVER_ERROR_TIMEOUT,          /* no ready line in time */
  INTERLEAVE_SERVER_ERROR_BAD_READY,        /* a ready line without a usable port */
  INTERLEAVE_SERVER_ERROR_INFO,             /* /__interleave/info failed */
  INTERLEAVE_SERVER_ERROR_NOT_LAUNCHABLE,   /* a URL preset: nothing to launch */
} InterleaveServerError;

#define INTERLEAVE_TYPE_SERVER (interleave_server_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveServer, interleave_server, INTERLEAVE, SERVER, GObject)

GQuark                        interleave_server_error_quark      (void);
char                         *interleave_server_find_script      (InterleaveRuntime              runtime,
                                                                  GError                       **error);
InterleaveServer             *interleave_server_new              (const InterleaveServerPreset  *preset);
const InterleaveServerPreset *interleave_server_get_preset       (InterleaveServer              *self);
const char                   *interleave_server_get_node_path    (InterleaveServer              *self);
void                          interleave_server_set_node_path    (InterleaveServer              *self,
                                                                  const char                    *node_path);
const char                   *interleave_server_get_python_path  (InterleaveServer              *self);
void                          interleave_server_set_python_path  (InterleaveServer              *self,
                                                                  const char                    *python_path);
guint                         interleave_server_get_ready_timeout (InterleaveServer             *self);
void                          interleave_server_set_ready_timeout (InterleaveServer             *self,
                                                                  guint                          timeout_ms);
guint16                       interleave_server_get_listen_port  (InterleaveServer              *self);
void                          interleave_server_set_listen_port  (InterleaveServer              *self,
                                                                  guint16                        port);
gboolean                      interleave_server_get_running      (InterleaveServer              *self);
guint16                       interleave_server_get_port         (InterleaveServer              *self);
gint64                        interleave_server_get_pid          (InterleaveServer              *self);
char                         *interleave_server_dup_url          (InterleaveServer              *self);
JsonObject                   *interleave_server_get_info         (InterleaveServer              *self);
char                         *interleave_server_dup_stderr       (InterleaveServer              *self);
const char                   *interleave_server_get_exit_description (InterleaveServer          *self);
GArray                       *interleave_server_list_pids        (InterleaveServer              *self);
void                          interleave_server_start_async      (InterleaveServer              *self,
                                                                  GCancellable                  *cancellable,
                                                                  GAsyncReadyCallback            callback,
                                                                  gpointer                       user_data);
gboolean                      interleave_server_start_finish     (InterleaveServer              *self,
                                                                  GAsyncResult                  *result,
                                                                  GError                       **error);
void                          interleave_server_stop_async       (InterleaveServer              *self,
                                                                  GCancellable                  *cancellable,
                                                                  GAsyncReadyCallback            callback,
                                                                  gpointer                       user_data);
gboolean                      interleave_server_stop_finish      (InterleaveServer              *self,
                                                                  GAsyncResult                  *result,
                                                                  GError                       **error);

G_END_DECLS
