/* interleave-lesson.c
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
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interleave-json-check.h"
#include "interleave-json-reader.h"
#include "interleave-lesson.h"
#include "interleave-plan.h"
#include "interleave-scenario.h"
#include "interleave-time.h"

G_DEFINE_QUARK (interleave-lesson-error-quark, interleave_lesson_error)

/* Lengths in characters. Generous for a teacher, absurd beyond. */
#define MAX_SHORT_TEXT    120   /* title, choice */
#define MAX_MEDIUM_TEXT   400   /* claim, question, prompt */
#define MAX_LONG_TEXT     1200  /* caption, verdict, explanation */
#define MAX_NOTES_TEXT    4000  /* presenter notes */
#define MAX_NAME          100   /* architecture and class names, author */
#define MAX_ID            64
#define MAX_SCENARIO_NAME 255
#define MAX_SCENARIO_SIZE (4 * 1024 * 1024)

/* Where the loader is in the document, for messages. */
typedef struct
{
  const char  *file;
  GString     *path;
  GError     **error;
} Ctx;

static const char *lane_kind_names[] = {
  [INTERLEAVE_LANE_LOOP] = "loop",
  [INTERLEAVE_LANE_THREAD] = "thread",
  [INTERLEAVE_LANE_POOL] = "pool",
  [INTERLEAVE_LANE_CORE] = "core",
};

#define DEFAULT_LANE_KINDS ((1u << INTERLEAVE_LANE_LOOP) | \
                            (1u << INTERLEAVE_LANE_THREAD) | \
                            (1u << INTERLEAVE_LANE_POOL))

/* ---------------------------------------------------------------------- */
/* Freeing                                                                 */

static void
text_free (InterleaveLessonText *text)
{
  if (text == NULL)
    return;

  for (guint i = 0; i < text->n_translations; i++)
    {
      g_free (text->translations[i].lang);
      g_free (text->translations[i].text);
    }
  g_free (text->translations);
  g_free (text);
}

static void
live_free (InterleaveLessonLive *live)
{
  if (live == NULL)
    return;

  g_free (live->preset);
  g_free (live->mode);
  g_free (live->plan);
  g_free (live->architecture);
  g_clear_pointer (&live->recorded, interleave_summary_free);
  g_free (live);
}

static void
verdict_free (InterleaveLessonVerdict *verdict)
{
  if (verdict == NULL)
    return;

  text_free (verdict->is_true);
  text_free (verdict->is_false);
  text_free (verdict->why);
  g_free (verdict);
}

static void
step_free (gpointer data)
{
  InterleaveLessonStep *step = data;

  g_free (step->scenario);
  g_strfreev (step->architectures);
  g_free (step->view.highlight.klass);
  text_free (step->caption);
  text_free (step->notes);
  live_free (step->live);
  verdict_free (step->verdict);
  g_free (step);
}

static void
predict_free (InterleaveLessonPredict *predict)
{
  if (predict == NULL)
    return;

  text_free (predict->prompt);
  for (guint i = 0; i < predict->n_choices; i++)
    {
      g_free (predict->choices[i].id);
      text_free (predict->choices[i].text);
    }
  g_free (predict->choices);
  text_free (predict->explanation);
  g_free (predict);
}

/**
 * interleave_lesson_free:
 * @lesson: (nullable): a lesson
 *
 * Frees @lesson and everything it owns.
 */
void
interleave_lesson_free (InterleaveLesson *lesson)
{
  if (lesson == NULL)
    return;

  g_free (lesson->file);
  g_free (lesson->display_name);
  g_free (lesson->base_dir);
  g_free (lesson->id);
  text_free (lesson->title);
  text_free (lesson->claim);
  text_free (lesson->question);
  predict_free (lesson->predict);
  g_clear_pointer (&lesson->scenarios, g_hash_table_unref);
  g_clear_pointer (&lesson->steps, g_ptr_array_unref);
  g_free (lesson);
}

/* ---------------------------------------------------------------------- */
/* Messages                                                                */

static gsize
path_push_member (Ctx        *ctx,
                  const char *member)
{
  gsize mark = ctx->path->len;

  if (ctx->path->len > 0)
    g_string_append_c (ctx->path, '.');
  g_string_append (ctx->path, member);
  return mark;
}

static gsize
path_push_index (Ctx   *ctx,
                 guint  index)
{
  gsize mark = ctx->path->len;

  g_string_append_printf (ctx->path, "[%u]", index);
  return mark;
}

static void
path_pop (Ctx   *ctx,
          gsize  mark)
{
  g_string_truncate (ctx->path, mark);
}

static gboolean invalid (Ctx        *ctx,
                         int         code,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* "lesson.json: steps[2].view.playhead: expected …" */
static gboolean
invalid (Ctx        *ctx,
         int         code,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx->path->len > 0)
    g_set_error (ctx->error, INTERLEAVE_LESSON_ERROR, code,
                 "%s: %s: %s", ctx->file, ctx->path->str, message);
  else
    g_set_error (ctx->error, INTERLEAVE_LESSON_ERROR, code,
                 "%s: %s", ctx->file, message);
  return FALSE;
}

/* What the file has instead, for "expected …; found …": as the JSON
 * reader says it, but a fraction with all its digits (1e6 is 1000000). */
static char *
describe_node (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
  return interleave_json_reader_describe (node);
}

static gboolean
expected (Ctx        *ctx,
          JsonNode   *found,
          const char *what)
{
  g_autofree char *described = NULL;

  if (found == NULL)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                    /* Translators: %s is what is expected, e.g. “a time such as “120ms”” */
                    _("expected %s"), what);

  described = describe_node (found);
  return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                  /* Translators: the first %s is what is expected, the second what the file has */
                  _("expected %s; found %s"), what, described);
}

static char *
quote_list (const char * const *names)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (str, ", ");
      g_string_append_printf (str, "“%s”", names[i]);
    }

  return g_string_free (str, FALSE);
}

/* Refuses members this format does not have: a misspelt "captoin" would
 * otherwise vanish without a word. */
static gboolean
check_members (Ctx                *ctx,
               JsonObject         *object,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *list = quote_list (allowed);

          return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                          /* Translators: the first %s is a member name, the second a list of names */
                          _("unknown member “%s”; expected one of %s"), name, list);
        }
    }

  return TRUE;
}

static gboolean
missing (Ctx        *ctx,
         const char *member)
{
  return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                  _("missing member “%s”"), member);
}

/* Skips a byte order mark, then checks the syntax: "FILE:LINE:COLUMN: what
 * was expected". The error has @code, or when @code is -1 the limit code
 * for nesting too deep and the syntax code for anything else. */
static gboolean
check_syntax (const char  **data,
              gsize        *length,
              const char   *display_name,
              int           code,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  guint line, column;
  gsize bom = interleave_json_skip_bom (*data, *length);

  *data += bom;
  *length -= bom;
  if (interleave_json_check (*data, *length, INTERLEAVE_LESSON_MAX_DEPTH, &line, &column, &local_error))
    return TRUE;

  if (code == -1)
    code = local_error->code == INTERLEAVE_JSON_ERROR_LIMIT ? INTERLEAVE_LESSON_ERROR_LIMIT
                                                            : INTERLEAVE_LESSON_ERROR_SYNTAX;
  g_set_error (error, INTERLEAVE_LESSON_ERROR, code,
               "%s:%u:%u: %s", display_name, line, column, local_error->message);
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Readers: each pushes the member on the path and pops it on success.     */

static gboolean
read_object (Ctx         *ctx,
             JsonNode    *node,
             JsonObject **out)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return expected (ctx, node, _("an object “{ … }”"));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
check_text_string (Ctx        *ctx,
                   const char *text,
                   guint       max_chars)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  glong len = g_utf8_strlen (text, -1);

  if (stripped[0] == '\0')
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID, _("the text is empty"));
  if (len > (glong) max_chars)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_LIMIT,
                    _("the text has %ld characters; at most %u are allowed here"),
                    len, max_chars);
  return TRUE;
}

static gboolean
is_language_tag (const char *tag)
{
  const char *p = tag;
  guint n = 0;

  while (g_ascii_isalpha (*p))
    p++, n++;
  if (n < 2 || n > 3)
    return FALSE;

  while (*p == '-' || *p == '_')
    {
      p++;
      n = 0;
      while (g_ascii_isalnum (*p))
        p++, n++;
      if (n < 2 || n > 8)
        return FALSE;
    }

  if (*p == '@')
    {
      p++;
      n = 0;
      while (g_ascii_isalpha (*p))
        p++, n++;
      if (n < 1 || n > 16)
        return FALSE;
    }

  return *p == '\0';
}

static char *
normalize_language (const char *tag)
{
  char *norm = g_strdup (tag);

  for (char *p = norm; *p && *p != '@'; p++)
    if (*p == '-')
      *p = '_';
  return norm;
}

