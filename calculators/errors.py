"""The calculators' one error type: structured, so each door words it in its own language."""

from __future__ import annotations

from typing import Any


class CalcError(Exception):
    """A request the calculators cannot answer.

    ``field`` is the request field at fault (the CLI option / URL parameter name),
    ``code`` a stable identifier of the problem, ``params`` the values a message needs.
    """

    def __init__(self, field: str, code: str, **params: Any) -> None:
        super().__init__(f"{field}: {code} {params}" if params else f"{field}: {code}")
        self.field = field
        self.code = code
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "params": dict(self.params)}


class StringError(ValueError):
    """A UI string asks for a placeholder its caller does not give (kbdata/strings/<lang>.yaml)."""

    def __init__(self, lang: str, key: str, missing: str, given: list[str]) -> None:
        super().__init__(f"string '{key}' ({lang}) uses {{{missing}}}; given: {', '.join(given) or 'none'}")
        self.lang, self.key, self.missing, self.given = lang, key, missing, given
