/* interleave-text.h
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

#include <cairo.h>
#include <pango/pangocairo.h>

#include "interleave-render-style.h"

G_BEGIN_DECLS

typedef enum
{
  INTERLEAVE_TEXT_SMALL,
  INTERLEAVE_TEXT_BODY,
  INTERLEAVE_TEXT_TITLE,
  INTERLEAVE_TEXT_CAPTION,
} InterleaveTextSize;

typedef enum
{
  INTERLEAVE_ALIGN_START,
  INTERLEAVE_ALIGN_CENTER,
  INTERLEAVE_ALIGN_END,
} InterleaveAlign;

/* Draws short labels with Pango, reusing one layout: creating a layout
 * per label would cost more than drawing the spans. */
typedef struct _InterleaveText InterleaveText;

InterleaveText *interleave_text_new        (void);
void            interleave_text_free       (InterleaveText              *self);
void            interleave_text_begin      (InterleaveText              *self,
                                            cairo_t                     *cr,
                                            const InterleaveRenderStyle *style);
void            interleave_text_set        (InterleaveText              *self,
                                            const char                  *text,
                                            InterleaveTextSize           size,
                                            gboolean                     bold,
                                            double                       max_width);
void            interleave_text_get_size   (InterleaveText              *self,
                                            double                      *width,
                                            double                      *height);
void            interleave_text_draw       (InterleaveText              *self,
                                            cairo_t                     *cr,
                                            double                       x,
                                            double                       y,
                                            InterleaveAlign              halign);
double          interleave_text_draw_line  (InterleaveText              *self,
                                            cairo_t                     *cr,
                                            const char                  *text,
                                            InterleaveTextSize           size,
                                            gboolean                     bold,
                                            double                       x,
                                            double                       center_y,
                                            double                       max_width,
                                            InterleaveAlign              halign);
PangoLayout    *interleave_text_get_layout (InterleaveText              *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveText, interleave_text_free)

G_END_DECLS
