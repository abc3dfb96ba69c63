"""iCalendar (RFC 5545) text for a department's deadlines: all-day events, escaped and folded.

Why by hand: the format is a few lines of rules, and the build must not depend on a
calendar library; the tests parse the output with `icalendar` to hold us to the RFC.
Text values escape backslash, semicolon, comma and line breaks (3.3.11); lines are
folded at 75 octets without splitting a UTF-8 character (3.1); lines end in CRLF.
The stamp is the build date, never the clock, so builds repeat byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

LINE_OCTETS = 75


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str  # unique and stable: record id, what, date
    day: dt.date
    summary: str
    description: str
    url: str


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded into chunks of at most 75 octets, continuation lines starting with a space."""
    out, chunk, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = LINE_OCTETS if not out else LINE_OCTETS - 1  # a continuation line spends one octet on its space
        if size + width > limit:
            out.append(chunk)
            chunk, size = "", 0
        chunk += ch
        size += width
    out.append(chunk)
    return "\r\n ".join(out)


def _day(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


def calendar(name: str, events: Iterable[CalendarEvent], stamp: dt.datetime, site_url: str) -> str:
    """A VCALENDAR of all-day VEVENTs; `site_url`'s host makes every UID globally unique."""
    host = urlsplit(site_url).hostname or "example.invalid"
    when = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Minyi Ledger//minyi//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(name)}",
    ]
    for e in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{text(host)}/{text(e.uid)}",  # not uid@host: that reads as an e-mail address
            f"DTSTAMP:{when}",
            f"DTSTART;VALUE=DATE:{_day(e.day)}",
            f"DTEND;VALUE=DATE:{_day(e.day + dt.timedelta(days=1))}",
            f"SUMMARY:{text(e.summary)}",
            f"DESCRIPTION:{text(e.description)}",
            f"URL:{e.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
