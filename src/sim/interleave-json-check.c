/* interleave-json-check.c
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
#include <string.h>

#include "interleave-json-check.h"

G_DEFINE_QUARK (interleave-json-error-quark, interleave_json_error)

typedef struct
{
  const char  *p;
  const char  *end;
  guint        max_depth;
  const char  *error_at;
  GError     **error;
} Checker;

static gboolean fail (Checker    *self,
                      const char *at,
                      int         code,
                      const char *format,
                      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Checker    *self,
      const char *at,
      int         code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  self->error_at = at;
  g_set_error_literal (self->error, INTERLEAVE_JSON_ERROR, code, message);
  return FALSE;
}

static void
skip_space (Checker *self)
{
  while (self->p < self->end &&
         (*self->p == ' ' || *self->p == '\t' || *self->p == '\n' || *self->p == '\r'))
    self->p++;
}

static gboolean
at_end (Checker *self)
{
  return self->p >= self->end;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Checker  *self,
           gunichar *out)
{
  gunichar value = 0;

  if (self->end - self->p < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int v = hex_value (self->p[i]);

      if (v < 0)
        return FALSE;
      value = (value << 4) | (gunichar) v;
    }

  self->p += 4;
  *out = value;
  return TRUE;
}

/* Reads a string starting at its opening quote. When @decoded is given,
 * it receives the string's value (for duplicate member names). */
static gboolean
check_string (Checker *self,
              GString *decoded)
{
  const char *start = self->p;

  g_assert (*self->p == '"');
  self->p++;

  for (;;)
    {
      const char *here = self->p;
      guchar c;

      if (at_end (self) || *self->p == '\n')
        return fail (self, start, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("a string is not closed: expected “\"” before the end of the line"));

      c = (guchar) *self->p;

      if (c == '"')
        {
          self->p++;
          return TRUE;
        }

      if (c < 0x20)
        return fail (self, here, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("a control character (such as a tab) inside a string; write it as “\\t” or “\\n”"));

      if (c == '\\')
        {
          char e;

          self->p++;
          if (at_end (self))
            return fail (self, start, INTERLEAVE_JSON_ERROR_SYNTAX,
                         _("a string is not closed: expected “\"” before the end of the line"));
          e = *self->p++;

          switch (e)
            {
            case '"': case '\\': case '/':
              if (decoded)
                g_string_append_c (decoded, e);
              break;
            case 'b': if (decoded) g_string_append_c (decoded, '\b'); break;
            case 'f': if (decoded) g_string_append_c (decoded, '\f'); break;
            case 'n': if (decoded) g_string_append_c (decoded, '\n'); break;
            case 'r': if (decoded) g_string_append_c (decoded, '\r'); break;
            case 't': if (decoded) g_string_append_c (decoded, '\t'); break;
            case 'u':
              {
                gunichar u;

                if (!read_hex4 (self, &u))
                  return fail (self, here, INTERLEAVE_JSON_ERROR_SYNTAX,
                               _("“\\u” must be followed by four hexadecimal digits"));
                if (u == 0)
                  return fail (self, here, INTERLEAVE_JSON_ERROR_SYNTAX,
                               _("“\\u0000” (a NUL character) is not allowed in a string"));
                if (u >= 0xDC00 && u <= 0xDFFF)
                  return fail (self, here, INTERLEAVE_JSON_ERROR_SYNTAX,
                               _("“\\u%04X” is the second half of a surrogate pair without its first half"),
                               u);
                if (u >= 0xD800 && u <= 0xDBFF)
                  {
                    gunichar low;

                    if (self->end - self->p < 2 || self->p[0] != '\\' || self->p[1] != 'u')
                      return fail (self, here, INTERLEAVE_JSON_ERROR_SYNTAX,
                                   _("“\\u%04X” must be followed by the second half of its surrogate pair"),
                                   u);
                    self->p += 2;
                    if (!read_hex4 (self, &low) || low < 0xDC00 || low > 0xDFFF)
                      return fail (self, here, INTERLEAVE_JSON_ERROR_SYNTAX,
                                   _("“\\u%04X” must be followed by the second half of its surrogate pair"),
                                   u);
                    u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                  }
                if (decoded)
                  g_string_append_unichar (decoded, u);
              }
              break;
            default:
              return fail (self, here, INTERLEAVE_JSON_ERROR_SYNTAX,
                           _("unknown escape “\\%c” in a string; a backslash is written “\\\\”"),
                           g_ascii_isprint (e) ? e : '?');
            }
          continue;
        }

      if (decoded)
        g_string_append_c (decoded, (char) c);
      self->p++;
    }
}

