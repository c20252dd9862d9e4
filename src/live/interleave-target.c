/* interleave-target.c
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
#include <string.h>

#include "interleave-target.h"

G_DEFINE_QUARK (interleave-target-error-quark, interleave_target_error)

/**
 * interleave_target_is_loopback_host:
 * @host: a host name or address literal
 *
 * Only "localhost" and loopback address literals count: a name is never
 * resolved, so DNS cannot turn a loopback check into a remote target.
 */
gboolean
interleave_target_is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *unbracketed = NULL;

  g_return_val_if_fail (host != NULL, FALSE);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    unbracketed = g_strndup (host + 1, strlen (host) - 2);

  address = g_inet_address_new_from_string (unbracketed ? unbracketed : host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * interleave_target_parse:
 * @url: an http:// URL to load
 * @allow_remote: whether a host other than loopback is allowed
 * @error: a location for a #GError
 *
 * Interleave is a teaching tool, never a load tool for someone else's
 * server: unless the user explicitly allowed it, only loopback targets
 * pass.
 *
 * Returns: (transfer full) (nullable): the parsed URL
 */
GUri *
interleave_target_parse (const char  *url,
                         gboolean     allow_remote,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, INTERLEAVE_TARGET_ERROR, INTERLEAVE_TARGET_ERROR_INVALID,
                   _("“%s” is not a URL: %s"), url, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "http") != 0 || host == NULL || host[0] == '\0')
    {
      g_set_error (error, INTERLEAVE_TARGET_ERROR, INTERLEAVE_TARGET_ERROR_INVALID,
                   _("“%s” is not an http:// URL with a host"), url);
      return NULL;
    }

  if (!allow_remote && !interleave_target_is_loopback_host (host))
    {
      g_set_error (error, INTERLEAVE_TARGET_ERROR, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK,
                   _("“%s” is not on this machine. Interleave only loads loopback "
                     "servers (127.0.0.1, ::1, localhost) unless remote targets "
                     "are explicitly allowed (--allow-remote)"),
                   host);
      return NULL;
    }

  return g_steal_pointer (&uri);
}
