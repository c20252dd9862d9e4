/* interleave-server-preset.h
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

/* Which real server to measure, as written on the command line:
 *   node:eventloop  node:cluster:K  python:threaded  python:prefork:K
 *   python:asyncio  or an http:// URL of a server already running. */

#define INTERLEAVE_SERVER_PRESET_ERROR (interleave_server_preset_error_quark ())

typedef enum
{
  INTERLEAVE_SERVER_PRESET_ERROR_INVALID,
} InterleaveServerPresetError;

typedef enum
{
  INTERLEAVE_RUNTIME_NODE,
  INTERLEAVE_RUNTIME_PYTHON,
  INTERLEAVE_RUNTIME_URL,     /* a server Interleave does not launch */
} InterleaveRuntime;

#define INTERLEAVE_SERVER_PRESET_MAX_WORKERS 64

typedef struct
{
  InterleaveRuntime  runtime;
  char              *mode;     /* "eventloop", "cluster", "threaded", "prefork", "asyncio"; NULL for a URL */
  guint              workers;  /* processes serving requests (1 unless cluster / prefork) */
  char              *url;      /* INTERLEAVE_RUNTIME_URL only */
} InterleaveServerPreset;

GQuark                  interleave_server_preset_error_quark (void);
InterleaveServerPreset *interleave_server_preset_parse       (const char                   *text,
                                                              GError                      **error);
InterleaveServerPreset *interleave_server_preset_copy        (const InterleaveServerPreset *preset);
void                    interleave_server_preset_free        (InterleaveServerPreset       *preset);
char                   *interleave_server_preset_to_string   (const InterleaveServerPreset *preset);
gboolean                interleave_server_preset_is_loop     (const InterleaveServerPreset *preset);
const char             *interleave_runtime_to_string         (InterleaveRuntime             runtime);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveServerPreset, interleave_server_preset_free)

G_END_DECLS
