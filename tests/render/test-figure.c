/* test-figure.c
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

#define _GNU_SOURCE
#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "interleave-figure.h"
#include "interleave-test-traces.h"

typedef struct
{
  InterleaveTrace  *traces[2];
  InterleaveFigure  figure;
  char             *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->traces[0] = interleave_test_trace_new_random ("Node.js", 1, 2, 400, 200 * MS, 1);
  f->traces[1] = interleave_test_trace_new_random ("Python threads", 2, 4, 400, 200 * MS, 2);
  interleave_figure_init (&f->figure);
  f->figure.title = "Export test";
  f->figure.subtitle = "two architectures";
  f->figure.caption = "request 17 waits 5 ms for the GIL held by thread 3";
  f->figure.traces = (const InterleaveTrace * const *) f->traces;
  f->figure.n_traces = 2;
  f->figure.playhead = 120 * MS;
  f->figure.selected_trace = 1;
  f->figure.selected_request = 10;
  f->dir = g_dir_make_tmp ("interleave-figure-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  interleave_trace_free (f->traces[0]);
  interleave_trace_free (f->traces[1]);
}

static GFile *
export (Fixture                *f,
        const char             *name,
        InterleaveImageFormat   format,
        int                     width,
        int                     height)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (interleave_figure_export (&f->figure, format, file, width, height, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (file, NULL));

  return g_steal_pointer (&file);
}

static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  int sizes[][2] = { { 1280, 720 }, { 1920, 1080 }, { 640, 900 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GFile) file = export (f, "view.png", INTERLEAVE_IMAGE_PNG, sizes[i][0], sizes[i][1]);
      g_autofree char *path = g_file_get_path (file);
      cairo_surface_t *image = cairo_image_surface_create_from_png (path);
      guint32 *data_ = (guint32 *) (gpointer) cairo_image_surface_get_data (image);
      int stride = cairo_image_surface_get_stride (image) / 4;
      g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);

      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, sizes[i][0]);
      g_assert_cmpint (cairo_image_surface_get_height (image), ==, sizes[i][1]);

      /* A real picture: many colours, not a blank page. */
      for (int y = 0; y < sizes[i][1]; y += 3)
        for (int x = 0; x < sizes[i][0]; x += 3)
          g_hash_table_add (colors, GUINT_TO_POINTER (data_[y * stride + x]));
      g_assert_cmpuint (g_hash_table_size (colors), >, 20);

      cairo_surface_destroy (image);
    }
}

typedef struct
{
  gboolean  root_seen;
  char     *width;
  char     *height;
  guint     patterns;
} SvgInfo;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgInfo *info = user_data;

  if (!info->root_seen)
    {
      info->root_seen = TRUE;
      g_assert_cmpstr (element, ==, "svg");
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "width"))
            info->width = g_strdup (values[i]);
          else if (g_str_equal (names[i], "height"))
            info->height = g_strdup (values[i]);
        }
    }

  if (g_str_equal (element, "pattern"))
    info->patterns++;
}

static void
test_svg (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GFile) file = export (f, "view.svg", INTERLEAVE_IMAGE_SVG, 1600, 900);
  GMarkupParser parser = { .start_element = svg_start };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SvgInfo info = { 0 };
  gsize length;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);

  /* Well-formed XML with an <svg> root of the requested size. */
  context = g_markup_parse_context_new (&parser, 0, &info, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);

  g_assert_true (info.root_seen);
  g_assert_cmpstr (info.width, ==, "1600px");
  g_assert_cmpstr (info.height, ==, "900px");

  /* The hatching is vector patterns, not pixels. */
  g_assert_cmpuint (info.patterns, >, 0);

  g_free (info.width);
  g_free (info.height);
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GFile) file = export (f, "view.pdf", INTERLEAVE_IMAGE_PDF, 1200, 675);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *p;
  gsize length;
  guint pages = 0;
  gboolean media_box = FALSE;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  /* The page tree objects are not compressed: count /Type /Page (not
   * /Pages) and read each page's /MediaBox. */
  for (p = contents; (p = memmem (p, contents + length - p, "/Type /Page", 11)) != NULL; p++)
    if (p[11] != 's')
      pages++;
  g_assert_cmpuint (pages, ==, 1);

  for (p = contents; (p = memmem (p, contents + length - p, "/MediaBox [", 11)) != NULL; p++)
    {
      double x0, y0, x1, y1;

      g_assert_cmpint (sscanf (p, "/MediaBox [ %lf %lf %lf %lf ]", &x0, &y0, &x1, &y1), ==, 4);
      g_assert_cmpfloat (x1 - x0, ==, 1200);
      g_assert_cmpfloat (y1 - y0, ==, 675);
      media_box = TRUE;
    }
  g_assert_true (media_box);

  /* With poppler-utils installed, ask pdfinfo as well. */
  {
    g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

    if (pdfinfo != NULL)
      {
        g_autofree char *path = g_file_get_path (file);
        g_autofree char *out = NULL;
        const char *argv[] = { pdfinfo, path, NULL };
        int status;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                     &out, NULL, &status, &error));
        g_assert_no_error (error);
        g_assert_nonnull (strstr (out, "Pages:          1"));
        g_assert_nonnull (strstr (out, "1200 x 675 pts"));
      }
  }
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "too-small.png", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no", "such", "dir", "x.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  InterleaveImageFormat format;

  g_assert_false (interleave_figure_export (&f->figure, INTERLEAVE_IMAGE_PNG, file, 10, 10, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_query_exists (file, NULL));
  g_clear_error (&error);

  g_assert_false (interleave_figure_export (&f->figure, INTERLEAVE_IMAGE_PDF, nowhere, 800, 600, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "x.png"));
  g_clear_error (&error);

  g_assert_true (interleave_image_format_from_name ("a/b/timeline.SVG", &format));
  g_assert_cmpint (format, ==, INTERLEAVE_IMAGE_SVG);
  g_assert_true (interleave_image_format_from_name ("pdf", &format));
  g_assert_cmpint (format, ==, INTERLEAVE_IMAGE_PDF);
  g_assert_false (interleave_image_format_from_name ("timeline.jpg", &format));
}

static void
test_keeps_old_file_on_error (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "keep.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_false (interleave_figure_export (&f->figure, INTERLEAVE_IMAGE_PNG, file, 99999, 100, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/figure/png", Fixture, NULL, fixture_setup, test_png, fixture_teardown);
  g_test_add ("/figure/svg", Fixture, NULL, fixture_setup, test_svg, fixture_teardown);
  g_test_add ("/figure/pdf", Fixture, NULL, fixture_setup, test_pdf, fixture_teardown);
  g_test_add ("/figure/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/figure/keeps-old-file-on-error", Fixture, NULL, fixture_setup, test_keeps_old_file_on_error, fixture_teardown);

  return g_test_run ();
}
