/* interleave-figure.c
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

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "interleave-chart-renderer.h"
#include "interleave-figure.h"
#include "interleave-output-file.h"
#include "interleave-render-style.h"
#include "interleave-text.h"
#include "interleave-timeline-renderer.h"

void
interleave_figure_init (InterleaveFigure *figure)
{
  g_return_if_fail (figure != NULL);

  memset (figure, 0, sizeof *figure);
  figure->playhead = -1;
  figure->selected_request = INTERLEAVE_NO_REQUEST;
  figure->palette = INTERLEAVE_PALETTE_LIGHT;
  figure->charts = TRUE;
}

static gint64
traces_end (const InterleaveFigure *figure)
{
  gint64 end = 0;

  for (guint i = 0; i < figure->n_traces; i++)
    end = MAX (end, figure->traces[i]->end);

  return end;
}

/**
 * interleave_figure_draw:
 * @figure: what to draw
 * @cr: where
 * @width: user-space width
 * @height: user-space height
 *
 * Lays out and draws the figure with the shared renderers. The type
 * grows with the size (a 1920 px wide export reads like the app on a
 * 1920 px projector), unless @figure sets a scale.
 */
void
interleave_figure_draw (const InterleaveFigure *figure,
                        cairo_t                *cr,
                        double                  width,
                        double                  height)
{
  g_autoptr(InterleaveTimelineRenderer) timeline = NULL;
  g_autoptr(InterleaveText) text = NULL;
  InterleaveRenderStyle style;
  InterleaveTimeScale scale;
  const InterleavePalette *palette;
  double s, y = 0, pad, px, pw, charts_h = 0, caption_h = 0, title_h = 0;
  gint64 start, end;

  g_return_if_fail (figure != NULL);
  g_return_if_fail (cr != NULL);

  s = figure->scale > 0 ? figure->scale : CLAMP (MIN (width / 1280.0, height / 720.0), 0.6, 2.5);
  interleave_render_style_init (&style, figure->palette, s);
  interleave_render_style_set_font (&style, figure->font_family);
  palette = style.palette;
  pad = round (14 * s);

  start = figure->start;
  end = figure->end > figure->start ? figure->end : MAX (traces_end (figure), start + 1000000);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  interleave_color_set_source (&palette->background, cr);
  cairo_paint (cr);

  text = interleave_text_new ();
  interleave_text_begin (text, cr, &style);

  /* Title and subtitle. */
  if (figure->title != NULL)
    {
      double w;

      title_h = round (44 * s);
      interleave_color_set_source (&palette->foreground, cr);
      w = interleave_text_draw_line (text, cr, figure->title, INTERLEAVE_TEXT_CAPTION, TRUE,
                                     pad, title_h / 2, width * 0.6, INTERLEAVE_ALIGN_START);
      if (figure->subtitle != NULL)
        {
          interleave_color_set_source (&palette->dim, cr);
          interleave_text_draw_line (text, cr, figure->subtitle, INTERLEAVE_TEXT_BODY, FALSE,
                                     pad * 2 + w, title_h / 2, width - w - pad * 3, INTERLEAVE_ALIGN_START);
        }
      y += title_h;
    }

  if (figure->charts && height - y > 420 * s && figure->n_traces > 0)
    charts_h = round ((height - y) * 0.3);
  if (figure->caption != NULL && *figure->caption != '\0')
    caption_h = round (48 * s);

  /* The timeline, every lane fitted into its share of the height. */
  timeline = interleave_timeline_renderer_new ();
  interleave_timeline_renderer_set_style (timeline, &style);
  interleave_timeline_renderer_set_traces (timeline, figure->traces, figure->summaries, figure->n_traces);
  interleave_timeline_renderer_set_size (timeline, width, height - y - charts_h - caption_h);
  interleave_timeline_renderer_set_fit_lanes (timeline, TRUE);
  interleave_timeline_renderer_set_hide_empty_lanes (timeline, TRUE);
  interleave_timeline_renderer_set_playhead (timeline, figure->playhead);
  interleave_timeline_renderer_set_ghost_future (timeline, figure->ghost_future);
  interleave_timeline_renderer_set_selection (timeline, figure->selected_trace, figure->selected_request);
  interleave_timeline_renderer_get_plot_area (timeline, &px, NULL, &pw, NULL);
  interleave_time_scale_init (&scale, start, end, pw);
  interleave_timeline_renderer_set_time_scale (timeline, &scale);

  cairo_save (cr);
  cairo_translate (cr, 0, y);
  interleave_timeline_renderer_draw (timeline, cr);
  cairo_restore (cr);
  y += height - y - charts_h - caption_h;

  /* The caption: what happens at the playhead, in words. */
  if (caption_h > 0)
    {
      interleave_color_set_source (&palette->band, cr);
      cairo_rectangle (cr, 0, y, width, caption_h);
      cairo_fill (cr);
      interleave_color_set_source (&palette->foreground, cr);
      interleave_text_draw_line (text, cr, figure->caption, INTERLEAVE_TEXT_CAPTION, FALSE,
                                 pad, y + caption_h / 2, width - 2 * pad, INTERLEAVE_ALIGN_START);
      y += caption_h;
    }

  /* Charts: throughput, p99 latency over time, latency distribution. */
  if (charts_h > 0)
    {
      static const struct { InterleaveChartKind kind; InterleaveMetric metric; } charts[] = {
        { INTERLEAVE_CHART_METRIC, INTERLEAVE_METRIC_THROUGHPUT },
        { INTERLEAVE_CHART_METRIC, INTERLEAVE_METRIC_LATENCY_P99 },
        { INTERLEAVE_CHART_LATENCY_CDF, 0 },
      };
      double chart_w = floor ((width - pad) / G_N_ELEMENTS (charts));
      gint64 run_end = traces_end (figure);

      interleave_color_set_source (&palette->grid, cr);
      cairo_rectangle (cr, 0, y, width, 1);
      cairo_fill (cr);

      for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
        {
          g_autoptr(InterleaveChartRenderer) chart = interleave_chart_renderer_new (charts[i].kind);

          interleave_chart_renderer_set_metric (chart, charts[i].metric);
          interleave_chart_renderer_set_style (chart, &style);
          interleave_chart_renderer_set_traces (chart, figure->traces, figure->n_traces);
          interleave_chart_renderer_set_size (chart, chart_w, charts_h - pad / 2);
          interleave_chart_renderer_set_time_range (chart, 0, MAX (run_end, 1));
          interleave_chart_renderer_set_playhead (chart, figure->playhead);

          cairo_save (cr);
          cairo_translate (cr, pad / 2 + i * chart_w, y + pad / 2);
          interleave_chart_renderer_draw (chart, cr);
          cairo_restore (cr);
        }
    }

  cairo_restore (cr);
}

