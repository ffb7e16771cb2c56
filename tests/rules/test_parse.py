"""Parsing rule expressions: what is accepted, and how refusals say what and where."""

from decimal import Decimal

import pytest

from mercato.rules import ItemUse, RuleSyntaxError, check, parse
from mercato.rules.grammar import MAX_LENGTH, MAX_NESTING
from mercato.rules.nodes import Arith, Compare, Like, Literal, Logical, Member, Not, Root, RootName

# Expressions from OrderCloud's own documentation and SDK starter kits, plus every
# construct of the grammar once.
VALID = [
    "order.Total > 200 and order.xp.MyCustomProperty = 'XYZ'",
    "order.Total > 200 and items.any(CostCenter = 'ABC')",
    "items.total(CostCenter = 'ABC') > 200",
    "items.quantity(ProductID = 'P1' or ProductID = 'P2') > 5",
    "items.any(product.incategory('Toys'))",
    "items.any(Product.inparentcategory('Toys'))",
    "order.approved('id_of_some_other_rule')",
    "(order.Total > 20 and order.approved('rule_id_1')) or approved('rule_id_2')",
    "order.Subtotal > 50",
    "Order.Subtotal >= 60",
    "items.Quantity(SupplierID = 'S1') >= 2",
    "items.quantity()>= 3",
    "items.count() > 1 and items.all(Quantity > 0)",
    "max(order.Total * 0.1, 20)",
    "min(order.Total, 100, order.xp.Cap)",
    "round(order.Subtotal * 0.15, 2)",
    "round(order.Subtotal)",
    "ifs(order.Total > 100, 10, order.Total > 50, 5, 0)",
    "order.xp.myarray.contains('value2')",
    "order.xp.myarray.count() = 3",
    "order.xp.myarray.any(item = 'four')",
    "order.xp.Tags.all(item = 'tag*') = true",
    "items.any(Product.xp.Tags.contains('value2'))",
    "order.xp.Color.in('red', 'blue')",
    "order.xp.Color.in('red,blue')",
    "order.DateCreated > #6/15/2016#",
    "order.DateCreated > #6/15/2016 2:30 PM#",
    "order.DateCreated > #2016-06-15T14:30:00Z#",
    "not order.xp.Rush",
    "not not order.xp.Rush",
    "order.xp.A <> null and order.xp.B != 1 and order.xp.C == 2",
    "-order.Total < -5 and +1 = 1",
    "order.Total % 2 = 0 and order.Total / 4 - 1 >= .5",
    "'It''s' = 'It\\'s'",
    "user.xp.Department = 'Ops' and order.FromUser.xp.Level >= 3",
    "order.BillingAddress.Country = 'US'",
    "order.xp.lines.any(Sku = 'A' and Qty > 1)",
    "items.any(Product.xp.Tags.any(item = 'x'))",
    "true",
    "null = null",
]


@pytest.mark.parametrize("expression", VALID)
def test_documented_expressions_are_accepted(expression: str) -> None:
    check(expression)


