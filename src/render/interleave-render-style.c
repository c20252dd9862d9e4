/* interleave-render-style.c
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

#define G_LOG_DOMAIN "interleave-render"

#include "config.h"

#include <math.h>

#include "interleave-render-style.h"

#define DEFAULT_FONT "Cantarell,Noto Sans,DejaVu Sans,sans-serif"

/**
 * interleave_render_style_init:
 * @style: a style
 * @palette: light, dark or high contrast
 * @scale: 1.0 for the desktop; larger for presenter mode (bigger type,
 *   thicker lines, taller lanes)
 */
void
interleave_render_style_init (InterleaveRenderStyle *style,
                              InterleavePaletteKind  palette,
                              double                 scale)
{
  g_return_if_fail (style != NULL);

  scale = CLAMP (scale, 0.5, 4.0);

  *style = (InterleaveRenderStyle) {
    .palette = interleave_palette_get (palette),
    .scale = scale,
    .font_size = 13.0 * scale,
    .small_font_size = 11.5 * scale,
    .title_font_size = 15.0 * scale,
    .line_width = 1.0 * scale,
    .pattern_size = round (8.0 * scale),
    .axis_height = round (28.0 * scale),
    .header_width = round (190.0 * scale),
    .arch_header_height = round (34.0 * scale),
    .process_header_height = round (20.0 * scale),
    .lane_height = round (22.0 * scale),
    .lane_gap = round (4.0 * scale),
    .legend_height = round (30.0 * scale),
  };
  g_strlcpy (style->font_family, DEFAULT_FONT, sizeof style->font_family);
}

/**
 * interleave_render_style_set_font:
 * @family: (nullable): a font family list, as in a Pango font
 *   description; %NULL restores the default
 */
void
interleave_render_style_set_font (InterleaveRenderStyle *style,
                                  const char            *family)
{
  g_return_if_fail (style != NULL);

  if (family == NULL || *family == '\0')
    family = DEFAULT_FONT;

  g_strlcpy (style->font_family, family, sizeof style->font_family);
}
