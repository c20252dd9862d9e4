/* interleave-scenario-editor.c
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
#include <math.h>

#include "interleave-scenario-editor.h"

/* The what-if knobs: arrival rate or clients, request plans, cores,
 * workers, threads, pool, GIL and switch interval. Each change edits a
 * copy of the scenario; once it validates, ::changed is emitted (a moment
 * later, so dragging a value re-simulates smoothly rather than on every
 * step). */

#define CHANGE_DELAY_MS 120

struct _InterleaveScenarioEditor
{
  AdwBin              parent_instance;

  InterleaveScenario *scenario;
  char               *error;
  guint               changed_source;
  guint               rebuild_source;
  guint               rebuilding : 1;
  guint               modified : 1;
  guint               stale : 1;      /* the rows show an older scenario */

  /* Template widgets */
  GtkLabel           *description;
  GtkLabel           *error_label;
  AdwPreferencesGroup *run_group;
  AdwPreferencesGroup *workload_group;
  AdwPreferencesGroup *classes_group;
  AdwPreferencesGroup *architectures_group;
  GPtrArray          *rows;           /* every row added, to rebuild */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InterleaveScenarioEditor, interleave_scenario_editor, ADW_TYPE_BIN)

GtkWidget *
interleave_scenario_editor_new (void)
{
  return g_object_new (INTERLEAVE_TYPE_SCENARIO_EDITOR, NULL);
}

static gboolean
emit_changed (gpointer data)
{
  InterleaveScenarioEditor *self = data;

  self->changed_source = 0;
  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static void
edited (InterleaveScenarioEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->rebuilding || self->scenario == NULL)
    return;

  self->modified = TRUE;
  g_clear_pointer (&self->error, g_free);

  if (!interleave_scenario_validate (self->scenario, &error))
    {
      self->error = g_strdup (error->message);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_clear_handle_id (&self->changed_source, g_source_remove);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_clear_handle_id (&self->changed_source, g_source_remove);
  self->changed_source = g_timeout_add (CHANGE_DELAY_MS, emit_changed, self);
}

/* Rows ---------------------------------------------------------------------- */

/* Which scenario field a row edits, and for which class or architecture. */
#define FIELD_KEY "interleave-field"
#define INDEX_KEY "interleave-index"

static void
tag (GtkWidget  *row,
     const char *field,
     guint       index)
{
  g_object_set_data (G_OBJECT (row), FIELD_KEY, (gpointer) field);
  g_object_set_data (G_OBJECT (row), INDEX_KEY, GUINT_TO_POINTER (index));
}

static InterleaveArrivals *
arrivals_for (InterleaveScenarioEditor *self,
              guint                     index)
{
  if (index == G_MAXUINT)
    return &self->scenario->arrivals;
  return &self->scenario->classes[index].arrivals;
}

static void
spin_changed (GtkSpinButton            *spin,
              InterleaveScenarioEditor *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (spin), "interleave-row");
  const char *field = g_object_get_data (G_OBJECT (row), FIELD_KEY);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), INDEX_KEY));
  double v = gtk_spin_button_get_value (spin);
  InterleaveScenario *s = self->scenario;

  if (self->rebuilding || s == NULL)
    return;

  if (g_str_equal (field, "duration"))
    s->duration_ns = (gint64) llround (v * 1e9);
  else if (g_str_equal (field, "seed"))
    s->seed = (guint64) v;
  else if (g_str_equal (field, "cores"))
    s->cores = (guint) v;
  else if (g_str_equal (field, "rate"))
    arrivals_for (self, index)->rate = v;
  else if (g_str_equal (field, "clients"))
    arrivals_for (self, index)->clients = (guint) v;
  else if (g_str_equal (field, "think"))
    arrivals_for (self, index)->think_ns = (gint64) llround (v * 1e6);
  else if (g_str_equal (field, "weight"))
    s->classes[index].weight = v;
  else if (g_str_equal (field, "workers"))
    s->architectures[index].workers = (guint) v;
  else if (g_str_equal (field, "threads"))
    s->architectures[index].threads = (guint) v;
  else if (g_str_equal (field, "pool"))
    s->architectures[index].pool = (guint) v;
  else if (g_str_equal (field, "switch-interval"))
    s->architectures[index].switch_interval_ns = (gint64) llround (v * 1e6);
  else
    g_return_if_reached ();

  edited (self);
}

