"""``?as_of=`` outside the programme's range (issue 11 §4/§5): a Chinese message and today's
figures on the dashboard and the compliance board; the export falls back to today too."""

from __future__ import annotations

import pytest

from futurecommunity.common.time import parse_as_of, today_local

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/manage/", "/manage/compliance/"])
@pytest.mark.parametrize("raw", ["9999-12-31", "0001-01-01", "2018-12-31"])
def test_out_of_range_dates_show_a_message_not_a_500(client, yuecheng_editor, url, raw) -> None:
    client.force_login(yuecheng_editor)
    response = client.get(url, {"as_of": raw})
    assert response.status_code == 200
    text = response.content.decode()
    assert "超出可查询范围" in text
    assert response.context["as_of"] == today_local()


def test_the_export_with_a_year_9999_date_answers_quickly_for_today(client, yuecheng_editor):
    client.force_login(yuecheng_editor)
    response = client.get("/manage/compliance/export/", {"as_of": "9999-12-31"})
    assert response.status_code == 200
    assert f"compliance-{today_local():%Y%m%d}" in response["Content-Disposition"]


def test_parse_as_of_bounds() -> None:
    assert parse_as_of("2019-01-01").isoformat() == "2019-01-01"
    assert parse_as_of("") == today_local()
    with pytest.raises(ValueError, match="超出可查询范围"):
        parse_as_of("2019-01-01".replace("2019", "2018"))
