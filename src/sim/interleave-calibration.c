/* interleave-calibration.c
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

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "interleave-calibration.h"
#include "interleave-json-reader.h"

#define US G_GINT64_CONSTANT (1000)
#define MS G_GINT64_CONSTANT (1000000)
#define SEC G_GINT64_CONSTANT (1000000000)

#define FORMAT_NAME "interleave-calibration"

G_DEFINE_QUARK (interleave-calibration-error-quark, interleave_calibration_error)

static const char * const node_modes[] = { "eventloop", "cluster", NULL };
static const char * const python_modes[] = { "threaded", "prefork", "asyncio", NULL };
static const char * const runtime_names[] = { "node", "python", NULL };

static const char * const *
modes_of (InterleaveArchRuntime runtime)
{
  switch (runtime)
    {
    case INTERLEAVE_ARCH_RUNTIME_NODE:   return node_modes;
    case INTERLEAVE_ARCH_RUNTIME_PYTHON: return python_modes;
    case INTERLEAVE_ARCH_RUNTIME_IDEAL:
    default:                             return NULL;
    }
}

/**
 * interleave_calibration_mode_is_valid:
 * @runtime: a runtime
 * @mode: a server mode
 *
 * Returns: whether the real servers of @runtime have the mode @mode
 */
gboolean
interleave_calibration_mode_is_valid (InterleaveArchRuntime  runtime,
                                      const char            *mode)
{
  const char * const *modes = modes_of (runtime);

  return modes != NULL && mode != NULL && g_strv_contains (modes, mode);
}

static void
server_init (InterleaveCalibrationServer *server)
{
  memset (server, 0, sizeof *server);
  server->workers = 1;
  server->cpu_factor = 1.0;
  server->cpu_wall_factor = 1.0;
  server->native_factor = 1.0;
  server->native_wall_factor = 1.0;
}

void
interleave_calibration_server_clear (InterleaveCalibrationServer *server)
{
  g_return_if_fail (server != NULL);

  g_clear_pointer (&server->mode, g_free);
}

/**
 * interleave_calibration_server_set:
 * @server: a section, cleared or set before
 * @from: the figures to give it
 *
 * Makes @server a copy of @from, with a mode of its own.
 */
void
interleave_calibration_server_set (InterleaveCalibrationServer       *server,
                                   const InterleaveCalibrationServer *from)
{
  char *mode;

  g_return_if_fail (server != NULL);
  g_return_if_fail (from != NULL);

  mode = g_strdup (from->mode);   /* first: @from may be @server */
  interleave_calibration_server_clear (server);
  *server = *from;
  server->mode = mode;
}

/**
 * interleave_calibration_new:
 * @runtime: %INTERLEAVE_ARCH_RUNTIME_NODE or %INTERLEAVE_ARCH_RUNTIME_PYTHON
 *
 * Returns: (transfer full): an empty profile of this machine
 */
InterleaveCalibration *
interleave_calibration_new (InterleaveArchRuntime runtime)
{
  InterleaveCalibration *profile;

  g_return_val_if_fail (runtime == INTERLEAVE_ARCH_RUNTIME_NODE ||
                        runtime == INTERLEAVE_ARCH_RUNTIME_PYTHON, NULL);

  profile = g_new0 (InterleaveCalibration, 1);
  profile->runtime = runtime;
  profile->runtime_version = g_strdup ("");
  profile->cores = g_get_num_processors ();
  profile->parallelism = profile->cores;
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    profile->created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  }

  return profile;
}

InterleaveCalibration *
interleave_calibration_copy (const InterleaveCalibration *profile)
{
  InterleaveCalibration *copy;

  g_return_val_if_fail (profile != NULL, NULL);

  copy = g_memdup2 (profile, sizeof *profile);
  copy->runtime_version = g_strdup (profile->runtime_version);
  copy->created = g_strdup (profile->created);
  for (guint i = 0; i < profile->n_servers; i++)
    copy->servers[i].mode = g_strdup (profile->servers[i].mode);

  return copy;
}

void
interleave_calibration_free (InterleaveCalibration *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->runtime_version);
  g_free (profile->created);
  for (guint i = 0; i < profile->n_servers; i++)
    interleave_calibration_server_clear (&profile->servers[i]);
  g_free (profile);
}

