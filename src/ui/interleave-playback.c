/* interleave-playback.c
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

#include <math.h>

#include "interleave-playback.h"

/* The playhead and how it moves: playing at a speed (simulated time per
 * real time, 0.01×–100×), stepping from event to event, never past what
 * has been simulated so far (a streaming run), stopping at the end. The
 * page drives it from the widget's frame clock; the tests drive it by
 * hand. */

struct _InterleavePlayback
{
  GObject parent_instance;

  gint64  playhead;
  gint64  duration;
  gint64  limit;
  double  speed;
  double  carry;     /* sub-nanosecond remainder at slow speeds */
  guint   playing : 1;
};

enum {
  PROP_0,
  PROP_PLAYHEAD,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_DURATION,
  PROP_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InterleavePlayback, interleave_playback, G_TYPE_OBJECT)

/* The speeds [ and ] step through. */
static const double speeds[] = {
  0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100,
};

InterleavePlayback *
interleave_playback_new (void)
{
  return g_object_new (INTERLEAVE_TYPE_PLAYBACK, NULL);
}

gint64
interleave_playback_get_playhead (InterleavePlayback *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_PLAYBACK (self), 0);

  return self->playhead;
}

static gint64
max_playhead (InterleavePlayback *self)
{
  return MIN (self->duration, self->limit);
}

/**
 * interleave_playback_set_playhead:
 *
 * Moves the playhead (the scrubber), within what has been simulated.
 */
void
interleave_playback_set_playhead (InterleavePlayback *self,
                                  gint64              playhead)
{
  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  playhead = CLAMP (playhead, 0, MAX (0, max_playhead (self)));
  self->carry = 0;
  if (playhead == self->playhead)
    return;

  self->playhead = playhead;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYHEAD]);
}

gboolean
interleave_playback_get_playing (InterleavePlayback *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_PLAYBACK (self), FALSE);

  return self->playing;
}

void
interleave_playback_set_playing (InterleavePlayback *self,
                                 gboolean            playing)
{
  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  playing = !!playing;
  if (playing == self->playing)
    return;

  /* Play at the end starts again from the beginning. */
  if (playing && self->duration > 0 && self->playhead >= self->duration)
    interleave_playback_set_playhead (self, 0);

  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

void
interleave_playback_toggle (InterleavePlayback *self)
{
  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  interleave_playback_set_playing (self, !self->playing);
}

double
interleave_playback_get_speed (InterleavePlayback *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_PLAYBACK (self), 1.0);

  return self->speed;
}

/**
 * interleave_playback_set_speed:
 * @speed: simulated seconds per real second, 0.01 … 100
 */
void
interleave_playback_set_speed (InterleavePlayback *self,
                               double              speed)
{
  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  if (!isfinite (speed))
    return;
  speed = CLAMP (speed, INTERLEAVE_PLAYBACK_MIN_SPEED, INTERLEAVE_PLAYBACK_MAX_SPEED);
  if (speed == self->speed)
    return;

  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

/**
 * interleave_playback_faster:
 *
 * The next speed up in 1, 2, 5 steps (the ] key).
 */
void
interleave_playback_faster (InterleavePlayback *self)
{
  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i] > self->speed * 1.0001)
      {
        interleave_playback_set_speed (self, speeds[i]);
        return;
      }
}

/**
 * interleave_playback_slower:
 *
 * The next speed down (the [ key).
 */
void
interleave_playback_slower (InterleavePlayback *self)
{
  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  for (guint i = G_N_ELEMENTS (speeds); i > 0; i--)
    if (speeds[i - 1] < self->speed * 0.9999)
      {
        interleave_playback_set_speed (self, speeds[i - 1]);
        return;
      }
}

gint64
interleave_playback_get_duration (InterleavePlayback *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_PLAYBACK (self), 0);

  return self->duration;
}

