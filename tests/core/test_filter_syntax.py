import pytest

from mercato.core.filter_syntax import Op, Term, like_pattern, parse_filter_value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("red", (Term(Op.EQ, "red"),)),
        ("!red", (Term(Op.EQ, "red", negated=True),)),
        ("red|blue", (Term(Op.EQ, "red"), Term(Op.EQ, "blue"))),
        ("re*", (Term(Op.LIKE, "re*"),)),
        ("*ed", (Term(Op.LIKE, "*ed"),)),
        ("!*e*", (Term(Op.LIKE, "*e*", negated=True),)),
        (">5", (Term(Op.GT, "5"),)),
        ("<5", (Term(Op.LT, "5"),)),
        (">=5", (Term(Op.GTE, "5"),)),
        ("<=5", (Term(Op.LTE, "5"),)),
        ("!<5", (Term(Op.LT, "5", negated=True),)),
        ("!>5", (Term(Op.GT, "5", negated=True),)),
        ("*", (Term(Op.PRESENT, ""),)),
        ("!*", (Term(Op.PRESENT, "", negated=True),)),
        ("", (Term(Op.EQ, ""),)),
        ("a|!b|c*", (Term(Op.EQ, "a"), Term(Op.EQ, "b", negated=True), Term(Op.LIKE, "c*"))),
    ],
)
def test_parse_filter_value_grammar(raw: str, expected: tuple[Term, ...]) -> None:
    assert parse_filter_value(raw).terms == expected


@pytest.mark.parametrize(
    ("value", "pattern"),
    [("ab*", "ab%"), ("*a_b*", "%a\\_b%"), ("100%*", "100\\%%"), ("a\\b", "a\\\\b")],
)
def test_like_pattern_escapes_sql_wildcards(value: str, pattern: str) -> None:
    assert like_pattern(value) == pattern