static gboolean
check_number (Checker *self)
{
  const char *start = self->p;

  if (*self->p == '-')
    self->p++;

  if (at_end (self) || !g_ascii_isdigit (*self->p))
    return fail (self, start, INTERLEAVE_JSON_ERROR_SYNTAX,
                 _("a number must have digits, such as “-5” or “0.25”"));

  if (*self->p == '0')
    {
      self->p++;
      if (!at_end (self) && g_ascii_isdigit (*self->p))
        return fail (self, start, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("a number cannot start with “0” followed by more digits"));
    }
  else
    {
      while (!at_end (self) && g_ascii_isdigit (*self->p))
        self->p++;
    }

  if (!at_end (self) && *self->p == '.')
    {
      self->p++;
      if (at_end (self) || !g_ascii_isdigit (*self->p))
        return fail (self, start, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("a number needs digits after its decimal point, such as “0.5”"));
      while (!at_end (self) && g_ascii_isdigit (*self->p))
        self->p++;
    }

  if (!at_end (self) && (*self->p == 'e' || *self->p == 'E'))
    {
      self->p++;
      if (!at_end (self) && (*self->p == '+' || *self->p == '-'))
        self->p++;
      if (at_end (self) || !g_ascii_isdigit (*self->p))
        return fail (self, start, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("a number needs digits after its exponent, such as “1e3”"));
      while (!at_end (self) && g_ascii_isdigit (*self->p))
        self->p++;
    }

  if (self->p - start > 64)
    return fail (self, start, INTERLEAVE_JSON_ERROR_LIMIT,
                 _("a number has more than 64 characters"));

  return TRUE;
}

static gboolean
check_word (Checker *self)
{
  static const char *words[] = { "true", "false", "null" };
  const char *start = self->p;
  gsize len = 0;

  while (start + len < self->end && g_ascii_isalnum (start[len]))
    len++;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (len == strlen (words[i]) && strncmp (start, words[i], len) == 0)
        {
          self->p += len;
          return TRUE;
        }
      if (len == strlen (words[i]) && g_ascii_strncasecmp (start, words[i], len) == 0)
        return fail (self, start, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("expected “%s”: JSON writes true, false and null in lower case"),
                     words[i]);
    }

  return fail (self, start, INTERLEAVE_JSON_ERROR_SYNTAX,
               _("expected a value: an object “{…}”, a list “[…]”, a string in double quotes, a number, true, false or null"));
}

static gboolean check_value (Checker *self,
                             guint    depth);

static gboolean
fail_unexpected (Checker    *self,
                 const char *expected)
{
  if (at_end (self))
    return fail (self, self->p, INTERLEAVE_JSON_ERROR_SYNTAX,
                 /* Translators: %s says what was expected, e.g. “,” or “}” */
                 _("the text ends too early: expected %s"), expected);
  if (*self->p == '/')
    return fail (self, self->p, INTERLEAVE_JSON_ERROR_SYNTAX,
                 _("comments are not allowed in JSON"));
  if (*self->p == '\'')
    return fail (self, self->p, INTERLEAVE_JSON_ERROR_SYNTAX,
                 _("strings must be in double quotes “\"”, not single quotes"));
  return fail (self, self->p, INTERLEAVE_JSON_ERROR_SYNTAX,
               /* Translators: %s says what was expected, e.g. “,” or “}” */
               _("expected %s"), expected);
}

static gboolean
check_object (Checker *self,
              guint    depth)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  gboolean first = TRUE;

  self->p++;   /* { */

  for (;;)
    {
      const char *name_at;

      skip_space (self);

      if (first && !at_end (self) && *self->p == '}')
        {
          self->p++;
          return TRUE;
        }

      if (!first && !at_end (self) && *self->p == '}')
        return fail (self, self->p, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("a “,” cannot come right before “}”: remove the last comma"));

      if (at_end (self) || *self->p != '"')
        {
          if (!at_end (self) && (g_ascii_isalpha (*self->p) || *self->p == '_'))
            return fail (self, self->p, INTERLEAVE_JSON_ERROR_SYNTAX,
                         _("a member name must be in double quotes, such as “\"title\"”"));
          return fail_unexpected (self, first ? _("a member name in double quotes, or “}”")
                                              : _("a member name in double quotes"));
        }

      name_at = self->p;
      g_string_truncate (name, 0);
      if (!check_string (self, name))
        return FALSE;

      if (g_hash_table_contains (names, name->str))
        return fail (self, name_at, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("the member “%s” appears twice in the same object"), name->str);
      g_hash_table_add (names, g_strdup (name->str));

      skip_space (self);
      if (at_end (self) || *self->p != ':')
        return fail_unexpected (self, _("“:” after the member name"));
      self->p++;

      if (!check_value (self, depth))
        return FALSE;

      skip_space (self);
      if (!at_end (self) && *self->p == ',')
        {
          self->p++;
          first = FALSE;
          continue;
        }
      if (!at_end (self) && *self->p == '}')
        {
          self->p++;
          return TRUE;
        }
      if (!at_end (self) && *self->p == '"')
        return fail (self, self->p, INTERLEAVE_JSON_ERROR_SYNTAX,
                     _("expected “,” between two members"));
      return fail_unexpected (self, _("“,” or “}” after a member"));
    }
}

