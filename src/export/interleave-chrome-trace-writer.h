/* interleave-chrome-trace-writer.h
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

#include <gio/gio.h>

#include "interleave-trace.h"

G_BEGIN_DECLS

/* Chrome Trace Event JSON (the "JSON Object Format"), which Perfetto
 * (ui.perfetto.dev) and chrome://tracing open. Each process of each trace
 * is a pid, each lane a tid, each span an "X" complete event named after
 * its state, with the request id, phase, state and cause in args; metric
 * windows become counter tracks. Written as a stream: a trace with
 * millions of spans never sits in memory twice. Reads only
 * InterleaveTrace, so measured traces export alike. */

typedef struct _InterleaveChromeTraceWriter InterleaveChromeTraceWriter;

InterleaveChromeTraceWriter *interleave_chrome_trace_writer_new       (GOutputStream               *stream);
gboolean                     interleave_chrome_trace_writer_add_trace (InterleaveChromeTraceWriter *writer,
                                                                       const InterleaveTrace       *trace,
                                                                       GCancellable                *cancellable,
                                                                       GError                     **error);
gboolean                     interleave_chrome_trace_writer_close     (InterleaveChromeTraceWriter *writer,
                                                                       GCancellable                *cancellable,
                                                                       GError                     **error);
void                         interleave_chrome_trace_writer_free      (InterleaveChromeTraceWriter *writer);

gboolean                     interleave_chrome_trace_writer_save      (const char                  *path,
                                                                       InterleaveTrace * const     *traces,
                                                                       guint                        n_traces,
                                                                       GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveChromeTraceWriter, interleave_chrome_trace_writer_free)

G_END_DECLS
