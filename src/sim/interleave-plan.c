/* interleave-plan.c
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

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "interleave-plan.h"

G_DEFINE_QUARK (interleave-plan-error-quark, interleave_plan_error)

static const char *phase_names[] = { "cpu", "io", "native" };

const char *
interleave_phase_kind_to_string (InterleavePhaseKind kind)
{
  g_return_val_if_fail (kind <= INTERLEAVE_PHASE_NATIVE, NULL);

  return phase_names[kind];
}

gboolean
interleave_phase_kind_from_string (const char          *name,
                                   InterleavePhaseKind *kind)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (phase_names); i++)
    {
      if (strcmp (name, phase_names[i]) == 0)
        {
          *kind = (InterleavePhaseKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

static const char *
skip_spaces (const char *p)
{
  while (is_space (*p))
    p++;
  return p;
}

/* A plan as messages show it: a long one (a 64-phase plan, or whatever
 * a file or a request holds) is cut after 60 characters, so a message
 * stays one readable line. The position still counts in the whole plan. */
static char *
plan_for_message (const char *text)
{
  g_autofree char *head = NULL;

  if (g_utf8_validate (text, -1, NULL))
    {
      if (g_utf8_strlen (text, -1) <= 60)
        return g_strdup (text);
      head = g_utf8_substring (text, 0, 57);
    }
  else
    {
      if (strlen (text) <= 60)
        return g_strdup (text);
      head = g_strndup (text, 57);
    }

  return g_strconcat (head, "…", NULL);
}

/* Positions in messages are 1-based character columns, as a teacher
 * counting along "cpu:5,io:x" would number them. */
static gboolean
set_syntax_error (GError     **error,
                  const char  *text,
                  const char  *at,
                  const char  *expected)
{
  g_autofree char *shown = plan_for_message (text);

  g_set_error (error, INTERLEAVE_PLAN_ERROR, INTERLEAVE_PLAN_ERROR_SYNTAX,
               /* Translators: the first %s is a plan such as “cpu:5,io:20”,
                * %d a character position, the last %s what was expected there. */
               _("Plan “%s”, position %d: expected %s"),
               shown, (int) (at - text) + 1, expected);
  return FALSE;
}

static gboolean
parse_milliseconds (const char  *p,
                    const char **end,
                    double      *ms)
{
  double value = 0.0;
  double scale = 0.1;
  gboolean any_digit = FALSE;

  while (g_ascii_isdigit (*p))
    {
      value = value * 10.0 + (*p - '0');
      any_digit = TRUE;
      p++;
      if (value > 1e12)
        return FALSE;
    }

  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          value += (*p - '0') * scale;
          scale /= 10.0;
          any_digit = TRUE;
          p++;
        }
    }

  *end = p;
  *ms = value;
  return any_digit;
}

gboolean
interleave_plan_append (InterleavePlan         *plan,
                        const InterleavePhase  *phase,
                        GError                **error)
{
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (phase != NULL, FALSE);

  if (plan->n_phases >= INTERLEAVE_PLAN_MAX_PHASES)
    {
      g_set_error (error, INTERLEAVE_PLAN_ERROR, INTERLEAVE_PLAN_ERROR_LIMIT,
                   _("A plan has at most %d phases"),
                   INTERLEAVE_PLAN_MAX_PHASES);
      return FALSE;
    }

  if (phase->mean_ns < 0)
    {
      g_set_error (error, INTERLEAVE_PLAN_ERROR, INTERLEAVE_PLAN_ERROR_LIMIT,
                   _("A phase cannot last a negative time"));
      return FALSE;
    }

  if ((double) (interleave_plan_total_mean_ns (plan) + phase->mean_ns)
      > INTERLEAVE_PLAN_MAX_TOTAL_MS * 1e6)
    {
      g_set_error (error, INTERLEAVE_PLAN_ERROR, INTERLEAVE_PLAN_ERROR_LIMIT,
                   _("A plan may last at most %.0f ms in total"),
                   INTERLEAVE_PLAN_MAX_TOTAL_MS);
      return FALSE;
    }

  plan->phases[plan->n_phases++] = *phase;
  return TRUE;
}

