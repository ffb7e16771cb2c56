"""Memo: built statements are kept per key, the least recently used leaving first."""

from __future__ import annotations

from sqlalchemy import literal, select

from mercato.core.memo import Memo, shared_base


def test_a_key_is_built_once_and_then_served_as_the_same_object() -> None:
    memo: Memo[list[int]] = Memo(size=4)
    builds: list[str] = []

    def build() -> list[int]:
        builds.append("x")
        return [1]

    first, second = memo.get("x", build), memo.get("x", build)

    assert first is second
    assert builds == ["x"]


def test_the_least_recently_used_key_leaves_when_the_memo_is_full() -> None:
    memo: Memo[str] = Memo(size=2)
    memo.get("a", lambda: "a")
    memo.get("b", lambda: "b")
    memo.get("a", lambda: "rebuilt a")  # a is now the most recent
    memo.get("c", lambda: "c")  # so b leaves

    assert len(memo) == 2
    assert memo.get("a", lambda: "rebuilt a") == "a"
    assert memo.get("b", lambda: "rebuilt b") == "rebuilt b"


def test_statements_built_on_a_base_are_kept_only_when_the_base_is_shared() -> None:
    memo: Memo[list[str]] = Memo(size=4)
    transient, shared = select(literal(1)), shared_base(select(literal(2)))

    first = memo.get_on(transient, "page", lambda: ["built"])
    again = memo.get_on(transient, "page", lambda: ["built"])
    assert first is not again
    assert len(memo) == 0

    kept = memo.get_on(shared, "page", lambda: ["built"])
    assert memo.get_on(shared, "page", lambda: ["rebuilt"]) is kept
    assert len(memo) == 1
