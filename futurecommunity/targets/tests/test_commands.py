"""programme_status and load_targets commands on a small hand-made set of projects."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from futurecommunity.projects.tests.factories import (
    GUANSHU,
    HUAYUAN,
    KEQIAO,
    KEQIAO_STREET,
    LUOBEI,
    SHENYUAN,
    YUEDU,
    ProjectFactory,
    advance,
)

pytestmark = pytest.mark.django_db

D = dt.date


def _days(start: dt.date, count: int) -> list[dt.date]:
    return [start + dt.timedelta(days=10 * i) for i in range(count)]


@pytest.fixture
def small_programme(
    city_approver, yuecheng_approver, keqiao_approver, tashan_editor, yuecheng_editor, keqiao_editor
) -> None:
    """Four projects, hand-counted at 2026-12-31 in the comments of the test below."""
    # 越城 2024 county, two communities, acceptance requested 2024-04-01, accepted 2024-04-11
    advance(
        ProjectFactory(actor=tashan_editor, community_codes=(HUAYUAN, SHENYUAN)),
        "accepted",
        approver=yuecheng_approver,
        editor=tashan_editor,
        on=_days(D(2024, 3, 2), 5),
    )
    # 越城 2024 municipal in 府山街道: declared 2024-04-01, listed 04-11, building since 04-21
    advance(
        ProjectFactory(
            actor=yuecheng_editor,
            level="municipal",
            street_code="330602002",
            community_codes=(YUEDU,),
        ),
        "under_construction",
        approver=city_approver,
        editor=yuecheng_editor,
        on=_days(D(2024, 4, 1), 3),
    )
    # 柯桥 2025 county, published 2025-06-20
    advance(
        ProjectFactory(
            actor=keqiao_editor,
            district_code=KEQIAO,
            street_code=KEQIAO_STREET,
            community_codes=(GUANSHU,),
            creation_year=2025,
        ),
        "published",
        approver=keqiao_approver,
        editor=keqiao_editor,
        on=_days(D(2025, 4, 1), 6),
    )
    # 越城 2022 provincial, built before the plan: in the baseline of 62, covers 罗北社区
    advance(
        ProjectFactory(
            actor=tashan_editor, level="provincial", creation_year=2022, community_codes=(LUOBEI,)
        ),
        "accepted",
        approver=city_approver,
        editor=tashan_editor,
        on=_days(D(2022, 3, 1), 5),
    )


def _status_json(as_of: str) -> dict:
    out = StringIO()
    call_command("programme_status", "--as-of", as_of, "--json", stdout=out)
    return json.loads(out.getvalue())


def _cell(payload: dict, district: str, year: int, level: str) -> dict:
    (cell,) = [
        c
        for c in payload["cells"]
        if (c["district_code"], c["year"], c["level"]) == (district, year, level)
    ]
    return cell


def test_programme_status_json_at_the_end_of_2026(small_programme) -> None:
    payload = _status_json("2026-12-31")
    assert payload["as_of"] == "2026-12-31"
    assert payload["plan_total"] == 303
    assert payload["baseline_total"] == 62
    assert payload["created_total"] == 3  # the 2022 project belongs to the baseline
    assert payload["built_total"] == 64  # 62 + 越城 county + 柯桥 county
    assert payload["built_by_level"] == {"provincial": 62, "municipal": 0, "county": 2}
    assert payload["count_goal"] == 300
    # 花园、沈园、罗北 (越城) and 管墅 (柯桥) of 583 urban communities
    assert payload["coverage"] == {
        "covered": 4,
        "total": 583,
        "percent": "0.7",
        "goal_percent": "88.00",
    }
    assert payload["districts"]["330602"] == {
        "name": "越城区",
        "covered": 3,
        "total": 151,
        "percent": "2.0",
    }
    assert payload["districts"]["330603"] == {
        "name": "柯桥区",
        "covered": 1,
        "total": 127,
        "percent": "0.8",
    }
    assert payload["districts"]["330604"]["covered"] == 0
    assert len(payload["cells"]) == 72
    assert _cell(payload, "330602", 2024, "county") == {
        "district_code": "330602",
        "year": 2024,
        "level": "county",
        "target": 4,
        "created": 1,
        "building": 0,
        "built": 1,
    }
    assert _cell(payload, "330602", 2024, "municipal") == {
        "district_code": "330602",
        "year": 2024,
        "level": "municipal",
        "target": 6,
        "created": 1,
        "building": 1,
        "built": 0,
    }
    assert _cell(payload, "330603", 2025, "county")["built"] == 1
    assert sum(c["created"] for c in payload["cells"]) == 3


def test_programme_status_replays_an_earlier_date(small_programme) -> None:
    payload = _status_json("2024-04-10")  # the 越城 county project is accepted a day later
    assert payload["built_total"] == 62
    assert payload["created_total"] == 1  # the municipal project is only declared yet
    assert payload["coverage"]["covered"] == 1  # 罗北社区, built in 2022
    assert _cell(payload, "330602", 2024, "county")["building"] == 1


def test_programme_status_text_output_states_totals_and_coverage(small_programme) -> None:
    out = StringIO()
    call_command("programme_status", "--as-of", "2026-12-31", stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        lines[0]
        == "截至 2026-12-31：累计建成 64 个（含 2022 年基数 62 个），目标 300 个以上（一）。"
    )
    assert lines[1] == "城镇社区覆盖率 0.7%（4/583），目标 88% 以上（一、G3）。"
    assert "越城区  2024  县级  4  1  0  1" in lines


@pytest.mark.parametrize("bad", ["2026-13-01", "31/12/2026"])
def test_programme_status_with_a_bad_date_raises_a_chinese_command_error(bad: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("programme_status", "--as-of", bad, "--json", stdout=StringIO())
    assert str(caught.value) == f"日期“{bad}”格式不正确，应为 YYYY-MM-DD。"


def test_load_targets_command_reports_nothing_new_on_a_loaded_database() -> None:
    out = StringIO()
    call_command("load_targets", stdout=out)
    assert out.getvalue().strip() == "建设计划：新增 0 行；基数：新增 0 行；规则参数：新增 0 行。"