/**
 * interleave_calibration_lookup:
 * @profile: a profile
 * @mode: a server mode
 *
 * Returns: (nullable): the section of @mode, or %NULL
 */
const InterleaveCalibrationServer *
interleave_calibration_lookup (const InterleaveCalibration *profile,
                               const char                  *mode)
{
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (mode != NULL, NULL);

  for (guint i = 0; i < profile->n_servers; i++)
    if (g_strcmp0 (profile->servers[i].mode, mode) == 0)
      return &profile->servers[i];

  return NULL;
}

/**
 * interleave_calibration_set_server:
 * @profile: a profile
 * @server: a measured server mode of the profile's runtime; copied
 *
 * Adds the section, or replaces the one of the same mode.
 *
 * Returns: %FALSE if the mode is not one of the profile's runtime
 */
gboolean
interleave_calibration_set_server (InterleaveCalibration             *profile,
                                   const InterleaveCalibrationServer *server)
{
  InterleaveCalibrationServer *slot = NULL;

  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (server != NULL, FALSE);

  if (!interleave_calibration_mode_is_valid (profile->runtime, server->mode))
    return FALSE;

  for (guint i = 0; i < profile->n_servers; i++)
    if (strcmp (profile->servers[i].mode, server->mode) == 0)
      slot = &profile->servers[i];

  if (slot == NULL)
    {
      /* One section per mode at most, so there is always room. */
      g_assert (profile->n_servers < INTERLEAVE_CALIBRATION_MAX_SERVERS);
      slot = &profile->servers[profile->n_servers++];
    }
  interleave_calibration_server_set (slot, server);
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Reading.
 */

static const char * const top_members[] = {
  "format", "version", "runtime", "runtime_version", "created", "machine", "servers", NULL,
};
static const char * const machine_members[] = { "cores", "parallelism", "timeslice", "sched_tick", NULL };
static const char * const server_members[] = {
  "workers", "requests", "overhead", "latency", "cpu_factor", "cpu_wall_factor",
  "native_factor", "native_wall_factor", "io_extra", "pool", "native_parallelism", NULL,
};
/* Members a section may have; client_cpu, gil_handoff, native_spread and
 * idle_wake may be left out (older profiles, servers without a GIL). */
static const char * const server_allowed[] = {
  "workers", "requests", "overhead", "latency", "cpu_factor", "cpu_wall_factor",
  "native_factor", "native_wall_factor", "io_extra", "pool", "native_parallelism", "client_cpu",
  "gil_handoff", "native_spread", "idle_wake", NULL,
};

static gboolean
read_server (InterleaveJsonReader        *reader,
             JsonNode                    *node,
             const char                  *path,
             InterleaveCalibrationServer *server)
{
  double requests = 0;

  if (!interleave_json_reader_get_object (reader, node, path, server_allowed))
    return FALSE;

  for (guint i = 0; server_members[i] != NULL; i++)
    if (!interleave_json_reader_require (reader, node, path, server_members[i]))
      return FALSE;

  if (!interleave_json_reader_count (reader, node, path, "workers", 1, 256, &server->workers) ||
      !interleave_json_reader_number (reader, node, path, "requests", 0, 1e12, &requests) ||
      !interleave_json_reader_time (reader, node, path, "overhead", 0, 100 * MS, &server->overhead_ns) ||
      !interleave_json_reader_time (reader, node, path, "latency", 0, 1 * SEC, &server->latency_ns) ||
      !interleave_json_reader_number (reader, node, path, "cpu_factor", 0.1, 10, &server->cpu_factor) ||
      !interleave_json_reader_number (reader, node, path, "cpu_wall_factor", 0.1, 100, &server->cpu_wall_factor) ||
      !interleave_json_reader_number (reader, node, path, "native_factor", 0.1, 10, &server->native_factor) ||
      !interleave_json_reader_number (reader, node, path, "native_wall_factor", 0.1, 100, &server->native_wall_factor) ||
      !interleave_json_reader_time (reader, node, path, "io_extra", 0, 1 * SEC, &server->io_extra_ns) ||
      !interleave_json_reader_count (reader, node, path, "pool", 0, 1024, &server->pool) ||
      !interleave_json_reader_number (reader, node, path, "native_parallelism", 0, 1024, &server->native_parallelism) ||
      !interleave_json_reader_time (reader, node, path, "client_cpu", 0, 100 * MS, &server->client_cpu_ns) ||
      !interleave_json_reader_time (reader, node, path, "gil_handoff", 0, 100 * MS, &server->gil_handoff_ns) ||
      !interleave_json_reader_number (reader, node, path, "native_spread", 0, 2, &server->native_spread) ||
      !interleave_json_reader_time (reader, node, path, "idle_wake", 0, 10 * MS, &server->idle_wake_ns))
    return FALSE;

  server->requests = (guint64) requests;
  return TRUE;
}

static gboolean
read_profile (InterleaveJsonReader  *reader,
              JsonNode              *root,
              InterleaveCalibration *profile,
              GError               **error)
{
  JsonNode *format = interleave_json_reader_member (root, "format");
  JsonNode *version = interleave_json_reader_member (root, "version");
  JsonNode *machine, *servers;
  guint runtime = 0;
  double number;

  if (!interleave_json_reader_get_object (reader, root, "", NULL))
    return FALSE;

  /* What the file is, and its version, before anything else: a newer
   * profile may have members this version does not know. */
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_STRING ||
      strcmp (json_node_get_string (format), FORMAT_NAME) != 0)
    return interleave_json_reader_fail (reader, format != NULL ? format : root, "format",
                                        _("not an Interleave calibration profile (expected “format”: “%s”)"),
                                        FORMAT_NAME);

  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      (json_node_get_value_type (version) != G_TYPE_INT64 &&
       json_node_get_value_type (version) != G_TYPE_DOUBLE))
    return interleave_json_reader_fail (reader, version != NULL ? version : root, "version",
                                        _("missing or not a number; this Interleave reads version %d"),
                                        INTERLEAVE_CALIBRATION_VERSION);

  number = json_node_get_value_type (version) == G_TYPE_INT64
           ? (double) json_node_get_int (version) : json_node_get_double (version);
  if (number != INTERLEAVE_CALIBRATION_VERSION)
    {
      g_autofree char *got = interleave_json_reader_describe (version);

      interleave_json_reader_fail (reader, version, "version",
                                   _("the profile has version %s; this Interleave reads version %d. "
                                     "Run “interleave calibrate” again"),
                                   got, INTERLEAVE_CALIBRATION_VERSION);
      if (error != NULL && *error != NULL)
        (*error)->code = INTERLEAVE_CALIBRATION_ERROR_VERSION;
      return FALSE;
    }

  if (!interleave_json_reader_get_object (reader, root, "", top_members) ||
      !interleave_json_reader_require (reader, root, "", "runtime") ||
      !interleave_json_reader_require (reader, root, "", "machine") ||
      !interleave_json_reader_require (reader, root, "", "servers") ||
      !interleave_json_reader_choice (reader, root, "", "runtime", runtime_names, &runtime) ||
      !interleave_json_reader_string (reader, root, "", "runtime_version", 64, &profile->runtime_version) ||
      !interleave_json_reader_string (reader, root, "", "created", 64, &profile->created))
    return FALSE;

  profile->runtime = runtime == 0 ? INTERLEAVE_ARCH_RUNTIME_NODE : INTERLEAVE_ARCH_RUNTIME_PYTHON;

  machine = interleave_json_reader_member (root, "machine");
  if (!interleave_json_reader_get_object (reader, machine, "machine", machine_members) ||
      !interleave_json_reader_require (reader, machine, "machine", "cores") ||
      !interleave_json_reader_require (reader, machine, "machine", "parallelism") ||
      !interleave_json_reader_count (reader, machine, "machine", "cores", 1, 4096, &profile->cores) ||
      !interleave_json_reader_number (reader, machine, "machine", "parallelism", 0, 4096, &profile->parallelism) ||
      !interleave_json_reader_time (reader, machine, "machine", "timeslice", 0, 1 * SEC, &profile->timeslice_ns) ||
      !interleave_json_reader_time (reader, machine, "machine", "sched_tick", 0, 100 * MS, &profile->sched_tick_ns))
    return FALSE;

  servers = interleave_json_reader_member (root, "servers");
  if (!interleave_json_reader_get_object (reader, servers, "servers", modes_of (profile->runtime)))
    return FALSE;

  /* In the order the runtime lists its modes: the same file, whatever
   * the order of its members, gives the same profile. */
  for (const char * const *mode = modes_of (profile->runtime); *mode != NULL; mode++)
    {
      JsonNode *node = interleave_json_reader_member (servers, *mode);
      g_autofree char *path = NULL;
      InterleaveCalibrationServer server;

      if (node == NULL)
        continue;

      path = interleave_json_reader_path ("servers", *mode);
      server_init (&server);
      if (!read_server (reader, node, path, &server))
        return FALSE;
      server.mode = (char *) *mode;
      interleave_calibration_set_server (profile, &server);
    }

  return TRUE;
}

