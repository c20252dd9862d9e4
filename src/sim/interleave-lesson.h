/* interleave-lesson.h
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

#pragma once

#include <glib.h>

#include "interleave-scenario.h"
#include "interleave-summary.h"
#include "interleave-trace.h"

G_BEGIN_DECLS

/* A lesson is a guided myth check: a claim from popular articles, a
 * question, an optional predict-then-reveal prompt and a sequence of steps,
 * each showing a scenario on the timeline with a caption. The file format
 * (JSON, format 1) is documented in docs/lessons.md; teachers write it by
 * hand, so every mistake gets a message naming the file and the place.
 * Plain data and functions; no GObject. */

#define INTERLEAVE_LESSON_ERROR (interleave_lesson_error_quark ())

typedef enum
{
  INTERLEAVE_LESSON_ERROR_SYNTAX,     /* not JSON: file:line:column */
  INTERLEAVE_LESSON_ERROR_INVALID,    /* JSON, but not a lesson: file: path */
  INTERLEAVE_LESSON_ERROR_LIMIT,      /* too big, too long, too deep */
  INTERLEAVE_LESSON_ERROR_VERSION,    /* a newer format than this build reads */
  INTERLEAVE_LESSON_ERROR_SCENARIO,   /* a referenced scenario is missing or wrong */
} InterleaveLessonError;

#define INTERLEAVE_LESSON_FORMAT          1
#define INTERLEAVE_LESSON_MAX_FILE_SIZE   (1024 * 1024)
#define INTERLEAVE_LESSON_MAX_DEPTH       32
#define INTERLEAVE_LESSON_MAX_STEPS       50
#define INTERLEAVE_LESSON_MAX_CHOICES     6
#define INTERLEAVE_LESSON_MAX_STEP_ARCHITECTURES 4
#define INTERLEAVE_LESSON_MAX_SCENARIOS   20
#define INTERLEAVE_LESSON_MAX_LANGUAGES   64
#define INTERLEAVE_LESSON_MAX_WORKERS     64
#define INTERLEAVE_LESSON_MAX_LIVE_NS     (G_GINT64_CONSTANT (60) * 1000000000)
#define INTERLEAVE_LESSON_MIN_LIVE_NS     (G_GINT64_CONSTANT (100) * 1000000)
#define INTERLEAVE_LESSON_MAX_RATE        20000.0
#define INTERLEAVE_LESSON_MAX_CLIENTS     2000
#define INTERLEAVE_LESSON_MAX_CONNECTIONS 2000

/* A user-visible text: one plain string (the same in every language), or
 * translations keyed by language ("en", "de", "pt_BR"). */
typedef struct
{
  char *lang;   /* normalised: "de", "pt_BR", "sr@latin"; NULL for a plain string */
  char *text;
} InterleaveLessonTranslation;

typedef struct
{
  guint                        n_translations;
  InterleaveLessonTranslation *translations;
} InterleaveLessonText;

typedef enum
{
  INTERLEAVE_LESSON_HIGHLIGHT_NONE,
  INTERLEAVE_LESSON_HIGHLIGHT_REQUEST,     /* a request id */
  INTERLEAVE_LESSON_HIGHLIGHT_SLOWEST,
  INTERLEAVE_LESSON_HIGHLIGHT_FASTEST,
  INTERLEAVE_LESSON_HIGHLIGHT_PERCENTILE,  /* "p99": nearest rank by latency */
} InterleaveLessonHighlightKind;

typedef struct
{
  InterleaveLessonHighlightKind  kind;
  guint32                        request;     /* REQUEST */
  double                         percentile;  /* PERCENTILE: 0 < p ≤ 100 */
  char                          *klass;       /* only requests of this class, or NULL */
} InterleaveLessonHighlight;

/* Every time is in ns; -1 when the file does not set it. */
typedef struct
{
  gint64                     from;
  gint64                     to;
  gint64                     width;
  gint64                     playhead;
  guint                      lane_kinds;  /* bit (1 << InterleaveLaneKind) per kind shown */
  guint                      workers;     /* show the first N workers; 0 = all */
  InterleaveLessonHighlight  highlight;
} InterleaveLessonView;

/* What a view shows once the trace it applies to is known. */
typedef struct
{
  gint64  from;
  gint64  to;
  gint64  playhead;
  guint32 request;    /* the highlighted request, or INTERLEAVE_NO_REQUEST */
} InterleaveLessonRange;

typedef enum
{
  INTERLEAVE_LESSON_RUNTIME_NODE,
  INTERLEAVE_LESSON_RUNTIME_PYTHON,
} InterleaveLessonRuntime;

