/* interleave-target.h
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

G_BEGIN_DECLS

#define INTERLEAVE_TARGET_ERROR (interleave_target_error_quark ())

typedef enum
{
  INTERLEAVE_TARGET_ERROR_INVALID,
  INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK,
} InterleaveTargetError;

GQuark   interleave_target_error_quark (void);
gboolean interleave_target_is_loopback_host (const char *host);
GUri    *interleave_target_parse            (const char *url,
                                             gboolean    allow_remote,
                                             GError    **error);

G_END_DECLS
