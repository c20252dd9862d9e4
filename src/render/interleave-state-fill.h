/* interleave-state-fill.h
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

#include "interleave-palette.h"

G_BEGIN_DECLS

/* The fill of each state: its colour plus its pattern (solid, dots,
 * hatching, cross-hatching, a thin bar), as small repeating tiles. The
 * raster painter copies tile pixels; cairo drawing uses the same tiles
 * as patterns (vector ones for SVG and PDF). */
typedef struct _InterleaveStateFill InterleaveStateFill;

InterleaveStateFill *interleave_state_fill_new           (const InterleavePalette *palette,
                                                          double                   pattern_size,
                                                          double                   device_scale);
void                 interleave_state_fill_free          (InterleaveStateFill     *self);
gboolean             interleave_state_fill_matches       (const InterleaveStateFill *self,
                                                          const InterleavePalette *palette,
                                                          double                   pattern_size,
                                                          double                   device_scale);
guint                interleave_state_fill_get_tile_size (const InterleaveStateFill *self);
const guint32       *interleave_state_fill_get_tile      (const InterleaveStateFill *self,
                                                          InterleaveState          state,
                                                          gboolean                 stacked);
void                 interleave_state_fill_set_source    (InterleaveStateFill     *self,
                                                          cairo_t                 *cr,
                                                          InterleaveState          state,
                                                          gboolean                 stacked);
void                 interleave_state_get_extent         (InterleaveState          state,
                                                          double                  *top,
                                                          double                  *bottom);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveStateFill, interleave_state_fill_free)

G_END_DECLS