@pytest.mark.parametrize(
    ("expression", "code", "message", "position"),
    [
        ("", "Expression.InvalidSyntax", "Expression is empty", 1),
        ("   ", "Expression.InvalidSyntax", "Expression is empty", 4),
        ("order.Total >", "Expression.InvalidSyntax", "Unexpected end of expression", 14),
        ("order.Total > > 5", "Expression.InvalidSyntax", "Unexpected '>'", 15),
        ("order.Total 5", "Expression.InvalidSyntax", "Unexpected '5'", 13),
        ("(order.Total > 5", "Expression.InvalidSyntax", "Expected ')'", 17),
        ("order.Total > 5)", "Expression.InvalidSyntax", "Unexpected ')'", 16),
        ("order.", "Expression.InvalidSyntax", "Expected a property or function name", 7),
        ("1 < 2 < 3", "Expression.InvalidSyntax", "cannot be chained", 7),
        ("order.Total > 5 and", "Expression.InvalidSyntax", "Unexpected end", 20),
        ("and order.Total", "Expression.InvalidSyntax", "Unexpected 'and'", 1),
        ("min(1, 2", "Expression.InvalidSyntax", "Expected ',' or ')'", 9),
        ("items", "Expression.InvalidSyntax", "'items' can only be used as", 1),
        ("items.Total > 5", "Expression.InvalidSyntax", "'items' can only be used as", 7),
        ("items.contains('x')", "Expression.InvalidSyntax", "'items' can only be used as", 7),
        ('order.Total = "5"', "Expression.InvalidToken", "single quotes", 15),
        ("order.xp.Name = 'abc", "Expression.InvalidToken", "Unterminated string", 17),
        ("order.Total ; 5", "Expression.InvalidToken", "Unexpected character ';'", 13),
        ("order.DateCreated > #6/15/2016", "Expression.InvalidToken", "Unterminated date", 21),
        ("order.DateCreated > #13/45/2016#", "Expression.InvalidToken", "Invalid date", 21),
        ("order.DateCreated > #6/15/2016 13:00 PM#", "Expression.InvalidToken", "Invalid date", 21),
        ("Total > 5", "Expression.InvalidToken", "Unknown name 'Total'", 1),
        ("product.incategory('x')", "Expression.InvalidToken", "Unknown name 'product'", 1),
        ("sum(1, 2)", "Expression.InvalidFunction", "Unknown function 'sum'", 1),
        ("order.xp.Tags.first()", "Expression.InvalidFunction", "Unknown function 'first'", 15),
        ("order.xp.approved('x')", "Expression.InvalidFunction", "only available on order", 10),
        ("order.xp.Tags.total()", "Expression.InvalidArguments", "only available on items", 15),
        ("min(1)", "Expression.InvalidArguments", "min() takes at least 2 arguments, not 1", 1),
        ("round()", "Expression.InvalidArguments", "round() takes 1 to 2 arguments, not 0", 1),
        ("ifs(true, 1)", "Expression.InvalidArguments", "an odd number of arguments", 1),
        ("ifs(true, 1, 2, 3)", "Expression.InvalidArguments", "an odd number of arguments", 1),
        ("items.all()", "Expression.InvalidArguments", "all() takes 1 argument, not 0", 7),
        ("items.any(1, 2)", "Expression.InvalidArguments", "any() takes 0 to 1 arguments", 7),
        ("order.approved()", "Expression.InvalidArguments", "approved() takes 1 argument", 7),
    ],
)
def test_invalid_expressions_say_what_and_where(
    expression: str, code: str, message: str, position: int
) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        check(expression)
    error = caught.value
    assert error.code == code
    assert message in error.message
    assert error.position == position
    assert error.message.endswith(f"(position {position}).")
    assert error.body()["Errors"][0]["Data"] == {"Property": None, "Position": position}


def test_syntax_error_can_name_the_property_it_came_from() -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        check("order.Total >")
    error = caught.value.for_property("RuleExpression")
    assert error.status_code == 400
    assert error.body()["Errors"][0] == {
        "ErrorCode": "Expression.InvalidSyntax",
        "Message": "RuleExpression: Unexpected end of expression (position 14).",
        "Data": {"Property": "RuleExpression", "Position": 14},
    }


