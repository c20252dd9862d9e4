/* test-learn-page.c
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

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>

#include "interleave-learn-page.h"
#include "interleave-lesson-player.h"
#include "interleave-test-util.h"

/* The Learn page as a class uses it, keyboard only: every shipped lesson
 * walked to its end with the keys a presenter's remote sends, in every
 * language; the prediction, then the answer; a broken lesson file named
 * with its problem; progress kept and resumed. Warnings and criticals are
 * fatal (g_test_init), so a step that draws badly fails the test. */

typedef struct
{
  GtkWindow              *window;
  InterleaveLearnPage    *page;
  InterleaveLessonPlayer *player;
  char                   *dir;
} Fixture;

static GSettings *settings;

static gboolean
player_ready (gpointer data)
{
  return interleave_lesson_player_get_ready (data);
}

static gboolean
has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static gboolean
page_in_lesson (gpointer data)
{
  return interleave_learn_page_get_in_lesson (data);
}

static void
open_page (Fixture *f)
{
  f->page = g_object_new (INTERLEAVE_TYPE_LEARN_PAGE, NULL);
  f->player = INTERLEAVE_LESSON_PLAYER (interleave_learn_page_get_player (f->page));
  f->window = interleave_test_show_in_window (GTK_WIDGET (f->page), 1280, 720);
}

static void
close_page (Fixture *f)
{
  gtk_window_destroy (f->window);
  f->window = NULL;
  f->page = NULL;
  f->player = NULL;
  interleave_test_iterate (10);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_settings_reset (settings, "lesson-progress");
  g_settings_reset (settings, "last-lesson");
  f->dir = g_dir_make_tmp ("interleave-learn-XXXXXX", &error);
  g_assert_no_error (error);
  open_page (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  if (f->window != NULL)
    close_page (f);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static guint
progress_of (const char *id)
{
  g_autoptr(GVariant) dict = g_settings_get_value (settings, "lesson-progress");
  guint32 step;

  if (!g_variant_lookup (dict, id, "u", &step))
    return G_MAXUINT;
  return step;
}

static GPtrArray *
shipped_lessons (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *paths = interleave_lesson_list_shipped (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, >=, 7);
  return paths;
}

static InterleaveLesson *
load_lesson (const char *path)
{
  g_autoptr(GError) error = NULL;
  InterleaveLesson *lesson = interleave_lesson_new_from_file (path, &error);

  g_assert_no_error (error);
  return lesson;
}

/* Widgets ------------------------------------------------------------------ */

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static char *
dup_all_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_labels (widget, text);
  return g_string_free (text, FALSE);
}

static GtkWidget *
find_start_button (GtkWidget  *root,
                   const char *id)
{
  GVariant *target;

  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), "learn.start") == 0 &&
      (target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root))) != NULL &&
      g_strcmp0 (g_variant_get_string (target, NULL), id) == 0 &&
      gtk_widget_has_css_class (root, "suggested-action"))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_start_button (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  Fixture                *f;
  guint                   step;
  InterleaveLessonScreen  screen;
} Moved;

static gboolean
has_moved (gpointer data)
{
  Moved *moved = data;

  return !interleave_learn_page_get_in_lesson (moved->f->page) ||
         interleave_lesson_player_get_step (moved->f->player) != moved->step ||
         interleave_lesson_player_get_screen (moved->f->player) != moved->screen;
}

/* Walks the lesson on screen to its end with keys; checks every screen
 * in @languages' text. Returns the number of steps shown. */
