/* interleave-output-file.h
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

G_BEGIN_DECLS

/* Where an export goes. A regular file (or a new one) is written to a
 * temporary file that replaces it when the stream is closed, so a full
 * disk leaves the old file as it was. An existing device or pipe
 * (/dev/stdout, a FIFO, /dev/full) is written to as it is: it cannot be
 * replaced, and truncating it fails. */

GOutputStream *interleave_output_file_open           (GFile             *file,
                                                      GFileCreateFlags   flags,
                                                      GError           **error);
gboolean       interleave_output_file_is_special     (GFile             *file);
void           interleave_output_file_abort          (GOutputStream     *stream);
gboolean       interleave_output_file_write_contents (GFile             *file,
                                                      const char        *contents,
                                                      gsize              length,
                                                      GFileCreateFlags   flags,
                                                      GError           **error);

G_END_DECLS
