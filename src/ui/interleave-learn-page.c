/* interleave-learn-page.c
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

#define G_LOG_DOMAIN "interleave-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "interleave-learn-page.h"
#include "interleave-lesson-player.h"
#include "interleave-lesson.h"

/* The Learn page: a card for each shipped lesson (the claim as articles
 * put it, the question it answers, Start or Resume), a lesson file opened
 * from disk or dropped anywhere on the page, and the player running one.
 * Progress is kept per lesson id in GSettings ("lesson-progress": the step
 * reached, or the number of steps once finished), with the last lesson
 * offered for resuming ("last-lesson": an id, or a file's path). A lesson
 * that cannot be opened names its problem in a bar on top of the cards. */

#define NO_PROGRESS G_MAXUINT

typedef struct
{
  char             *path;
  InterleaveLesson *lesson;       /* NULL when the file is broken */
  char             *error;
  GtkWidget        *progress_label;
  GtkWidget        *start_button;
  GtkWidget        *restart_button;
} Card;

struct _InterleaveLearnPage
{
  AdwBin                  parent_instance;

  GSettings              *settings;
  GPtrArray              *cards;        /* Card */
  char                   *current_id;   /* the lesson in the player, or NULL */
  char                   *error_message;

  guint                   presenter : 1;

  /* Template widgets */
  GtkStack               *stack;
  GtkWidget              *error_box;
  GtkLabel               *error_label;
  GtkWidget              *resume_box;
  GtkLabel               *resume_label;
  GtkFlowBox             *cards_box;
  InterleaveLessonPlayer *player;
};

enum {
  PROP_0,
  PROP_PRESENTER,
  PROP_IN_LESSON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InterleaveLearnPage, interleave_learn_page, ADW_TYPE_BIN)

static void
card_free (gpointer data)
{
  Card *card = data;

  g_free (card->path);
  g_clear_pointer (&card->lesson, interleave_lesson_free);
  g_free (card->error);
  g_free (card);
}

static const char *
text_get (const InterleaveLessonText *text)
{
  return text != NULL ? interleave_lesson_text_get (text) : "";
}

/* Progress ------------------------------------------------------------------ */

static guint
get_progress (InterleaveLearnPage *self,
              const char          *id)
{
  g_autoptr(GVariant) dict = NULL;
  guint32 step;

  if (self->settings == NULL)
    return NO_PROGRESS;

  dict = g_settings_get_value (self->settings, "lesson-progress");
  if (g_variant_lookup (dict, id, "u", &step))
    return step;

  return NO_PROGRESS;
}

static void
set_progress (InterleaveLearnPage *self,
              const char          *id,
              guint                step)
{
  g_autoptr(GVariant) dict = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  guint32 value;

  if (self->settings == NULL || get_progress (self, id) == step)
    return;

  dict = g_settings_get_value (self->settings, "lesson-progress");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{su}"));
  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&su}", &key, &value))
    if (!g_str_equal (key, id))
      g_variant_builder_add (&builder, "{su}", key, value);
  g_variant_builder_add (&builder, "{su}", id, (guint32) step);

  g_settings_set_value (self->settings, "lesson-progress", g_variant_builder_end (&builder));
}

/* Errors ---------------------------------------------------------------------- */

static void
show_error (InterleaveLearnPage *self,
            const char          *message)
{
  GtkWidget *overlay;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);

  /* Seen from a lesson too: the bar is on the cards. */
  if (self->current_id != NULL &&
      (overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY)) != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
hide_error (InterleaveLearnPage *self)
{
  g_clear_pointer (&self->error_message, g_free);
  gtk_widget_set_visible (self->error_box, FALSE);
}

/* Cards ------------------------------------------------------------------------- */

static Card *
find_card (InterleaveLearnPage *self,
           const char          *id)
{
  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = g_ptr_array_index (self->cards, i);

      if (card->lesson != NULL && g_strcmp0 (card->lesson->id, id) == 0)
        return card;
    }

  return NULL;
}

static guint
count_live_steps (const InterleaveLesson *lesson)
{
  guint n = 0;

  for (guint i = 0; i < interleave_lesson_get_n_steps (lesson); i++)
    n += interleave_lesson_get_step (lesson, i)->live != NULL;

  return n;
}

static char *
describe_lesson (const InterleaveLesson *lesson)
{
  GString *text = g_string_new (NULL);
  guint n_steps = interleave_lesson_get_n_steps (lesson);
  guint n_live = count_live_steps (lesson);

  /* Translators: how long a lesson takes */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", lesson->minutes),
                          lesson->minutes);
  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", n_steps), n_steps);
  if (lesson->predict != NULL)
    {
      g_string_append (text, " · ");
      g_string_append (text, _("the class guesses first"));
    }
  if (n_live > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u live check", "%u live checks", n_live),
                              n_live);
    }

  return g_string_free (text, FALSE);
}

