"""Bulletin charts as PNG bytes (matplotlib, CJK font); empty when matplotlib is missing."""

from __future__ import annotations

from io import BytesIO
from typing import Any

CJK_FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "SimHei"]


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    installed = {f.name for f in font_manager.fontManager.ttflist}
    plt.rcParams["font.sans-serif"] = [f for f in CJK_FONTS if f in installed] + ["DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _png(fig: Any) -> bytes:
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def district_targets_png(districts: list[dict[str, Any]], year: int) -> bytes:
    """Bars: each district's year target against projects created so far."""
    if not available():
        return b""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    names = [d["name"] for d in districts]
    xs = range(len(names))
    ax.bar(
        [x - 0.2 for x in xs],
        [d["year_target"] for d in districts],
        0.4,
        label=f"{year}年目标",
        color="#9aa9bd",
    )
    ax.bar(
        [x + 0.2 for x in xs],
        [d["created"] for d in districts],
        0.4,
        label="已创建",
        color="#c0392b",
    )
    ax.set_xticks(list(xs), names)
    ax.set_ylabel("个")
    ax.legend(frameon=False)
    ax.set_title(f"各区、县（市）{year}年创建目标完成情况")
    try:
        return _png(fig)
    finally:
        plt.close(fig)


def reporting_png(districts: list[dict[str, Any]]) -> bytes:
    """Stacked bars: reports on time, late and missing per district."""
    if not available():
        return b""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.0))
    names = [d["name"] for d in districts]
    on_time = [d["reports"] - d["late"] for d in districts]
    late = [d["late"] for d in districts]
    missing = [d["missing"] for d in districts]
    ax.bar(names, on_time, label="按期", color="#2e7d32")
    ax.bar(names, late, bottom=on_time, label="迟报", color="#f0a500")
    ax.bar(
        names,
        missing,
        bottom=[a + b for a, b in zip(on_time, late, strict=True)],
        label="未报",
        color="#c0392b",
    )
    ax.set_ylabel("个")
    ax.legend(frameon=False, ncol=3)
    ax.set_title("各区、县（市）月报报送情况")
    try:
        return _png(fig)
    finally:
        plt.close(fig)
