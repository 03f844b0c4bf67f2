"""The board for a viewer on a date: snapshot → evaluate → scope (queries only via snapshot.py)."""

from __future__ import annotations

import datetime as dt

from futurecommunity.accounts.access import region_prefix_for
from futurecommunity.accounts.models import User
from futurecommunity.targets.compliance.board import Board, build_board
from futurecommunity.targets.compliance.snapshot import programme_findings, programme_snapshot


def compliance_board_for(*, viewer: User, as_of: dt.date) -> Board | None:
    """The viewer's rows of the board (city: all; district/street: its own), or None."""
    prefix = region_prefix_for(viewer)
    if prefix is None:
        return None
    snapshot = programme_snapshot(as_of=as_of)
    return build_board(
        findings=programme_findings(as_of=as_of),
        prefix=prefix,
        district_names=snapshot.district_names,
        city_name=snapshot.city_name,
        as_of=as_of,
    )