static guint
walk_lesson (Fixture                *f,
             const InterleaveLesson *lesson,
             const char * const     *languages)
{
  static const guint next_keys[] = { GDK_KEY_Right, GDK_KEY_space, GDK_KEY_Page_Down };
  guint n_steps = interleave_lesson_get_n_steps (lesson);
  guint shown = 0;
  guint presses = 0;
  int last_step = -1;

  g_assert_true (interleave_learn_page_get_in_lesson (f->page));

  while (interleave_learn_page_get_in_lesson (f->page))
    {
      g_autofree char *text = NULL;
      guint step;

      interleave_test_wait_until (player_ready, f->player, 60000);
      step = interleave_lesson_player_get_step (f->player);
      text = interleave_lesson_player_dup_text (f->player);
      {
        GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
        g_test_message ("screen %d step %u focus %s %s", interleave_lesson_player_get_screen (f->player), step,
                        focus ? G_OBJECT_TYPE_NAME (focus) : "none",
                        focus && GTK_IS_BUTTON (focus) && gtk_button_get_label (GTK_BUTTON (focus)) ? gtk_button_get_label (GTK_BUTTON (focus)) : "");
      }
      g_assert_cmpstr (text, !=, "");

      switch (interleave_lesson_player_get_screen (f->player))
        {
        case INTERLEAVE_LESSON_SCREEN_PREDICT:
          {
            const InterleaveLessonPredict *predict = lesson->predict;

            g_assert_nonnull (strstr (text, interleave_lesson_text_get_for (predict->prompt, languages)));
            /* Nothing picked yet: Next waits for the class. */
            g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Right, 0));
            g_assert_cmpint (interleave_lesson_player_get_screen (f->player), ==, INTERLEAVE_LESSON_SCREEN_PREDICT);
            g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_1 + predict->answer, 0));
            g_assert_cmpint (interleave_lesson_player_get_choice (f->player), ==, predict->answer);
          }
          break;

        case INTERLEAVE_LESSON_SCREEN_STEP:
          {
            const InterleaveLessonStep *s = interleave_lesson_get_step (lesson, step);
            InterleaveTimelineView *timeline = interleave_lesson_player_get_timeline (f->player);
            g_autoptr(GdkTexture) picture = NULL;
            gint64 from, to;

            g_test_message ("%s: step %u", lesson->id, step);
            g_assert_cmpint ((int) step, ==, last_step + 1);
            last_step = step;
            shown++;

            g_assert_nonnull (strstr (text, interleave_lesson_text_get_for (s->caption, languages)));
            if (step + 1 == n_steps)
              {
                g_assert_nonnull (strstr (text, interleave_lesson_text_get_for (s->verdict->is_true, languages)));
                g_assert_nonnull (strstr (text, interleave_lesson_text_get_for (s->verdict->is_false, languages)));
                g_assert_nonnull (strstr (text, interleave_lesson_text_get_for (s->verdict->why, languages)));
              }

            /* The view is the step's: a range around the playhead. */
            interleave_timeline_view_get_visible_range (timeline, &from, &to);
            g_assert_cmpint (to, >, from);
            g_assert_cmpint (interleave_timeline_view_get_playhead (timeline), >=, from);
            g_assert_cmpint (interleave_timeline_view_get_playhead (timeline), <=, to + 1);
            if (s->view.highlight.kind != INTERLEAVE_LESSON_HIGHLIGHT_NONE)
              g_assert_cmpuint (interleave_timeline_view_get_selected_request (timeline), !=, INTERLEAVE_NO_REQUEST);

            /* And it draws. */
            interleave_test_wait_until (has_size, f->player, 10000);
            picture = interleave_test_render_widget (GTK_WIDGET (f->player));
            g_assert_nonnull (picture);
          }
          break;

        case INTERLEAVE_LESSON_SCREEN_ERROR:
        case INTERLEAVE_LESSON_SCREEN_NONE:
        default:
          g_error ("%s: step %u cannot be shown: %s", lesson->id, step, text);
        }

      /* A focused Next button takes Space and acts a moment later. */
      {
        Moved moved = { f, interleave_lesson_player_get_step (f->player), interleave_lesson_player_get_screen (f->player) };

        /* On the question, Space picks the focused choice: go on with
         * Page Down, as a remote does. */
        guint key = moved.screen == INTERLEAVE_LESSON_SCREEN_PREDICT
                    ? GDK_KEY_Page_Down : next_keys[presses++ % G_N_ELEMENTS (next_keys)];

        g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), key, 0));
        interleave_test_wait_until (has_moved, &moved, 5000);
      }
    }

  return shown;
}