/**
 * interleave_calibration_load_data:
 * @data: JSON text
 * @length: its length, or -1 when nul-terminated
 * @name: (nullable): how messages name the source, usually the file
 * @error: a location for a #GError
 *
 * Messages name the file, the line and column, the member and what is
 * wrong, e.g. `node.json:7:20: servers.eventloop.overhead: expected a
 * time from 0ns to 100ms, got “-5us”`. A profile of another version
 * fails with %INTERLEAVE_CALIBRATION_ERROR_VERSION.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error set
 */
InterleaveCalibration *
interleave_calibration_load_data (const char  *data,
                                  gssize       length,
                                  const char  *name,
                                  GError     **error)
{
  g_autoptr(InterleaveCalibration) profile = NULL;
  g_autoptr(InterleaveJsonReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = interleave_json_reader_new (name != NULL ? name : "<calibration>",
                                       INTERLEAVE_CALIBRATION_ERROR,
                                       INTERLEAVE_CALIBRATION_ERROR_SYNTAX,
                                       INTERLEAVE_CALIBRATION_ERROR_INVALID,
                                       &local_error);

  if (!interleave_json_reader_load (reader, data != NULL ? data : "", length,
                                    INTERLEAVE_CALIBRATION_MAX_FILE_SIZE, 8))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  profile = g_new0 (InterleaveCalibration, 1);
  profile->runtime_version = g_strdup ("");
  profile->created = g_strdup ("");

  if (!read_profile (reader, interleave_json_reader_get_root (reader), profile, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&profile);
}

/**
 * interleave_calibration_load_file:
 * @path: a profile file
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%G_FILE_ERROR_NOENT, in %G_FILE_ERROR, when there is no file)
 */
InterleaveCalibration *
interleave_calibration_load_file (const char  *path,
                                  GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Never read something huge (or a device) into memory. */
  if (g_stat (path, &st) == 0 && (!S_ISREG (st.st_mode) || st.st_size > INTERLEAVE_CALIBRATION_MAX_FILE_SIZE))
    {
      g_set_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_INVALID,
                   _("%s: not a calibration profile (not a regular file of at most %u KiB)"),
                   path, INTERLEAVE_CALIBRATION_MAX_FILE_SIZE / 1024);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_READ,
                     "%s", local_error->message);
      return NULL;
    }

  return interleave_calibration_load_data (contents, length, path, error);
}