static GtkWidget *
add_spin_row (InterleaveScenarioEditor *self,
              AdwPreferencesGroup      *group,
              AdwExpanderRow           *expander,
              const char               *title,
              const char               *subtitle,
              const char               *field,
              guint                     index,
              double                    lower,
              double                    upper,
              double                    step,
              guint                     digits,
              double                    value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_object_set_data (G_OBJECT (spin), "interleave-row", row);
  g_object_set_data (G_OBJECT (row), "interleave-spin", spin);
  tag (row, field, index);
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_changed), self);

  if (expander != NULL)
    adw_expander_row_add_row (expander, row);
  else
    {
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->rows, row);
    }

  return row;
}

static void
gil_changed (GtkSwitch                *sw,
             GParamSpec               *pspec,
             InterleaveScenarioEditor *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (sw), "interleave-row");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), INDEX_KEY));

  if (self->rebuilding || self->scenario == NULL)
    return;

  self->scenario->architectures[index].gil = gtk_switch_get_active (sw);
  edited (self);
}

static void
plan_changed (GtkEditable              *entry,
              InterleaveScenarioEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), INDEX_KEY));
  g_autoptr(GError) error = NULL;
  InterleavePlan plan;

  if (self->rebuilding || self->scenario == NULL)
    return;

  if (!interleave_plan_parse (gtk_editable_get_text (entry), &plan, &error) ||
      (plan.n_phases == 0 && (g_set_error_literal (&error, INTERLEAVE_PLAN_ERROR, INTERLEAVE_PLAN_ERROR_SYNTAX,
                                                   _("A plan needs at least one phase, such as cpu:5")), TRUE)))
    {
      /* Whatever was valid a keystroke ago is not simulated any more. */
      g_clear_handle_id (&self->changed_source, g_source_remove);
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
      g_free (self->error);
      self->error = g_strdup (error->message);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
  self->scenario->classes[index].plan = plan;
  edited (self);
}

static void
arrivals_kind_changed (AdwComboRow              *row,
                       GParamSpec               *pspec,
                       InterleaveScenarioEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), INDEX_KEY));
  InterleaveArrivals *arrivals;
  GtkWidget *rate_row = g_object_get_data (G_OBJECT (row), "rate-row");
  GtkWidget *clients_row = g_object_get_data (G_OBJECT (row), "clients-row");
  GtkWidget *think_row = g_object_get_data (G_OBJECT (row), "think-row");
  guint selected = adw_combo_row_get_selected (row);

  if (self->rebuilding || self->scenario == NULL)
    return;

  arrivals = arrivals_for (self, index);
  arrivals->kind = selected == 0 ? INTERLEAVE_ARRIVALS_POISSON
                 : selected == 1 ? INTERLEAVE_ARRIVALS_CONSTANT
                 : INTERLEAVE_ARRIVALS_CLOSED;
  if (arrivals->kind != INTERLEAVE_ARRIVALS_CLOSED && !(arrivals->rate > 0))
    arrivals->rate = 100;
  if (arrivals->kind == INTERLEAVE_ARRIVALS_CLOSED && arrivals->clients == 0)
    arrivals->clients = 10;

  gtk_widget_set_visible (rate_row, arrivals->kind != INTERLEAVE_ARRIVALS_CLOSED);
  gtk_widget_set_visible (clients_row, arrivals->kind == INTERLEAVE_ARRIVALS_CLOSED);
  gtk_widget_set_visible (think_row, arrivals->kind == INTERLEAVE_ARRIVALS_CLOSED);
  edited (self);
}

