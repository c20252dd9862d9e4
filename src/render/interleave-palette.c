/* interleave-palette.c
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

#include "interleave-palette.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* Hues follow the Okabe–Ito colour-blind-safe set, darkened on light
 * backgrounds and lightened on dark ones until each reaches 4.5:1
 * against the background (checked by tests/test-palette.c). */
static const InterleavePalette palettes[] = {
  [INTERLEAVE_PALETTE_LIGHT] = {
    .kind = INTERLEAVE_PALETTE_LIGHT,
    .background = RGB (0xffffff),
    .foreground = RGB (0x1e1e1e),
    .dim = RGB (0x5e5e5e),
    .grid = RGB (0xd0d0d0),
    .band = RGB (0xf4f4f6),
    .highlight = RGB (0x000000),
    .playhead = RGB (0xc01c28),
    .states = {
      [INTERLEAVE_STATE_IDLE]     = { 0, 0, 0, 0 },
      [INTERLEAVE_STATE_RUNNING]  = RGB (0x0066a0),
      [INTERLEAVE_STATE_NATIVE]   = RGB (0x00745a),
      [INTERLEAVE_STATE_GIL_WAIT] = RGB (0xb04a00),
      [INTERLEAVE_STATE_RUNNABLE] = RGB (0x8a6000),
      [INTERLEAVE_STATE_IO_WAIT]  = RGB (0x9c4a7a),
    },
    .series = { RGB (0x0066a0), RGB (0xb04a00), RGB (0x00745a), RGB (0x9c4a7a) },
  },
  [INTERLEAVE_PALETTE_DARK] = {
    .kind = INTERLEAVE_PALETTE_DARK,
    .background = RGB (0x242424),
    .foreground = RGB (0xf0f0f0),
    .dim = RGB (0xb0b0b0),
    .grid = RGB (0x484848),
    .band = RGB (0x2c2c2e),
    .highlight = RGB (0xffffff),
    .playhead = RGB (0xff7b63),
    .states = {
      [INTERLEAVE_STATE_IDLE]     = { 0, 0, 0, 0 },
      [INTERLEAVE_STATE_RUNNING]  = RGB (0x56b4e9),
      [INTERLEAVE_STATE_NATIVE]   = RGB (0x2ec49a),
      [INTERLEAVE_STATE_GIL_WAIT] = RGB (0xff8a3d),
      [INTERLEAVE_STATE_RUNNABLE] = RGB (0xf0e442),
      [INTERLEAVE_STATE_IO_WAIT]  = RGB (0xe09ac4),
    },
    .series = { RGB (0x56b4e9), RGB (0xff8a3d), RGB (0x2ec49a), RGB (0xe09ac4) },
  },
  [INTERLEAVE_PALETTE_HIGH_CONTRAST] = {
    .kind = INTERLEAVE_PALETTE_HIGH_CONTRAST,
    .background = RGB (0x000000),
    .foreground = RGB (0xffffff),
    .dim = RGB (0xd8d8d8),
    .grid = RGB (0x808080),
    .band = RGB (0x141414),
    .highlight = RGB (0xffffff),
    .playhead = RGB (0xff5050),
    .states = {
      [INTERLEAVE_STATE_IDLE]     = { 0, 0, 0, 0 },
      [INTERLEAVE_STATE_RUNNING]  = RGB (0x6cc4ff),
      [INTERLEAVE_STATE_NATIVE]   = RGB (0x3ee8b0),
      [INTERLEAVE_STATE_GIL_WAIT] = RGB (0xff9a50),
      [INTERLEAVE_STATE_RUNNABLE] = RGB (0xfff05a),
      [INTERLEAVE_STATE_IO_WAIT]  = RGB (0xffb0e0),
    },
    .series = { RGB (0x6cc4ff), RGB (0xff9a50), RGB (0x3ee8b0), RGB (0xffb0e0) },
  },
};

const InterleavePalette *
interleave_palette_get (InterleavePaletteKind kind)
{
  g_return_val_if_fail (kind <= INTERLEAVE_PALETTE_HIGH_CONTRAST, &palettes[0]);

  return &palettes[kind];
}

InterleavePattern
interleave_palette_get_pattern (InterleaveState state)
{
  switch (state)
    {
    case INTERLEAVE_STATE_IDLE:     return INTERLEAVE_PATTERN_NONE;
    case INTERLEAVE_STATE_RUNNING:  return INTERLEAVE_PATTERN_SOLID;
    case INTERLEAVE_STATE_NATIVE:   return INTERLEAVE_PATTERN_DOTS;
    case INTERLEAVE_STATE_GIL_WAIT: return INTERLEAVE_PATTERN_HATCH;
    case INTERLEAVE_STATE_RUNNABLE: return INTERLEAVE_PATTERN_CROSS_HATCH;
    case INTERLEAVE_STATE_IO_WAIT:  return INTERLEAVE_PATTERN_OUTLINE;
    case INTERLEAVE_N_STATES:
    default:
      g_return_val_if_reached (INTERLEAVE_PATTERN_NONE);
    }
}

void
interleave_color_set_source (const InterleaveColor *color,
                             cairo_t               *cr)
{
  g_return_if_fail (color != NULL);
  g_return_if_fail (cr != NULL);

  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void
interleave_color_set_source_alpha (const InterleaveColor *color,
                                   cairo_t               *cr,
                                   double                 alpha)
{
  g_return_if_fail (color != NULL);
  g_return_if_fail (cr != NULL);

  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/**
 * interleave_palette_set_series_dash:
 * @cr: a cairo context
 * @index: architecture index
 * @line_width: the line width the dashes are drawn with
 *
 * Sets the dash pattern that tells series @index apart without colour:
 * solid, long dashes, dots, dash-dot.
 */
void
interleave_palette_set_series_dash (cairo_t *cr,
                                    guint    index,
                                    double   line_width)
{
  double w = MAX (line_width, 1.0);
  double dashes[4];

  g_return_if_fail (cr != NULL);

  switch (index % INTERLEAVE_PALETTE_N_SERIES)
    {
    case 0:
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    case 1:
      dashes[0] = 6 * w; dashes[1] = 3 * w;
      cairo_set_dash (cr, dashes, 2, 0);
      break;
    case 2:
      dashes[0] = 1 * w; dashes[1] = 2 * w;
      cairo_set_dash (cr, dashes, 2, 0);
      break;
    case 3:
    default:
      dashes[0] = 6 * w; dashes[1] = 2.5 * w; dashes[2] = 1 * w; dashes[3] = 2.5 * w;
      cairo_set_dash (cr, dashes, 4, 0);
      break;
    }
}

void
interleave_palette_set_source (const InterleavePalette *palette,
                               cairo_t                 *cr,
                               InterleaveState          state)
{
  g_return_if_fail (palette != NULL);
  g_return_if_fail (state < INTERLEAVE_N_STATES);

  interleave_color_set_source (&palette->states[state], cr);
}

static double
channel_luminance (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
relative_luminance (const InterleaveColor *c)
{
  return 0.2126 * channel_luminance (c->red) +
         0.7152 * channel_luminance (c->green) +
         0.0722 * channel_luminance (c->blue);
}

/**
 * interleave_color_contrast:
 *
 * Returns: the WCAG 2 contrast ratio of two opaque colours, 1…21
 */
double
interleave_color_contrast (const InterleaveColor *a,
                           const InterleaveColor *b)
{
  double la, lb;

  g_return_val_if_fail (a != NULL, 1.0);
  g_return_val_if_fail (b != NULL, 1.0);

  la = relative_luminance (a);
  lb = relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}
