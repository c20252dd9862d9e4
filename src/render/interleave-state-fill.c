/* interleave-state-fill.c
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
#include <string.h>

#include "interleave-state-fill.h"

/* Tiles: one for a lane drawn at full detail, one for the stacked
 * per-pixel-column summary (where a thin bar cannot be shown). */
enum { TILE_LANE, TILE_STACKED, N_TILE_KINDS };

struct _InterleaveStateFill
{
  const InterleavePalette *palette;
  double                   pattern_size;
  double                   device_scale;
  guint                    tile_size;
  guint32                 *tiles[N_TILE_KINDS][INTERLEAVE_N_STATES];
  cairo_pattern_t         *raster[N_TILE_KINDS][INTERLEAVE_N_STATES];
  cairo_pattern_t         *vector[N_TILE_KINDS][INTERLEAVE_N_STATES];
};

/**
 * interleave_state_get_extent:
 * @top: (out): fraction of the lane height where the state's bar starts
 * @bottom: (out): fraction where it ends
 *
 * I/O waits are drawn as a thin bar in the middle of the lane, so waiting
 * reads differently from working even without colour.
 */
void
interleave_state_get_extent (InterleaveState  state,
                             double          *top,
                             double          *bottom)
{
  if (state == INTERLEAVE_STATE_IO_WAIT)
    {
      *top = 0.32;
      *bottom = 0.68;
    }
  else
    {
      *top = 0.0;
      *bottom = 1.0;
    }
}

/* Lines at 45° that repeat with period @t in x and y, so tiles join
 * seamlessly. */
static void
diagonals (cairo_t *cr,
           double   t,
           int      direction)
{
  for (int n = -2; n <= 3; n++)
    {
      double c = n * t;

      if (direction > 0)
        {
          /* "/" lines: x + y = c */
          cairo_move_to (cr, c + t, -t);
          cairo_line_to (cr, c - 2 * t, 2 * t);
        }
      else
        {
          /* "\" lines: x − y = c */
          cairo_move_to (cr, c - t, -t);
          cairo_line_to (cr, c + 2 * t, 2 * t);
        }
    }
}

