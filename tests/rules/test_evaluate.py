"""Evaluating rule expressions against an order, its line items and the ordering user."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from mercato.rules import RuleContext, RuleEvaluationError, RuleSyntaxError, evaluate, matches

ORDER: dict[str, Any] = {
    "ID": "O1",
    "Total": 250.5,
    "Subtotal": Decimal("230.50"),
    "ShippingCost": 20,
    "LineItemCount": 3,
    "IsSubmitted": False,
    "Comments": None,
    "DateCreated": "2024-03-01T10:00:00+00:00",
    "DateSubmitted": datetime(2024, 3, 2, 9, 30),  # noqa: DTZ001 - naive is read as UTC
    "BillingAddress": {"Country": "US", "State": "MN"},
    "FromUser": {"ID": "buyer1", "xp": {"Level": 3}},
    "xp": {
        "A": 0.1,
        "B": 0.2,
        "Region": "EU",
        "Rush": True,
        "Budget": "1000",
        "Zip": 90210,
        "Tags": ["tag1", "Tag2"],
        "Numbers": [1, 2.5, 20],
        "Lines": [{"Sku": "A", "Qty": 2}, {"Sku": "B", "Qty": 1}],
        "Nested": {"Deep": {"Value": 7}},
        "Shipped": date(2024, 3, 5),
    },
}
ITEMS: list[dict[str, Any]] = [
    {
        "ID": "L1",
        "ProductID": "P1",
        "Quantity": 2,
        "UnitPrice": 10.25,
        "LineSubtotal": 20.5,
        "LineTotal": 20.5,
        "CostCenter": "ABC",
        "Product": {"ID": "P1", "Name": "Ball", "xp": {"Tags": ["toy", "red"], "Weight": 1.5}},
        "xp": {"Gift": True},
    },
    {
        "ID": "L2",
        "ProductID": "P2",
        "Quantity": 3,
        "UnitPrice": 70,
        "LineSubtotal": 210,
        "LineTotal": 200,
        "CostCenter": "XYZ",
        "Product": {"ID": "P2", "Name": "Bike", "xp": {"Tags": ["sport"]}},
        "xp": {},
    },
    {
        "ID": "L3",
        "ProductID": "P3",
        "Quantity": 1,
        "UnitPrice": 10,
        "LineSubtotal": 10,
        "LineTotal": 10,
        "CostCenter": None,
        "Product": {"ID": "P3", "Name": "Bell", "xp": {}},
        "xp": {},
    },
]
USER: dict[str, Any] = {"ID": "buyer1", "Username": "ann", "xp": {"Department": "Ops"}}

CONTEXT = RuleContext(
    order=ORDER,
    items=ITEMS,
    user=USER,
    item=ITEMS[1],
    approved_rules=frozenset({"Manager"}),
    product_categories={"P1": ["balls"], "P2": ["bikes", "outdoor"]},
    category_parents={"balls": "toys", "toys": "all", "bikes": "sport", "outdoor": None},
)


def D(text: str) -> Decimal:  # noqa: N802 - reads like a literal
    return Decimal(text)


VALUES = [
    # literals
    ("1", D("1")),
    ("2.50", D("2.50")),
    (".5", D("0.5")),
    ("'text'", "text"),
    ("'It''s'", "It's"),
    ("true", True),
    ("FALSE", False),
    ("null", None),
    ("#6/15/2016#", datetime(2016, 6, 15, tzinfo=UTC)),
    ("#6/15/2016 2:30 PM#", datetime(2016, 6, 15, 14, 30, tzinfo=UTC)),
    # property access, exact then ignoring case
    ("order.Total", D("250.5")),
    ("order.total", D("250.5")),
    ("Order.SUBTOTAL", D("230.50")),
    ("order.xp.Nested.Deep.Value", D("7")),
    ("order.BillingAddress.Country", "US"),
    ("order.FromUser.xp.Level", D("3")),
    ("order.Missing", None),
    ("order.xp.Missing.Deeper", None),
    ("order.Total.Nope", None),
    ("user.xp.Department", "Ops"),
    ("user.Username", "ann"),
    ("item.ProductID", "P2"),
    ("item.product.xp.Tags.count()", D("1")),
    ("order.DateSubmitted", datetime(2024, 3, 2, 9, 30, tzinfo=UTC)),
    ("order.xp.Shipped", datetime(2024, 3, 5, tzinfo=UTC)),
    # arithmetic
    ("1 + 2 * 3", D("7")),
    ("(1 + 2) * 3", D("9")),
    ("10 - 4 - 3", D("3")),
    ("12 / 4 / 3", D("1")),
    ("100 / 10", D("10")),
    ("1 / 3", D("0.3333333333333333333333333333")),
    ("10 % 3", D("1")),
    ("-7 % 3", D("-1")),
    ("-order.Total", D("-250.5")),
    ("- -2", D("2")),
    ("+2", D("2")),
    ("'ab' + 'cd'", "abcd"),
    ("order.xp.Budget * 2", D("2000")),
    ("order.Missing + 1", None),
    ("-order.Missing", None),
    # comparisons
    ("1 = 1", True),
    ("1 = 1.00", True),
    ("1 <> 2", True),
    ("1 != 1", False),
    ("1 == 1", True),
    ("2 > 1", True),
    ("2 < 1", False),
    ("2 >= 2", True),
    ("2 <= 1", False),
    ("'abc' = 'ABC'", True),
    ("'abc' < 'abd'", True),
    ("'B' > 'a'", True),
    ("true = true", True),
    ("true <> false", True),
    ("order.xp.Budget >= 1000", True),
    ("order.xp.Budget = 1000.0", True),
    ("order.xp.Region = 5", False),
    ("order.xp.Region <> 5", True),
    ("order.DateCreated > #2/29/2024#", True),
    ("order.DateCreated < #2024-03-01T11:00:00+01:00#", False),
    ("order.DateSubmitted >= #3/2/2024#", True),
    ("order.xp.Tags = order.xp.Tags", True),
    # null
    ("null = null", True),
    ("order.Comments = null", True),
    ("order.Missing = null", True),
    ("order.Missing <> null", False),
    ("order.Total = null", False),
    ("order.Total <> null", True),
    ("order.Missing = 0", False),
    ("order.Missing <> 0", True),
    ("order.Missing > 0", False),
    ("order.Missing < 0", False),
    ("order.Missing <= 0", False),
    # wildcards
    ("order.xp.Region = 'E*'", True),
    ("order.xp.Region = 'e*'", True),
    ("order.xp.Region = '*U'", True),
    ("order.xp.Region = '*'", True),
    ("order.xp.Region = 'X*'", False),
    ("order.xp.Region <> 'X*'", True),
    ("order.xp.Zip = '902*'", True),
    ("order.Missing = 'a*'", False),
    ("order.Missing <> 'a*'", True),
    ("'a.c' = 'a.*'", True),
    ("'abc' = 'a.*'", False),
    # logic
    ("true and true", True),
    ("true and false", False),
    ("false or true", True),
    ("false or false", False),
    ("not true", False),
    ("not order.xp.Rush", False),
    ("not order.Missing", True),
    ("order.Missing and true", False),
    ("order.Missing or true", True),
    ("not 1 = 2", True),
    ("true or false and false", True),
    ("(true or false) and false", False),
    # items functions
    ("items.any()", True),
    ("items.any(ProductID = 'P2')", True),
    ("items.any(productid = 'p9')", False),
    ("items.any(CostCenter = 'ABC')", True),
    ("items.all(Quantity > 0)", True),
    ("items.all(Quantity > 1)", False),
    ("items.count()", D("3")),
    ("items.count(UnitPrice >= 10.25)", D("2")),
    ("items.quantity()", D("6")),
    ("items.quantity(ProductID = 'P1' or ProductID = 'P2')", D("5")),
    ("items.total()", D("230.5")),
    ("items.total(CostCenter = 'ABC')", D("20.5")),
    ("items.total(CostCenter = null)", D("10")),
    ("items.total(ProductID = 'none')", D("0")),
    ("items.Quantity(Product.xp.Tags.contains('toy'))", D("2")),
    ("items.any(Product.xp.Weight > 1)", True),
    ("items.any(xp.Gift)", True),
    ("items.any(item.ProductID = 'P3')", True),
    ("items.any(Product.xp.Tags.any(item = 'spo*'))", True),
    ("items.count(Quantity * UnitPrice > 100)", D("1")),
    ("items.any(ProductID = item.ProductID)", True),
    ("items.any(items.count() = 3)", True),
    # array functions
    ("order.xp.Tags.contains('TAG1')", True),
    ("order.xp.Tags.contains('tag3')", False),
    ("order.xp.Numbers.contains(2.50)", True),
    ("order.xp.Numbers.contains('20')", True),
    ("order.xp.Missing.contains('x')", False),
    ("order.xp.Region.contains('u')", True),
    ("order.xp.Tags.count()", D("2")),
    ("order.xp.Tags.count(item = 'tag*')", D("2")),
    ("order.xp.Numbers.count(item > 2)", D("2")),
    ("order.xp.Tags.any(item = 'tag2')", True),
    ("order.xp.Tags.all(item = 'tag*') = true", True),
    ("order.xp.Numbers.all(item < 20)", False),
    ("order.xp.Missing.any()", False),
    ("order.xp.Missing.all(item = 1)", True),
    ("order.xp.Missing.count()", D("0")),
    ("order.xp.Lines.any(Sku = 'A' and Qty > 1)", True),
    ("order.xp.Lines.count(item.Qty = 1)", D("1")),
    # in
    ("order.xp.Region.in('US', 'EU')", True),
    ("order.xp.Region.in('us, eu')", True),
    ("order.xp.Region.in('US')", False),
    ("order.ShippingCost.in(10, 20)", True),
    ("order.Missing.in('a', 'b')", False),
    # functions
    ("min(3, 1, 2)", D("1")),
    ("max(3, 1, 2)", D("3")),
    ("max(order.Total * 0.1, 20)", D("25.05")),
    ("min(order.Total * 0.1, 20)", D("20")),
    ("min('b', 'a')", "a"),
    ("max(#1/1/2020#, #1/2/2020#)", datetime(2020, 1, 2, tzinfo=UTC)),
    ("min(1, order.Missing)", None),
    ("round(2.345, 2)", D("2.35")),
    ("round(-2.345, 2)", D("-2.35")),
    ("round(2.5)", D("3")),
    ("round(10 / 3, 4)", D("3.3333")),
    ("round(order.Missing, 2)", None),
    ("ifs(order.Total > 1000, 'big', order.Total > 100, 'mid', 'small')", "mid"),
    ("ifs(false, 1, 2)", D("2")),
    ("ifs(order.Missing, 1, 0)", D("0")),
    ("ifs(true, 1, 1 / 0)", D("1")),
    ("approved('Manager')", True),
    ("order.approved('manager')", True),
    ("order.approved('Finance')", False),
    # categories
    ("items.any(product.incategory('balls'))", True),
    ("items.any(product.incategory('toys'))", False),
    ("items.any(product.inparentcategory('toys'))", True),
    ("items.count(Product.inparentcategory('ALL'))", D("1")),
    ("items.any(Product.inparentcategory('sport'))", True),
    ("items.any(Product.incategory('outdoor'))", True),
    ("item.Product.incategory('bikes')", True),
    ("order.Missing.incategory('balls')", False),
    # short-circuits never look at what they skip
    ("false and 1 / 0 = 1", False),
    ("true or 1 / 0 = 1", True),
]


@pytest.mark.parametrize(("expression", "expected"), VALUES)
def test_evaluates_to(expression: str, expected: object) -> None:
    result = evaluate(expression, CONTEXT)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # Floats arrive as their shortest text, so 0.1 + 0.2 is exactly 0.3.
        ("order.xp.A + order.xp.B = 0.3", True),
        ("order.xp.A + order.xp.B", D("0.3")),
        ("0.1 + 0.2 = 0.3", True),
        ("0.1 * 3 = 0.3", True),
        ("1 - 0.9 = 0.1", True),
        ("items.total() = 230.5", True),
        ("items.total(UnitPrice = 10.25) * 3 = 61.5", True),
        ("order.Subtotal = 230.5", True),
        ("1 / 3 * 3 = 1", False),
        ("round(1 / 3 * 3, 2) = 1", True),
        ("99999999999999999999.99 + 0.01 = 100000000000000000000", True),
    ],
)
def test_numbers_are_exact_decimals(expression: str, expected: object) -> None:
    assert evaluate(expression, CONTEXT) == expected


def test_decimal_total_computed_from_parts_compares_exactly() -> None:
    order = {"Total": Decimal("0.1") + Decimal("0.2")}
    assert matches("order.Total = 0.3", RuleContext(order=order))
    assert matches("order.Total = 0.30", RuleContext(order=order))
    float_order = {"Total": 0.1 + 0.2}  # already inexact when it arrives
    assert not matches("order.Total = 0.3", RuleContext(order=float_order))


@pytest.mark.parametrize(
    ("expression", "message", "position"),
    [
        ("order.Total / 0", "Division by zero", 13),
        ("order.Total % (1 - 1)", "Division by zero", 13),
        ("order.xp.Region * 2", "Cannot apply '*' to text and a number", 17),
        ("order.xp.Region - 'x'", "Cannot apply '-'", 17),
        ("true + 1", "Cannot apply '+' to a true/false value and a number", 6),
        ("-order.xp.Region", "Cannot negate text", 1),
        ("order.xp.Region > 5", "Cannot order text against a number", 17),
        ("order.xp.Tags > 1", "Cannot order a list against a number", 15),
        ("true > false", "Cannot order a true/false value", 6),
        ("order.Total and true", "Expected true or false but found a number", 7),
        ("not order.xp.Region", "Expected true or false but found text", 14),
        ("items.any(Quantity)", "Expected true or false but found a number", 11),
        ("order.xp.Region.any()", "Expected a list but found text", 17),
        ("order.xp.Nested.count()", "Expected a list but found an object", 17),
        ("order.xp.Region.contains(1 = 1)", "Cannot look for a true/false value in text", 17),
        ("min(1, 'a')", "Cannot order text against a number", 1),
        ("round('a')", "The value to round must be a number, not text", 1),
        ("round(1.5, 0.5)", "must be a whole number", 1),
        ("round(1.5, 21)", "must be 0 to 20", 1),
        ("round(1.5, -1)", "must be 0 to 20", 1),
        ("approved(1)", "must be text, not a number", 1),
        ("items.any(product.incategory(1))", "A category ID must be text", 19),
        ("ifs(1, 2, 3)", "Expected true or false but found a number", 5),
    ],
)
def test_evaluation_errors_say_what_and_where(expression: str, message: str, position: int) -> None:
    with pytest.raises(RuleEvaluationError) as caught:
        evaluate(expression, CONTEXT)
    error = caught.value
    assert message in error.message
    assert error.position == position
    assert error.code == "Expression.InvalidArguments"
    assert error.status_code == 400
    # A rule that cannot be computed for this order does not match it.
    assert matches(expression, CONTEXT) is False


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("order.Total > 200 and items.any(CostCenter = 'ABC')", True),
        ("items.total(CostCenter = 'ABC') > 200", False),
        ("order.Total", False),  # a number is not a condition
        ("'true'", False),
        ("order.Missing", False),
        ("null", False),
        ("true", True),
        ("order.xp.Rush", True),
    ],
)
def test_matches_only_on_true(expression: str, expected: bool) -> None:
    assert matches(expression, CONTEXT) is expected


def test_matches_still_refuses_invalid_syntax() -> None:
    with pytest.raises(RuleSyntaxError):
        matches("order.Total >", CONTEXT)


def test_minimal_context_reads_absent_parts_as_null_or_empty() -> None:
    bare = RuleContext(order={"Total": 5})
    assert evaluate("user.xp.Department", bare) is None
    assert evaluate("item.ProductID", bare) is None
    assert evaluate("items.any()", bare) is False
    assert evaluate("items.all(Quantity > 100)", bare) is True
    assert evaluate("items.total()", bare) == 0
    assert evaluate("order.approved('Manager')", bare) is False
    assert evaluate("items.any(product.incategory('x'))", bare) is False


def test_exact_key_wins_over_a_case_insensitive_match() -> None:
    context = RuleContext(order={"xp": {"color": "red", "Color": "blue"}})
    assert evaluate("order.xp.Color", context) == "blue"
    assert evaluate("order.xp.color", context) == "red"
    assert evaluate("order.xp.COLOR", context) in {"red", "blue"}


def test_category_cycles_in_the_data_end_the_walk() -> None:
    context = RuleContext(
        order={},
        items=[{"Product": {"ID": "P"}}],
        product_categories={"p": ["A"]},
        category_parents={"A": "B", "B": "A"},
    )
    assert matches("items.any(product.inparentcategory('b'))", context)
    assert not matches("items.any(product.inparentcategory('c'))", context)


def test_non_finite_and_odd_inputs_are_normalised() -> None:
    context = RuleContext(order={"Nan": float("nan"), "Inf": Decimal("Infinity"), "Id": 7})
    assert evaluate("order.Nan", context) is None
    assert evaluate("order.Inf", context) is None
    assert evaluate("order.Id = 7", context) is True


def test_longest_expression_evaluates() -> None:
    chain = "1" + " + 1" * 99  # 397 characters, 99 nested additions
    assert evaluate(chain, CONTEXT) == 100
    both = " and ".join(["true"] * 44)
    assert evaluate(both, CONTEXT) is True