static void
start_by_keyboard (Fixture    *f,
                   const char *id)
{
  GtkWidget *button = find_start_button (GTK_WIDGET (f->page), id);

  g_assert_nonnull (button);
  gtk_widget_grab_focus (button);
  g_assert_true (gtk_widget_has_focus (button));
  /* A focused button takes Space, as GTK's key bindings have it (and
   * shows itself pressed for a moment before it acts). */
  g_assert_true (interleave_test_press_key (button, GDK_KEY_space, 0));
  interleave_test_wait_until (page_in_lesson, f->page, 5000);
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* LANGUAGE, as a user sets it before starting the app. glibc keeps the
 * translations it looked up until the locale changes: change it twice. */
static void
set_language (const char *language)
{
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C");
  setlocale (LC_ALL, "C.UTF-8");
}

/* Tests ---------------------------------------------------------------------- */

static void
test_cards (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) paths = shipped_lessons ();
  g_autofree char *text = dup_all_text (GTK_WIDGET (f->page));

  g_assert_cmpuint (interleave_learn_page_get_n_lessons (f->page), ==, paths->len);
  g_assert_null (interleave_learn_page_get_error_message (f->page));
  g_assert_null (interleave_learn_page_dup_resume_text (f->page));

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(InterleaveLesson) lesson = load_lesson (g_ptr_array_index (paths, i));
      g_autofree char *claim = g_strdup_printf ("“%s”", interleave_lesson_text_get (lesson->claim));

      /* The claim as quoted, the question, and a way in. */
      g_assert_nonnull (strstr (text, claim));
      g_assert_nonnull (strstr (text, interleave_lesson_text_get (lesson->question)));
      g_assert_nonnull (find_start_button (GTK_WIDGET (f->page), lesson->id));
    }
}

static void
test_walk (Fixture       *f,
           gconstpointer  data)
{
  const char *path = data;
  g_autoptr(InterleaveLesson) lesson = load_lesson (path);
  const char * const english[] = { "en", NULL };

  start_by_keyboard (f, lesson->id);
  g_assert_cmpuint (walk_lesson (f, lesson, english), ==, interleave_lesson_get_n_steps (lesson));

  /* Finished: back on the cards, the lesson marked done. */
  g_assert_false (interleave_learn_page_get_in_lesson (f->page));
  g_assert_cmpuint (progress_of (lesson->id), ==, interleave_lesson_get_n_steps (lesson));
  g_assert_nonnull (strstr (dup_all_text (GTK_WIDGET (f->page)), _("Finished")));
}

static void
test_languages (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) paths = shipped_lessons ();
  g_autoptr(InterleaveLesson) lesson = load_lesson (g_ptr_array_index (paths, 0));
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  /* One known word per language: the right catalogue is used. */
  static const struct {
    const char *language;
    const char *next;
  } languages[] = {
    { "de", "_Weiter" },
    { "es", "_Siguiente" },
    { "fr", "_Suivant" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      const char * const wanted[] = { languages[i].language, NULL };
      g_autofree char *text = NULL;
      GtkWidget *next;

      g_test_message ("LANGUAGE=%s", languages[i].language);
      set_language (languages[i].language);
      close_page (f);
      open_page (f);

      /* The UI is translated: the compiled catalogue is found and used. */
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Next"), ==, languages[i].next);
      text = dup_all_text (GTK_WIDGET (f->page));
      g_assert_nonnull (strstr (text, g_dgettext (GETTEXT_PACKAGE, "Check the Myths")));
      g_assert_null (strstr (text, "Check the Myths"));
      g_assert_nonnull (strstr (text, interleave_lesson_text_get_for (lesson->claim, wanted)));

      start_by_keyboard (f, lesson->id);
      next = find_action_button (GTK_WIDGET (f->player), "lesson.next");
      g_assert_nonnull (next);
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, languages[i].next);
      g_clear_pointer (&text, g_free);
      text = dup_all_text (GTK_WIDGET (f->player));
      g_assert_nonnull (strstr (text, g_dgettext (GETTEXT_PACKAGE, "Your prediction")));
      g_assert_null (strstr (text, "Your prediction"));

      g_assert_cmpuint (walk_lesson (f, lesson, wanted), ==, interleave_lesson_get_n_steps (lesson));
      g_settings_reset (settings, "lesson-progress");
    }

  set_language (old_language);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Next"), ==, "_Next");
  close_page (f);
  open_page (f);
}

