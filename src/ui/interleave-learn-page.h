/* interleave-learn-page.h
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

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_LEARN_PAGE (interleave_learn_page_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveLearnPage, interleave_learn_page, INTERLEAVE, LEARN_PAGE, AdwBin)

/* The Learn page: a card per shipped lesson (the myth checks), lessons
 * opened from a file or dropped on the page, progress and resume kept in
 * GSettings, and the lesson player. */

gboolean     interleave_learn_page_open_file         (InterleaveLearnPage  *self,
                                                      GFile                *file,
                                                      GError              **error);
gboolean     interleave_learn_page_start             (InterleaveLearnPage  *self,
                                                      const char           *id,
                                                      gboolean              resume,
                                                      GError              **error);
gboolean     interleave_learn_page_resume_last       (InterleaveLearnPage  *self,
                                                      GError              **error);
void         interleave_learn_page_leave_lesson      (InterleaveLearnPage  *self);
gboolean     interleave_learn_page_get_in_lesson     (InterleaveLearnPage  *self);
GtkWidget   *interleave_learn_page_get_player        (InterleaveLearnPage  *self);
guint        interleave_learn_page_get_n_lessons     (InterleaveLearnPage  *self);
const char  *interleave_learn_page_get_error_message (InterleaveLearnPage  *self);
char        *interleave_learn_page_dup_resume_text   (InterleaveLearnPage  *self);
gboolean     interleave_learn_page_get_presenter     (InterleaveLearnPage  *self);
void         interleave_learn_page_set_presenter     (InterleaveLearnPage  *self,
                                                      gboolean              presenter);

G_END_DECLS
