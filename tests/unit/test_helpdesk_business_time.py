"""Pure tests of omni_helpdesk_sla/tools/business_time.py (no Odoo)."""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ..conftest import load_tool

bt = load_tool("omni_helpdesk_sla", "business_time")

MADRID = ZoneInfo("Europe/Madrid")
NINE_TO_SIX = {day: [(9, 18)] for day in range(5)}  # Monday-Friday 9-18
ALL_DAY = {day: [(0, 24)] for day in range(7)}
SPAIN_2026 = [
    date(2026, 1, 1),
    date(2026, 1, 6),
    date(2026, 4, 3),
    date(2026, 5, 1),
    date(2026, 8, 15),
    date(2026, 10, 12),
    date(2026, 12, 8),
    date(2026, 12, 25),
]
HOUR = 3600


def madrid(*args):
    return datetime(*args, tzinfo=MADRID)


def work(first, last, schedule=NINE_TO_SIX, holidays=SPAIN_2026):
    return bt.weekly_intervals(first, last, MADRID, schedule, holidays)


def test_friday_five_pm_plus_two_hours_is_monday_ten():
    intervals = work(date(2026, 6, 1), date(2026, 6, 30))
    deadline = bt.add_duration(madrid(2026, 6, 12, 17, 0), 2 * HOUR, intervals)
    assert deadline == madrid(2026, 6, 15, 10, 0)
    assert deadline.astimezone(MADRID).strftime("%a %H:%M") == "Mon 10:00"
    # and the way back: the same span measures exactly the target
    assert bt.elapsed(madrid(2026, 6, 12, 17, 0), deadline, intervals) == 2 * HOUR


def test_national_holiday_is_skipped():
    # Monday 12 October 2026 (Fiesta Nacional de España) is not worked
    intervals = work(date(2026, 10, 1), date(2026, 10, 31))
    deadline = bt.add_duration(madrid(2026, 10, 9, 17, 0), 2 * HOUR, intervals)
    assert deadline == madrid(2026, 10, 13, 10, 0)
    # without the holiday list the same start would end on the Monday
    plain = work(date(2026, 10, 1), date(2026, 10, 31), holidays=())
    assert bt.add_duration(madrid(2026, 10, 9, 17, 0), 2 * HOUR, plain) == madrid(2026, 10, 12, 10, 0)


def test_dst_last_sunday_of_march():
    # 29 March 2026: clocks go from 02:00 CET to 03:00 CEST
    intervals = work(date(2026, 3, 23), date(2026, 4, 2))
    deadline = bt.add_duration(madrid(2026, 3, 27, 17, 0), 2 * HOUR, intervals)
    assert deadline == madrid(2026, 3, 30, 10, 0)
    assert deadline.astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # CEST, +2
    assert madrid(2026, 3, 27, 17, 0).astimezone(UTC).hour == 16  # CET, +1
    # in calendar hours the Sunday is 23 hours long
    clock = work(date(2026, 3, 27), date(2026, 3, 31), schedule=ALL_DAY, holidays=())
    assert bt.add_duration(madrid(2026, 3, 28, 12, 0), 24 * HOUR, clock) == madrid(2026, 3, 29, 13, 0)
    assert bt.elapsed(madrid(2026, 3, 29, 0, 0), madrid(2026, 3, 30, 0, 0), clock) == 23 * HOUR


def test_dst_last_sunday_of_october():
    # 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET
    intervals = work(date(2026, 10, 19), date(2026, 10, 31))
    deadline = bt.add_duration(madrid(2026, 10, 23, 17, 0), 2 * HOUR, intervals)
    assert deadline == madrid(2026, 10, 26, 10, 0)
    assert deadline.astimezone(UTC) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # CET, +1
    clock = work(date(2026, 10, 23), date(2026, 10, 27), schedule=ALL_DAY, holidays=())
    assert bt.add_duration(madrid(2026, 10, 24, 12, 0), 24 * HOUR, clock) == madrid(2026, 10, 25, 11, 0)
    assert bt.elapsed(madrid(2026, 10, 25, 0, 0), madrid(2026, 10, 26, 0, 0), clock) == 25 * HOUR


def test_pause_straddling_a_night():
    intervals = work(date(2026, 6, 1), date(2026, 6, 30))
    start = madrid(2026, 6, 9, 16, 0)  # Tuesday
    # paused Tuesday 17:00 -> Wednesday 10:00: the hour 17-18 and 9-10 are lost
    pauses = [(madrid(2026, 6, 9, 17, 0), madrid(2026, 6, 10, 10, 0))]
    assert bt.add_duration(start, 3 * HOUR, intervals) == madrid(2026, 6, 10, 10, 0)
    assert bt.add_duration(start, 3 * HOUR, intervals, pauses) == madrid(2026, 6, 10, 12, 0)
    assert bt.elapsed(start, madrid(2026, 6, 10, 12, 0), intervals, pauses) == 3 * HOUR


