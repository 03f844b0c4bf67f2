"""Calendar helpers in Asia/Shanghai (house style §6)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_local() -> dt.date:
    """Today's date in Shaoxing."""
    return timezone.now().astimezone(SHANGHAI).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in Shaoxing, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=SHANGHAI)


def month_end(year: int, month: int) -> dt.date:
    """The last calendar day of the month."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def parse_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD; raises ValueError with a Chinese message on bad input."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD。") from exc


# The replayable period of the programme: project creation years start in 2019
# (projects.models), and a date after today has nothing to replay yet (issue 11 §4/§5: a year
# 9999 or 0001 date used to overflow or take minutes).
PROGRAMME_FIRST_DAY = dt.date(2019, 1, 1)


def parse_as_of(text: str | None) -> dt.date:
    """The statistics date of a ``?as_of=`` query: today when empty; a ValueError with a Chinese
    sentence when it is malformed or outside 2019-01-01 … today."""
    today = today_local()
    if not text:
        return today
    day = parse_date(text.strip())
    if not PROGRAMME_FIRST_DAY <= day <= today:
        raise ValueError(
            f"统计日期“{day:%Y-%m-%d}”超出可查询范围，须在 {PROGRAMME_FIRST_DAY:%Y-%m-%d} "
            f"至今天（{today:%Y-%m-%d}）之间；已改为显示今天的数据。"
        )
    return day


def add_years(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` later (calendar arithmetic, "1年内" = to the same date next year).

    A period counted in years ends on the corresponding day; without one (29 February in a
    common year) it ends on the last day of that month (民法典第二百零二条).
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