static void
add_arrivals_rows (InterleaveScenarioEditor *self,
                   AdwPreferencesGroup      *group,
                   AdwExpanderRow           *expander,
                   guint                     index)
{
  InterleaveArrivals *arrivals = arrivals_for (self, index);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *kind_row = adw_combo_row_new ();
  GtkWidget *rate_row, *clients_row, *think_row;

  gtk_string_list_append (kinds, _("Random arrivals (Poisson)"));
  gtk_string_list_append (kinds, _("Evenly spaced arrivals"));
  gtk_string_list_append (kinds, _("Fixed number of clients"));
  adw_combo_row_set_model (ADW_COMBO_ROW (kind_row), G_LIST_MODEL (kinds));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind_row), _("Load"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind_row),
                              arrivals->kind == INTERLEAVE_ARRIVALS_POISSON ? 0
                              : arrivals->kind == INTERLEAVE_ARRIVALS_CONSTANT ? 1 : 2);
  tag (kind_row, "arrivals", index);

  if (expander != NULL)
    adw_expander_row_add_row (expander, kind_row);
  else
    {
      adw_preferences_group_add (group, kind_row);
      g_ptr_array_add (self->rows, kind_row);
    }

  rate_row = add_spin_row (self, group, expander, _("Requests per second"), NULL, "rate", index,
                           0.1, INTERLEAVE_SCENARIO_MAX_RATE, 10, 1, MAX (arrivals->rate, 0.1));
  clients_row = add_spin_row (self, group, expander, _("Clients"),
                              _("Each sends, waits for the answer, thinks, sends again"),
                              "clients", index, 1, 10000, 1, 0, MAX (arrivals->clients, 1));
  think_row = add_spin_row (self, group, expander, _("Think time (ms)"), NULL, "think", index,
                            0, 600000, 1, 1, arrivals->think_ns / 1e6);
  gtk_widget_set_visible (rate_row, arrivals->kind != INTERLEAVE_ARRIVALS_CLOSED);
  gtk_widget_set_visible (clients_row, arrivals->kind == INTERLEAVE_ARRIVALS_CLOSED);
  gtk_widget_set_visible (think_row, arrivals->kind == INTERLEAVE_ARRIVALS_CLOSED);

  g_object_set_data (G_OBJECT (kind_row), "rate-row", rate_row);
  g_object_set_data (G_OBJECT (kind_row), "clients-row", clients_row);
  g_object_set_data (G_OBJECT (kind_row), "think-row", think_row);
  g_signal_connect (kind_row, "notify::selected", G_CALLBACK (arrivals_kind_changed), self);
}

static gboolean
plan_is_text (const InterleavePlan *plan)
{
  for (guint i = 0; i < plan->n_phases; i++)
    if (plan->phases[i].dist != INTERLEAVE_DIST_CONST)
      return FALSE;

  return TRUE;
}

static const char *
arch_kind_label (const InterleaveArchitecture *arch)
{
  switch (arch->kind)
    {
    case INTERLEAVE_ARCH_EVENTLOOP: return _("Event loop");
    case INTERLEAVE_ARCH_THREADS:   return arch->gil ? _("Threads with a GIL") : _("Threads without a GIL");
    case INTERLEAVE_ARCH_ASYNCIO:   return _("asyncio event loop");
    case INTERLEAVE_ARCH_SYNC:      return _("One request at a time per worker");
    default:                        return "";
    }
}

