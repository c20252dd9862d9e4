/* test-target.c
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

#include "interleave-target.h"

static void
test_target_loopback (void)
{
  static const struct {
    const char *url;
    gboolean allow_remote;
    gboolean ok;
    int code;
  } cases[] = {
    { "http://127.0.0.1:8080/work", FALSE, TRUE, 0 },
    { "http://127.1.2.3/", FALSE, TRUE, 0 },
    { "http://localhost:3000/", FALSE, TRUE, 0 },
    { "http://LOCALHOST/", FALSE, TRUE, 0 },
    { "http://[::1]:9000/", FALSE, TRUE, 0 },
    { "http://192.168.1.10/", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK },
    { "http://example.org/", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK },
    { "http://localhost.example.org/", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK },
    { "http://127.0.0.1.nip.io/", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK },
    { "http://0.0.0.0/", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK },
    { "http://[::ffff:8.8.8.8]/", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_NOT_LOOPBACK },
    { "http://example.org/", TRUE, TRUE, 0 },
    { "https://127.0.0.1/", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_INVALID },
    { "not a url", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_INVALID },
    { "http:///nohost", FALSE, FALSE, INTERLEAVE_TARGET_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = NULL;

      g_test_message ("%s", cases[i].url);
      uri = interleave_target_parse (cases[i].url, cases[i].allow_remote, &error);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_nonnull (uri);
        }
      else
        {
          g_assert_null (uri);
          g_assert_error (error, INTERLEAVE_TARGET_ERROR, cases[i].code);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/target/loopback", test_target_loopback);

  return g_test_run ();
}
