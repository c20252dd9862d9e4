/* interleave-json-check.h
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

/* A strict JSON (RFC 8259) syntax check for hand-written files, run before
 * json-glib sees the data. It says what was expected where, in words a
 * teacher understands, refuses duplicate member names (json-glib would keep
 * only the last one, silently), and refuses nesting deeper than a limit
 * (json-glib 1.6 recurses without one and overflows the stack). */

#define INTERLEAVE_JSON_ERROR (interleave_json_error_quark ())

typedef enum
{
  INTERLEAVE_JSON_ERROR_SYNTAX,
  INTERLEAVE_JSON_ERROR_LIMIT,
} InterleaveJsonError;

GQuark    interleave_json_error_quark (void);
gboolean  interleave_json_check       (const char  *data,
                                       gsize        length,
                                       guint        max_depth,
                                       guint       *line,
                                       guint       *column,
                                       GError     **error);
gsize     interleave_json_skip_bom    (const char  *data,
                                       gsize        length);

G_END_DECLS
