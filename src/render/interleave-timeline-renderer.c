/* interleave-timeline-renderer.c
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

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "interleave-axis.h"
#include "interleave-lane-columns.h"
#include "interleave-state-fill.h"
#include "interleave-text.h"
#include "interleave-timeline-renderer.h"

struct _InterleaveTimelineRenderer
{
  GPtrArray              *traces;          /* const InterleaveTrace *, borrowed */
  GPtrArray              *summaries;       /* const InterleaveSummary *, borrowed, may hold NULL */
  InterleaveRenderStyle   style;
  double                  width;
  double                  height;
  InterleaveTimeScale     scale;
  double                  scroll_y;
  gint64                  playhead;
  guint                   selected_trace;
  guint32                 selected_request;
  InterleaveJourney      *journey;
  InterleaveTimelineHit   hover;

  /* Layout, rebuilt when the shape of the traces or the size changes. */
  GArray                 *rows;            /* InterleaveTimelineRow */
  GHashTable             *lane_rows;       /* trace << 16 | lane → row index + 1 */
  guint64                 layout_key;
  double                  content_height;
  double                  lane_height;
  double                  lane_gap;
  double                  arch_height;
  gboolean                layout_valid;       /* nothing changed since the layout */
  gboolean                layout_key_valid;
  gboolean                layout_size_valid;  /* size, style and options unchanged */

  InterleaveStateFill    *fill;
  InterleaveText         *text;
  InterleaveColumn       *columns;
  guint                   n_columns;
  cairo_surface_t        *scratch;

  /* Lanes are independent: a frame's lanes are split between the main
   * thread and these helpers (one per extra core). */
  GThreadPool            *pool;
  guint                   n_workers;
  GMutex                  mutex;
  GCond                   cond;
  guint                   pending;

  double                  min_fit_lane_height;
  GArray                 *series_styles;   /* guint colour, dash per trace; G_MAXUINT: its index */
  guint                   fit_lanes : 1;
  guint                   hide_empty_lanes : 1;
  guint                   hide_core_lanes : 1;
  guint                   process_rows : 1;
  guint                   show_legend : 1;
  guint                   ghost_future : 1;

  /* Which lanes are drawn: a bit (1 << InterleaveLaneKind) per kind, and
   * at most so many worker processes (0: all). */
  guint                   lane_kinds;
  guint                   max_workers;
};

InterleaveTimelineRenderer *
interleave_timeline_renderer_new (void)
{
  InterleaveTimelineRenderer *self = g_new0 (InterleaveTimelineRenderer, 1);

  self->traces = g_ptr_array_new ();
  self->summaries = g_ptr_array_new ();
  self->rows = g_array_new (FALSE, FALSE, sizeof (InterleaveTimelineRow));
  self->lane_rows = g_hash_table_new (NULL, NULL);
  self->series_styles = g_array_new (FALSE, FALSE, sizeof (guint));
  self->text = interleave_text_new ();
  self->playhead = -1;
  self->selected_request = INTERLEAVE_NO_REQUEST;
  self->hover.kind = INTERLEAVE_ROW_NONE;
  self->hover.span = -1;
  self->show_legend = TRUE;
  self->lane_kinds = G_MAXUINT;
  self->width = 800;
  self->height = 600;
  self->n_workers = CLAMP (g_get_num_processors (), 1, 4);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  interleave_render_style_init (&self->style, INTERLEAVE_PALETTE_LIGHT, 1.0);
  interleave_time_scale_init (&self->scale, 0, 1000000000, 600);

  return self;
}

void
interleave_timeline_renderer_free (InterleaveTimelineRenderer *self)
{
  if (self == NULL)
    return;

  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_clear_pointer (&self->traces, g_ptr_array_unref);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->lane_rows, g_hash_table_unref);
  g_clear_pointer (&self->series_styles, g_array_unref);
  g_clear_pointer (&self->journey, interleave_journey_free);
  g_clear_pointer (&self->fill, interleave_state_fill_free);
  g_clear_pointer (&self->text, interleave_text_free);
  g_clear_pointer (&self->scratch, cairo_surface_destroy);
  g_free (self->columns);
  g_free (self);
}

/**
 * interleave_timeline_renderer_set_traces:
 * @traces: (array length=n_traces): the traces, one per architecture;
 *   borrowed, they must outlive their use here
 * @summaries: (array length=n_traces) (nullable): a summary per trace
 *   shown in its header, or %NULL; borrowed too
 */
void
interleave_timeline_renderer_set_traces (InterleaveTimelineRenderer       *self,
                                         const InterleaveTrace * const    *traces,
                                         const InterleaveSummary * const  *summaries,
                                         guint                             n_traces)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (traces != NULL || n_traces == 0);

  g_ptr_array_set_size (self->traces, 0);
  g_ptr_array_set_size (self->summaries, 0);
  for (guint i = 0; i < n_traces; i++)
    {
      g_ptr_array_add (self->traces, (gpointer) traces[i]);
      g_ptr_array_add (self->summaries, summaries ? (gpointer) summaries[i] : NULL);
    }

  g_clear_pointer (&self->journey, interleave_journey_free);
  if (self->selected_trace >= n_traces)
    self->selected_request = INTERLEAVE_NO_REQUEST;
  self->hover.kind = INTERLEAVE_ROW_NONE;
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

/**
 * interleave_timeline_renderer_set_summaries:
 * @summaries: (array) (nullable): a summary (or %NULL) per trace, borrowed
 *
 * Replaces the summaries shown in the architecture rows, keeping the
 * selection: a run's summaries arrive when it finishes.
 */
void
interleave_timeline_renderer_set_summaries (InterleaveTimelineRenderer      *self,
                                            const InterleaveSummary * const *summaries)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->summaries->len; i++)
    g_ptr_array_index (self->summaries, i) = summaries ? (gpointer) summaries[i] : NULL;
}

guint
interleave_timeline_renderer_get_n_traces (InterleaveTimelineRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->traces->len;
}

const InterleaveTrace *
interleave_timeline_renderer_get_trace (InterleaveTimelineRenderer *self,
                                        guint                       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->traces->len, NULL);

  return g_ptr_array_index (self->traces, index);
}

void
interleave_timeline_renderer_set_style (InterleaveTimelineRenderer  *self,
                                        const InterleaveRenderStyle *style)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (style->palette != NULL);

  self->style = *style;
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

const InterleaveRenderStyle *
interleave_timeline_renderer_get_style (InterleaveTimelineRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->style;
}

void
interleave_timeline_renderer_set_size (InterleaveTimelineRenderer *self,
                                       double                      width,
                                       double                      height)
{
  g_return_if_fail (self != NULL);

  width = MAX (width, 1.0);
  height = MAX (height, 1.0);
  if (width == self->width && height == self->height)
    return;

  self->width = width;
  self->height = height;
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

void
interleave_timeline_renderer_set_time_scale (InterleaveTimelineRenderer *self,
                                             const InterleaveTimeScale  *scale)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (scale != NULL);
  g_return_if_fail (scale->ns_per_px > 0);

  self->scale = *scale;
}

const InterleaveTimeScale *
interleave_timeline_renderer_get_time_scale (InterleaveTimelineRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->scale;
}

