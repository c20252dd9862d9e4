/* interleave-fidelity-matrix.c
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

#define G_LOG_DOMAIN "interleave-live"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "interleave-fidelity-matrix.h"
#include "interleave-json-reader.h"
#include "interleave-plan.h"
#include "interleave-server-preset.h"

#define MS G_GINT64_CONSTANT (1000000)
#define SEC G_GINT64_CONSTANT (1000000000)

G_DEFINE_QUARK (interleave-fidelity-error-quark, interleave_fidelity_error)

/* The built-in matrices, in the format of docs/fidelity.md. */

static const char default_matrix[] =
  "{\n"
  "  \"title\": \"Fidelity matrix\",\n"
  "  \"duration\": \"4s\",\n"
  "  \"warmup\": \"500ms\",\n"
  "  \"servers\": [ \"node:eventloop\", \"node:cluster:2\", \"python:threaded\",\n"
  "               \"python:prefork:2\", \"python:asyncio\" ],\n"
  "  \"plans\": [ \"io:20\", \"cpu:5\", \"cpu:2,io:10\", \"native:5\" ],\n"
  "  \"loads\": [ { \"clients\": 20 }, { \"saturation\": 0.5 }, { \"saturation\": 0.9 } ]\n"
  "}\n";

static const char quick_matrix[] =
  "{\n"
  "  \"title\": \"Fidelity matrix (quick)\",\n"
  "  \"duration\": \"3s\",\n"
  "  \"warmup\": \"500ms\",\n"
  "  \"cells\": [\n"
  "    { \"server\": \"node:eventloop\", \"plan\": \"cpu:5\", \"load\": { \"clients\": 20 } },\n"
  "    { \"server\": \"python:threaded\", \"plan\": \"io:20\", \"load\": { \"clients\": 20 } },\n"
  "    { \"server\": \"python:prefork:2\", \"plan\": \"cpu:5\", \"load\": { \"clients\": 20 } },\n"
  "    { \"server\": \"python:asyncio\", \"plan\": \"cpu:2,io:10\", \"load\": { \"saturation\": 0.9 } }\n"
  "  ]\n"
  "}\n";

/**
 * interleave_fidelity_matrix_get_builtin:
 * @name: "default" or "quick"
 *
 * Returns: (nullable): the JSON text of a built-in matrix
 */
const char *
interleave_fidelity_matrix_get_builtin (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (strcmp (name, "default") == 0)
    return default_matrix;
  if (strcmp (name, "quick") == 0)
    return quick_matrix;
  return NULL;
}

/**
 * interleave_fidelity_matrix_new:
 *
 * Returns: (transfer full): a matrix without cells and with the defaults
 *   of docs/fidelity.md; add cells with interleave_fidelity_matrix_add_cell()
 */
InterleaveFidelityMatrix *
interleave_fidelity_matrix_new (void)
{
  InterleaveFidelityMatrix *matrix = g_new0 (InterleaveFidelityMatrix, 1);

  matrix->title = g_strdup ("");
  matrix->duration_ns = 4 * SEC;
  matrix->warmup_ns = 500 * MS;
  matrix->saturation_clients = 20;
  matrix->seed = 1;
  matrix->calibration = INTERLEAVE_FIDELITY_CALIBRATION_FRESH;
  matrix->tolerance_throughput = 0.10;
  matrix->tolerance_p50 = 0.15;
  matrix->tolerance_p99 = 0.25;
  matrix->retries = 2;
  matrix->max_background = 0.25;

  return matrix;
}

/**
 * interleave_fidelity_matrix_new_named:
 * @name: "default" or "quick"
 *
 * Returns: (transfer full) (nullable): a built-in matrix
 */
InterleaveFidelityMatrix *
interleave_fidelity_matrix_new_named (const char *name)
{
  const char *data = interleave_fidelity_matrix_get_builtin (name);
  g_autoptr(GError) error = NULL;
  InterleaveFidelityMatrix *matrix;

  if (data == NULL)
    return NULL;

  matrix = interleave_fidelity_matrix_load_data (data, -1, name, &error);
  g_assert_no_error (error);
  return matrix;
}

