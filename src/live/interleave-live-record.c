/* interleave-live-record.c
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

#include "interleave-live-record.h"

static const char *names[INTERLEAVE_LIVE_N_ERRORS] = {
  "none", "connect", "io", "timeout", "http-4xx", "http-5xx", "cancelled", "overload",
};

/* Returns: a stable name for CSV and JSON, e.g. "http-5xx" */
const char *
interleave_live_error_class_to_string (InterleaveLiveErrorClass error)
{
  g_return_val_if_fail (error < INTERLEAVE_LIVE_N_ERRORS, NULL);

  return names[error];
}

/* Returns: the translated label shown to people */
const char *
interleave_live_error_class_get_label (InterleaveLiveErrorClass error)
{
  g_return_val_if_fail (error < INTERLEAVE_LIVE_N_ERRORS, NULL);

  switch (error)
    {
    case INTERLEAVE_LIVE_ERROR_NONE:      return _("No error");
    case INTERLEAVE_LIVE_ERROR_CONNECT:   return _("Connection refused");
    case INTERLEAVE_LIVE_ERROR_IO:        return _("Connection lost");
    case INTERLEAVE_LIVE_ERROR_TIMEOUT:   return _("Timed out");
    case INTERLEAVE_LIVE_ERROR_HTTP_4XX:  return _("Rejected (HTTP 4xx)");
    case INTERLEAVE_LIVE_ERROR_HTTP_5XX:  return _("Server error (HTTP 5xx)");
    case INTERLEAVE_LIVE_ERROR_CANCELLED: return _("Unfinished at the end");
    case INTERLEAVE_LIVE_ERROR_OVERLOAD:  return _("Not sent (too many in flight)");
    case INTERLEAVE_LIVE_N_ERRORS:
    default:
      g_return_val_if_reached (NULL);
    }
}