void
interleave_timeline_renderer_set_fit_lanes (InterleaveTimelineRenderer *self,
                                            gboolean                    fit_lanes)
{
  g_return_if_fail (self != NULL);

  self->fit_lanes = !!fit_lanes;
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

/**
 * interleave_timeline_renderer_set_min_fit_lane_height:
 * @height: when fitting lanes, never thinner than this (then the rows
 *   scroll); 0 fits every lane whatever it takes (exports)
 */
void
interleave_timeline_renderer_set_min_fit_lane_height (InterleaveTimelineRenderer *self,
                                                      double                      height)
{
  g_return_if_fail (self != NULL);

  self->min_fit_lane_height = MAX (0, height);
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

/**
 * interleave_timeline_renderer_set_hide_empty_lanes:
 *
 * Leaves out lanes with no span at all (a libuv pool nobody used).
 */
void
interleave_timeline_renderer_set_hide_empty_lanes (InterleaveTimelineRenderer *self,
                                                   gboolean                    hide)
{
  g_return_if_fail (self != NULL);

  self->hide_empty_lanes = !!hide;
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

/**
 * interleave_timeline_renderer_set_hide_core_lanes:
 *
 * Leaves out the per-core lanes (the threads tell the story; a projector
 * has room for fewer lanes).
 */
void
interleave_timeline_renderer_set_hide_core_lanes (InterleaveTimelineRenderer *self,
                                                  gboolean                    hide)
{
  g_return_if_fail (self != NULL);

  self->hide_core_lanes = !!hide;
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

/**
 * interleave_timeline_renderer_set_lane_filter:
 * @lane_kinds: a bit (1 << #InterleaveLaneKind) for each kind of lane to
 *   draw; %G_MAXUINT for all
 * @max_workers: draw the lanes of the first @max_workers processes only
 *   (per-core lanes are not a process's); 0 for all
 *
 * What a lesson step shows: only the event loops, say, or one worker.
 */
void
interleave_timeline_renderer_set_lane_filter (InterleaveTimelineRenderer *self,
                                              guint                       lane_kinds,
                                              guint                       max_workers)
{
  g_return_if_fail (self != NULL);

  if (self->lane_kinds == lane_kinds && self->max_workers == max_workers)
    return;

  self->lane_kinds = lane_kinds;
  self->max_workers = max_workers;
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

void
interleave_timeline_renderer_set_show_legend (InterleaveTimelineRenderer *self,
                                              gboolean                    show_legend)
{
  g_return_if_fail (self != NULL);

  self->show_legend = !!show_legend;
  self->layout_valid = FALSE;
  self->layout_size_valid = FALSE;
}

void
interleave_timeline_renderer_set_playhead (InterleaveTimelineRenderer *self,
                                           gint64                      playhead)
{
  g_return_if_fail (self != NULL);

  self->playhead = playhead;
}

void
interleave_timeline_renderer_set_ghost_future (InterleaveTimelineRenderer *self,
                                               gboolean                    ghost_future)
{
  g_return_if_fail (self != NULL);

  self->ghost_future = !!ghost_future;
}

/**
 * interleave_timeline_renderer_set_selection:
 * @trace: index of the trace
 * @request: the request whose journey is highlighted, or
 *   %INTERLEAVE_NO_REQUEST for none
 */
void
interleave_timeline_renderer_set_selection (InterleaveTimelineRenderer *self,
                                            guint                       trace,
                                            guint32                     request)
{
  g_return_if_fail (self != NULL);

  if (trace >= self->traces->len)
    request = INTERLEAVE_NO_REQUEST;

  if (trace == self->selected_trace && request == self->selected_request)
    return;

  self->selected_trace = trace;
  self->selected_request = request;
  g_clear_pointer (&self->journey, interleave_journey_free);
}

/**
 * interleave_timeline_renderer_get_journey:
 *
 * Returns: (nullable): the selected request's journey, rebuilt when the
 *   trace has grown since
 */
const InterleaveJourney *
interleave_timeline_renderer_get_journey (InterleaveTimelineRenderer *self)
{
  const InterleaveTrace *trace;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->selected_request == INTERLEAVE_NO_REQUEST || self->selected_trace >= self->traces->len)
    return NULL;

  trace = g_ptr_array_index (self->traces, self->selected_trace);
  if (self->journey != NULL && interleave_journey_is_stale (self->journey, trace))
    g_clear_pointer (&self->journey, interleave_journey_free);
  if (self->journey == NULL)
    self->journey = interleave_journey_new (trace, self->selected_request);

  return self->journey;
}

void
interleave_timeline_renderer_set_hover (InterleaveTimelineRenderer  *self,
                                        const InterleaveTimelineHit *hit)
{
  g_return_if_fail (self != NULL);

  if (hit == NULL)
    {
      memset (&self->hover, 0, sizeof self->hover);
      self->hover.kind = INTERLEAVE_ROW_NONE;
      self->hover.span = -1;
    }
  else
    self->hover = *hit;
}

/**
 * interleave_timeline_renderer_invalidate:
 *
 * Call when the traces gained processes or lanes.
 */
void
interleave_timeline_renderer_invalidate (InterleaveTimelineRenderer *self)
{
  g_return_if_fail (self != NULL);

  /* Only the data: the layout is rebuilt if the traces' shape changed. */
  self->layout_valid = FALSE;
}

/* Layout ---------------------------------------------------------------- */

static double
rows_top (InterleaveTimelineRenderer *self)
{
  return self->style.axis_height;
}

static double
rows_bottom (InterleaveTimelineRenderer *self)
{
  return MAX (rows_top (self) + 1, self->height - (self->show_legend ? self->style.legend_height : 0));
}

static double
plot_x (InterleaveTimelineRenderer *self)
{
  return MIN (self->style.header_width, self->width * 0.5);
}

static double
plot_width (InterleaveTimelineRenderer *self)
{
  return MAX (1.0, self->width - plot_x (self));
}

static gboolean
lane_is_shown (InterleaveTimelineRenderer *self,
               const InterleaveLane       *lane)
{
  if (self->hide_core_lanes && lane->kind == INTERLEAVE_LANE_CORE)
    return FALSE;

  if ((self->lane_kinds & (1u << lane->kind)) == 0)
    return FALSE;
  if (self->max_workers > 0 && lane->kind != INTERLEAVE_LANE_CORE && lane->process >= self->max_workers)
    return FALSE;
  return !self->hide_empty_lanes || lane->spans->len > 0;
}

static guint64
compute_layout_key (InterleaveTimelineRenderer *self)
{
  guint64 key = self->traces->len;

  for (guint t = 0; t < self->traces->len; t++)
    {
      const InterleaveTrace *trace = g_ptr_array_index (self->traces, t);
      guint shown = 0;

      for (guint l = 0; l < trace->lanes->len; l++)
        shown += lane_is_shown (self, g_ptr_array_index (trace->lanes, l));

      key = key * 1000003 + trace->lanes->len;
      key = key * 1000003 + trace->processes->len;
      key = key * 1000003 + shown;
    }

  return key;
}

static void
add_row (InterleaveTimelineRenderer *self,
         InterleaveRowKind           kind,
         guint                       trace,
         guint                       process,
         guint                       lane,
         double                     *y,
         double                      height)
{
  InterleaveTimelineRow row = {
    .kind = kind, .trace = trace, .process = process, .lane = lane,
    .y = *y, .height = height,
  };

  g_array_append_val (self->rows, row);
  if (kind == INTERLEAVE_ROW_LANE)
    g_hash_table_insert (self->lane_rows, GUINT_TO_POINTER ((trace << 16) | lane),
                         GUINT_TO_POINTER (self->rows->len));
  *y += height;
}

static void
build_rows (InterleaveTimelineRenderer *self,
            gboolean                    process_rows)
{
  double y = 0;

  self->process_rows = process_rows;

  g_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->lane_rows);

  for (guint t = 0; t < self->traces->len; t++)
    {
      const InterleaveTrace *trace = g_ptr_array_index (self->traces, t);

      add_row (self, INTERLEAVE_ROW_ARCH, t, 0, 0, &y, self->arch_height);

      for (guint p = 0; p < trace->processes->len; p++)
        {
          gboolean header_done = FALSE;

          for (guint l = 0; l < trace->lanes->len; l++)
            {
              const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);

              if (lane->process != p || !lane_is_shown (self, lane))
                continue;

              if (!header_done && process_rows && trace->processes->len > 1)
                add_row (self, INTERLEAVE_ROW_PROCESS, t, p, 0, &y, self->style.process_header_height);
              header_done = TRUE;

              add_row (self, INTERLEAVE_ROW_LANE, t, p, l, &y, self->lane_height + self->lane_gap);
            }
        }
    }

  self->content_height = y;
}

static void
ensure_layout (InterleaveTimelineRenderer *self)
{
  guint64 key;
  double available;
  guint n_lanes = 0;

  /* The shape of the traces is only checked after invalidate(): this is
   * called for every lane lookup. */
  if (self->layout_valid)
    return;

  key = compute_layout_key (self);
  if (self->layout_key_valid && key == self->layout_key && self->layout_size_valid)
    {
      self->layout_valid = TRUE;
      return;
    }

  self->layout_key = key;
  self->layout_key_valid = TRUE;
  self->layout_size_valid = TRUE;
  self->layout_valid = TRUE;
  self->lane_height = self->style.lane_height;
  self->lane_gap = self->style.lane_gap;
  self->arch_height = self->style.arch_header_height;

  build_rows (self, TRUE);
  if (!self->fit_lanes)
    return;

  /* Fit every lane into the height: shrink (or grow up to four times:
   * a lesson's one event loop fills a projector's screen rather than
   * leaving it empty) the lanes; when they would get thin, drop the process rows, then make
   * the architecture rows compact, then thin the gaps. */
  available = rows_bottom (self) - rows_top (self);
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, InterleaveTimelineRow, i).kind == INTERLEAVE_ROW_LANE)
      n_lanes++;
  if (n_lanes == 0)
    return;

  for (int attempt = 0; attempt < 3; attempt++)
    {
      double fixed = self->content_height - n_lanes * (self->lane_height + self->lane_gap);
      double per_lane = (available - fixed) / n_lanes;
      double wanted = MAX (10 * self->style.scale, self->min_fit_lane_height);

      if (per_lane - self->style.lane_gap >= wanted || attempt == 2)
        {
          if (per_lane < 10 * self->style.scale)
            self->lane_gap = per_lane >= 4 ? 1 : 0;
          self->lane_height = CLAMP (per_lane - self->lane_gap,
                                     MAX (1.0, self->min_fit_lane_height),
                                     4 * self->style.lane_height);
          build_rows (self, attempt == 0);
          return;
        }

      if (attempt == 1)
        self->arch_height = round (self->style.title_font_size * 1.7);
      build_rows (self, FALSE);
    }
}

double
interleave_timeline_renderer_get_content_height (InterleaveTimelineRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  ensure_layout (self);
  return self->content_height;
}

void
interleave_timeline_renderer_set_scroll (InterleaveTimelineRenderer *self,
                                         double                      scroll_y)
{
  g_return_if_fail (self != NULL);

  self->scroll_y = MAX (0.0, scroll_y);
}

double
interleave_timeline_renderer_get_scroll (InterleaveTimelineRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->scroll_y;
}