static void
test_predict (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) paths = shipped_lessons ();
  g_autoptr(InterleaveLesson) lesson = load_lesson (g_ptr_array_index (paths, 0));
  const InterleaveLessonPredict *predict = lesson->predict;
  guint wrong = predict->answer == 0 ? 1 : 0;
  const char *answer = interleave_lesson_text_get (predict->choices[predict->answer].text);
  g_autofree char *text = NULL;

  g_assert_nonnull (predict);
  g_assert_cmpuint (predict->step, ==, 0);
  start_by_keyboard (f, lesson->id);
  interleave_test_wait_until (player_ready, f->player, 10000);

  /* Asked first; the choices are on screen; Next waits for a guess. */
  g_assert_cmpint (interleave_lesson_player_get_screen (f->player), ==, INTERLEAVE_LESSON_SCREEN_PREDICT);
  g_assert_cmpint (interleave_lesson_player_get_choice (f->player), ==, -1);
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Page_Down, 0));
  g_assert_cmpint (interleave_lesson_player_get_screen (f->player), ==, INTERLEAVE_LESSON_SCREEN_PREDICT);
  text = interleave_lesson_player_dup_text (f->player);
  g_assert_nonnull (strstr (text, "Pick an answer first"));
  g_clear_pointer (&text, g_free);

  /* A wrong guess, then the run: the answer is revealed with why. */
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_1 + wrong, 0));
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Page_Down, 0));
  interleave_test_wait_until (player_ready, f->player, 30000);
  g_assert_cmpint (interleave_lesson_player_get_screen (f->player), ==, INTERLEAVE_LESSON_SCREEN_STEP);
  g_assert_cmpuint (interleave_lesson_player_get_step (f->player), ==, 0);
  text = interleave_lesson_player_dup_text (f->player);
  g_assert_true (g_str_has_prefix (text, "Not quite."));
  g_assert_nonnull (strstr (text, interleave_lesson_text_get (predict->choices[wrong].text)));
  g_assert_nonnull (strstr (text, answer));
  g_assert_nonnull (strstr (text, interleave_lesson_text_get (predict->explanation)));
  g_clear_pointer (&text, g_free);

  /* Back to the question, the guess kept; change it. */
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Page_Up, 0));
  g_assert_cmpint (interleave_lesson_player_get_screen (f->player), ==, INTERLEAVE_LESSON_SCREEN_PREDICT);
  g_assert_cmpint (interleave_lesson_player_get_choice (f->player), ==, wrong);
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_KP_1 + predict->answer, 0));
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Right, 0));
  interleave_test_wait_until (player_ready, f->player, 30000);
  text = interleave_lesson_player_dup_text (f->player);
  g_assert_true (g_str_has_prefix (text, "Right!"));
  g_assert_nonnull (strstr (text, answer));
  g_clear_pointer (&text, g_free);

  /* The next step has no reveal. */
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Right, 0));
  interleave_test_wait_until (player_ready, f->player, 30000);
  text = interleave_lesson_player_dup_text (f->player);
  g_assert_null (strstr (text, answer));

  /* Esc leaves. */
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Escape, 0));
  g_assert_false (interleave_learn_page_get_in_lesson (f->page));
}

