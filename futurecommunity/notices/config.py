"""The configuration rows of this app as typed values (missing rows fall back to the CSV)."""

from __future__ import annotations

from futurecommunity.notices import loaders, rules
from futurecommunity.notices.models import NoticeSetting


def setting_values() -> dict[str, str]:
    values = {row["key"]: row["value"] for row in loaders.read_rows()}
    values.update(dict(NoticeSetting.objects.values_list("key", "value")))
    return values


def _yes(text: str) -> bool:
    return text.strip().lower() in {"yes", "true", "1", "是"}


def notice_policy() -> rules.NoticePolicy:
    values = setting_values()
    return rules.NoticePolicy(
        period_days=int(values["notice_period_days"]),
        calendar_days=_yes(values["notice_counts_calendar_days"]),
        publication_day_counts=_yes(values["notice_publication_day_counts"]),
        consent_share=rules.parse_share(values["consent_required_share"]),
    )


def retention_days() -> int:
    return int(setting_values()["opinion_retention_days"])


def rate_limit_per_hour() -> int:
    return int(setting_values()["opinion_rate_limit"])
