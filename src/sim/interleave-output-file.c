/* interleave-output-file.c
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

#define G_LOG_DOMAIN "interleave-sim"

#include "config.h"

#include "interleave-output-file.h"

/**
 * interleave_output_file_is_special:
 * @file: a file
 *
 * Returns: whether @file exists and is a device, pipe or socket (after
 *   following symbolic links)
 */
gboolean
interleave_output_file_is_special (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_SPECIAL;
}

/**
 * interleave_output_file_open:
 * @file: where to write
 * @flags: for a regular file, as for g_file_replace()
 * @error: why it cannot be opened
 *
 * Returns: (transfer full): a stream to write the whole content to, then
 *   close; interleave_output_file_abort() drops it instead
 */
GOutputStream *
interleave_output_file_open (GFile             *file,
                             GFileCreateFlags   flags,
                             GError           **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (interleave_output_file_is_special (file))
    return G_OUTPUT_STREAM (g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error));

  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, flags, NULL, error));
}

/**
 * interleave_output_file_abort:
 * @stream: a stream from interleave_output_file_open()
 *
 * Closes @stream without replacing the file: a regular file keeps its
 * old content.
 */
void
interleave_output_file_abort (GOutputStream *stream)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));

  /* Closing a replace stream with a cancelled cancellable drops the
   * temporary file. */
  g_cancellable_cancel (cancellable);
  g_output_stream_close (stream, cancellable, NULL);
}

/**
 * interleave_output_file_write_contents:
 * @file: where to write
 * @contents: the bytes
 * @length: how many
 * @flags: for a regular file, as for g_file_replace()
 * @error: why they could not be written
 *
 * Returns: whether all of @contents was written
 */
gboolean
interleave_output_file_write_contents (GFile             *file,
                                       const char        *contents,
                                       gsize              length,
                                       GFileCreateFlags   flags,
                                       GError           **error)
{
  g_autoptr(GOutputStream) stream = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  stream = interleave_output_file_open (file, flags, error);
  if (stream == NULL)
    return FALSE;

  if (!g_output_stream_write_all (stream, contents, length, NULL, NULL, error))
    {
      interleave_output_file_abort (stream);
      return FALSE;
    }

  return g_output_stream_close (stream, NULL, error);
}
