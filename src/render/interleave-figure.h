/* interleave-figure.h
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
#include <gio/gio.h>

#include "interleave-palette.h"
#include "interleave-scenario.h"
#include "interleave-summary.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

/* A whole view as one picture: title, caption, the timeline of every
 * architecture and a row of charts. What "export the current view"
 * writes, at any size; the CLI writes it without a display. */
typedef struct
{
  const char                       *title;
  const char                       *subtitle;
  const char                       *caption;
  const InterleaveTrace * const    *traces;
  const InterleaveSummary * const  *summaries;     /* nullable */
  guint                             n_traces;
  gint64                            start;         /* visible time range */
  gint64                            end;
  gint64                            playhead;      /* -1: none */
  guint                             selected_trace;
  guint32                           selected_request;
  InterleavePaletteKind             palette;
  double                            scale;         /* 0: from the size */
  const char                       *font_family;   /* nullable */
  gboolean                          charts;
  gboolean                          ghost_future;
} InterleaveFigure;

typedef enum
{
  INTERLEAVE_IMAGE_PNG,
  INTERLEAVE_IMAGE_SVG,
  INTERLEAVE_IMAGE_PDF,
} InterleaveImageFormat;

#define INTERLEAVE_IMAGE_MIN_SIZE 64
#define INTERLEAVE_IMAGE_MAX_SIZE 16384

void     interleave_figure_init               (InterleaveFigure        *figure);
void     interleave_figure_draw               (const InterleaveFigure  *figure,
                                               cairo_t                 *cr,
                                               double                   width,
                                               double                   height);
gboolean interleave_figure_export             (const InterleaveFigure  *figure,
                                               InterleaveImageFormat    format,
                                               GFile                   *file,
                                               int                      width,
                                               int                      height,
                                               GError                 **error);
gint64   interleave_figure_suggest_window     (const InterleaveScenario *scenario);
gboolean interleave_image_format_from_name    (const char              *name,
                                               InterleaveImageFormat   *format);

G_END_DECLS
