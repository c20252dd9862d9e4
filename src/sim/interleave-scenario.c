/* interleave-scenario.c
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

#define G_LOG_DOMAIN "interleave-sim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "interleave-json-reader.h"
#include "interleave-scenario.h"

G_DEFINE_QUARK (interleave-scenario-error-quark, interleave_scenario_error)

#define MS  G_GINT64_CONSTANT (1000000)
#define US  G_GINT64_CONSTANT (1000)
#define SEC G_GINT64_CONSTANT (1000000000)

/* Threads (lanes) one architecture may have at once, all workers together. */
#define MAX_ARCH_THREADS 16384

/* ------------------------------------------------------------------------
 * Runtimes and presets: the one place where per-runtime defaults live. A
 * calibration profile overrides them per architecture ("overhead").
 */

/**
 * interleave_arch_runtime_default_overhead_ns:
 * @runtime: a runtime
 *
 * The per-request cost of the runtime itself (parse the request, route,
 * write the response), as interpreted code. Node's http module serves a
 * trivial response in about 50 µs of CPU; CPython's http.server needs
 * about 250 µs; "ideal" has none, for queueing-theory checks.
 *
 * Returns: nanoseconds
 */
gint64
interleave_arch_runtime_default_overhead_ns (InterleaveArchRuntime runtime)
{
  switch (runtime)
    {
    case INTERLEAVE_ARCH_RUNTIME_NODE:   return 50 * US;
    case INTERLEAVE_ARCH_RUNTIME_PYTHON: return 250 * US;
    case INTERLEAVE_ARCH_RUNTIME_IDEAL:
    default:                        return 0;
    }
}

/**
 * interleave_arch_runtime_default_slowdown:
 * @runtime: a runtime
 * @gil: whether the interpreter has a GIL
 *
 * Free-threaded CPython 3.13t runs single-threaded code about 40 % slower
 * than the default build (its specialising interpreter is off); 3.14t
 * narrows that to about 10 %.
 *
 * Returns: the factor interpreted (cpu) time is multiplied by
 */
double
interleave_arch_runtime_default_slowdown (InterleaveArchRuntime runtime,
                                     gboolean          gil)
{
  if (runtime == INTERLEAVE_ARCH_RUNTIME_PYTHON && !gil)
    return 1.4;
  return 1.0;
}

static const char * const preset_names[] = {
  "node", "node-cluster", "python-threaded", "gunicorn-sync",
  "gunicorn-gthread", "asyncio", "python-freethreaded", NULL,
};

const char * const *
interleave_architecture_list_presets (void)
{
  return preset_names;
}

static void
arch_init_defaults (InterleaveArchitecture *arch,
                    InterleaveArchKind      kind,
                    InterleaveArchRuntime       runtime)
{
  arch->kind = kind;
  arch->runtime = runtime;
  arch->workers = 1;
  arch->threads = 0;
  arch->pool = kind == INTERLEAVE_ARCH_EVENTLOOP ? 4 : 0;
  arch->gil = runtime == INTERLEAVE_ARCH_RUNTIME_PYTHON;
  arch->switch_interval_ns = 5 * MS;
  arch->dispatch = INTERLEAVE_DISPATCH_SHARED_ACCEPT;
  arch->backlog = 511;
  arch->keepalive = kind != INTERLEAVE_ARCH_SYNC;
  arch->overhead_ns = interleave_arch_runtime_default_overhead_ns (runtime);
  arch->slowdown = interleave_arch_runtime_default_slowdown (runtime, arch->gil);
  arch->native_scale = 1.0;
  arch->native_spread = 0.0;
}

/**
 * interleave_architecture_init_preset:
 * @arch: (out caller-allocates): the architecture to fill (name untouched)
 * @preset: a preset name, see interleave_architecture_list_presets()
 * @cores: cores of the machine, for presets that scale with it
 *
 * Returns: %FALSE if @preset is unknown
 */
