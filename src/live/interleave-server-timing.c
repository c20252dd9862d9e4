/* interleave-server-timing.c
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

#include "interleave-server-timing.h"

G_DEFINE_QUARK (interleave-server-timing-error-quark, interleave_server_timing_error)

/* RFC 9110 5.6.2: tchar */
static gboolean
is_tchar (guchar c)
{
  if (g_ascii_isalnum (c))
    return TRUE;

  return c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL;
}

static gboolean
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

static const char *
skip_ows (const char *p)
{
  while (is_ows (*p))
    p++;
  return p;
}

/* A short, printable form of the header for messages: servers can send
 * anything, and a message must stay readable. */
static char *
header_for_message (const char *header)
{
  g_autofree char *head = NULL;
  g_autofree char *escaped = NULL;
  gboolean cut = strlen (header) > 60;

  /* Control characters and non-ASCII bytes come out as escapes. */
  head = g_strndup (header, cut ? 57 : 60);
  escaped = g_strescape (head, NULL);

  return cut ? g_strconcat (escaped, "…", NULL) : g_steal_pointer (&escaped);
}

static gboolean
syntax_error (GError     **error,
              const char  *header,
              const char  *at,
              const char  *expected)
{
  g_autofree char *shown = header_for_message (header);

  g_set_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX,
               /* Translators: the first %s is a Server-Timing header,
                * %d a character position, the last %s what was expected. */
               _("Server-Timing “%s”, position %d: expected %s"),
               shown, (int) (at - header) + 1, expected);
  return FALSE;
}

static gboolean
value_error (GError     **error,
             const char  *entry,
             const char  *param,
             const char  *value,
             const char  *expected)
{
  g_autofree char *shown = header_for_message (value);

  g_set_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_VALUE,
               /* Translators: Server-Timing entry “cpu”: dur=“abc”, expected a number of milliseconds */
               _("Server-Timing entry “%s”: %s=“%s”, expected %s"),
               entry, param, shown, expected);
  return FALSE;
}

static char *
parse_token (const char  *p,
             const char **end)
{
  const char *start = p;

  while (is_tchar (*p))
    p++;

  *end = p;
  return p > start ? g_strndup (start, p - start) : NULL;
}

/* RFC 9110 5.6.4. Returns the unquoted value, or NULL with *end at the
 * offending character. */
static char *
parse_quoted_string (const char  *p,
                     const char **end)
{
  GString *value;

  g_assert (*p == '"');

  value = g_string_new (NULL);
  p++;

  for (;;)
    {
      guchar c = *p;

      if (c == '"')
        {
          *end = p + 1;
          return g_string_free (value, FALSE);
        }

      if (c == '\\')
        {
          guchar next = p[1];

          if (next == '\t' || (next >= 0x20 && next != 0x7f))
            {
              g_string_append_c (value, next);
              p += 2;
              continue;
            }

          *end = p + 1;
          g_string_free (value, TRUE);
          return NULL;
        }

      if (c == '\t' || c == ' ' || c == 0x21 ||
          (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80)
        {
          g_string_append_c (value, c);
          p++;
          continue;
        }

      /* A control character, or the end of the header before the closing quote */
      *end = p;
      g_string_free (value, TRUE);
      return NULL;
    }
}

static gboolean
parse_ms (const char *value,
          double     *out)
{
  char *end = NULL;
  double v;

  if (value[0] == '\0')
    return FALSE;

  /* Plain decimal only: no "inf", "nan" or hexadecimal floats. */
  for (const char *p = value; *p; p++)
    if (!g_ascii_isdigit (*p) && strchr (".eE+-", *p) == NULL)
      return FALSE;

  v = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (v) || v < 0.0)
    return FALSE;

  *out = v;
  return TRUE;
}

static gboolean
parse_id (const char *value,
          gint64     *out)
{
  guint64 v;

  if (!g_ascii_isdigit (value[0]))
    return FALSE;

  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;

  *out = (gint64) v;
  return TRUE;
}

