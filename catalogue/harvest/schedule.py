"""Source schedules: cron expressions, read with APScheduler's cron trigger.

A schedule is the usual five fields (minute hour day-of-month month day-of-week), in the council's clock
(UK time), or six with seconds first for schedules finer than a minute. Day-of-week numbers follow cron
(0 or 7 is Sunday, 1 Monday), not APScheduler 3's own numbering (0 Monday), so they are given to the
trigger as names.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

try:
    SCHEDULE_ZONE: tzinfo = ZoneInfo("Europe/London")  # the same clock the pages show times in
except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
    SCHEDULE_ZONE = UTC

WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
EXAMPLE = "give a cron expression of five fields (minute hour day month weekday), e.g. '0 2 * * *'"


class InvalidSchedule(ValueError):
    """The text is not a cron expression the scheduler can use; the message says why."""


def _weekday_names(field: str) -> str:
    """Cron's day-of-week numbers as names: '1-5' -> 'mon-fri', '0' and '7' -> 'sun'."""

    def name(match: re.Match[str]) -> str:
        number = int(match.group(0))
        if number > 7:
            raise InvalidSchedule(f"day of week {number} does not exist (0 to 7, 0 and 7 are Sunday)")
        return WEEKDAYS[number % 7]

    parts = []
    for part in field.split(","):
        # 'sun-N' would run backwards in APScheduler's numbering: Sunday on its own, then Monday to N
        start, dash, rest = part.partition("-")
        if dash and start in ("0", "7") and rest[:1].isdigit() and not rest.startswith("0"):
            parts.append(f"sun,mon-{rest}")
        else:
            parts.append(part)
    # numbers after '/' are steps, not days
    return re.sub(r"(?<![/\d])\d+", name, ",".join(parts))


def parse_schedule(text: str, timezone: tzinfo = SCHEDULE_ZONE) -> CronTrigger:
    """The trigger of a cron expression (five fields, or six with seconds first). Raises InvalidSchedule."""
    fields = text.split()
    if len(fields) not in (5, 6):
        raise InvalidSchedule(EXAMPLE)
    seconds = fields.pop(0) if len(fields) == 6 else "0"
    fields[4] = _weekday_names(fields[4])
    try:
        if seconds == "0":
            return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)
        minute, hour, day, month, day_of_week = fields
        return CronTrigger(
            second=seconds,
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=day_of_week,
            timezone=timezone,
        )
    except ValueError as error:
        raise InvalidSchedule(f"{error}; {EXAMPLE}") from None


def normalise(text: str | None) -> str | None:
    """The schedule as stored (fields separated by one space), None for none. Raises InvalidSchedule."""
    if text is None or not text.strip():
        return None
    parse_schedule(text)
    return " ".join(text.split())


def next_run(text: str | None, now: datetime | None = None) -> datetime | None:
    """When the schedule fires next (aware, UTC), or None for no schedule or an unusable one."""
    if not text:
        return None
    try:
        trigger = parse_schedule(text)
    except InvalidSchedule:
        return None
    moment = trigger.get_next_fire_time(None, now or datetime.now(UTC))
    return moment.astimezone(UTC) if moment else None


def latest_slot(trigger: CronTrigger, now: datetime, window: timedelta) -> datetime | None:
    """The latest time the trigger fired at or before `now`, looking back at most `window`: the slot a
    scheduled run belongs to, so that two schedulers run each slot once."""
    back = timedelta(seconds=1)
    found = None
    while True:  # widen the look-back until it holds a fire time (few steps: it doubles)
        found = trigger.get_next_fire_time(None, now - back)
        if found is not None and found <= now:
            break
        if back >= window:
            return None
        back = min(back * 2, window)
    latest: datetime = found
    while True:  # then step forward to the last one not after now
        following = trigger.get_next_fire_time(latest, latest)
        if following is None or following > now:
            return latest.astimezone(UTC)
        latest = following