static gboolean
check_array (Checker *self,
             guint    depth)
{
  gboolean first = TRUE;

  self->p++;   /* [ */

  for (;;)
    {
      skip_space (self);

      if (!at_end (self) && *self->p == ']')
        {
          if (!first)
            return fail (self, self->p, INTERLEAVE_JSON_ERROR_SYNTAX,
                         _("a “,” cannot come right before “]”: remove the last comma"));
          self->p++;
          return TRUE;
        }

      if (!check_value (self, depth))
        return FALSE;

      skip_space (self);
      if (!at_end (self) && *self->p == ',')
        {
          self->p++;
          first = FALSE;
          continue;
        }
      if (!at_end (self) && *self->p == ']')
        {
          self->p++;
          return TRUE;
        }
      return fail_unexpected (self, _("“,” or “]” after an element"));
    }
}

static gboolean
check_value (Checker *self,
             guint    depth)
{
  skip_space (self);

  if (at_end (self))
    return fail_unexpected (self, _("a value"));

  switch (*self->p)
    {
    case '{':
    case '[':
      if (depth + 1 > self->max_depth)
        return fail (self, self->p, INTERLEAVE_JSON_ERROR_LIMIT,
                     _("nested more than %u levels deep"), self->max_depth);
      return *self->p == '{' ? check_object (self, depth + 1)
                             : check_array (self, depth + 1);
    case '"':
      return check_string (self, NULL);
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return check_number (self);
    case '/':
    case '\'':
      return fail_unexpected (self, _("a value"));
    default:
      return check_word (self);
    }
}

static void
locate (const char *data,
        const char *at,
        guint      *line,
        guint      *column)
{
  guint l = 1;
  guint c = 1;

  for (const char *p = data; p < at; p++)
    {
      if (*p == '\n')
        {
          l++;
          c = 1;
        }
      else if (((guchar) *p & 0xC0) != 0x80)
        {
          c++;
        }
    }

  *line = l;
  *column = c;
}

/**
 * interleave_json_skip_bom:
 * @data: the text
 * @length: its length in bytes
 *
 * Returns: the length of a UTF-8 byte order mark at the start of @data
 *   (3), or 0. Some editors write one; JSON parsers refuse it.
 */
gsize
interleave_json_skip_bom (const char *data,
                          gsize       length)
{
  g_return_val_if_fail (data != NULL || length == 0, 0);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return 3;
  return 0;
}

/**
 * interleave_json_check:
 * @data: UTF-8 text, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_depth: the deepest nesting of objects and arrays allowed
 * @line: (out): on error, the 1-based line where the problem is
 * @column: (out): on error, the 1-based column (in characters)
 * @error: a location for a #GError
 *
 * Checks that @data is exactly one JSON value under RFC 8259, with no
 * duplicate member names and no nesting beyond @max_depth. The message of
 * @error says what was expected; the caller adds the file name and
 * @line:@column in front.
 *
 * Returns: %TRUE when json-glib may safely parse @data.
 */
gboolean
interleave_json_check (const char  *data,
                       gsize        length,
                       guint        max_depth,
                       guint       *line,
                       guint       *column,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Checker self = { 0 };
  const char *invalid = NULL;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *line = 1;
  *column = 1;

  if (length > 0 && !g_utf8_validate (data, length, &invalid))
    {
      locate (data, invalid, line, column);
      g_set_error_literal (error, INTERLEAVE_JSON_ERROR, INTERLEAVE_JSON_ERROR_SYNTAX,
                           _("the text is not valid UTF-8 (or contains a NUL byte); save the file in the UTF-8 encoding"));
      return FALSE;
    }

  self.p = data;
  self.end = data + length;
  self.max_depth = max_depth;
  self.error = &local_error;

  skip_space (&self);
  if (at_end (&self))
    {
      g_set_error_literal (error, INTERLEAVE_JSON_ERROR, INTERLEAVE_JSON_ERROR_SYNTAX,
                           _("the text is empty: expected a JSON object “{…}”"));
      return FALSE;
    }

  if (check_value (&self, 0))
    {
      skip_space (&self);
      if (at_end (&self))
        return TRUE;
      fail (&self, self.p, INTERLEAVE_JSON_ERROR_SYNTAX,
            _("unexpected text after the end of the JSON value"));
    }

  locate (data, self.error_at, line, column);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
