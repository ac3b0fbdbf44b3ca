"""What can go wrong with a roster: the whole file (RosterError), or one cell (CellError)."""

from __future__ import annotations


class RosterError(Exception):
    """The file cannot be read at all; the message (Chinese) says why and what to do."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class CellError(Exception):
    """One cell's value is not usable; the message names what would be."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def where(row: int, column: str, sheet: str | None = None) -> str:
    """「第12行「2024專業」」, or 「學習記錄第7行「學時」」 for a row of the detail sheet."""
    return f"{sheet or ''}第{row}行「{column}」"


def shown(value, limit: int = 30) -> str:
    """A cell's value as quoted in a message, cut to a few dozen characters."""
    text = str(value).replace("\n", " ")
    return f"「{text[:limit]}…」" if len(text) > limit else f"「{text}」"