gboolean
interleave_architecture_init_preset (InterleaveArchitecture *arch,
                                     const char             *preset,
                                     guint                   cores)
{
  g_return_val_if_fail (arch != NULL, FALSE);
  g_return_val_if_fail (preset != NULL, FALSE);

  cores = MAX (cores, 1);

  if (strcmp (preset, "node") == 0)
    {
      /* One process, one loop, libuv's default pool of 4. */
      arch_init_defaults (arch, INTERLEAVE_ARCH_EVENTLOOP, INTERLEAVE_ARCH_RUNTIME_NODE);
    }
  else if (strcmp (preset, "node-cluster") == 0)
    {
      /* cluster.fork() once per core; the primary hands out connections
       * round-robin (SCHED_RR, the default except on Windows). */
      arch_init_defaults (arch, INTERLEAVE_ARCH_EVENTLOOP, INTERLEAVE_ARCH_RUNTIME_NODE);
      arch->workers = cores;
      arch->dispatch = INTERLEAVE_DISPATCH_ROUND_ROBIN;
    }
  else if (strcmp (preset, "python-threaded") == 0)
    {
      /* http.server.ThreadingHTTPServer: a new thread per connection. */
      arch_init_defaults (arch, INTERLEAVE_ARCH_THREADS, INTERLEAVE_ARCH_RUNTIME_PYTHON);
      arch->threads = 0;
    }
  else if (strcmp (preset, "gunicorn-sync") == 0)
    {
      /* gunicorn's documented starting point: 2 × cores + 1 workers. */
      arch_init_defaults (arch, INTERLEAVE_ARCH_SYNC, INTERLEAVE_ARCH_RUNTIME_PYTHON);
      arch->workers = 2 * cores + 1;
      arch->backlog = 2048;
    }
  else if (strcmp (preset, "gunicorn-gthread") == 0)
    {
      arch_init_defaults (arch, INTERLEAVE_ARCH_THREADS, INTERLEAVE_ARCH_RUNTIME_PYTHON);
      arch->workers = cores;
      arch->threads = 4;
      arch->backlog = 2048;
    }
  else if (strcmp (preset, "asyncio") == 0)
    {
      /* One asyncio loop (uvicorn-style); native work blocks the loop
       * unless a run_in_executor pool is given. */
      arch_init_defaults (arch, INTERLEAVE_ARCH_ASYNCIO, INTERLEAVE_ARCH_RUNTIME_PYTHON);
    }
  else if (strcmp (preset, "python-freethreaded") == 0)
    {
      /* ThreadingHTTPServer on CPython 3.13t: no GIL, slower interpreter. */
      arch_init_defaults (arch, INTERLEAVE_ARCH_THREADS, INTERLEAVE_ARCH_RUNTIME_PYTHON);
      arch->gil = FALSE;
      arch->slowdown = interleave_arch_runtime_default_slowdown (INTERLEAVE_ARCH_RUNTIME_PYTHON, FALSE);
    }
  else
    return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Names of enumerations, as written in scenario files.
 */

static const char * const arch_kind_names[] = { "eventloop", "threads", "asyncio", "sync", NULL };
static const char * const runtime_names[] = { "node", "python", "ideal", NULL };
static const char * const dispatch_names[] = { "shared-accept", "round-robin", "hash", NULL };
static const char * const arrivals_names[] = { "poisson", "constant", "closed", NULL };
static const char * const dist_names[] = { "const", "exp", "lognormal", NULL };
static const char * const think_dist_names[] = { "const", "exp", NULL };

const char *
interleave_arch_kind_to_string (InterleaveArchKind kind)
{
  g_return_val_if_fail (kind <= INTERLEAVE_ARCH_SYNC, NULL);
  return arch_kind_names[kind];
}

const char *
interleave_arch_runtime_to_string (InterleaveArchRuntime runtime)
{
  g_return_val_if_fail (runtime <= INTERLEAVE_ARCH_RUNTIME_IDEAL, NULL);
  return runtime_names[runtime];
}

const char *
interleave_dispatch_to_string (InterleaveDispatch dispatch)
{
  g_return_val_if_fail (dispatch <= INTERLEAVE_DISPATCH_HASH, NULL);
  return dispatch_names[dispatch];
}

/* ------------------------------------------------------------------------
 * The scenario's parts.
 */

static gboolean
read_arrivals (InterleaveJsonReader *reader,
               JsonNode             *node,
               const char           *path,
               InterleaveArrivals   *arrivals)
{
  static const char * const allowed[] = {
    "kind", "rate", "clients", "think", "think_dist", "keepalive", "connections", NULL,
  };
  guint kind = 0;
  guint think_dist = INTERLEAVE_DIST_EXP;

  if (!interleave_json_reader_get_object (reader, node, path, allowed) ||
      !interleave_json_reader_require (reader, node, path, "kind") ||
      !interleave_json_reader_choice (reader, node, path, "kind", arrivals_names, &kind))
    return FALSE;

  memset (arrivals, 0, sizeof *arrivals);
  arrivals->kind = kind;
  arrivals->think_dist = INTERLEAVE_DIST_EXP;
  arrivals->keepalive = kind == INTERLEAVE_ARRIVALS_CLOSED;
  arrivals->connections = 64;

  if (kind == INTERLEAVE_ARRIVALS_CLOSED)
    {
      if (interleave_json_reader_member (node, "rate") != NULL)
        {
          g_autofree char *where = interleave_json_reader_path (path, "rate");
          return interleave_json_reader_fail (reader, interleave_json_reader_member (node, "rate"), where,
                       _("a closed loop has “clients” and “think”, not a rate"));
        }
      if (!interleave_json_reader_require (reader, node, path, "clients") ||
          !interleave_json_reader_count (reader, node, path, "clients", 1, INTERLEAVE_SCENARIO_MAX_CLIENTS, &arrivals->clients) ||
          !interleave_json_reader_time (reader, node, path, "think", 0, 600 * SEC, &arrivals->think_ns) ||
          !interleave_json_reader_choice (reader, node, path, "think_dist", think_dist_names, &think_dist))
        return FALSE;
      arrivals->think_dist = think_dist;
    }
  else
    {
      static const char * const closed_only[] = { "clients", "think", "think_dist" };

      for (guint i = 0; i < G_N_ELEMENTS (closed_only); i++)
        {
          if (interleave_json_reader_member (node, closed_only[i]) != NULL)
            {
              g_autofree char *where = interleave_json_reader_path (path, closed_only[i]);
              return interleave_json_reader_fail (reader, interleave_json_reader_member (node, closed_only[i]), where,
                           
                           _("“%s” belongs to closed-loop arrivals (“kind”: “closed”)"),
                           closed_only[i]);
            }
        }
      if (!interleave_json_reader_require (reader, node, path, "rate") ||
          !interleave_json_reader_number_above (reader, node, path, "rate", 0.0, INTERLEAVE_SCENARIO_MAX_RATE, &arrivals->rate))
        return FALSE;
    }

  if (!interleave_json_reader_boolean (reader, node, path, "keepalive", &arrivals->keepalive) ||
      !interleave_json_reader_count (reader, node, path, "connections", 1, INTERLEAVE_SCENARIO_MAX_CONNECTIONS, &arrivals->connections))
    return FALSE;

  return TRUE;
}

static gboolean
read_plan (InterleaveJsonReader *reader,
           JsonNode             *node,
           const char           *path,
           InterleavePlan       *plan)
{
  static const char * const allowed[] = { "phase", "mean", "dist", "cv", NULL };
  static const char * const phase_names[] = { "cpu", "io", "native", NULL };
  JsonArray *array;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GError) local_error = NULL;

      if (!interleave_plan_parse (json_node_get_string (node), plan, &local_error))
        {
          if (local_error->code == INTERLEAVE_PLAN_ERROR_LIMIT)
            return interleave_json_reader_fail_limit (reader, node, path, "%s", local_error->message);
          return interleave_json_reader_fail (reader, node, path, "%s", local_error->message);
        }
      return TRUE;
    }

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return interleave_json_reader_fail (reader, node, path,
                 _("expected a plan such as “cpu:2,io:10” or a list of phases, got %s"),
                 interleave_json_reader_got (reader, node));

  memset (plan, 0, sizeof *plan);
  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);
      g_autoptr(GError) local_error = NULL;
      InterleavePhase phase = { .dist = INTERLEAVE_DIST_CONST };
      guint kind = 0, dist = INTERLEAVE_DIST_CONST;

      if (!interleave_json_reader_get_object (reader, element, where, allowed) ||
          !interleave_json_reader_require (reader, element, where, "phase") ||
          !interleave_json_reader_choice (reader, element, where, "phase", phase_names, &kind) ||
          !interleave_json_reader_require (reader, element, where, "mean") ||
          !interleave_json_reader_time (reader, element, where, "mean", 0,
                      (gint64) (INTERLEAVE_PLAN_MAX_TOTAL_MS * MS), &phase.mean_ns) ||
          !interleave_json_reader_choice (reader, element, where, "dist", dist_names, &dist))
        return FALSE;

      phase.kind = kind;
      phase.dist = dist;

      if (interleave_json_reader_member (element, "cv") != NULL)
        {
          g_autofree char *cv_path = interleave_json_reader_path (where, "cv");

          if (dist != INTERLEAVE_DIST_LOGNORMAL)
            return interleave_json_reader_fail (reader, interleave_json_reader_member (element, "cv"), cv_path,
                         _("“cv” applies to “dist”: “lognormal” only"));
          if (!interleave_json_reader_number (reader, element, where, "cv", 0.0, 10.0, &phase.cv))
            return FALSE;
        }
      else if (dist == INTERLEAVE_DIST_LOGNORMAL)
        phase.cv = 1.0;

      if (!interleave_plan_append (plan, &phase, &local_error))
        return interleave_json_reader_fail_limit (reader, element, where,
                     "%s", local_error->message);
    }

  return TRUE;
}