/* ------------------------------------------------------------------------
 * Writing.
 */

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString    *out,
               const char *format,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
append_time (GString *out,
             gint64   ns)
{
  g_autofree char *text = interleave_time_to_string (ns);

  append_string (out, text);
}

/**
 * interleave_calibration_to_data:
 * @profile: a profile
 *
 * Returns: (transfer full): the profile as JSON text, the form
 *   interleave_calibration_load_data() reads
 */
char *
interleave_calibration_to_data (const InterleaveCalibration *profile)
{
  GString *out;

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (profile->runtime == INTERLEAVE_ARCH_RUNTIME_NODE ||
                        profile->runtime == INTERLEAVE_ARCH_RUNTIME_PYTHON, NULL);

  out = g_string_new ("{\n");
  g_string_append_printf (out, "  \"format\": \"%s\",\n", FORMAT_NAME);
  g_string_append_printf (out, "  \"version\": %d,\n", INTERLEAVE_CALIBRATION_VERSION);
  g_string_append_printf (out, "  \"runtime\": \"%s\",\n", interleave_arch_runtime_to_string (profile->runtime));
  g_string_append (out, "  \"runtime_version\": ");
  append_string (out, profile->runtime_version != NULL ? profile->runtime_version : "");
  g_string_append (out, ",\n  \"created\": ");
  append_string (out, profile->created != NULL ? profile->created : "");
  g_string_append_printf (out, ",\n  \"machine\": { \"cores\": %u, \"parallelism\": ", profile->cores);
  append_number (out, "%.4f", profile->parallelism);
  g_string_append (out, ", \"timeslice\": ");
  append_time (out, profile->timeslice_ns);
  if (profile->sched_tick_ns > 0)
    {
      g_string_append (out, ", \"sched_tick\": ");
      append_time (out, profile->sched_tick_ns);
    }
  g_string_append (out, " },\n  \"servers\": {");

  for (guint i = 0; i < profile->n_servers; i++)
    {
      const InterleaveCalibrationServer *s = &profile->servers[i];

      g_string_append (out, i == 0 ? "\n" : ",\n");
      g_string_append (out, "    ");
      append_string (out, s->mode);
      g_string_append_printf (out, ": {\n      \"workers\": %u,\n      \"requests\": %" G_GUINT64_FORMAT ",\n",
                              s->workers, s->requests);
      g_string_append (out, "      \"overhead\": ");
      append_time (out, s->overhead_ns);
      g_string_append (out, ",\n      \"latency\": ");
      append_time (out, s->latency_ns);
      g_string_append (out, ",\n      \"cpu_factor\": ");
      append_number (out, "%.4f", s->cpu_factor);
      g_string_append (out, ",\n      \"cpu_wall_factor\": ");
      append_number (out, "%.4f", s->cpu_wall_factor);
      g_string_append (out, ",\n      \"native_factor\": ");
      append_number (out, "%.4f", s->native_factor);
      g_string_append (out, ",\n      \"native_wall_factor\": ");
      append_number (out, "%.4f", s->native_wall_factor);
      g_string_append (out, ",\n      \"io_extra\": ");
      append_time (out, s->io_extra_ns);
      g_string_append_printf (out, ",\n      \"pool\": %u,\n      \"native_parallelism\": ", s->pool);
      append_number (out, "%.4f", s->native_parallelism);
      if (s->client_cpu_ns > 0)
        {
          g_string_append (out, ",\n      \"client_cpu\": ");
          append_time (out, s->client_cpu_ns);
        }
      if (s->gil_handoff_ns > 0)
        {
          g_string_append (out, ",\n      \"gil_handoff\": ");
          append_time (out, s->gil_handoff_ns);
        }
      if (s->native_spread > 0)
        {
          g_string_append (out, ",\n      \"native_spread\": ");
          append_number (out, "%.4f", s->native_spread);
        }
      if (s->idle_wake_ns > 0)
        {
          g_string_append (out, ",\n      \"idle_wake\": ");
          append_time (out, s->idle_wake_ns);
        }
      g_string_append (out, "\n    }");
    }

  g_string_append (out, profile->n_servers > 0 ? "\n  }\n}\n" : "}\n}\n");

  return g_string_free (out, FALSE);
}

