/* fuzz-target.c
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

#include "config.h"

#include <stdint.h>

#include "interleave-target.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The loopback check must never crash and never let a non-loopback host
 * through. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GUri) uri = NULL;

  uri = interleave_target_parse (text, FALSE, NULL);
  if (uri != NULL)
    g_assert_true (interleave_target_is_loopback_host (g_uri_get_host (uri)));

  return 0;
}