InterleaveFidelityMatrix *
interleave_fidelity_matrix_copy (const InterleaveFidelityMatrix *matrix)
{
  InterleaveFidelityMatrix *copy;

  g_return_val_if_fail (matrix != NULL, NULL);

  copy = g_memdup2 (matrix, sizeof *matrix);
  copy->title = g_strdup (matrix->title);
  copy->cells = g_memdup2 (matrix->cells, sizeof (InterleaveFidelityCellSpec) * matrix->n_cells);
  for (guint i = 0; i < matrix->n_cells; i++)
    {
      copy->cells[i].server = g_strdup (matrix->cells[i].server);
      copy->cells[i].plan = g_strdup (matrix->cells[i].plan);
    }

  return copy;
}

void
interleave_fidelity_matrix_free (InterleaveFidelityMatrix *matrix)
{
  if (matrix == NULL)
    return;

  for (guint i = 0; i < matrix->n_cells; i++)
    {
      g_free (matrix->cells[i].server);
      g_free (matrix->cells[i].plan);
    }
  g_free (matrix->cells);
  g_free (matrix->title);
  g_free (matrix);
}

/* Canonical forms of a server and a plan, or an error. */
static char *
canonical_server (const char  *text,
                  GError     **error)
{
  g_autoptr(InterleaveServerPreset) preset = interleave_server_preset_parse (text, error);

  if (preset == NULL)
    return NULL;
  if (preset->runtime == INTERLEAVE_RUNTIME_URL)
    {
      g_set_error (error, INTERLEAVE_FIDELITY_ERROR, INTERLEAVE_FIDELITY_ERROR_INVALID,
                   _("“%s” is a URL: only the servers Interleave starts can be compared with the simulation"),
                   text);
      return NULL;
    }

  return interleave_server_preset_to_string (preset);
}

static char *
canonical_plan (const char  *text,
                GError     **error)
{
  InterleavePlan plan;

  if (!interleave_plan_parse (text, &plan, error))
    return NULL;
  return interleave_plan_to_string (&plan);
}

static gboolean
load_is_valid (const InterleaveFidelityLoad  *load,
               GError                       **error)
{
  switch (load->kind)
    {
    case INTERLEAVE_FIDELITY_LOAD_CLOSED:
      if (load->clients >= 1 && load->clients <= 10000)
        return TRUE;
      break;
    case INTERLEAVE_FIDELITY_LOAD_SATURATION:
      if (load->fraction > 0 && load->fraction <= 2.0)
        return TRUE;
      break;
    case INTERLEAVE_FIDELITY_LOAD_RATE:
      if (load->rate > 0 && load->rate <= 1e6)
        return TRUE;
      break;
    default:
      break;
    }

  g_set_error (error, INTERLEAVE_FIDELITY_ERROR, INTERLEAVE_FIDELITY_ERROR_INVALID,
               _("a load is 1 to 10000 clients, a share of the saturation above 0 and at most 2, "
                 "or a rate above 0 and at most 1000000 requests per second"));
  return FALSE;
}

static void
append_cell (InterleaveFidelityMatrix     *matrix,
             char                         *server,
             char                         *plan,
             const InterleaveFidelityLoad *load)
{
  InterleaveFidelityCellSpec *cell;

  matrix->cells = g_renew (InterleaveFidelityCellSpec, matrix->cells, matrix->n_cells + 1);
  cell = &matrix->cells[matrix->n_cells++];
  cell->server = server;
  cell->plan = plan;
  cell->load = *load;
}

/**
 * interleave_fidelity_matrix_add_cell:
 * @matrix: a matrix
 * @server: a server to start, such as "python:prefork:2"
 * @plan: a plan in the text form, such as "cpu:2,io:10"
 * @load: the load
 * @error: a location for a #GError
 *
 * Returns: %FALSE with @error set when the cell is not valid
 */
