"""Who may see and do what with notices, opinions and consent (house style §8).

Officials act within their territory (``accounts.access``); the contact details of a resident
are readable only by the office that published the notice (PIPL 第六条 最小必要).
"""

from __future__ import annotations

from futurecommunity.accounts.access import can_configure_city, can_edit_in, in_scope
from futurecommunity.accounts.models import User
from futurecommunity.notices.models import Notice
from futurecommunity.projects.access import can_edit_project, can_view_project
from futurecommunity.projects.models import Project


def can_publish_notice_in(user: User, region_code: str) -> bool:
    return can_edit_in(user, region_code)


def can_view_notice(user: User, notice: Notice) -> bool:
    return in_scope(user, notice.region_code)


def can_manage_notice(user: User, notice: Notice) -> bool:
    return can_edit_in(user, notice.region_code)


def can_see_contact(user: User, notice: Notice) -> bool:
    """Only the handling office (the publisher) sees residents' full contact details."""
    if not user.is_authenticated:
        return False
    if not in_scope(user, notice.region_code):
        return False
    return user.organisation_id == notice.organisation_id


def can_view_consent(user: User, project: Project) -> bool:
    return can_view_project(user, project)


def can_record_consent(user: User, project: Project) -> bool:
    return can_edit_project(user, project)


def can_write_articles(user: User) -> bool:
    return can_configure_city(user)


def can_configure_notices(user: User) -> bool:
    """The notice period, consent share, retention and rate limit are the city's (三(一))."""
    return can_configure_city(user)