void
interleave_playback_set_duration (InterleavePlayback *self,
                                  gint64              duration)
{
  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  duration = MAX (0, duration);
  if (duration == self->duration)
    return;

  self->duration = duration;
  if (self->playhead > duration)
    interleave_playback_set_playhead (self, duration);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

gint64
interleave_playback_get_limit (InterleavePlayback *self)
{
  g_return_val_if_fail (INTERLEAVE_IS_PLAYBACK (self), 0);

  return self->limit;
}

/**
 * interleave_playback_set_limit:
 * @limit: ns simulated so far: playback waits there for more
 */
void
interleave_playback_set_limit (InterleavePlayback *self,
                               gint64              limit)
{
  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  limit = MAX (0, limit);
  if (limit == self->limit)
    return;

  self->limit = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

/**
 * interleave_playback_advance:
 * @elapsed_us: real time since the previous frame
 *
 * When playing, moves the playhead by @elapsed_us × speed; waits at the
 * limit of a run still streaming; stops at the end.
 */
void
interleave_playback_advance (InterleavePlayback *self,
                             gint64              elapsed_us)
{
  double step;
  gint64 whole;

  g_return_if_fail (INTERLEAVE_IS_PLAYBACK (self));

  if (!self->playing || elapsed_us <= 0)
    return;

  /* A frame that took very long (the window was hidden) is not a jump. */
  elapsed_us = MIN (elapsed_us, 250000);

  step = elapsed_us * 1000.0 * self->speed + self->carry;
  whole = (gint64) floor (step);

  if (self->playhead + whole >= self->duration && self->duration <= self->limit)
    {
      interleave_playback_set_playhead (self, self->duration);
      interleave_playback_set_playing (self, FALSE);
      return;
    }

  interleave_playback_set_playhead (self, self->playhead + whole);
  self->carry = step - whole;
}

/**
 * interleave_playback_find_event:
 * @traces: (array length=n_traces): traces
 * @time: ns
 * @direction: > 0 for the next event, < 0 for the previous one
 *
 * An event is a span starting or ending on any lane.
 *
 * Returns: the time of the nearest event strictly after (or before)
 *   @time, or -1 when there is none
 */
gint64
interleave_playback_find_event (const InterleaveTrace * const *traces,
                                guint                          n_traces,
                                gint64                         time,
                                int                            direction)
{
  gint64 best = -1;

  for (guint t = 0; t < n_traces; t++)
    for (guint l = 0; l < traces[t]->lanes->len; l++)
      {
        const InterleaveLane *lane = g_ptr_array_index (traces[t]->lanes, l);
        const InterleaveSpan *spans = (const InterleaveSpan *) (gpointer) lane->spans->data;
        guint n = lane->spans->len;
        gint64 candidate = -1;

        if (n == 0)
          continue;

        if (direction > 0)
          {
            guint i = interleave_lane_first_span_after (lane, time);

            if (i < n)
              candidate = spans[i].start > time ? spans[i].start : spans[i].end;
            if (candidate >= 0 && (best < 0 || candidate < best))
              best = candidate;
          }
        else
          {
            /* The first span ending at or after time: its start, if before
             * time, else the end of the one before it. */
            guint i = interleave_lane_first_span_after (lane, time - 1);

            if (i < n && spans[i].start < time)
              candidate = spans[i].start;
            else if (i > 0)
              candidate = spans[i - 1].end;
            if (candidate >= 0 && candidate > best)
              best = candidate;
          }
      }

  return best;
}

/**
 * interleave_playback_step:
 * @direction: > 0 forward (→), < 0 back (←)
 *
 * Pauses and moves the playhead to the next (previous) event.
 *
 * Returns: whether there was one
 */
gboolean
interleave_playback_step (InterleavePlayback            *self,
                          const InterleaveTrace * const *traces,
                          guint                          n_traces,
                          int                            direction)
{
  gint64 event;

  g_return_val_if_fail (INTERLEAVE_IS_PLAYBACK (self), FALSE);

  interleave_playback_set_playing (self, FALSE);
  event = interleave_playback_find_event (traces, n_traces, self->playhead, direction);
  if (event < 0 || event > max_playhead (self))
    return FALSE;

  interleave_playback_set_playhead (self, event);
  return TRUE;
}

static void
interleave_playback_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InterleavePlayback *self = INTERLEAVE_PLAYBACK (object);

  switch (prop_id)
    {
    case PROP_PLAYHEAD:
      g_value_set_int64 (value, self->playhead);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_LIMIT:
      g_value_set_int64 (value, self->limit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_playback_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  InterleavePlayback *self = INTERLEAVE_PLAYBACK (object);

  switch (prop_id)
    {
    case PROP_PLAYHEAD:
      interleave_playback_set_playhead (self, g_value_get_int64 (value));
      break;
    case PROP_PLAYING:
      interleave_playback_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      interleave_playback_set_speed (self, g_value_get_double (value));
      break;
    case PROP_DURATION:
      interleave_playback_set_duration (self, g_value_get_int64 (value));
      break;
    case PROP_LIMIT:
      interleave_playback_set_limit (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
interleave_playback_class_init (InterleavePlaybackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = interleave_playback_get_property;
  object_class->set_property = interleave_playback_set_property;

  properties[PROP_PLAYHEAD] =
    g_param_spec_int64 ("playhead", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL,
                         INTERLEAVE_PLAYBACK_MIN_SPEED, INTERLEAVE_PLAYBACK_MAX_SPEED, 0.1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIMIT] =
    g_param_spec_int64 ("limit", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
interleave_playback_init (InterleavePlayback *self)
{
  self->speed = 0.1;
}
