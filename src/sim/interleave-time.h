/* interleave-time.h
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

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Times in hand-written files (scenarios, lessons): a string with a unit,
 * "250us", "5ms", "1.5s" (also "ns", "µs", "min", "h"; a bare number
 * string is milliseconds), or a plain JSON number of milliseconds. One
 * parser shared by every file format, so the formats never diverge. */

/* Larger times are refused: no scenario or lesson needs more than a week,
 * and the cap keeps every sum of two times far from overflowing. */
#define INTERLEAVE_TIME_MAX_NS (G_GINT64_CONSTANT (7) * 24 * 3600 * 1000000000)

gboolean  interleave_time_parse      (const char *text,
                                      gint64     *ns);
gboolean  interleave_time_from_ms    (double      ms,
                                      gint64     *ns);
gboolean  interleave_time_from_json  (JsonNode   *node,
                                      gint64     *ns);
char     *interleave_time_to_string  (gint64      ns);

G_END_DECLS
