# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Business-time arithmetic for SLA targets (pure Python, no Odoo).

The models read the work intervals of a calendar once per batch (Odoo's
``resource.calendar._work_intervals_batch``, which already removes the
holidays of ``resource.calendar.leaves`` and handles the calendar's time
zone) and hand them here as a list of ``(start, end)`` pairs of aware
datetimes.  This module never looks at a clock, a database or a time zone
database: it only adds and measures durations over those intervals.

Helpers are provided to build intervals from a weekly schedule for tests,
demos and the "calendar hours" mode (a single interval covering everything).

All durations are in seconds (floats) so that DST days count their real
length: a business day that contains the spring change still measures the
wall-clock hours a person works.
"""

from bisect import bisect_right
from datetime import UTC, datetime, timedelta
from operator import itemgetter

_START, _STOP = itemgetter(0), itemgetter(1)


def _check_aware(moment, what):
    if not isinstance(moment, datetime):
        raise TypeError(f"{what} must be a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
    return moment.astimezone(UTC)


def normalize(intervals):
    """Return ``intervals`` as sorted, merged, UTC ``(start, end)`` pairs.

    Empty or reversed intervals are dropped; overlapping or touching ones are
    merged so that a duration is never counted twice.
    """
    pairs = []
    for raw_start, raw_stop in intervals or ():
        start = _check_aware(raw_start, "interval start")
        stop = _check_aware(raw_stop, "interval end")
        if stop > start:
            pairs.append((start, stop))
    pairs.sort()
    merged = []
    for start, stop in pairs:
        if merged and start <= merged[-1][1]:
            if stop > merged[-1][1]:
                merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((start, stop))
    return merged


def subtract(intervals, holes):
    """Remove ``holes`` (pauses, holidays) from ``intervals``; both normalized."""
    return list(_without(normalize(intervals), normalize(holes)))


class WorkIntervals(tuple):
    """Normalized work intervals (sorted, merged, UTC), searched by bisection.

    Built once per calendar and range by :func:`prepare` (the models cache
    it per calendar and day range). :func:`add_duration` then starts at the
    interval around the clock's start instead of reading every interval,
    and :func:`elapsed` measures with running totals: a batch of clocks
    spread over a year costs a few steps per clock, not a year of intervals
    each. Immutable, so it can be shared by every clock of a batch.
    """

    def __new__(cls, pairs):
        work = super().__new__(cls, pairs)
        total, running = 0.0, [0.0]
        for start, stop in work:
            total += (stop - start).total_seconds()
            running.append(total)
        work.running = tuple(running)  # running[k]: seconds in the first k intervals
        return work

    def seconds_until(self, moment):
        """Work seconds from the first interval up to ``moment`` (UTC aware)."""
        k = bisect_right(self, moment, key=_START)  # the intervals starting at or before it
        if not k:
            return 0.0
        start, stop = self[k - 1]
        return self.running[k - 1] + (min(moment, stop) - start).total_seconds()

    def between(self, lo, hi):
        """Work seconds between two UTC aware instants."""
        return self.seconds_until(hi) - self.seconds_until(lo) if hi > lo else 0.0

    def after(self, moment):
        """The intervals that end after ``moment``."""
        return self[bisect_right(self, moment, key=_STOP) :]


def prepare(intervals):
    """``intervals`` as :class:`WorkIntervals` (normalized once; as is if it already is one)."""
    if isinstance(intervals, WorkIntervals):
        return intervals
    return WorkIntervals(normalize(intervals))


def _without(intervals, holes):
    """Lazily, normalized ``intervals`` minus normalized ``holes`` (both sorted)."""
    first = 0
    for start, stop in intervals:
        cursor = start
        while first < len(holes) and holes[first][1] <= cursor:
            first += 1  # holes that ended before this interval are behind every later one too
        for h_start, h_stop in holes[first:]:
            if h_start >= stop:
                break
            if h_start > cursor:
                yield (cursor, h_start)
            cursor = max(cursor, h_stop)
            if cursor >= stop:
                break
        if cursor < stop:
            yield (cursor, stop)


def add_duration(start, seconds, intervals, pauses=()):
    """Return the instant at which ``seconds`` of business time have elapsed.

    :param start: aware datetime the clock starts at
    :param seconds: the target, strictly positive (seconds)
    :param intervals: work intervals covering at least the answer (any
        ``(start, end)`` pairs, or :class:`WorkIntervals` to share them
        between many clocks)
    :param pauses: ``(start, end)`` pairs during which the clock is stopped;
        an open pause (``end`` is None) stops the clock for good: None is
        returned, as is the case when the intervals run out.
    :raises ValueError: on a zero or negative target
    """
    if seconds is None or seconds <= 0:
        raise ValueError(f"An SLA target must be a positive duration, got {seconds!r}")
    start = _check_aware(start, "start")
    open_pause = None
    closed = []
    for p_start, p_stop in pauses or ():
        if p_stop is None:
            aware = _check_aware(p_start, "pause start")
            open_pause = aware if open_pause is None else min(open_pause, aware)
        else:
            closed.append((p_start, p_stop))
    remaining = float(seconds)
    for interval_start, interval_stop in _without(prepare(intervals).after(start), normalize(closed)):
        lo = max(interval_start, start)
        stopped = open_pause is not None and open_pause < interval_stop
        hi = open_pause if stopped else interval_stop
        available = (hi - lo).total_seconds() if hi > lo else 0.0
        if available >= remaining:
            return lo + timedelta(seconds=remaining)
        if stopped:
            return None
        remaining -= available
    return None


def elapsed(start, stop, intervals, pauses=()):
    """Business seconds between ``start`` and ``stop``, pauses excluded.

    An open pause (``end`` None) lasts until ``stop``.  ``stop`` before
    ``start`` measures 0.
    """
    start = _check_aware(start, "start")
    stop = _check_aware(stop, "stop")
    if stop <= start:
        return 0.0
    work = prepare(intervals)
    holes = normalize((p_start, p_stop if p_stop is not None else stop) for p_start, p_stop in pauses or ())
    total = work.between(start, stop)
    for h_start, h_stop in holes:
        total -= work.between(max(h_start, start), min(h_stop, stop))
    return total


def weekly_intervals(first_day, last_day, tz, schedule, holidays=()):
    """Build work intervals from a weekly schedule (tests, demo, fallback).

    :param first_day: ``date`` of the first day generated
    :param last_day: ``date`` of the last day generated (inclusive)
    :param tz: a ``tzinfo`` (``zoneinfo.ZoneInfo("Europe/Madrid")``)
    :param schedule: ``{weekday: [(hour_from, hour_to), ...]}`` with
        Monday = 0 and hours as floats (9.5 = 09:30) in local wall time
    :param holidays: dates with no work at all
    """
    holidays = set(holidays)
    result = []
    day = first_day
    while day <= last_day:
        if day not in holidays:
            for hour_from, hour_to in schedule.get(day.weekday(), ()):
                result.append((_local(day, hour_from, tz), _local(day, hour_to, tz)))
        day += timedelta(days=1)
    return normalize(result)


def _local(day, hours, tz):
    minutes = round(hours * 60)
    if minutes >= 24 * 60:
        moment = datetime(day.year, day.month, day.day) + timedelta(days=1)
        return moment.replace(tzinfo=tz)
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=tz)


def always(start, stop):
    """A single interval: calendar hours (24/7) between two aware instants."""
    return [(_check_aware(start, "start"), _check_aware(stop, "stop"))]