/**
 * interleave_figure_suggest_window:
 * @scenario: a scenario
 *
 * Returns: ns: how much time to show first — a few of the slowest
 *   requests' plans across, so something can be seen (20 ms … the run)
 */
gint64
interleave_figure_suggest_window (const InterleaveScenario *scenario)
{
  gint64 longest = 0;

  g_return_val_if_fail (scenario != NULL, 0);

  for (guint i = 0; i < scenario->n_classes; i++)
    longest = MAX (longest, interleave_plan_total_mean_ns (&scenario->classes[i].plan));

  return CLAMP (3 * longest, 20 * G_GINT64_CONSTANT (1000000), scenario->duration_ns);
}

/**
 * interleave_image_format_from_name:
 * @name: a file name ("timeline.svg") or a format name ("pdf")
 *
 * Returns: whether the name ends in, or is, png, svg or pdf
 */
gboolean
interleave_image_format_from_name (const char            *name,
                                   InterleaveImageFormat *format)
{
  const char *dot;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  dot = strrchr (name, '.');
  if (dot != NULL)
    name = dot + 1;

  if (g_ascii_strcasecmp (name, "png") == 0)
    *format = INTERLEAVE_IMAGE_PNG;
  else if (g_ascii_strcasecmp (name, "svg") == 0)
    *format = INTERLEAVE_IMAGE_SVG;
  else if (g_ascii_strcasecmp (name, "pdf") == 0)
    *format = INTERLEAVE_IMAGE_PDF;
  else
    return FALSE;

  return TRUE;
}

typedef struct
{
  GOutputStream *stream;
  GError        *error;
} WriteClosure;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  WriteClosure *c = closure;

  if (c->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  if (!g_output_stream_write_all (c->stream, data, length, NULL, NULL, &c->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}


/**
 * interleave_figure_export:
 * @figure: what to draw
 * @format: PNG, SVG or PDF
 * @file: where to write; replaced atomically
 * @width: pixels (PNG, SVG) or points (PDF)
 * @height: likewise
 * @error: for a bad size or a file that cannot be written
 *
 * Returns: whether the file was written
 */
gboolean
interleave_figure_export (const InterleaveFigure  *figure,
                          InterleaveImageFormat    format,
                          GFile                   *file,
                          int                      width,
                          int                      height,
                          GError                 **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree char *name = NULL;
  WriteClosure closure = { 0 };
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (figure != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);

  if (width < INTERLEAVE_IMAGE_MIN_SIZE || width > INTERLEAVE_IMAGE_MAX_SIZE ||
      height < INTERLEAVE_IMAGE_MIN_SIZE || height > INTERLEAVE_IMAGE_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export %d × %d: width and height must be between %d and %d pixels"),
                   width, height, INTERLEAVE_IMAGE_MIN_SIZE, INTERLEAVE_IMAGE_MAX_SIZE);
      return FALSE;
    }

  stream = interleave_output_file_open (file, G_FILE_CREATE_REPLACE_DESTINATION, error);
  if (stream == NULL)
    {
      g_prefix_error (error, _("Cannot write “%s”: "), name);
      return FALSE;
    }
  closure.stream = stream;

  switch (format)
    {
    case INTERLEAVE_IMAGE_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    case INTERLEAVE_IMAGE_SVG:
      surface = cairo_svg_surface_create_for_stream (write_to_stream, &closure, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case INTERLEAVE_IMAGE_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_to_stream, &closure, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Interleave");
      if (figure->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, figure->title);
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  cr = cairo_create (surface);
  interleave_figure_draw (figure, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == INTERLEAVE_IMAGE_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_to_stream, &closure);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (closure.error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&closure.error), _("Cannot write “%s”: "), name);
      interleave_output_file_abort (stream);
      return FALSE;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot draw “%s”: %s"), name, cairo_status_to_string (status));
      interleave_output_file_abort (stream);
      return FALSE;
    }

  if (!g_output_stream_close (stream, NULL, error))
    {
      g_prefix_error (error, _("Cannot write “%s”: "), name);
      return FALSE;
    }

  return TRUE;
}