static gboolean
read_class (InterleaveJsonReader   *reader,
            JsonNode               *node,
            const char             *path,
            guint                   index,
            InterleaveRequestClass *klass)
{
  static const char * const allowed[] = { "name", "weight", "plan", "arrivals", NULL };
  g_autofree char *plan_path = NULL;

  if (!interleave_json_reader_get_object (reader, node, path, allowed) ||
      !interleave_json_reader_string (reader, node, path, "name", INTERLEAVE_SCENARIO_MAX_NAME, &klass->name) ||
      !interleave_json_reader_number_above (reader, node, path, "weight", 0.0, 1e9, &klass->weight) ||
      !interleave_json_reader_require (reader, node, path, "plan"))
    return FALSE;

  if (klass->name == NULL)
    klass->name = g_strdup_printf ("class %u", index + 1);

  plan_path = interleave_json_reader_path (path, "plan");
  if (!read_plan (reader, interleave_json_reader_member (node, "plan"), plan_path, &klass->plan))
    return FALSE;

  if (interleave_json_reader_member (node, "arrivals") != NULL)
    {
      g_autofree char *arrivals_path = interleave_json_reader_path (path, "arrivals");

      klass->has_arrivals = TRUE;
      if (!read_arrivals (reader, interleave_json_reader_member (node, "arrivals"), arrivals_path, &klass->arrivals))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_architecture (InterleaveJsonReader   *reader,
                   JsonNode               *node,
                   const char             *path,
                   guint                   cores,
                   InterleaveArchitecture *arch)
{
  static const char * const allowed[] = {
    "name", "preset", "kind", "runtime", "workers", "threads", "pool", "gil",
    "switch_interval", "gil_handoff", "dispatch", "backlog", "keepalive", "overhead", "slowdown", NULL,
  };
  guint kind = 0, runtime, dispatch;
  gboolean has_gil;

  if (!interleave_json_reader_get_object (reader, node, path, allowed) ||
      !interleave_json_reader_string (reader, node, path, "name", INTERLEAVE_SCENARIO_MAX_NAME, &arch->name) ||
      !interleave_json_reader_string (reader, node, path, "preset", INTERLEAVE_SCENARIO_MAX_NAME, &arch->preset))
    return FALSE;

  if (arch->preset != NULL)
    {
      if (!interleave_architecture_init_preset (arch, arch->preset, cores))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) preset_names);
          g_autofree char *where = interleave_json_reader_path (path, "preset");

          return interleave_json_reader_fail (reader, interleave_json_reader_member (node, "preset"), where,
                       _("unknown preset “%s”; expected one of: %s"), arch->preset, list);
        }
    }
  else
    {
      if (!interleave_json_reader_require (reader, node, path, "kind"))
        return FALSE;
    }

  /* Kind and runtime first: the defaults that depend on them follow. */
  kind = arch->kind;
  if (!interleave_json_reader_choice (reader, node, path, "kind", arch_kind_names, &kind))
    return FALSE;
  if (arch->preset == NULL)
    arch_init_defaults (arch, kind,
                        kind == INTERLEAVE_ARCH_EVENTLOOP ? INTERLEAVE_ARCH_RUNTIME_NODE
                                                          : INTERLEAVE_ARCH_RUNTIME_PYTHON);
  else if (kind != arch->kind)
    {
      arch->kind = kind;
      arch->pool = kind == INTERLEAVE_ARCH_EVENTLOOP ? 4 : 0;
      arch->keepalive = kind != INTERLEAVE_ARCH_SYNC;
      if (kind != INTERLEAVE_ARCH_THREADS)
        arch->threads = 0;
    }

  runtime = arch->runtime;
  if (!interleave_json_reader_choice (reader, node, path, "runtime", runtime_names, &runtime))
    return FALSE;
  if (runtime != arch->runtime)
    {
      arch->runtime = runtime;
      arch->gil = runtime == INTERLEAVE_ARCH_RUNTIME_PYTHON;
      arch->overhead_ns = interleave_arch_runtime_default_overhead_ns (runtime);
      arch->slowdown = interleave_arch_runtime_default_slowdown (runtime, arch->gil);
    }

  dispatch = arch->dispatch;
  has_gil = interleave_json_reader_member (node, "gil") != NULL;

  if (!interleave_json_reader_count (reader, node, path, "workers", 1, INTERLEAVE_SCENARIO_MAX_WORKERS, &arch->workers) ||
      !interleave_json_reader_count (reader, node, path, "threads", 0, INTERLEAVE_SCENARIO_MAX_THREADS, &arch->threads) ||
      !interleave_json_reader_count (reader, node, path, "pool", 0, INTERLEAVE_SCENARIO_MAX_POOL, &arch->pool) ||
      !interleave_json_reader_boolean (reader, node, path, "gil", &arch->gil) ||
      !interleave_json_reader_time (reader, node, path, "switch_interval", 1 * US, 1 * SEC, &arch->switch_interval_ns) ||
      !interleave_json_reader_time (reader, node, path, "gil_handoff", 0, 100 * MS, &arch->gil_handoff_ns) ||
      !interleave_json_reader_choice (reader, node, path, "dispatch", dispatch_names, &dispatch) ||
      !interleave_json_reader_count (reader, node, path, "backlog", 1, INTERLEAVE_SCENARIO_MAX_BACKLOG, &arch->backlog) ||
      !interleave_json_reader_boolean (reader, node, path, "keepalive", &arch->keepalive) ||
      !interleave_json_reader_time (reader, node, path, "overhead", 0, 1 * SEC, &arch->overhead_ns))
    return FALSE;

  arch->dispatch = dispatch;

  /* Node's cluster module hands out connections round-robin. */
  if (arch->preset == NULL && interleave_json_reader_member (node, "dispatch") == NULL &&
      arch->runtime == INTERLEAVE_ARCH_RUNTIME_NODE && arch->workers > 1)
    arch->dispatch = INTERLEAVE_DISPATCH_ROUND_ROBIN;

  /* Without a GIL, CPython's default slowdown changes; an explicit value wins. */
  if (has_gil)
    arch->slowdown = interleave_arch_runtime_default_slowdown (arch->runtime, arch->gil);
  if (!interleave_json_reader_number (reader, node, path, "slowdown", 0.1, 10.0, &arch->slowdown))
    return FALSE;

  if (interleave_json_reader_member (node, "overhead") != NULL)
    arch->given |= INTERLEAVE_ARCH_GIVEN_OVERHEAD;
  if (interleave_json_reader_member (node, "slowdown") != NULL)
    arch->given |= INTERLEAVE_ARCH_GIVEN_SLOWDOWN;
  if (interleave_json_reader_member (node, "gil_handoff") != NULL)
    arch->given |= INTERLEAVE_ARCH_GIVEN_GIL_HANDOFF;

  if (arch->gil && arch->runtime != INTERLEAVE_ARCH_RUNTIME_PYTHON)
    {
      g_autofree char *where = interleave_json_reader_path (path, "gil");
      return interleave_json_reader_fail (reader, interleave_json_reader_member (node, "gil"), where,
                   _("only the Python runtime has a GIL"));
    }

  if (kind == INTERLEAVE_ARCH_SYNC && arch->keepalive && interleave_json_reader_member (node, "keepalive") != NULL)
    {
      g_autofree char *where = interleave_json_reader_path (path, "keepalive");
      return interleave_json_reader_fail (reader, interleave_json_reader_member (node, "keepalive"), where,
                   _("a sync worker closes every connection after its response"));
    }

  if (kind != INTERLEAVE_ARCH_THREADS && interleave_json_reader_member (node, "threads") != NULL)
    {
      g_autofree char *where = interleave_json_reader_path (path, "threads");
      return interleave_json_reader_fail (reader, interleave_json_reader_member (node, "threads"), where,
                   _("“threads” applies to “kind”: “threads” only"));
    }

  if (arch->name == NULL)
    arch->name = g_strdup (arch->preset != NULL ? arch->preset : arch_kind_names[arch->kind]);

  return TRUE;
}

