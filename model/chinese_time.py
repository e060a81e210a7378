"""Dates and times as people read them in a Chinese document or message: 2024年1月12日, and
2026年12月1日 18:20 in Beijing time (never ISO, never UTC)."""

from __future__ import annotations

from model import dates as dt


def written_date(date: dt.date) -> str:
    """成文日期 as printed: 2024年1月12日, no zero padding."""
    return f"{date.year}年{date.month}月{date.day}日"


BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def written_time(moment: dt.datetime) -> str:
    """A moment in Beijing time, as people read it: 2026年12月1日 18:20 (a naive time is taken as local)."""
    aware = moment if moment.tzinfo else moment.astimezone()
    beijing = aware.astimezone(BEIJING)
    return f"{written_date(beijing)} {beijing:%H:%M}"


def written_moment(text: str) -> str:
    """A stored moment (ISO 8601, as drafts and locks keep it) as people read it, in Beijing time
    when it says its zone; what cannot be read as a moment is shown as it is."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except (ValueError, OverflowError):
        return text
    if moment.tzinfo is None:  # another computer's own clock (a lock's 自…起): shown as written there
        return f"{written_date(moment)} {moment:%H:%M}"
    return written_time(moment)