static void
clear_rows (InterleaveScenarioEditor *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
rebuild (InterleaveScenarioEditor *self)
{
  InterleaveScenario *s = self->scenario;

  self->rebuilding = TRUE;
  self->stale = FALSE;
  clear_rows (self);

  if (s == NULL)
    {
      self->rebuilding = FALSE;
      return;
    }

  gtk_label_set_text (self->description, s->description ? s->description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description), s->description && *s->description);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  /* Run and machine. */
  add_spin_row (self, self->run_group, NULL, _("Duration (s)"), NULL, "duration", 0,
                0.01, 3600, 0.5, 2, s->duration_ns / 1e9);
  add_spin_row (self, self->run_group, NULL, _("Cores"), _("CPU cores of the machine"), "cores", 0,
                1, INTERLEAVE_SCENARIO_MAX_CORES, 1, 0, s->cores);
  add_spin_row (self, self->run_group, NULL, _("Seed"), _("Same seed, same run"), "seed", 0,
                0, 1e9, 1, 0, (double) s->seed);

  /* Workload. */
  gtk_widget_set_visible (GTK_WIDGET (self->workload_group), s->has_arrivals);
  if (s->has_arrivals)
    add_arrivals_rows (self, self->workload_group, NULL, G_MAXUINT);

  for (guint i = 0; i < s->n_classes; i++)
    {
      InterleaveRequestClass *klass = &s->classes[i];
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *plan = interleave_plan_to_string (&klass->plan);
      GtkWidget *entry;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), klass->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), plan);
      adw_preferences_group_add (self->classes_group, expander);
      g_ptr_array_add (self->rows, expander);
      tag (expander, "class", i);

      entry = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Plan (ms): cpu, io, native"));
      gtk_editable_set_text (GTK_EDITABLE (entry), plan);
      g_object_set_data (G_OBJECT (entry), INDEX_KEY, GUINT_TO_POINTER (i));
      tag (entry, "plan", i);
      if (!plan_is_text (&klass->plan))
        {
          gtk_widget_set_sensitive (entry, FALSE);
          gtk_widget_set_tooltip_text (entry, _("This plan has random durations: edit it in the file"));
        }
      g_signal_connect (entry, "changed", G_CALLBACK (plan_changed), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), entry);

      if (s->n_classes > 1)
        add_spin_row (self, NULL, ADW_EXPANDER_ROW (expander), _("Weight"),
                      _("Share among the classes that arrive together"),
                      "weight", i, 0.001, 1000, 0.05, 3, klass->weight);
      if (klass->has_arrivals)
        add_arrivals_rows (self, NULL, ADW_EXPANDER_ROW (expander), i);
    }

  for (guint i = 0; i < s->n_architectures; i++)
    {
      InterleaveArchitecture *arch = &s->architectures[i];
      GtkWidget *expander = adw_expander_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), arch->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), arch_kind_label (arch));
      adw_preferences_group_add (self->architectures_group, expander);
      g_ptr_array_add (self->rows, expander);
      tag (expander, "architecture", i);

      add_spin_row (self, NULL, ADW_EXPANDER_ROW (expander), _("Worker processes"), NULL, "workers", i,
                    1, INTERLEAVE_SCENARIO_MAX_WORKERS, 1, 0, arch->workers);
      if (arch->kind == INTERLEAVE_ARCH_THREADS)
        add_spin_row (self, NULL, ADW_EXPANDER_ROW (expander), _("Threads per worker"),
                      _("0: one thread per connection"), "threads", i,
                      0, INTERLEAVE_SCENARIO_MAX_THREADS, 1, 0, arch->threads);
      add_spin_row (self, NULL, ADW_EXPANDER_ROW (expander), _("Native pool threads"),
                    _("For native work; 0 runs it on the serving thread"), "pool", i,
                    0, INTERLEAVE_SCENARIO_MAX_POOL, 1, 0, arch->pool);

      if (arch->runtime == INTERLEAVE_ARCH_RUNTIME_PYTHON && arch->kind != INTERLEAVE_ARCH_EVENTLOOP)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *sw = gtk_switch_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Global interpreter lock"));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Off: free-threaded Python"));
          gtk_switch_set_active (GTK_SWITCH (sw), arch->gil);
          gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
          g_object_set_data (G_OBJECT (sw), "interleave-row", row);
          g_object_set_data (G_OBJECT (row), "interleave-switch", sw);
          tag (row, "gil", i);
          g_signal_connect (sw, "notify::active", G_CALLBACK (gil_changed), self);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

          add_spin_row (self, NULL, ADW_EXPANDER_ROW (expander), _("GIL switch interval (ms)"),
                        _("How long a thread waits before it asks for the GIL"),
                        "switch-interval", i, 0.001, 1000, 0.5, 3, arch->switch_interval_ns / 1e6);
        }
    }

  self->rebuilding = FALSE;
}

/* API ------------------------------------------------------------------------ */

/**
 * interleave_scenario_editor_set_scenario:
 * @scenario: (nullable): copied; its values fill the rows
 */
