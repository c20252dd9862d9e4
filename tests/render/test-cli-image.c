/* test-cli-image.c
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

/* `interleave simulate … --png/--svg/--pdf` draws the same figure as the
 * app, with no display at all. */

#define _GNU_SOURCE
#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

static char *tmpdir;

static int
run_cli (const char * const *args,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("INTERLEAVE_BIN"));
  g_ptr_array_add (argv, (gpointer) "simulate");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* No display, as on a server or in CI. */
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
scenario (const char *name)
{
  return g_build_filename (g_getenv ("INTERLEAVE_SOURCE_DIR"), "data", "scenarios", name, NULL);
}

static char *
out (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
test_png_svg_pdf (void)
{
  g_autofree char *file = scenario ("myth-convoy.json");
  g_autofree char *png = out ("convoy.png");
  g_autofree char *svg = out ("convoy.svg");
  g_autofree char *pdf = out ("convoy.pdf");
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  const char *args[] = { file, "--png", png, "--svg", svg, "--pdf", pdf,
                         "--width", "1280", "--height", "720", NULL };
  cairo_surface_t *image;
  gsize length;

  g_assert_cmpint (run_cli (args, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 720);
  cairo_surface_destroy (image);

  g_assert_true (g_file_get_contents (svg, &contents, &length, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"1280px\""));
  g_clear_pointer (&contents, g_free);

  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (memmem (contents, length, "/MediaBox [ 0 0 1280 720 ]", 26));
}

static void
test_default_size_and_range (void)
{
  g_autofree char *file = scenario ("myth-node-one-request.json");
  g_autofree char *png = out ("node.png");
  g_autofree char *err = NULL;
  const char *args[] = { file, "--png", png, "--palette", "dark", "--from", "1.9s", "--to", "2.4s", NULL };
  cairo_surface_t *image;

  g_assert_cmpint (run_cli (args, &err), ==, 0);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1920);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1080);
  cairo_surface_destroy (image);
}

static void
test_bad_options (void)
{
  g_autofree char *file = scenario ("myth-convoy.json");
  g_autofree char *jpg = out ("x.jpg");
  g_autofree char *png = out ("x.png");
  g_autofree char *nowhere = g_build_filename (tmpdir, "no", "such", "dir", "x.png", NULL);
  struct { const char *args[8]; int status; const char *message; } cases[] = {
    { { file, "--png", jpg, NULL }, 2, "--png" },
    { { file, "--png", png, "--width", "10", NULL }, 2, "--width" },
    { { file, "--png", png, "--height", "99999", NULL }, 2, "--height" },
    { { file, "--png", png, "--palette", "sepia", NULL }, 2, "--palette" },
    { { file, "--png", png, "--from", "2s", "--to", "1s", NULL }, 2, "--to" },
    { { file, "--png", nowhere, NULL }, 4, "x.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (cases[i].args, &err), ==, cases[i].status);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, cases[i].message));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("interleave-cli-image-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli-image/png-svg-pdf", test_png_svg_pdf);
  g_test_add_func ("/cli-image/default-size-and-range", test_default_size_and_range);
  g_test_add_func ("/cli-image/bad-options", test_bad_options);

  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
    g_free (tmpdir);
  }

  return ret;
}