static void
set_button_target (GtkWidget  *button,
                   const char *action,
                   const char *id)
{
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (id));
}

static void
refresh_card (InterleaveLearnPage *self,
              Card                *card)
{
  const InterleaveLesson *lesson = card->lesson;
  const char *title;
  guint n_steps;
  guint progress;
  g_autofree char *state = NULL;
  g_autofree char *start_name = NULL;
  g_autofree char *restart_name = NULL;

  if (lesson == NULL)
    return;

  title = text_get (lesson->title);
  n_steps = interleave_lesson_get_n_steps (lesson);
  progress = get_progress (self, lesson->id);

  if (progress != NO_PROGRESS && progress >= n_steps)
    {
      state = g_strdup (_("Finished"));
      gtk_button_set_label (GTK_BUTTON (card->start_button), _("Start _Again"));
      /* Translators: an accessible name: Start “One request at a time?” again */
      start_name = g_strdup_printf (_("Start “%s” again"), title);
      set_button_target (card->start_button, "learn.start", lesson->id);
      gtk_widget_set_visible (card->restart_button, FALSE);
    }
  else if (progress != NO_PROGRESS && progress > 0)
    {
      /* Translators: how far a lesson got, "Step 3 of 5" */
      state = g_strdup_printf (_("At step %u of %u"), progress + 1, n_steps);
      gtk_button_set_label (GTK_BUTTON (card->start_button), _("_Resume"));
      /* Translators: an accessible name: Resume “One request at a time?” */
      start_name = g_strdup_printf (_("Resume “%s”"), title);
      set_button_target (card->start_button, "learn.resume", lesson->id);
      /* Translators: an accessible name: Start “One request at a time?” over */
      restart_name = g_strdup_printf (_("Start “%s” over"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (card->restart_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, restart_name, -1);
      gtk_widget_set_visible (card->restart_button, TRUE);
    }
  else
    {
      state = g_strdup ("");
      gtk_button_set_label (GTK_BUTTON (card->start_button), _("_Start"));
      /* Translators: an accessible name: Start “One request at a time?” */
      start_name = g_strdup_printf (_("Start “%s”"), title);
      set_button_target (card->start_button, "learn.start", lesson->id);
      gtk_widget_set_visible (card->restart_button, FALSE);
    }

  gtk_button_set_use_underline (GTK_BUTTON (card->start_button), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card->start_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, start_name, -1);
  gtk_label_set_text (GTK_LABEL (card->progress_label), state);
}

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Wrapped text asks for little width, so two cards fit side by side. */
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
build_card (InterleaveLearnPage *self,
            Card                *card,
            guint                number)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *row;

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "lesson-card");

  if (card->lesson == NULL)
    {
      g_autofree char *name = g_path_get_basename (card->path);

      gtk_box_append (GTK_BOX (box), make_label (name, "heading"));
      gtk_box_append (GTK_BOX (box), make_label (card->error, "error"));
      return box;
    }

  {
    /* Translators: a lesson card's heading, "1 · One request at a time?" */
    g_autofree char *heading = g_strdup_printf (_("%u · %s"), number, text_get (card->lesson->title));
    /* Translators: the claim a lesson checks, in quotation marks */
    g_autofree char *claim = g_strdup_printf (_("“%s”"), text_get (card->lesson->claim));
    g_autofree char *meta = describe_lesson (card->lesson);
    GtkWidget *question;
    GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (box), make_label (heading, "lesson-card-title"));
    gtk_box_append (GTK_BOX (box), make_label (claim, "lesson-card-claim"));
    question = make_label (text_get (card->lesson->question), "lesson-card-question");
    gtk_box_append (GTK_BOX (box), question);
    gtk_widget_set_vexpand (spacer, TRUE);
    gtk_box_append (GTK_BOX (box), spacer);
    gtk_box_append (GTK_BOX (box), make_label (meta, "lesson-card-meta"));
  }

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  card->progress_label = make_label ("", "lesson-card-progress");
  gtk_widget_set_hexpand (card->progress_label, TRUE);
  gtk_widget_set_valign (card->progress_label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), card->progress_label);

  card->restart_button = gtk_button_new_with_mnemonic (_("Start _Over"));
  set_button_target (card->restart_button, "learn.start", card->lesson->id);
  gtk_box_append (GTK_BOX (row), card->restart_button);

  card->start_button = gtk_button_new_with_mnemonic (_("_Start"));
  gtk_widget_add_css_class (card->start_button, "suggested-action");
  gtk_box_append (GTK_BOX (row), card->start_button);
  gtk_box_append (GTK_BOX (box), row);

  refresh_card (self, card);
  return box;
}

