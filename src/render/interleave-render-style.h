/* interleave-render-style.h
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

#include "interleave-palette.h"

G_BEGIN_DECLS

/* Sizes and colours every renderer draws with. A plain value: the widget
 * fills it from the system style, presenter mode scales it up, the
 * exporter uses the defaults. All lengths are in user-space pixels. */
typedef struct
{
  const InterleavePalette *palette;
  char                     font_family[96];
  double                   scale;                 /* 1 normal, ~1.6 presenter */
  double                   font_size;             /* body text */
  double                   small_font_size;       /* axis ticks, lane names */
  double                   title_font_size;       /* architecture names */
  double                   line_width;
  double                   pattern_size;          /* hatch period */
  double                   axis_height;
  double                   header_width;
  double                   arch_header_height;
  double                   process_header_height;
  double                   lane_height;
  double                   lane_gap;
  double                   legend_height;
} InterleaveRenderStyle;

void interleave_render_style_init       (InterleaveRenderStyle *style,
                                         InterleavePaletteKind  palette,
                                         double                 scale);
void interleave_render_style_set_font   (InterleaveRenderStyle *style,
                                         const char            *family);

G_END_DECLS