static void
entry_clear (gpointer data)
{
  InterleaveServerTimingEntry *entry = data;

  g_clear_pointer (&entry->name, g_free);
  g_clear_pointer (&entry->description, g_free);
}

/* Parameters are case-insensitive; the first occurrence wins, as in the
 * W3C processing model. Unknown parameters are allowed and ignored. */
static gboolean
apply_param (InterleaveServerTimingEntry  *entry,
             const char                   *name,
             const char                   *value,
             guint                        *seen,
             GError                      **error)
{
  static const char *known[] = { "dur", "start", "pid", "tid", "desc" };
  guint which = G_N_ELEMENTS (known);

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (name, known[i]) == 0)
      which = i;

  if (which == G_N_ELEMENTS (known) || (*seen & (1u << which)) != 0)
    return TRUE;

  *seen |= 1u << which;

  switch (which)
    {
    case 0:
      if (!parse_ms (value, &entry->dur_ms))
        return value_error (error, entry->name, "dur", value, _("a number of milliseconds"));
      break;

    case 1:
      if (!parse_ms (value, &entry->start_ms))
        return value_error (error, entry->name, "start", value, _("a monotonic time in milliseconds"));
      break;

    case 2:
      if (!parse_id (value, &entry->pid))
        return value_error (error, entry->name, "pid", value, _("a process id"));
      break;

    case 3:
      if (!parse_id (value, &entry->tid))
        return value_error (error, entry->name, "tid", value, _("a thread id"));
      break;

    case 4:
      entry->description = g_strdup (value);
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/**
 * interleave_server_timing_parse:
 * @header: the value of one or more Server-Timing headers (joined by ",")
 * @error: a location for a #GError
 *
 * Parses a Server-Timing header. Empty list elements are skipped, unknown
 * parameters ignored, and a parameter without "=" has an empty value (as
 * browsers accept). Anything else that is not the grammar is an error that
 * names the position; `dur`, `start`, `pid` and `tid` must be numbers.
 *
 * Returns: (transfer full) (nullable): the entries, or %NULL with @error set
 */
InterleaveServerTiming *
interleave_server_timing_parse (const char  *header,
                                GError     **error)
{
  g_autoptr(GArray) entries = NULL;
  InterleaveServerTiming *timing;
  const char *p;

  g_return_val_if_fail (header != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strlen (header) > INTERLEAVE_SERVER_TIMING_MAX_LENGTH)
    {
      g_set_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX,
                   _("Server-Timing header is longer than %d bytes"),
                   INTERLEAVE_SERVER_TIMING_MAX_LENGTH);
      return NULL;
    }

  entries = g_array_new (FALSE, TRUE, sizeof (InterleaveServerTimingEntry));
  g_array_set_clear_func (entries, entry_clear);

  p = header;
  for (;;)
    {
      InterleaveServerTimingEntry entry = {
        .dur_ms = NAN, .start_ms = NAN, .pid = -1, .tid = -1,
      };
      guint seen = 0;

      p = skip_ows (p);
      if (*p == '\0')
        break;
      if (*p == ',')
        {
          p++;
          continue;
        }

      entry.name = parse_token (p, &p);
      if (entry.name == NULL)
        {
          syntax_error (error, header, p, _("a metric name"));
          return NULL;
        }

      if (entries->len >= INTERLEAVE_SERVER_TIMING_MAX_ENTRIES)
        {
          entry_clear (&entry);
          g_set_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX,
                       _("Server-Timing has more than %d entries"),
                       INTERLEAVE_SERVER_TIMING_MAX_ENTRIES);
          return NULL;
        }

      /* From here the entry is owned by the array, so errors free it. */
      g_array_append_val (entries, entry);

      p = skip_ows (p);
      while (*p == ';')
        {
          InterleaveServerTimingEntry *e;
          g_autofree char *param = NULL;
          g_autofree char *value = NULL;

          p = skip_ows (p + 1);
          param = parse_token (p, &p);
          if (param == NULL)
            {
              syntax_error (error, header, p, _("a parameter name after “;”"));
              return NULL;
            }

          p = skip_ows (p);
          if (*p == '=')
            {
              p = skip_ows (p + 1);
              if (*p == '"')
                value = parse_quoted_string (p, &p);
              else
                value = parse_token (p, &p);

              if (value == NULL)
                {
                  syntax_error (error, header, p, _("a value (a token or a quoted string)"));
                  return NULL;
                }
            }
          else
            value = g_strdup ("");

          e = &g_array_index (entries, InterleaveServerTimingEntry, entries->len - 1);
          if (!apply_param (e, param, value, &seen, error))
            return NULL;

          p = skip_ows (p);
        }

      if (*p == '\0')
        break;
      if (*p != ',')
        {
          syntax_error (error, header, p, _("“;”, “,” or the end of the header"));
          return NULL;
        }
      p++;
    }

  timing = g_new0 (InterleaveServerTiming, 1);
  timing->n_entries = entries->len;
  g_array_set_clear_func (entries, NULL);
  timing->entries = (InterleaveServerTimingEntry *) (void *) g_array_free (g_steal_pointer (&entries), FALSE);

  return timing;
}