static gboolean
read_text_node (Ctx                   *ctx,
                JsonNode              *node,
                guint                  max_chars,
                InterleaveLessonText **out)
{
  InterleaveLessonText *text;
  JsonObject *object = NULL;
  g_autoptr(GList) members = NULL;
  guint n;
  gboolean has_en = FALSE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!check_text_string (ctx, json_node_get_string (node), max_chars))
        return FALSE;
      text = g_new0 (InterleaveLessonText, 1);
      text->n_translations = 1;
      text->translations = g_new0 (InterleaveLessonTranslation, 1);
      text->translations[0].text = g_strdup (json_node_get_string (node));
      *out = text;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return expected (ctx, node,
                     _("a text: a string, or translations such as {\"en\": \"…\", \"de\": \"…\"}"));

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  n = g_list_length (members);

  if (n == 0)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                    _("no translations; expected at least {\"en\": \"…\"}"));
  if (n > INTERLEAVE_LESSON_MAX_LANGUAGES)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_LIMIT,
                    _("%u translations; at most %u are allowed"),
                    n, INTERLEAVE_LESSON_MAX_LANGUAGES);

  /* Validate everything before allocating, so failure leaks nothing. */
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *lang = l->data;
      JsonNode *value = json_object_get_member (object, lang);
      gsize mark = path_push_member (ctx, lang);

      if (!is_language_tag (lang))
        return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                        _("“%s” is not a language code; expected one such as “en”, “de”, “pt_BR”"),
                        lang);

      for (const GList *k = members; k != l; k = k->next)
        {
          g_autofree char *a = normalize_language (k->data);
          g_autofree char *b = normalize_language (lang);

          if (g_ascii_strcasecmp (a, b) == 0)
            return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                            _("the language “%s” is already translated as “%s”"),
                            lang, (const char *) k->data);
        }

      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return expected (ctx, value, _("a string"));
      if (!check_text_string (ctx, json_node_get_string (value), max_chars))
        return FALSE;

      if (g_ascii_strcasecmp (lang, "en") == 0)
        has_en = TRUE;
      path_pop (ctx, mark);
    }

  if (!has_en)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                    _("no English text “en”; every other language falls back to it"));

  text = g_new0 (InterleaveLessonText, 1);
  text->n_translations = n;
  text->translations = g_new0 (InterleaveLessonTranslation, n);
  n = 0;
  for (const GList *l = members; l != NULL; l = l->next, n++)
    {
      text->translations[n].lang = normalize_language (l->data);
      text->translations[n].text = g_strdup (json_object_get_string_member (object, l->data));
    }

  *out = text;
  return TRUE;
}

static gboolean
read_text (Ctx                   *ctx,
           JsonObject            *object,
           const char            *member,
           gboolean               required,
           guint                  max_chars,
           InterleaveLessonText **out)
{
  JsonNode *node = json_object_get_member (object, member);
  gsize mark;

  *out = NULL;
  if (node == NULL)
    return required ? missing (ctx, member) : TRUE;

  mark = path_push_member (ctx, member);
  if (!read_text_node (ctx, node, max_chars, out))
    return FALSE;
  path_pop (ctx, mark);
  return TRUE;
}

static gboolean
read_string_node (Ctx         *ctx,
                  JsonNode    *node,
                  guint        max_chars,
                  const char  *what,
                  const char **out)
{
  const char *s;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return expected (ctx, node, what);

  s = json_node_get_string (node);
  if (s[0] == '\0')
    return expected (ctx, node, what);
  if (g_utf8_strlen (s, -1) > (glong) max_chars)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_LIMIT,
                    _("the text has %ld characters; at most %u are allowed here"),
                    g_utf8_strlen (s, -1), max_chars);

  *out = s;
  return TRUE;
}

static gboolean
read_string (Ctx         *ctx,
             JsonObject  *object,
             const char  *member,
             gboolean     required,
             guint        max_chars,
             const char  *what,
             char       **out)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *s;
  gsize mark;

  if (node == NULL)
    return required ? missing (ctx, member) : TRUE;

  mark = path_push_member (ctx, member);
  if (!read_string_node (ctx, node, max_chars, what, &s))
    return FALSE;
  path_pop (ctx, mark);

  g_free (*out);
  *out = g_strdup (s);
  return TRUE;
}

static gboolean
node_get_integer (JsonNode *node,
                  gint64   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (isfinite (d) && d == floor (d) && fabs (d) < 1e15)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
read_uint (Ctx        *ctx,
           JsonObject *object,
           const char *member,
           guint       min,
           guint       max,
           guint      *out)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;
  gsize mark;

  if (node == NULL)
    return TRUE;

  mark = path_push_member (ctx, member);
  if (!node_get_integer (node, &value) || value < min || value > max)
    {
      g_autofree char *what = g_strdup_printf (_("a whole number from %u to %u"), min, max);
      return expected (ctx, node, what);
    }
  path_pop (ctx, mark);

  *out = (guint) value;
  return TRUE;
}

static gboolean
read_number (Ctx        *ctx,
             JsonObject *object,
             const char *member,
             double      min,
             double      max,
             double     *out)
{
  JsonNode *node = json_object_get_member (object, member);
  gsize mark;
  double value;

  if (node == NULL)
    return TRUE;

  mark = path_push_member (ctx, member);
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE) ||
      !isfinite (value = json_node_get_double (node)) ||
      value < min || value > max)
    {
      char lo[G_ASCII_DTOSTR_BUF_SIZE];
      char hi[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *what = NULL;

      g_ascii_formatd (lo, sizeof lo, "%g", min);
      g_ascii_formatd (hi, sizeof hi, "%g", max);
      what = g_strdup_printf (_("a number from %s to %s"), lo, hi);
      return expected (ctx, node, what);
    }
  path_pop (ctx, mark);

  *out = value;
  return TRUE;
}

static gboolean
read_time (Ctx        *ctx,
           JsonObject *object,
           const char *member,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 ns;
  gsize mark;

  if (node == NULL)
    return TRUE;

  mark = path_push_member (ctx, member);
  if (!interleave_time_from_json (node, &ns))
    return expected (ctx, node, _("a time such as “120ms”, “250us” or “1.5s”, or a number of milliseconds"));

  if (ns < min || ns > max)
    {
      g_autofree char *lo = interleave_time_to_string (min);
      g_autofree char *hi = interleave_time_to_string (max);

      return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                      _("the time must be from %s to %s"), lo, hi);
    }
  path_pop (ctx, mark);

  *out = ns;
  return TRUE;
}

static gboolean
is_id (const char *s,
       gsize       max)
{
  gsize n = 0;

  for (const char *p = s; *p; p++, n++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      return FALSE;

  return n > 0 && n <= max;
}

/* A scenario reference: a file next to the lesson (perhaps in a
 * subfolder), never outside it. */
static gboolean
is_scenario_name (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name[0] == '\0' || strlen (name) > MAX_SCENARIO_NAME)
    return FALSE;
  if (name[0] == '/' || strchr (name, '\\') != NULL || strchr (name, ':') != NULL)
    return FALSE;

  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
      return FALSE;

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* View                                                                    */

static gboolean
parse_percentile_rule (const char *rule,
                       InterleaveLessonHighlight *highlight)
{
  char *end = NULL;
  double p;

  if (strcmp (rule, "slowest") == 0)
    {
      highlight->kind = INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST;
      return TRUE;
    }
  if (strcmp (rule, "fastest") == 0)
    {
      highlight->kind = INTERLEAVE_LESSON_HIGHLIGHT_FASTEST;
      return TRUE;
    }
  if (strcmp (rule, "median") == 0)
    {
      highlight->kind = INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE;
      highlight->percentile = 50.0;
      return TRUE;
    }

  if (rule[0] != 'p' || !g_ascii_isdigit (rule[1]))
    return FALSE;
  p = g_ascii_strtod (rule + 1, &end);
  if (end == NULL || *end != '\0' || !(p > 0.0) || p > 100.0)
    return FALSE;
  /* Only plain decimals: "p99", "p99.9"; strtod would also take "p1e2". */
  for (const char *c = rule + 1; *c; c++)
    if (!g_ascii_isdigit (*c) && *c != '.')
      return FALSE;

  highlight->kind = INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE;
  highlight->percentile = p;
  return TRUE;
}

static gboolean
read_highlight (Ctx                       *ctx,
                JsonNode                  *node,
                InterleaveLessonHighlight *highlight)
{
  static const char * const allowed[] = { "request", "rule", "class", NULL };
  const char *rule_what = _("a request number, or a rule: “slowest”, “fastest”, “median” or a percentile such as “p99”");
  gint64 id;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!parse_percentile_rule (json_node_get_string (node), highlight))
        return expected (ctx, node, rule_what);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && node_get_integer (node, &id))
    {
      if (id < 0 || id >= INTERLEAVE_NO_REQUEST)
        return expected (ctx, node, rule_what);
      highlight->kind = INTERLEAVE_LESSON_HIGHLIGHT_REQUEST;
      highlight->request = (guint32) id;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *request = json_object_get_member (object, "request");
      JsonNode *rule = json_object_get_member (object, "rule");
      gsize mark;

      if (!check_members (ctx, object, allowed))
        return FALSE;

      if ((request == NULL) == (rule == NULL))
        return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                        _("give either “request” or “rule”"));

      if (request != NULL)
        {
          mark = path_push_member (ctx, "request");
          if (!node_get_integer (request, &id) || id < 0 || id >= INTERLEAVE_NO_REQUEST)
            return expected (ctx, request, _("a request number such as 17"));
          path_pop (ctx, mark);
          highlight->kind = INTERLEAVE_LESSON_HIGHLIGHT_REQUEST;
          highlight->request = (guint32) id;
        }
      else
        {
          mark = path_push_member (ctx, "rule");
          if (!JSON_NODE_HOLDS_VALUE (rule) ||
              json_node_get_value_type (rule) != G_TYPE_STRING ||
              !parse_percentile_rule (json_node_get_string (rule), highlight))
            return expected (ctx, rule, _("a rule: “slowest”, “fastest”, “median” or a percentile such as “p99”"));
          path_pop (ctx, mark);
        }

      return read_string (ctx, object, "class", FALSE, MAX_NAME,
                          _("the name of a request class, such as “api”"),
                          &highlight->klass);
    }

  return expected (ctx, node, rule_what);
}