static void
draw_tile (cairo_t                 *cr,
           const InterleavePalette *palette,
           InterleaveState          state,
           int                      kind,
           double                   t)
{
  const InterleaveColor *c = &palette->states[state];

  switch (state)
    {
    case INTERLEAVE_STATE_RUNNING:
      interleave_color_set_source (c, cr);
      cairo_paint (cr);
      break;

    case INTERLEAVE_STATE_NATIVE:
      interleave_color_set_source (c, cr);
      cairo_paint (cr);
      interleave_color_set_source (&palette->background, cr);
      cairo_arc (cr, t * 0.25, t * 0.25, t * 0.13, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_arc (cr, t * 0.75, t * 0.75, t * 0.13, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case INTERLEAVE_STATE_GIL_WAIT:
      interleave_color_set_source_alpha (c, cr, 0.28);
      cairo_paint (cr);
      interleave_color_set_source (c, cr);
      cairo_set_line_width (cr, t * 0.30);
      diagonals (cr, t, +1);
      cairo_stroke (cr);
      break;

    case INTERLEAVE_STATE_RUNNABLE:
      interleave_color_set_source_alpha (c, cr, 0.28);
      cairo_paint (cr);
      interleave_color_set_source (c, cr);
      cairo_set_line_width (cr, t * 0.17);
      diagonals (cr, t, +1);
      diagonals (cr, t, -1);
      cairo_stroke (cr);
      break;

    case INTERLEAVE_STATE_IO_WAIT:
      if (kind == TILE_LANE)
        {
          interleave_color_set_source (c, cr);
          cairo_paint (cr);
        }
      else
        {
          interleave_color_set_source_alpha (c, cr, 0.45);
          cairo_paint (cr);
          interleave_color_set_source (c, cr);
          cairo_rectangle (cr, 0, t * 0.375, t, t * 0.25);
          cairo_fill (cr);
        }
      break;

    case INTERLEAVE_STATE_IDLE:
    case INTERLEAVE_N_STATES:
    default:
      break;
    }
}

/**
 * interleave_state_fill_new:
 * @palette: colours
 * @pattern_size: period of the patterns in user-space pixels
 * @device_scale: device pixels per user-space pixel
 */
InterleaveStateFill *
interleave_state_fill_new (const InterleavePalette *palette,
                           double                   pattern_size,
                           double                   device_scale)
{
  InterleaveStateFill *self;

  g_return_val_if_fail (palette != NULL, NULL);

  self = g_new0 (InterleaveStateFill, 1);
  self->palette = palette;
  self->pattern_size = MAX (pattern_size, 4.0);
  self->device_scale = MAX (device_scale, 0.25);
  self->tile_size = MAX (4, (guint) round (self->pattern_size * self->device_scale));

  for (int kind = 0; kind < N_TILE_KINDS; kind++)
    for (guint s = 0; s < INTERLEAVE_N_STATES; s++)
      {
        cairo_surface_t *surface;
        cairo_t *cr;
        int stride;
        guchar *data;

        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->tile_size, self->tile_size);
        cr = cairo_create (surface);
        cairo_scale (cr, self->tile_size / self->pattern_size, self->tile_size / self->pattern_size);
        draw_tile (cr, palette, s, kind, self->pattern_size);
        cairo_destroy (cr);
        cairo_surface_flush (surface);

        self->tiles[kind][s] = g_new (guint32, self->tile_size * self->tile_size);
        data = cairo_image_surface_get_data (surface);
        stride = cairo_image_surface_get_stride (surface);
        for (guint y = 0; y < self->tile_size; y++)
          memcpy (self->tiles[kind][s] + y * self->tile_size, data + y * stride, self->tile_size * 4);

        cairo_surface_set_device_scale (surface,
                                        self->tile_size / self->pattern_size,
                                        self->tile_size / self->pattern_size);
        self->raster[kind][s] = cairo_pattern_create_for_surface (surface);
        cairo_pattern_set_extend (self->raster[kind][s], CAIRO_EXTEND_REPEAT);
        cairo_pattern_set_filter (self->raster[kind][s], CAIRO_FILTER_NEAREST);
        cairo_surface_destroy (surface);
      }

  return self;
}

void
interleave_state_fill_free (InterleaveStateFill *self)
{
  if (self == NULL)
    return;

  for (int kind = 0; kind < N_TILE_KINDS; kind++)
    for (guint s = 0; s < INTERLEAVE_N_STATES; s++)
      {
        g_free (self->tiles[kind][s]);
        g_clear_pointer (&self->raster[kind][s], cairo_pattern_destroy);
        g_clear_pointer (&self->vector[kind][s], cairo_pattern_destroy);
      }

  g_free (self);
}

gboolean
interleave_state_fill_matches (const InterleaveStateFill *self,
                               const InterleavePalette   *palette,
                               double                     pattern_size,
                               double                     device_scale)
{
  return self != NULL &&
         self->palette == palette &&
         self->pattern_size == MAX (pattern_size, 4.0) &&
         self->device_scale == MAX (device_scale, 0.25);
}

guint
interleave_state_fill_get_tile_size (const InterleaveStateFill *self)
{
  return self->tile_size;
}

/**
 * interleave_state_fill_get_tile:
 * @stacked: the tile for a stacked per-column summary
 *
 * Returns: tile_size × tile_size premultiplied ARGB32 pixels
 */
const guint32 *
interleave_state_fill_get_tile (const InterleaveStateFill *self,
                                InterleaveState            state,
                                gboolean                   stacked)
{
  g_return_val_if_fail (state < INTERLEAVE_N_STATES, NULL);

  return self->tiles[stacked ? TILE_STACKED : TILE_LANE][state];
}

static gboolean
is_vector_target (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * interleave_state_fill_set_source:
 *
 * Sets the state's fill as the source of @cr, anchored at the user-space
 * origin. Vector surfaces get vector patterns.
 */
void
interleave_state_fill_set_source (InterleaveStateFill *self,
                                  cairo_t             *cr,
                                  InterleaveState      state,
                                  gboolean             stacked)
{
  int kind = stacked ? TILE_STACKED : TILE_LANE;

  g_return_if_fail (self != NULL);
  g_return_if_fail (state < INTERLEAVE_N_STATES);

  if (is_vector_target (cr))
    {
      if (self->vector[kind][state] == NULL)
        {
          cairo_rectangle_t extents = { 0, 0, self->pattern_size, self->pattern_size };
          cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
          cairo_t *tile_cr = cairo_create (surface);

          draw_tile (tile_cr, self->palette, state, kind, self->pattern_size);
          cairo_destroy (tile_cr);
          self->vector[kind][state] = cairo_pattern_create_for_surface (surface);
          cairo_pattern_set_extend (self->vector[kind][state], CAIRO_EXTEND_REPEAT);
          cairo_surface_destroy (surface);
        }

      cairo_set_source (cr, self->vector[kind][state]);
    }
  else
    {
      cairo_set_source (cr, self->raster[kind][state]);
    }
}