/**
 * interleave_plan_parse:
 * @text: a plan such as "cpu:5,io:20,native:3" (milliseconds)
 * @plan: (out caller-allocates): where to store the phases
 * @error: a location for a #GError
 *
 * Parses the plan text syntax. An empty string is a plan with no phases.
 * Every phase is constant. On error, @error names the position.
 */
gboolean
interleave_plan_parse (const char      *text,
                       InterleavePlan  *plan,
                       GError         **error)
{
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (plan, 0, sizeof *plan);

  p = skip_spaces (text);
  if (*p == '\0')
    return TRUE;

  for (;;)
    {
      InterleavePhase phase = { 0 };
      const char *name_start;
      const char *number_start;
      g_autofree char *name = NULL;
      g_autoptr(GError) local_error = NULL;
      double ms;

      p = skip_spaces (p);
      name_start = p;
      while (g_ascii_isalpha (*p))
        p++;
      name = g_strndup (name_start, p - name_start);

      if (!interleave_phase_kind_from_string (name, &phase.kind))
        return set_syntax_error (error, text, name_start,
                                 _("a phase: cpu, io or native"));

      p = skip_spaces (p);
      if (*p != ':')
        return set_syntax_error (error, text, p, _("“:” after the phase name"));
      p = skip_spaces (p + 1);

      number_start = p;
      if (!parse_milliseconds (p, &p, &ms))
        return set_syntax_error (error, text, number_start,
                                 _("a number of milliseconds"));

      phase.dist = INTERLEAVE_DIST_CONST;
      phase.mean_ns = (gint64) llround (ms * 1e6);

      if (!interleave_plan_append (plan, &phase, &local_error))
        {
          g_autofree char *shown = plan_for_message (text);

          g_set_error (error, INTERLEAVE_PLAN_ERROR, local_error->code,
                       /* Translators: %s is a plan, %d a position, the last %s a reason */
                       _("Plan “%s”, position %d: %s"),
                       shown, (int) (name_start - text) + 1, local_error->message);
          return FALSE;
        }

      p = skip_spaces (p);
      if (*p == '\0')
        return TRUE;
      if (*p != ',')
        return set_syntax_error (error, text, p, _("“,” or the end of the plan"));
      p++;
    }
}

gint64
interleave_plan_total_mean_ns (const InterleavePlan *plan)
{
  gint64 total = 0;

  g_return_val_if_fail (plan != NULL, 0);

  for (guint i = 0; i < plan->n_phases; i++)
    total += plan->phases[i].mean_ns;

  return total;
}

gint64
interleave_plan_kind_mean_ns (const InterleavePlan *plan,
                              InterleavePhaseKind   kind)
{
  gint64 total = 0;

  g_return_val_if_fail (plan != NULL, 0);

  for (guint i = 0; i < plan->n_phases; i++)
    if (plan->phases[i].kind == kind)
      total += plan->phases[i].mean_ns;

  return total;
}

/**
 * interleave_plan_to_string:
 * @plan: a plan
 *
 * Returns: (transfer full): the text form of the phase means, the
 *   syntax interleave_plan_parse() reads and the servers accept.
 */
char *
interleave_plan_to_string (const InterleavePlan *plan)
{
  GString *str;

  g_return_val_if_fail (plan != NULL, NULL);

  str = g_string_new (NULL);
  for (guint i = 0; i < plan->n_phases; i++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (i > 0)
        g_string_append_c (str, ',');
      char *end;

      /* Fixed notation with nanosecond precision: "%g" would write
       * 1e-06, which the plan syntax does not accept. */
      g_ascii_formatd (number, sizeof number, "%.6f",
                       plan->phases[i].mean_ns / 1e6);
      end = number + strlen (number) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';

      g_string_append_printf (str, "%s:%s",
                              interleave_phase_kind_to_string (plan->phases[i].kind),
                              number);
    }

  return g_string_free (str, FALSE);
}