static gboolean
read_record (InterleaveJsonReader *reader,
             JsonNode             *node,
             const char           *path,
             InterleaveRecord     *record)
{
  static const char * const allowed[] = { "until", "requests", "spans", "cores", NULL };

  return interleave_json_reader_get_object (reader, node, path, allowed) &&
         interleave_json_reader_time (reader, node, path, "until", 0, INTERLEAVE_SCENARIO_MAX_DURATION_NS, &record->until_ns) &&
         interleave_json_reader_count (reader, node, path, "requests", 0, INTERLEAVE_SCENARIO_MAX_RECORD_REQUESTS, &record->max_requests) &&
         interleave_json_reader_count (reader, node, path, "spans", 0, INTERLEAVE_SCENARIO_MAX_RECORD_SPANS, &record->max_spans) &&
         interleave_json_reader_boolean (reader, node, path, "cores", &record->cores);
}

static void
scenario_init_defaults (InterleaveScenario *scenario)
{
  scenario->seed = 1;
  scenario->duration_ns = 10 * SEC;
  scenario->window_ns = 100 * MS;
  scenario->cores = 4;
  scenario->quantum_ns = 4 * MS;
  scenario->context_switch_ns = 5 * US;
  scenario->idle_sleep_ns = 10 * MS;
  scenario->record.until_ns = INTERLEAVE_SCENARIO_MAX_DURATION_NS;
  scenario->record.max_requests = 1000000;
  scenario->record.max_spans = 4000000;
  scenario->record.cores = TRUE;
}

/* machine.slowdown: { "step": "250ms", "factors": [ 1, 1.2, … ] } */
static gboolean
read_slowdown (InterleaveJsonReader *reader,
               JsonNode             *node,
               InterleaveScenario   *scenario)
{
  static const char * const allowed[] = { "step", "factors", NULL };
  JsonNode *factors;
  guint n;

  if (node == NULL)
    return TRUE;

  scenario->slowdown_step_ns = 100 * MS;
  if (!interleave_json_reader_get_object (reader, node, "machine.slowdown", allowed) ||
      !interleave_json_reader_time (reader, node, "machine.slowdown", "step", 1 * MS, 3600 * SEC, &scenario->slowdown_step_ns) ||
      !interleave_json_reader_require (reader, node, "machine.slowdown", "factors"))
    return FALSE;

  factors = interleave_json_reader_member (node, "factors");
  if (!interleave_json_reader_get_array (reader, factors, "machine.slowdown.factors", 1, INTERLEAVE_SCENARIO_MAX_SLOWDOWN_STEPS))
    return FALSE;

  n = json_array_get_length (json_node_get_array (factors));
  g_clear_pointer (&scenario->slowdown, g_free);
  scenario->slowdown = g_new (double, n);
  scenario->n_slowdown = n;
  for (guint i = 0; i < n; i++)
    if (!interleave_json_reader_element_number (reader, factors, "machine.slowdown.factors", i, 0.1, 10,
                                                &scenario->slowdown[i]))
      return FALSE;

  return TRUE;
}

