/* interleave-json-reader.c
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

#include "interleave-json-check.h"
#include "interleave-json-reader.h"
#include "interleave-scenario.h"

struct _InterleaveJsonReader
{
  char       *name;
  GQuark      domain;
  gint        syntax_code;
  gint        invalid_code;
  gint        limit_code;
  GError    **error;
  JsonParser *parser;
  GHashTable *positions;   /* node, object or array → line << 20 | column */
  GArray     *starts;      /* positions of the containers being parsed */
  char       *got;         /* the last interleave_json_reader_got() */
};

/**
 * interleave_json_reader_new:
 * @name: how messages name the source, usually a file name
 * @domain: the error domain of the messages
 * @syntax_code: the code of "not JSON" errors
 * @invalid_code: the code of every other error
 * @error: where the first error goes; it must outlive the reader
 *
 * Returns: (transfer full): a reader
 */
InterleaveJsonReader *
interleave_json_reader_new (const char  *name,
                            GQuark       domain,
                            gint         syntax_code,
                            gint         invalid_code,
                            GError     **error)
{
  InterleaveJsonReader *reader;

  g_return_val_if_fail (name != NULL, NULL);

  reader = g_new0 (InterleaveJsonReader, 1);
  reader->name = g_strdup (name);
  reader->domain = domain;
  reader->syntax_code = syntax_code;
  reader->invalid_code = invalid_code;
  reader->limit_code = invalid_code;
  reader->error = error;
  reader->positions = g_hash_table_new (NULL, NULL);
  reader->starts = g_array_new (FALSE, FALSE, sizeof (guint));

  return reader;
}

/**
 * interleave_json_reader_set_limit_code:
 * @reader: a reader
 * @limit_code: the code of errors about a value beyond a limit (a number
 *   out of range, nesting too deep, a text too long); by default the
 *   invalid code
 */
void
interleave_json_reader_set_limit_code (InterleaveJsonReader *reader,
                                       gint                  limit_code)
{
  g_return_if_fail (reader != NULL);

  reader->limit_code = limit_code;
}

void
interleave_json_reader_free (InterleaveJsonReader *reader)
{
  if (reader == NULL)
    return;

  g_clear_object (&reader->parser);
  g_hash_table_unref (reader->positions);
  g_array_unref (reader->starts);
  g_free (reader->got);
  g_free (reader->name);
  g_free (reader);
}

static guint
current_position (JsonParser *parser)
{
  guint line = MIN (json_parser_get_current_line (parser), 0xfff);
  guint column = MIN (json_parser_get_current_pos (parser), 0xfffff);

  return line << 20 | column;
}

static void
container_start (JsonParser           *parser,
                 InterleaveJsonReader *reader)
{
  guint pos = current_position (parser);

  g_array_append_val (reader->starts, pos);
}

static void
container_end (JsonParser           *parser,
               gpointer              container,
               InterleaveJsonReader *reader)
{
  guint n = reader->starts->len;

  if (n == 0)
    return;
  g_hash_table_insert (reader->positions, container,
                       GUINT_TO_POINTER (g_array_index (reader->starts, guint, n - 1)));
  g_array_set_size (reader->starts, n - 1);
}

static void
object_member (JsonParser           *parser,
               JsonObject           *object,
               const char           *name,
               InterleaveJsonReader *reader)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL)
    g_hash_table_insert (reader->positions, node, GUINT_TO_POINTER (current_position (parser)));
}

static void
array_element (JsonParser           *parser,
               JsonArray            *array,
               gint                  index,
               InterleaveJsonReader *reader)
{
  JsonNode *node = json_array_get_element (array, index);

  if (node != NULL)
    g_hash_table_insert (reader->positions, node, GUINT_TO_POINTER (current_position (parser)));
}

static guint
position_of (InterleaveJsonReader *reader,
             JsonNode             *node)
{
  gpointer key = node;

  if (node == NULL)
    return 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    key = json_node_get_object (node);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    key = json_node_get_array (node);

  return GPOINTER_TO_UINT (g_hash_table_lookup (reader->positions, key));
}

static gboolean G_GNUC_PRINTF (3, 4)
fail_plain (InterleaveJsonReader *reader,
            gint                  code,
            const char           *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (reader->error != NULL && *reader->error == NULL)
    g_set_error (reader->error, reader->domain, code, "%s: %s", reader->name, message);

  return FALSE;
}