static void
test_broken_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) broken = write_file (f, "broken.json", "{\n  \"format\": 1,\n  \"id\": \"t\",\n}");
  g_autoptr(GFile) missing = write_file (f, "missing.json",
    "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"claim\": \"C\", \"question\": \"Q\","
    " \"steps\": [{\"scenario\": \"gone.json\", \"caption\": \"c\","
    " \"verdict\": {\"true\": \"a\", \"false\": \"b\", \"why\": \"c\"}}]}");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Not JSON: the file, the line and column, what is wrong. */
  g_assert_false (interleave_learn_page_open_file (f->page, broken, &error));
  g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SYNTAX);
  g_assert_true (g_str_has_suffix (error->message, "broken.json:4:1: a “,” cannot come right before “}”: remove the last comma"));
  g_assert_cmpstr (interleave_learn_page_get_error_message (f->page), ==, error->message);
  text = dup_all_text (GTK_WIDGET (f->page));
  g_assert_nonnull (strstr (text, "4:1: a “,” cannot come right before “}”"));
  g_assert_false (interleave_learn_page_get_in_lesson (f->page));
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);

  /* A lesson whose scenario is missing: the step and the file named. */
  g_assert_false (interleave_learn_page_open_file (f->page, missing, &error));
  g_assert_error (error, INTERLEAVE_LESSON_ERROR, INTERLEAVE_LESSON_ERROR_SCENARIO);
  g_assert_nonnull (strstr (error->message, "steps[0].scenario: no scenario file “gone.json”"));
  g_assert_false (interleave_learn_page_get_in_lesson (f->page));
  g_clear_error (&error);

  /* The message can be dismissed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "learn.dismiss-error", NULL));
  g_assert_null (interleave_learn_page_get_error_message (f->page));
}

static void
test_drop_user_lesson (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "docs", "examples",
                                            "checkout-lesson.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->page));
  g_autoptr(InterleaveLesson) lesson = load_lesson (path);
  GtkDropTarget *drop = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  g_autofree char *last = NULL;
  const char * const english[] = { "en", NULL };

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        drop = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (drop);

  /* A file dropped on the page is opened and run. */
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (interleave_learn_page_get_in_lesson (f->page));
  last = g_settings_get_string (settings, "last-lesson");
  g_assert_cmpstr (last, ==, path);

  /* A user lesson with its own scenario runs to its end. */
  g_assert_cmpuint (walk_lesson (f, lesson, english), ==, interleave_lesson_get_n_steps (lesson));
}

static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) paths = shipped_lessons ();
  /* The first lesson asks before its first step; resuming at a step the
   * prediction comes before asks again. */
  g_autoptr(InterleaveLesson) lesson = load_lesson (g_ptr_array_index (paths, 0));
  g_autofree char *resume = NULL;
  g_autofree char *expected = NULL;
  guint reached;

  start_by_keyboard (f, lesson->id);
  /* Through the prediction to the third step. */
  while (interleave_lesson_player_get_screen (f->player) != INTERLEAVE_LESSON_SCREEN_STEP ||
         interleave_lesson_player_get_step (f->player) < 2)
    {
      interleave_test_wait_until (player_ready, f->player, 30000);
      if (interleave_lesson_player_get_screen (f->player) == INTERLEAVE_LESSON_SCREEN_PREDICT)
        interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_1, 0);
      g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Page_Down, 0));
    }
  reached = interleave_lesson_player_get_step (f->player);
  g_assert_cmpuint (progress_of (lesson->id), ==, reached);

  /* Esc: back on the cards, which offer to resume. */
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Escape, 0));
  g_assert_false (interleave_learn_page_get_in_lesson (f->page));
  resume = interleave_learn_page_dup_resume_text (f->page);
  expected = g_strdup_printf ("Continue “%s” at step %u of %u", interleave_lesson_text_get (lesson->title),
                              reached + 1, interleave_lesson_get_n_steps (lesson));
  g_assert_cmpstr (resume, ==, expected);

  /* A new page (the next start of the app) resumes at that step. */
  close_page (f);
  open_page (f);
  g_clear_pointer (&resume, g_free);
  resume = interleave_learn_page_dup_resume_text (f->page);
  g_assert_cmpstr (resume, ==, expected);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "learn.resume-last", NULL));
  g_assert_true (interleave_learn_page_get_in_lesson (f->page));
  interleave_test_wait_until (player_ready, f->player, 30000);
  g_assert_cmpint (interleave_lesson_player_get_screen (f->player), ==, INTERLEAVE_LESSON_SCREEN_STEP);
  g_assert_cmpuint (interleave_lesson_player_get_step (f->player), ==, reached);

  /* Back one step, leave, and the card resumes from there. */
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Left, 0));
  g_assert_cmpuint (progress_of (lesson->id), ==, reached - 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->player), "lesson.leave", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "learn.resume", "s", lesson->id));
  interleave_test_wait_until (player_ready, f->player, 30000);
  g_assert_cmpuint (interleave_lesson_player_get_step (f->player), ==, reached - 1);

  /* Start over: from the beginning. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->player), "lesson.leave", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "learn.start", "s", lesson->id));
  g_assert_cmpuint (interleave_lesson_player_get_step (f->player), ==, 0);
}

/* The live check ----------------------------------------------------------- */

