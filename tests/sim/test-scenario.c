/* test-scenario.c
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

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "interleave-scenario.h"

#define MS G_GINT64_CONSTANT (1000000)
#define SEC G_GINT64_CONSTANT (1000000000)

/* A small valid scenario; %s is spliced into the architecture. */
#define WORKLOAD \
  "\"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 100 }," \
  "  \"classes\": [ { \"name\": \"api\", \"plan\": \"cpu:2,io:10\" } ] }"

static InterleaveScenario *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  InterleaveScenario *scenario = interleave_scenario_load_data (json, -1, "test.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

static void
test_time_parse (void)
{
  static const struct { const char *text; gint64 ns; } good[] = {
    { "250us", 250000 }, { "250µs", 250000 }, { "5ms", 5 * MS }, { "10s", 10 * SEC },
    { "2min", 120 * SEC }, { "1h", 3600 * SEC }, { "1.5ms", 1500000 }, { "5 ms", 5 * MS },
    { "7", 7 * MS }, { "0", 0 }, { "0.25", 250000 }, { "3ns", 3 }, { "1e3ms", SEC },
  };
  static const char *bad[] = {
    "", "ms", "-1ms", "5 parsecs", "5msx", "0x10", "inf", "nan", "5 m", " ", "1,5ms",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 ns = -1;
      g_autofree char *back = NULL;

      g_test_message ("time “%s”", good[i].text);
      g_assert_true (interleave_time_parse (good[i].text, &ns));
      g_assert_cmpint (ns, ==, good[i].ns);

      /* The formatted form reads back to the same value. */
      back = interleave_time_to_string (ns);
      g_assert_true (interleave_time_parse (back, &ns));
      g_assert_cmpint (ns, ==, good[i].ns);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 ns;

      g_test_message ("not a time: “%s”", bad[i]);
      g_assert_false (interleave_time_parse (bad[i], &ns));
    }
}

static void
test_defaults (void)
{
  g_autoptr(InterleaveScenario) s = load ("{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"eventloop\" } ] }");
  const InterleaveArchitecture *a = &s->architectures[0];

  g_assert_cmpstr (s->title, ==, "test.json");
  g_assert_cmpstr (s->description, ==, "");
  g_assert_cmpuint (s->seed, ==, 1);
  g_assert_cmpint (s->duration_ns, ==, 10 * SEC);
  g_assert_cmpint (s->window_ns, ==, 100 * MS);
  g_assert_cmpuint (s->cores, ==, 4);
  g_assert_cmpint (s->quantum_ns, ==, 4 * MS);
  g_assert_cmpint (s->context_switch_ns, ==, 5000);
  g_assert_true (s->has_arrivals);
  g_assert_cmpint (s->arrivals.kind, ==, INTERLEAVE_ARRIVALS_POISSON);
  g_assert_cmpfloat (s->arrivals.rate, ==, 100.0);
  g_assert_false (s->arrivals.keepalive);       /* open loop: a connection per request */
  g_assert_cmpuint (s->n_classes, ==, 1);
  g_assert_cmpstr (s->classes[0].name, ==, "api");
  g_assert_cmpfloat (s->classes[0].weight, ==, 1.0);
  g_assert_cmpuint (s->classes[0].plan.n_phases, ==, 2);

  g_assert_cmpstr (a->name, ==, "eventloop");
  g_assert_cmpint (a->runtime, ==, INTERLEAVE_ARCH_RUNTIME_NODE);
  g_assert_cmpuint (a->workers, ==, 1);
  g_assert_cmpuint (a->pool, ==, 4);
  g_assert_false (a->gil);
  g_assert_cmpint (a->overhead_ns, ==, interleave_arch_runtime_default_overhead_ns (INTERLEAVE_ARCH_RUNTIME_NODE));
  g_assert_cmpint (a->switch_interval_ns, ==, 5 * MS);
  g_assert_cmpuint (a->backlog, ==, 511);
  g_assert_true (a->keepalive);
  g_assert_cmpfloat (a->slowdown, ==, 1.0);

  g_assert_cmpuint (s->record.max_requests, ==, 1000000);
  g_assert_cmpuint (s->record.max_spans, ==, 4000000);
  g_assert_true (s->record.cores);

  /* Closed loops keep connections alive by default. */
  {
    g_autoptr(InterleaveScenario) c = load (
      "{ \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 3, \"think\": 20 },"
      "  \"classes\": [ { \"plan\": \"cpu:1\" } ] }, \"architectures\": [ { \"kind\": \"threads\" } ] }");

    g_assert_true (c->arrivals.keepalive);
    g_assert_cmpuint (c->arrivals.clients, ==, 3);
    g_assert_cmpint (c->arrivals.think_ns, ==, 20 * MS);
    g_assert_cmpint (c->arrivals.think_dist, ==, INTERLEAVE_DIST_EXP);
    g_assert_cmpstr (c->classes[0].name, ==, "class 1");
    g_assert_cmpint (c->architectures[0].runtime, ==, INTERLEAVE_ARCH_RUNTIME_PYTHON);
    g_assert_true (c->architectures[0].gil);
    g_assert_cmpuint (c->architectures[0].threads, ==, 0);
  }
}

static void
test_full_example (void)
{
  /* The example of DESIGN.md, "Scenario files and results", verbatim. */
  g_autoptr(InterleaveScenario) s = load (
    "{\n"
    "  \"title\": \"One slow request blocks the loop\",\n"
    "  \"description\": \"Shown in the picker and the Learn page.\",\n"
    "  \"seed\": 1,\n"
    "  \"duration\": \"10s\",\n"
    "  \"machine\": { \"cores\": 2, \"quantum\": \"4ms\", \"context_switch\": \"5us\" },\n"
    "  \"workload\": {\n"
    "    \"arrivals\": { \"kind\": \"poisson\", \"rate\": 150 },\n"
    "    \"classes\": [\n"
    "      { \"name\": \"api\",    \"weight\": 0.95, \"plan\": \"cpu:2,io:10\" },\n"
    "      { \"name\": \"report\", \"weight\": 0.05,\n"
    "        \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"50ms\", \"dist\": \"exp\" } ] }\n"
    "    ]\n"
    "  },\n"
    "  \"architectures\": [\n"
    "    { \"name\": \"Node.js\", \"preset\": \"node\" },\n"
    "    { \"name\": \"gunicorn gthread 2x4\", \"kind\": \"threads\", \"runtime\": \"python\",\n"
    "      \"workers\": 2, \"threads\": 4, \"gil\": true, \"dispatch\": \"shared-accept\" }\n"
    "  ]\n"
    "}\n");

  g_assert_cmpstr (s->title, ==, "One slow request blocks the loop");
  g_assert_cmpuint (s->cores, ==, 2);
  g_assert_cmpuint (s->n_classes, ==, 2);
  g_assert_cmpfloat (s->classes[1].weight, ==, 0.05);
  g_assert_cmpint (s->classes[1].plan.phases[0].dist, ==, INTERLEAVE_DIST_EXP);
  g_assert_cmpint (s->classes[1].plan.phases[0].mean_ns, ==, 50 * MS);
  g_assert_cmpuint (s->n_architectures, ==, 2);
  g_assert_cmpstr (s->architectures[0].preset, ==, "node");
  g_assert_cmpint (s->architectures[0].kind, ==, INTERLEAVE_ARCH_EVENTLOOP);
  g_assert_cmpuint (s->architectures[1].workers, ==, 2);
  g_assert_cmpuint (s->architectures[1].threads, ==, 4);
  g_assert_true (s->architectures[1].gil);
  g_assert_cmpint (s->architectures[1].dispatch, ==, INTERLEAVE_DISPATCH_SHARED_ACCEPT);
}

static void
test_presets (void)
{
  static const struct {
    const char *preset;
    InterleaveArchKind kind;
    InterleaveArchRuntime runtime;
    guint workers, threads, pool;
    gboolean gil;
    InterleaveDispatch dispatch;
  } cases[] = {
    { "node", INTERLEAVE_ARCH_EVENTLOOP, INTERLEAVE_ARCH_RUNTIME_NODE, 1, 0, 4, FALSE, INTERLEAVE_DISPATCH_SHARED_ACCEPT },
    { "node-cluster", INTERLEAVE_ARCH_EVENTLOOP, INTERLEAVE_ARCH_RUNTIME_NODE, 3, 0, 4, FALSE, INTERLEAVE_DISPATCH_ROUND_ROBIN },
    { "python-threaded", INTERLEAVE_ARCH_THREADS, INTERLEAVE_ARCH_RUNTIME_PYTHON, 1, 0, 0, TRUE, INTERLEAVE_DISPATCH_SHARED_ACCEPT },
    { "gunicorn-sync", INTERLEAVE_ARCH_SYNC, INTERLEAVE_ARCH_RUNTIME_PYTHON, 7, 0, 0, TRUE, INTERLEAVE_DISPATCH_SHARED_ACCEPT },
    { "gunicorn-gthread", INTERLEAVE_ARCH_THREADS, INTERLEAVE_ARCH_RUNTIME_PYTHON, 3, 4, 0, TRUE, INTERLEAVE_DISPATCH_SHARED_ACCEPT },
    { "asyncio", INTERLEAVE_ARCH_ASYNCIO, INTERLEAVE_ARCH_RUNTIME_PYTHON, 1, 0, 0, TRUE, INTERLEAVE_DISPATCH_SHARED_ACCEPT },
    { "python-freethreaded", INTERLEAVE_ARCH_THREADS, INTERLEAVE_ARCH_RUNTIME_PYTHON, 1, 0, 0, FALSE, INTERLEAVE_DISPATCH_SHARED_ACCEPT },
  };
  const char * const *names = interleave_architecture_list_presets ();

  g_assert_cmpuint (g_strv_length ((char **) names), ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{ \"machine\": { \"cores\": 3 }, " WORKLOAD ", \"architectures\": [ { \"preset\": \"%s\" } ] }",
        cases[i].preset);
      g_autoptr(InterleaveScenario) s = load (json);
      const InterleaveArchitecture *a = &s->architectures[0];

      g_test_message ("preset %s", cases[i].preset);
      g_assert_cmpstr (names[i], ==, cases[i].preset);
      g_assert_cmpstr (a->name, ==, cases[i].preset);
      g_assert_cmpint (a->kind, ==, cases[i].kind);
      g_assert_cmpint (a->runtime, ==, cases[i].runtime);
      g_assert_cmpuint (a->workers, ==, cases[i].workers);
      g_assert_cmpuint (a->threads, ==, cases[i].threads);
      g_assert_cmpuint (a->pool, ==, cases[i].pool);
      g_assert_cmpint (a->gil, ==, cases[i].gil);
      g_assert_cmpint (a->dispatch, ==, cases[i].dispatch);
      g_assert_cmpint (a->overhead_ns, ==, interleave_arch_runtime_default_overhead_ns (cases[i].runtime));
      g_assert_cmpint (a->keepalive, ==, cases[i].kind != INTERLEAVE_ARCH_SYNC);
    }
}

static void
test_preset_overrides (void)
{
  g_autoptr(InterleaveScenario) s = load (
    "{ \"machine\": { \"cores\": 8 }, " WORKLOAD ", \"architectures\": ["
    "  { \"preset\": \"node-cluster\", \"workers\": 3 },"
    "  { \"preset\": \"python-threaded\", \"gil\": false },"
    "  { \"preset\": \"python-freethreaded\", \"slowdown\": 1.1 },"
    "  { \"preset\": \"node\", \"overhead\": \"80us\", \"pool\": 0 },"
    "  { \"preset\": \"gunicorn-sync\", \"runtime\": \"ideal\" },"
    "  { \"preset\": \"node\", \"kind\": \"threads\" } ] }");

  g_assert_cmpuint (s->architectures[0].workers, ==, 3);
  g_assert_cmpint (s->architectures[0].dispatch, ==, INTERLEAVE_DISPATCH_ROUND_ROBIN);
  g_assert_false (s->architectures[1].gil);
  g_assert_cmpfloat (s->architectures[1].slowdown, ==,
                     interleave_arch_runtime_default_slowdown (INTERLEAVE_ARCH_RUNTIME_PYTHON, FALSE));
  g_assert_cmpfloat (s->architectures[1].slowdown, >, 1.0);
  g_assert_cmpfloat (s->architectures[2].slowdown, ==, 1.1);
  g_assert_cmpint (s->architectures[3].overhead_ns, ==, 80000);
  g_assert_cmpuint (s->architectures[3].pool, ==, 0);
  /* Changing the runtime to ideal drops its overhead and GIL, keeps workers. */
  g_assert_cmpint (s->architectures[4].overhead_ns, ==, 0);
  g_assert_false (s->architectures[4].gil);
  g_assert_cmpuint (s->architectures[4].workers, ==, 17);
  g_assert_cmpint (s->architectures[5].kind, ==, INTERLEAVE_ARCH_THREADS);
  g_assert_cmpuint (s->architectures[5].pool, ==, 0);
}

static void
test_class_arrivals (void)
{
  g_autoptr(InterleaveScenario) s = load (
    "{ \"workload\": { \"classes\": ["
    "  { \"name\": \"hog\", \"plan\": \"cpu:100\", \"arrivals\": { \"kind\": \"closed\", \"clients\": 1 } },"
    "  { \"name\": \"io\", \"plan\": \"io:1,cpu:0.1\", \"arrivals\": { \"kind\": \"constant\", \"rate\": 50 } } ] },"
    "  \"architectures\": [ { \"preset\": \"python-threaded\" } ] }");

  g_assert_false (s->has_arrivals);
  g_assert_true (s->classes[0].has_arrivals);
  g_assert_cmpint (s->classes[0].arrivals.kind, ==, INTERLEAVE_ARRIVALS_CLOSED);
  g_assert_cmpint (s->classes[1].arrivals.kind, ==, INTERLEAVE_ARRIVALS_CONSTANT);
  /* 10 s at 50/s, plus one client sending at most every 100 ms. */
  g_assert_cmpfloat (fabs (interleave_scenario_expected_requests (s) - 600.0), <, 1e-6);
}

static void
test_plan_objects (void)
{
  g_autoptr(InterleaveScenario) s = load (
    "{ \"workload\": { \"arrivals\": { \"kind\": \"constant\", \"rate\": 10 }, \"classes\": ["
    "  { \"plan\": [ { \"phase\": \"cpu\", \"mean\": 2 },"
    "                { \"phase\": \"io\", \"mean\": \"20ms\", \"dist\": \"exp\" },"
    "                { \"phase\": \"native\", \"mean\": \"3ms\", \"dist\": \"lognormal\", \"cv\": 0.5 },"
    "                { \"phase\": \"cpu\", \"mean\": \"1ms\", \"dist\": \"lognormal\" } ] } ] },"
    "  \"architectures\": [ { \"preset\": \"node\" } ] }");
  const InterleavePlan *plan = &s->classes[0].plan;

  g_assert_cmpuint (plan->n_phases, ==, 4);
  g_assert_cmpint (plan->phases[0].kind, ==, INTERLEAVE_PHASE_CPU);
  g_assert_cmpint (plan->phases[0].dist, ==, INTERLEAVE_DIST_CONST);
  g_assert_cmpint (plan->phases[0].mean_ns, ==, 2 * MS);
  g_assert_cmpint (plan->phases[1].dist, ==, INTERLEAVE_DIST_EXP);
  g_assert_cmpint (plan->phases[2].kind, ==, INTERLEAVE_PHASE_NATIVE);
  g_assert_cmpfloat (plan->phases[2].cv, ==, 0.5);
  g_assert_cmpfloat (plan->phases[3].cv, ==, 1.0);   /* lognormal's default cv */
}

/* Every broken input gives one clear message: where, and what was
 * expected. */
static void
test_broken (void)
{
  static const struct {
    const char *json;
    const char *expected[3];
  } cases[] = {
    { "", { "test.json: the file is empty" } },
    { "{ \"title\": \"x\",", { "test.json:1:16: the text ends too early: expected a member name in double quotes" } },
    { "{ \"title\": \"x\" } trailing", { "test.json:1:18: unexpected text after the end of the JSON value" } },
    { "[1, 2]", { "test.json:1:1: expected an object { … }, got a list" } },
    { "{ \"durration\": \"10s\" }",
      { "test.json:1:", "durration: unknown member “durration”; expected one of: title, description, seed, duration, window, machine, workload, architectures, record" } },
    { "{ \"duration\": \"-5s\" }",
      { "duration: expected a time such as “250us”, “5ms” or “10s”, or a number of milliseconds, got “-5s”" } },
    { "{ \"duration\": \"10 parsecs\" }", { "duration: expected a time such as", "got “10 parsecs”" } },
    { "{ \"duration\": \"2h\" }", { "duration: expected a time from 1ms to 1h, got “2h”" } },
    { "{ \"duration\": -3 }", { "duration: expected a time such as", "got -3" } },
    { "{ \"seed\": -1 }", { "seed: expected a number from 0 to 9007199254740992, got -1" } },
    { "{ \"seed\": 1.5 }", { "seed: expected a whole number, got 1.5" } },
    { "{ \"title\": 5 }", { "test.json:1:", "title: expected a text in quotes, got 5" } },
    { "{ \"machine\": { \"cores\": 0 } }", { "machine.cores: expected a whole number from 1 to 256, got 0" } },
    { "{ \"machine\": { \"cores\": 1000 } }", { "machine.cores: expected a whole number from 1 to 256, got 1000" } },
    { "{ \"machine\": { \"cores\": 2.5 } }", { "machine.cores: expected a whole number, got 2.5" } },
    { "{ \"machine\": { \"core\": 2 } }", { "machine.core: unknown member “core”; expected one of: cores, quantum, context_switch, client_cpu" } },
    { "{ \"machine\": { \"client_cpu\": \"1s\" } }", { "machine.client_cpu: expected a time from 0ns to 100ms, got “1s”" } },
    { "{ \"machine\": [ 2 ] }", { "machine: expected an object { … }, got a list" } },
    { "{ \"machine\": { \"slowdown\": 2 } }", { "machine.slowdown: expected an object { … }, got 2" } },
    { "{ \"machine\": { \"delivery_jitter\": \"20ms\" } }", { "machine.delivery_jitter: expected a time from 0ns to 10ms, got “20ms”" } },
    { "{ \"machine\": { \"balance_interval\": \"1s\" } }", { "machine.balance_interval: expected a time from 0ns to 100ms, got “1s”" } },
    { "{ \"machine\": { \"wake_stay\": 1.5 } }", { "machine.wake_stay: expected a number from 0 to 1, got 1.5" } },
    { "{ \"machine\": { \"slowdown\": { \"step\": \"1s\" } } }", { "machine.slowdown: missing member “factors”" } },
    { "{ \"machine\": { \"slowdown\": { \"factors\": [] } } }",
      { "machine.slowdown.factors: expected a list of 1 to 100000 items, got 0" } },
    { "{ \"machine\": { \"slowdown\": { \"factors\": [ 1, 0 ] } } }",
      { "machine.slowdown.factors[1]: expected a number from 0.1 to 10, got 0" } },
    { "{ \"machine\": { \"slowdown\": { \"factors\": [ \"fast\" ] } } }",
      { "machine.slowdown.factors[0]: expected a number, got “fast”" } },
    { "{ \"machine\": { \"slowdown\": { \"step\": \"10us\", \"factors\": [ 1 ] } } }",
      { "machine.slowdown.step: expected a time from 1ms to 1h, got “10us”" } },
    { "{ \"machine\": { \"slowdown\": { \"every\": \"1s\", \"factors\": [ 1 ] } } }",
      { "machine.slowdown.every: unknown member “every”; expected one of: step, factors" } },
    { "{ \"architectures\": [] }", { "missing member “workload”" } },
    { "{ \"workload\": { \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.classes[0]: this class has no “arrivals”, and neither has the workload" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 10 }, \"classes\": [] } }",
      { "workload.classes: expected a list of request classes [ { … } ], got an empty list" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": -5 }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "test.json:1:", "workload.arrivals.rate: expected a number above 0 and at most 1000000, got -5" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 1e9 }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.rate: expected a number above 0 and at most 1000000, got 1e+09" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": \"fast\" }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.rate: expected a number, got “fast”" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 1e999 }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.rate: expected a number, got" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poison\", \"rate\": 5 }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.kind: expected one of: poisson, constant, closed; got “poison”" } },
    { "{ \"workload\": { \"arrivals\": { \"rate\": 5 }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals: missing member “kind”" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 1000000000000 }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.clients: expected a whole number from 1 to 100000, got 1000000000000" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 5, \"rate\": 3 }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.rate: a closed loop has “clients” and “think”, not a rate" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 3, \"clients\": 5 }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.clients: “clients” belongs to closed-loop arrivals (“kind”: “closed”)" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 5, \"think\": \"-1ms\" }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.think: expected a time such as" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 5, \"keepalive\": \"yes\" }, \"classes\": [ { \"plan\": \"cpu:1\" } ] } }",
      { "workload.arrivals.keepalive: expected true or false, got “yes”" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5 }, \"classes\": [ { \"plan\": \"cpu:5,disk:3\" } ] } }",
      { "workload.classes[0].plan: Plan “cpu:5,disk:3”, position 7: expected a phase: cpu, io or native" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5 }, \"classes\": [ { \"plan\": \"cpu:70000\" } ] } }",
      { "workload.classes[0].plan: Plan “cpu:70000”, position 1: A plan may last at most 60000 ms in total" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5 }, \"classes\": [ { \"plan\": 5 } ] } }",
      { "workload.classes[0].plan: expected a plan such as “cpu:2,io:10” or a list of phases, got 5" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5 }, \"classes\": [ { \"plan\": [ { \"phase\": \"cpu\", \"mean\": \"1ms\", \"dist\": \"exp\", \"cv\": 2 } ] } ] } }",
      { "workload.classes[0].plan[0].cv: “cv” applies to “dist”: “lognormal” only" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5 }, \"classes\": [ { \"plan\": [ { \"phase\": \"gpu\", \"mean\": \"1ms\" } ] } ] } }",
      { "workload.classes[0].plan[0].phase: expected one of: cpu, io, native; got “gpu”" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5 }, \"classes\": [ { \"plan\": [ { \"phase\": \"cpu\" } ] } ] } }",
      { "workload.classes[0].plan[0]: missing member “mean”" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 5 }, \"classes\": [ { \"plan\": \"cpu:1\", \"weight\": 0 } ] } }",
      { "workload.classes[0].weight: expected a number above 0 and at most 1000000000, got 0" } },
    { "{ " WORKLOAD " }", { "missing member “architectures”" } },
    { "{ " WORKLOAD ", \"architectures\": [] }", { "architectures: expected a list of architectures [ { … } ], got an empty list" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"name\": \"x\" } ] }", { "architectures[0]: missing member “kind”" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"preset\": \"nodejs\" } ] }",
      { "architectures[0].preset: unknown preset “nodejs”; expected one of: node, node-cluster, python-threaded, gunicorn-sync, gunicorn-gthread, asyncio, python-freethreaded" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"eventloops\" } ] }",
      { "architectures[0].kind: expected one of: eventloop, threads, asyncio, sync; got “eventloops”" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"eventloop\", \"gil\": true } ] }",
      { "architectures[0].gil: only the Python runtime has a GIL" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"eventloop\", \"threads\": 4 } ] }",
      { "architectures[0].threads: “threads” applies to “kind”: “threads” only" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"sync\", \"keepalive\": true } ] }",
      { "architectures[0].keepalive: a sync worker closes every connection after its response" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"sync\", \"workers\": 100000 } ] }",
      { "architectures[0].workers: expected a whole number from 1 to 256, got 100000" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"threads\", \"workers\": 256, \"threads\": 4096 } ] }",
      { "architectures[0]: 1048832 threads in all; the limit is 16384" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"threads\", \"switch_interval\": 0 } ] }",
      { "architectures[0].switch_interval: expected a time from 1us to 1s, got 0" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"threads\", \"gil_handoff\": \"1s\" } ] }",
      { "architectures[0].gil_handoff: expected a time from 0ns to 100ms, got “1s”" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"threads\", \"slowdown\": 0 } ] }",
      { "architectures[0].slowdown: expected a number from 0.1 to 10, got 0" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"threads\", \"dispatch\": \"random\" } ] }",
      { "architectures[0].dispatch: expected one of: shared-accept, round-robin, hash; got “random”" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"threads\" }, { \"kind\": \"threads\" }, { \"kind\": \"threads\" },"
      " { \"kind\": \"threads\" }, { \"kind\": \"threads\" }, { \"kind\": \"threads\" }, { \"kind\": \"threads\" },"
      " { \"kind\": \"threads\" }, { \"kind\": \"threads\" } ] }",
      { "architectures: at most 8 architectures, got 9" } },
    { "{ \"machine\": { \"quantum\": \"1ms\", \"context_switch\": \"1ms\" }, " WORKLOAD ", \"architectures\": [ { \"kind\": \"sync\" } ] }",
      { "test.json: machine.context_switch: must be shorter than the quantum" } },
    { "{ \"duration\": \"1h\", \"window\": \"1ms\", " WORKLOAD ", \"architectures\": [ { \"kind\": \"sync\" } ] }",
      { "window: a run may have at most 1000000 metric windows" } },
    { "{ \"duration\": \"1h\", \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 1000000 },"
      " \"classes\": [ { \"plan\": \"cpu:1\" } ] }, \"architectures\": [ { \"kind\": \"sync\" } ] }",
      { "workload: this would simulate about 3.6e+09 requests per architecture; the limit is 100000000" } },
    { "{ \"workload\": { \"arrivals\": { \"kind\": \"closed\", \"clients\": 5 },"
      " \"classes\": [ { \"plan\": \"io:0\" } ] }, \"architectures\": [ { \"kind\": \"sync\" } ] }",
      { "workload.arrivals: closed-loop clients need a think time or a plan that takes time" } },
    { "{ " WORKLOAD ", \"architectures\": [ { \"kind\": \"sync\" } ], \"record\": { \"spans\": -1 } }",
      { "record.spans: expected a whole number from 0 to 20000000, got -1" } },
    { "{ \"title\": \"caf\xe9\" }", { "test.json: not UTF-8 text" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveScenario) s = NULL;

      g_autofree char *shown = g_utf8_make_valid (cases[i].json, -1);

      s = interleave_scenario_load_data (cases[i].json, -1, "test.json", &error);
      g_test_message ("case %u: %s\n  -> %s", i, shown, error ? error->message : "(loaded)");
      g_assert_null (s);
      g_assert_error (error, INTERLEAVE_SCENARIO_ERROR, error->code);
      g_assert_true (g_str_has_prefix (error->message, "test.json"));
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].expected) && cases[i].expected[k] != NULL; k++)
        {
          if (strstr (error->message, cases[i].expected[k]) == NULL)
            g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].expected[k]);
        }
    }
}

/* Positions point at the offending value, line and column. */
static void
test_broken_position (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveScenario) s = NULL;
  const char *json =
    "{\n"
    "  \"workload\": {\n"
    "    \"arrivals\": { \"kind\": \"poisson\",\n"
    "                  \"rate\": -5 },\n"
    "    \"classes\": [ { \"plan\": \"cpu:1\" } ]\n"
    "  }\n"
    "}\n";

  s = interleave_scenario_load_data (json, -1, "lesson.json", &error);
  g_assert_null (s);
  g_assert_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_LIMIT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "lesson.json:4:"));
  g_assert_nonnull (strstr (error->message, "workload.arrivals.rate"));
}

/* Absurd sizes are refused before anything is attempted. */
static void
test_broken_huge (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) many = g_string_new ("{ " WORKLOAD ", \"architectures\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveScenario) s = NULL;

  /* 100 000 levels deep would overflow the parser's stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  s = interleave_scenario_load_data (deep->str, deep->len, "deep.json", &error);
  g_assert_null (s);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==, "deep.json:1:33: nested more than 32 levels deep");
  g_clear_error (&error);

  /* A million architectures: over the size limit. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append (many, i ? ", { \"preset\": \"node\" }" : "{ \"preset\": \"node\" }");
  g_string_append (many, "] }");
  s = interleave_scenario_load_data (many->str, many->len, "many.json", &error);
  g_assert_null (s);
  g_test_message ("%s", error->message);
  g_assert_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "many.json: a scenario file may be at most 1024 KiB");
}

/* Absurd values (issue 8): each is refused before anything is attempted,
 * with the JSON path of the value, what was expected and the code LIMIT
 * (or SYNTAX for what is not JSON at all). `%R` in a template is
 * replaced by `repeat` copies of `unit`, to build inputs too big to
 * write out. */
#define ARCH "\"architectures\": [ { \"preset\": \"node\" } ]"
#define ARRIVALS(a) "\"workload\": { \"arrivals\": " a ", \"classes\": [ { \"plan\": \"cpu:1\" } ] }"

static void
test_absurd (void)
{
  static const struct {
    const char *what;
    const char *json;
    const char *unit;
    guint       repeat;
    int         code;
    const char *expected;
  } cases[] = {
    { "10^12 clients",
      "{ " ARRIVALS ("{ \"kind\": \"closed\", \"clients\": 1e12, \"think\": \"1ms\" }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "workload.arrivals.clients: expected a whole number from 1 to 100000, got 1e+12" },
    { "10^12 clients, as an integer",
      "{ " ARRIVALS ("{ \"kind\": \"closed\", \"clients\": 1000000000000 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "workload.arrivals.clients: expected a whole number from 1 to 100000, got 1000000000000" },
    { "negative duration",
      "{ \"duration\": -5, " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_INVALID,
      "duration: expected a time such as “250us”, “5ms” or “10s”, or a number of milliseconds, got -5" },
    { "negative think time",
      "{ " ARRIVALS ("{ \"kind\": \"closed\", \"clients\": 2, \"think\": \"-1s\" }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_INVALID,
      "workload.arrivals.think: expected a time such as “250us”, “5ms” or “10s”, or a number of milliseconds, got “-1s”" },
    { "negative quantum",
      "{ \"machine\": { \"quantum\": -4 }, " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_INVALID,
      "machine.quantum: expected a time such as “250us”, “5ms” or “10s”, or a number of milliseconds, got -4" },
    { "negative phase",
      "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 1 }, \"classes\": [ { \"plan\": "
      "[ { \"phase\": \"io\", \"mean\": \"-10ms\" } ] } ] }, " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_INVALID,
      "workload.classes[0].plan[0].mean: expected a time such as" },
    { "a duration of 10^12 s",
      "{ \"duration\": \"1000000000000s\", " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_INVALID, "test.json:1:31: duration: expected a time such as" },
    { "10^5 architectures",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", \"architectures\": [ %R { \"preset\": \"node\" } ] }",
      "{}, ", 100000,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "architectures: at most 8 architectures, got 100001" },
    { "10^6 architectures",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", \"architectures\": [ %R { \"preset\": \"node\" } ] }",
      "{ \"preset\": \"node\" }, ", 1000000,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "test.json: a scenario file may be at most 1024 KiB" },
    { "10^4 request classes",
      "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 1 }, \"classes\": [ %R { \"plan\": \"io:1\" } ] }, " ARCH " }",
      "{ \"plan\": \"io:1\" }, ", 10000,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "workload.classes: at most 32 request classes, got 10001" },
    { "a rate of 10^300",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1e300 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "workload.arrivals.rate: expected a number above 0 and at most 1000000, got 1e+300" },
    { "an infinite rate",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1e999 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_INVALID, "workload.arrivals.rate: expected a number, got" },
    { "10^9 requests",
      "{ \"duration\": \"1000s\", " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1000000 }") ", " ARCH ","
      " \"record\": { \"spans\": 20000000, \"requests\": 10000000 } }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "workload: this would simulate about 1e+09 requests per architecture; the limit is 100000000" },
    { "10^9 spans",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH ", \"record\": { \"spans\": 1000000000 } }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "record.spans: expected a whole number from 0 to 20000000, got 1000000000" },
    { "10^9 request records",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH ", \"record\": { \"requests\": 1e9 } }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "record.requests: expected a whole number from 0 to 10000000, got 1e+09" },
    { "10^6 cores",
      "{ \"machine\": { \"cores\": 1000000 }, " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "machine.cores: expected a whole number from 1 to 256, got 1000000" },
    { "10^9 threads",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", \"architectures\": [ { \"kind\": \"threads\", \"threads\": 1000000000 } ] }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "architectures[0].threads: expected a whole number from 0 to 4096, got 1000000000" },
    { "a backlog of 10^12",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", \"architectures\": [ { \"kind\": \"sync\", \"backlog\": 1e12 } ] }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "architectures[0].backlog: expected a whole number from 1 to 1000000, got 1e+12" },
    { "10^6 connections",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1, \"connections\": 1000000 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "workload.arrivals.connections: expected a whole number from 1 to 100000, got 1000000" },
    { "10^4 phases",
      "{ \"workload\": { \"arrivals\": { \"kind\": \"poisson\", \"rate\": 1 }, \"classes\": [ { \"plan\": \"%Rio:1\" } ] }, " ARCH " }",
      "io:1,", 10000,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "workload.classes[0].plan: Plan “io:1,io:1,io:1,io:1,io:1,io:1,io:1,io:1,io:1,io:1,io:1,io…”, position 321: A plan has at most 64 phases" },
    { "100 000 levels of lists",
      "%R", "[", 100000,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "test.json:1:33: nested more than 32 levels deep" },
    { "100 levels of objects inside a valid member",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH ",\n \"record\": %R }",
      "{ \"x\": ", 100,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "test.json:2:229: nested more than 32 levels deep" },
    { "a title of 500 000 characters",
      "{ \"title\": \"%R\", " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }",
      "a", 500000,
      INTERLEAVE_SCENARIO_ERROR_LIMIT,
      "title: at most 200 characters, got “aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…”" },
    { "a description of 10 000 characters",
      "{ \"description\": \"%R\", " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }",
      "é", 10000,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "description: at most 4000 characters, got “éééé" },
    { "an architecture name of 101 characters",
      "{ " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", \"architectures\": [ { \"preset\": \"node\", \"name\": \"%R\" } ] }",
      "n", 101,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "architectures[0].name: at most 100 characters" },
    { "a number of 1000 digits",
      "{ \"seed\": %R, " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }",
      "9", 1000,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "test.json:1:11: a number has more than 64 characters" },
    { "a seed of 10^300",
      "{ \"seed\": 1e300, " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_LIMIT, "seed: expected a number from 0 to 9007199254740992, got 1e+300" },
    { "a member given twice",
      "{ \"duration\": \"1s\", \"duration\": \"1000h\", " ARRIVALS ("{ \"kind\": \"poisson\", \"rate\": 1 }") ", " ARCH " }", NULL, 0,
      INTERLEAVE_SCENARIO_ERROR_SYNTAX, "test.json:1:21: the member “duration” appears twice in the same object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) json = g_string_new (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(InterleaveScenario) s = NULL;
      const char *mark = strstr (json->str, "%R");

      if (mark != NULL)
        {
          g_autoptr(GString) units = g_string_new (NULL);
          gsize at = mark - json->str;

          for (guint k = 0; k < cases[i].repeat; k++)
            g_string_append (units, cases[i].unit);
          g_string_erase (json, at, 2);
          g_string_insert_len (json, at, units->str, units->len);
        }

      s = interleave_scenario_load_data (json->str, json->len, "test.json", &error);
      g_test_message ("%s -> %s", cases[i].what, error ? error->message : "(loaded)");
      if (s != NULL)
        g_error ("%s: loaded", cases[i].what);
      if (cases[i].code != 0)
        g_assert_error (error, INTERLEAVE_SCENARIO_ERROR, cases[i].code);
      else
        g_assert_error (error, INTERLEAVE_SCENARIO_ERROR, error->code);
      g_assert_true (g_str_has_prefix (error->message, "test.json"));
      if (strstr (error->message, cases[i].expected) == NULL)
        g_error ("%s: “%s” does not contain “%s”", cases[i].what, error->message, cases[i].expected);
    }
}

static void
test_load_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InterleaveScenario) s = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-scenario-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "lesson.json", NULL);

  g_assert_no_error (error);

  s = interleave_scenario_load_file ("/nonexistent/lesson.json", &error);
  g_assert_null (s);
  g_assert_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_READ);
  g_assert_true (g_str_has_prefix (error->message, "Could not read “/nonexistent/lesson.json”: "));
  g_clear_error (&error);

  s = interleave_scenario_load_file (dir, &error);
  g_assert_null (s);
  g_assert_cmpstr (strstr (error->message, ": is a folder"), ==, ": is a folder, not a scenario file");
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{ \"machine\": { \"cores\": \"two\" } }", -1, &error));
  s = interleave_scenario_load_file (path, &error);
  g_assert_null (s);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "machine.cores: expected a whole number, got “two”"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{ \"title\": \"Lesson\", " WORKLOAD ", \"architectures\": [ { \"preset\": \"asyncio\" } ] }", -1, &error));
  s = interleave_scenario_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->title, ==, "Lesson");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_copy_validate (void)
{
  g_autoptr(InterleaveScenario) s = load ("{ \"title\": \"t\", " WORKLOAD ", \"architectures\": [ { \"preset\": \"node\", \"name\": \"N\" } ] }");
  g_autoptr(InterleaveScenario) copy = interleave_scenario_copy (s);
  g_autoptr(GError) error = NULL;

  g_assert_true (copy->classes != s->classes);
  g_assert_cmpstr (copy->title, ==, "t");
  g_assert_cmpstr (copy->classes[0].name, ==, "api");
  g_assert_cmpstr (copy->architectures[0].name, ==, "N");
  g_assert_cmpstr (copy->architectures[0].preset, ==, "node");
  g_assert_true (interleave_scenario_validate (copy, &error));
  g_assert_no_error (error);

  /* A UI edit that breaks a limit is caught before simulating. */
  copy->cores = 0;
  g_assert_false (interleave_scenario_validate (copy, &error));
  g_assert_error (error, INTERLEAVE_SCENARIO_ERROR, INTERLEAVE_SCENARIO_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "machine.cores:"));
  g_clear_error (&error);
  copy->cores = 2;

  copy->architectures[0].workers = 100000;
  g_assert_false (interleave_scenario_validate (copy, &error));
  g_assert_true (g_str_has_prefix (error->message, "architectures[0]:"));
  g_clear_error (&error);
  copy->architectures[0].workers = 1;

  copy->arrivals.rate = -1;
  g_assert_false (interleave_scenario_validate (copy, &error));
  g_assert_true (g_str_has_prefix (error->message, "workload.arrivals.rate:"));
}

/* Every scenario shipped in data/scenarios loads, with a title and a
 * description a teacher can read. */
static void
test_shipped (void)
{
  const char *source = g_getenv ("INTERLEAVE_SOURCE_DIR");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n = 0, myths = 0;

  g_assert_nonnull (source);
  dir_path = g_build_filename (source, "data", "scenarios", NULL);
  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(InterleaveScenario) s = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      s = interleave_scenario_load_file (path, &error);
      g_assert_no_error (error);
      g_test_message ("%s: “%s”, %u architectures", name, s->title, s->n_architectures);
      g_assert_cmpuint (strlen (s->title), >, 5);
      g_assert_cmpuint (strlen (s->description), >, 40);
      g_assert_false (g_str_has_suffix (s->title, ".json"));
      n++;
      myths += g_str_has_prefix (name, "myth-");
    }

  /* Seven presets and seven myth checks at least. */
  g_assert_cmpuint (myths, >=, 7);
  g_assert_cmpuint (n, >=, 14);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario/time-parse", test_time_parse);
  g_test_add_func ("/scenario/defaults", test_defaults);
  g_test_add_func ("/scenario/design-example", test_full_example);
  g_test_add_func ("/scenario/presets", test_presets);
  g_test_add_func ("/scenario/preset-overrides", test_preset_overrides);
  g_test_add_func ("/scenario/class-arrivals", test_class_arrivals);
  g_test_add_func ("/scenario/plan-objects", test_plan_objects);
  g_test_add_func ("/scenario/broken", test_broken);
  g_test_add_func ("/scenario/broken-position", test_broken_position);
  g_test_add_func ("/scenario/broken-huge", test_broken_huge);
  g_test_add_func ("/scenario/absurd", test_absurd);
  g_test_add_func ("/scenario/load-file", test_load_file);
  g_test_add_func ("/scenario/copy-validate", test_copy_validate);
  g_test_add_func ("/scenario/shipped", test_shipped);

  return g_test_run ();
}