static gboolean
read_view (Ctx                  *ctx,
           JsonNode             *node,
           InterleaveLessonView *view)
{
  static const char * const allowed[] = {
    "from", "to", "width", "playhead", "lanes", "workers", "highlight", NULL
  };
  JsonObject *object = NULL;
  JsonNode *lanes;
  JsonNode *highlight;

  if (!read_object (ctx, node, &object) ||
      !check_members (ctx, object, allowed) ||
      !read_time (ctx, object, "from", 0, INTERLEAVE_TIME_MAX_NS, &view->from) ||
      !read_time (ctx, object, "to", 1, INTERLEAVE_TIME_MAX_NS, &view->to) ||
      !read_time (ctx, object, "width", 1000, INTERLEAVE_TIME_MAX_NS, &view->width) ||
      !read_time (ctx, object, "playhead", 0, INTERLEAVE_TIME_MAX_NS, &view->playhead) ||
      !read_uint (ctx, object, "workers", 1, INTERLEAVE_LESSON_MAX_WORKERS, &view->workers))
    return FALSE;

  if (view->to >= 0 && view->width >= 0)
    {
      gsize mark = path_push_member (ctx, "width");
      invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
               _("“width” and “to” both set the right edge; keep one of them"));
      path_pop (ctx, mark);
      return FALSE;
    }

  if (view->from >= 0 && view->to >= 0 && view->to <= view->from)
    {
      gsize mark = path_push_member (ctx, "to");
      invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
               _("“to” must be later than “from”"));
      path_pop (ctx, mark);
      return FALSE;
    }

  if (view->playhead >= 0)
    {
      gint64 lo = view->from >= 0 ? view->from : 0;
      gint64 hi = view->to >= 0 ? view->to
                : (view->from >= 0 && view->width >= 0) ? view->from + view->width
                : -1;

      if (view->playhead < lo || (hi >= 0 && view->playhead > hi))
        {
          gsize mark = path_push_member (ctx, "playhead");
          invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                   _("the playhead is outside the time range the view shows"));
          path_pop (ctx, mark);
          return FALSE;
        }
    }

  lanes = json_object_get_member (object, "lanes");
  if (lanes != NULL)
    {
      const char *what = _("a list of lane kinds: “loop”, “thread”, “pool”, “core”");
      gsize mark = path_push_member (ctx, "lanes");
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (lanes))
        return expected (ctx, lanes, what);
      array = json_node_get_array (lanes);
      if (json_array_get_length (array) == 0)
        return expected (ctx, lanes, what);

      view->lane_kinds = 0;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          gsize mark_i = path_push_index (ctx, i);
          const char *name;
          guint kind;

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            return expected (ctx, element, what);
          name = json_node_get_string (element);
          for (kind = 0; kind < G_N_ELEMENTS (lane_kind_names); kind++)
            if (strcmp (name, lane_kind_names[kind]) == 0)
              break;
          if (kind == G_N_ELEMENTS (lane_kind_names))
            return expected (ctx, element, what);
          if (view->lane_kinds & (1u << kind))
            return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                            _("“%s” is listed twice"), name);
          view->lane_kinds |= 1u << kind;
          path_pop (ctx, mark_i);
        }
      path_pop (ctx, mark);
    }

  highlight = json_object_get_member (object, "highlight");
  if (highlight != NULL)
    {
      gsize mark = path_push_member (ctx, "highlight");

      if (!read_highlight (ctx, highlight, &view->highlight))
        return FALSE;
      path_pop (ctx, mark);
    }

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Live check                                                              */

static gboolean
parse_preset (const char           *preset,
              InterleaveLessonLive *live)
{
  static const struct {
    const char *prefix;
    InterleaveLessonRuntime runtime;
    const char *mode;
    gboolean workers;
  } presets[] = {
    { "node:eventloop",   INTERLEAVE_LESSON_RUNTIME_NODE,   "eventloop", FALSE },
    { "node:cluster:",    INTERLEAVE_LESSON_RUNTIME_NODE,   "cluster",   TRUE },
    { "python:threaded",  INTERLEAVE_LESSON_RUNTIME_PYTHON, "threaded",  FALSE },
    { "python:prefork:",  INTERLEAVE_LESSON_RUNTIME_PYTHON, "prefork",   TRUE },
    { "python:asyncio",   INTERLEAVE_LESSON_RUNTIME_PYTHON, "asyncio",   FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      gsize len = strlen (presets[i].prefix);
      guint64 workers = 1;

      if (!presets[i].workers)
        {
          if (strcmp (preset, presets[i].prefix) != 0)
            continue;
        }
      else
        {
          /* "node:cluster" alone: one worker per core, as the launcher does. */
          if (strncmp (preset, presets[i].prefix, len - 1) == 0 && preset[len - 1] == '\0')
            workers = 0;
          else if (strncmp (preset, presets[i].prefix, len) != 0)
            continue;
          else if (!g_ascii_isdigit (preset[len]) ||
              !g_ascii_string_to_unsigned (preset + len, 10, 1,
                                           INTERLEAVE_LESSON_MAX_WORKERS,
                                           &workers, NULL))
            return FALSE;
        }

      live->runtime = presets[i].runtime;
      live->mode = g_strdup (presets[i].mode);
      live->workers = (guint) workers;
      return TRUE;
    }

  return FALSE;
}

static gboolean
read_recorded (Ctx                   *ctx,
               JsonNode              *node,
               InterleaveSummary    **out)
{
  static const char * const allowed[] = {
    "name", "completed", "duration_s", "throughput", "latency_ms", "cpu_utilisation", NULL
  };
  static const char * const latency_allowed[] = {
    "mean", "p50", "p95", "p99", "max", NULL
  };
  g_autoptr(InterleaveSummary) summary = interleave_summary_new ("");
  g_autofree char *name = NULL;
  JsonObject *object = NULL;
  JsonNode *latency;
  guint completed = 0;

  summary->throughput = NAN;
  summary->duration_s = NAN;
  summary->cpu_utilisation = NAN;
  summary->latency_mean_ms = NAN;
  summary->latency_p50_ms = NAN;
  summary->latency_p95_ms = NAN;
  summary->latency_p99_ms = NAN;
  summary->latency_max_ms = NAN;

  if (!read_object (ctx, node, &object) ||
      !check_members (ctx, object, allowed) ||
      !read_string (ctx, object, "name", FALSE, MAX_NAME, _("a name"), &name) ||
      !read_uint (ctx, object, "completed", 0, G_MAXINT32, &completed) ||
      !read_number (ctx, object, "duration_s", 0, 3600, &summary->duration_s) ||
      !read_number (ctx, object, "throughput", 0, 1e7, &summary->throughput) ||
      !read_number (ctx, object, "cpu_utilisation", 0, 1, &summary->cpu_utilisation))
    return FALSE;

  if (isnan (summary->throughput))
    return missing (ctx, "throughput");

  latency = json_object_get_member (object, "latency_ms");
  if (latency != NULL)
    {
      gsize mark = path_push_member (ctx, "latency_ms");
      JsonObject *lat = NULL;

      if (!read_object (ctx, latency, &lat) ||
          !check_members (ctx, lat, latency_allowed) ||
          !read_number (ctx, lat, "mean", 0, 3.6e6, &summary->latency_mean_ms) ||
          !read_number (ctx, lat, "p50", 0, 3.6e6, &summary->latency_p50_ms) ||
          !read_number (ctx, lat, "p95", 0, 3.6e6, &summary->latency_p95_ms) ||
          !read_number (ctx, lat, "p99", 0, 3.6e6, &summary->latency_p99_ms) ||
          !read_number (ctx, lat, "max", 0, 3.6e6, &summary->latency_max_ms))
        return FALSE;
      path_pop (ctx, mark);
    }

  if (name != NULL)
    {
      g_free (summary->name);
      summary->name = g_steal_pointer (&name);
    }
  summary->completed = completed;
  *out = g_steal_pointer (&summary);
  return TRUE;
}

static gboolean
read_load (Ctx                  *ctx,
           JsonNode             *node,
           InterleaveLessonLive *live)
{
  static const char * const allowed[] = { "rate", "clients", "think", "connections", NULL };
  JsonObject *object = NULL;
  gboolean has_rate;
  gboolean has_clients;

  if (!read_object (ctx, node, &object) ||
      !check_members (ctx, object, allowed))
    return FALSE;

  has_rate = json_object_has_member (object, "rate");
  has_clients = json_object_has_member (object, "clients");
  if (has_rate == has_clients)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                    _("give either “rate” (requests per second, open loop) or “clients” (closed loop)"));

  if (has_rate && json_object_has_member (object, "think"))
    {
      gsize mark = path_push_member (ctx, "think");
      invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
               _("“think” applies to “clients” only"));
      path_pop (ctx, mark);
      return FALSE;
    }

  return read_number (ctx, object, "rate", 0.1, INTERLEAVE_LESSON_MAX_RATE, &live->rate) &&
         read_uint (ctx, object, "clients", 1, INTERLEAVE_LESSON_MAX_CLIENTS, &live->clients) &&
         read_time (ctx, object, "think", 0, INTERLEAVE_LESSON_MAX_LIVE_NS, &live->think) &&
         read_uint (ctx, object, "connections", 1, INTERLEAVE_LESSON_MAX_CONNECTIONS, &live->connections);
}