/**
 * interleave_calibration_save_file:
 * @profile: a profile
 * @path: where to write it; missing folders are made
 * @error: a location for a #GError
 *
 * Writes atomically: a reader never sees half a profile.
 *
 * Returns: %TRUE on success
 */
gboolean
interleave_calibration_save_file (const InterleaveCalibration  *profile,
                                  const char                   *path,
                                  GError                      **error)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_READ,
                   _("Could not make the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  data = interleave_calibration_to_data (profile);
  if (!g_file_set_contents (path, data, -1, &local_error))
    {
      g_set_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_READ,
                   "%s", local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Applying a profile to a scenario's architectures.
 */

/**
 * interleave_calibration_mode_for:
 * @arch: an architecture
 *
 * Returns: (nullable): the real server mode whose calibration fits @arch
 *   best, or %NULL (the ideal runtime)
 */
const char *
interleave_calibration_mode_for (const InterleaveArchitecture *arch)
{
  g_return_val_if_fail (arch != NULL, NULL);

  if (arch->runtime == INTERLEAVE_ARCH_RUNTIME_NODE)
    return arch->workers > 1 ? "cluster" : "eventloop";

  if (arch->runtime != INTERLEAVE_ARCH_RUNTIME_PYTHON)
    return NULL;

  switch (arch->kind)
    {
    case INTERLEAVE_ARCH_SYNC:      return "prefork";
    case INTERLEAVE_ARCH_EVENTLOOP:
    case INTERLEAVE_ARCH_ASYNCIO:   return "asyncio";
    case INTERLEAVE_ARCH_THREADS:
    default:                        return "threaded";
    }
}

/**
 * interleave_calibration_apply:
 * @profile: a profile
 * @arch: an architecture to calibrate
 *
 * When @arch runs on the profile's runtime and the profile has a section
 * for its kind of server, sets the per-request overhead, the real cost
 * of interpreted (cpu) and native work, and how late the runtime's io
 * timers wake, from it — except values the
 * scenario gave explicitly (see #InterleaveArchGiven). A Node.js
 * architecture with one worker falls back to the cluster section and
 * vice versa (a worker serves requests the same way).
 *
 * Returns: %TRUE when @arch was calibrated
 */
gboolean
interleave_calibration_apply (const InterleaveCalibration *profile,
                              InterleaveArchitecture      *arch)
{
  const InterleaveCalibrationServer *server;
  const char *mode;

  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (arch != NULL, FALSE);

  if (arch->runtime != profile->runtime || (mode = interleave_calibration_mode_for (arch)) == NULL)
    return FALSE;

  server = interleave_calibration_lookup (profile, mode);
  if (server == NULL && profile->runtime == INTERLEAVE_ARCH_RUNTIME_NODE)
    server = interleave_calibration_lookup (profile, strcmp (mode, "cluster") == 0 ? "eventloop" : "cluster");
  if (server == NULL)
    return FALSE;

  /* The simulator multiplies interpreted time and the overhead by the
   * slowdown; the measured overhead is already real time. */
  if (!(arch->given & INTERLEAVE_ARCH_GIVEN_SLOWDOWN))
    arch->slowdown = CLAMP (interleave_arch_runtime_default_slowdown (arch->runtime, arch->gil) * server->cpu_factor,
                            0.1, 10.0);
  if (!(arch->given & INTERLEAVE_ARCH_GIVEN_OVERHEAD))
    arch->overhead_ns = (gint64) llround (server->overhead_ns / server->cpu_factor);
  arch->native_scale = CLAMP (server->native_factor, 0.1, 10.0);
  /* The same native work does not always take as long (here pbkdf2 on a
   * virtual machine: one request at a time, a 5 ms call's p95 was 1.6×
   * its median): without that spread a twin near saturation never
   * queues, and its p99 is its p50. */
  arch->native_spread = CLAMP (server->native_spread, 0.0, 2.0);
  arch->io_extra_ns = CLAMP (server->io_extra_ns, 0, 1 * SEC);
  /* A GIL waiter is woken by the kernel and must be scheduled before it
   * runs: meanwhile nobody runs Python. */
  if (arch->gil && !(arch->given & INTERLEAVE_ARCH_GIVEN_GIL_HANDOFF))
    arch->gil_handoff_ns = CLAMP (server->gil_handoff_ns, 0, 100 * MS);
  /* libuv keeps its loop time in whole milliseconds, and asyncio sleeps in
   * epoll_wait() with a timeout rounded up to one: under load, a timer
   * fires on the first millisecond tick after it is due. */
  if (arch->kind == INTERLEAVE_ARCH_EVENTLOOP || arch->kind == INTERLEAVE_ARCH_ASYNCIO)
    arch->timer_tick_ns = 1 * MS;
  arch->calibrated = TRUE;

  return TRUE;
}

/**
 * interleave_calibration_apply_to_scenario:
 * @profiles: (array length=n_profiles): profiles, at most one per runtime
 * @n_profiles: their number
 * @scenario: a scenario
 *
 * Calibrates every architecture of @scenario a profile fits.
 *
 * Returns: how many architectures were calibrated
 */
guint
interleave_calibration_apply_to_scenario (const InterleaveCalibration * const *profiles,
                                          guint                                n_profiles,
                                          InterleaveScenario                  *scenario)
{
  guint n = 0;

  g_return_val_if_fail (profiles != NULL || n_profiles == 0, 0);
  g_return_val_if_fail (scenario != NULL, 0);

  for (guint i = 0; i < scenario->n_architectures; i++)
    for (guint k = 0; k < n_profiles; k++)
      if (interleave_calibration_apply (profiles[k], &scenario->architectures[i]))
        {
          n++;
          break;
        }

  return n;
}

/* ------------------------------------------------------------------------
 * The user's profiles.
 */

/**
 * interleave_calibration_get_dir:
 *
 * Returns: (transfer full): where profiles live:
 *   g_get_user_data_dir()/interleave/calibration
 */
char *
interleave_calibration_get_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "interleave", "calibration", NULL);
}