/**
 * interleave_json_reader_load:
 * @reader: a reader
 * @data: the text
 * @length: its length, or -1 when nul-terminated
 * @max_size: the longest text accepted, in bytes
 * @max_depth: the deepest nesting accepted
 *
 * Returns: %FALSE with the reader's error set when @data is not JSON
 */
gboolean
interleave_json_reader_load (InterleaveJsonReader *reader,
                             const char           *data,
                             gssize                length,
                             gsize                 max_size,
                             guint                 max_depth)
{
  g_autoptr(GError) local_error = NULL;
  guint line = 0, column = 0;
  gsize bom;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length < 0)
    length = strlen (data);

  if ((gsize) length > max_size)
    return fail_plain (reader, reader->invalid_code, _("the file is larger than %u KiB"),
                       (guint) (max_size / 1024));

  if (!g_utf8_validate_len (data, length, NULL))
    return fail_plain (reader, reader->syntax_code, _("not UTF-8 text"));

  /* The strict check first: it refuses duplicate members (json-glib
   * would keep the last one, silently) and nesting deeper than
   * max_depth (json-glib would overflow the stack), and says what was
   * expected where. */
  bom = interleave_json_skip_bom (data, length);
  data += bom;
  length -= bom;
  if (length == 0)
    return fail_plain (reader, reader->syntax_code, _("the file is empty"));
  if (!interleave_json_check (data, length, max_depth, &line, &column, &local_error))
    {
      if (reader->error != NULL && *reader->error == NULL)
        g_set_error (reader->error, reader->domain,
                     local_error->code == INTERLEAVE_JSON_ERROR_LIMIT ? reader->limit_code : reader->syntax_code,
                     "%s:%u:%u: %s", reader->name, line, column, local_error->message);
      return FALSE;
    }

  g_clear_object (&reader->parser);
  g_hash_table_remove_all (reader->positions);
  g_array_set_size (reader->starts, 0);

  reader->parser = json_parser_new_immutable ();
  g_signal_connect (reader->parser, "object-start", G_CALLBACK (container_start), reader);
  g_signal_connect (reader->parser, "array-start", G_CALLBACK (container_start), reader);
  g_signal_connect (reader->parser, "object-end", G_CALLBACK (container_end), reader);
  g_signal_connect (reader->parser, "array-end", G_CALLBACK (container_end), reader);
  g_signal_connect (reader->parser, "object-member", G_CALLBACK (object_member), reader);
  g_signal_connect (reader->parser, "array-element", G_CALLBACK (array_element), reader);

  if (!json_parser_load_from_data (reader->parser, data, length, &local_error))
    {
      const char *message = local_error->message;

      /* json-glib says "<data>:LINE:COLUMN: Parse error: …". */
      if (g_str_has_prefix (message, "<data>:"))
        {
          message += strlen ("<data>:");
          if (reader->error != NULL && *reader->error == NULL)
            g_set_error (reader->error, reader->domain, reader->syntax_code, "%s:%s", reader->name, message);
          return FALSE;
        }
      return fail_plain (reader, reader->syntax_code, "%s", message);
    }

  if (json_parser_get_root (reader->parser) == NULL)
    return fail_plain (reader, reader->syntax_code, _("the file is empty"));

  return TRUE;
}

JsonNode *
interleave_json_reader_get_root (InterleaveJsonReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return reader->parser != NULL ? json_parser_get_root (reader->parser) : NULL;
}

static gboolean
fail_valist (InterleaveJsonReader *reader,
             gint                  code,
             JsonNode             *at,
             const char           *path,
             const char           *format,
             va_list               args) G_GNUC_PRINTF (5, 0);

static gboolean
fail_valist (InterleaveJsonReader *reader,
             gint                  code,
             JsonNode             *at,
             const char           *path,
             const char           *format,
             va_list               args)
{
  g_autofree char *message = NULL;
  g_autoptr(GString) where = NULL;
  guint pos;

  if (reader->error == NULL || *reader->error != NULL)
    return FALSE;

  message = g_strdup_vprintf (format, args);

  where = g_string_new (reader->name);
  pos = position_of (reader, at);
  if (pos != 0)
    g_string_append_printf (where, ":%u:%u", pos >> 20, pos & 0xfffff);
  if (path != NULL && path[0] != '\0')
    g_string_append_printf (where, ": %s", path);

  g_set_error (reader->error, reader->domain, code, "%s: %s", where->str, message);
  return FALSE;
}