/**
 * interleave_timeline_renderer_get_plot_area:
 *
 * The rectangle where lanes are drawn (right of the headers, below the
 * axis, above the legend), in the renderer's coordinates.
 */
void
interleave_timeline_renderer_get_plot_area (InterleaveTimelineRenderer *self,
                                            double                     *x,
                                            double                     *y,
                                            double                     *width,
                                            double                     *height)
{
  g_return_if_fail (self != NULL);

  if (x) *x = plot_x (self);
  if (y) *y = rows_top (self);
  if (width) *width = plot_width (self);
  if (height) *height = rows_bottom (self) - rows_top (self);
}

const InterleaveTimelineRow *
interleave_timeline_renderer_get_rows (InterleaveTimelineRenderer *self,
                                       guint                      *n_rows)
{
  g_return_val_if_fail (self != NULL, NULL);

  ensure_layout (self);
  if (n_rows)
    *n_rows = self->rows->len;

  return (const InterleaveTimelineRow *) (gpointer) self->rows->data;
}

static double
row_screen_y (InterleaveTimelineRenderer  *self,
              const InterleaveTimelineRow *row)
{
  return rows_top (self) + row->y - self->scroll_y;
}

static void
lane_rect (InterleaveTimelineRenderer  *self,
           const InterleaveTimelineRow *row,
           double                      *y,
           double                      *height)
{
  *y = round (row_screen_y (self, row) + self->lane_gap / 2);
  *height = round (self->lane_height);
}

/**
 * interleave_timeline_renderer_get_lane_area:
 * @y: (out): top of the lane's bar on screen
 * @height: (out): its height
 *
 * Returns: whether the lane has a row
 */
gboolean
interleave_timeline_renderer_get_lane_area (InterleaveTimelineRenderer *self,
                                            guint                       trace,
                                            guint                       lane,
                                            double                     *y,
                                            double                     *height)
{
  const InterleaveTimelineRow *row;
  double yy, hh;
  guint index;

  g_return_val_if_fail (self != NULL, FALSE);

  ensure_layout (self);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->lane_rows, GUINT_TO_POINTER ((trace << 16) | lane)));
  if (index == 0 || lane > G_MAXUINT16)
    return FALSE;

  row = &g_array_index (self->rows, InterleaveTimelineRow, index - 1);
  lane_rect (self, row, &yy, &hh);
  if (y) *y = yy;
  if (height) *height = hh;

  return TRUE;
}

/* Visible rows: binary search for the first row that reaches the top. */
static guint
first_visible_row (InterleaveTimelineRenderer *self)
{
  guint lo = 0, hi = self->rows->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const InterleaveTimelineRow *row = &g_array_index (self->rows, InterleaveTimelineRow, mid);

      if (row->y + row->height <= self->scroll_y)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

#define FOREACH_VISIBLE_ROW(self, row)                                              \
  for (guint _i = first_visible_row (self);                                         \
       _i < (self)->rows->len &&                                                    \
       ((row) = &g_array_index ((self)->rows, InterleaveTimelineRow, _i),           \
        row_screen_y ((self), (row)) < rows_bottom (self));                         \
       _i++)

static const InterleaveLane *
row_lane (InterleaveTimelineRenderer  *self,
          const InterleaveTimelineRow *row)
{
  const InterleaveTrace *trace = g_ptr_array_index (self->traces, row->trace);

  return g_ptr_array_index (trace->lanes, row->lane);
}

/* Hit testing ----------------------------------------------------------- */

/**
 * interleave_timeline_renderer_hit_test:
 * @x: renderer coordinates
 * @y: renderer coordinates
 * @hit: (out): what is there
 *
 * Finds the row under the point and, in a lane, the span under it. A span
 * thinner than a few pixels is still found when the point is near it.
 *
 * Returns: whether the point is on a span
 */
gboolean
interleave_timeline_renderer_hit_test (InterleaveTimelineRenderer *self,
                                       double                      x,
                                       double                      y,
                                       InterleaveTimelineHit      *hit)
{
  const InterleaveTimelineRow *row = NULL;
  const InterleaveLane *lane;
  double content_y, tolerance;
  gint64 t;
  guint lo, hi;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  ensure_layout (self);

  memset (hit, 0, sizeof *hit);
  hit->kind = INTERLEAVE_ROW_NONE;
  hit->span = -1;
  hit->request = INTERLEAVE_NO_REQUEST;

  if (y < rows_top (self) || y >= rows_bottom (self) || x < 0 || x >= self->width)
    return FALSE;

  content_y = y - rows_top (self) + self->scroll_y;
  lo = 0;
  hi = self->rows->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const InterleaveTimelineRow *r = &g_array_index (self->rows, InterleaveTimelineRow, mid);

      if (content_y < r->y)
        hi = mid;
      else if (content_y >= r->y + r->height)
        lo = mid + 1;
      else
        {
          row = r;
          break;
        }
    }

  if (row == NULL)
    return FALSE;

  hit->kind = row->kind;
  hit->trace = row->trace;
  hit->process = row->process;
  hit->lane = row->lane;
  hit->in_plot = x >= plot_x (self);
  if (!hit->in_plot)
    return FALSE;

  t = interleave_time_scale_to_time (&self->scale, x - plot_x (self));
  hit->time = t;

  if (row->kind != INTERLEAVE_ROW_LANE)
    return FALSE;

  lane = row_lane (self, row);
  tolerance = 3.0 * self->style.scale * self->scale.ns_per_px;

  {
    const InterleaveSpan *spans = (const InterleaveSpan *) (gpointer) lane->spans->data;
    guint i = interleave_lane_first_span_after (lane, (gint64) (t - tolerance));
    gint best = -1;
    double best_distance = G_MAXDOUBLE;

    for (; i < lane->spans->len && spans[i].start <= t + tolerance; i++)
      {
        double distance;

        if (spans[i].state == INTERLEAVE_STATE_IDLE)
          continue;

        if (spans[i].start <= t && t < spans[i].end)
          distance = 0;
        else if (t < spans[i].start)
          distance = spans[i].start - t;
        else
          distance = t - spans[i].end;

        if (distance < best_distance)
          {
            best_distance = distance;
            best = i;
            if (distance == 0)
              break;
          }
      }

    if (best < 0)
      return FALSE;

    hit->span = best;
    hit->request = spans[best].request;
  }

  return TRUE;
}

/* Drawing helpers ------------------------------------------------------- */

static void
device_scale (cairo_t *cr,
              double  *sx,
              double  *sy)
{
  double dx = 1, dy = 0, ex = 0, ey = 1;

  cairo_user_to_device_distance (cr, &dx, &dy);
  cairo_user_to_device_distance (cr, &ex, &ey);
  *sx = MAX (0.25, hypot (dx, dy));
  *sy = MAX (0.25, hypot (ex, ey));
}

static gboolean
is_vector (cairo_t *cr)
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

static InterleaveStateFill *
ensure_fill (InterleaveTimelineRenderer *self,
             double                      device_scale_x)
{
  if (!interleave_state_fill_matches (self->fill, self->style.palette,
                                      self->style.pattern_size, device_scale_x))
    {
      g_clear_pointer (&self->fill, interleave_state_fill_free);
      self->fill = interleave_state_fill_new (self->style.palette,
                                              self->style.pattern_size,
                                              device_scale_x);
    }

  return self->fill;
}

static InterleaveColumn *
ensure_columns (InterleaveTimelineRenderer *self,
                guint                       n)
{
  if (n > self->n_columns)
    {
      g_free (self->columns);
      self->columns = g_new (InterleaveColumn, n);
      self->n_columns = n;
    }

  return self->columns;
}

