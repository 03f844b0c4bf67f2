"""Domain errors: a stable machine code plus a full Chinese sentence for the user."""

from __future__ import annotations


class DomainError(Exception):
    """Raised by services when a rule refuses an action; nothing has been written."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class PermissionDenied(DomainError):
    """The actor may not perform this action on this object (scope or role)."""

    def __init__(self, message: str = "您没有执行此操作的权限。") -> None:
        super().__init__("permission_denied", message)


class ValidationFailed(DomainError):
    """Input failed validation; ``errors`` maps field name to Chinese messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        first = next(iter(errors.values()))[0] if errors else "输入有误。"
        super().__init__("validation_failed", first)
