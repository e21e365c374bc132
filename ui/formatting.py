"""Small display formatters: durations, ETA, sizes, timestamps (locale-aware, translated)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt


def clock(seconds: float | None) -> str:
    """``m:ss`` or ``h:mm:ss``; an em dash when unknown."""
    if seconds is None or seconds != seconds or seconds < 0:
        return "—"
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def span(seconds: float) -> str:
    """A rough human span: "45 s", "3 min", "1 h 20 min"."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return QCoreApplication.translate("Format", "%1 s").replace("%1", str(seconds))
    minutes = (seconds + 30) // 60
    if minutes < 60:
        return QCoreApplication.translate("Format", "%1 min").replace("%1", str(minutes))
    h, m = divmod(minutes, 60)
    return QCoreApplication.translate("Format", "%1 h %2 min").replace("%1", str(h)).replace("%2", str(m))


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return QCoreApplication.translate("Format", "%1 left").replace("%1", span(seconds))


def size_text(n: int | float | None) -> str:
    if n is None:
        return "—"
    return QLocale().formattedDataSize(int(n), 1)


def local_time(iso: str | None, *, with_date: bool = True) -> str:
    """An ISO-8601 UTC timestamp in local time; today's times without the date."""
    if not iso:
        return ""
    dt = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    if not dt.isValid():
        dt = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not dt.isValid():
        return iso
    dt = dt.toLocalTime()
    if not with_date or dt.date() == QDateTime.currentDateTime().date():
        return dt.toString("HH:mm")
    return dt.toString("yyyy-MM-dd HH:mm")