static void
clip_rows (InterleaveTimelineRenderer *self,
           cairo_t                    *cr,
           double                      x,
           double                      width)
{
  cairo_rectangle (cr, x, rows_top (self), width, rows_bottom (self) - rows_top (self));
  cairo_clip (cr);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Fills a state swatch the way lanes show it. */
static void
draw_state_chip (InterleaveTimelineRenderer *self,
                 cairo_t                    *cr,
                 InterleaveState             state,
                 double                      x,
                 double                      y,
                 double                      w,
                 double                      h)
{
  const InterleavePalette *palette = self->style.palette;
  double top, bottom;
  double sx, sy;

  device_scale (cr, &sx, &sy);
  interleave_state_get_extent (state, &top, &bottom);

  cairo_save (cr);
  interleave_color_set_source (&palette->band, cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
  if (state != INTERLEAVE_STATE_IDLE)
    {
      interleave_state_fill_set_source (ensure_fill (self, sx), cr, state, FALSE);
      cairo_rectangle (cr, x, y + top * h, w, (bottom - top) * h);
      cairo_fill (cr);
    }
  interleave_color_set_source (&palette->dim, cr);
  cairo_set_line_width (cr, MAX (1.0, self->style.line_width));
  cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static char *
format_summary (const InterleaveSummary *summary)
{
  GString *str = g_string_new (NULL);
  g_autofree char *throughput = interleave_format_value (summary->throughput);
  g_autofree char *p50 = interleave_format_duration ((gint64) (summary->latency_p50_ms * 1e6));
  g_autofree char *p99 = interleave_format_duration ((gint64) (summary->latency_p99_ms * 1e6));
  const char *sep = "   ·   ";

  /* Translators: throughput, e.g. "148 req/s" */
  g_string_append_printf (str, _("%s req/s"), throughput);
  g_string_append (str, sep);
  /* Translators: median latency, e.g. "p50 2.1 ms" */
  g_string_append_printf (str, _("p50 %s"), p50);
  g_string_append (str, sep);
  /* Translators: 99th percentile latency, e.g. "p99 52 ms" */
  g_string_append_printf (str, _("p99 %s"), p99);
  g_string_append (str, sep);
  /* Translators: share of all cores busy, e.g. "CPU 48%" */
  g_string_append_printf (str, _("CPU %.0f%%"), summary->cpu_utilisation * 100);
  if (!isnan (summary->gil_contended))
    {
      g_string_append (str, sep);
      /* Translators: share of time a thread waited for the GIL */
      g_string_append_printf (str, _("GIL contended %.0f%%"), summary->gil_contended * 100);
    }
  if (summary->refused > 0)
    {
      g_string_append (str, sep);
      guint refused = (guint) MIN (summary->refused, G_MAXUINT);

      /* Translators: requests the server turned away */
      g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "%u refused", "%u refused", refused),
                              refused);
    }

  return g_string_free (str, FALSE);
}

/**
 * interleave_timeline_renderer_set_series_style:
 * @trace: a trace index
 * @colour: the series colour of its header's mark
 * @dash: and its dash pattern (interleave_palette_set_series_dash())
 *
 * Marks trace @trace like series @colour / @dash of a chart instead of its
 * own index's, so an architecture's simulated and measured runs can share
 * a colour, as in the charts beside them.
 */
void
interleave_timeline_renderer_set_series_style (InterleaveTimelineRenderer *self,
                                               guint                       trace,
                                               guint                       colour,
                                               guint                       dash)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (trace < 1024);

  while (self->series_styles->len < 2 * (trace + 1))
    {
      guint none = G_MAXUINT;
      g_array_append_val (self->series_styles, none);
    }

  g_array_index (self->series_styles, guint, 2 * trace) = colour;
  g_array_index (self->series_styles, guint, 2 * trace + 1) = dash;
}

