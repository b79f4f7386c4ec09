"""Every problem found in one pass, each naming where it is, as client/problems.ts reports them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A user mistake: ``where`` names the env variable, ``message`` says what is wrong and what is allowed."""

    where: str
    message: str


def format_problems(problems: Sequence[Problem]) -> str:
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"  - {p.where}: {p.message}" for p in problems]
    return "\n".join([f"Found {len(problems)} configuration {noun}:", *lines])


class ValidationError(ValueError):
    """Raised with every problem at once; its message is the list, never a stack of causes."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(format_problems(self.problems))


def raise_if_any(problems: Sequence[Problem]) -> None:
    if problems:
        raise ValidationError(problems)


def show(value: object) -> str:
    """Quotes a user value the way the TypeScript side does (JSON.stringify; nothing for undefined)."""
    if value is None:
        return "nothing"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def one_of(values: Iterable[str]) -> str:
    return ", ".join(values)