static void
refresh_resume (InterleaveLearnPage *self)
{
  g_autofree char *text = interleave_learn_page_dup_resume_text (self);

  gtk_widget_set_visible (self->resume_box, text != NULL);
  if (text != NULL)
    gtk_label_set_text (self->resume_label, text);
}

static void
refresh_cards (InterleaveLearnPage *self)
{
  for (guint i = 0; i < self->cards->len; i++)
    refresh_card (self, g_ptr_array_index (self->cards, i));
  refresh_resume (self);
}

static void
load_cards (InterleaveLearnPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = interleave_lesson_list_shipped (&error);

  if (paths == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The shipped lessons cannot be read: %s"), error->message);

      show_error (self, message);
      return;
    }

  for (guint i = 0; i < paths->len; i++)
    {
      Card *card = g_new0 (Card, 1);
      g_autoptr(GError) local_error = NULL;
      GtkWidget *widget;

      card->path = g_strdup (g_ptr_array_index (paths, i));
      card->lesson = interleave_lesson_new_from_file (card->path, &local_error);
      if (card->lesson == NULL)
        card->error = g_strdup (local_error->message);
      g_ptr_array_add (self->cards, card);

      widget = build_card (self, card, i + 1);
      gtk_flow_box_append (self->cards_box, widget);
      /* Focus goes to the card's buttons, not to the card. */
      gtk_widget_set_focusable (gtk_widget_get_parent (widget), FALSE);
    }
}

/* Running a lesson ---------------------------------------------------------------- */

static gboolean
run_lesson (InterleaveLearnPage  *self,
            InterleaveLesson     *lesson,
            const char           *remember_as,
            gboolean              resume,
            GError              **error)
{
  guint n_steps = interleave_lesson_get_n_steps (lesson);
  guint step = 0;

  if (!interleave_lesson_check_scenarios (lesson, error))
    {
      interleave_lesson_free (lesson);
      return FALSE;
    }

  if (resume)
    {
      guint progress = get_progress (self, lesson->id);

      if (progress != NO_PROGRESS && progress < n_steps)
        step = progress;
    }

  hide_error (self);
  g_free (self->current_id);
  self->current_id = g_strdup (lesson->id);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-lesson", remember_as);

  gtk_stack_set_visible_child_name (self->stack, "lesson");
  interleave_lesson_player_set_lesson (self->player, lesson, step);
  set_progress (self, self->current_id, interleave_lesson_player_get_step (self->player));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_LESSON]);

  return TRUE;
}

/**
 * interleave_learn_page_start:
 * @id: a shipped lesson's id
 * @resume: start where the lesson was left, rather than at its beginning
 * @error: when the lesson cannot be shown; its message is shown on the page too
 *
 * Returns: whether the lesson runs
 */