static gboolean
read_live (Ctx                   *ctx,
           JsonNode              *node,
           InterleaveLessonLive **out)
{
  static const char * const allowed[] = {
    "preset", "plan", "load", "duration", "architecture", "recorded", NULL
  };
  g_autoptr(GError) plan_error = NULL;
  g_autofree char *preset = NULL;
  g_autofree char *plan_text = NULL;
  InterleaveLessonLive *live;
  InterleavePlan plan;
  JsonObject *object = NULL;
  JsonNode *member;
  gsize mark;

  if (!read_object (ctx, node, &object) ||
      !check_members (ctx, object, allowed))
    return FALSE;

  live = g_new0 (InterleaveLessonLive, 1);
  live->duration = 5 * G_GINT64_CONSTANT (1000000000);
  live->think = 0;
  *out = live;   /* freed by the caller on failure */

  if (!read_string (ctx, object, "preset", TRUE, 64,
                    _("a server preset: “node:eventloop”, “node:cluster:K”, “python:threaded”, “python:prefork:K” or “python:asyncio”"),
                    &live->preset))
    return FALSE;

  if (!parse_preset (live->preset, live))
    {
      mark = path_push_member (ctx, "preset");
      return expected (ctx, json_object_get_member (object, "preset"),
                       _("a server preset: “node:eventloop”, “node:cluster:K”, “python:threaded”, “python:prefork:K” or “python:asyncio” (K from 1 to 64)"));
    }

  if (!read_string (ctx, object, "plan", TRUE, 1000,
                    _("a plan such as “cpu:5,io:20”"), &plan_text))
    return FALSE;
  if (!interleave_plan_parse (plan_text, &plan, &plan_error))
    {
      mark = path_push_member (ctx, "plan");
      return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID, "%s", plan_error->message);
    }
  live->plan = interleave_plan_to_string (&plan);

  member = json_object_get_member (object, "load");
  if (member == NULL)
    return missing (ctx, "load");
  mark = path_push_member (ctx, "load");
  if (!read_load (ctx, member, live))
    return FALSE;
  path_pop (ctx, mark);

  if (!read_time (ctx, object, "duration",
                  INTERLEAVE_LESSON_MIN_LIVE_NS, INTERLEAVE_LESSON_MAX_LIVE_NS,
                  &live->duration) ||
      !read_string (ctx, object, "architecture", FALSE, MAX_NAME,
                    _("the name of one of the scenario’s architectures"),
                    &live->architecture))
    return FALSE;

  member = json_object_get_member (object, "recorded");
  if (member != NULL)
    {
      mark = path_push_member (ctx, "recorded");
      if (!read_recorded (ctx, member, &live->recorded))
        return FALSE;
      path_pop (ctx, mark);
    }

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Steps                                                                   */

static gboolean
read_verdict (Ctx                      *ctx,
              JsonNode                 *node,
              InterleaveLessonVerdict **out)
{
  static const char * const allowed[] = { "true", "false", "why", NULL };
  InterleaveLessonVerdict *verdict;
  JsonObject *object = NULL;

  if (!read_object (ctx, node, &object) ||
      !check_members (ctx, object, allowed))
    return FALSE;

  verdict = g_new0 (InterleaveLessonVerdict, 1);
  *out = verdict;   /* freed by the caller on failure */

  return read_text (ctx, object, "true", TRUE, MAX_LONG_TEXT, &verdict->is_true) &&
         read_text (ctx, object, "false", TRUE, MAX_LONG_TEXT, &verdict->is_false) &&
         read_text (ctx, object, "why", TRUE, MAX_LONG_TEXT, &verdict->why);
}

static gboolean
read_architectures (Ctx                  *ctx,
                    JsonNode             *node,
                    InterleaveLessonStep *step)
{
  const char *what = _("a list of architecture names from the scenario, such as [\"Node.js\"]");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return expected (ctx, node, what);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return expected (ctx, node, what);
  if (n > INTERLEAVE_LESSON_MAX_STEP_ARCHITECTURES)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_LIMIT,
                    _("%u architectures; a step shows at most %u"),
                    n, INTERLEAVE_LESSON_MAX_STEP_ARCHITECTURES);

  for (guint i = 0; i < n; i++)
    {
      gsize mark = path_push_index (ctx, i);
      const char *name;

      if (!read_string_node (ctx, json_array_get_element (array, i), MAX_NAME,
                             _("the name of one of the scenario’s architectures"), &name))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (json_array_get_string_element (array, j), name) == 0)
          return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                          _("“%s” is listed twice"), name);
      g_strv_builder_add (builder, name);
      path_pop (ctx, mark);
    }

  step->architectures = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_step (Ctx                   *ctx,
           JsonNode              *node,
           guint                  index,
           guint                  n_steps,
           const char            *previous_scenario,
           InterleaveLessonStep  *step)
{
  static const char * const allowed[] = {
    "scenario", "architectures", "view", "caption", "notes", "live", "verdict", NULL
  };
  const char *scenario_what = _("a scenario: a file name such as “convoy.json” next to the lesson or among the shipped scenarios, or the name of one in the lesson’s “scenarios”");
  JsonObject *object = NULL;
  JsonNode *member;
  gsize mark;

  step->view.from = step->view.to = step->view.width = step->view.playhead = -1;
  step->view.lane_kinds = DEFAULT_LANE_KINDS;

  if (!read_object (ctx, node, &object) ||
      !check_members (ctx, object, allowed))
    return FALSE;

  member = json_object_get_member (object, "scenario");
  if (member != NULL)
    {
      const char *name;

      mark = path_push_member (ctx, "scenario");
      if (!read_string_node (ctx, member, MAX_SCENARIO_NAME, scenario_what, &name))
        return FALSE;
      if (!is_scenario_name (name))
        return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                        _("“%s” is not a scenario name: use a file name relative to the lesson’s folder, without “..”"),
                        name);
      path_pop (ctx, mark);
      step->scenario = g_strdup (name);
    }
  else if (previous_scenario != NULL)
    {
      step->scenario = g_strdup (previous_scenario);
    }
  else
    {
      return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                      _("missing member “scenario”: the first step must name one (later steps keep it unless they name another)"));
    }

  member = json_object_get_member (object, "architectures");
  if (member != NULL)
    {
      mark = path_push_member (ctx, "architectures");
      if (!read_architectures (ctx, member, step))
        return FALSE;
      path_pop (ctx, mark);
    }

  member = json_object_get_member (object, "view");
  if (member != NULL)
    {
      mark = path_push_member (ctx, "view");
      if (!read_view (ctx, member, &step->view))
        return FALSE;
      path_pop (ctx, mark);
    }

  if (!read_text (ctx, object, "caption", TRUE, MAX_LONG_TEXT, &step->caption) ||
      !read_text (ctx, object, "notes", FALSE, MAX_NOTES_TEXT, &step->notes))
    return FALSE;

  member = json_object_get_member (object, "live");
  if (member != NULL)
    {
      mark = path_push_member (ctx, "live");
      if (!read_live (ctx, member, &step->live))
        return FALSE;
      if (step->live->architecture != NULL && step->architectures != NULL &&
          !g_strv_contains ((const char * const *) step->architectures, step->live->architecture))
        {
          path_push_member (ctx, "architecture");
          return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                          _("“%s” is not one of the architectures this step shows"),
                          step->live->architecture);
        }
      path_pop (ctx, mark);
    }

  member = json_object_get_member (object, "verdict");
  if (index + 1 == n_steps)
    {
      if (member == NULL)
        return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                        _("missing member “verdict”: the last step states what is true, what is false, and why"));
      mark = path_push_member (ctx, "verdict");
      if (!read_verdict (ctx, member, &step->verdict))
        return FALSE;
      path_pop (ctx, mark);
    }
  else if (member != NULL)
    {
      path_push_member (ctx, "verdict");
      return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                      _("only the last step (steps[%u]) has a verdict"), n_steps - 1);
    }

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Predict then reveal                                                     */