static gboolean
read_scenario (InterleaveJsonReader *reader,
               JsonNode             *root,
               InterleaveScenario   *scenario)
{
  static const char * const allowed[] = {
    "title", "description", "seed", "duration", "window", "machine", "workload",
    "architectures", "record", NULL,
  };
  static const char * const machine_allowed[] = { "cores", "quantum", "context_switch", "client_cpu", "idle_wake",
                                                   "idle_sleep", "delivery_jitter", "balance_interval", "wake_stay", "slowdown",
                                                   NULL };
  static const char * const workload_allowed[] = { "arrivals", "classes", NULL };
  JsonNode *node;
  JsonArray *array;
  double seed = 1;

  if (!interleave_json_reader_get_object (reader, root, "", allowed) ||
      !interleave_json_reader_string (reader, root, "", "title", INTERLEAVE_SCENARIO_MAX_TITLE, &scenario->title) ||
      !interleave_json_reader_string (reader, root, "", "description", INTERLEAVE_SCENARIO_MAX_DESCRIPTION, &scenario->description) ||
      !interleave_json_reader_number (reader, root, "", "seed", 0, 9007199254740992.0, &seed) ||
      !interleave_json_reader_time (reader, root, "", "duration", 1 * MS, INTERLEAVE_SCENARIO_MAX_DURATION_NS, &scenario->duration_ns) ||
      !interleave_json_reader_time (reader, root, "", "window", 100 * US, 3600 * SEC, &scenario->window_ns))
    return FALSE;

  node = interleave_json_reader_member (root, "seed");
  if (seed != floor (seed))
    return interleave_json_reader_fail (reader, node, "seed", _("expected a whole number, got %s"),
                                        interleave_json_reader_got (reader, node));
  scenario->seed = (guint64) seed;

  if ((node = interleave_json_reader_member (root, "machine")) != NULL)
    {
      if (!interleave_json_reader_get_object (reader, node, "machine", machine_allowed) ||
          !interleave_json_reader_count (reader, node, "machine", "cores", 1, INTERLEAVE_SCENARIO_MAX_CORES, &scenario->cores) ||
          !interleave_json_reader_time (reader, node, "machine", "quantum", 1 * US, 1 * SEC, &scenario->quantum_ns) ||
          !interleave_json_reader_time (reader, node, "machine", "context_switch", 0, 1 * MS, &scenario->context_switch_ns) ||
          !interleave_json_reader_time (reader, node, "machine", "client_cpu", 0, 100 * MS, &scenario->client_cpu_ns) ||
          !interleave_json_reader_time (reader, node, "machine", "idle_wake", 0, 10 * MS, &scenario->idle_wake_ns) ||
          !interleave_json_reader_time (reader, node, "machine", "idle_sleep", 0, 1 * SEC, &scenario->idle_sleep_ns) ||
          !interleave_json_reader_time (reader, node, "machine", "delivery_jitter", 0, 10 * MS, &scenario->delivery_jitter_ns) ||
          !interleave_json_reader_time (reader, node, "machine", "balance_interval", 0, 100 * MS, &scenario->balance_interval_ns) ||
          !interleave_json_reader_number (reader, node, "machine", "wake_stay", 0, 1, &scenario->wake_stay) ||
          !read_slowdown (reader, interleave_json_reader_member (node, "slowdown"), scenario))
        return FALSE;
    }

  if (!interleave_json_reader_require (reader, root, "", "workload") ||
      !interleave_json_reader_get_object (reader, (node = interleave_json_reader_member (root, "workload")), "workload", workload_allowed))
    return FALSE;

  if (interleave_json_reader_member (node, "arrivals") != NULL)
    {
      scenario->has_arrivals = TRUE;
      if (!read_arrivals (reader, interleave_json_reader_member (node, "arrivals"), "workload.arrivals", &scenario->arrivals))
        return FALSE;
    }

  if (!interleave_json_reader_require (reader, node, "workload", "classes"))
    return FALSE;
  node = interleave_json_reader_member (node, "classes");
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return interleave_json_reader_fail (reader, node, "workload.classes",
                 _("expected a list of request classes [ { … } ], got %s"),
                 interleave_json_reader_got (reader, node));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > INTERLEAVE_SCENARIO_MAX_CLASSES)
    return interleave_json_reader_fail_limit (reader, node, "workload.classes",
                 _("at most %u request classes, got %u"),
                 INTERLEAVE_SCENARIO_MAX_CLASSES, json_array_get_length (array));

  scenario->n_classes = json_array_get_length (array);
  scenario->classes = g_new0 (InterleaveRequestClass, scenario->n_classes);
  for (guint i = 0; i < scenario->n_classes; i++)
    {
      g_autofree char *where = g_strdup_printf ("workload.classes[%u]", i);

      scenario->classes[i].weight = 1.0;
      if (!read_class (reader, json_array_get_element (array, i), where, i, &scenario->classes[i]))
        return FALSE;

      if (!scenario->has_arrivals && !scenario->classes[i].has_arrivals)
        return interleave_json_reader_fail (reader, json_array_get_element (array, i), where,
                     _("this class has no “arrivals”, and neither has the workload"));
    }

  if (!interleave_json_reader_require (reader, root, "", "architectures"))
    return FALSE;
  node = interleave_json_reader_member (root, "architectures");
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return interleave_json_reader_fail (reader, node, "architectures",
                 _("expected a list of architectures [ { … } ], got %s"),
                 interleave_json_reader_got (reader, node));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > INTERLEAVE_SCENARIO_MAX_ARCHITECTURES)
    return interleave_json_reader_fail_limit (reader, node, "architectures",
                 _("at most %u architectures, got %u"),
                 INTERLEAVE_SCENARIO_MAX_ARCHITECTURES, json_array_get_length (array));

  scenario->n_architectures = json_array_get_length (array);
  scenario->architectures = g_new0 (InterleaveArchitecture, scenario->n_architectures);
  for (guint i = 0; i < scenario->n_architectures; i++)
    {
      g_autofree char *where = g_strdup_printf ("architectures[%u]", i);

      if (!read_architecture (reader, json_array_get_element (array, i), where,
                              scenario->cores, &scenario->architectures[i]))
        return FALSE;
    }

  if ((node = interleave_json_reader_member (root, "record")) != NULL)
    {
      if (!read_record (reader, node, "record", &scenario->record))
        return FALSE;
    }

  return TRUE;
}

