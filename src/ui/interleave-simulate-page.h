/* interleave-simulate-page.h
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

G_BEGIN_DECLS

/* Only what the window needs: the rest (model types) is in
 * interleave-simulate-page-private.h, since the model's metric window
 * type and the application window share the name InterleaveWindow. */

#define INTERLEAVE_TYPE_SIMULATE_PAGE (interleave_simulate_page_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveSimulatePage, interleave_simulate_page, INTERLEAVE, SIMULATE_PAGE, AdwBin)

gboolean interleave_simulate_page_load_file         (InterleaveSimulatePage  *self,
                                                     GFile                   *file,
                                                     GError                 **error);
gboolean interleave_simulate_page_get_presenter     (InterleaveSimulatePage  *self);
void     interleave_simulate_page_set_presenter     (InterleaveSimulatePage  *self,
                                                     gboolean                 presenter);
gboolean interleave_simulate_page_get_high_contrast (InterleaveSimulatePage  *self);
void     interleave_simulate_page_set_high_contrast (InterleaveSimulatePage  *self,
                                                     gboolean                 high_contrast);

G_END_DECLS