/**
 * interleave_calibration_get_path:
 * @runtime: node or python
 *
 * Returns: (transfer full): the profile file of @runtime, such as
 *   ~/.local/share/interleave/calibration/node.json
 */
char *
interleave_calibration_get_path (InterleaveArchRuntime runtime)
{
  g_autofree char *dir = interleave_calibration_get_dir ();
  g_autofree char *file = NULL;

  g_return_val_if_fail (runtime == INTERLEAVE_ARCH_RUNTIME_NODE ||
                        runtime == INTERLEAVE_ARCH_RUNTIME_PYTHON, NULL);

  file = g_strdup_printf ("%s.json", interleave_arch_runtime_to_string (runtime));
  return g_build_filename (dir, file, NULL);
}

/**
 * interleave_calibration_load_user:
 * @runtime: node or python
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the user's profile of @runtime;
 *   %NULL without an error when there is none, with @error set when the
 *   file is there but cannot be used (also when it is the profile of
 *   another runtime)
 */
InterleaveCalibration *
interleave_calibration_load_user (InterleaveArchRuntime   runtime,
                                  GError                **error)
{
  g_autofree char *path = interleave_calibration_get_path (runtime);
  g_autoptr(InterleaveCalibration) profile = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  profile = interleave_calibration_load_file (path, &local_error);
  if (profile == NULL)
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (profile->runtime != runtime)
    {
      g_set_error (error, INTERLEAVE_CALIBRATION_ERROR, INTERLEAVE_CALIBRATION_ERROR_INVALID,
                   _("%s: runtime: a profile of “%s” in the place of the “%s” profile"),
                   path, interleave_arch_runtime_to_string (profile->runtime),
                   interleave_arch_runtime_to_string (runtime));
      return NULL;
    }

  return g_steal_pointer (&profile);
}