static const char live_lesson[] =
  "{ \"format\": 1, \"id\": \"live-check\",\n"
  "  \"title\": \"Threads wait together\",\n"
  "  \"claim\": \"Python threads cannot overlap anything\",\n"
  "  \"question\": \"Do waits overlap on a real server?\",\n"
  "  \"steps\": [ {\n"
  "    \"scenario\": \"waits.json\", \"architectures\": [\"Python threads\"],\n"
  "    \"caption\": \"Twenty clients, each request waits 50 ms. Measure it.\",\n"
  "    \"live\": { \"preset\": \"python:threaded\", \"plan\": \"cpu:0.2,io:50\",\n"
  "              \"load\": { \"clients\": 20 }, \"duration\": \"%s\",\n"
  "              \"architecture\": \"Python threads\" },\n"
  "    \"verdict\": { \"true\": \"Waits overlap.\", \"false\": \"Nothing overlaps.\",\n"
  "                 \"why\": \"A thread waiting for I/O lets go of the GIL.\" } } ] }\n";

static const char live_scenario[] =
  "{ \"title\": \"Waits\", \"seed\": 1, \"duration\": \"2s\", \"machine\": { \"cores\": 2 },\n"
  "  \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 20, \"think\": \"0ms\" },\n"
  "                \"classes\": [ { \"name\": \"api\", \"weight\": 1, \"plan\": \"cpu:0.2,io:50\" } ] },\n"
  "  \"architectures\": [ { \"name\": \"Python threads\", \"preset\": \"python-threaded\" } ] }\n";

static gboolean
not_measuring (gpointer data)
{
  return !interleave_lesson_player_get_measuring (data);
}

static gboolean
measuring_for_real (gpointer data)
{
  InterleaveLiveSession *session = interleave_lesson_player_get_session (data);

  return session != NULL && interleave_live_session_get_state (session) == INTERLEAVE_LIVE_SESSION_MEASURING;
}

static gboolean
pid_gone (gpointer data)
{
  return kill ((pid_t) GPOINTER_TO_INT (data), 0) != 0 && errno == ESRCH;
}

static void
open_live_lesson (Fixture    *f,
                  const char *duration)
{
  g_autofree char *lesson = g_strdup_printf (live_lesson, duration);
  g_autoptr(GFile) scenario = write_file (f, "waits.json", live_scenario);
  g_autoptr(GFile) file = write_file (f, "live.json", lesson);
  g_autoptr(GError) error = NULL;

  g_assert_true (interleave_learn_page_open_file (f->page, file, &error));
  g_assert_no_error (error);
  interleave_test_wait_until (player_ready, f->player, 30000);
  g_assert_cmpint (interleave_lesson_player_get_screen (f->player), ==, INTERLEAVE_LESSON_SCREEN_STEP);
}

/* "Now measure it": M runs the step's workload on a real Python server on
 * 127.0.0.1 and shows what it measured next to the prediction. */
