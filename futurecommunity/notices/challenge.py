"""A human check with no outside service: a signed arithmetic question in Chinese words.

The token carries the answer signed with SECRET_KEY (so the server keeps no state until it is
used) and a nonce that an accepted opinion stores, so a solved token cannot be replayed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing

from futurecommunity.common.errors import DomainError

SALT = "notices.opinion.challenge"
MAX_AGE_SECONDS = 30 * 60
_DIGITS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _word(number: int) -> str:
    return _DIGITS[number]


def challenge_new() -> Challenge:
    first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"s": first + second, "n": secrets.token_hex(8)}, salt=SALT)
    return Challenge(
        question=f"{_word(first)}加{_word(second)}等于多少？（请填写阿拉伯数字）", token=token
    )


def challenge_check(token: str, answer: str) -> str:
    """The nonce of a correctly answered, unexpired token; DomainError otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise DomainError(
            "challenge_expired", "验证题已过期，请重新作答后提交。", field="challenge"
        ) from None
    if answer.strip() != str(data.get("s")):
        raise DomainError("challenge_wrong", "验证题答案不正确，请重新计算。", field="challenge")
    return str(data["n"])
