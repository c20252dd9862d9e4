/* test-server-timing.c
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

#include "interleave-live-record-private.h"
#include "interleave-server-timing.h"

#define MS_NS G_GINT64_CONSTANT (1000000)

static void
test_server_timing_contract (void)
{
  g_autoptr(InterleaveServerTiming) timing = NULL;
  g_autoptr(GError) error = NULL;
  const InterleaveServerTimingEntry *app;

  timing = interleave_server_timing_parse (
    "cpu;dur=5.012;start=81234.567;pid=4242;tid=4243, "
    "io;dur=20.104;start=81239.600;pid=4242;tid=4243, "
    "app;dur=25.3;start=81234.5;pid=4242;tid=4243", &error);
  g_assert_no_error (error);
  g_assert_nonnull (timing);
  g_assert_cmpuint (timing->n_entries, ==, 3);

  g_assert_cmpstr (timing->entries[0].name, ==, "cpu");
  g_assert_cmpfloat_with_epsilon (timing->entries[0].dur_ms, 5.012, 1e-9);
  g_assert_cmpfloat_with_epsilon (timing->entries[0].start_ms, 81234.567, 1e-9);
  g_assert_cmpint (timing->entries[0].pid, ==, 4242);
  g_assert_cmpint (timing->entries[0].tid, ==, 4243);
  g_assert_cmpstr (timing->entries[1].name, ==, "io");
  g_assert_cmpfloat_with_epsilon (timing->entries[1].dur_ms, 20.104, 1e-9);

  app = interleave_server_timing_lookup (timing, "app");
  g_assert_nonnull (app);
  g_assert_cmpfloat_with_epsilon (app->dur_ms, 25.3, 1e-9);
  g_assert_null (interleave_server_timing_lookup (timing, "native"));
  g_assert_null (app->description);
}

/* Valid headers, RFC 9110 tokens and quoted strings, extra parameters. */
static void
test_server_timing_valid (void)
{
  static const struct {
    const char *header;
    guint n_entries;
    const char *first_name;
    double first_dur;      /* NAN = absent */
    gint64 first_tid;      /* -1 = absent */
    const char *first_desc;
  } cases[] = {
    { "", 0, NULL, NAN, -1, NULL },
    { "   ", 0, NULL, NAN, -1, NULL },
    { ",, ,", 0, NULL, NAN, -1, NULL },
    { "miss", 1, "miss", NAN, -1, NULL },
    { "db;dur=53", 1, "db", 53, -1, NULL },
    { "db ; dur = 53 ; tid = 7", 1, "db", 53, 7, NULL },
    { "db;dur=\"53.5\"", 1, "db", 53.5, -1, NULL },
    { "cache;desc=\"Cache Read\";dur=23.2", 1, "cache", 23.2, -1, "Cache Read" },
    { "cache;desc=\"say \\\"hi\\\"\"", 1, "cache", NAN, -1, "say \"hi\"" },
    { "cache;desc=hit", 1, "cache", NAN, -1, "hit" },
    { "x;DUR=1;Dur=2", 1, "x", 1, -1, NULL },              /* first wins, any case */
    { "x;dur=1;foo=bar;baz=\"q u x\";flag", 1, "x", 1, -1, NULL },
    { "x;dur=1e1", 1, "x", 10, -1, NULL },
    { "a;dur=1, b;dur=2, c;dur=3", 3, "a", 1, -1, NULL },
    { "a;dur=1,b;dur=2", 2, "a", 1, -1, NULL },
    { "cpu;tid=0", 1, "cpu", NAN, 0, NULL },              /* unknown pool thread */
    { "!#$%&'*+-.^_`|~09azAZ;dur=0", 1, "!#$%&'*+-.^_`|~09azAZ", 0, -1, NULL },
    { "\tcpu;dur=1\t", 1, "cpu", 1, -1, NULL },
    { "utf;desc=\"caf\xc3\xa9\"", 1, "utf", NAN, -1, "caf\xc3\xa9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InterleaveServerTiming) timing = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("valid: %s", cases[i].header);
      timing = interleave_server_timing_parse (cases[i].header, &error);
      g_assert_no_error (error);
      g_assert_nonnull (timing);
      g_assert_cmpuint (timing->n_entries, ==, cases[i].n_entries);

      if (cases[i].n_entries == 0)
        continue;

      g_assert_cmpstr (timing->entries[0].name, ==, cases[i].first_name);
      if (isnan (cases[i].first_dur))
        g_assert_true (isnan (timing->entries[0].dur_ms));
      else
        g_assert_cmpfloat_with_epsilon (timing->entries[0].dur_ms, cases[i].first_dur, 1e-9);
      g_assert_cmpint (timing->entries[0].tid, ==, cases[i].first_tid);
      g_assert_cmpstr (timing->entries[0].description, ==, cases[i].first_desc);
    }
}

/* Garbage gives an error naming what is wrong and where, never a crash. */
static void
test_server_timing_invalid (void)
{
  static const struct {
    const char *header;
    int code;
    const char *in_message;
  } cases[] = {
    { ";dur=1", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 1" },
    { "cpu;", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 5" },
    { "cpu;=1", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 5" },
    { "cpu;dur=", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 9" },
    { "cpu;dur=\"5", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 11" },
    { "cpu dur=5", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 5" },
    { "cpu;dur=5 6", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 11" },
    { "cp(u;dur=5", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 3" },
    { "cpu;desc=\"a\x01\"", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 12" },
    { "cpu;desc=\"a\\\x01\"", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 13" },
    { "caf\xc3\xa9;dur=1", INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX, "position 4" },
    { "cpu;dur=abc", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "dur=“abc”" },
    { "cpu;dur=-5", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "dur=" },
    { "cpu;dur=inf", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "dur=" },
    { "cpu;dur=nan", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "dur=" },
    { "cpu;dur=0x10", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "dur=" },
    { "cpu;dur=1e999", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "dur=" },
    { "cpu;dur=1.2.3", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "dur=" },
    { "cpu;start=yesterday", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "start=" },
    { "cpu;pid=-1", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "pid=" },
    { "cpu;pid=12a", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "pid=" },
    { "cpu;tid=1.5", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "tid=" },
    { "cpu;tid=99999999999999999999999", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "tid=" },
    { "cpu;pid=\"\"", INTERLEAVE_SERVER_TIMING_ERROR_VALUE, "pid=" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InterleaveServerTiming) timing = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = g_strescape (cases[i].header, NULL);

      g_test_message ("invalid: %s", shown);
      timing = interleave_server_timing_parse (cases[i].header, &error);
      g_assert_null (timing);
      g_assert_error (error, INTERLEAVE_SERVER_TIMING_ERROR, cases[i].code);
      g_test_message ("  → %s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
    }
}

static void
test_server_timing_limits (void)
{
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GString) long_header = g_string_new ("x;desc=\"");
  g_autoptr(InterleaveServerTiming) timing = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i <= INTERLEAVE_SERVER_TIMING_MAX_ENTRIES; i++)
    g_string_append_printf (many, "%sm%u;dur=1", i ? "," : "", i);
  timing = interleave_server_timing_parse (many->str, &error);
  g_assert_null (timing);
  g_assert_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX);
  g_clear_error (&error);

  while (long_header->len <= INTERLEAVE_SERVER_TIMING_MAX_LENGTH)
    g_string_append (long_header, "aaaaaaaaaaaaaaaa");
  g_string_append_c (long_header, '"');
  timing = interleave_server_timing_parse (long_header->str, &error);
  g_assert_null (timing);
  g_assert_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_SYNTAX);
}

/* Random bytes and mutations of a valid header never crash, and every
 * failure comes with a valid UTF-8 message. */
static void
test_server_timing_fuzz (void)
{
  static const char seed[] = "cpu;dur=5.012;start=81234.567;pid=4242;tid=4243, app;desc=\"a \\\"b\\\"\";dur=1";
  static const char alphabet[] = "cpu;dur=,\" \t\\=;,.0123456789e-+abc\x01\x7f\xc3\xa9()";

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(InterleaveServerTiming) timing = NULL;
      g_autoptr(GError) error = NULL;
      char buffer[sizeof seed + 8];
      gsize len = sizeof seed - 1;

      memcpy (buffer, seed, sizeof seed);

      if (round % 2 == 0)
        {
          guint n = g_test_rand_int_range (1, 6);

          for (guint k = 0; k < n; k++)
            buffer[g_test_rand_int_range (0, len)] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
        }
      else
        {
          len = g_test_rand_int_range (0, sizeof buffer - 1);
          for (gsize k = 0; k < len; k++)
            buffer[k] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
        }
      buffer[len] = '\0';

      timing = interleave_server_timing_parse (buffer, &error);
      g_assert_true ((timing == NULL) != (error == NULL));
      if (error != NULL)
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
      else
        for (guint k = 0; k < timing->n_entries; k++)
          g_assert_true (timing->entries[k].name[0] != '\0');
    }
}

/* Plans come from the shared plan parser; the timing must follow them. */
static void
test_server_timing_plan (void)
{
  static const struct {
    const char *plan;
    const char *header;
    gboolean ok;
  } cases[] = {
    { "cpu:5,io:20", "cpu;dur=5;start=1, io;dur=20;start=6, app;dur=25;start=1", TRUE },
    { "cpu:5,io:20", "app;dur=25;start=1, cpu;dur=5;start=1, io;dur=20;start=6", TRUE },
    { "cpu:5,io:20,native:3", "cpu;dur=5;start=1,io;dur=20;start=6,native;dur=3;start=26,app;dur=28", TRUE },
    { "", "app;dur=0.1;start=5", TRUE },
    { "", "", TRUE },
    { "cpu:5,io:20", "io;dur=20;start=1, cpu;dur=5;start=21", FALSE },
    { "cpu:5,io:20", "cpu;dur=5;start=1", FALSE },
    { "cpu:5", "cpu;dur=5;start=1, cpu;dur=5;start=6", FALSE },
    { "cpu:5", "cpu;start=1", FALSE },
    { "cpu:5", "cpu;dur=5", FALSE },
    { "cpu:5", "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InterleaveServerTiming) timing = NULL;
      g_autoptr(GError) error = NULL;
      InterleavePlan plan;

      g_test_message ("plan %s, header %s", cases[i].plan, cases[i].header);
      g_assert_true (interleave_plan_parse (cases[i].plan, &plan, &error));
      timing = interleave_server_timing_parse (cases[i].header, &error);
      g_assert_no_error (error);

      if (cases[i].ok)
        {
          g_assert_true (interleave_server_timing_check_plan (timing, &plan, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_assert_false (interleave_server_timing_check_plan (timing, &plan, &error));
          g_assert_error (error, INTERLEAVE_SERVER_TIMING_ERROR, INTERLEAVE_SERVER_TIMING_ERROR_PLAN);
          g_test_message ("  → %s", error->message);
        }
    }
}

/* Plan strings as the CLI passes them; bad ones are reported by the
 * shared parser with their position. */
static void
test_server_timing_plan_strings (void)
{
  static const struct {
    const char *text;
    gboolean ok;
  } cases[] = {
    { "cpu:5,io:20", TRUE },
    { "cpu:5, io:20, native:3", TRUE },
    { "", TRUE },
    { "cpu", FALSE },
    { "gpu:5", FALSE },
    { "cpu:-1", FALSE },
    { "cpu:5;io:2", FALSE },
    { "cpu:99999999", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      InterleavePlan plan;

      g_assert_cmpint (interleave_plan_parse (cases[i].text, &plan, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, cases[i].text));
        }
    }
}

/* A response becomes a record (the load generator's handling, without a
 * socket): phases on the run's timeline, errors by status, and numbers
 * no clock can have refused instead of overflowing. */
static void
test_server_timing_response (void)
{
  static const struct {
    guint       status;
    const char *header;
    guint8      error;
    gboolean    timing_ok;
    const char *problem;
  } cases[] = {
    { 200, "cpu;dur=5;start=1001;pid=7;tid=8, io;dur=20;start=1006;pid=7;tid=8, app;dur=25;start=1001;pid=7;tid=8",
      INTERLEAVE_LIVE_ERROR_NONE, TRUE, NULL },
    { 200, NULL, INTERLEAVE_LIVE_ERROR_NONE, FALSE, "no Server-Timing header" },
    { 200, "cpu;dur=5;start=1001", INTERLEAVE_LIVE_ERROR_NONE, FALSE, "wrong number of phases" },
    { 200, "cpu;dur=5;start=1e300, io;dur=20;start=1006", INTERLEAVE_LIVE_ERROR_NONE, FALSE, "outside the request" },
    { 200, "cpu;dur=1e300;start=1001, io;dur=20;start=1006", INTERLEAVE_LIVE_ERROR_NONE, FALSE, "outside the request" },
    { 200, "cpu;dur=9000000000000;start=1001, io;dur=9000000000000;start=1006", INTERLEAVE_LIVE_ERROR_NONE, FALSE, "outside the request" },
    { 200, "cpu;dur=5;start=1001, io;dur=20;start=1006, app;dur=1e300;start=1e300;pid=99999999999",
      INTERLEAVE_LIVE_ERROR_NONE, TRUE, NULL },
    { 404, "garbage", INTERLEAVE_LIVE_ERROR_HTTP_4XX, FALSE, NULL },
    { 503, NULL, INTERLEAVE_LIVE_ERROR_HTTP_5XX, FALSE, NULL },
    { 101, NULL, INTERLEAVE_LIVE_ERROR_IO, FALSE, NULL },
  };
  InterleavePlan plan;
  const gint64 t0 = 1000 * MS_NS;

  g_assert_true (interleave_plan_parse ("cpu:5,io:20", &plan, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      InterleaveLiveRecord record = { .pid = -1, .tid = -1, .handler_start = -1,
                                      .intended = 0, .sent = 1 * MS_NS, .done = 40 * MS_NS };
      g_autofree char *problem = NULL;

      problem = _interleave_live_record_read_response (&record, &plan, t0, cases[i].status,
                                                       G_MAXUINT64, cases[i].header);
      g_test_message ("case %u: %s", i, problem ? problem : "(no problem)");
      g_assert_cmpuint (record.status, ==, cases[i].status);
      g_assert_cmpuint (record.bytes, ==, G_MAXUINT32);
      g_assert_cmpuint (record.error, ==, cases[i].error);
      g_assert_cmpint (record.timing_ok, ==, cases[i].timing_ok);
      if (cases[i].problem == NULL)
        g_assert_null (problem);
      else
        g_assert_nonnull (strstr (problem, cases[i].problem));
    }

  /* The first case, on the run's timeline. */
  {
    InterleaveLiveRecord record = { .pid = -1, .tid = -1, .handler_start = -1, .done = 40 * MS_NS };
    g_autofree char *problem = NULL;

    problem = _interleave_live_record_read_response (&record, &plan, t0, 200, 0, cases[0].header);
    g_assert_null (problem);
    g_assert_cmpuint (record.n_phases, ==, 2);
    g_assert_cmpint (record.phases[0].start, ==, 1 * MS_NS);
    g_assert_cmpint (record.phases[0].dur, ==, 5 * MS_NS);
    g_assert_cmpint (record.phases[1].start, ==, 6 * MS_NS);
    g_assert_cmpint (record.phases[1].kind, ==, INTERLEAVE_PHASE_IO);
    g_assert_cmpint (record.pid, ==, 7);
    g_assert_cmpint (record.tid, ==, 8);
    g_assert_cmpint (record.handler_start, ==, 1 * MS_NS);
    g_assert_cmpint (record.handler_dur, ==, 25 * MS_NS);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-timing/contract", test_server_timing_contract);
  g_test_add_func ("/server-timing/valid", test_server_timing_valid);
  g_test_add_func ("/server-timing/invalid", test_server_timing_invalid);
  g_test_add_func ("/server-timing/limits", test_server_timing_limits);
  g_test_add_func ("/server-timing/fuzz", test_server_timing_fuzz);
  g_test_add_func ("/server-timing/plan", test_server_timing_plan);
  g_test_add_func ("/server-timing/plan-strings", test_server_timing_plan_strings);
  g_test_add_func ("/server-timing/response", test_server_timing_response);

  return g_test_run ();
}
