/* interleave-window.h
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

#include "interleave-application.h"

G_BEGIN_DECLS

#define INTERLEAVE_TYPE_WINDOW (interleave_window_get_type ())

G_DECLARE_FINAL_TYPE (InterleaveWindow, interleave_window, INTERLEAVE, WINDOW, AdwApplicationWindow)

InterleaveWindow *interleave_window_new          (InterleaveApplication *application);
void              interleave_window_set_page     (InterleaveWindow      *self,
                                                  const char            *name);
const char       *interleave_window_get_page     (InterleaveWindow      *self);
void              interleave_window_add_toast    (InterleaveWindow      *self,
                                                  const char            *message);
void              interleave_window_show_error   (InterleaveWindow      *self,
                                                  const GError          *error);

G_END_DECLS
