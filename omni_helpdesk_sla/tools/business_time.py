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

from datetime import UTC, datetime, timedelta


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
    result = []
    holes = normalize(holes)
    for start, stop in normalize(intervals):
        cursor = start
        for h_start, h_stop in holes:
            if h_stop <= cursor or h_start >= stop:
                continue
            if h_start > cursor:
                result.append((cursor, h_start))
            cursor = max(cursor, h_stop)
            if cursor >= stop:
                break
        if cursor < stop:
            result.append((cursor, stop))
    return result


def add_duration(start, seconds, intervals, pauses=()):
    """Return the instant at which ``seconds`` of business time have elapsed.

    :param start: aware datetime the clock starts at
    :param seconds: the target, strictly positive (seconds)
    :param intervals: work intervals covering at least the answer
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
    usable = subtract(intervals, closed)
    remaining = float(seconds)
    for interval_start, interval_stop in usable:
        if interval_stop <= start:
            continue
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
    holes = [(p_start, p_stop if p_stop is not None else stop) for p_start, p_stop in pauses or ()]
    total = 0.0
    for i_start, i_stop in subtract(intervals, holes):
        lo, hi = max(i_start, start), min(i_stop, stop)
        if hi > lo:
            total += (hi - lo).total_seconds()
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