def test_pause_straddling_a_weekend():
    intervals = work(date(2026, 6, 1), date(2026, 6, 30))
    start = madrid(2026, 6, 12, 15, 0)  # Friday
    pauses = [(madrid(2026, 6, 12, 16, 0), madrid(2026, 6, 15, 11, 0))]  # Fri 16:00 -> Mon 11:00
    assert bt.add_duration(start, 4 * HOUR, intervals, pauses) == madrid(2026, 6, 15, 14, 0)
    assert bt.elapsed(start, madrid(2026, 6, 15, 14, 0), intervals, pauses) == 4 * HOUR
    # an open pause stops the clock: no deadline, time used frozen at the pause
    open_pause = [(madrid(2026, 6, 12, 16, 0), None)]
    assert bt.add_duration(start, 4 * HOUR, intervals, open_pause) is None
    assert bt.elapsed(start, madrid(2026, 6, 17, 12, 0), intervals, open_pause) == HOUR


@pytest.mark.parametrize("target", [0, -1, -3600, None])
def test_zero_or_negative_target_is_a_clear_error(target):
    intervals = work(date(2026, 6, 1), date(2026, 6, 30))
    with pytest.raises(ValueError, match="positive duration"):
        bt.add_duration(madrid(2026, 6, 12, 17, 0), target, intervals)


def test_naive_datetimes_refused_and_overlaps_merged():
    with pytest.raises(ValueError, match="timezone-aware"):
        bt.add_duration(datetime(2026, 6, 12, 17, 0), HOUR, [])
    start = madrid(2026, 6, 1, 9, 0)
    overlapping = [
        (start, start + timedelta(hours=2)),
        (start + timedelta(hours=1), start + timedelta(hours=3)),
    ]
    assert bt.normalize(overlapping) == [
        (start.astimezone(UTC), (start + timedelta(hours=3)).astimezone(UTC))
    ]
    assert bt.elapsed(start, start + timedelta(hours=5), overlapping) == 3 * HOUR
    # intervals that run out give no deadline rather than a wrong one
    assert bt.add_duration(start, 10 * HOUR, overlapping) is None
    assert bt.elapsed(start + timedelta(hours=1), start, overlapping) == 0.0


def _reference_add_duration(start, seconds, intervals, pauses):
    """The plain scan over every interval (the first implementation), to compare with."""
    open_pause = min((p for p, q in pauses if q is None), default=None)
    remaining = float(seconds)
    for i_start, i_stop in bt.subtract(intervals, [(p, q) for p, q in pauses if q is not None]):
        if i_stop <= start:
            continue
        lo = max(i_start, start)
        stopped = open_pause is not None and open_pause < i_stop
        hi = open_pause if stopped else i_stop
        available = max((hi - lo).total_seconds(), 0.0)
        if available >= remaining:
            return lo + timedelta(seconds=remaining)
        if stopped:
            return None
        remaining -= available
    return None


def _reference_elapsed(start, stop, intervals, pauses):
    holes = [(p, q if q is not None else stop) for p, q in pauses]
    return sum(
        max((min(hi, stop) - max(lo, start)).total_seconds(), 0.0) for lo, hi in bt.subtract(intervals, holes)
    )


def test_shared_intervals_give_the_plain_scans_answers():
    """A year of Madrid business hours, shared as WorkIntervals by 600 random clocks with pauses."""
    rng = random.Random(20261203)
    plain = work(date(2026, 1, 1), date(2026, 12, 31))
    shared = bt.prepare(plain)
    assert bt.prepare(shared) is shared, "prepared once, reused as is"
    assert list(shared) == bt.normalize(plain)
    year = datetime(2026, 1, 1, tzinfo=UTC)
    for _case in range(600):
        start = year + timedelta(minutes=rng.randrange(360 * 24 * 60))
        pauses = []
        for _pause in range(rng.randrange(4)):
            p_start = start + timedelta(minutes=rng.randrange(-600, 20000))
            p_stop = None if rng.random() < 0.15 else p_start + timedelta(minutes=rng.randrange(1, 5000))
            pauses.append((p_start, p_stop))
        target = rng.choice([0.5, 2, 8, 24, 72]) * HOUR
        stop = start + timedelta(minutes=rng.randrange(-100, 30000))
        expected = _reference_add_duration(start, target, plain, pauses)
        assert bt.add_duration(start, target, shared, pauses) == expected
        assert bt.add_duration(start, target, plain, pauses) == expected
        assert bt.elapsed(start, stop, shared, pauses) == pytest.approx(
            _reference_elapsed(start, stop, plain, pauses) if stop > start else 0.0, abs=1e-6
        )


def test_work_intervals_edges():
    shared = bt.prepare(work(date(2026, 6, 1), date(2026, 6, 5)))  # Monday to Friday
    before, after = madrid(2026, 5, 30, 12, 0), madrid(2026, 6, 8, 12, 0)
    assert shared.between(before, after) == 5 * 9 * HOUR
    assert shared.between(after, before) == 0.0
    assert shared.seconds_until(before) == 0.0
    assert shared.after(after) == ()
    assert bt.add_duration(after, HOUR, shared) is None, "past the last interval: no deadline"
    assert bt.add_duration(before, 9 * HOUR, shared) == madrid(2026, 6, 1, 18, 0)
    assert bt.elapsed(madrid(2026, 6, 1, 10, 0), madrid(2026, 6, 1, 12, 0), shared) == 2 * HOUR