static gboolean
read_predict (Ctx                      *ctx,
              JsonNode                 *node,
              guint                     n_steps,
              InterleaveLessonPredict **out)
{
  static const char * const allowed[] = {
    "step", "prompt", "choices", "answer", "explanation", NULL
  };
  static const char * const choice_allowed[] = { "id", "text", NULL };
  const char *choices_what = _("a list of 2 to 6 choices such as {\"id\": \"node\", \"text\": \"Node.js\"}");
  InterleaveLessonPredict *predict;
  g_autofree char *answer = NULL;
  JsonObject *object = NULL;
  JsonNode *choices;
  JsonArray *array;
  guint n;
  gsize mark;

  if (!read_object (ctx, node, &object) ||
      !check_members (ctx, object, allowed))
    return FALSE;

  predict = g_new0 (InterleaveLessonPredict, 1);
  *out = predict;   /* freed by the caller on failure */

  if (!read_uint (ctx, object, "step", 0, n_steps - 1, &predict->step) ||
      !read_text (ctx, object, "prompt", TRUE, MAX_MEDIUM_TEXT, &predict->prompt))
    return FALSE;

  choices = json_object_get_member (object, "choices");
  if (choices == NULL)
    return missing (ctx, "choices");

  mark = path_push_member (ctx, "choices");
  if (!JSON_NODE_HOLDS_ARRAY (choices))
    return expected (ctx, choices, choices_what);
  array = json_node_get_array (choices);
  n = json_array_get_length (array);
  if (n < 2 || n > INTERLEAVE_LESSON_MAX_CHOICES)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                    _("a prediction has 2 to %u choices, not %u"),
                    INTERLEAVE_LESSON_MAX_CHOICES, n);

  predict->choices = g_new0 (InterleaveLessonChoice, n);
  for (guint i = 0; i < n; i++)
    {
      InterleaveLessonChoice *choice = &predict->choices[i];
      gsize mark_i = path_push_index (ctx, i);
      JsonObject *choice_object = NULL;

      predict->n_choices = i + 1;
      if (!read_object (ctx, json_array_get_element (array, i), &choice_object) ||
          !check_members (ctx, choice_object, choice_allowed) ||
          !read_string (ctx, choice_object, "id", TRUE, MAX_ID,
                        _("an id of lower-case letters, digits and “-”, such as “node”"),
                        &choice->id))
        return FALSE;

      if (!is_id (choice->id, MAX_ID))
        {
          path_push_member (ctx, "id");
          return expected (ctx, json_object_get_member (choice_object, "id"),
                           _("an id of lower-case letters, digits and “-”, such as “node”"));
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (predict->choices[j].id, choice->id) == 0)
          {
            path_push_member (ctx, "id");
            return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                            _("the id “%s” is already used by choices[%u]"), choice->id, j);
          }

      if (!read_text (ctx, choice_object, "text", TRUE, MAX_SHORT_TEXT, &choice->text))
        return FALSE;
      path_pop (ctx, mark_i);
    }
  path_pop (ctx, mark);

  if (!read_string (ctx, object, "answer", TRUE, MAX_ID,
                    _("the id of the right choice"), &answer))
    return FALSE;

  for (n = 0; n < predict->n_choices; n++)
    if (strcmp (predict->choices[n].id, answer) == 0)
      break;
  if (n == predict->n_choices)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) ids = NULL;
      g_autofree char *list = NULL;

      for (guint i = 0; i < predict->n_choices; i++)
        g_strv_builder_add (builder, predict->choices[i].id);
      ids = g_strv_builder_end (builder);
      list = quote_list ((const char * const *) ids);
      path_push_member (ctx, "answer");
      return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                      _("“%s” is not the id of a choice; the choices are %s"),
                      answer, list);
    }
  predict->answer = n;

  return read_text (ctx, object, "explanation", FALSE, MAX_LONG_TEXT, &predict->explanation);
}

/* ---------------------------------------------------------------------- */
/* The document                                                            */

static gboolean
read_scenarios (Ctx        *ctx,
                JsonNode   *node,
                GHashTable *scenarios)
{
  g_autoptr(GList) members = NULL;
  JsonObject *object = NULL;

  if (!read_object (ctx, node, &object))
    return FALSE;

  members = json_object_get_members (object);
  if (g_list_length (members) > INTERLEAVE_LESSON_MAX_SCENARIOS)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_LIMIT,
                    _("%u scenarios; a lesson holds at most %u"),
                    g_list_length (members), INTERLEAVE_LESSON_MAX_SCENARIOS);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *scenario = json_object_get_member (object, name);
      gsize mark = path_push_member (ctx, name);
      g_autoptr(JsonGenerator) generator = NULL;

      if (!is_scenario_name (name))
        return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                        _("“%s” is not a scenario name: use a file name relative to the lesson’s folder, without “..”"),
                        name);
      if (!JSON_NODE_HOLDS_OBJECT (scenario))
        return expected (ctx, scenario, _("a scenario object, as in a scenario file"));

      generator = json_generator_new ();
      json_generator_set_root (generator, scenario);
      g_hash_table_insert (scenarios, g_strdup (name),
                           json_generator_to_data (generator, NULL));
      path_pop (ctx, mark);
    }

  return TRUE;
}

static gboolean
read_lesson (Ctx              *ctx,
             JsonNode         *root,
             InterleaveLesson *lesson)
{
  static const char * const allowed[] = {
    "format", "id", "title", "author", "claim", "question", "minutes",
    "predict", "scenarios", "steps", NULL
  };
  g_autofree char *author = NULL;
  JsonObject *object = NULL;
  JsonNode *member;
  JsonArray *steps;
  gint64 format;
  guint n_steps;
  gsize mark;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return expected (ctx, root, _("a lesson: an object “{ … }” with “format”, “id”, “title”, “claim”, “question” and “steps”"));
  object = json_node_get_object (root);

  /* The version first: a newer file gets "update Interleave", not a
   * list of members this version does not know. */
  member = json_object_get_member (object, "format");
  if (member == NULL)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID,
                    _("missing member “format”; a lesson starts with \"format\": 1"));
  mark = path_push_member (ctx, "format");
  if (!node_get_integer (member, &format) || format < 1)
    return expected (ctx, member, _("the format version 1"));
  if (format > INTERLEAVE_LESSON_FORMAT)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_VERSION,
                    _("format %d is newer than this version of Interleave reads (%d); update Interleave"),
                    (int) MIN (format, G_MAXINT), INTERLEAVE_LESSON_FORMAT);
  path_pop (ctx, mark);

  if (!check_members (ctx, object, allowed))
    return FALSE;

  if (!read_string (ctx, object, "id", TRUE, MAX_ID,
                    _("an id of lower-case letters, digits and “-”, such as “my-convoy-lesson”"),
                    &lesson->id))
    return FALSE;
  if (!is_id (lesson->id, MAX_ID))
    {
      path_push_member (ctx, "id");
      return expected (ctx, json_object_get_member (object, "id"),
                       _("an id of lower-case letters, digits and “-”, such as “my-convoy-lesson”"));
    }

  lesson->minutes = 5;
  if (!read_text (ctx, object, "title", TRUE, MAX_SHORT_TEXT, &lesson->title) ||
      !read_string (ctx, object, "author", FALSE, MAX_NAME, _("a name"), &author) ||
      !read_text (ctx, object, "claim", TRUE, MAX_MEDIUM_TEXT, &lesson->claim) ||
      !read_text (ctx, object, "question", TRUE, MAX_MEDIUM_TEXT, &lesson->question) ||
      !read_uint (ctx, object, "minutes", 1, 120, &lesson->minutes))
    return FALSE;

  member = json_object_get_member (object, "scenarios");
  if (member != NULL)
    {
      mark = path_push_member (ctx, "scenarios");
      if (!read_scenarios (ctx, member, lesson->scenarios))
        return FALSE;
      path_pop (ctx, mark);
    }

  member = json_object_get_member (object, "steps");
  if (member == NULL)
    return missing (ctx, "steps");
  mark = path_push_member (ctx, "steps");
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return expected (ctx, member, _("a list of steps “[ … ]”"));
  steps = json_node_get_array (member);
  n_steps = json_array_get_length (steps);
  if (n_steps == 0)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_INVALID, _("a lesson needs at least one step"));
  if (n_steps > INTERLEAVE_LESSON_MAX_STEPS)
    return invalid (ctx, INTERLEAVE_LESSON_ERROR_LIMIT,
                    _("%u steps; a lesson has at most %u"),
                    n_steps, INTERLEAVE_LESSON_MAX_STEPS);

  for (guint i = 0; i < n_steps; i++)
    {
      InterleaveLessonStep *step = g_new0 (InterleaveLessonStep, 1);
      const InterleaveLessonStep *previous = i > 0 ? g_ptr_array_index (lesson->steps, i - 1) : NULL;
      gsize mark_i = path_push_index (ctx, i);

      g_ptr_array_add (lesson->steps, step);
      if (!read_step (ctx, json_array_get_element (steps, i), i, n_steps,
                      previous ? previous->scenario : NULL, step))
        return FALSE;
      path_pop (ctx, mark_i);
    }
  path_pop (ctx, mark);

  member = json_object_get_member (object, "predict");
  if (member != NULL)
    {
      mark = path_push_member (ctx, "predict");
      if (!read_predict (ctx, member, n_steps, &lesson->predict))
        return FALSE;
      path_pop (ctx, mark);
    }

  return TRUE;
}