/**
 * interleave_json_reader_fail:
 * @reader: a reader
 * @at: (nullable): the value the problem is about, for its line and column
 * @path: the JSON path of that value ("servers.eventloop.overhead"), or ""
 * @format: printf-style message
 *
 * Sets the reader's error, with its invalid code, unless one is set
 * already: "NAME:LINE:COLUMN: PATH: MESSAGE".
 *
 * Returns: %FALSE
 */
gboolean
interleave_json_reader_fail (InterleaveJsonReader *reader,
                             JsonNode             *at,
                             const char           *path,
                             const char           *format,
                             ...)
{
  va_list args;

  g_return_val_if_fail (reader != NULL, FALSE);

  va_start (args, format);
  fail_valist (reader, reader->invalid_code, at, path, format, args);
  va_end (args);

  return FALSE;
}

/**
 * interleave_json_reader_fail_limit:
 *
 * As interleave_json_reader_fail(), for a value beyond a limit: the
 * error has the limit code.
 *
 * Returns: %FALSE
 */
gboolean
interleave_json_reader_fail_limit (InterleaveJsonReader *reader,
                                   JsonNode             *at,
                                   const char           *path,
                                   const char           *format,
                                   ...)
{
  va_list args;

  g_return_val_if_fail (reader != NULL, FALSE);

  va_start (args, format);
  fail_valist (reader, reader->limit_code, at, path, format, args);
  va_end (args);

  return FALSE;
}

char *
interleave_json_reader_path (const char *path,
                             const char *member)
{
  if (path == NULL || path[0] == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", path, member);
}

char *
interleave_json_reader_index_path (const char *path,
                                   guint       index)
{
  return g_strdup_printf ("%s[%u]", path != NULL ? path : "", index);
}

/**
 * interleave_json_reader_describe:
 * @node: (nullable): a JSON value
 *
 * Returns: (transfer full): a short rendering for "got …" in messages
 */
char *
interleave_json_reader_describe (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (_("an object"));
  if (JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup (json_array_get_length (json_node_get_array (node)) == 0
                     ? _("an empty list") : _("a list"));

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        if (g_utf8_strlen (text, -1) > 40)
          {
            g_autofree char *head = g_utf8_substring (text, 0, 40);
            return g_strdup_printf ("“%s…”", head);
          }
        return g_strdup_printf ("“%s”", text);
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", json_node_get_double (node)));
      }
    default:
      return g_strdup ("?");
    }
}

/**
 * interleave_json_reader_got:
 * @reader: a reader
 * @node: (nullable): a JSON value
 *
 * interleave_json_reader_describe() for the "got …" of a message, kept by
 * @reader until the next call, so that a failure is one statement.
 *
 * Returns: (transfer none): a short rendering of @node
 */
const char *
interleave_json_reader_got (InterleaveJsonReader *reader,
                            JsonNode             *node)
{
  g_return_val_if_fail (reader != NULL, NULL);

  g_free (reader->got);
  reader->got = interleave_json_reader_describe (node);
  return reader->got;
}

/* Returns: (nullable): the member @name of the object @object */
JsonNode *
interleave_json_reader_member (JsonNode   *object,
                               const char *name)
{
  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    return NULL;
  return json_object_get_member (json_node_get_object (object), name);
}

/**
 * interleave_json_reader_get_object:
 * @reader: a reader
 * @node: (nullable): the value that must be an object
 * @path: its path
 * @allowed: (nullable): the members it may have; any other is an error
 *   (a typo must not go unnoticed)
 *
 * Returns: %FALSE with the error set if @node is not such an object
 */
gboolean
interleave_json_reader_get_object (InterleaveJsonReader *reader,
                                   JsonNode             *node,
                                   const char           *path,
                                   const char * const   *allowed)
{
  g_autoptr(GList) members = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return interleave_json_reader_fail (reader, node, path, _("expected an object { … }, got %s"), interleave_json_reader_got (reader, node));

  if (allowed == NULL)
    return TRUE;

  members = json_object_get_members (json_node_get_object (node));
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) allowed);
          g_autofree char *where = interleave_json_reader_path (path, name);

          return interleave_json_reader_fail (reader, json_object_get_member (json_node_get_object (node), name),
                                              where, _("unknown member “%s”; expected one of: %s"), name, list);
        }
    }

  return TRUE;
}

