/* interleave-lesson-player.h
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

#include "interleave-lesson.h"
#include "interleave-live-session.h"
#include "interleave-timeline-view.h"

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_LESSON_PLAYER (interleave_lesson_player_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveLessonPlayer, interleave_lesson_player, INTERLEAVE, LESSON_PLAYER, AdwBin)

/* What the player shows. */
typedef enum
{
  INTERLEAVE_LESSON_SCREEN_NONE,
  INTERLEAVE_LESSON_SCREEN_PREDICT,   /* the class guesses before the step runs */
  INTERLEAVE_LESSON_SCREEN_STEP,      /* a step: timeline and caption */
  INTERLEAVE_LESSON_SCREEN_ERROR,     /* a step whose scenario cannot be shown */
} InterleaveLessonScreen;

GtkWidget              *interleave_lesson_player_new            (void);
void                    interleave_lesson_player_set_lesson     (InterleaveLessonPlayer *self,
                                                                 InterleaveLesson       *lesson,
                                                                 guint                   step);
const InterleaveLesson *interleave_lesson_player_get_lesson     (InterleaveLessonPlayer *self);
guint                   interleave_lesson_player_get_step       (InterleaveLessonPlayer *self);
InterleaveLessonScreen  interleave_lesson_player_get_screen     (InterleaveLessonPlayer *self);
gboolean                interleave_lesson_player_get_ready      (InterleaveLessonPlayer *self);
gboolean                interleave_lesson_player_next           (InterleaveLessonPlayer *self);
gboolean                interleave_lesson_player_previous       (InterleaveLessonPlayer *self);
gboolean                interleave_lesson_player_choose         (InterleaveLessonPlayer *self,
                                                                 guint                   choice);
int                     interleave_lesson_player_get_choice     (InterleaveLessonPlayer *self);
char                   *interleave_lesson_player_dup_text       (InterleaveLessonPlayer *self);
InterleaveTimelineView *interleave_lesson_player_get_timeline   (InterleaveLessonPlayer *self);
gboolean                interleave_lesson_player_get_presenter  (InterleaveLessonPlayer *self);
void                    interleave_lesson_player_set_presenter  (InterleaveLessonPlayer *self,
                                                                 gboolean                presenter);
gboolean                interleave_lesson_player_measure        (InterleaveLessonPlayer *self);
void                    interleave_lesson_player_stop_measure   (InterleaveLessonPlayer *self);
gboolean                interleave_lesson_player_get_measuring  (InterleaveLessonPlayer *self);
InterleaveLiveSession  *interleave_lesson_player_get_session    (InterleaveLessonPlayer *self);
const InterleaveSummary *interleave_lesson_player_get_measured  (InterleaveLessonPlayer *self);
const char             *interleave_lesson_player_get_live_error (InterleaveLessonPlayer *self);

G_END_DECLS