void
interleave_server_timing_free (InterleaveServerTiming *timing)
{
  if (timing == NULL)
    return;

  for (guint i = 0; i < timing->n_entries; i++)
    entry_clear (&timing->entries[i]);
  g_free (timing->entries);
  g_free (timing);
}

/**
 * interleave_server_timing_lookup:
 * @timing: parsed entries
 * @name: a metric name (case-sensitive, as tokens are)
 *
 * Returns: (nullable): the first entry called @name
 */
const InterleaveServerTimingEntry *
interleave_server_timing_lookup (const InterleaveServerTiming *timing,
                                 const char                   *name)
{
  g_return_val_if_fail (timing != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < timing->n_entries; i++)
    if (strcmp (timing->entries[i].name, name) == 0)
      return &timing->entries[i];

  return NULL;
}

/**
 * interleave_server_timing_check_plan:
 * @timing: parsed entries
 * @plan: the plan the request asked for
 * @error: a location for a #GError
 *
 * Checks that the phase entries (those named cpu, io or native) follow
 * @plan in order, each with `dur` and `start`. Other entries ("app",
 * a proxy's own metrics) are allowed anywhere.
 *
 * Returns: %TRUE when the timing describes @plan
 */
gboolean
interleave_server_timing_check_plan (const InterleaveServerTiming  *timing,
                                     const InterleavePlan          *plan,
                                     GError                       **error)
{
  guint n = 0;

  g_return_val_if_fail (timing != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  for (guint i = 0; i < timing->n_entries; i++)
    {
      const InterleaveServerTimingEntry *entry = &timing->entries[i];
      InterleavePhaseKind kind;

      if (!interleave_phase_kind_from_string (entry->name, &kind))
        continue;

      if (n >= plan->n_phases)
        {
          n++;
          continue;
        }

      if (kind != plan->phases[n].kind)
        {
          g_set_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_PLAN,
                       /* Translators: Server-Timing phase 2 is “cpu”, but the plan has “io” there */
                       _("Server-Timing phase %u is “%s”, but the plan has “%s” there"),
                       n + 1, entry->name, interleave_phase_kind_to_string (plan->phases[n].kind));
          return FALSE;
        }

      if (isnan (entry->dur_ms) || isnan (entry->start_ms))
        {
          g_set_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_PLAN,
                       _("Server-Timing phase %u (“%s”) has no %s parameter"),
                       n + 1, entry->name, isnan (entry->dur_ms) ? "dur" : "start");
          return FALSE;
        }

      n++;
    }

  if (n != plan->n_phases)
    {
      g_set_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_PLAN,
                   _("Server-Timing has the wrong number of phases: %u instead of the plan’s %u"),
                   n, plan->n_phases);
      return FALSE;
    }

  return TRUE;
}