gboolean
interleave_fidelity_matrix_add_cell (InterleaveFidelityMatrix      *matrix,
                                     const char                    *server,
                                     const char                    *plan,
                                     const InterleaveFidelityLoad  *load,
                                     GError                       **error)
{
  g_autofree char *s = NULL;
  g_autofree char *p = NULL;

  g_return_val_if_fail (matrix != NULL, FALSE);
  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (load != NULL, FALSE);

  if (matrix->n_cells >= INTERLEAVE_FIDELITY_MAX_CELLS)
    {
      g_set_error (error, INTERLEAVE_FIDELITY_ERROR, INTERLEAVE_FIDELITY_ERROR_INVALID,
                   _("a matrix has at most %u cells"), INTERLEAVE_FIDELITY_MAX_CELLS);
      return FALSE;
    }

  if ((s = canonical_server (server, error)) == NULL ||
      (p = canonical_plan (plan, error)) == NULL ||
      !load_is_valid (load, error))
    return FALSE;

  append_cell (matrix, g_steal_pointer (&s), g_steal_pointer (&p), load);
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Reading.
 */

static const char * const top_members[] = {
  "title", "duration", "warmup", "seed", "calibration", "balance", "saturation_clients", "tolerances",
  "retries", "max_background", "quiet_wait", "servers", "plans", "loads", "cells", NULL,
};
static const char * const tolerance_members[] = { "throughput", "p50", "p99", NULL };
static const char * const load_members[] = { "clients", "saturation", "rate", "arrivals", NULL };
static const char * const cell_members[] = { "server", "plan", "load", NULL };
static const char * const calibration_names[] = { "fresh", "profile", "none", NULL };
static const char * const balance_names[] = { "none", "tick", NULL };
static const char * const arrivals_names[] = { "constant", "poisson", NULL };

const char *
interleave_fidelity_calibration_to_string (InterleaveFidelityCalibration calibration)
{
  g_return_val_if_fail (calibration <= INTERLEAVE_FIDELITY_CALIBRATION_NONE, NULL);

  return calibration_names[calibration];
}

static gboolean
read_load (InterleaveJsonReader   *reader,
           JsonNode               *node,
           const char             *path,
           InterleaveFidelityLoad *load)
{
  guint given = 0;
  guint arrivals = 0;

  if (!interleave_json_reader_get_object (reader, node, path, load_members))
    return FALSE;

  memset (load, 0, sizeof *load);
  for (guint i = 0; i < 3; i++)
    if (interleave_json_reader_member (node, load_members[i]) != NULL)
      given++;
  if (given != 1)
    return interleave_json_reader_fail (reader, node, path,
                                        _("give exactly one of “clients” (closed loop), “saturation” "
                                          "(open loop, a share of the measured saturation) or “rate” (open loop)"));

  if (interleave_json_reader_member (node, "clients") != NULL)
    {
      load->kind = INTERLEAVE_FIDELITY_LOAD_CLOSED;
      if (interleave_json_reader_member (node, "arrivals") != NULL)
        {
          g_autofree char *where = interleave_json_reader_path (path, "arrivals");
          return interleave_json_reader_fail (reader, interleave_json_reader_member (node, "arrivals"), where,
                                              _("“arrivals” applies to open loops (“saturation” or “rate”) only"));
        }
      return interleave_json_reader_count (reader, node, path, "clients", 1, 10000, &load->clients);
    }

  if (!interleave_json_reader_choice (reader, node, path, "arrivals", arrivals_names, &arrivals))
    return FALSE;
  load->poisson = arrivals == 1;

  if (interleave_json_reader_member (node, "saturation") != NULL)
    {
      JsonNode *value = interleave_json_reader_member (node, "saturation");
      g_autofree char *where = interleave_json_reader_path (path, "saturation");

      load->kind = INTERLEAVE_FIDELITY_LOAD_SATURATION;
      if (!interleave_json_reader_number (reader, node, path, "saturation", 0, 2, &load->fraction))
        return FALSE;
      if (load->fraction <= 0)
        return interleave_json_reader_fail (reader, value, where, _("expected a share above 0, got 0"));
      return TRUE;
    }

  {
    JsonNode *value = interleave_json_reader_member (node, "rate");
    g_autofree char *where = interleave_json_reader_path (path, "rate");

    load->kind = INTERLEAVE_FIDELITY_LOAD_RATE;
    if (!interleave_json_reader_number (reader, node, path, "rate", 0, 1e6, &load->rate))
      return FALSE;
    if (load->rate <= 0)
      return interleave_json_reader_fail (reader, value, where, _("expected a rate above 0, got 0"));
  }

  return TRUE;
}

/* A list of servers or plans, each checked and made canonical. */
static GPtrArray *
read_names (InterleaveJsonReader  *reader,
            JsonNode              *root,
            const char            *name,
            gboolean               servers)
{
  JsonNode *node = interleave_json_reader_member (root, name);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!interleave_json_reader_get_array (reader, node, name, 1, 64))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = interleave_json_reader_index_path (name, i);
      g_autoptr(GError) error = NULL;
      char *canonical;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          interleave_json_reader_fail (reader, element, where, _("expected a text in quotes, got %s"),
                                       interleave_json_reader_got (reader, element));
          return NULL;
        }

      canonical = servers ? canonical_server (json_node_get_string (element), &error)
                          : canonical_plan (json_node_get_string (element), &error);
      if (canonical == NULL)
        {
          interleave_json_reader_fail (reader, element, where, "%s", error->message);
          return NULL;
        }
      g_ptr_array_add (names, canonical);
    }

  return g_steal_pointer (&names);
}