/**
 * interleave_scenario_load_data:
 * @data: JSON text
 * @length: length of @data, or -1 when nul-terminated
 * @name: the name messages use for the source, such as a file name
 * @error: a location for a #GError
 *
 * Reads a scenario and checks it against the documented limits. Error
 * messages name @name, the line and column or the JSON path, and what
 * was expected, for example
 * `lesson.json:7:21: workload.arrivals.rate: expected a number above 0…`.
 *
 * Returns: (transfer full) (nullable): the scenario, every default
 *   resolved, or %NULL with @error set
 */
InterleaveScenario *
interleave_scenario_load_data (const char  *data,
                               gssize       length,
                               const char  *name,
                               GError     **error)
{
  g_autoptr(InterleaveScenario) scenario = NULL;
  g_autoptr(InterleaveJsonReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = "<scenario>";
  if (length < 0)
    length = strlen (data);

  if (length > INTERLEAVE_SCENARIO_MAX_FILE_SIZE)
    {
      g_set_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                   /* Translators: %s is a file name, %d a size in KiB */
                   _("%s: a scenario file may be at most %d KiB"),
                   name, INTERLEAVE_SCENARIO_MAX_FILE_SIZE / 1024);
      return NULL;
    }

  /* The shared reader runs the strict JSON check first (duplicate
   * members, nesting json-glib 1.6 would overflow its stack on), and
   * every message names the file, line, column and JSON path. */
  reader = interleave_json_reader_new (name, INTERLEAVE_SCENARIO_ERROR,
                                       INTERLEAVE_SCENARIO_ERROR_SYNTAX,
                                       INTERLEAVE_SCENARIO_ERROR_INVALID, error);
  interleave_json_reader_set_limit_code (reader, INTERLEAVE_SCENARIO_ERROR_LIMIT);
  if (!interleave_json_reader_load (reader, data, length, INTERLEAVE_SCENARIO_MAX_FILE_SIZE,
                                    INTERLEAVE_SCENARIO_MAX_DEPTH))
    return NULL;

  scenario = g_new0 (InterleaveScenario, 1);
  scenario_init_defaults (scenario);

  if (!read_scenario (reader, interleave_json_reader_get_root (reader), scenario))
    return NULL;

  if (scenario->title == NULL)
    scenario->title = g_path_get_basename (name);
  if (scenario->description == NULL)
    scenario->description = g_strdup ("");

  if (!interleave_scenario_validate (scenario, &local_error))
    {
      g_set_error (error, INTERLEAVE_SCENARIO_ERROR, local_error->code,
                   "%s: %s", name, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&scenario);
}

/**
 * interleave_scenario_load_file:
 * @path: a scenario file
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the scenario or %NULL with @error set
 */
InterleaveScenario *
interleave_scenario_load_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_commandline_arg (path);

  /* Refuse a huge file before reading it into memory. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_READ,
                   _("%s: is a folder, not a scenario file"), path);
      return NULL;
    }
  if (info != NULL && g_file_info_get_size (info) > INTERLEAVE_SCENARIO_MAX_FILE_SIZE)
    {
      g_set_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                   _("%s: a scenario file may be at most %d KiB"),
                   path, INTERLEAVE_SCENARIO_MAX_FILE_SIZE / 1024);
      return NULL;
    }
  g_clear_error (&local_error);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_READ,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not read “%s”: %s"), path, local_error->message);
      return NULL;
    }

  return interleave_scenario_load_data (contents, length, path, error);
}

/* ------------------------------------------------------------------------
 * Checks on the struct itself, for scenarios a UI edits in place.
 */

static gboolean G_GNUC_PRINTF (3, 4)
invalid (GError                  **error,
         InterleaveScenarioError   code,
         const char               *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, INTERLEAVE_SCENARIO_ERROR, code, message);
  return FALSE;
}

static double
mean_plan_ns (const InterleaveScenario *scenario,
              gboolean                  own_arrivals,
              guint                     only_class)
{
  double weight = 0.0, sum = 0.0;

  for (guint i = 0; i < scenario->n_classes; i++)
    {
      const InterleaveRequestClass *klass = &scenario->classes[i];

      if (own_arrivals ? i != only_class : klass->has_arrivals)
        continue;
      weight += klass->weight;
      sum += klass->weight * interleave_plan_total_mean_ns (&klass->plan);
    }

  return weight > 0.0 ? sum / weight : 0.0;
}

static double
arrivals_expected_requests (const InterleaveScenario *scenario,
                            const InterleaveArrivals *arrivals,
                            double                    plan_ns)
{
  double seconds = scenario->duration_ns / 1e9;

  if (arrivals->kind != INTERLEAVE_ARRIVALS_CLOSED)
    return arrivals->rate * seconds;

  /* A client sends at most once per think time plus plan: an upper bound. */
  return arrivals->clients * (scenario->duration_ns / MAX (1.0, arrivals->think_ns + plan_ns));
}

/**
 * interleave_scenario_expected_requests:
 * @scenario: a scenario
 *
 * Returns: about how many requests one architecture will see (an upper
 *   bound for closed loops, which cannot send faster than think time plus
 *   the plan)
 */
double
interleave_scenario_expected_requests (const InterleaveScenario *scenario)
{
  double total = 0.0;

  g_return_val_if_fail (scenario != NULL, 0.0);

  if (scenario->has_arrivals)
    total += arrivals_expected_requests (scenario, &scenario->arrivals,
                                         mean_plan_ns (scenario, FALSE, 0));
  for (guint i = 0; i < scenario->n_classes; i++)
    if (scenario->classes[i].has_arrivals)
      total += arrivals_expected_requests (scenario, &scenario->classes[i].arrivals,
                                           mean_plan_ns (scenario, TRUE, i));

  return total;
}

