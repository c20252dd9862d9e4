/* interleave-palette.h
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

#include "interleave-trace.h"

G_BEGIN_DECLS

typedef enum
{
  INTERLEAVE_PALETTE_LIGHT,
  INTERLEAVE_PALETTE_DARK,
  INTERLEAVE_PALETTE_HIGH_CONTRAST,
} InterleavePaletteKind;

/* How a state is drawn besides its colour, so no state is told by colour
 * alone (colour-blind viewers, greyscale projectors, printouts). */
typedef enum
{
  INTERLEAVE_PATTERN_NONE,        /* idle: nothing drawn */
  INTERLEAVE_PATTERN_SOLID,
  INTERLEAVE_PATTERN_HATCH,       /* diagonal lines */
  INTERLEAVE_PATTERN_CROSS_HATCH,
  INTERLEAVE_PATTERN_DOTS,
  INTERLEAVE_PATTERN_OUTLINE,     /* a thin bar with a border */
} InterleavePattern;

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} InterleaveColor;

/* Lines of up to four architectures in charts; each also has its own dash
 * pattern (interleave_palette_set_series_dash()). */
#define INTERLEAVE_PALETTE_N_SERIES 4

typedef struct
{
  InterleavePaletteKind kind;
  InterleaveColor       background;
  InterleaveColor       foreground;
  InterleaveColor       dim;          /* secondary text, ≥ 4.5:1 too */
  InterleaveColor       grid;
  InterleaveColor       band;         /* alternate lane background */
  InterleaveColor       highlight;    /* journey outline, hover */
  InterleaveColor       playhead;
  InterleaveColor       states[INTERLEAVE_N_STATES];
  InterleaveColor       series[INTERLEAVE_PALETTE_N_SERIES];
} InterleavePalette;

const InterleavePalette *interleave_palette_get           (InterleavePaletteKind   kind);
InterleavePattern        interleave_palette_get_pattern   (InterleaveState         state);
void                     interleave_palette_set_source    (const InterleavePalette *palette,
                                                           cairo_t                 *cr,
                                                           InterleaveState          state);
double                   interleave_color_contrast        (const InterleaveColor   *a,
                                                           const InterleaveColor   *b);
void                     interleave_color_set_source      (const InterleaveColor   *color,
                                                           cairo_t                 *cr);
void                     interleave_color_set_source_alpha (const InterleaveColor  *color,
                                                           cairo_t                 *cr,
                                                           double                   alpha);
void                     interleave_palette_set_series_dash (cairo_t               *cr,
                                                           guint                    index,
                                                           double                   line_width);

G_END_DECLS