gboolean
interleave_learn_page_start (InterleaveLearnPage  *self,
                             const char           *id,
                             gboolean              resume,
                             GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  InterleaveLesson *lesson;
  Card *card;

  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  card = find_card (self, id);
  if (card == NULL)
    {
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no lesson “%s”"), id);
      goto failed;
    }

  /* Read again: the file may have been edited since the page opened. */
  lesson = interleave_lesson_new_from_file (card->path, &local_error);
  if (lesson == NULL || !run_lesson (self, lesson, id, resume, &local_error))
    goto failed;

  return TRUE;

failed:
  show_error (self, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * interleave_learn_page_open_file:
 * @file: a lesson file (docs/lessons.md)
 * @error: when it is not a lesson that can be shown; its message, naming
 *   the file and the place of the problem, is shown on the page too
 *
 * Returns: whether the lesson runs
 */
gboolean
interleave_learn_page_open_file (InterleaveLearnPage  *self,
                                 GFile                *file,
                                 GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  InterleaveLesson *lesson;

  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot open “%s”: only lesson files on this computer can be opened"), uri);
      goto failed;
    }

  lesson = interleave_lesson_new_from_file (path, &local_error);
  if (lesson == NULL || !run_lesson (self, lesson, path, FALSE, &local_error))
    goto failed;

  return TRUE;

failed:
  show_error (self, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * interleave_learn_page_resume_last:
 *
 * Runs the lesson opened last (GSettings "last-lesson") from the step it
 * was left at.
 *
 * Returns: whether it runs
 */
gboolean
interleave_learn_page_resume_last (InterleaveLearnPage  *self,
                                   GError              **error)
{
  g_autofree char *last = NULL;
  g_autoptr(GError) local_error = NULL;
  InterleaveLesson *lesson;

  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), FALSE);

  last = self->settings ? g_settings_get_string (self->settings, "last-lesson") : g_strdup ("");
  if (*last == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No lesson was opened yet"));
      return FALSE;
    }

  if (!g_path_is_absolute (last))
    return interleave_learn_page_start (self, last, TRUE, error);

  lesson = interleave_lesson_new_from_file (last, &local_error);
  if (lesson == NULL || !run_lesson (self, lesson, last, TRUE, &local_error))
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * interleave_learn_page_leave_lesson:
 *
 * Back to the cards; the lesson's progress stays.
 */
void
interleave_learn_page_leave_lesson (InterleaveLearnPage *self)
{
  g_autofree char *id = NULL;
  Card *card;

  g_return_if_fail (INTERLEAVE_IS_LEARN_PAGE (self));

  if (self->current_id == NULL)
    return;

  id = g_steal_pointer (&self->current_id);
  interleave_lesson_player_set_lesson (self->player, NULL, 0);
  gtk_stack_set_visible_child_name (self->stack, "catalog");
  refresh_cards (self);

  /* The keyboard comes back to the lesson it left. */
  card = find_card (self, id);
  if (card != NULL && card->start_button != NULL)
    gtk_widget_grab_focus (card->start_button);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_LESSON]);
}

static void
player_leave (InterleaveLearnPage *self)
{
  interleave_learn_page_leave_lesson (self);
}

static void
player_finished (InterleaveLearnPage *self)
{
  const InterleaveLesson *lesson = interleave_lesson_player_get_lesson (self->player);

  if (lesson != NULL && self->current_id != NULL)
    set_progress (self, self->current_id, interleave_lesson_get_n_steps (lesson));
  interleave_learn_page_leave_lesson (self);
}

static void
player_step_changed (InterleaveLearnPage *self)
{
  if (self->current_id != NULL && interleave_lesson_player_get_lesson (self->player) != NULL)
    set_progress (self, self->current_id, interleave_lesson_player_get_step (self->player));
}

/* Accessors ------------------------------------------------------------------------ */

gboolean
interleave_learn_page_get_in_lesson (InterleaveLearnPage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), FALSE);

  return self->current_id != NULL;
}

GtkWidget *
interleave_learn_page_get_player (InterleaveLearnPage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), NULL);

  return GTK_WIDGET (self->player);
}

/**
 * interleave_learn_page_get_n_lessons:
 *
 * Returns: the number of cards, one per shipped lesson file
 */
guint
interleave_learn_page_get_n_lessons (InterleaveLearnPage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), 0);

  return self->cards->len;
}

/**
 * interleave_learn_page_get_error_message:
 *
 * Returns: (nullable): the message shown on top of the cards, or %NULL
 */
const char *
interleave_learn_page_get_error_message (InterleaveLearnPage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), NULL);

  return self->error_message;
}

/**
 * interleave_learn_page_dup_resume_text:
 *
 * Returns: (transfer full) (nullable): what the resume bar says, or %NULL
 *   when there is nothing to resume
 */
char *
interleave_learn_page_dup_resume_text (InterleaveLearnPage *self)
{
  g_autofree char *last = NULL;
  g_autoptr(InterleaveLesson) from_file = NULL;
  const InterleaveLesson *lesson = NULL;
  guint progress;

  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), NULL);

  if (self->settings == NULL)
    return NULL;

  last = g_settings_get_string (self->settings, "last-lesson");
  if (*last == '\0')
    return NULL;

  if (g_path_is_absolute (last))
    lesson = from_file = interleave_lesson_new_from_file (last, NULL);
  else
    {
      Card *card = find_card (self, last);
      lesson = card ? card->lesson : NULL;
    }

  if (lesson == NULL)
    return NULL;

  progress = get_progress (self, lesson->id);
  if (progress == NO_PROGRESS || progress >= interleave_lesson_get_n_steps (lesson))
    return NULL;

  /* Translators: Continue “One request at a time?” at step 3 of 5 */
  return g_strdup_printf (_("Continue “%s” at step %u of %u"),
                          text_get (lesson->title), progress + 1, interleave_lesson_get_n_steps (lesson));
}

gboolean
interleave_learn_page_get_presenter (InterleaveLearnPage *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_LEARN_PAGE (self), FALSE);

  return self->presenter;
}