static gboolean
validate_arrivals (const InterleaveArrivals  *arrivals,
                   const char                *path,
                   double                     plan_ns,
                   GError                   **error)
{
  if (arrivals->kind == INTERLEAVE_ARRIVALS_CLOSED)
    {
      if (arrivals->clients < 1 || arrivals->clients > INTERLEAVE_SCENARIO_MAX_CLIENTS)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("%s.clients: expected a whole number from %u to %u, got %u"),
                        path, 1, INTERLEAVE_SCENARIO_MAX_CLIENTS, arrivals->clients);
      if (arrivals->think_ns < 0)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("%s.think: a time cannot be negative"), path);
      if (arrivals->think_ns + plan_ns < 1000.0)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_INVALID,
                        _("%s: closed-loop clients need a think time or a plan that takes time (at least 1us together)"),
                        path);
    }
  else if (!(arrivals->rate > 0.0 && arrivals->rate <= INTERLEAVE_SCENARIO_MAX_RATE))
    {
      g_autofree char *got = interleave_json_reader_format_number (arrivals->rate);
      return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                      _("%s.rate: expected a number above 0 and at most %s, got %s"),
                      path, "1000000", got);
    }

  if (arrivals->connections < 1 || arrivals->connections > INTERLEAVE_SCENARIO_MAX_CONNECTIONS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("%s.connections: expected a whole number from %u to %u, got %u"),
                    path, 1, INTERLEAVE_SCENARIO_MAX_CONNECTIONS, arrivals->connections);

  return TRUE;
}

/**
 * interleave_scenario_validate:
 * @scenario: a scenario
 * @error: a location for a #GError
 *
 * Checks every documented limit, including those that involve several
 * values (expected number of requests, threads per architecture, metric
 * windows). The loader calls it; a UI that edits a scenario calls it
 * before simulating. Messages name the JSON path of the offending value.
 *
 * Returns: %TRUE when @scenario can be simulated
 */
gboolean
interleave_scenario_validate (const InterleaveScenario  *scenario,
                              GError                   **error)
{
  double requests;

  g_return_val_if_fail (scenario != NULL, FALSE);

  if (scenario->duration_ns < 1 * MS || scenario->duration_ns > INTERLEAVE_SCENARIO_MAX_DURATION_NS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("duration: expected a time from %s to %s"), "1ms", "1h");
  if (scenario->window_ns < 100 * US)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("window: expected at least %s"), "100us");
  if (scenario->duration_ns / scenario->window_ns > INTERLEAVE_SCENARIO_MAX_WINDOWS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("window: a run may have at most %u metric windows; make “window” longer"),
                    INTERLEAVE_SCENARIO_MAX_WINDOWS);
  if (scenario->cores < 1 || scenario->cores > INTERLEAVE_SCENARIO_MAX_CORES)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.cores: expected a whole number from %u to %u, got %u"),
                    1, INTERLEAVE_SCENARIO_MAX_CORES, scenario->cores);
  if (scenario->quantum_ns < 1 * US || scenario->quantum_ns > 1 * SEC)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.quantum: expected a time from %s to %s"), "1us", "1s");
  if (scenario->context_switch_ns < 0 || scenario->context_switch_ns > 1 * MS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.context_switch: expected a time from %s to %s"), "0ns", "1ms");
  if (scenario->client_cpu_ns < 0 || scenario->client_cpu_ns > 100 * MS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.client_cpu: expected a time from %s to %s"), "0ns", "100ms");
  if (scenario->idle_wake_ns < 0 || scenario->idle_wake_ns > 10 * MS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.idle_wake: expected a time from %s to %s"), "0ns", "10ms");
  if (scenario->idle_sleep_ns < 0 || scenario->idle_sleep_ns > 1 * SEC)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.idle_sleep: expected a time from %s to %s"), "0ns", "1s");
  if (scenario->delivery_jitter_ns < 0 || scenario->delivery_jitter_ns > 10 * MS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.delivery_jitter: expected a time from %s to %s"), "0ns", "10ms");
  if (scenario->balance_interval_ns < 0 || scenario->balance_interval_ns > 100 * MS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.balance_interval: expected a time from %s to %s"), "0ns", "100ms");
  if (!(scenario->wake_stay >= 0 && scenario->wake_stay <= 1))
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.wake_stay: expected a number from %s to %s"), "0", "1");
  if (scenario->context_switch_ns >= scenario->quantum_ns)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_INVALID,
                    _("machine.context_switch: must be shorter than the quantum"));
  if (scenario->n_slowdown > INTERLEAVE_SCENARIO_MAX_SLOWDOWN_STEPS ||
      (scenario->n_slowdown > 0 && (scenario->slowdown == NULL || scenario->slowdown_step_ns < 1 * MS)))
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("machine.slowdown: expected 1 to %u factors, each holding at least %s"),
                    INTERLEAVE_SCENARIO_MAX_SLOWDOWN_STEPS, "1ms");
  for (guint i = 0; i < scenario->n_slowdown; i++)
    if (!(scenario->slowdown[i] >= 0.1 && scenario->slowdown[i] <= 10.0))
      return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                      _("machine.slowdown.factors[%u]: expected a number from %s to %s"), i, "0.1", "10");

  if (scenario->n_classes < 1 || scenario->n_classes > INTERLEAVE_SCENARIO_MAX_CLASSES)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("workload.classes: expected from %u to %u request classes, got %u"),
                    1, INTERLEAVE_SCENARIO_MAX_CLASSES, scenario->n_classes);

  if (scenario->has_arrivals &&
      !validate_arrivals (&scenario->arrivals, "workload.arrivals",
                          mean_plan_ns (scenario, FALSE, 0), error))
    return FALSE;

  for (guint i = 0; i < scenario->n_classes; i++)
    {
      const InterleaveRequestClass *klass = &scenario->classes[i];
      g_autofree char *path = g_strdup_printf ("workload.classes[%u]", i);

      if (klass->name == NULL)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_INVALID, _("%s.name: missing"), path);
      if (!(klass->weight > 0.0 && klass->weight <= 1e9))
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("%s.weight: expected a number above 0 and at most %s"), path, "1000000000");
      if (klass->plan.n_phases > INTERLEAVE_PLAN_MAX_PHASES ||
          interleave_plan_total_mean_ns (&klass->plan) > INTERLEAVE_PLAN_MAX_TOTAL_MS * MS)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("%s.plan: at most %d phases and %.0f ms in total"), path,
                        INTERLEAVE_PLAN_MAX_PHASES, INTERLEAVE_PLAN_MAX_TOTAL_MS);
      for (guint j = 0; j < klass->plan.n_phases; j++)
        {
          const InterleavePhase *phase = &klass->plan.phases[j];

          if (phase->mean_ns < 0 || phase->kind > INTERLEAVE_PHASE_NATIVE ||
              phase->dist > INTERLEAVE_DIST_LOGNORMAL || !(phase->cv >= 0.0 && phase->cv <= 10.0))
            return invalid (error, INTERLEAVE_SCENARIO_ERROR_INVALID,
                            _("%s.plan[%u]: not a valid phase"), path, j);
        }
      if (!klass->has_arrivals && !scenario->has_arrivals)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_INVALID,
                        _("%s: this class has no “arrivals”, and neither has the workload"), path);
      if (klass->has_arrivals)
        {
          g_autofree char *arrivals_path = g_strdup_printf ("%s.arrivals", path);

          if (!validate_arrivals (&klass->arrivals, arrivals_path,
                                  mean_plan_ns (scenario, TRUE, i), error))
            return FALSE;
        }
    }

  requests = interleave_scenario_expected_requests (scenario);
  if (requests > INTERLEAVE_SCENARIO_MAX_REQUESTS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("workload: this would simulate about %.3g requests per architecture; the limit is %.0f. Lower the rate, the clients or the duration"),
                    requests, INTERLEAVE_SCENARIO_MAX_REQUESTS);

  if (scenario->n_architectures < 1 || scenario->n_architectures > INTERLEAVE_SCENARIO_MAX_ARCHITECTURES)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("architectures: expected from %u to %u architectures, got %u"),
                    1, INTERLEAVE_SCENARIO_MAX_ARCHITECTURES, scenario->n_architectures);

  for (guint i = 0; i < scenario->n_architectures; i++)
    {
      const InterleaveArchitecture *arch = &scenario->architectures[i];
      guint64 threads;

      if (arch->name == NULL)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_INVALID, _("architectures[%u].name: missing"), i);
      if (arch->workers < 1 || arch->workers > INTERLEAVE_SCENARIO_MAX_WORKERS ||
          arch->threads > INTERLEAVE_SCENARIO_MAX_THREADS ||
          arch->pool > INTERLEAVE_SCENARIO_MAX_POOL ||
          arch->backlog < 1 || arch->backlog > INTERLEAVE_SCENARIO_MAX_BACKLOG ||
          arch->kind > INTERLEAVE_ARCH_SYNC || arch->runtime > INTERLEAVE_ARCH_RUNTIME_IDEAL ||
          arch->dispatch > INTERLEAVE_DISPATCH_HASH)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("architectures[%u]: workers, threads, pool or backlog out of range"), i);
      if (arch->switch_interval_ns < 1 * US || arch->switch_interval_ns > 1 * SEC)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("architectures[%u].switch_interval: expected a time from %s to %s"), i, "1us", "1s");
      if (arch->overhead_ns < 0 || arch->overhead_ns > 1 * SEC)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("architectures[%u].overhead: expected a time from %s to %s"), i, "0ns", "1s");
      if (arch->gil_handoff_ns < 0 || arch->gil_handoff_ns > 100 * MS)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("architectures[%u].gil_handoff: expected a time from %s to %s"), i, "0ns", "100ms");
      if (!(arch->slowdown >= 0.1 && arch->slowdown <= 10.0))
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("architectures[%u].slowdown: expected a number from %s to %s"), i, "0.1", "10");
      if (arch->io_extra_ns < 0 || arch->io_extra_ns > 1 * SEC)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("architectures[%u]: the lateness of io timers is out of range (%s to %s)"), i, "0ns", "1s");
      if (!(arch->native_scale >= 0.1 && arch->native_scale <= 10.0))
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("architectures[%u]: the cost of native work is out of range (%s to %s)"), i, "0.1", "10");

      threads = (guint64) arch->workers * (1 + arch->threads + arch->pool);
      if (threads > MAX_ARCH_THREADS)
        return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                        _("architectures[%u]: %u threads in all; the limit is %u"),
                        i, (guint) MIN (threads, G_MAXUINT), MAX_ARCH_THREADS);
    }

  if (scenario->record.until_ns < 0)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT, _("record.until: a time cannot be negative"));
  if (scenario->record.max_spans > INTERLEAVE_SCENARIO_MAX_RECORD_SPANS ||
      scenario->record.max_requests > INTERLEAVE_SCENARIO_MAX_RECORD_REQUESTS)
    return invalid (error, INTERLEAVE_SCENARIO_ERROR_LIMIT,
                    _("record: at most %u spans and %u requests"),
                    INTERLEAVE_SCENARIO_MAX_RECORD_SPANS, INTERLEAVE_SCENARIO_MAX_RECORD_REQUESTS);

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Copy and free.
 */