/**
 * interleave_lesson_new_from_data:
 * @data: the lesson file's text
 * @length: its length in bytes, or -1 when nul-terminated
 * @display_name: how messages name the file, e.g. "convoy.json"
 * @base_dir: (nullable): the folder the lesson's scenario files are in
 * @error: a location for a #GError
 *
 * Reads and validates a lesson. Errors are in %INTERLEAVE_LESSON_ERROR and
 * name @display_name, then line:column for text that is not JSON, or the
 * JSON path (such as "steps[2].view.playhead") of anything else.
 *
 * Returns: (transfer full): the lesson, or %NULL with @error set
 */
InterleaveLesson *
interleave_lesson_new_from_data (const char  *data,
                                 gssize       length,
                                 const char  *display_name,
                                 const char  *base_dir,
                                 GError     **error)
{
  g_autoptr(InterleaveLesson) lesson = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) path = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  Ctx ctx;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if ((gsize) length > INTERLEAVE_LESSON_MAX_FILE_SIZE)
    {
      g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_LIMIT,
                   _("%s: the file is larger than %d KiB; a lesson is a few kilobytes"),
                   display_name, INTERLEAVE_LESSON_MAX_FILE_SIZE / 1024);
      return NULL;
    }

  size = length;
  if (!check_syntax (&data, &size, display_name, -1, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      /* The check above accepts only what json-glib reads; keep its
       * message should the two ever disagree. */
      g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SYNTAX,
                   "%s: %s", display_name, local_error->message);
      return NULL;
    }

  lesson = g_new0 (InterleaveLesson, 1);
  lesson->display_name = g_strdup (display_name);
  lesson->base_dir = g_strdup (base_dir);
  lesson->scenarios = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lesson->steps = g_ptr_array_new_with_free_func (step_free);

  path = g_string_new (NULL);
  ctx.file = display_name;
  ctx.path = path;
  ctx.error = error;

  if (!read_lesson (&ctx, json_parser_get_root (parser), lesson))
    return NULL;

  return g_steal_pointer (&lesson);
}

/**
 * interleave_lesson_new_from_file:
 * @path: a lesson file
 * @error: a location for a #GError
 *
 * Like interleave_lesson_new_from_data(), reading @path; scenario file
 * names are looked up next to it first.
 *
 * Returns: (transfer full): the lesson, or %NULL with @error set
 */
InterleaveLesson *
interleave_lesson_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *base_dir = NULL;
  InterleaveLesson *lesson;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);

  /* Refuse a huge file before reading it into memory. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      st.st_size > INTERLEAVE_LESSON_MAX_FILE_SIZE)
    {
      g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_LIMIT,
                   _("%s: the file is larger than %d KiB; a lesson is a few kilobytes"),
                   display_name, INTERLEAVE_LESSON_MAX_FILE_SIZE / 1024);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  base_dir = g_path_get_dirname (path);
  lesson = interleave_lesson_new_from_data (contents, length, display_name, base_dir, error);
  if (lesson != NULL)
    lesson->file = g_strdup (path);

  return lesson;
}

guint
interleave_lesson_get_n_steps (const InterleaveLesson *lesson)
{
  g_return_val_if_fail (lesson != NULL, 0);

  return lesson->steps->len;
}

const InterleaveLessonStep *
interleave_lesson_get_step (const InterleaveLesson *lesson,
                            guint                   index)
{
  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (index < lesson->steps->len, NULL);

  return g_ptr_array_index (lesson->steps, index);
}

/* ---------------------------------------------------------------------- */
/* Texts                                                                   */

/**
 * interleave_lesson_text_get_for:
 * @text: a text
 * @languages: (nullable): language names in order of preference, as
 *   g_get_language_names() gives them ("de_AT.UTF-8", "de_AT", "de", "C")
 *
 * Returns: the translation for the first of @languages that @text has,
 *   else the English text, else its first one.
 */
const char *
interleave_lesson_text_get_for (const InterleaveLessonText *text,
                                const char * const         *languages)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (text->n_translations > 0, NULL);

  if (text->translations[0].lang == NULL)
    return text->translations[0].text;

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      g_autofree char *wanted = normalize_language (languages[i]);

      for (guint j = 0; j < text->n_translations; j++)
        if (g_ascii_strcasecmp (text->translations[j].lang, wanted) == 0)
          return text->translations[j].text;
    }

  for (guint j = 0; j < text->n_translations; j++)
    if (g_ascii_strcasecmp (text->translations[j].lang, "en") == 0)
      return text->translations[j].text;

  return text->translations[0].text;
}

/**
 * interleave_lesson_text_get:
 * @text: a text
 *
 * Returns: @text in the user's language, by g_get_language_names(),
 *   falling back to English.
 */
const char *
interleave_lesson_text_get (const InterleaveLessonText *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return interleave_lesson_text_get_for (text, g_get_language_names ());
}

/**
 * interleave_lesson_text_has_language:
 * @text: a text
 * @lang: a language such as "de"
 *
 * Returns: %TRUE when @text is translated into @lang. A plain string is
 *   not a translation into any language.
 */
gboolean
interleave_lesson_text_has_language (const InterleaveLessonText *text,
                                     const char                 *lang)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);

  wanted = normalize_language (lang);
  for (guint j = 0; j < text->n_translations; j++)
    if (text->translations[j].lang != NULL &&
        g_ascii_strcasecmp (text->translations[j].lang, wanted) == 0)
      return TRUE;

  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Scenarios                                                               */

/**
 * interleave_lesson_dup_shipped_dir:
 *
 * Returns: (transfer full): the folder of the shipped lessons:
 *   $INTERLEAVE_DATADIR/lessons when set (tests, uninstalled runs), else
 *   the installed one.
 */
char *
interleave_lesson_dup_shipped_dir (void)
{
  const char *datadir = g_getenv ("INTERLEAVE_DATADIR");

  return g_build_filename (datadir && *datadir ? datadir : PKGDATADIR, "lessons", NULL);
}

/**
 * interleave_lesson_dup_scenario_dir:
 *
 * Returns: (transfer full): the folder of the shipped scenarios, found
 *   the same way as interleave_lesson_dup_shipped_dir().
 */
char *
interleave_lesson_dup_scenario_dir (void)
{
  const char *datadir = g_getenv ("INTERLEAVE_DATADIR");

  return g_build_filename (datadir && *datadir ? datadir : PKGDATADIR, "scenarios", NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * interleave_lesson_list_shipped:
 * @error: a location for a #GError
 *
 * Returns: (transfer container) (element-type filename): the paths of the
 *   shipped lesson files, sorted by name (which is the order of the cards).
 */
GPtrArray *
interleave_lesson_list_shipped (GError **error)
{
  g_autofree char *dir_path = interleave_lesson_dup_shipped_dir ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, error);
  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));

  g_ptr_array_sort (paths, compare_strings);
  return g_steal_pointer (&paths);
}

/**
 * interleave_lesson_get_inline_scenario:
 * @lesson: a lesson
 * @name: a scenario name from a step
 *
 * Returns: (nullable): the JSON text of the scenario the lesson itself
 *   holds under @name (its "scenarios" member), or %NULL
 */
