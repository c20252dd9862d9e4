/* interleave-timeline-renderer.h
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

#include "interleave-journey.h"
#include "interleave-render-style.h"
#include "interleave-summary.h"
#include "interleave-time-scale.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

/* Draws one or more traces (architectures) as lanes on one time axis:
 *
 *   ┌ header column ┬ time axis ───────────────────────────┐
 *   │ Node.js       │ summary                               │  architecture row
 *   │  Worker 1     │                                       │  process row
 *   │   Event loop ▮│ ███▒▒▒███  ▬▬▬▬  ███                  │  lane rows
 *   └───────────────┴ legend ───────────────────────────────┘
 *
 * Only the rows in view are drawn, and only the spans in the visible time
 * range (binary search); spans narrower than a pixel are summed per pixel
 * column (interleave-lane-columns.h). The widget, the exporter and the
 * benchmark all draw with this. */

typedef enum
{
  INTERLEAVE_ROW_NONE,
  INTERLEAVE_ROW_ARCH,
  INTERLEAVE_ROW_PROCESS,
  INTERLEAVE_ROW_LANE,
} InterleaveRowKind;

typedef struct
{
  InterleaveRowKind kind;
  guint             trace;
  guint             process;
  guint             lane;     /* LANE rows */
  double            y;        /* in content, before scrolling */
  double            height;
} InterleaveTimelineRow;

typedef struct
{
  InterleaveRowKind kind;     /* NONE: outside the rows */
  guint             trace;
  guint             process;
  guint             lane;
  gint              span;     /* index in the lane, or -1 */
  guint32           request;  /* INTERLEAVE_NO_REQUEST when none */
  gint64            time;     /* ns under the point, when in_plot */
  gboolean          in_plot;
} InterleaveTimelineHit;

typedef struct _InterleaveTimelineRenderer InterleaveTimelineRenderer;

InterleaveTimelineRenderer  *interleave_timeline_renderer_new              (void);
void                         interleave_timeline_renderer_free             (InterleaveTimelineRenderer  *self);
void                         interleave_timeline_renderer_set_traces       (InterleaveTimelineRenderer  *self,
                                                                            const InterleaveTrace * const *traces,
                                                                            const InterleaveSummary * const *summaries,
                                                                            guint                         n_traces);
void                         interleave_timeline_renderer_set_summaries    (InterleaveTimelineRenderer  *self,
                                                                            const InterleaveSummary * const *summaries);
guint                        interleave_timeline_renderer_get_n_traces     (InterleaveTimelineRenderer  *self);
const InterleaveTrace       *interleave_timeline_renderer_get_trace        (InterleaveTimelineRenderer  *self,
                                                                            guint                        index);
void                         interleave_timeline_renderer_set_style        (InterleaveTimelineRenderer  *self,
                                                                            const InterleaveRenderStyle *style);
const InterleaveRenderStyle *interleave_timeline_renderer_get_style        (InterleaveTimelineRenderer  *self);
void                         interleave_timeline_renderer_set_size         (InterleaveTimelineRenderer  *self,
                                                                            double                       width,
                                                                            double                       height);
void                         interleave_timeline_renderer_set_time_scale   (InterleaveTimelineRenderer  *self,
                                                                            const InterleaveTimeScale   *scale);
const InterleaveTimeScale   *interleave_timeline_renderer_get_time_scale   (InterleaveTimelineRenderer  *self);
void                         interleave_timeline_renderer_set_scroll       (InterleaveTimelineRenderer  *self,
                                                                            double                       scroll_y);
double                       interleave_timeline_renderer_get_scroll       (InterleaveTimelineRenderer  *self);
void                         interleave_timeline_renderer_set_fit_lanes    (InterleaveTimelineRenderer  *self,
                                                                            gboolean                     fit_lanes);
void                         interleave_timeline_renderer_set_min_fit_lane_height (InterleaveTimelineRenderer *self,
                                                                            double                       height);
void                         interleave_timeline_renderer_set_hide_empty_lanes (InterleaveTimelineRenderer *self,
                                                                            gboolean                     hide);
void                         interleave_timeline_renderer_set_hide_core_lanes (InterleaveTimelineRenderer *self,
                                                                            gboolean                     hide);
void                         interleave_timeline_renderer_set_lane_filter  (InterleaveTimelineRenderer  *self,
                                                                            guint                        lane_kinds,
                                                                            guint                        max_workers);
void                         interleave_timeline_renderer_set_show_legend  (InterleaveTimelineRenderer  *self,
                                                                            gboolean                     show_legend);
void                         interleave_timeline_renderer_set_series_style (InterleaveTimelineRenderer *self,
                                                                            guint                        trace,
                                                                            guint                        colour,
                                                                            guint                        dash);
void                         interleave_timeline_renderer_set_playhead     (InterleaveTimelineRenderer  *self,
                                                                            gint64                       playhead);
void                         interleave_timeline_renderer_set_ghost_future (InterleaveTimelineRenderer  *self,
                                                                            gboolean                     ghost_future);
void                         interleave_timeline_renderer_set_selection    (InterleaveTimelineRenderer  *self,
                                                                            guint                        trace,
                                                                            guint32                      request);
const InterleaveJourney     *interleave_timeline_renderer_get_journey      (InterleaveTimelineRenderer  *self);
void                         interleave_timeline_renderer_set_hover        (InterleaveTimelineRenderer  *self,
                                                                            const InterleaveTimelineHit *hit);
void                         interleave_timeline_renderer_invalidate       (InterleaveTimelineRenderer  *self);
double                       interleave_timeline_renderer_get_content_height (InterleaveTimelineRenderer *self);
void                         interleave_timeline_renderer_get_plot_area    (InterleaveTimelineRenderer  *self,
                                                                            double                      *x,
                                                                            double                      *y,
                                                                            double                      *width,
                                                                            double                      *height);
const InterleaveTimelineRow *interleave_timeline_renderer_get_rows         (InterleaveTimelineRenderer  *self,
                                                                            guint                       *n_rows);
gboolean                     interleave_timeline_renderer_get_lane_area    (InterleaveTimelineRenderer  *self,
                                                                            guint                        trace,
                                                                            guint                        lane,
                                                                            double                      *y,
                                                                            double                      *height);
gboolean                     interleave_timeline_renderer_hit_test         (InterleaveTimelineRenderer  *self,
                                                                            double                       x,
                                                                            double                       y,
                                                                            InterleaveTimelineHit       *hit);
void                         interleave_timeline_renderer_draw             (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_content     (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_rows        (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_lanes       (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr,
                                                                            double                       start,
                                                                            double                       width);
void                         interleave_timeline_renderer_draw_headers     (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_header_names (InterleaveTimelineRenderer *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_header_states (InterleaveTimelineRenderer *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_get_header_states_area (InterleaveTimelineRenderer *self,
                                                                            cairo_t                     *cr,
                                                                            double                      *x,
                                                                            double                      *width);
void                         interleave_timeline_renderer_draw_axis        (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_legend      (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_journey     (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_hover       (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);
void                         interleave_timeline_renderer_draw_playhead    (InterleaveTimelineRenderer  *self,
                                                                            cairo_t                     *cr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveTimelineRenderer, interleave_timeline_renderer_free)

G_END_DECLS
