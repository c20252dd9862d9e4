/* interleave-application.c
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

#define G_LOG_DOMAIN "interleave-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "interleave-application.h"
#include "interleave-window.h"

struct _InterleaveApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (InterleaveApplication, interleave_application, ADW_TYPE_APPLICATION)

InterleaveApplication *
interleave_application_new (void)
{
  return g_object_new (INTERLEAVE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
interleave_application_get_settings (InterleaveApplication *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_APPLICATION (self), NULL);

  return self->settings;
}

static InterleaveWindow *
get_or_create_window (InterleaveApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (interleave_window_new (self));

  return INTERLEAVE_WINDOW (window);
}

static void
interleave_application_activate (GApplication *app)
{
  InterleaveApplication *self = INTERLEAVE_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (get_or_create_window (self)));
}

static void
interleave_application_startup (GApplication *app)
{
  InterleaveApplication *self = INTERLEAVE_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (interleave_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

static void
interleave_application_shutdown (GApplication *app)
{
  InterleaveApplication *self = INTERLEAVE_APPLICATION (app);

  G_APPLICATION_CLASS (interleave_application_parent_class)->shutdown (app);

  g_clear_object (&self->settings);
}

static void
interleave_application_about (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  InterleaveApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Interleave authors", NULL };
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        "application-name", _("Interleave"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Interleave authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("See how web servers interleave requests: "
                                      "Node.js, Python threads and the GIL, "
                                      "processes and asyncio, simulated and "
                                      "measured on real servers."),
                        "website", "https://github.com/interleave/interleave",
                        "issue-url", "https://github.com/interleave/interleave/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Interleave authors",
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
interleave_application_quit (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  InterleaveApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows first so each saves its state and stops its servers. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_destroy (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = interleave_application_about },
  { .name = "quit", .activate = interleave_application_quit },
};

static void
interleave_application_class_init (InterleaveApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = interleave_application_activate;
  app_class->startup = interleave_application_startup;
  app_class->shutdown = interleave_application_shutdown;
}

static void
interleave_application_init (InterleaveApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
}
