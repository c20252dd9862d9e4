/* interleave-server-preset.c
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

#include "interleave-server-preset.h"

G_DEFINE_QUARK (interleave-server-preset-error-quark, interleave_server_preset_error)

static const struct {
  InterleaveRuntime runtime;
  const char *mode;
  gboolean multi;     /* takes a worker count */
  gboolean loop;      /* requests run on an event loop */
} modes[] = {
  { INTERLEAVE_RUNTIME_NODE,   "eventloop", FALSE, TRUE },
  { INTERLEAVE_RUNTIME_NODE,   "cluster",   TRUE,  TRUE },
  { INTERLEAVE_RUNTIME_PYTHON, "threaded",  FALSE, FALSE },
  { INTERLEAVE_RUNTIME_PYTHON, "prefork",   TRUE,  FALSE },
  { INTERLEAVE_RUNTIME_PYTHON, "asyncio",   FALSE, TRUE },
};

const char *
interleave_runtime_to_string (InterleaveRuntime runtime)
{
  switch (runtime)
    {
    case INTERLEAVE_RUNTIME_NODE:   return "node";
    case INTERLEAVE_RUNTIME_PYTHON: return "python";
    case INTERLEAVE_RUNTIME_URL:    return "url";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
invalid (GError     **error,
         const char  *text)
{
  g_set_error (error, INTERLEAVE_SERVER_PRESET_ERROR, INTERLEAVE_SERVER_PRESET_ERROR_INVALID,
               _("Unknown server “%s”. Use node:eventloop, node:cluster:K, "
                 "python:threaded, python:prefork:K, python:asyncio "
                 "or the http:// URL of a running server"),
               text);
  return FALSE;
}

/**
 * interleave_server_preset_parse:
 * @text: "node:cluster:2", "python:asyncio", "http://127.0.0.1:8000/", …
 * @error: a location for a #GError
 *
 * A worker count is only accepted by cluster and prefork, and defaults to
 * the number of processors there. URLs are not checked here beyond their
 * scheme: see interleave_target_parse().
 *
 * Returns: (transfer full) (nullable): the preset
 */
InterleaveServerPreset *
interleave_server_preset_parse (const char  *text,
                                GError     **error)
{
  g_autoptr(InterleaveServerPreset) preset = NULL;
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  g_return_val_if_fail (text != NULL, NULL);

  preset = g_new0 (InterleaveServerPreset, 1);
  preset->workers = 1;

  if (g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://"))
    {
      preset->runtime = INTERLEAVE_RUNTIME_URL;
      preset->url = g_strdup (text);
      return g_steal_pointer (&preset);
    }

  parts = g_strsplit (text, ":", -1);
  n_parts = g_strv_length (parts);
  if (n_parts < 2 || n_parts > 3)
    {
      invalid (error, text);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      guint64 workers;

      if (strcmp (parts[0], interleave_runtime_to_string (modes[i].runtime)) != 0 ||
          strcmp (parts[1], modes[i].mode) != 0)
        continue;

      preset->runtime = modes[i].runtime;
      preset->mode = g_strdup (modes[i].mode);

      if (n_parts == 2)
        {
          preset->workers = modes[i].multi ? MIN (g_get_num_processors (), INTERLEAVE_SERVER_PRESET_MAX_WORKERS) : 1;
          return g_steal_pointer (&preset);
        }

      if (!modes[i].multi)
        {
          g_set_error (error, INTERLEAVE_SERVER_PRESET_ERROR, INTERLEAVE_SERVER_PRESET_ERROR_INVALID,
                       _("Server “%s”: %s:%s runs one process and takes no worker count"),
                       text, parts[0], parts[1]);
          return NULL;
        }

      if (!g_ascii_string_to_unsigned (parts[2], 10, 1, INTERLEAVE_SERVER_PRESET_MAX_WORKERS, &workers, NULL))
        {
          g_set_error (error, INTERLEAVE_SERVER_PRESET_ERROR, INTERLEAVE_SERVER_PRESET_ERROR_INVALID,
                       _("Server “%s”: the worker count “%s” is not a number from 1 to %d"),
                       text, parts[2], INTERLEAVE_SERVER_PRESET_MAX_WORKERS);
          return NULL;
        }

      preset->workers = (guint) workers;
      return g_steal_pointer (&preset);
    }

  invalid (error, text);
  return NULL;
}

InterleaveServerPreset *
interleave_server_preset_copy (const InterleaveServerPreset *preset)
{
  InterleaveServerPreset *copy;

  g_return_val_if_fail (preset != NULL, NULL);

  copy = g_new0 (InterleaveServerPreset, 1);
  copy->runtime = preset->runtime;
  copy->mode = g_strdup (preset->mode);
  copy->workers = preset->workers;
  copy->url = g_strdup (preset->url);

  return copy;
}

void
interleave_server_preset_free (InterleaveServerPreset *preset)
{
  if (preset == NULL)
    return;

  g_free (preset->mode);
  g_free (preset->url);
  g_free (preset);
}

/* Returns: (transfer full): the text interleave_server_preset_parse() reads */
char *
interleave_server_preset_to_string (const InterleaveServerPreset *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);

  if (preset->runtime == INTERLEAVE_RUNTIME_URL)
    return g_strdup (preset->url);

  if (strcmp (preset->mode, "cluster") == 0 || strcmp (preset->mode, "prefork") == 0)
    return g_strdup_printf ("%s:%s:%u", interleave_runtime_to_string (preset->runtime),
                            preset->mode, preset->workers);

  return g_strdup_printf ("%s:%s", interleave_runtime_to_string (preset->runtime), preset->mode);
}

/**
 * interleave_server_preset_is_loop:
 * @preset: a preset
 *
 * Returns: %TRUE when requests are served by an event loop (Node, asyncio),
 *   so the main thread is a loop lane and I/O does not block it
 */
gboolean
interleave_server_preset_is_loop (const InterleaveServerPreset *preset)
{
  g_return_val_if_fail (preset != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (preset->mode != NULL && preset->runtime == modes[i].runtime &&
        strcmp (preset->mode, modes[i].mode) == 0)
      return modes[i].loop;

  return FALSE;
}