static void
draw_series_chip (InterleaveTimelineRenderer *self,
                  cairo_t                    *cr,
                  guint                       index,
                  double                      x,
                  double                      cy,
                  double                      w)
{
  double lw = 3 * self->style.line_width;
  guint colour = index, dash = index;

  if (2 * index + 1 < self->series_styles->len &&
      g_array_index (self->series_styles, guint, 2 * index) != G_MAXUINT)
    {
      colour = g_array_index (self->series_styles, guint, 2 * index);
      dash = g_array_index (self->series_styles, guint, 2 * index + 1);
    }

  cairo_save (cr);
  interleave_color_set_source (&self->style.palette->series[colour % INTERLEAVE_PALETTE_N_SERIES], cr);
  cairo_set_line_width (cr, lw);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  interleave_palette_set_series_dash (cr, dash, lw);
  cairo_move_to (cr, x, cy);
  cairo_line_to (cr, x + w, cy);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Content: backgrounds, architecture and process rows, spans ------------ */

/* Grid lines and spans are drawn for a stretch of time starting at
 * @start, @width pixels wide from user-space @x: the plot when drawing
 * the whole view, or a tile of it (interleave_timeline_renderer_draw_lanes()).
 * Tick steps follow the view's zoom, not the stretch's width, so that
 * tiles drawn apart show the same grid. */
static void
draw_grid (InterleaveTimelineRenderer *self,
           cairo_t                    *cr,
           double                      x,
           double                      width,
           double                      start)
{
  double pw = plot_width (self);
  double step, first;

  if (pw < 1.0 || width <= 0)
    return;

  /* As the axis chooses its ticks (interleave_axis_time_ticks()). */
  step = interleave_axis_nice_step (interleave_time_scale_to_time (&self->scale, pw) -
                                    interleave_time_scale_to_time (&self->scale, 0),
                                    MAX (1.0, floor (pw / (110 * self->style.scale))));
  step = MAX (step, 1.0);
  first = ceil (start / step) * step;

  cairo_save (cr);
  clip_rows (self, cr, x, width);
  interleave_color_set_source (&self->style.palette->grid, cr);
  cairo_set_line_width (cr, 1.0);
  for (double t = first; t <= start + width * self->scale.ns_per_px; t += step)
    {
      double gx = round (x + ((gint64) t - start) / self->scale.ns_per_px) + 0.5;

      cairo_move_to (cr, gx, rows_top (self));
      cairo_line_to (cr, gx, rows_bottom (self));
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_rows (InterleaveTimelineRenderer *self,
           cairo_t                    *cr)
{
  const InterleavePalette *palette = self->style.palette;
  const InterleaveTimelineRow *row;
  double px = plot_x (self);
  double pw = plot_width (self);
  guint lane_in_trace = 0;

  cairo_save (cr);
  clip_rows (self, cr, 0, self->width);
  interleave_text_begin (self->text, cr, &self->style);

  FOREACH_VISIBLE_ROW (self, row)
    {
      const InterleaveTrace *trace = g_ptr_array_index (self->traces, row->trace);
      double y = row_screen_y (self, row);

      switch (row->kind)
        {
        case INTERLEAVE_ROW_ARCH:
          {
            const InterleaveSummary *summary = g_ptr_array_index (self->summaries, row->trace);
            double pad = 10 * self->style.scale;
            double chip = 22 * self->style.scale;
            double cy = y + row->height / 2;

            lane_in_trace = 0;
            interleave_color_set_source (&palette->band, cr);
            cairo_rectangle (cr, 0, y, self->width, row->height);
            cairo_fill (cr);
            interleave_color_set_source (&palette->grid, cr);
            cairo_rectangle (cr, 0, y, self->width, 1);
            cairo_fill (cr);

            double name_w;

            draw_series_chip (self, cr, row->trace, pad, cy, chip);
            interleave_color_set_source (&palette->foreground, cr);
            /* The row has no spans: the name may run into the plot. */
            name_w = interleave_text_draw_line (self->text, cr, trace->name, INTERLEAVE_TEXT_TITLE, TRUE,
                                                pad * 1.6 + chip, cy, self->width * 0.4, INTERLEAVE_ALIGN_START);

            if (summary != NULL)
              {
                g_autofree char *text = format_summary (summary);
                double x = MAX (px + pad, pad * 1.6 + chip + name_w + 2 * pad);

                interleave_color_set_source (&palette->dim, cr);
                interleave_text_draw_line (self->text, cr, text, INTERLEAVE_TEXT_BODY, FALSE,
                                           x, cy, self->width - x - pad, INTERLEAVE_ALIGN_START);
              }
          }
          break;

        case INTERLEAVE_ROW_PROCESS:
          {
            const InterleaveProcess *process = g_ptr_array_index (trace->processes, row->process);

            lane_in_trace = 0;
            interleave_color_set_source (&palette->grid, cr);
            cairo_rectangle (cr, 12 * self->style.scale, y + row->height - 1, self->width, 1);
            cairo_fill (cr);
            interleave_color_set_source (&palette->dim, cr);
            interleave_text_draw_line (self->text, cr, process->name, INTERLEAVE_TEXT_SMALL, TRUE,
                                       12 * self->style.scale, y + row->height / 2,
                                       px - 16 * self->style.scale, INTERLEAVE_ALIGN_START);
          }
          break;

        case INTERLEAVE_ROW_LANE:
          {
            double ly, lh;

            lane_rect (self, row, &ly, &lh);
            if (lane_in_trace++ % 2 == 0)
              {
                interleave_color_set_source (&palette->band, cr);
                cairo_rectangle (cr, px, ly, pw, lh);
                cairo_fill (cr);
              }
          }
          break;

        case INTERLEAVE_ROW_NONE:
        default:
          break;
        }
    }

  cairo_restore (cr);
}

typedef struct
{
  const InterleaveLane *lane;
  int                   y0;
  int                   y1;
} LaneJob;

typedef struct
{
  InterleaveTimelineRenderer *self;
  GArray                     *lanes;       /* LaneJob */
  guint                       index;       /* this worker takes every n-th lane */
  guint                       stride_jobs;
  InterleaveColumn           *columns;
  guint32                    *pixels;
  gsize                       stride;
  int                         width;
  int                         height;
  double                      start;
  double                      ns_per_column;
  guint                       x_origin;
  gboolean                    clear_lanes;
} PaintJob;

static void
paint_lanes (PaintJob *job)
{
  InterleaveStateFill *fill = job->self->fill;

  for (guint i = job->index; i < job->lanes->len; i += job->stride_jobs)
    {
      const LaneJob *lane = &g_array_index (job->lanes, LaneJob, i);
      int y0 = lane->y0, y1 = lane->y1;

      interleave_lane_columns_compute (lane->lane, job->start, job->ns_per_column,
                                       job->width, job->columns);

      if (y0 >= 0 && y1 <= job->height)
        {
          /* Each job clears its own lanes' rows (the painter leaves
           * pixels without a span untouched). */
          if (job->clear_lanes)
            for (int r = y0; r < y1; r++)
              memset (job->pixels + (gsize) r * job->stride, 0, (gsize) job->width * 4);
          interleave_lane_columns_paint_at (job->columns, job->width, fill,
                                            job->pixels, job->stride, y0, y1 - y0, job->x_origin);
        }
      else
        {
          /* A lane cut by the top or bottom edge: paint it whole into a
           * strip, copy the visible rows. */
          int h = y1 - y0;
          g_autofree guint32 *strip = g_new0 (guint32, (gsize) job->width * h);

          interleave_lane_columns_paint_at (job->columns, job->width, fill, strip, job->width, 0, h,
                                            job->x_origin);
          for (int r = MAX (0, -y0); r < h && y0 + r < job->height; r++)
            memcpy (job->pixels + (gsize) (y0 + r) * job->stride,
                    strip + (gsize) r * job->width, job->width * 4);
        }
    }
}

static void
paint_worker (gpointer data,
              gpointer user_data)
{
  PaintJob *job = data;
  InterleaveTimelineRenderer *self = job->self;

  paint_lanes (job);

  g_mutex_lock (&self->mutex);
  if (--self->pending == 0)
    g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static void
draw_spans_raster (InterleaveTimelineRenderer *self,
                   cairo_t                    *cr,
                   double                      x,
                   double                      width,
                   double                      start,
                   gboolean                    anchored)
{
  const InterleaveTimelineRow *row;
  g_autoptr(GArray) lanes = NULL;
  PaintJob jobs[4];
  guint n_jobs;
  gboolean clear_lanes;
  double sx, sy;
  int pw, ph;
  guint32 *pixels;
  gsize stride;
  InterleaveStateFill *fill;
  guint x_origin;

  device_scale (cr, &sx, &sy);
  fill = ensure_fill (self, sx);
  pw = (int) ceil (width * sx);
  /* Patterns anchored at the view's column 0 (a whole view), or at time
   * 0's column (tiles of one zoom level, drawn apart). */
  if (!anchored)
    x_origin = 0;
  else
    {
      double column = floor (start / (self->scale.ns_per_px / sx) + 0.5);
      guint size = interleave_state_fill_get_tile_size (fill);

      x_origin = (guint) (column - floor (column / size) * size);
    }
  ph = (int) ceil ((rows_bottom (self) - rows_top (self)) * sy);
  if (pw <= 0 || ph <= 0)
    return;

  if (self->scratch == NULL ||
      cairo_image_surface_get_width (self->scratch) != pw ||
      cairo_image_surface_get_height (self->scratch) != ph)
    {
      g_clear_pointer (&self->scratch, cairo_surface_destroy);
      self->scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
    }

  cairo_surface_flush (self->scratch);
  pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (self->scratch);
  stride = cairo_image_surface_get_stride (self->scratch) / 4;

  lanes = g_array_new (FALSE, FALSE, sizeof (LaneJob));
  FOREACH_VISIBLE_ROW (self, row)
    {
      LaneJob lane;
      double ly, lh;

      if (row->kind != INTERLEAVE_ROW_LANE)
        continue;

      lane_rect (self, row, &ly, &lh);
      lane.lane = row_lane (self, row);
      lane.y0 = (int) round ((ly - rows_top (self)) * sy);
      lane.y1 = (int) round ((ly + lh - rows_top (self)) * sy);
      if (lane.y1 <= 0 || lane.y0 >= ph || lane.y1 <= lane.y0)
        continue;
      g_array_append_val (lanes, lane);
    }

  /* Clearing the whole scratch here cost the UI thread about a
   * millisecond per redraw: here only the rows between lanes, and each
   * job its lanes'
   * (a lane cut by an edge is copied whole from a cleared strip). Lanes
   * are in order from the top; if two were ever to share a row, clear
   * everything here. */
  {
    gboolean disjoint = TRUE;
    int cleared = 0;

    for (guint i = 0; i < lanes->len && disjoint; i++)
      {
        const LaneJob *lane = &g_array_index (lanes, LaneJob, i);
        int top = MAX (0, lane->y0);

        if (top < cleared)
          disjoint = FALSE;
        else
          {
            memset (pixels + (gsize) cleared * stride, 0, (gsize) (top - cleared) * stride * 4);
            cleared = MIN (ph, lane->y1);
          }
      }

    if (disjoint)
      memset (pixels + (gsize) cleared * stride, 0, (gsize) (ph - cleared) * stride * 4);
    else
      memset (pixels, 0, stride * 4 * ph);
    clear_lanes = disjoint;
  }

  /* Few lanes are not worth a thread hop. */
  n_jobs = lanes->len >= 8 ? self->n_workers : 1;
  if (n_jobs > 1 && self->pool == NULL)
    self->pool = g_thread_pool_new (paint_worker, NULL, self->n_workers - 1, FALSE, NULL);
  if (self->pool == NULL)
    n_jobs = 1;

  ensure_columns (self, pw * n_jobs);
  for (guint j = 0; j < n_jobs; j++)
    jobs[j] = (PaintJob) {
      .self = self, .lanes = lanes, .index = j, .stride_jobs = n_jobs,
      .columns = self->columns + (gsize) j * pw,
      .pixels = pixels, .stride = stride, .width = pw, .height = ph,
      .start = start, .ns_per_column = self->scale.ns_per_px / sx,
      .x_origin = x_origin, .clear_lanes = clear_lanes,
    };

  self->pending = n_jobs - 1;
  for (guint j = 1; j < n_jobs; j++)
    g_thread_pool_push (self->pool, &jobs[j], NULL);
  paint_lanes (&jobs[0]);

  g_mutex_lock (&self->mutex);
  while (self->pending > 0)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  cairo_surface_mark_dirty (self->scratch);
  cairo_surface_set_device_scale (self->scratch, sx, sy);

  cairo_save (cr);
  clip_rows (self, cr, x, width);
  cairo_set_source_surface (cr, self->scratch, x, rows_top (self));
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

static const InterleaveState vector_stack_order[] = {
  INTERLEAVE_STATE_RUNNING,
  INTERLEAVE_STATE_NATIVE,
  INTERLEAVE_STATE_GIL_WAIT,
  INTERLEAVE_STATE_RUNNABLE,
  INTERLEAVE_STATE_IO_WAIT,
};

typedef struct
{
  double x, y, w, h;
} Rect;

/* SVG and PDF: wide spans become exact rectangles with vector patterns;
 * columns holding sub-pixel spans become stacked bars, merged with their
 * neighbours when they look the same. */
static void
draw_spans_vector (InterleaveTimelineRenderer *self,
                   cairo_t                    *cr)
{
  const InterleaveTimelineRow *row;
  GArray *rects[2][INTERLEAVE_N_STATES];
  InterleaveStateFill *fill = ensure_fill (self, 1.0);
  double px = plot_x (self);
  double pw = plot_width (self);
  guint n_columns = (guint) ceil (pw);
  InterleaveColumn *columns = ensure_columns (self, n_columns);
  gint64 t0 = interleave_time_scale_to_time (&self->scale, 0);
  gint64 t1 = interleave_time_scale_to_time (&self->scale, pw);

  for (int k = 0; k < 2; k++)
    for (guint s = 0; s < INTERLEAVE_N_STATES; s++)
      rects[k][s] = g_array_new (FALSE, FALSE, sizeof (Rect));

  cairo_save (cr);
  clip_rows (self, cr, px, pw);

  FOREACH_VISIBLE_ROW (self, row)
    {
      const InterleaveLane *lane;
      const InterleaveSpan *spans;
      double ly, lh;
      int previous_stack[G_N_ELEMENTS (vector_stack_order) + 1] = { -1 };
      int previous_x = -2;
      guint previous_index[G_N_ELEMENTS (vector_stack_order)] = { 0 };

      if (row->kind != INTERLEAVE_ROW_LANE)
        continue;

      lane = row_lane (self, row);
      spans = (const InterleaveSpan *) (gpointer) lane->spans->data;
      lane_rect (self, row, &ly, &lh);

      for (guint i = interleave_lane_first_span_after (lane, t0); i < lane->spans->len && spans[i].start < t1; i++)
        {
          double x0 = interleave_time_scale_to_x (&self->scale, spans[i].start);
          double x1 = interleave_time_scale_to_x (&self->scale, spans[i].end);
          double top, bottom;
          Rect r;

          if (x1 - x0 < 1.0 || spans[i].state == INTERLEAVE_STATE_IDLE || spans[i].state >= INTERLEAVE_N_STATES)
            continue;

          x0 = MAX (x0, -2);
          x1 = MIN (x1, pw + 2);
          interleave_state_get_extent (spans[i].state, &top, &bottom);
          r = (Rect) { px + x0, ly + top * lh, x1 - x0, (bottom - top) * lh };
          g_array_append_val (rects[0][spans[i].state], r);
        }

      interleave_lane_columns_compute (lane, self->scale.start, self->scale.ns_per_px, n_columns, columns);
      for (guint x = 0; x < n_columns; x++)
        {
          int stack[G_N_ELEMENTS (vector_stack_order) + 1];
          float cumulative = 0, total = 0;
          gboolean same;

          if (!columns[x].narrow)
            continue;

          for (guint k = 0; k < G_N_ELEMENTS (vector_stack_order); k++)
            total += columns[x].share[vector_stack_order[k]];
          total = MAX (total, 1.0f);

          stack[0] = 0;
          for (guint k = 0; k < G_N_ELEMENTS (vector_stack_order); k++)
            {
              cumulative += columns[x].share[vector_stack_order[k]] / total;
              stack[k + 1] = (int) lround (cumulative * lh * 2);   /* half pixels */
            }

          same = previous_x == (int) x - 1 &&
                 memcmp (stack, previous_stack, sizeof stack) == 0;

          for (guint k = 0; k < G_N_ELEMENTS (vector_stack_order); k++)
            {
              InterleaveState s = vector_stack_order[k];
              GArray *array = rects[1][s];
              Rect r;

              if (stack[k + 1] <= stack[k])
                continue;

              if (same)
                {
                  g_array_index (array, Rect, previous_index[k]).w += 1;
                  continue;
                }

              r = (Rect) { px + x, ly + lh - stack[k + 1] / 2.0, 1, (stack[k + 1] - stack[k]) / 2.0 };
              previous_index[k] = array->len;
              g_array_append_val (array, r);
            }

          memcpy (previous_stack, stack, sizeof stack);
          previous_x = x;
        }
    }

  for (int k = 0; k < 2; k++)
    for (guint s = 0; s < INTERLEAVE_N_STATES; s++)
      {
        if (rects[k][s]->len > 0)
          {
            for (guint i = 0; i < rects[k][s]->len; i++)
              {
                const Rect *r = &g_array_index (rects[k][s], Rect, i);
                cairo_rectangle (cr, r->x, r->y, r->w, r->h);
              }
            interleave_state_fill_set_source (fill, cr, s, k == 1);
            cairo_fill (cr);
          }
        g_array_unref (rects[k][s]);
      }

  cairo_restore (cr);
}

/**
 * interleave_timeline_renderer_draw_content:
 *
 * Draws what only changes with the data, the scale, the size or the
 * scroll position: background, rows, grid and spans. The widget caches
 * this part.
 */
void
interleave_timeline_renderer_draw_content (InterleaveTimelineRenderer *self,
                                           cairo_t                    *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  ensure_layout (self);

  cairo_save (cr);
  interleave_color_set_source (&self->style.palette->background, cr);
  cairo_rectangle (cr, 0, 0, self->width, self->height);
  cairo_fill (cr);
  draw_rows (self, cr);
  draw_grid (self, cr, plot_x (self), plot_width (self), self->scale.start);

  if (is_vector (cr))
    draw_spans_vector (self, cr);
  else
    draw_spans_raster (self, cr, plot_x (self), plot_width (self), self->scale.start, FALSE);

  cairo_restore (cr);
}

/**
 * interleave_timeline_renderer_draw_rows:
 *
 * Draws the part of interleave_timeline_renderer_draw_content() that does
 * not move with time: the background, the architecture and process rows
 * and the lanes' bands. interleave_timeline_renderer_draw_lanes() draws
 * the rest on top, so a widget can keep what it drew of the lanes while
 * the view pans.
 */
void
interleave_timeline_renderer_draw_rows (InterleaveTimelineRenderer *self,
                                        cairo_t                    *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  ensure_layout (self);

  cairo_save (cr);
  interleave_color_set_source (&self->style.palette->background, cr);
  cairo_rectangle (cr, 0, 0, self->width, self->height);
  cairo_fill (cr);
  draw_rows (self, cr);
  cairo_restore (cr);
}

/**
 * interleave_timeline_renderer_draw_lanes:
 * @start: ns at user-space x = 0
 * @width: how far to draw, in user-space units
 *
 * Draws grid lines and spans at the current zoom for the time from
 * @start, into x = 0 … @width of @cr, in the rows' places, on a
 * transparent background: a tile of the lanes that stays valid while
 * only the view's start changes. Patterns are anchored at time 0, so
 * tiles drawn apart meet without a seam. Raster targets only.
 */
void
interleave_timeline_renderer_draw_lanes (InterleaveTimelineRenderer *self,
                                         cairo_t                    *cr,
                                         double                      start,
                                         double                      width)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (!is_vector (cr));

  ensure_layout (self);

  cairo_save (cr);
  draw_grid (self, cr, 0, width, start);
  draw_spans_raster (self, cr, 0, width, start, TRUE);
  cairo_restore (cr);
}

/* Headers: lane names and their state at the playhead ------------------- */

/* Processes that serve requests (the per-core lanes have one of their own). */
static guint
count_workers (const InterleaveTrace *trace)
{
  guint n = 0;

  for (guint p = 0; p < trace->processes->len; p++)
    for (guint l = 0; l < trace->lanes->len; l++)
      {
        const InterleaveLane *lane = g_ptr_array_index (trace->lanes, l);

        if (lane->process == p && lane->kind != INTERLEAVE_LANE_CORE)
          {
            n++;
            break;
          }
      }

  return n;
}

/* Room for a request id left of a lane's state chip: the names leave it
 * free whether or not an id is shown, so they stay put while the
 * playhead moves (and can be drawn once, the chips on every frame). */
static double
id_room (InterleaveTimelineRenderer *self,
         cairo_t                    *cr)
{
  double w, h;

  interleave_text_set (self->text, "#888888", INTERLEAVE_TEXT_SMALL, FALSE, -1);
  interleave_text_get_size (self->text, &w, &h);

  return w;
}

static void
draw_header_rows (InterleaveTimelineRenderer *self,
                  cairo_t                    *cr,
                  gboolean                    names,
                  gboolean                    states)
{
  const InterleavePalette *palette;
  const InterleaveTimelineRow *row;
  double px, chip_w, pad, room = 0;

  ensure_layout (self);
  palette = self->style.palette;
  px = plot_x (self);
  pad = 8 * self->style.scale;
  chip_w = 22 * self->style.scale;

  cairo_save (cr);
  clip_rows (self, cr, 0, px);
  interleave_text_begin (self->text, cr, &self->style);
  if (self->playhead >= 0)
    room = id_room (self, cr);

  FOREACH_VISIBLE_ROW (self, row)
    {
      const InterleaveLane *lane;
      double ly, lh, name_width;

      if (row->kind != INTERLEAVE_ROW_LANE)
        continue;

      lane = row_lane (self, row);
      lane_rect (self, row, &ly, &lh);
      if (lh < 9 * self->style.scale)
        continue;

      name_width = px - 2 * pad - 12 * self->style.scale;
      if (self->playhead >= 0)
        {
          double chip_x = px - pad - chip_w;

          name_width -= chip_w + pad + room + pad / 2;

          if (states)
            {
              const InterleaveSpan *span = interleave_lane_find_span (lane, self->playhead);
              InterleaveState state = span ? span->state : INTERLEAVE_STATE_IDLE;
              double chip_h = MIN (lh - 4, 14 * self->style.scale);

              draw_state_chip (self, cr, state, chip_x, ly + (lh - chip_h) / 2, chip_w, chip_h);

              if (span != NULL && span->request != INTERLEAVE_NO_REQUEST && state != INTERLEAVE_STATE_IDLE)
                {
                  g_autofree char *id = g_strdup_printf ("#%u", span->request);

                  interleave_color_set_source (&palette->dim, cr);
                  interleave_text_draw_line (self->text, cr, id, INTERLEAVE_TEXT_SMALL, FALSE,
                                             chip_x - pad / 2, ly + lh / 2, room, INTERLEAVE_ALIGN_END);
                }
            }
        }

      if (names)
        {
          const InterleaveTrace *trace = g_ptr_array_index (self->traces, row->trace);
          g_autofree char *name = NULL;

          interleave_color_set_source (&palette->foreground, cr);
          /* Without process rows, say which worker a lane belongs to. */
          if (!self->process_rows && lane->kind != INTERLEAVE_LANE_CORE && count_workers (trace) > 1)
            name = g_strdup_printf ("%s · %s",
                                    ((const InterleaveProcess *) g_ptr_array_index (trace->processes, lane->process))->name,
                                    lane->name);

          interleave_text_draw_line (self->text, cr, name ? name : lane->name,
                                     lh >= 18 * self->style.scale ? INTERLEAVE_TEXT_BODY : INTERLEAVE_TEXT_SMALL,
                                     FALSE, 20 * self->style.scale, ly + lh / 2, name_width,
                                     INTERLEAVE_ALIGN_START);
        }
    }

  cairo_restore (cr);

  if (names)
    {
      cairo_save (cr);
      interleave_color_set_source (&palette->grid, cr);
      cairo_rectangle (cr, px - 1, rows_top (self), 1, rows_bottom (self) - rows_top (self));
      cairo_fill (cr);
      cairo_restore (cr);
    }
}

void
interleave_timeline_renderer_draw_headers (InterleaveTimelineRenderer *self,
                                           cairo_t                    *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  draw_header_rows (self, cr, TRUE, TRUE);
}

/**
 * interleave_timeline_renderer_draw_header_names:
 *
 * The part of interleave_timeline_renderer_draw_headers() that does not
 * change with the playhead: lane names and the line along the plot.
 */
void
interleave_timeline_renderer_draw_header_names (InterleaveTimelineRenderer *self,
                                                cairo_t                    *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  draw_header_rows (self, cr, TRUE, FALSE);
}

/**
 * interleave_timeline_renderer_draw_header_states:
 *
 * The rest: each lane's state at the playhead, and its request, within
 * interleave_timeline_renderer_get_header_states_area().
 */
void
interleave_timeline_renderer_draw_header_states (InterleaveTimelineRenderer *self,
                                                 cairo_t                    *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  draw_header_rows (self, cr, FALSE, TRUE);
}

/**
 * interleave_timeline_renderer_get_header_states_area:
 * @x: (out): left edge
 * @width: (out): width; 0 without a playhead
 */
void
interleave_timeline_renderer_get_header_states_area (InterleaveTimelineRenderer *self,
                                                     cairo_t                    *cr,
                                                     double                     *x,
                                                     double                     *width)
{
  double px, pad, left;

  g_return_if_fail (self != NULL);

  px = plot_x (self);
  pad = 8 * self->style.scale;
  left = px;
  if (self->playhead >= 0)
    {
      interleave_text_begin (self->text, cr, &self->style);
      left = MAX (0, px - pad - 22 * self->style.scale - pad / 2 - id_room (self, cr) - 2);
    }

  *x = left;
  *width = px - left;
}

/* Axis and legend -------------------------------------------------------- */

void
interleave_timeline_renderer_draw_axis (InterleaveTimelineRenderer *self,
                                        cairo_t                    *cr)
{
  const InterleavePalette *palette;
  InterleaveTick ticks[INTERLEAVE_AXIS_MAX_TICKS];
  double px, pw, ah, tick;
  g_autofree char *visible = NULL;
  g_autofree char *visible_label = NULL;
  guint n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  palette = self->style.palette;
  px = plot_x (self);
  pw = plot_width (self);
  ah = self->style.axis_height;
  tick = 6 * self->style.scale;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->width, ah);
  cairo_clip (cr);
  interleave_color_set_source (&palette->background, cr);
  cairo_paint (cr);
  interleave_text_begin (self->text, cr, &self->style);

  /* How much time the view shows: the scale a teacher talks about. */
  visible = interleave_format_duration ((gint64) (self->scale.ns_per_px * pw));
  /* Translators: the width of the visible time range, e.g. "250 ms shown" */
  visible_label = g_strdup_printf (_("%s shown"), visible);
  interleave_color_set_source (&palette->dim, cr);
  interleave_text_draw_line (self->text, cr, visible_label, INTERLEAVE_TEXT_SMALL, FALSE,
                             10 * self->style.scale, ah / 2, px - 16 * self->style.scale,
                             INTERLEAVE_ALIGN_START);

  n = interleave_axis_time_ticks (interleave_time_scale_to_time (&self->scale, 0),
                                  interleave_time_scale_to_time (&self->scale, pw),
                                  pw, 110 * self->style.scale, ticks, G_N_ELEMENTS (ticks));

  cairo_rectangle (cr, px, 0, pw, ah);
  cairo_clip (cr);
  interleave_color_set_source (&palette->grid, cr);
  cairo_rectangle (cr, px, ah - 1, pw, 1);
  cairo_fill (cr);

  for (guint i = 0; i < n; i++)
    {
      double x = round (px + interleave_time_scale_to_x (&self->scale, (gint64) ticks[i].value));
      double w;

      interleave_color_set_source (&palette->grid, cr);
      cairo_rectangle (cr, x, ah - tick, 1, tick);
      cairo_fill (cr);

      interleave_text_set (self->text, ticks[i].label, INTERLEAVE_TEXT_SMALL, FALSE, -1);
      interleave_text_get_size (self->text, &w, NULL);
      if (x - w / 2 < px + 2)
        continue;
      interleave_color_set_source (&palette->foreground, cr);
      interleave_text_draw_line (self->text, cr, ticks[i].label, INTERLEAVE_TEXT_SMALL, FALSE,
                                 x, (ah - tick) / 2 + 1, -1, INTERLEAVE_ALIGN_CENTER);
    }

  cairo_restore (cr);
}

void
interleave_timeline_renderer_draw_legend (InterleaveTimelineRenderer *self,
                                          cairo_t                    *cr)
{
  const InterleavePalette *palette;
  double y, h, x, chip_w, chip_h, pad;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (!self->show_legend)
    return;

  palette = self->style.palette;
  y = rows_bottom (self);
  h = self->height - y;
  pad = 10 * self->style.scale;
  chip_w = 26 * self->style.scale;
  chip_h = MIN (h - 8, 14 * self->style.scale);
  x = pad;

  cairo_save (cr);
  cairo_rectangle (cr, 0, y, self->width, h);
  cairo_clip (cr);
  interleave_color_set_source (&palette->background, cr);
  cairo_paint (cr);
  interleave_color_set_source (&palette->grid, cr);
  cairo_rectangle (cr, 0, y, self->width, 1);
  cairo_fill (cr);
  interleave_text_begin (self->text, cr, &self->style);

  for (guint s = INTERLEAVE_STATE_RUNNING; s < INTERLEAVE_N_STATES; s++)
    {
      const char *label = interleave_state_get_label (s);
      double w;

      interleave_text_set (self->text, label, INTERLEAVE_TEXT_SMALL, FALSE, -1);
      interleave_text_get_size (self->text, &w, NULL);
      if (x + chip_w + pad / 2 + w > self->width)
        break;

      draw_state_chip (self, cr, s, x, y + (h - chip_h) / 2, chip_w, chip_h);
      interleave_color_set_source (&palette->foreground, cr);
      interleave_text_draw_line (self->text, cr, label, INTERLEAVE_TEXT_SMALL, FALSE,
                                 x + chip_w + pad / 2, y + h / 2, -1, INTERLEAVE_ALIGN_START);
      x += chip_w + pad / 2 + w + 2 * pad;
    }

  cairo_restore (cr);
}

/* Overlays: the journey, the hovered span and the playhead --------------- */

static gboolean
span_rect (InterleaveTimelineRenderer *self,
           guint                       trace,
           guint                       lane,
           gint64                      start,
           gint64                      end,
           InterleaveState             state,
           double                      min_width,
           double                     *x,
           double                     *y,
           double                     *w,
           double                     *h)
{
  double ly, lh, x0, x1, top, bottom;

  if (!interleave_timeline_renderer_get_lane_area (self, trace, lane, &ly, &lh))
    return FALSE;

  x0 = plot_x (self) + interleave_time_scale_to_x (&self->scale, start);
  x1 = plot_x (self) + interleave_time_scale_to_x (&self->scale, end);
  if (x1 - x0 < min_width)
    {
      double c = (x0 + x1) / 2;
      x0 = c - min_width / 2;
      x1 = c + min_width / 2;
    }

  interleave_state_get_extent (state, &top, &bottom);
  *x = x0;
  *w = x1 - x0;
  *y = ly + top * lh;
  *h = (bottom - top) * lh;

  return TRUE;
}

static double
lane_center (InterleaveTimelineRenderer *self,
             guint                       trace,
             guint                       lane)
{
  double ly = 0, lh = 0;

  interleave_timeline_renderer_get_lane_area (self, trace, lane, &ly, &lh);
  return ly + lh / 2;
}

/* Covers the visible lanes, from @x over @width, with the background
 * at @alpha: what is veiled fades, the header rows stay as they are. */
static void
veil_lanes (InterleaveTimelineRenderer *self,
            cairo_t                    *cr,
            double                      x,
            double                      width,
            double                      alpha)
{
  const InterleaveTimelineRow *row;

  interleave_color_set_source_alpha (&self->style.palette->background, cr, alpha);
  FOREACH_VISIBLE_ROW (self, row)
    {
      double ly, lh;

      if (row->kind != INTERLEAVE_ROW_LANE)
        continue;
      lane_rect (self, row, &ly, &lh);
      cairo_rectangle (cr, x, ly, width, lh);
    }
  cairo_fill (cr);
}

/**
 * interleave_timeline_renderer_draw_journey:
 *
 * Dims everything, then draws the selected request's spans on top with an
 * outline, joined across lanes in time order; its queue wait as a dashed
 * line from its arrival; and, for each GIL wait, the lane that held the
 * GIL meanwhile.
 */
void
interleave_timeline_renderer_draw_journey (InterleaveTimelineRenderer *self,
                                           cairo_t                    *cr)
{
  const InterleaveJourney *journey;
  const InterleaveTrace *trace;
  const InterleavePalette *palette;
  InterleaveStateFill *fill;
  double lw, sx, sy;
  double prev_x = 0, prev_y = 0;
  guint prev_lane = G_MAXUINT;
  gboolean have_prev = FALSE;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  ensure_layout (self);
  journey = interleave_timeline_renderer_get_journey (self);
  if (journey == NULL)
    return;

  trace = g_ptr_array_index (self->traces, self->selected_trace);
  palette = self->style.palette;
  lw = 2 * self->style.line_width;
  device_scale (cr, &sx, &sy);
  fill = ensure_fill (self, sx);

  cairo_save (cr);
  clip_rows (self, cr, plot_x (self), plot_width (self));

  /* Only the lanes fade: the architecture and process headers, with
   * their figures, stay readable while a journey is shown. */
  veil_lanes (self, cr, plot_x (self), plot_width (self), 0.72);

  /* GIL holders first, underneath the journey. */
  for (guint i = 0; i < journey->steps->len; i++)
    {
      guint lane;
      const InterleaveSpan *span = interleave_journey_get_span (journey, trace, i, &lane);
      double x, y, w, h;
      double dashes[] = { 4 * self->style.scale, 3 * self->style.scale };

      if (span->state != INTERLEAVE_STATE_GIL_WAIT || span->cause == INTERLEAVE_NO_LANE ||
          span->cause >= trace->lanes->len)
        continue;

      if (!span_rect (self, self->selected_trace, span->cause, span->start, span->end,
                      INTERLEAVE_STATE_RUNNING, 2, &x, &y, &w, &h))
        continue;

      cairo_save (cr);
      interleave_color_set_source (&palette->highlight, cr);
      cairo_set_line_width (cr, self->style.line_width * 1.5);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_rectangle (cr, x, y, w, h);
      cairo_move_to (cr, x + w / 2, lane_center (self, self->selected_trace, lane));
      cairo_line_to (cr, x + w / 2, y + h / 2);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* The spans themselves, joined in time order. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < journey->steps->len; i++)
    {
      guint lane;
      const InterleaveSpan *span = interleave_journey_get_span (journey, trace, i, &lane);
      const InterleaveLane *l = g_ptr_array_index (trace->lanes, lane);
      double x, y, w, h, cy;

      if (!span_rect (self, self->selected_trace, lane, span->start, span->end,
                      span->state, 2, &x, &y, &w, &h))
        continue;

      if (span->state != INTERLEAVE_STATE_IDLE)
        {
          interleave_state_fill_set_source (fill, cr, span->state, FALSE);
          cairo_rectangle (cr, x, y, w, h);
          cairo_fill (cr);
        }
      interleave_color_set_source (&palette->highlight, cr);
      cairo_set_line_width (cr, lw);
      cairo_rectangle (cr, x, y, w, h);
      cairo_stroke (cr);

      if (l->kind == INTERLEAVE_LANE_CORE)
        continue;

      cy = lane_center (self, self->selected_trace, lane);
      if (have_prev && prev_lane != lane)
        {
          cairo_move_to (cr, prev_x, prev_y);
          cairo_line_to (cr, x, cy);
          cairo_stroke (cr);
        }
      else if (have_prev && x - prev_x > 2)
        {
          /* Off the thread meanwhile (I/O on an event loop): dashed. */
          double dashes[] = { 4 * self->style.scale, 4 * self->style.scale };

          cairo_save (cr);
          cairo_set_line_width (cr, lw * 0.75);
          cairo_set_dash (cr, dashes, 2, 0);
          cairo_move_to (cr, prev_x, cy);
          cairo_line_to (cr, x, cy);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      prev_x = x + w;
      prev_y = cy;
      prev_lane = lane;
      have_prev = TRUE;
    }

  /* Arrival, queue wait and completion. */
  if (journey->record.arrival >= 0)
    {
      const InterleaveSpan *first = NULL;
      guint first_lane = 0;
      double ax = plot_x (self) + interleave_time_scale_to_x (&self->scale, journey->record.arrival);
      double cy, r = 5 * self->style.scale;
      double dashes[] = { 6 * self->style.scale, 4 * self->style.scale };

      for (guint i = 0; i < journey->steps->len; i++)
        {
          guint lane;
          const InterleaveSpan *span = interleave_journey_get_span (journey, trace, i, &lane);

          if (((const InterleaveLane *) g_ptr_array_index (trace->lanes, lane))->kind != INTERLEAVE_LANE_CORE)
            {
              first = span;
              first_lane = lane;
              break;
            }
        }

      if (first != NULL)
        {
          double fx = plot_x (self) + interleave_time_scale_to_x (&self->scale, first->start);

          cy = lane_center (self, self->selected_trace, first_lane);
          interleave_color_set_source (&palette->highlight, cr);
          cairo_set_line_width (cr, lw);
          if (fx - ax > 1)
            {
              cairo_save (cr);
              cairo_set_dash (cr, dashes, 2, 0);
              cairo_move_to (cr, ax, cy);
              cairo_line_to (cr, fx, cy);
              cairo_stroke (cr);
              cairo_restore (cr);
            }

          /* Arrival: a filled circle. */
          cairo_arc (cr, ax, cy, r, 0, 2 * G_PI);
          cairo_fill (cr);

          if (journey->record.done >= 0 && have_prev)
            {
              double dx = plot_x (self) + interleave_time_scale_to_x (&self->scale, journey->record.done);

              /* Completion: a bar across the lane. */
              cairo_rectangle (cr, dx - lw / 2, prev_y - 2.2 * r, lw * 1.5, 4.4 * r);
              cairo_fill (cr);
            }
        }
    }

  cairo_restore (cr);
}

void
interleave_timeline_renderer_draw_hover (InterleaveTimelineRenderer *self,
                                         cairo_t                    *cr)
{
  const InterleaveTrace *trace;
  const InterleaveLane *lane;
  const InterleaveSpan *span;
  double x, y, w, h;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (self->hover.kind != INTERLEAVE_ROW_LANE || self->hover.span < 0 ||
      self->hover.trace >= self->traces->len)
    return;

  trace = g_ptr_array_index (self->traces, self->hover.trace);
  if (self->hover.lane >= trace->lanes->len)
    return;
  lane = g_ptr_array_index (trace->lanes, self->hover.lane);
  if ((guint) self->hover.span >= lane->spans->len)
    return;
  span = &g_array_index (lane->spans, InterleaveSpan, self->hover.span);

  if (!span_rect (self, self->hover.trace, self->hover.lane, span->start, span->end,
                  span->state, 3, &x, &y, &w, &h))
    return;

  cairo_save (cr);
  clip_rows (self, cr, plot_x (self), plot_width (self));
  interleave_color_set_source (&self->style.palette->highlight, cr);
  cairo_set_line_width (cr, 2 * self->style.line_width);
  cairo_rectangle (cr, x - 1, y - 1, w + 2, h + 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static char *
format_playhead (gint64 t)
{
  if (t < 1000000000)
    return g_strdup_printf ("%.1f ms", t / 1e6);
  return g_strdup_printf ("%.3f s", t / 1e9);
}

void
interleave_timeline_renderer_draw_playhead (InterleaveTimelineRenderer *self,
                                            cairo_t                    *cr)
{
  const InterleavePalette *palette;
  g_autofree char *label = NULL;
  double x, w, h, pad;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (self->playhead < 0)
    return;

  x = plot_x (self) + interleave_time_scale_to_x (&self->scale, self->playhead);
  if (x < plot_x (self) - 1 || x > self->width + 1)
    return;

  palette = self->style.palette;
  pad = 5 * self->style.scale;

  cairo_save (cr);
  cairo_rectangle (cr, plot_x (self), 0, plot_width (self), rows_bottom (self));
  cairo_clip (cr);

  interleave_color_set_source (&palette->playhead, cr);
  cairo_rectangle (cr, x - self->style.line_width, rows_top (self),
                   2 * self->style.line_width, rows_bottom (self) - rows_top (self));
  cairo_fill (cr);

  interleave_text_begin (self->text, cr, &self->style);
  label = format_playhead (self->playhead);
  interleave_text_set (self->text, label, INTERLEAVE_TEXT_SMALL, TRUE, -1);
  interleave_text_get_size (self->text, &w, &h);
  rounded_rectangle (cr, x - w / 2 - pad, 2, w + 2 * pad, self->style.axis_height - 4, 4 * self->style.scale);
  cairo_fill (cr);
  interleave_color_set_source (&palette->background, cr);
  interleave_text_draw (self->text, cr, x, self->style.axis_height / 2 - h / 2, INTERLEAVE_ALIGN_CENTER);

  cairo_restore (cr);
}

/* The future, veiled: only the lanes, so the architecture rows keep
 * their summaries readable. */
static void
draw_future_veil (InterleaveTimelineRenderer *self,
                  cairo_t                    *cr)
{
  double x;

  if (!self->ghost_future || self->playhead < 0)
    return;

  x = plot_x (self) + interleave_time_scale_to_x (&self->scale, self->playhead);
  x = MAX (x, plot_x (self));
  if (x >= self->width)
    return;

  cairo_save (cr);
  clip_rows (self, cr, plot_x (self), plot_width (self));
  veil_lanes (self, cr, x, self->width - x, 0.75);
  cairo_restore (cr);
}

/**
 * interleave_timeline_renderer_draw:
 *
 * Draws everything into @cr, from (0, 0) to the renderer's size. The
 * exporter and the benchmark use this; the widget draws the same parts
 * separately so it can cache the content.
 */
void
interleave_timeline_renderer_draw (InterleaveTimelineRenderer *self,
                                   cairo_t                    *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  interleave_timeline_renderer_draw_content (self, cr);
  draw_future_veil (self, cr);
  interleave_timeline_renderer_draw_journey (self, cr);
  interleave_timeline_renderer_draw_hover (self, cr);
  interleave_timeline_renderer_draw_headers (self, cr);
  interleave_timeline_renderer_draw_axis (self, cr);
  interleave_timeline_renderer_draw_legend (self, cr);
  interleave_timeline_renderer_draw_playhead (self, cr);
}
