/* interleave-json-reader.h
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

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reads small hand- or machine-written JSON files (calibration profiles,
 * fidelity matrices) and says where a problem is: every message has the
 * form "NAME:LINE:COLUMN: PATH: what was expected, got what". Internal
 * API shared by src/sim and src/live: scenarios, calibration profiles,
 * fidelity matrices. Values of the wrong type are "invalid"; values of the
 * right type beyond a limit get the limit code (by default the same). */

typedef struct _InterleaveJsonReader InterleaveJsonReader;

InterleaveJsonReader *interleave_json_reader_new         (const char            *name,
                                                          GQuark                 domain,
                                                          gint                   syntax_code,
                                                          gint                   invalid_code,
                                                          GError               **error);
void                  interleave_json_reader_free        (InterleaveJsonReader  *reader);
void                  interleave_json_reader_set_limit_code (InterleaveJsonReader *reader,
                                                          gint                   limit_code);
gboolean              interleave_json_reader_load        (InterleaveJsonReader  *reader,
                                                          const char            *data,
                                                          gssize                 length,
                                                          gsize                  max_size,
                                                          guint                  max_depth);
JsonNode             *interleave_json_reader_get_root    (InterleaveJsonReader  *reader);
gboolean              interleave_json_reader_fail        (InterleaveJsonReader  *reader,
                                                          JsonNode              *at,
                                                          const char            *path,
                                                          const char            *format,
                                                          ...) G_GNUC_PRINTF (4, 5);
gboolean              interleave_json_reader_fail_limit  (InterleaveJsonReader  *reader,
                                                          JsonNode              *at,
                                                          const char            *path,
                                                          const char            *format,
                                                          ...) G_GNUC_PRINTF (4, 5);
char                 *interleave_json_reader_format_number (double              value);
char                 *interleave_json_reader_path        (const char            *path,
                                                          const char            *member);
char                 *interleave_json_reader_index_path  (const char            *path,
                                                          guint                  index);
char                 *interleave_json_reader_describe    (JsonNode              *node);
const char           *interleave_json_reader_got         (InterleaveJsonReader  *reader,
                                                          JsonNode              *node);
JsonNode             *interleave_json_reader_member      (JsonNode              *object,
                                                          const char            *name);
gboolean              interleave_json_reader_get_object  (InterleaveJsonReader  *reader,
                                                          JsonNode              *node,
                                                          const char            *path,
                                                          const char * const    *allowed);
gboolean              interleave_json_reader_get_array   (InterleaveJsonReader  *reader,
                                                          JsonNode              *node,
                                                          const char            *path,
                                                          guint                  min_length,
                                                          guint                  max_length);
gboolean              interleave_json_reader_require     (InterleaveJsonReader  *reader,
                                                          JsonNode              *object,
                                                          const char            *path,
                                                          const char            *name);
gboolean              interleave_json_reader_string      (InterleaveJsonReader  *reader,
                                                          JsonNode              *object,
                                                          const char            *path,
                                                          const char            *name,
                                                          gsize                  max_length,
                                                          char                 **out);
gboolean              interleave_json_reader_boolean     (InterleaveJsonReader  *reader,
                                                          JsonNode              *object,
                                                          const char            *path,
                                                          const char            *name,
                                                          gboolean              *out);
gboolean              interleave_json_reader_number      (InterleaveJsonReader  *reader,
                                                          JsonNode              *object,
                                                          const char            *path,
                                                          const char            *name,
                                                          double                 min,
                                                          double                 max,
                                                          double                *out);
gboolean              interleave_json_reader_element_number (InterleaveJsonReader *reader,
                                                          JsonNode              *array,
                                                          const char            *path,
                                                          guint                  index,
                                                          double                 min,
                                                          double                 max,
                                                          double                *out);
gboolean              interleave_json_reader_number_above (InterleaveJsonReader *reader,
                                                          JsonNode              *object,
                                                          const char            *path,
                                                          const char            *name,
                                                          double                 min,
                                                          double                 max,
                                                          double                *out);
gboolean              interleave_json_reader_count       (InterleaveJsonReader  *reader,
                                                          JsonNode              *object,
                                                          const char            *path,
                                                          const char            *name,
                                                          guint                  min,
                                                          guint                  max,
                                                          guint                 *out);
gboolean              interleave_json_reader_time        (InterleaveJsonReader  *reader,
                                                          JsonNode              *object,
                                                          const char            *path,
                                                          const char            *name,
                                                          gint64                 min_ns,
                                                          gint64                 max_ns,
                                                          gint64                *out);
gboolean              interleave_json_reader_choice      (InterleaveJsonReader  *reader,
                                                          JsonNode              *object,
                                                          const char            *path,
                                                          const char            *name,
                                                          const char * const    *choices,
                                                          guint                 *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveJsonReader, interleave_json_reader_free)

G_END_DECLS
