"""Icons drawn as SVG in resources/icons, tinted to the current palette so they read in light and dark."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ui.resources import resource_path

INK = "#1f2937"  # the colour the SVG sources are drawn with; replaced at load time
SIZES = (16, 24, 32, 48)


def _ink() -> str:
    app = QGuiApplication.instance()
    if app is None:
        return INK
    return app.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name()


def _faded(ink: str) -> str:
    """``ink`` blended 65 % towards the window colour (SVG colours carry no alpha)."""
    app = QGuiApplication.instance()
    back = app.palette().color(QPalette.ColorRole.Window) if app is not None else QColor("#ffffff")
    fore = QColor(ink)
    mix = [round(f * 0.35 + b * 0.65) for f, b in zip(fore.getRgb()[:3], back.getRgb()[:3], strict=True)]
    return QColor(*mix).name()


@lru_cache(maxsize=256)
def _svg(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


def render(name: str, size: int, color: str | None = None, dpr: float = 1.0) -> QPixmap:
    """The named SVG as a pixmap of ``size`` logical pixels (tinted unless it is the coloured app icon)."""
    text = _svg(name)
    if color is not None:
        text = text.replace(INK, color)
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    px = max(1, round(size * dpr))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px, px))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(dpr)
    return pixmap


_cache: dict[tuple[str, str], QIcon] = {}


def icon(name: str, color: str | None = None) -> QIcon:
    """A QIcon for ``name`` in the palette's text colour (or ``color``); disabled state is greyed out."""
    ink = color or _ink()
    key = (name, ink)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    result = QIcon()
    disabled = _faded(ink)
    for size in SIZES:
        for dpr in (1.0, 2.0):
            result.addPixmap(render(name, size, ink, dpr), QIcon.Mode.Normal)
            result.addPixmap(render(name, size, disabled, dpr),
                             QIcon.Mode.Disabled)
    _cache[key] = result
    return result


def app_icon() -> QIcon:
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        result.addPixmap(render("app", size))
    return result


def icon_size(pixels: int = 20) -> QSize:
    return QSize(pixels, pixels)


def set_icon(target: Any, name: str) -> None:
    """Give an action or button the named icon and remember the name so ``retint`` can redo it."""
    target.setProperty("iconName", name)
    target.setIcon(icon(name))


def retint(root: QObject) -> None:
    """After a light/dark switch: re-tint every icon set with ``set_icon`` under ``root``."""
    _cache.clear()
    for obj in [root, *root.findChildren(QObject)]:
        name = obj.property("iconName")
        if name and hasattr(obj, "setIcon"):
            obj.setIcon(icon(str(name)))