/* A live check: run the real server and show predicted vs measured. */
typedef struct
{
  char                    *preset;       /* "node:cluster:2", as in `interleave measure --server` */
  InterleaveLessonRuntime  runtime;
  char                    *mode;         /* "eventloop", "cluster", "threaded", "prefork", "asyncio" */
  guint                    workers;      /* cluster / prefork: K, 0 = one per core; otherwise 1 */
  char                    *plan;         /* canonical plan text, e.g. "cpu:5,io:20" */
  double                   rate;         /* open loop: requests per second, or 0 */
  guint                    clients;      /* closed loop: clients, or 0 */
  gint64                   think;        /* closed loop: think time, ns */
  guint                    connections;  /* 0: the load generator's default */
  gint64                   duration;     /* ns */
  char                    *architecture; /* the simulated architecture compared with */
  InterleaveSummary       *recorded;     /* figures measured earlier, or NULL */
} InterleaveLessonLive;

typedef struct
{
  InterleaveLessonText *is_true;
  InterleaveLessonText *is_false;
  InterleaveLessonText *why;
} InterleaveLessonVerdict;

typedef struct
{
  char                    *scenario;       /* as written; inherited from the step before */
  char                   **architectures;  /* names to show; NULL = all of the scenario's */
  InterleaveLessonView     view;
  InterleaveLessonText    *caption;
  InterleaveLessonText    *notes;          /* presenter notes, or NULL */
  InterleaveLessonLive    *live;           /* or NULL */
  InterleaveLessonVerdict *verdict;        /* the last step only */
} InterleaveLessonStep;

typedef struct
{
  char                 *id;
  InterleaveLessonText *text;
} InterleaveLessonChoice;

typedef struct
{
  guint                   step;         /* asked before this step runs */
  InterleaveLessonText   *prompt;
  guint                   n_choices;
  InterleaveLessonChoice *choices;
  guint                   answer;       /* index into choices */
  InterleaveLessonText   *explanation;  /* shown with the answer, or NULL */
} InterleaveLessonPredict;

typedef struct
{
  char                    *file;        /* where it was loaded from, or NULL */
  char                    *display_name;/* used in messages */
  char                    *base_dir;    /* scenarios are looked up here first; or NULL */
  char                    *id;
  InterleaveLessonText    *title;
  InterleaveLessonText    *claim;
  InterleaveLessonText    *question;
  guint                    minutes;
  InterleaveLessonPredict *predict;     /* or NULL */
  GHashTable              *scenarios;   /* name → scenario JSON text (inline) */
  GPtrArray               *steps;       /* InterleaveLessonStep */
} InterleaveLesson;

GQuark                 interleave_lesson_error_quark        (void);

InterleaveLesson      *interleave_lesson_new_from_file      (const char                 *path,
                                                             GError                    **error);
InterleaveLesson      *interleave_lesson_new_from_data      (const char                 *data,
                                                             gssize                      length,
                                                             const char                 *display_name,
                                                             const char                 *base_dir,
                                                             GError                    **error);
void                   interleave_lesson_free               (InterleaveLesson           *lesson);

guint                  interleave_lesson_get_n_steps        (const InterleaveLesson     *lesson);
const InterleaveLessonStep *
                       interleave_lesson_get_step           (const InterleaveLesson     *lesson,
                                                             guint                       index);

const char            *interleave_lesson_get_inline_scenario (const InterleaveLesson    *lesson,
                                                             const char                 *name);
char                  *interleave_lesson_find_scenario_file (const InterleaveLesson     *lesson,
                                                             const char                 *name,
                                                             GError                    **error);
gboolean               interleave_lesson_check_scenarios    (const InterleaveLesson     *lesson,
                                                             GError                    **error);
InterleaveScenario    *interleave_lesson_load_step_scenario (const InterleaveLesson     *lesson,
                                                             guint                       index,
                                                             GError                    **error);

const char            *interleave_lesson_text_get           (const InterleaveLessonText *text);
const char            *interleave_lesson_text_get_for       (const InterleaveLessonText *text,
                                                             const char * const         *languages);
gboolean               interleave_lesson_text_has_language  (const InterleaveLessonText *text,
                                                             const char                 *lang);

gboolean               interleave_lesson_view_shows_lane    (const InterleaveLessonView *view,
                                                             const InterleaveTrace      *trace,
                                                             guint                       lane);
guint32                interleave_lesson_highlight_find     (const InterleaveLessonHighlight *highlight,
                                                             const InterleaveTrace      *trace,
                                                             gint64                      from,
                                                             gint64                      to);
void                   interleave_lesson_view_resolve       (const InterleaveLessonView *view,
                                                             const InterleaveTrace      *trace,
                                                             InterleaveLessonRange      *range);

char                  *interleave_lesson_dup_shipped_dir    (void);
char                  *interleave_lesson_dup_scenario_dir   (void);
GPtrArray             *interleave_lesson_list_shipped       (GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InterleaveLesson, interleave_lesson_free)

G_END_DECLS
