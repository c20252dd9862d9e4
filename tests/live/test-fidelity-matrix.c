/* test-fidelity-matrix.c
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

#include <math.h>
#include <string.h>

#include "interleave-calibrator.h"
#include "interleave-fidelity-runner.h"
#include "interleave-server-model.h"
#include "interleave-simulation.h"

#define MS G_GINT64_CONSTANT (1000000)
#define SEC G_GINT64_CONSTANT (1000000000)

/* Fidelity matrices (the file format of docs/fidelity.md, and the
 * built-in ones), the figures both sides of a cell are read with, and
 * the simulated twins of the real servers. No server runs here. */

static void
test_builtin (void)
{
  g_autoptr(InterleaveFidelityMatrix) full = interleave_fidelity_matrix_new_named ("default");
  g_autoptr(InterleaveFidelityMatrix) quick = interleave_fidelity_matrix_new_named ("quick");
  static const char *servers[] = { "node:eventloop", "node:cluster:2", "python:threaded", "python:prefork:2", "python:asyncio" };
  static const char *plans[] = { "io:20", "cpu:5", "cpu:2,io:10", "native:5" };

  g_assert_null (interleave_fidelity_matrix_new_named ("nonsense"));
  g_assert_nonnull (full);
  g_assert_nonnull (quick);

  /* 5 servers × 4 plans × 3 loads, in that order. */
  g_assert_cmpuint (full->n_cells, ==, 60);
  for (guint s = 0; s < 5; s++)
    for (guint p = 0; p < 4; p++)
      for (guint l = 0; l < 3; l++)
        {
          const InterleaveFidelityCellSpec *cell = &full->cells[(s * 4 + p) * 3 + l];

          g_assert_cmpstr (cell->server, ==, servers[s]);
          g_assert_cmpstr (cell->plan, ==, plans[p]);
          if (l == 0)
            {
              g_assert_cmpint (cell->load.kind, ==, INTERLEAVE_FIDELITY_LOAD_CLOSED);
              g_assert_cmpuint (cell->load.clients, ==, 20);
            }
          else
            {
              g_assert_cmpint (cell->load.kind, ==, INTERLEAVE_FIDELITY_LOAD_SATURATION);
              g_assert_cmpfloat (cell->load.fraction, ==, l == 1 ? 0.5 : 0.9);
            }
        }
  g_assert_cmpfloat (full->tolerance_throughput, ==, 0.10);
  g_assert_cmpfloat (full->tolerance_p50, ==, 0.15);
  g_assert_cmpfloat (full->tolerance_p99, ==, 0.25);
  g_assert_cmpint (full->calibration, ==, INTERLEAVE_FIDELITY_CALIBRATION_FRESH);

  g_assert_cmpuint (quick->n_cells, >=, 3);
  g_assert_cmpuint (quick->n_cells, <=, 4);
  g_assert_cmpint (quick->duration_ns, <=, 4 * SEC);
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveFidelityMatrix) m = NULL;
  g_autoptr(InterleaveFidelityMatrix) copy = NULL;
  g_autofree char *load = NULL;

  m = interleave_fidelity_matrix_load_data (
    "{ \"title\": \"mine\", \"duration\": \"2s\", \"warmup\": 250, \"seed\": 7,"
    "  \"calibration\": \"none\", \"balance\": \"tick\", \"saturation_clients\": 8, \"retries\": 0, \"max_background\": 0.5,"
    "  \"tolerances\": { \"throughput\": 0.2, \"p50\": 0.3 },"
    "  \"servers\": [ \"python:prefork:3\" ], \"plans\": [ \" cpu : 5 , io:1 \" ],"
    "  \"loads\": [ { \"saturation\": 0.5, \"arrivals\": \"poisson\" } ],"
    "  \"cells\": [ { \"server\": \"node:cluster:4\", \"plan\": \"native:2\", \"load\": { \"rate\": 125.5 } } ] }",
    -1, "mine.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (m->title, ==, "mine");
  g_assert_cmpint (m->duration_ns, ==, 2 * SEC);
  g_assert_cmpint (m->warmup_ns, ==, 250 * MS);
  g_assert_cmpuint (m->seed, ==, 7);
  g_assert_cmpint (m->calibration, ==, INTERLEAVE_FIDELITY_CALIBRATION_NONE);
  g_assert_true (m->balance_at_tick);
  g_assert_cmpuint (m->saturation_clients, ==, 8);
  g_assert_cmpuint (m->retries, ==, 0);
  g_assert_cmpfloat (m->max_background, ==, 0.5);
  g_assert_cmpfloat (m->tolerance_throughput, ==, 0.2);
  g_assert_cmpfloat (m->tolerance_p50, ==, 0.3);
  g_assert_cmpfloat (m->tolerance_p99, ==, 0.25);
  g_assert_cmpuint (m->n_cells, ==, 2);
  g_assert_cmpstr (m->cells[0].server, ==, "python:prefork:3");
  g_assert_cmpstr (m->cells[0].plan, ==, "cpu:5,io:1");
  g_assert_cmpint (m->cells[0].load.kind, ==, INTERLEAVE_FIDELITY_LOAD_SATURATION);
  g_assert_true (m->cells[0].load.poisson);
  g_assert_cmpstr (m->cells[1].server, ==, "node:cluster:4");
  g_assert_cmpint (m->cells[1].load.kind, ==, INTERLEAVE_FIDELITY_LOAD_RATE);
  g_assert_cmpfloat (m->cells[1].load.rate, ==, 125.5);
  g_assert_false (m->cells[1].load.poisson);

  load = interleave_fidelity_load_to_string (&m->cells[0].load);
  g_assert_cmpstr (load, ==, "50 % of saturation, Poisson");

  copy = interleave_fidelity_matrix_copy (m);
  g_assert_cmpstr (copy->cells[1].plan, ==, "native:2");
  g_assert_true (copy->balance_at_tick);

  /* Cells added from code are checked the same way. */
  {
    InterleaveFidelityLoad closed = { .kind = INTERLEAVE_FIDELITY_LOAD_CLOSED, .clients = 4 };
    InterleaveFidelityLoad zero = { .kind = INTERLEAVE_FIDELITY_LOAD_RATE, .rate = 0 };

    g_assert_true (interleave_fidelity_matrix_add_cell (copy, "python:asyncio", "io:3", &closed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (copy->n_cells, ==, 3);
    g_assert_false (interleave_fidelity_matrix_add_cell (copy, "http://127.0.0.1:1/", "io:3", &closed, &error));
    g_assert_error (error, INTERLEAVE_FIDELITY_ERROR, INTERLEAVE_FIDELITY_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (interleave_fidelity_matrix_add_cell (copy, "python:asyncio", "disk:3", &closed, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (interleave_fidelity_matrix_add_cell (copy, "python:asyncio", "io:3", &zero, &error));
    g_assert_error (error, INTERLEAVE_FIDELITY_ERROR, INTERLEAVE_FIDELITY_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpuint (copy->n_cells, ==, 3);
  }
}

#define CELLS(X) "{ \"cells\": [ " X " ] }"
#define CELL(LOAD) "{ \"server\": \"node:eventloop\", \"plan\": \"cpu:5\", \"load\": " LOAD " }"

static void
test_broken (void)
{
  static const struct { const char *data; int code; const char *message; } cases[] = {
    { "", INTERLEAVE_FIDELITY_ERROR_SYNTAX, "m.json: the file is empty" },
    { "{ \"cells\": [ ", INTERLEAVE_FIDELITY_ERROR_SYNTAX, "m.json:1:" },
    { "[]", INTERLEAVE_FIDELITY_ERROR_INVALID, "m.json:1:1: expected an object { … }, got an empty list" },
    { "{}", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "m.json:1:1: no cells: give “servers”, “plans” and “loads”, or “cells”" },
    { "{ \"cels\": [] }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "m.json:1:11: cels: unknown member “cels”; expected one of: title, duration" },
    { "{ \"duration\": \"5 parsecs\", \"cells\": [] }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "m.json:1:26: duration: expected a time such as “250us”, “5ms” or “10s”, or a number of milliseconds, got “5 parsecs”" },
    { "{ \"duration\": \"1h\" }", INTERLEAVE_FIDELITY_ERROR_INVALID, "duration: expected a time from 500ms to 10min, got “1h”" },
    { "{ \"duration\": \"1s\", \"warmup\": \"2s\", " "\"cells\": [" CELL ("{ \"clients\": 1 }") "] }",
      INTERLEAVE_FIDELITY_ERROR_INVALID, "warmup: must be shorter than the duration" },
    { "{ \"seed\": 1.5 }", INTERLEAVE_FIDELITY_ERROR_INVALID, "seed: expected a whole number, got 1.5" },
    { "{ \"calibration\": \"stale\" }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "calibration: expected one of: fresh, profile, none; got “stale”" },
    { "{ \"balance\": \"often\" }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "balance: expected one of: none, tick; got “often”" },
    { "{ \"tolerances\": { \"p95\": 0.1 } }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "tolerances.p95: unknown member “p95”; expected one of: throughput, p50, p99" },
    { "{ \"tolerances\": { \"p50\": -0.1 } }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "tolerances.p50: expected a number from 0 to 10, got -0.1" },
    { "{ \"retries\": 11 }", INTERLEAVE_FIDELITY_ERROR_INVALID, "retries: expected a whole number from 0 to 10, got 11" },
    { "{ \"servers\": [ \"node:eventloop\" ], \"plans\": [ \"cpu:5\" ] }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "“servers”, “plans” and “loads” go together: give all three or none" },
    { "{ \"servers\": [], \"plans\": [ \"cpu:5\" ], \"loads\": [ { \"clients\": 1 } ] }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "servers: expected a list of 1 to 64 items, got 0" },
    { "{ \"servers\": \"node:eventloop\", \"plans\": [ \"cpu:5\" ], \"loads\": [ { \"clients\": 1 } ] }",
      INTERLEAVE_FIDELITY_ERROR_INVALID, "servers: expected a list [ … ], got “node:eventloop”" },
    { "{ \"servers\": [ \"ruby:rails\" ], \"plans\": [ \"cpu:5\" ], \"loads\": [ { \"clients\": 1 } ] }",
      INTERLEAVE_FIDELITY_ERROR_INVALID, "m.json:1:27: servers[0]: " },
    { "{ \"servers\": [ 42 ], \"plans\": [ \"cpu:5\" ], \"loads\": [ { \"clients\": 1 } ] }",
      INTERLEAVE_FIDELITY_ERROR_INVALID, "servers[0]: expected a text in quotes, got 42" },
    { "{ \"servers\": [ \"http://127.0.0.1:8080/\" ], \"plans\": [ \"cpu:5\" ], \"loads\": [ { \"clients\": 1 } ] }",
      INTERLEAVE_FIDELITY_ERROR_INVALID,
      "servers[0]: “http://127.0.0.1:8080/” is a URL: only the servers Interleave starts can be compared with the simulation" },
    { "{ \"servers\": [ \"node:eventloop\" ], \"plans\": [ \"cpu:5,,io:3\" ], \"loads\": [ { \"clients\": 1 } ] }",
      INTERLEAVE_FIDELITY_ERROR_INVALID, "plans[0]: Plan “cpu:5,,io:3”, position 7: expected a phase: cpu, io or native" },
    { "{ \"servers\": [ \"node:eventloop\" ], \"plans\": [ \"cpu:5\" ], \"loads\": [ { } ] }",
      INTERLEAVE_FIDELITY_ERROR_INVALID,
      "loads[0]: give exactly one of “clients” (closed loop), “saturation” (open loop, a share of the measured saturation) or “rate” (open loop)" },
    { CELLS (CELL ("{ \"clients\": 20, \"rate\": 5 }")), INTERLEAVE_FIDELITY_ERROR_INVALID, "cells[0].load: give exactly one of" },
    { CELLS (CELL ("{ \"clients\": 0 }")), INTERLEAVE_FIDELITY_ERROR_INVALID,
      "cells[0].load.clients: expected a whole number from 1 to 10000, got 0" },
    { CELLS (CELL ("{ \"clients\": 20, \"arrivals\": \"poisson\" }")), INTERLEAVE_FIDELITY_ERROR_INVALID,
      "cells[0].load.arrivals: “arrivals” applies to open loops (“saturation” or “rate”) only" },
    { CELLS (CELL ("{ \"saturation\": 0 }")), INTERLEAVE_FIDELITY_ERROR_INVALID,
      "cells[0].load.saturation: expected a share above 0, got 0" },
    { CELLS (CELL ("{ \"saturation\": 5 }")), INTERLEAVE_FIDELITY_ERROR_INVALID,
      "cells[0].load.saturation: expected a number from 0 to 2, got 5" },
    { CELLS (CELL ("{ \"rate\": \"fast\" }")), INTERLEAVE_FIDELITY_ERROR_INVALID,
      "cells[0].load.rate: expected a number, got “fast”" },
    { CELLS (CELL ("{ \"rate\": 10, \"arrivals\": \"bursty\" }")), INTERLEAVE_FIDELITY_ERROR_INVALID,
      "cells[0].load.arrivals: expected one of: constant, poisson; got “bursty”" },
    { CELLS ("{ \"server\": \"node:eventloop\", \"load\": { \"clients\": 1 } }"), INTERLEAVE_FIDELITY_ERROR_INVALID,
      "cells[0]: missing member “plan”" },
    { CELLS ("{ \"server\": \"node:cluster:0\", \"plan\": \"cpu:5\", \"load\": { \"clients\": 1 } }"),
      INTERLEAVE_FIDELITY_ERROR_INVALID, "cells[0].server: " },
    { CELLS ("{ \"server\": \"node:eventloop\", \"plan\": \"cpu:5\", \"load\": { \"clients\": 1 }, \"repeat\": 3 }"),
      INTERLEAVE_FIDELITY_ERROR_INVALID, "cells[0].repeat: unknown member “repeat”; expected one of: server, plan, load" },
    { "{ \"cells\": {} }", INTERLEAVE_FIDELITY_ERROR_INVALID, "cells: expected a list [ … ], got an object" },
    { "{ \"cells\": [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] }", INTERLEAVE_FIDELITY_ERROR_INVALID,
      "nested more than 16 levels deep" },
    { "{ \"title\": \"\xc3\x28\" }", INTERLEAVE_FIDELITY_ERROR_SYNTAX, "m.json: not UTF-8 text" },
  };

  guint mismatches = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveFidelityMatrix) matrix = NULL;
      g_autofree char *shown = g_strescape (cases[i].data, NULL);

      g_test_message ("case %u: %s", i, shown);
      matrix = interleave_fidelity_matrix_load_data (cases[i].data, -1, "m.json", &error);
      g_assert_null (matrix);
      g_assert_error (error, INTERLEAVE_FIDELITY_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        {
          g_printerr ("case %u: expected “%s” in “%s”\n", i, cases[i].message, error->message);
          mismatches++;
        }
    }
  g_assert_cmpuint (mismatches, ==, 0);

  /* Too many cells: 64 × 64 × 64. */
  {
    g_autoptr(GString) big = g_string_new ("{ \"servers\": [");
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 64; i++)
      g_string_append_printf (big, "%s\"node:eventloop\"", i ? "," : "");
    g_string_append (big, "], \"plans\": [");
    for (guint i = 0; i < 64; i++)
      g_string_append_printf (big, "%s\"cpu:%u\"", i ? "," : "", i + 1);
    g_string_append (big, "], \"loads\": [");
    for (guint i = 0; i < 64; i++)
      g_string_append_printf (big, "%s{ \"clients\": %u }", i ? "," : "", i + 1);
    g_string_append (big, "] }");

    g_assert_null (interleave_fidelity_matrix_load_data (big->str, -1, "m.json", &error));
    g_assert_error (error, INTERLEAVE_FIDELITY_ERROR, INTERLEAVE_FIDELITY_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "a matrix has at most 1000 cells"));
  }

  /* A file that is not there. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (interleave_fidelity_matrix_load_file ("/nonexistent/matrix.json", &error));
    g_assert_error (error, INTERLEAVE_FIDELITY_ERROR, INTERLEAVE_FIDELITY_ERROR_READ);
  }
}

static void
test_figures (void)
{
  g_autofree InterleaveFidelitySample *samples = g_new0 (InterleaveFidelitySample, 1000);
  InterleaveFidelityFigures f;

  /* 1000 requests sent every ms from t = 0, latency 1…1000 ms in a
   * shuffled order; the window is [100 ms, 600 ms]. */
  for (guint i = 0; i < 1000; i++)
    {
      gint64 latency = (gint64) (((i * 7919) % 1000) + 1) * MS;

      samples[i].start = i * MS;
      samples[i].done = samples[i].start + latency;
      samples[i].ok = i % 100 != 50;   /* 10 failures */
    }

  interleave_fidelity_figures_compute (samples, 1000, 100 * MS, 600 * MS, &f);

  /* Sent in the window: 501 requests, 5 of them failed. */
  g_assert_cmpuint (f.errors, ==, 5);
  g_assert_cmpuint (f.completed, ==, 496);

  /* The latencies are checked against a sort done here. */
  {
    g_autoptr(GArray) l = g_array_new (FALSE, FALSE, sizeof (double));
    guint64 done = 0;
    double sum = 0;

    for (guint i = 0; i < 1000; i++)
      {
        double ms = (samples[i].done - samples[i].start) / 1e6;

        if (samples[i].ok && samples[i].done >= 100 * MS && samples[i].done <= 600 * MS)
          done++;
        if (samples[i].start < 100 * MS || samples[i].start > 600 * MS || !samples[i].ok)
          continue;
        g_array_append_val (l, ms);
        sum += ms;
      }
    for (guint i = 1; i < l->len; i++)
      for (guint k = i; k > 0 && g_array_index (l, double, k - 1) > g_array_index (l, double, k); k--)
        {
          double t = g_array_index (l, double, k);
          g_array_index (l, double, k) = g_array_index (l, double, k - 1);
          g_array_index (l, double, k - 1) = t;
        }

    g_assert_cmpfloat (f.throughput, ==, done / 0.5);
    g_assert_cmpfloat_with_epsilon (f.mean_ms, sum / l->len, 1e-9);
    g_assert_cmpfloat (f.p50_ms, ==, g_array_index (l, double, (guint) ceil (0.5 * l->len) - 1));
    g_assert_cmpfloat (f.p99_ms, ==, g_array_index (l, double, (guint) ceil (0.99 * l->len) - 1));
  }

  /* Nothing in the window. */
  interleave_fidelity_figures_compute (samples, 1000, 5 * SEC, 6 * SEC, &f);
  g_assert_cmpuint (f.completed, ==, 0);
  g_assert_true (isnan (f.p50_ms));
  g_assert_cmpfloat (f.throughput, ==, 0.0);

  g_assert_cmpfloat_with_epsilon (interleave_fidelity_relative_error (110, 100), 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (interleave_fidelity_relative_error (90, 100), -0.1, 1e-12);
  g_assert_true (isnan (interleave_fidelity_relative_error (1, 0)));
  g_assert_true (isnan (interleave_fidelity_relative_error (NAN, 1)));
}

static void
test_server_model (void)
{
  static const struct { const char *server; const char *preset; InterleaveArchKind kind; guint workers; guint pool; } cases[] = {
    { "node:eventloop", "node", INTERLEAVE_ARCH_EVENTLOOP, 1, 4 },
    { "node:cluster:3", "node-cluster", INTERLEAVE_ARCH_EVENTLOOP, 3, 4 },
    { "python:threaded", "python-threaded", INTERLEAVE_ARCH_THREADS, 1, 0 },
    { "python:prefork:2", "gunicorn-sync", INTERLEAVE_ARCH_SYNC, 2, 0 },
    { "python:asyncio", "asyncio", INTERLEAVE_ARCH_ASYNCIO, 1, 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InterleaveServerPreset) preset = interleave_server_preset_parse (cases[i].server, NULL);
      g_autoptr(JsonObject) info = json_object_new ();
      g_autoptr(InterleaveScenario) scenario = NULL;
      g_autoptr(GError) error = NULL;
      InterleaveServerModelLoad load = { .closed = TRUE, .clients = 20 };
      const InterleaveArchitecture *arch;

      /* The pool size the server reports wins over the preset's. */
      if (cases[i].pool == 7)
        json_object_set_int_member (info, "pool_size", 7);
      else
        json_object_set_null_member (info, "pool_size");

      scenario = interleave_server_model_scenario_new (preset, info, NULL, 0, "cpu:2,io:10", &load,
                                                       2 * SEC, 3, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (scenario->n_architectures, ==, 1);
      arch = &scenario->architectures[0];
      g_assert_cmpstr (arch->name, ==, cases[i].server);
      g_assert_cmpstr (arch->preset, ==, cases[i].preset);
      g_assert_cmpint (arch->kind, ==, cases[i].kind);
      g_assert_cmpuint (arch->workers, ==, cases[i].workers);
      if (cases[i].kind != INTERLEAVE_ARCH_THREADS && cases[i].kind != INTERLEAVE_ARCH_SYNC)
        g_assert_cmpuint (arch->pool, ==, cases[i].pool);
      g_assert_false (arch->calibrated);
      g_assert_cmpuint (scenario->cores, ==, g_get_num_processors ());
      g_assert_cmpint (scenario->arrivals.kind, ==, INTERLEAVE_ARRIVALS_CLOSED);
      g_assert_cmpuint (scenario->arrivals.clients, ==, 20);
      g_assert_true (scenario->arrivals.keepalive);
      g_assert_cmpuint (scenario->seed, ==, 3);
      g_assert_cmpint (scenario->quantum_ns, ==, 4000000);
    }

  /* Open loop on a pool of connections, calibrated. */
  {
    g_autoptr(InterleaveServerPreset) preset = interleave_server_preset_parse ("python:threaded", NULL);
    g_autoptr(InterleaveScenario) scenario = NULL;
    g_autoptr(GError) error = NULL;
    InterleaveServerModelLoad load = { .rate = 123.5, .poisson = TRUE, .connections = 64 };
    InterleaveCalibrationServer calibration = {
      .mode = (char *) "threaded", .workers = 1, .overhead_ns = 300000, .cpu_factor = 1.0,
      .native_factor = 1.25, .cpu_wall_factor = 1, .native_wall_factor = 1,
    };
    g_autoptr(InterleaveSummary) summary = NULL;
    g_autoptr(InterleaveTrace) trace = NULL;

    scenario = interleave_server_model_scenario_new (preset, NULL, &calibration, 1500000, "native:4", &load,
                                                     2 * SEC, 1, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (scenario->arrivals.kind, ==, INTERLEAVE_ARRIVALS_POISSON);
    g_assert_cmpfloat_with_epsilon (scenario->arrivals.rate, 123.5, 1e-6);
    g_assert_cmpuint (scenario->arrivals.connections, ==, 64);
    g_assert_true (scenario->architectures[0].calibrated);
    g_assert_cmpint (scenario->architectures[0].overhead_ns, ==, 300000);
    g_assert_cmpfloat (scenario->architectures[0].native_scale, ==, 1.25);
    g_assert_cmpint (scenario->quantum_ns, ==, 1500000);

    /* It runs: ~123 requests a second of 5 ms native + 0.3 ms. */
    trace = interleave_simulate (scenario, 0, NULL, &summary, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (summary->throughput, >, 90);
    g_assert_cmpfloat (summary->throughput, <, 160);
    g_assert_cmpfloat (summary->latency_p50_ms, >=, 5.25);
  }
}

/* The cost of a native ms during a cell, from the server's CPU time: what
 * is left per request after the overhead and the interpreted work, per
 * native ms; nothing when the run cannot tell. */
static void
test_native_during (void)
{
  InterleaveCalibrationServer calibration = { .overhead_ns = 200000, .cpu_factor = 1.1 };
  InterleavePlan native, mixed, cpu_only;

  g_assert_true (interleave_plan_parse ("native:5", &native, NULL));
  g_assert_true (interleave_plan_parse ("cpu:2,native:4", &mixed, NULL));
  g_assert_true (interleave_plan_parse ("cpu:5", &cpu_only, NULL));

  /* 1000 requests, 7.2 s of CPU: 7.2 ms each, 7.0 of them native work. */
  g_assert_cmpfloat_with_epsilon (interleave_fidelity_native_factor_during (G_GINT64_CONSTANT (7200000000), 1000,
                                                                            &native, &calibration), 1.4, 1e-9);
  /* 7.2 ms each: 0.2 overhead, 2.2 of cpu, 4.8 for native:4. */
  g_assert_cmpfloat_with_epsilon (interleave_fidelity_native_factor_during (G_GINT64_CONSTANT (7200000000), 1000,
                                                                            &mixed, &calibration), 1.2, 1e-9);
  /* No native work, too few requests, too little CPU, nonsense. */
  g_assert_true (isnan (interleave_fidelity_native_factor_during (G_GINT64_CONSTANT (7200000000), 1000,
                                                                  &cpu_only, &calibration)));
  g_assert_true (isnan (interleave_fidelity_native_factor_during (G_GINT64_CONSTANT (7200000000), 10,
                                                                  &native, &calibration)));
  g_assert_true (isnan (interleave_fidelity_native_factor_during (G_GINT64_CONSTANT (400000000), 100,
                                                                  &native, &calibration)));
  g_assert_true (isnan (interleave_fidelity_native_factor_during (G_GINT64_CONSTANT (600000000), 1000,
                                                                  &native, &calibration)));
}

/* The host's slow and fast spells during a cell: CPU per answered
 * request in each step, over the run's. Two processes sampled every
 * 100 ms from the run's start (the first batch at 100 ms, as a
 * measurement has it) use 1.5 cores throughout; four steps of 500 ms answer 100, 100,
 * 75 and 100 requests: 8 ms a request on average, 7.5 in the fast
 * steps (0.9375), 10 in the slow one (1.25). */
static void
test_host_slowdown (void)
{
  const gint64 ms = 1000000;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (InterleaveProcessSample));
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) factors = NULL;
  g_autoptr(GArray) sparse = NULL;
  const guint answered[] = { 100, 100, 75, 100 };

  for (gint64 t = 100 * ms; t <= 2000 * ms; t += 100 * ms)
    {
      InterleaveProcessSample a = { .time = t, .pid = 10, .cpu = 1.0 };
      InterleaveProcessSample b = { .time = t, .pid = 11, .cpu = 0.5 };

      g_array_append_val (samples, a);
      g_array_append_val (samples, b);
    }
  for (guint k = 0; k < G_N_ELEMENTS (answered); k++)
    for (guint i = 0; i < answered[k]; i++)
      g_array_append_val (done, (gint64) { k * 500 * ms + i * 500 * ms / answered[k] });

  factors = interleave_fidelity_host_slowdown ((InterleaveProcessSample *) samples->data, samples->len,
                                               (gint64 *) done->data, done->len, 2000 * ms, 500 * ms);
  g_assert_nonnull (factors);
  g_assert_cmpuint (factors->len, ==, 4);
  g_assert_cmpfloat_with_epsilon (g_array_index (factors, double, 0), 0.9375, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (factors, double, 1), 0.9375, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (factors, double, 2), 1.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (factors, double, 3), 0.9375, 1e-9);

  /* A step with too few answers to tell keeps the host's mean speed; the
   * others are measured against each other only. */
  g_array_remove_range (done, 200, 75 - 5);
  sparse = interleave_fidelity_host_slowdown ((InterleaveProcessSample *) samples->data, samples->len,
                                              (gint64 *) done->data, done->len, 2000 * ms, 500 * ms);
  g_assert_nonnull (sparse);
  g_assert_cmpfloat_with_epsilon (g_array_index (sparse, double, 0), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (sparse, double, 2), 1.0, 1e-9);

  /* Nothing to tell: no CPU, no answers, a run shorter than a step. */
  g_assert_null (interleave_fidelity_host_slowdown (NULL, 0, (gint64 *) done->data, done->len, 2000 * ms, 500 * ms));
  g_assert_null (interleave_fidelity_host_slowdown ((InterleaveProcessSample *) samples->data, samples->len,
                                                    NULL, 0, 2000 * ms, 500 * ms));
  g_assert_null (interleave_fidelity_host_slowdown ((InterleaveProcessSample *) samples->data, samples->len,
                                                    (gint64 *) done->data, done->len, 400 * ms, 500 * ms));
}

/* The delivery jitter of a cell, from its requests. Worker 1 gets 101
 * requests one after another, each sent 0.5 ms after the worker finished
 * the one before: the first is a lead-in, the next 100 take 100, 110, …
 * 1090 µs to reach the handler. Over the 5th percentile (150 µs), the
 * fastest 99 average 590 µs: 463.16 µs of exponential mean. Worker 2's
 * 40 requests wait in its queue (sent 1 ms apart, 5 ms each): their time
 * to the handler is the queue's, and must not count. Every response
 * takes 50 µs back (no spread). So: 463.16 × 100 / (100 + 141). */
static void
test_delivery_jitter (void)
{
  const gint64 us = 1000;
  g_autoptr(GArray) requests = g_array_new (FALSE, FALSE, sizeof (InterleaveFidelityDelivery));
  gint64 free_at = 0;

  for (guint k = 0; k <= 100; k++)
    {
      InterleaveFidelityDelivery r = { .pid = 1, .handler_dur = 5000 * us };

      r.sent = free_at + 500 * us;
      r.handler_start = r.sent + (k == 0 ? 100 * us : (100 + 10 * (k - 1)) * us);
      r.done = r.handler_start + r.handler_dur + 50 * us;
      free_at = r.handler_start + r.handler_dur;
      g_array_append_val (requests, r);
    }
  free_at = 0;
  for (guint k = 0; k < 40; k++)
    {
      InterleaveFidelityDelivery r = { .pid = 2, .sent = k * 1000 * us, .handler_dur = 5000 * us };

      r.handler_start = MAX (r.sent + 100 * us, free_at);
      r.done = r.handler_start + r.handler_dur + 50 * us;
      free_at = r.handler_start + r.handler_dur;
      g_array_append_val (requests, r);
    }

  g_assert_cmpint (interleave_fidelity_delivery_jitter ((InterleaveFidelityDelivery *) requests->data, requests->len),
                   ==, llround ((590.0 - 150.0) / 0.95 * 1000 * 100 / 241));
  /* Too few requests that found their worker idle. */
  g_assert_cmpint (interleave_fidelity_delivery_jitter ((InterleaveFidelityDelivery *) requests->data, 20), ==, -1);
}

/* The scheduler tick, from how often the busiest processor took its local
 * timer interrupt between two reads of /proc/interrupts. */
#define INTERRUPTS(loc0, loc1) \
  "            CPU0       CPU1       \n" \
  "   1:          9          0   IO-APIC   1-edge      i8042\n" \
  " LOC:   " #loc0 "   " #loc1 "   Local timer interrupts\n" \
  " RES:       5000       6000   Rescheduling interrupts\n"

static void
test_sched_tick (void)
{
  const gint64 second = G_GINT64_CONSTANT (1000000000);
  gint64 tick = -1;

  /* 250 Hz: two busy processors, one with 13 other timer interrupts. */
  g_assert_cmpint (interleave_os_tick_from_interrupts (INTERRUPTS (1000, 2000), INTERRUPTS (1263, 2251), second), ==, 4000000);
  g_assert_cmpint (interleave_os_tick_from_interrupts (INTERRUPTS (1000, 70), INTERRUPTS (1520, 570), second / 2), ==, 1000000);
  g_assert_cmpint (interleave_os_tick_from_interrupts (INTERRUPTS (1000, 70), INTERRUPTS (1102, 170), second), ==, 10000000);
  /* One busy processor (the other idle, tickless), too few, or between
   * two tick rates: unknown. */
  g_assert_cmpint (interleave_os_tick_from_interrupts (INTERRUPTS (1000, 70), INTERRUPTS (1250, 75), second), ==, -1);
  g_assert_cmpint (interleave_os_tick_from_interrupts (INTERRUPTS (1000, 70), INTERRUPTS (1030, 105), second), ==, -1);
  g_assert_cmpint (interleave_os_tick_from_interrupts (INTERRUPTS (1000, 70), INTERRUPTS (1600, 670), second), ==, -1);
  /* No LOC line, processors that differ, nothing, or too short. */
  g_assert_cmpint (interleave_os_tick_from_interrupts ("CPU0\n 1: 9 IO-APIC\n", "CPU0\n 1: 19 IO-APIC\n", second), ==, -1);
  g_assert_cmpint (interleave_os_tick_from_interrupts (INTERRUPTS (1000, 70), " LOC: 1250 Local\n", second), ==, -1);
  g_assert_cmpint (interleave_os_tick_from_interrupts (NULL, INTERRUPTS (1250, 70), second), ==, -1);
  g_assert_cmpint (interleave_os_tick_from_interrupts (INTERRUPTS (1000, 70), INTERRUPTS (1001, 71), 1000), ==, -1);

  /* This machine: a tick rate a kernel is built with, or unknown. */
  interleave_measure_os_parallelism (2, 200 * 1000000, &tick);
  g_test_message ("this machine's scheduler tick: %" G_GINT64_FORMAT " ns", tick);
  g_assert_true (tick == -1 || tick == 1000000 || tick == 3333333 || tick == 4000000 || tick == 10000000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fidelity/matrix/builtin", test_builtin);
  g_test_add_func ("/fidelity/matrix/file", test_file);
  g_test_add_func ("/fidelity/matrix/broken", test_broken);
  g_test_add_func ("/fidelity/figures", test_figures);
  g_test_add_func ("/fidelity/native-during", test_native_during);
  g_test_add_func ("/fidelity/host-slowdown", test_host_slowdown);
  g_test_add_func ("/fidelity/delivery-jitter", test_delivery_jitter);
  g_test_add_func ("/fidelity/server-model", test_server_model);
  g_test_add_func ("/fidelity/sched-tick", test_sched_tick);

  return g_test_run ();
}
