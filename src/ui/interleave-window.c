/* interleave-window.c
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

#include "interleave-compare-page.h"
#include "interleave-learn-page.h"
#include "interleave-measure-page.h"
#include "interleave-simulate-page.h"
#include "interleave-window.h"

struct _InterleaveWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  GtkWidget            *header_bar;
  GtkWidget            *switcher_bar;
  InterleaveSimulatePage *simulate_page;
  InterleaveLearnPage  *learn_page;

  gboolean              presenter;
};

enum {
  PROP_0,
  PROP_PRESENTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InterleaveWindow, interleave_window, ADW_TYPE_APPLICATION_WINDOW)

InterleaveWindow *
interleave_window_new (InterleaveApplication *application)
{
  g_return_val_if_fail (INTERLEAVE_IS_APPLICATION (application), NULL);

  return g_object_new (INTERLEAVE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
interleave_window_set_page (InterleaveWindow *self,
                            const char       *name)
{
  g_return_if_fail (INTERLEAVE_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("No page named “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
interleave_window_get_page (InterleaveWindow *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
interleave_window_add_toast (InterleaveWindow *self,
                             const char       *message)
{
  g_return_if_fail (INTERLEAVE_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * interleave_window_show_error:
 * @self: a window
 * @error: what went wrong; its message is shown to the user
 *
 * Errors a user can cause are shown as toasts, never as crashes.
 */
void
interleave_window_show_error (InterleaveWindow *self,
                              const GError     *error)
{
  AdwToast *toast;

  g_return_if_fail (INTERLEAVE_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  toast = adw_toast_new (error->message);
  adw_toast_set_timeout (toast, 0);  /* errors stay until dismissed */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  interleave_window_set_page (INTERLEAVE_WINDOW (widget),
                              g_variant_get_string (parameter, NULL));
}

/* Presenter mode (F11): fullscreen, no header bar, the Simulate page (or
 * the lesson running on the Learn page) in large type for a projector,
 * keyboard only. F11 or Esc leaves it. */
static void
set_presenter (InterleaveWindow *self,
               gboolean          presenter)
{
  if (self->presenter == presenter)
    return;

  self->presenter = presenter;
  if (presenter)
    {
      /* A lesson is presented where it runs; anything else on Simulate. */
      if (g_strcmp0 (interleave_window_get_page (self), "learn") != 0)
        interleave_window_set_page (self, "simulate");
      gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
    }
  else
    {
      gtk_window_unfullscreen (GTK_WINDOW (self));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
    }

  gtk_widget_set_visible (self->header_bar, !presenter);
  gtk_widget_set_visible (self->switcher_bar, !presenter);
  interleave_simulate_page_set_presenter (self->simulate_page, presenter);
  interleave_learn_page_set_presenter (self->learn_page, presenter);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-presenter", presenter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTER]);
}

static void
leave_presenter_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  set_presenter (INTERLEAVE_WINDOW (widget), FALSE);
}

static void
load_window_state (InterleaveWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  interleave_window_set_page (self, g_settings_get_string (self->settings, "last-page"));
}

static void
save_window_state (InterleaveWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (self->settings, "last-page", interleave_window_get_page (self));
  g_settings_apply (self->settings);
}

static gboolean
interleave_window_close_request (GtkWindow *window)
{
  save_window_state (INTERLEAVE_WINDOW (window));

  return GTK_WINDOW_CLASS (interleave_window_parent_class)->close_request (window);
}

static void
interleave_window_constructed (GObject *object)
{
  InterleaveWindow *self = INTERLEAVE_WINDOW (object);

  G_OBJECT_CLASS (interleave_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APP_ID);
  load_window_state (self);
}

static void
interleave_window_dispose (GObject *object)
{
  InterleaveWindow *self = INTERLEAVE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTERLEAVE_TYPE_WINDOW);

  G_OBJECT_CLASS (interleave_window_parent_class)->dispose (object);
}

static void
interleave_window_finalize (GObject *object)
{
  InterleaveWindow *self = INTERLEAVE_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (interleave_window_parent_class)->finalize (object);
}

static void
interleave_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InterleaveWindow *self = INTERLEAVE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      g_value_set_boolean (value, self->presenter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InterleaveWindow *self = INTERLEAVE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      set_presenter (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_window_class_init (InterleaveWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const char *pages[] = { "simulate", "measure", "compare", "learn" };

  object_class->constructed = interleave_window_constructed;
  object_class->dispose = interleave_window_dispose;
  object_class->finalize = interleave_window_finalize;
  object_class->get_property = interleave_window_get_property;
  object_class->set_property = interleave_window_set_property;

  properties[PROP_PRESENTER] =
    g_param_spec_boolean ("presenter", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = interleave_window_close_request;

  g_type_ensure (INTERLEAVE_TYPE_SIMULATE_PAGE);
  g_type_ensure (INTERLEAVE_TYPE_MEASURE_PAGE);
  g_type_ensure (INTERLEAVE_TYPE_COMPARE_PAGE);
  g_type_ensure (INTERLEAVE_TYPE_LEARN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/interleave-window.ui");
  gtk_widget_class_bind_template_child (widget_class, InterleaveWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InterleaveWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, InterleaveWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, InterleaveWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, InterleaveWindow, simulate_page);
  gtk_widget_class_bind_template_child (widget_class, InterleaveWindow, learn_page);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_property_action (widget_class, "win.presenter", "presenter");
  gtk_widget_class_install_action (widget_class, "win.leave-presenter", NULL, leave_presenter_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.presenter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.leave-presenter", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", pages[i]);
}

static void
interleave_window_init (InterleaveWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-presenter", FALSE);
}
