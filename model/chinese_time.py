"""Dates and times as people read them in a Chinese document or message: 2024年1月12日, and
2026年12月1日 18:28 in the computer's local time (never ISO, never UTC)."""

from __future__ import annotations

import datetime as dt


def written_date(date: dt.date) -> str:
    """成文日期 as printed: 2024年1月12日, no zero padding."""
    return f"{date.year}年{date.month}月{date.day}日"


def written_time(moment: dt.datetime) -> str:
    """A moment in local time: 2026年12月1日 18:28 (a naive time is taken as local already)."""
    local = moment.astimezone() if moment.tzinfo else moment
    return f"{written_date(local)} {local:%H:%M}"
