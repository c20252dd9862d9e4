/* interleave-text.c
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

#include "interleave-text.h"

struct _InterleaveText
{
  PangoFontMap                *font_map;
  PangoContext                *context;
  PangoLayout                 *layout;
  PangoFontDescription        *font;
  const InterleaveRenderStyle *style;
};

InterleaveText *
interleave_text_new (void)
{
  InterleaveText *self = g_new0 (InterleaveText, 1);
  cairo_font_options_t *options;

  /* Pango's default font map is per thread, so an export running off the
   * main thread gets its own. */
  self->font_map = g_object_ref (pango_cairo_font_map_get_default ());
  self->context = pango_font_map_create_context (self->font_map);

  /* Unhinted metrics: a label measures the same in PNG, SVG and PDF. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);

  self->layout = pango_layout_new (self->context);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  self->font = pango_font_description_new ();

  return self;
}

void
interleave_text_free (InterleaveText *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->layout);
  g_clear_object (&self->context);
  g_clear_object (&self->font_map);
  g_clear_pointer (&self->font, pango_font_description_free);
  g_free (self);
}

/**
 * interleave_text_begin:
 *
 * Prepares for drawing into @cr with @style; call once per frame before
 * the first label.
 */
void
interleave_text_begin (InterleaveText              *self,
                       cairo_t                     *cr,
                       const InterleaveRenderStyle *style)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  self->style = style;
  pango_font_description_set_family (self->font, style->font_family);
  pango_cairo_update_context (cr, self->context);
  pango_layout_context_changed (self->layout);
}

static double
size_for (const InterleaveRenderStyle *style,
          InterleaveTextSize           size)
{
  switch (size)
    {
    case INTERLEAVE_TEXT_SMALL:   return style->small_font_size;
    case INTERLEAVE_TEXT_TITLE:   return style->title_font_size;
    case INTERLEAVE_TEXT_CAPTION: return style->title_font_size * 1.35;
    case INTERLEAVE_TEXT_BODY:
    default:                      return style->font_size;
    }
}

/**
 * interleave_text_set:
 * @max_width: ellipsize beyond this width; <= 0 for no limit
 */
void
interleave_text_set (InterleaveText     *self,
                     const char         *text,
                     InterleaveTextSize  size,
                     gboolean            bold,
                     double              max_width)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->style != NULL);

  pango_font_description_set_absolute_size (self->font, size_for (self->style, size) * PANGO_SCALE);
  pango_font_description_set_weight (self->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (self->layout, self->font);

  if (max_width > 0)
    {
      pango_layout_set_width (self->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (self->layout, -1);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_NONE);
    }

  pango_layout_set_text (self->layout, text ? text : "", -1);
}

void
interleave_text_get_size (InterleaveText *self,
                          double         *width,
                          double         *height)
{
  PangoRectangle logical;

  g_return_if_fail (self != NULL);

  pango_layout_get_extents (self->layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

/**
 * interleave_text_draw:
 * @x: the start, centre or end of the text, after @halign
 * @y: top of the text
 *
 * Draws the current text with the current source.
 */
void
interleave_text_draw (InterleaveText  *self,
                      cairo_t         *cr,
                      double           x,
                      double           y,
                      InterleaveAlign  halign)
{
  double width;

  g_return_if_fail (self != NULL);

  interleave_text_get_size (self, &width, NULL);
  if (halign == INTERLEAVE_ALIGN_CENTER)
    x -= width / 2;
  else if (halign == INTERLEAVE_ALIGN_END)
    x -= width;

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, self->layout);
}

/**
 * interleave_text_draw_line:
 *
 * Sets, measures and draws one line centred vertically on @center_y.
 *
 * Returns: the width drawn
 */
double
interleave_text_draw_line (InterleaveText     *self,
                           cairo_t            *cr,
                           const char         *text,
                           InterleaveTextSize  size,
                           gboolean            bold,
                           double              x,
                           double              center_y,
                           double              max_width,
                           InterleaveAlign     halign)
{
  double width, height;

  interleave_text_set (self, text, size, bold, max_width);
  interleave_text_get_size (self, &width, &height);
  interleave_text_draw (self, cr, x, center_y - height / 2, halign);

  return width;
}

PangoLayout *
interleave_text_get_layout (InterleaveText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->layout;
}