InterleaveScenario *
interleave_scenario_copy (const InterleaveScenario *scenario)
{
  InterleaveScenario *copy;

  g_return_val_if_fail (scenario != NULL, NULL);

  copy = g_memdup2 (scenario, sizeof *scenario);
  copy->title = g_strdup (scenario->title);
  copy->description = g_strdup (scenario->description);
  copy->slowdown = scenario->n_slowdown > 0 ? g_memdup2 (scenario->slowdown, sizeof (double) * scenario->n_slowdown) : NULL;

  copy->classes = g_memdup2 (scenario->classes, sizeof (InterleaveRequestClass) * scenario->n_classes);
  for (guint i = 0; i < scenario->n_classes; i++)
    copy->classes[i].name = g_strdup (scenario->classes[i].name);

  copy->architectures = g_memdup2 (scenario->architectures,
                                   sizeof (InterleaveArchitecture) * scenario->n_architectures);
  for (guint i = 0; i < scenario->n_architectures; i++)
    {
      copy->architectures[i].name = g_strdup (scenario->architectures[i].name);
      copy->architectures[i].preset = g_strdup (scenario->architectures[i].preset);
    }

  return copy;
}

void
interleave_scenario_free (InterleaveScenario *scenario)
{
  if (scenario == NULL)
    return;

  g_free (scenario->title);
  g_free (scenario->description);
  g_free (scenario->slowdown);
  for (guint i = 0; i < scenario->n_classes && scenario->classes != NULL; i++)
    g_free (scenario->classes[i].name);
  g_free (scenario->classes);
  for (guint i = 0; i < scenario->n_architectures && scenario->architectures != NULL; i++)
    {
      g_free (scenario->architectures[i].name);
      g_free (scenario->architectures[i].preset);
    }
  g_free (scenario->architectures);
  g_free (scenario);
}
