/* interleave-load-options.c
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
#include <math.h>
#include <string.h>

#include "interleave-load-options.h"
#include "interleave-measurement.h"

#define MS (G_GINT64_CONSTANT (1000000))

void
interleave_load_options_init (InterleaveLoadOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->kind = INTERLEAVE_LOAD_CLOSED;
  options->rate = 100.0;
  options->clients = 1;
  options->drain_ns = 2000 * MS;
  options->request_timeout_ns = 30000 * MS;
  options->threads = 1;
  options->max_outstanding = 20000;
  options->record_cap = 50000;
  options->trace_cap = 100000;
  options->window_ns = 100 * MS;
  options->seed = 1;
}

/* Returns: the size of the connection pool the run uses */
guint
interleave_load_options_get_connections (const InterleaveLoadOptions *options)
{
  g_return_val_if_fail (options != NULL, 1);

  if (options->connections > 0)
    return options->connections;

  return options->kind == INTERLEAVE_LOAD_CLOSED ? MAX (options->clients, 1) : 64;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, INTERLEAVE_MEASUREMENT_ERROR, INTERLEAVE_MEASUREMENT_ERROR_INVALID, message);
  return FALSE;
}

/**
 * interleave_load_options_validate:
 * @options: options
 * @error: a location for a #GError
 *
 * Returns: %TRUE if the options describe a bounded run
 */
gboolean
interleave_load_options_validate (const InterleaveLoadOptions  *options,
                                  GError                      **error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (options != NULL, FALSE);

  if (options->kind != INTERLEAVE_LOAD_CLOSED)
    {
      if (!(options->rate > 0.0) || !isfinite (options->rate) || options->rate > INTERLEAVE_LOAD_MAX_RATE)
        {
          message = g_strdup_printf (_("The rate must be more than 0 and at most %.0f requests per second"),
                                     INTERLEAVE_LOAD_MAX_RATE);
          return invalid (error, message);
        }
    }
  else if (options->clients < 1 || options->clients > INTERLEAVE_LOAD_MAX_CLIENTS)
    {
      message = g_strdup_printf (_("The number of clients must be from 1 to %d"), INTERLEAVE_LOAD_MAX_CLIENTS);
      return invalid (error, message);
    }

  if (options->connections > INTERLEAVE_LOAD_MAX_CONNECTIONS)
    {
      message = g_strdup_printf (_("The number of connections must be from 1 to %d"), INTERLEAVE_LOAD_MAX_CONNECTIONS);
      return invalid (error, message);
    }

  if (options->threads < 1 || options->threads > INTERLEAVE_LOAD_MAX_THREADS)
    {
      message = g_strdup_printf (_("The number of load threads must be from 1 to %d"), INTERLEAVE_LOAD_MAX_THREADS);
      return invalid (error, message);
    }

  if (options->duration_ns < 0 || options->think_ns < 0 || options->drain_ns < 0 ||
      options->request_timeout_ns < 0)
    return invalid (error, _("Times cannot be negative"));

  if (options->duration_ns == 0 && options->max_requests == 0)
    return invalid (error, _("A measurement needs a bound: a duration, a number of requests, or both"));

  if (options->window_ns < MS)
    return invalid (error, _("Metric windows must be at least 1 ms wide"));

  if (options->max_requests > G_MAXINT32)
    {
      message = g_strdup_printf (_("A measurement sends at most %d requests"), G_MAXINT32);
      return invalid (error, message);
    }

  return TRUE;
}
