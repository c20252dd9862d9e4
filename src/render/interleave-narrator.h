/* interleave-narrator.h
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

#include "interleave-trace.h"

G_BEGIN_DECLS

/* Kinds are in order of importance: a caption on screen gives way to a
 * more important one at once, to a less important one only after a while.
 *
 * Captions: one short, translated sentence about what matters most in a
 * trace at a moment — a loop blocked by a long cpu phase, a request waiting
 * for the GIL and who holds it, threads ready to run with no free core. */
typedef enum
{
  INTERLEAVE_CAPTION_NONE,
  INTERLEAVE_CAPTION_IDLE,
  INTERLEAVE_CAPTION_RUNNING,
  INTERLEAVE_CAPTION_IO,
  INTERLEAVE_CAPTION_NATIVE,
  INTERLEAVE_CAPTION_LOOP,          /* an event loop juggling requests in flight */
  INTERLEAVE_CAPTION_QUEUE,
  INTERLEAVE_CAPTION_RUNNABLE,
  INTERLEAVE_CAPTION_GIL_WAIT,
  INTERLEAVE_CAPTION_LOOP_BLOCKED,
  INTERLEAVE_CAPTION_FOCUS,
} InterleaveCaptionKind;

typedef struct
{
  InterleaveCaptionKind kind;
  char                 *text;      /* translated sentence */
  guint32               request;   /* the request it is about, or NO_REQUEST */
  guint                 lane;      /* the lane it is about, or NO_LANE */
  gint64                start;     /* the span it describes */
  gint64                end;
} InterleaveCaption;

void interleave_narrator_describe (const InterleaveTrace *trace,
                                   gint64                 time,
                                   guint32                focus,
                                   InterleaveCaption     *caption);
void interleave_caption_clear     (InterleaveCaption     *caption);

G_END_DECLS