const char *
interleave_lesson_get_inline_scenario (const InterleaveLesson *lesson,
                                       const char             *name)
{
  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (lesson->scenarios, name);
}

/**
 * interleave_lesson_find_scenario_file:
 * @lesson: a lesson
 * @name: a scenario file name from a step
 * @error: a location for a #GError
 *
 * Looks for @name next to the lesson file, then among the shipped
 * scenarios.
 *
 * Returns: (transfer full): the path of the file, or %NULL with @error set
 */
char *
interleave_lesson_find_scenario_file (const InterleaveLesson  *lesson,
                                      const char              *name,
                                      GError                 **error)
{
  g_autofree char *shipped_dir = NULL;
  g_autofree char *shipped = NULL;

  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_scenario_name (name))
    {
      g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO,
                   _("“%s” is not a scenario name: use a file name relative to the lesson’s folder, without “..”"),
                   name);
      return NULL;
    }

  if (lesson->base_dir != NULL)
    {
      g_autofree char *local = g_build_filename (lesson->base_dir, name, NULL);

      if (g_file_test (local, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&local);
    }

  shipped_dir = interleave_lesson_dup_scenario_dir ();
  shipped = g_build_filename (shipped_dir, name, NULL);
  if (g_file_test (shipped, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&shipped);

  if (lesson->base_dir != NULL)
    {
      g_autofree char *base = g_filename_display_name (lesson->base_dir);
      g_autofree char *ship = g_filename_display_name (shipped_dir);

      g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO,
                   _("no scenario file “%s” in the lesson’s folder (%s) or among the shipped scenarios (%s)"),
                   name, base, ship);
    }
  else
    {
      g_autofree char *ship = g_filename_display_name (shipped_dir);

      g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO,
                   _("no scenario file “%s” among the shipped scenarios (%s)"),
                   name, ship);
    }
  return NULL;
}

/* The architecture names of a scenario, as the scenario loader reads it:
 * the whole scenario is validated, so a lesson never opens on a broken one. */
static GStrv
read_architecture_names (const char  *data,
                         gsize        length,
                         const char  *display_name,
                         GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(GError) local_error = NULL;

  /* The syntax check first: its messages say what was expected. */
  if (!check_syntax (&data, &length, display_name, INTERLEAVE_LESSON_ERROR_SCENARIO, error))
    return NULL;

  scenario = interleave_scenario_load_data (data, length, display_name, &local_error);
  if (scenario == NULL)
    {
      g_set_error_literal (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO,
                           local_error->message);
      return NULL;
    }

  for (guint i = 0; i < scenario->n_architectures; i++)
    g_strv_builder_add (builder, scenario->architectures[i].name);

  return g_strv_builder_end (builder);
}

static gboolean
check_architecture (Ctx                *ctx,
                    const char         *scenario,
                    const char * const *names,
                    const char         *wanted)
{
  g_autofree char *list = NULL;

  if (g_strv_contains (names, wanted))
    return TRUE;

  list = quote_list (names);
  return invalid (ctx, INTERLEAVE_LESSON_ERROR_SCENARIO,
                  /* Translators: the scenario “x.json” has no architecture “y”; it has “a”, “b” */
                  _("the scenario “%s” has no architecture “%s”; it has %s"),
                  scenario, wanted, list);
}

/**
 * interleave_lesson_check_scenarios:
 * @lesson: a lesson
 * @error: a location for a #GError
 *
 * Checks what interleave_lesson_new_from_data() cannot check alone: that
 * every step's scenario exists (in the lesson, next to it, or shipped),
 * is JSON with a list of architectures, and has every architecture the
 * step and its live check name. Errors name the step's JSON path.
 *
 * Returns: %TRUE when every step can be shown
 */
gboolean
interleave_lesson_check_scenarios (const InterleaveLesson  *lesson,
                                   GError                 **error)
{
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(GString) path = NULL;
  Ctx ctx;

  g_return_val_if_fail (lesson != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  path = g_string_new (NULL);
  ctx.file = lesson->display_name;
  ctx.path = path;
  ctx.error = error;

  for (guint i = 0; i < lesson->steps->len; i++)
    {
      const InterleaveLessonStep *step = g_ptr_array_index (lesson->steps, i);
      const char * const *names;
      gsize mark = path_push_member (&ctx, "steps");

      path_push_index (&ctx, i);

      names = g_hash_table_lookup (cache, step->scenario);
      if (names == NULL)
        {
          g_autoptr(GError) local_error = NULL;
          const char *inline_json = g_hash_table_lookup (lesson->scenarios, step->scenario);
          GStrv found;

          if (inline_json != NULL)
            {
              g_autofree char *display = g_strdup_printf ("scenarios.%s", step->scenario);

              found = read_architecture_names (inline_json, strlen (inline_json),
                                               display, &local_error);
            }
          else
            {
              g_autofree char *file = NULL;
              g_autofree char *contents = NULL;
              g_autofree char *display = NULL;
              gsize length;

              file = interleave_lesson_find_scenario_file (lesson, step->scenario, &local_error);
              if (file == NULL)
                {
                  path_push_member (&ctx, "scenario");
                  return invalid (&ctx, INTERLEAVE_LESSON_ERROR_SCENARIO, "%s", local_error->message);
                }
              if (!g_file_get_contents (file, &contents, &length, &local_error))
                {
                  path_push_member (&ctx, "scenario");
                  return invalid (&ctx, INTERLEAVE_LESSON_ERROR_SCENARIO, "%s", local_error->message);
                }
              if (length > MAX_SCENARIO_SIZE)
                {
                  path_push_member (&ctx, "scenario");
                  return invalid (&ctx, INTERLEAVE_LESSON_ERROR_LIMIT,
                                  _("the scenario file “%s” is larger than %d MiB"),
                                  step->scenario, MAX_SCENARIO_SIZE / (1024 * 1024));
                }
              display = g_filename_display_name (file);
              found = read_architecture_names (contents, length, display, &local_error);
            }

          if (found == NULL)
            {
              path_push_member (&ctx, "scenario");
              return invalid (&ctx, INTERLEAVE_LESSON_ERROR_SCENARIO, "%s", local_error->message);
            }
          g_hash_table_insert (cache, g_strdup (step->scenario), found);
          names = (const char * const *) found;
        }

      for (guint j = 0; step->architectures != NULL && step->architectures[j] != NULL; j++)
        {
          gsize mark_j = path_push_member (&ctx, "architectures");

          path_push_index (&ctx, j);
          if (!check_architecture (&ctx, step->scenario, names, step->architectures[j]))
            return FALSE;
          path_pop (&ctx, mark_j);
        }

      if (step->live != NULL && step->live->architecture != NULL)
        {
          gsize mark_l = path_push_member (&ctx, "live");

          path_push_member (&ctx, "architecture");
          if (!check_architecture (&ctx, step->scenario, names, step->live->architecture))
            return FALSE;
          path_pop (&ctx, mark_l);
        }

      path_pop (&ctx, mark);
    }

  return TRUE;
}

/**
 * interleave_lesson_load_step_scenario:
 * @lesson: a lesson
 * @index: a step
 * @error: a location for a #GError
 *
 * Loads what step @index shows: its scenario (held by the lesson, next to
 * it, or shipped) with only the architectures the step names, in the
 * step's order (all of them when it names none). Errors start with the
 * lesson's name and the step's path, as interleave_lesson_check_scenarios()
 * words them.
 *
 * Returns: (transfer full): the scenario, or %NULL with @error set
 */
InterleaveScenario *
interleave_lesson_load_step_scenario (const InterleaveLesson  *lesson,
                                      guint                    index,
                                      GError                 **error)
{
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  const InterleaveLessonStep *step;
  const char *inline_json;
  InterleaveArchitecture *picked;
  gsize length;
  guint n;

  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (index < lesson->steps->len, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  step = g_ptr_array_index (lesson->steps, index);
  inline_json = g_hash_table_lookup (lesson->scenarios, step->scenario);

  if (inline_json != NULL)
    {
      contents = g_strdup (inline_json);
      length = strlen (contents);
      display = g_strdup_printf ("scenarios.%s", step->scenario);
    }
  else
    {
      g_autofree char *file = interleave_lesson_find_scenario_file (lesson, step->scenario, &local_error);

      if (file == NULL || !g_file_get_contents (file, &contents, &length, &local_error))
        goto failed;
      if (length > MAX_SCENARIO_SIZE)
        {
          g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_LIMIT,
                       _("%s: steps[%u].scenario: the scenario file “%s” is larger than %d MiB"),
                       lesson->display_name, index, step->scenario, MAX_SCENARIO_SIZE / (1024 * 1024));
          return NULL;
        }
      display = g_filename_display_name (file);
    }

  scenario = interleave_scenario_load_data (contents, length, display, &local_error);
  if (scenario == NULL)
    goto failed;

  if (step->architectures == NULL)
    return g_steal_pointer (&scenario);

  /* Only the step's architectures, in its order; the others are freed. */
  n = g_strv_length (step->architectures);
  picked = g_new0 (InterleaveArchitecture, n);
  for (guint j = 0; j < n; j++)
    {
      guint found = G_MAXUINT;

      for (guint a = 0; a < scenario->n_architectures && found == G_MAXUINT; a++)
        if (scenario->architectures[a].name != NULL &&
            g_str_equal (scenario->architectures[a].name, step->architectures[j]))
          found = a;

      if (found == G_MAXUINT)
        {
          for (guint k = 0; k < j; k++)
            {
              g_free (picked[k].name);
              g_free (picked[k].preset);
            }
          g_free (picked);
          g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO,
                       /* Translators: lesson.json: steps[0].architectures[1]: … */
                       _("%s: steps[%u].architectures[%u]: the scenario “%s” has no architecture “%s”"),
                       lesson->display_name, index, j, step->scenario, step->architectures[j]);
          return NULL;
        }

      picked[j] = scenario->architectures[found];
      picked[j].name = g_strdup (scenario->architectures[found].name);
      picked[j].preset = g_strdup (scenario->architectures[found].preset);
    }

  for (guint a = 0; a < scenario->n_architectures; a++)
    {
      g_free (scenario->architectures[a].name);
      g_free (scenario->architectures[a].preset);
    }
  g_free (scenario->architectures);
  scenario->architectures = picked;
  scenario->n_architectures = n;

  return g_steal_pointer (&scenario);

failed:
  g_set_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO,
               "%s: steps[%u].scenario: %s", lesson->display_name, index, local_error->message);
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* Applying a view to a trace                                              */