static gboolean
read_cell (InterleaveJsonReader     *reader,
           JsonNode                 *node,
           const char               *path,
           InterleaveFidelityMatrix *matrix)
{
  g_autofree char *server = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *server_path = interleave_json_reader_path (path, "server");
  g_autofree char *plan_path = interleave_json_reader_path (path, "plan");
  g_autofree char *load_path = interleave_json_reader_path (path, "load");
  g_autoptr(GError) error = NULL;
  InterleaveFidelityLoad load;
  char *canonical;

  if (!interleave_json_reader_get_object (reader, node, path, cell_members) ||
      !interleave_json_reader_require (reader, node, path, "server") ||
      !interleave_json_reader_require (reader, node, path, "plan") ||
      !interleave_json_reader_require (reader, node, path, "load") ||
      !interleave_json_reader_string (reader, node, path, "server", 256, &server) ||
      !interleave_json_reader_string (reader, node, path, "plan", 4096, &plan))
    return FALSE;

  if ((canonical = canonical_server (server, &error)) == NULL)
    return interleave_json_reader_fail (reader, interleave_json_reader_member (node, "server"), server_path,
                                        "%s", error->message);
  g_free (server);
  server = canonical;

  if ((canonical = canonical_plan (plan, &error)) == NULL)
    return interleave_json_reader_fail (reader, interleave_json_reader_member (node, "plan"), plan_path,
                                        "%s", error->message);
  g_free (plan);
  plan = canonical;

  if (!read_load (reader, interleave_json_reader_member (node, "load"), load_path, &load))
    return FALSE;

  append_cell (matrix, g_steal_pointer (&server), g_steal_pointer (&plan), &load);
  return TRUE;
}

