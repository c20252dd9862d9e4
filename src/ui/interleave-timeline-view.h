/* interleave-timeline-view.h
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

#include <gtk/gtk.h>

#include "interleave-summary.h"
#include "interleave-timeline-renderer.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_TIMELINE_VIEW (interleave_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveTimelineView, interleave_timeline_view, INTERLEAVE, TIMELINE_VIEW, GtkWidget)

GtkWidget  *interleave_timeline_view_new                (void);
void        interleave_timeline_view_set_traces         (InterleaveTimelineView          *self,
                                                         const InterleaveTrace * const   *traces,
                                                         const InterleaveSummary * const *summaries,
                                                         guint                            n_traces);
void        interleave_timeline_view_set_summaries      (InterleaveTimelineView          *self,
                                                         const InterleaveSummary * const *summaries);
void        interleave_timeline_view_set_lane_filter    (InterleaveTimelineView          *self,
                                                         guint                            lane_kinds,
                                                         guint                            max_workers);
void        interleave_timeline_view_traces_changed     (InterleaveTimelineView          *self);
gint64      interleave_timeline_view_get_playhead       (InterleaveTimelineView          *self);
void        interleave_timeline_view_set_playhead       (InterleaveTimelineView          *self,
                                                         gint64                           playhead);
guint       interleave_timeline_view_get_selected_trace (InterleaveTimelineView          *self);
guint32     interleave_timeline_view_get_selected_request (InterleaveTimelineView        *self);
void        interleave_timeline_view_select_request     (InterleaveTimelineView          *self,
                                                         guint                            trace,
                                                         guint32                          request);
const InterleaveJourney *interleave_timeline_view_get_journey (InterleaveTimelineView    *self);
void        interleave_timeline_view_get_visible_range  (InterleaveTimelineView          *self,
                                                         gint64                          *start,
                                                         gint64                          *end);
void        interleave_timeline_view_set_visible_range  (InterleaveTimelineView          *self,
                                                         gint64                           start,
                                                         gint64                           end);
void        interleave_timeline_view_zoom               (InterleaveTimelineView          *self,
                                                         double                           factor,
                                                         double                           x);
void        interleave_timeline_view_pan                (InterleaveTimelineView          *self,
                                                         double                           dx);
void        interleave_timeline_view_zoom_to_fit        (InterleaveTimelineView          *self);
gboolean    interleave_timeline_view_get_presenter      (InterleaveTimelineView          *self);
void        interleave_timeline_view_set_presenter      (InterleaveTimelineView          *self,
                                                         gboolean                         presenter);
gboolean    interleave_timeline_view_get_high_contrast  (InterleaveTimelineView          *self);
void        interleave_timeline_view_set_high_contrast  (InterleaveTimelineView          *self,
                                                         gboolean                         high_contrast);
gboolean    interleave_timeline_view_get_follow_playhead (InterleaveTimelineView         *self);
void        interleave_timeline_view_set_follow_playhead (InterleaveTimelineView         *self,
                                                         gboolean                         follow);
gboolean    interleave_timeline_view_get_fit_lanes      (InterleaveTimelineView          *self);
void        interleave_timeline_view_set_fit_lanes      (InterleaveTimelineView          *self,
                                                         gboolean                         fit_lanes);
gboolean    interleave_timeline_view_get_show_cores     (InterleaveTimelineView          *self);
void        interleave_timeline_view_set_show_cores     (InterleaveTimelineView          *self,
                                                         gboolean                         show_cores);
void        interleave_timeline_view_set_series_style   (InterleaveTimelineView          *self,
                                                         guint                            trace,
                                                         guint                            colour,
                                                         guint                            dash);
double      interleave_timeline_view_get_header_width   (InterleaveTimelineView          *self);
void        interleave_timeline_view_set_header_width   (InterleaveTimelineView          *self,
                                                         double                           header_width);
gboolean    interleave_timeline_view_hit_test           (InterleaveTimelineView          *self,
                                                         double                           x,
                                                         double                           y,
                                                         InterleaveTimelineHit           *hit);
gboolean    interleave_timeline_view_get_lane_area      (InterleaveTimelineView          *self,
                                                         guint                            trace,
                                                         guint                            lane,
                                                         double                          *y,
                                                         double                          *height);
double      interleave_timeline_view_time_to_x          (InterleaveTimelineView          *self,
                                                         gint64                           time);
void        interleave_timeline_view_hover_at           (InterleaveTimelineView          *self,
                                                         double                           x,
                                                         double                           y);
void        interleave_timeline_view_click_at           (InterleaveTimelineView          *self,
                                                         double                           x,
                                                         double                           y);
char       *interleave_timeline_view_dup_summary       (InterleaveTimelineView          *self);
const char *interleave_timeline_view_get_description   (InterleaveTimelineView          *self);
const char *interleave_timeline_view_get_hover_text     (InterleaveTimelineView          *self);
guint       interleave_timeline_view_get_n_renders      (InterleaveTimelineView          *self);
guint       interleave_timeline_view_get_n_tile_renders (InterleaveTimelineView          *self);
guint       interleave_timeline_view_get_n_rows_renders (InterleaveTimelineView          *self);
guint       interleave_timeline_view_get_n_deferred_tiles (InterleaveTimelineView        *self);
InterleavePaletteKind interleave_timeline_view_get_palette (InterleaveTimelineView       *self);

G_END_DECLS