/**
 * interleave_lesson_view_shows_lane:
 * @view: a step's view
 * @trace: the trace shown
 * @lane: an index into @trace's lanes
 *
 * Returns: %TRUE when the view shows that lane: its kind is among the
 *   view's "lanes", and (except for core lanes) it belongs to one of the
 *   first "workers" processes.
 */
gboolean
interleave_lesson_view_shows_lane (const InterleaveLessonView *view,
                                   const InterleaveTrace      *trace,
                                   guint                       lane)
{
  const InterleaveLane *l;

  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (lane < trace->lanes->len, FALSE);

  l = g_ptr_array_index (trace->lanes, lane);
  if ((view->lane_kinds & (1u << l->kind)) == 0)
    return FALSE;
  if (view->workers > 0 && l->kind != INTERLEAVE_LANE_CORE && l->process >= view->workers)
    return FALSE;
  return TRUE;
}

typedef struct
{
  gint64  latency;
  guint32 id;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  if (x->latency != y->latency)
    return x->latency < y->latency ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/**
 * interleave_lesson_highlight_find:
 * @highlight: a step's highlight
 * @trace: the trace shown
 * @from: only requests that arrived at or after this time (ns), or -1
 * @to: only requests that arrived before this time (ns), or -1
 *
 * Applies a highlight rule. Rules look at completed requests (of the
 * rule's class, if it names one), ranked by latency (done − arrival), ties
 * by id: "slowest" takes the last, "fastest" the first, "pNN" the
 * nearest rank. A request id is returned when the trace has that request.
 *
 * Returns: the request to highlight, or %INTERLEAVE_NO_REQUEST
 */
guint32
interleave_lesson_highlight_find (const InterleaveLessonHighlight *highlight,
                                  const InterleaveTrace           *trace,
                                  gint64                           from,
                                  gint64                           to)
{
  g_autoptr(GArray) candidates = NULL;
  guint klass = G_MAXUINT;
  gsize index;

  g_return_val_if_fail (highlight != NULL, INTERLEAVE_NO_REQUEST);
  g_return_val_if_fail (trace != NULL, INTERLEAVE_NO_REQUEST);

  switch (highlight->kind)
    {
    case INTERLEAVE_LESSON_HIGHLIGHT_NONE:
      return INTERLEAVE_NO_REQUEST;
    case INTERLEAVE_LESSON_HIGHLIGHT_REQUEST:
      return highlight->request < trace->requests->len ? highlight->request : INTERLEAVE_NO_REQUEST;
    case INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST:
    case INTERLEAVE_LESSON_HIGHLIGHT_FASTEST:
    case INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE:
    default:
      break;
    }

  if (highlight->klass != NULL)
    {
      for (guint i = 0; trace->class_names != NULL && i < trace->class_names->len; i++)
        if (g_strcmp0 (g_ptr_array_index (trace->class_names, i), highlight->klass) == 0)
          {
            klass = i;
            break;
          }
      if (klass == G_MAXUINT)
        return INTERLEAVE_NO_REQUEST;
    }

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  for (guint i = 0; i < trace->requests->len; i++)
    {
      const InterleaveRequest *r = &g_array_index (trace->requests, InterleaveRequest, i);
      Candidate c;

      if (r->status != INTERLEAVE_REQUEST_COMPLETED || r->done < 0)
        continue;
      if (klass != G_MAXUINT && r->klass != klass)
        continue;
      if ((from >= 0 && r->arrival < from) || (to >= 0 && r->arrival >= to))
        continue;

      c.latency = r->done - r->arrival;
      c.id = r->id;
      g_array_append_val (candidates, c);
    }

  if (candidates->len == 0)
    return INTERLEAVE_NO_REQUEST;

  g_array_sort (candidates, compare_candidates);

  switch (highlight->kind)
    {
    case INTERLEAVE_LESSON_HIGHLIGHT_FASTEST:
      index = 0;
      break;
    case INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST:
      index = candidates->len - 1;
      break;
    case INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE:
    case INTERLEAVE_LESSON_HIGHLIGHT_NONE:
    case INTERLEAVE_LESSON_HIGHLIGHT_REQUEST:
    default:
      {
        /* Nearest rank: the smallest value with at least p % at or below. */
        double rank = ceil (highlight->percentile / 100.0 * candidates->len);

        index = rank < 1 ? 0 : (gsize) rank - 1;
        if (index >= candidates->len)
          index = candidates->len - 1;
      }
      break;
    }

  return g_array_index (candidates, Candidate, index).id;
}

/**
 * interleave_lesson_view_resolve:
 * @view: a step's view
 * @trace: the trace shown (simulated far enough for the view)
 * @range: (out caller-allocates): what to show
 *
 * Works out the time range, playhead and highlighted request:
 * - "from" and "to" give the range; "from" and "width" too; "width"
 *   alone centres the range on the highlighted request's journey (from
 *   arrival to completion), or starts it at 0; nothing shows the whole
 *   trace. The highlight rule only looks at requests that arrived in an
 *   explicit range.
 * - "playhead" is kept inside the range; without it, the playhead is at
 *   the highlighted request's completion, else at the range's end.
 */
void
interleave_lesson_view_resolve (const InterleaveLessonView *view,
                                const InterleaveTrace      *trace,
                                InterleaveLessonRange      *range)
{
  gint64 search_from = -1;
  gint64 search_to = -1;
  const InterleaveRequest *request = NULL;

  g_return_if_fail (view != NULL);
  g_return_if_fail (trace != NULL);
  g_return_if_fail (range != NULL);

  if (view->from >= 0)
    {
      search_from = view->from;
      if (view->to >= 0)
        search_to = view->to;
      else if (view->width >= 0)
        search_to = view->from + view->width;
    }
  else if (view->to >= 0)
    {
      search_to = view->to;
    }

  range->request = interleave_lesson_highlight_find (&view->highlight, trace,
                                                     search_from, search_to);
  if (range->request != INTERLEAVE_NO_REQUEST)
    request = &g_array_index (trace->requests, InterleaveRequest, range->request);

  if (view->from >= 0 && view->to >= 0)
    {
      range->from = view->from;
      range->to = view->to;
    }
  else if (view->width >= 0)
    {
      if (view->from >= 0)
        range->from = view->from;
      else if (request != NULL)
        {
          gint64 end = request->done >= 0 ? request->done : MAX (trace->end, request->arrival);
          gint64 middle = request->arrival + (end - request->arrival) / 2;

          range->from = MAX (0, middle - view->width / 2);
        }
      else
        range->from = 0;
      range->to = range->from + view->width;
    }
  else if (view->from >= 0)
    {
      range->from = view->from;
      range->to = MAX (trace->end, view->from);
    }
  else
    {
      range->from = 0;
      range->to = view->to >= 0 ? view->to : trace->end;
    }

  if (view->playhead >= 0)
    range->playhead = view->playhead;
  else if (request != NULL)
    range->playhead = request->done >= 0 ? request->done : trace->end;
  else
    range->playhead = range->to;

  range->playhead = CLAMP (range->playhead, range->from, range->to);
}
