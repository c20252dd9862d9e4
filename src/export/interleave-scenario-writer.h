/* interleave-scenario-writer.h
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

#include "interleave-scenario.h"

G_BEGIN_DECLS

/* Writes a scenario back as the JSON a teacher would write by hand
 * (docs/scenarios.md), every value spelled out, so a scenario edited in
 * the app can be saved, shared and loaded again to the same results. */

char     *interleave_scenario_writer_to_json (const InterleaveScenario  *scenario);
gboolean  interleave_scenario_writer_save    (const InterleaveScenario  *scenario,
                                              GFile                     *file,
                                              GError                   **error);

G_END_DECLS
