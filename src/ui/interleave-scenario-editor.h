/* interleave-scenario-editor.h
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

#include <adwaita.h>

#include "interleave-scenario.h"

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_SCENARIO_EDITOR (interleave_scenario_editor_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveScenarioEditor, interleave_scenario_editor, INTERLEAVE, SCENARIO_EDITOR, AdwBin)

GtkWidget                *interleave_scenario_editor_new          (void);
void                      interleave_scenario_editor_set_scenario (InterleaveScenarioEditor *self,
                                                                   const InterleaveScenario *scenario);
const InterleaveScenario *interleave_scenario_editor_get_scenario (InterleaveScenarioEditor *self);
gboolean                  interleave_scenario_editor_get_modified (InterleaveScenarioEditor *self);
const char               *interleave_scenario_editor_get_error    (InterleaveScenarioEditor *self);
GtkWidget                *interleave_scenario_editor_find_row     (InterleaveScenarioEditor *self,
                                                                   const char               *field,
                                                                   guint                     index);

G_END_DECLS