static void
test_live_check (Fixture       *f,
                 gconstpointer  data)
{
  const InterleaveSummary *measured;
  g_autofree char *text = NULL;
  g_autofree char *figure = NULL;
  InterleaveLiveSession *session;
  gint64 pid;

  open_live_lesson (f, "1s");
  g_assert_null (interleave_lesson_player_get_measured (f->player));
  text = interleave_lesson_player_dup_text (f->player);
  g_assert_nonnull (strstr (text, "Measure the same workload on a real server on this computer."));
  g_clear_pointer (&text, g_free);

  /* The key the button's tooltip names. */
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_m, 0));
  g_assert_true (interleave_lesson_player_get_measuring (f->player));
  session = interleave_lesson_player_get_session (f->player);
  g_assert_nonnull (session);
  interleave_test_wait_until (not_measuring, f->player, 90000);

  g_assert_null (interleave_lesson_player_get_live_error (f->player));
  measured = interleave_lesson_player_get_measured (f->player);
  g_assert_nonnull (measured);
  g_test_message ("measured: %" G_GUINT64_FORMAT " requests, %.1f req/s, p50 %.1f ms, p99 %.1f ms",
                  measured->completed, measured->throughput, measured->latency_p50_ms, measured->latency_p99_ms);
  g_assert_cmpuint (measured->completed, >, 0);
  /* Each request really waited its 50 ms on the server… */
  g_assert_cmpfloat (measured->latency_p50_ms, >=, 49.0);
  /* …and the twenty waits overlapped: more than one client's worth of
   * requests per second (one at a time would be at most 20 per second). */
  g_assert_cmpfloat (measured->throughput, >, 2 * 1000.0 / measured->latency_p50_ms);

  /* On screen: the measured figures, next to the predicted ones. */
  text = interleave_lesson_player_dup_text (f->player);
  g_assert_nonnull (strstr (text, "Measured here"));
  figure = g_strdup_printf ("%.0f req/s", measured->throughput);
  g_assert_nonnull (strstr (text, figure));

  /* No server is left behind. */
  pid = interleave_live_session_get_server_pid (session);
  g_assert_cmpint (pid, >, 0);
  interleave_test_wait_until (pid_gone, GINT_TO_POINTER ((int) pid), 10000);
}

/* S stops a run; leaving the lesson mid-run stops the server too. */
static void
test_live_check_stopped (Fixture       *f,
                         gconstpointer  data)
{
  InterleaveLiveSession *session;
  gint64 pid;

  open_live_lesson (f, "30s");
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_m, 0));
  interleave_test_wait_until (measuring_for_real, f->player, 60000);
  session = interleave_lesson_player_get_session (f->player);
  pid = interleave_live_session_get_server_pid (session);
  g_assert_cmpint (pid, >, 0);
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_s, 0));
  interleave_test_wait_until (not_measuring, f->player, 30000);
  interleave_test_wait_until (pid_gone, GINT_TO_POINTER ((int) pid), 10000);

  /* Again, then Esc in the middle of it. */
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_m, 0));
  interleave_test_wait_until (measuring_for_real, f->player, 60000);
  pid = interleave_live_session_get_server_pid (interleave_lesson_player_get_session (f->player));
  g_assert_cmpint (pid, >, 0);
  g_assert_true (interleave_test_press_key (GTK_WIDGET (f->player), GDK_KEY_Escape, 0));
  g_assert_false (interleave_learn_page_get_in_lesson (f->page));
  g_assert_false (interleave_lesson_player_get_measuring (f->player));
  interleave_test_wait_until (pid_gone, GINT_TO_POINTER ((int) pid), 10000);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("INTERLEAVE_LOCALEDIR");
  g_autoptr(GPtrArray) paths = NULL;
  int ret;

  /* Translations are looked up in the build tree, in a locale that
   * honours LANGUAGE. */
  g_unsetenv ("LANGUAGE");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* gtk_test_init() sets the C locale, in which gettext ignores LANGUAGE. */
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  settings = g_settings_new (APP_ID);
  paths = shipped_lessons ();

#define ADD(path, func, data) g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/learn/cards", test_cards, NULL);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, i));
      g_autofree char *name = g_strdup_printf ("/learn/walk/%s", base);

      ADD (name, test_walk, g_ptr_array_index (paths, i));
    }
  ADD ("/learn/languages", test_languages, NULL);
  ADD ("/learn/predict", test_predict, NULL);
  ADD ("/learn/broken-file", test_broken_file, NULL);
  ADD ("/learn/drop-user-lesson", test_drop_user_lesson, NULL);
  ADD ("/learn/resume", test_resume, NULL);
  ADD ("/learn/live-check", test_live_check, NULL);
  ADD ("/learn/live-check-stopped", test_live_check_stopped, NULL);

  ret = g_test_run ();

  g_clear_object (&settings);
  return ret;
}