void
interleave_scenario_editor_set_scenario (InterleaveScenarioEditor *self,
                                         const InterleaveScenario *scenario)
{
  g_return_if_fail (INTERLEAVE_IS_SCENARIO_EDITOR (self));

  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_pointer (&self->scenario, interleave_scenario_free);
  g_clear_pointer (&self->error, g_free);
  self->modified = FALSE;
  if (scenario != NULL)
    self->scenario = interleave_scenario_copy (scenario);

  /* Dozens of new rows cost a frame's worth of style and layout, even
   * in the folded-away flap, and a scenario starts streaming as it is
   * loaded: build them when the editor is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
  else
    {
      clear_rows (self);
      self->stale = TRUE;
    }
}

static void
ensure_rows (InterleaveScenarioEditor *self)
{
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->stale)
    rebuild (self);
}

static gboolean
rebuild_cb (gpointer data)
{
  InterleaveScenarioEditor *self = data;

  self->rebuild_source = 0;
  ensure_rows (self);

  return G_SOURCE_REMOVE;
}

static void
interleave_scenario_editor_map (GtkWidget *widget)
{
  InterleaveScenarioEditor *self = INTERLEAVE_SCENARIO_EDITOR (widget);

  GTK_WIDGET_CLASS (interleave_scenario_editor_parent_class)->map (widget);

  /* Not while being mapped (that happens during a size allocation):
   * before the next frame. */
  if (self->stale && self->rebuild_source == 0)
    self->rebuild_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_cb, self, NULL);
}

/**
 * interleave_scenario_editor_get_scenario:
 *
 * Returns: (nullable): the edited scenario
 */
const InterleaveScenario *
interleave_scenario_editor_get_scenario (InterleaveScenarioEditor *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SCENARIO_EDITOR (self), NULL);

  return self->scenario;
}

gboolean
interleave_scenario_editor_get_modified (InterleaveScenarioEditor *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SCENARIO_EDITOR (self), FALSE);

  return self->modified;
}

/**
 * interleave_scenario_editor_get_error:
 *
 * Returns: (nullable): why the edited scenario is not valid
 */
const char *
interleave_scenario_editor_get_error (InterleaveScenarioEditor *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_SCENARIO_EDITOR (self), NULL);

  return self->error;
}

static GtkWidget *
find_tagged (GtkWidget  *root,
             const char *field,
             guint       index)
{
  const char *f = g_object_get_data (G_OBJECT (root), FIELD_KEY);

  if (f != NULL && g_str_equal (f, field) &&
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (root), INDEX_KEY)) == index)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tagged (child, field, index);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * interleave_scenario_editor_find_row:
 * @field: "rate", "clients", "cores", "workers", "threads", "pool",
 *   "gil", "switch-interval", "plan", "duration", "seed", …
 * @index: the class or architecture (G_MAXUINT for workload arrivals)
 *
 * Returns: (nullable) (transfer none): the row (spin rows hold their spin
 *   button as "interleave-spin"), for tests and keyboard navigation
 */
GtkWidget *
interleave_scenario_editor_find_row (InterleaveScenarioEditor *self,
                                     const char               *field,
                                     guint                     index)
{
  g_return_val_if_fail (INTERLEAVE_IS_SCENARIO_EDITOR (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  ensure_rows (self);
  return find_tagged (GTK_WIDGET (self), field, index);
}

static void
interleave_scenario_editor_dispose (GObject *object)
{
  InterleaveScenarioEditor *self = INTERLEAVE_SCENARIO_EDITOR (object);

  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTERLEAVE_TYPE_SCENARIO_EDITOR);

  G_OBJECT_CLASS (interleave_scenario_editor_parent_class)->dispose (object);
}

static void
interleave_scenario_editor_finalize (GObject *object)
{
  InterleaveScenarioEditor *self = INTERLEAVE_SCENARIO_EDITOR (object);

  g_clear_pointer (&self->scenario, interleave_scenario_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (interleave_scenario_editor_parent_class)->finalize (object);
}

static void
interleave_scenario_editor_class_init (InterleaveScenarioEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = interleave_scenario_editor_dispose;
  object_class->finalize = interleave_scenario_editor_finalize;
  widget_class->map = interleave_scenario_editor_map;

  /**
   * InterleaveScenarioEditor::changed:
   *
   * The edited scenario is valid and differs: simulate it again.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/interleave-scenario-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, InterleaveScenarioEditor, description);
  gtk_widget_class_bind_template_child (widget_class, InterleaveScenarioEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, InterleaveScenarioEditor, run_group);
  gtk_widget_class_bind_template_child (widget_class, InterleaveScenarioEditor, workload_group);
  gtk_widget_class_bind_template_child (widget_class, InterleaveScenarioEditor, classes_group);
  gtk_widget_class_bind_template_child (widget_class, InterleaveScenarioEditor, architectures_group);
}

static void
interleave_scenario_editor_init (InterleaveScenarioEditor *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