gboolean
interleave_json_reader_get_array (InterleaveJsonReader *reader,
                                  JsonNode             *node,
                                  const char           *path,
                                  guint                 min_length,
                                  guint                 max_length)
{
  guint length;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return interleave_json_reader_fail (reader, node, path, _("expected a list [ … ], got %s"), interleave_json_reader_got (reader, node));

  length = json_array_get_length (json_node_get_array (node));
  if (length < min_length || length > max_length)
    return interleave_json_reader_fail (reader, node, path,
                                        _("expected a list of %u to %u items, got %u"),
                                        min_length, max_length, length);

  return TRUE;
}

gboolean
interleave_json_reader_require (InterleaveJsonReader *reader,
                                JsonNode             *object,
                                const char           *path,
                                const char           *name)
{
  if (interleave_json_reader_member (object, name) != NULL)
    return TRUE;

  return interleave_json_reader_fail (reader, object, path, _("missing member “%s”"), name);
}

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Absent members leave *out as it is. */
gboolean
interleave_json_reader_string (InterleaveJsonReader  *reader,
                               JsonNode              *object,
                               const char            *path,
                               const char            *name,
                               gsize                  max_length,
                               char                 **out)
{
  JsonNode *node = interleave_json_reader_member (object, name);
  g_autofree char *where = interleave_json_reader_path (path, name);

  if (node == NULL)
    return TRUE;

  if (!holds_type (node, G_TYPE_STRING))
    return interleave_json_reader_fail (reader, node, where, _("expected a text in quotes, got %s"), interleave_json_reader_got (reader, node));

  if ((gsize) g_utf8_strlen (json_node_get_string (node), -1) > max_length)
    return interleave_json_reader_fail_limit (reader, node, where, _("at most %u characters, got %s"),
                                              (guint) max_length, interleave_json_reader_got (reader, node));

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
interleave_json_reader_boolean (InterleaveJsonReader *reader,
                                JsonNode             *object,
                                const char           *path,
                                const char           *name,
                                gboolean             *out)
{
  JsonNode *node = interleave_json_reader_member (object, name);
  g_autofree char *where = interleave_json_reader_path (path, name);

  if (node == NULL)
    return TRUE;

  if (!holds_type (node, G_TYPE_BOOLEAN))
    return interleave_json_reader_fail (reader, node, where, _("expected true or false, got %s"), interleave_json_reader_got (reader, node));

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
node_number (JsonNode *node,
             double   *value)
{
  if (holds_type (node, G_TYPE_INT64))
    {
      *value = (double) json_node_get_int (node);
      return TRUE;
    }
  if (holds_type (node, G_TYPE_DOUBLE))
    {
      *value = json_node_get_double (node);
      return isfinite (*value);
    }
  return FALSE;
}

/* A limit or a value as messages show it: whole numbers in full (up to
 * 2^53 and beyond), others with ten significant digits. */
char *
interleave_json_reader_format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == floor (value) && fabs (value) < 1e17)
    return g_strdup_printf ("%.0f", value);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

/* A number: not a number is invalid, one out of [min, max] beyond a limit. */
static gboolean
number_in_range (InterleaveJsonReader *reader,
                 JsonNode             *node,
                 const char           *where,
                 double                min,
                 double                max,
                 double               *out)
{
  double value;

  if (!node_number (node, &value))
    return interleave_json_reader_fail (reader, node, where, _("expected a number, got %s"), interleave_json_reader_got (reader, node));

  if (value < min || value > max)
    {
      g_autofree char *lo = interleave_json_reader_format_number (min);
      g_autofree char *hi = interleave_json_reader_format_number (max);

      return interleave_json_reader_fail_limit (reader, node, where, _("expected a number from %s to %s, got %s"),
                                                lo, hi, interleave_json_reader_got (reader, node));
    }

  *out = value;
  return TRUE;
}

gboolean
interleave_json_reader_number (InterleaveJsonReader *reader,
                               JsonNode             *object,
                               const char           *path,
                               const char           *name,
                               double                min,
                               double                max,
                               double               *out)
{
  JsonNode *node = interleave_json_reader_member (object, name);
  g_autofree char *where = interleave_json_reader_path (path, name);

  if (node == NULL)
    return TRUE;

  return number_in_range (reader, node, where, min, max, out);
}

/* Element @index of the list @array (checked with get_array), a number
 * from @min to @max. */
gboolean
interleave_json_reader_element_number (InterleaveJsonReader *reader,
                                       JsonNode             *array,
                                       const char           *path,
                                       guint                 index,
                                       double                min,
                                       double                max,
                                       double               *out)
{
  g_autofree char *where = interleave_json_reader_index_path (path, index);

  g_return_val_if_fail (array != NULL && JSON_NODE_HOLDS_ARRAY (array), FALSE);

  return number_in_range (reader, json_array_get_element (json_node_get_array (array), index), where, min, max, out);
}

/* A number above @min (not equal to it), at most @max: a rate, a weight. */
gboolean
interleave_json_reader_number_above (InterleaveJsonReader *reader,
                                     JsonNode             *object,
                                     const char           *path,
                                     const char           *name,
                                     double                min,
                                     double                max,
                                     double               *out)
{
  JsonNode *node = interleave_json_reader_member (object, name);
  double value;

  if (node == NULL)
    return TRUE;

  if (node_number (node, &value) && (value <= min || value > max))
    {
      g_autofree char *where = interleave_json_reader_path (path, name);
      g_autofree char *lo = interleave_json_reader_format_number (min);
      g_autofree char *hi = interleave_json_reader_format_number (max);

      return interleave_json_reader_fail_limit (reader, node, where,
                                                _("expected a number above %s and at most %s, got %s"),
                                                lo, hi, interleave_json_reader_got (reader, node));
    }

  return interleave_json_reader_number (reader, object, path, name, min, max, out);
}

/* A whole number: not one is invalid, one out of [min, max] beyond a limit. */
gboolean
interleave_json_reader_count (InterleaveJsonReader *reader,
                              JsonNode             *object,
                              const char           *path,
                              const char           *name,
                              guint                 min,
                              guint                 max,
                              guint                *out)
{
  JsonNode *node = interleave_json_reader_member (object, name);
  g_autofree char *where = interleave_json_reader_path (path, name);
  double value;

  if (node == NULL)
    return TRUE;

  if (!node_number (node, &value) || value != floor (value))
    return interleave_json_reader_fail (reader, node, where, _("expected a whole number, got %s"), interleave_json_reader_got (reader, node));

  if (value < min || value > max)
    return interleave_json_reader_fail_limit (reader, node, where, _("expected a whole number from %u to %u, got %s"),
                                              min, max, interleave_json_reader_got (reader, node));

  *out = (guint) value;
  return TRUE;
}

/* A time: "250us", "5ms", "2s", or a number of milliseconds. */
gboolean
interleave_json_reader_time (InterleaveJsonReader *reader,
                             JsonNode             *object,
                             const char           *path,
                             const char           *name,
                             gint64                min_ns,
                             gint64                max_ns,
                             gint64               *out)
{
  JsonNode *node = interleave_json_reader_member (object, name);
  g_autofree char *where = interleave_json_reader_path (path, name);
  gint64 ns = -1;
  double ms;

  if (node == NULL)
    return TRUE;

  if (holds_type (node, G_TYPE_STRING))
    {
      if (!interleave_time_parse (json_node_get_string (node), &ns))
        ns = -1;
    }
  else if (node_number (node, &ms) && ms >= 0 && ms * 1e6 < 9e18)
    ns = (gint64) llround (ms * 1e6);

  if (ns < 0)
    return interleave_json_reader_fail (reader, node, where,
                                        _("expected a time such as “250us”, “5ms” or “10s”, or a number of milliseconds, got %s"),
                                        interleave_json_reader_got (reader, node));

  if (ns < min_ns || ns > max_ns)
    {
      g_autofree char *lo = interleave_time_to_string (min_ns);
      g_autofree char *hi = interleave_time_to_string (max_ns);

      return interleave_json_reader_fail_limit (reader, node, where, _("expected a time from %s to %s, got %s"),
                                                lo, hi, interleave_json_reader_got (reader, node));
    }

  *out = ns;
  return TRUE;
}

gboolean
interleave_json_reader_choice (InterleaveJsonReader *reader,
                               JsonNode             *object,
                               const char           *path,
                               const char           *name,
                               const char * const   *choices,
                               guint                *out)
{
  JsonNode *node = interleave_json_reader_member (object, name);
  g_autofree char *where = interleave_json_reader_path (path, name);

  if (node == NULL)
    return TRUE;

  if (holds_type (node, G_TYPE_STRING))
    {
      const char *text = json_node_get_string (node);

      for (guint i = 0; choices[i] != NULL; i++)
        if (strcmp (text, choices[i]) == 0)
          {
            *out = i;
            return TRUE;
          }
    }

  {
    g_autofree char *list = g_strjoinv (", ", (char **) choices);

    return interleave_json_reader_fail (reader, node, where, _("expected one of: %s; got %s"), list, interleave_json_reader_got (reader, node));
  }
}
