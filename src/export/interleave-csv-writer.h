/* interleave-csv-writer.h
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

/* CSV exports of a trace, for spreadsheets and notebooks. They read only
 * InterleaveTrace, so a simulated and a measured trace export alike. Times
 * are milliseconds written exactly from integer nanoseconds, numbers use a
 * dot and no locale: the same trace always gives the same bytes. Several
 * traces (architectures) go in one file, header once, one row each. */

gboolean interleave_csv_writer_write_requests (GOutputStream          *stream,
                                               const InterleaveTrace  *trace,
                                               gboolean                header,
                                               GCancellable           *cancellable,
                                               GError                **error);
gboolean interleave_csv_writer_write_series   (GOutputStream          *stream,
                                               const InterleaveTrace  *trace,
                                               gboolean                header,
                                               GCancellable           *cancellable,
                                               GError                **error);
void     interleave_csv_writer_append_field   (GString                *line,
                                               const char             *text);

G_END_DECLS