/**
 * interleave_learn_page_set_presenter:
 *
 * Presenter mode: large type for a projector; the player's keys stay.
 */
void
interleave_learn_page_set_presenter (InterleaveLearnPage *self,
                                     gboolean             presenter)
{
  g_return_if_fail (INTERLEAVE_IS_LEARN_PAGE (self));

  presenter = !!presenter;
  if (self->presenter == presenter)
    return;

  self->presenter = presenter;
  if (presenter)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
  interleave_lesson_player_set_presenter (self->player, presenter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTER]);
}

/* Opening files ---------------------------------------------------------------------- */

static void
open_response (GtkNativeDialog     *dialog,
               int                  response,
               InterleaveLearnPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        interleave_learn_page_open_file (self, file, NULL);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
open_dialog (InterleaveLearnPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  gtk_file_filter_set_name (filter, _("Lessons (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");

  dialog = gtk_file_chooser_native_new (_("Open a Lesson"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
drop_cb (GtkDropTarget       *target,
         const GValue        *value,
         double               x,
         double               y,
         InterleaveLearnPage *self)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;

  return interleave_learn_page_open_file (self, g_value_get_object (value), NULL);
}

/* Actions ------------------------------------------------------------------------------ */

static void
page_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  InterleaveLearnPage *self = INTERLEAVE_LEARN_PAGE (widget);

  if (g_str_equal (name, "learn.open"))
    open_dialog (self);
  else if (g_str_equal (name, "learn.start"))
    interleave_learn_page_start (self, g_variant_get_string (parameter, NULL), FALSE, NULL);
  else if (g_str_equal (name, "learn.resume"))
    interleave_learn_page_start (self, g_variant_get_string (parameter, NULL), TRUE, NULL);
  else if (g_str_equal (name, "learn.resume-last"))
    interleave_learn_page_resume_last (self, NULL);
  else if (g_str_equal (name, "learn.dismiss-error"))
    hide_error (self);
  else
    g_assert_not_reached ();
}

/* GObject --------------------------------------------------------------------------------- */

static void
interleave_learn_page_dispose (GObject *object)
{
  InterleaveLearnPage *self = INTERLEAVE_LEARN_PAGE (object);

  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);

  gtk_widget_dispose_template (GTK_WIDGET (object), INTERLEAVE_TYPE_LEARN_PAGE);

  G_OBJECT_CLASS (interleave_learn_page_parent_class)->dispose (object);
}

static void
interleave_learn_page_finalize (GObject *object)
{
  InterleaveLearnPage *self = INTERLEAVE_LEARN_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->current_id, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (interleave_learn_page_parent_class)->finalize (object);
}

static void
interleave_learn_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  InterleaveLearnPage *self = INTERLEAVE_LEARN_PAGE (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      g_value_set_boolean (value, self->presenter);
      break;
    case PROP_IN_LESSON:
      g_value_set_boolean (value, self->current_id != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_learn_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  InterleaveLearnPage *self = INTERLEAVE_LEARN_PAGE (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      interleave_learn_page_set_presenter (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_learn_page_class_init (InterleaveLearnPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_learn_page_dispose;
  object_class->finalize = interleave_learn_page_finalize;
  object_class->get_property = interleave_learn_page_get_property;
  object_class->set_property = interleave_learn_page_set_property;

  properties[PROP_PRESENTER] =
    g_param_spec_boolean ("presenter", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_LESSON] =
    g_param_spec_boolean ("in-lesson", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INTERLEAVE_TYPE_LESSON_PLAYER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/interleave-learn-page.ui");
  gtk_widget_class_bind_template_child (widget_class, InterleaveLearnPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLearnPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLearnPage, resume_box);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLearnPage, resume_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLearnPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, InterleaveLearnPage, player);

  gtk_widget_class_install_action (widget_class, "learn.open", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "learn.start", "s", page_action);
  gtk_widget_class_install_action (widget_class, "learn.resume", "s", page_action);
  gtk_widget_class_install_action (widget_class, "learn.resume-last", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "learn.dismiss-error", NULL, page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "learn.open", NULL);
}

static void
interleave_learn_page_init (InterleaveLearnPage *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkDropTarget *drop;

  self->cards = g_ptr_array_new_with_free_func (card_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child: not bound to the template, or disposing the
   * template would unparent it under AdwBin's feet. */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) != NULL)
    self->settings = g_settings_new (APP_ID);

  g_signal_connect_object (self->player, "leave", G_CALLBACK (player_leave), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "finished", G_CALLBACK (player_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::step", G_CALLBACK (player_step_changed), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  load_cards (self);
  refresh_resume (self);
}