@pytest.mark.parametrize(
    ("expression", "use", "code"),
    [
        ("item.ProductID = 'A'", ItemUse.forbidden, "Expression.ItemNotAllowed"),
        ("order.Total > item.LineTotal", ItemUse.forbidden, "Expression.ItemNotAllowed"),
        ("order.Total > 5", ItemUse.required, "Expression.ItemRequired"),
        ("items.any(item.ProductID = 'A')", ItemUse.required, "Expression.ItemRequired"),
    ],
)
def test_selected_item_rules_follow_the_expression_kind(
    expression: str, use: ItemUse, code: str
) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        check(expression, item=use)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("expression", "use"),
    [
        ("item.ProductID = 'A'", ItemUse.required),
        ("item.Product.xp.NumberArray.contains(23)", ItemUse.required),
        ("item.LineSubtotal * 0.1", ItemUse.optional),
        ("order.Subtotal * 0.1", ItemUse.optional),
        # Inside a filter ``item`` is the element being tested, never the selected item.
        ("items.any(item.ProductID = 'A')", ItemUse.forbidden),
        ("order.xp.Tags.any(item = 'a')", ItemUse.forbidden),
    ],
)
def test_selected_item_allowed_where_the_kind_permits(expression: str, use: ItemUse) -> None:
    check(expression, item=use)


def test_length_limit_is_400_characters() -> None:
    at_limit = "1 = " + " " * (MAX_LENGTH - 5) + "1"
    assert len(at_limit) == MAX_LENGTH
    check(at_limit)
    with pytest.raises(RuleSyntaxError) as caught:
        check(at_limit + " ")
    assert "longer than 400 characters" in caught.value.message
    assert caught.value.position == MAX_LENGTH + 1


def test_nesting_is_bounded() -> None:
    deepest = "(" * MAX_NESTING + "1" + ")" * MAX_NESTING
    check(deepest)
    with pytest.raises(RuleSyntaxError) as caught:
        check("(" + deepest + ")")
    assert "nested too deeply" in caught.value.message
    with pytest.raises(RuleSyntaxError):
        check("not " * (MAX_NESTING + 1) + "true")
    with pytest.raises(RuleSyntaxError):
        check("-" * (MAX_NESTING + 1) + "1")


def test_filters_nest_at_most_two_deep() -> None:
    check("items.any(Product.xp.Tags.any(item = 'x'))")
    with pytest.raises(RuleSyntaxError) as caught:
        check("items.any(Product.xp.Lists.any(item.any(item = 'x')))")
    assert "at most two levels" in caught.value.message


def test_precedence_and_associativity() -> None:
    tree = parse("not order.A = 1 + 2 * 3 - 4 or true and false").tree
    # or( not(=(A, -(+(1, *(2, 3)), 4))), and(true, false) )
    assert isinstance(tree, Logical)
    assert tree.op == "or"
    assert isinstance(tree.right, Logical)
    assert tree.right.op == "and"
    negation = tree.left
    assert isinstance(negation, Not)
    comparison = negation.operand
    assert isinstance(comparison, Compare)
    assert comparison.left == Member(Root(RootName.order, 5), "A", 11)
    subtraction = comparison.right
    assert isinstance(subtraction, Arith)
    assert subtraction.op == "-"
    addition = subtraction.left
    assert isinstance(addition, Arith)
    assert addition.op == "+"
    assert addition.left == Literal(Decimal(1), 15)
    assert isinstance(addition.right, Arith)
    assert addition.right.op == "*"


def test_wildcard_string_on_the_right_of_equality_is_a_pattern() -> None:
    assert parse("order.xp.Code = 'AB*'").tree == Like(
        Member(Member(Root(RootName.order, 1), "xp", 7), "Code", 10), "AB*", False, 15
    )
    assert isinstance(parse("order.xp.Code <> '*B'").tree, Like)
    assert isinstance(parse("order.xp.Code > 'AB*'").tree, Compare)
    assert isinstance(parse("order.xp.Code = 'AB'").tree, Compare)


def test_parse_reports_what_evaluation_will_need() -> None:
    rule = parse("items.any(product.incategory('T')) and order.approved('R1') or approved('R2')")
    assert rule.uses_categories
    assert not rule.uses_item
    assert rule.approvals == frozenset({"R1", "R2"})
    assert parse("item.Quantity > 1").uses_item


def test_parse_results_are_cached() -> None:
    assert parse("order.Total > 1") is parse("order.Total > 1")


def test_expression_must_be_text() -> None:
    with pytest.raises(TypeError):
        parse(None)  # type: ignore[arg-type]
