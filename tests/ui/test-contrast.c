/* test-contrast.c
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

#include <adwaita.h>

#include "interleave-application.h"
#include "interleave-palette.h"
#include "interleave-test-util.h"

/* The text colours and styles the app adds to libadwaita's (style.css,
 * style-dark.css, style-hc.css): each drawn as the app draws it (same
 * classes, same nesting, the app's own stylesheet, opacity and
 * translucent backgrounds included), in light, dark and high contrast,
 * and the contrast of what reaches the screen measured in the picture:
 * at least 4.5:1 between text and the background right behind it. */

typedef struct
{
  const char *outer;   /* classes of the containers, outermost first, "/" between */
  const char *inner;   /* classes of the label, " " between, or NULL */
  const char *what;
} Case;

static const Case cases[] = {
  { "lesson-caption-bar", "lesson-caption", "lesson caption" },
  { "lesson-caption-bar/lesson-verdict", "verdict-true", "verdict: what is true" },
  { "lesson-caption-bar/lesson-verdict", "verdict-false", "verdict: what is false" },
  { "lesson-caption-bar/lesson-verdict", "verdict-kind verdict-true", "verdict heading: true" },
  { "lesson-reveal right", NULL, "right guess" },
  { "lesson-reveal wrong", NULL, "wrong guess" },
  { "lesson-header", "lesson-claim", "lesson claim" },
  { "lesson-footer", "lesson-keys", "key hints" },
  { "card lesson-card", "lesson-card-meta", "lesson card: minutes" },
  { "card lesson-card", "lesson-card-progress", "lesson card: progress" },
  { "lesson-error", NULL, "lesson file error" },
  { "interleave-banner", NULL, "Measure/Compare banner" },
  { "caption-bar", "series-0", "architecture 1 name" },
  { "caption-bar", "series-1", "architecture 2 name" },
  { "caption-bar", "series-2", "architecture 3 name" },
  { "caption-bar", "series-3", "architecture 4 name" },
  { "", "series-0", "architecture 1 name" },
  { "", "series-1", "architecture 2 name" },
  { "", "series-2", "architecture 3 name" },
  { "", "series-3", "architecture 4 name" },
  { "", "error-small", "Compare: close" },
  { "", "error-medium", "Compare: off" },
  { "", "error-large", "Compare: far off" },
};

static InterleaveApplication *app;

static gboolean
widget_has_size (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
add_classes (GtkWidget  *widget,
             const char *classes)
{
  g_auto(GStrv) names = g_strsplit (classes, " ", -1);

  for (guint i = 0; names[i] != NULL; i++)
    if (*names[i] != '\0')
      gtk_widget_add_css_class (widget, names[i]);
}

static void
to_color (guint32          argb,
          InterleaveColor *color)
{
  color->red = ((argb >> 16) & 0xff) / 255.0;
  color->green = ((argb >> 8) & 0xff) / 255.0;
  color->blue = (argb & 0xff) / 255.0;
  color->alpha = 1;
}

/* Draws every case in a window and returns the lowest contrast found. */
static double
measure (const char *scheme)
{
  GtkWindow *window = GTK_WINDOW (gtk_application_window_new (GTK_APPLICATION (app)));
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *outers[G_N_ELEMENTS (cases)];
  GtkWidget *labels[G_N_ELEMENTS (cases)];
  g_autoptr(GdkTexture) texture = NULL;
  double lowest = G_MAXDOUBLE;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) levels = g_strsplit (cases[i].outer, "/", -1);
      GtkWidget *parent = list;

      outers[i] = NULL;
      for (guint l = 0; levels[l] != NULL; l++)
        {
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

          add_classes (box, levels[l]);
          if (GTK_IS_BOX (parent))
            gtk_box_append (GTK_BOX (parent), box);
          if (outers[i] == NULL)
            outers[i] = box;
          parent = box;
        }

      if (outers[i] == NULL)
        {
          outers[i] = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
          gtk_box_append (GTK_BOX (list), outers[i]);
          parent = outers[i];
        }

      /* Full blocks: the middle of the text is solid text colour. */
      labels[i] = gtk_label_new ("████████");
      gtk_widget_set_halign (labels[i], GTK_ALIGN_START);
      gtk_widget_set_margin_start (labels[i], 24);
      gtk_widget_set_margin_end (labels[i], 24);
      if (cases[i].inner != NULL)
        add_classes (labels[i], cases[i].inner);
      gtk_box_append (GTK_BOX (parent), labels[i]);
    }

  gtk_window_set_child (window, list);
  gtk_window_set_default_size (window, 500, 200);
  gtk_window_present (window);
  interleave_test_wait_until (widget_has_size, list, 10000);
  interleave_test_wait_for_frames (GTK_WIDGET (window), 2, 10000);
  texture = interleave_test_render_widget (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      graphene_rect_t text, box;
      InterleaveColor fg, bg;
      double ratio;

      g_assert_true (gtk_widget_compute_bounds (labels[i], GTK_WIDGET (window), &text));
      g_assert_true (gtk_widget_compute_bounds (outers[i], GTK_WIDGET (window), &box));
      to_color (interleave_test_texture_pixel (texture, (int) (text.origin.x + text.size.width / 2),
                                               (int) (text.origin.y + text.size.height / 2)), &fg);
      /* Right behind the text: the margin left of it, half-way down. */
      to_color (interleave_test_texture_pixel (texture, (int) (text.origin.x - 6),
                                               (int) (text.origin.y + text.size.height / 2)), &bg);
      ratio = interleave_color_contrast (&fg, &bg);
      g_test_message ("%-5s %-30s %-40s %5.2f:1 (#%02x%02x%02x on #%02x%02x%02x)",
                      scheme, cases[i].what, cases[i].inner ? cases[i].inner : cases[i].outer, ratio,
                      (int) (fg.red * 255), (int) (fg.green * 255), (int) (fg.blue * 255),
                      (int) (bg.red * 255), (int) (bg.green * 255), (int) (bg.blue * 255));
      /* Something was drawn: text and background differ. */
      g_assert_cmpfloat (ratio, >, 1.0);
      if (ratio < 4.5)
        g_test_message ("  below 4.5:1: %s in %s", cases[i].what, scheme);
      lowest = MIN (lowest, ratio);
      (void) box;
    }

  gtk_window_destroy (window);
  return lowest;
}

static void
test_contrast_light (void)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  interleave_test_iterate (50);
  g_assert_false (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  g_assert_cmpfloat (measure ("light"), >=, 4.5);
}

static void
test_contrast_dark (void)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  interleave_test_iterate (50);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  g_assert_cmpfloat (measure ("dark"), >=, 4.5);
}

static void
test_contrast_high (void)
{
  g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_settings_set_boolean (a11y, "high-contrast", TRUE);
  interleave_test_iterate (100);
  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  g_assert_cmpfloat (measure ("hc"), >=, 4.5);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  interleave_test_iterate (100);
  g_assert_cmpfloat (measure ("hc-dark"), >=, 4.5);
  g_settings_set_boolean (a11y, "high-contrast", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  /* The app: libadwaita loads its stylesheets from its resources. */
  app = interleave_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/contrast/light", test_contrast_light);
  g_test_add_func ("/contrast/dark", test_contrast_dark);
  g_test_add_func ("/contrast/high-contrast", test_contrast_high);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