static gboolean
read_matrix (InterleaveJsonReader     *reader,
             JsonNode                 *root,
             InterleaveFidelityMatrix *matrix)
{
  JsonNode *tolerances;
  JsonNode *cells;
  guint calibration = matrix->calibration;
  guint balance = matrix->balance_at_tick ? 1 : 0;
  double seed = (double) matrix->seed;
  guint cross = 0;

  if (!interleave_json_reader_get_object (reader, root, "", top_members) ||
      !interleave_json_reader_string (reader, root, "", "title", 1024, &matrix->title) ||
      !interleave_json_reader_time (reader, root, "", "duration", 500 * MS, 600 * SEC, &matrix->duration_ns) ||
      !interleave_json_reader_time (reader, root, "", "warmup", 0, 60 * SEC, &matrix->warmup_ns) ||
      !interleave_json_reader_number (reader, root, "", "seed", 0, 9007199254740992.0, &seed) ||
      !interleave_json_reader_choice (reader, root, "", "calibration", calibration_names, &calibration) ||
      !interleave_json_reader_choice (reader, root, "", "balance", balance_names, &balance) ||
      !interleave_json_reader_count (reader, root, "", "saturation_clients", 1, 10000, &matrix->saturation_clients) ||
      !interleave_json_reader_count (reader, root, "", "retries", 0, 10, &matrix->retries) ||
      !interleave_json_reader_number (reader, root, "", "max_background", 0, 1024, &matrix->max_background) ||
      !interleave_json_reader_time (reader, root, "", "quiet_wait", 0, 3600 * SEC, &matrix->quiet_wait_ns))
    return FALSE;

  if (seed != floor (seed))
    return interleave_json_reader_fail (reader, interleave_json_reader_member (root, "seed"), "seed",
                                        _("expected a whole number, got %g"), seed);
  matrix->seed = (guint64) seed;
  matrix->calibration = calibration;
  matrix->balance_at_tick = balance == 1;

  if (matrix->warmup_ns >= matrix->duration_ns)
    return interleave_json_reader_fail (reader, interleave_json_reader_member (root, "warmup"), "warmup",
                                        _("must be shorter than the duration"));

  if ((tolerances = interleave_json_reader_member (root, "tolerances")) != NULL)
    {
      if (!interleave_json_reader_get_object (reader, tolerances, "tolerances", tolerance_members) ||
          !interleave_json_reader_number (reader, tolerances, "tolerances", "throughput", 0, 10, &matrix->tolerance_throughput) ||
          !interleave_json_reader_number (reader, tolerances, "tolerances", "p50", 0, 10, &matrix->tolerance_p50) ||
          !interleave_json_reader_number (reader, tolerances, "tolerances", "p99", 0, 10, &matrix->tolerance_p99))
        return FALSE;
    }

  /* The cross product of servers × plans × loads… */
  for (guint i = 0; i < 3; i++)
    if (interleave_json_reader_member (root, ((const char *[]) { "servers", "plans", "loads" })[i]) != NULL)
      cross++;
  if (cross != 0 && cross != 3)
    return interleave_json_reader_fail (reader, root, "",
                                        _("“servers”, “plans” and “loads” go together: give all three or none"));
  if (cross == 3)
    {
      g_autoptr(GPtrArray) servers = NULL;
      g_autoptr(GPtrArray) plans = NULL;
      g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (InterleaveFidelityLoad));
      JsonNode *node = interleave_json_reader_member (root, "loads");
      JsonArray *array;

      if ((servers = read_names (reader, root, "servers", TRUE)) == NULL ||
          (plans = read_names (reader, root, "plans", FALSE)) == NULL ||
          !interleave_json_reader_get_array (reader, node, "loads", 1, 64))
        return FALSE;

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *where = interleave_json_reader_index_path ("loads", i);
          InterleaveFidelityLoad load;

          if (!read_load (reader, json_array_get_element (array, i), where, &load))
            return FALSE;
          g_array_append_val (loads, load);
        }

      if ((guint64) servers->len * plans->len * loads->len > INTERLEAVE_FIDELITY_MAX_CELLS)
        return interleave_json_reader_fail (reader, node, "loads", _("a matrix has at most %u cells"),
                                            INTERLEAVE_FIDELITY_MAX_CELLS);

      for (guint s = 0; s < servers->len; s++)
        for (guint p = 0; p < plans->len; p++)
          for (guint l = 0; l < loads->len; l++)
            append_cell (matrix, g_strdup (g_ptr_array_index (servers, s)), g_strdup (g_ptr_array_index (plans, p)),
                         &g_array_index (loads, InterleaveFidelityLoad, l));
    }

  /* … and cells spelled out. */
  if ((cells = interleave_json_reader_member (root, "cells")) != NULL)
    {
      JsonArray *array;

      if (!interleave_json_reader_get_array (reader, cells, "cells", 1, INTERLEAVE_FIDELITY_MAX_CELLS))
        return FALSE;

      array = json_node_get_array (cells);
      if (matrix->n_cells + json_array_get_length (array) > INTERLEAVE_FIDELITY_MAX_CELLS)
        return interleave_json_reader_fail (reader, cells, "cells", _("a matrix has at most %u cells"),
                                            INTERLEAVE_FIDELITY_MAX_CELLS);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *where = interleave_json_reader_index_path ("cells", i);

          if (!read_cell (reader, json_array_get_element (array, i), where, matrix))
            return FALSE;
        }
    }

  if (matrix->n_cells == 0)
    return interleave_json_reader_fail (reader, root, "",
                                        _("no cells: give “servers”, “plans” and “loads”, or “cells”"));

  return TRUE;
}