/**
 * interleave_calibration_load_user_all:
 * @warnings: (out) (optional) (element-type utf8) (transfer full): one
 *   message per profile that is there but cannot be used, such as
 *   "~/.local/share/interleave/calibration/node.json:1:13: version: …"
 *
 * Loads the user's profile of every runtime. A broken profile is left
 * out (the defaults are used) and named in @warnings; without @warnings
 * it is reported with g_message().
 *
 * Returns: (transfer full) (element-type InterleaveCalibration): the
 *   usable profiles, possibly none
 */
GPtrArray *
interleave_calibration_load_user_all (GPtrArray **warnings)
{
  static const InterleaveArchRuntime runtimes[] = { INTERLEAVE_ARCH_RUNTIME_NODE, INTERLEAVE_ARCH_RUNTIME_PYTHON };
  GPtrArray *profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) interleave_calibration_free);

  if (warnings != NULL)
    *warnings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (runtimes); i++)
    {
      g_autoptr(GError) error = NULL;
      InterleaveCalibration *profile = interleave_calibration_load_user (runtimes[i], &error);

      if (profile != NULL)
        g_ptr_array_add (profiles, profile);
      else if (error != NULL && warnings != NULL)
        g_ptr_array_add (*warnings, g_strdup (error->message));
      else if (error != NULL)
        g_message (_("Ignoring a calibration profile (the defaults are used): %s"), error->message);
    }

  return profiles;
}