/**
 * interleave_fidelity_matrix_load_data:
 * @data: JSON text
 * @length: its length, or -1 when nul-terminated
 * @name: (nullable): how messages name the source
 * @error: a location for a #GError
 *
 * Messages name the file, line and column, the member and what is wrong,
 * e.g. `m.json:3:14: loads[1].saturation: expected a number from 0 to 2,
 * got 5`.
 *
 * Returns: (transfer full) (nullable): the matrix, or %NULL with @error set
 */
InterleaveFidelityMatrix *
interleave_fidelity_matrix_load_data (const char  *data,
                                      gssize       length,
                                      const char  *name,
                                      GError     **error)
{
  g_autoptr(InterleaveFidelityMatrix) matrix = NULL;
  g_autoptr(InterleaveJsonReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = interleave_json_reader_new (name != NULL ? name : "<matrix>",
                                       INTERLEAVE_FIDELITY_ERROR,
                                       INTERLEAVE_FIDELITY_ERROR_SYNTAX,
                                       INTERLEAVE_FIDELITY_ERROR_INVALID,
                                       &local_error);
  matrix = interleave_fidelity_matrix_new ();
  g_free (matrix->title);
  matrix->title = NULL;

  if (!interleave_json_reader_load (reader, data != NULL ? data : "", length,
                                    INTERLEAVE_FIDELITY_MAX_FILE_SIZE, 16) ||
      !read_matrix (reader, interleave_json_reader_get_root (reader), matrix))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (matrix->title == NULL)
    matrix->title = g_path_get_basename (name != NULL ? name : "matrix");

  return g_steal_pointer (&matrix);
}

/**
 * interleave_fidelity_matrix_load_file:
 * @path: a matrix file
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the matrix, or %NULL with @error set
 */
InterleaveFidelityMatrix *
interleave_fidelity_matrix_load_file (const char  *path,
                                      GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, INTERLEAVE_FIDELITY_ERROR, INTERLEAVE_FIDELITY_ERROR_READ, "%s", local_error->message);
      return NULL;
    }

  return interleave_fidelity_matrix_load_data (contents, length, path, error);
}

/**
 * interleave_fidelity_load_to_string:
 * @load: a load
 *
 * Returns: (transfer full): "20 clients", "50 % saturation",
 *   "250 req/s poisson"
 */
char *
interleave_fidelity_load_to_string (const InterleaveFidelityLoad *load)
{
  g_return_val_if_fail (load != NULL, NULL);

  switch (load->kind)
    {
    case INTERLEAVE_FIDELITY_LOAD_CLOSED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u client", "%u clients", load->clients), load->clients);
    case INTERLEAVE_FIDELITY_LOAD_SATURATION:
      return load->poisson ? g_strdup_printf (_("%.0f %% of saturation, Poisson"), load->fraction * 100.0)
                           : g_strdup_printf (_("%.0f %% of saturation"), load->fraction * 100.0);
    case INTERLEAVE_FIDELITY_LOAD_RATE:
    default:
      return load->poisson ? g_strdup_printf (_("%g req/s, Poisson"), load->rate)
                           : g_strdup_printf (_("%g req/s"), load->rate);
    }
}
