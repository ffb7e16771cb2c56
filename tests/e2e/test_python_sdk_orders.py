"""Orders through the community Python SDK (ordercloud-python).

The owner sets up a buyer with two users, a catalog with two priced products, a saved
address, an approving group and an approval rule through the SDK's resource methods. The
buyer then follows the getting-started flow (browse, cart, addresses, submit; on the way it
keeps a private address of its own and ships the cart there for a while), places
two orders over the rule's limit, the approver approves one and declines the other, and
the owner fulfils: lists incoming orders, completes one and ships another. The typed
models the SDK sends carry read-only fields (totals, counts) that the server must ignore.
The scenario runs once per module; each test checks one thing it observed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from ordercloud import OrderCloudClient
from ordercloud.errors import OrderCloudError
from ordercloud.models.address import Address
from ordercloud.models.approval import ApprovalRule
from ordercloud.models.buyer import BuyerAddress
from ordercloud.models.line_item import LineItem
from ordercloud.models.misc import OrderDirection
from ordercloud.models.order import Order, OrderApproval, OrderApprovalInfo
from ordercloud.models.price_schedule import PriceBreak, PriceSchedule
from ordercloud.models.product import Product
from ordercloud.models.shipment import Shipment
from ordercloud.models.user_group import UserGroup

from tests.e2e.conftest import LiveServer
from tests.e2e.python_sdk import OWNER_SECRET, login, person, refusal, sdk

BUYER = "acme"
OUT = OrderDirection.Outgoing
SHOPPER = ["Shopper", "MeAddressAdmin"]
IN = OrderDirection.Incoming


def _address(street: str, city: str, zip_code: str, **fields: Any) -> Address[Any]:
    return Address(street1=street, city=city, state="MN", zip=zip_code, country="US", **fields)


HOME = _address("1 Main St", "Minneapolis", "55401", first_name="Bob")
INVOICES = _address("9 Ledger Rd", "St Paul", "55101", company_name="Acme")


@dataclass
class Scenario:
    browsed: dict[str, float] = field(default_factory=dict)
    # Order IDs by name: "cart" (the guide's flow), "big" and "bigger" (over the rule).
    ids: dict[str, str] = field(default_factory=dict)
    # Each order as it was right after a step, by "<name> <step>".
    seen: dict[str, Order[Any]] = field(default_factory=dict)
    lines: dict[str, list[LineItem[Any]]] = field(default_factory=dict)
    approvable: list[str] = field(default_factory=list)
    approvals: list[OrderApproval] = field(default_factory=list)
    incoming: list[tuple[str, str, float]] = field(default_factory=list)
    shipments: list[Shipment[Any]] = field(default_factory=list)
    my_shipping_addresses: list[tuple[str, bool]] = field(default_factory=list)
    my_orders: list[tuple[str, str]] = field(default_factory=list)
    # The guest who registered: (user ID, buyer ID), and its order as the new user sees it.
    registered: tuple[str, str | None] = ("", None)
    # None when the attempt was allowed, so one wrong answer fails one test, not the module.
    refusals: dict[str, OrderCloudError | None] = field(default_factory=dict)

    def name_of(self, order_id: str | None) -> str:
        return {v: k for k, v in self.ids.items()}.get(order_id or "", order_id or "")


async def _set_up(owner: OrderCloudClient) -> str:
    """The owner's side; returns the ID of the API client buyers log in through."""
    store = await owner.api_clients.create(
        {"AppName": "Storefront", "Active": True, "AccessTokenDuration": 600, "AllowAnyBuyer": True}
    )
    await owner.buyers.create({"ID": BUYER, "Name": "Acme", "Active": True})
    for user in ("bob", "ada"):
        await owner.users.create(BUYER, person(user, f"{user}-Passw0rd"))
    await owner.security_profiles.create({"ID": "shopper", "Name": "S", "Roles": SHOPPER})
    await owner.security_profiles.save_assignment(
        {"SecurityProfileID": "shopper", "BuyerID": BUYER}
    )

    for product, price in (("pen", 3.33), ("chair", 12.5)):
        schedule: PriceSchedule[Any] = PriceSchedule(
            id=f"{product}-price", name=product, price_breaks=[PriceBreak(quantity=1, price=price)]
        )
        await owner.price_schedules.create(schedule)
        await owner.products.create(
            Product(id=product, name=product, active=True, default_price_schedule_id=schedule.id)
        )
    await owner.catalogs.create({"ID": "office", "Name": "Office", "Active": True})
    await owner.catalogs.save_assignment(
        {"CatalogID": "office", "BuyerID": BUYER, "ViewAllProducts": True}
    )
    for product in ("pen", "chair"):
        await owner.catalogs.save_product_assignment({"CatalogID": "office", "ProductID": product})

    await owner.addresses.create(
        BUYER,
        _address("5 Tower Sq", "Duluth", "55802", id="hq", address_name="Head office"),
    )
    await owner.addresses.save_assignment(
        BUYER, {"AddressID": "hq", "IsShipping": True, "IsBilling": True}
    )
    await owner.user_groups.create(BUYER, UserGroup(id="approvers", name="Approvers"))
    await owner.user_groups.save_user_assignment(
        BUYER, {"UserGroupID": "approvers", "UserID": "ada"}
    )
    await owner.approval_rules.create(
        BUYER,
        ApprovalRule(
            id="over-100",
            name="Over 100",
            approving_group_id="approvers",
            rule_expression="order.Total > 100",
        ),
    )
    return str(store.id)


async def _shop(buyer: OrderCloudClient, s: Scenario) -> None:
    """The getting-started flow, then two orders that need approval."""
    products = await buyer.me.list_products(sort_by="ID")
    s.browsed = {
        p.id or "": p.price_schedule.price_breaks[0].price or 0
        for p in products.items
        if p.price_schedule and p.price_schedule.price_breaks
    }
    cart = await buyer.orders.create(OUT, Order())
    s.ids["cart"] = cart.id or ""
    s.seen["cart created"] = cart
    await buyer.line_items.create(OUT, s.ids["cart"], LineItem(product_id="pen", quantity=3))
    await buyer.me.create_address(
        BuyerAddress(street1="7 Lake Rd", city="Ely", country="US", id="cabin", shipping=True)
    )
    mine = await buyer.me.list_addresses(sort_by="ID", filters={"Shipping": True})
    s.my_shipping_addresses = [(a.id or "", bool(a.editable)) for a in mine.items]
    await buyer.orders.patch(OUT, s.ids["cart"], {"ShippingAddressID": "cabin"})
    s.lines["cart to cabin"] = (await buyer.line_items.list(OUT, s.ids["cart"])).items
    await buyer.orders.set_shipping_address(OUT, s.ids["cart"], HOME)
    s.seen["cart billed"] = await buyer.orders.set_billing_address(OUT, s.ids["cart"], INVOICES)
    s.lines["cart"] = (await buyer.line_items.list(OUT, s.ids["cart"])).items
    await buyer.orders.validate(OUT, s.ids["cart"])
    s.seen["cart submitted"] = await buyer.orders.submit(OUT, s.ids["cart"])
    s.refusals["submit twice"] = await refusal(buyer.orders.submit(OUT, s.ids["cart"]))

    # "big" names the saved address on the order before any line; "bigger" on its line.
    big = await buyer.orders.create(
        OUT, Order(shipping_address_id="hq", billing_address_id="hq", comments="12 chairs")
    )
    await buyer.line_items.create(OUT, big.id or "", LineItem(product_id="chair", quantity=12))
    bigger = await buyer.orders.create(OUT, Order(billing_address_id="hq", comments="10 chairs"))
    await buyer.line_items.create(
        OUT, bigger.id or "", LineItem(product_id="chair", quantity=10, shipping_address_id="hq")
    )
    for name, order in (("big", big), ("bigger", bigger)):
        s.ids[name] = order.id or ""
        s.lines[name] = (await buyer.line_items.list(OUT, s.ids[name])).items
        s.seen[f"{name} submitted"] = await buyer.orders.submit(OUT, s.ids[name])
    s.refusals["buyer approves"] = await refusal(
        buyer.orders.approve(OUT, s.ids["big"], OrderApprovalInfo())
    )


async def _approve(approver: OrderCloudClient, s: Scenario) -> None:
    approvable = await approver.me.list_approvable_orders(sort_by="Total")
    s.approvable = [s.name_of(o.id) for o in approvable.items]
    s.seen["big approved"] = await approver.orders.approve(
        OUT, s.ids["big"], OrderApprovalInfo(comments="ok")
    )
    s.seen["bigger declined"] = await approver.orders.decline(
        OUT, s.ids["bigger"], OrderApprovalInfo(comments="too many chairs")
    )
    s.approvals = (await approver.orders.list_approvals(OUT, s.ids["big"])).items


async def _fulfil(owner: OrderCloudClient, s: Scenario) -> None:
    incoming = await owner.orders.list(IN, buyer_id=BUYER, sort_by="Total")
    s.incoming = [(s.name_of(o.id), str(o.status), o.total) for o in incoming.items]
    s.seen["big completed"] = await owner.orders.complete(IN, s.ids["big"])
    s.refusals["complete a declined order"] = await refusal(
        owner.orders.complete(IN, s.ids["bigger"])
    )
    s.seen["cart shipped"] = await owner.orders.ship(
        IN, s.ids["cart"], Shipment(shipper="UPS", tracking_number="1Z999")
    )
    s.shipments = (await owner.orders.list_shipments(IN, s.ids["cart"])).items
    s.lines["cart shipped"] = (await owner.line_items.list(IN, s.ids["cart"])).items


async def _guest_registers(server: LiveServer, owner: OrderCloudClient, s: Scenario) -> None:
    """A guest fills a cart, registers as carol, and carol signs in to find the cart."""
    await owner.users.create(BUYER, person("template", "template-Passw0rd"))
    guests = await owner.api_clients.create(
        {"AppName": "Guests", "Active": True, "AccessTokenDuration": 600, "AllowAnyBuyer": True,
         "IsAnonBuyer": True, "DefaultContextUserName": "template"}
    )  # fmt: skip
    guests_id = str(guests.id)
    async with sdk(server, guests_id, scopes=["Shopper"]) as guest:
        # With no secret and no login, the SDK's client-credentials token is a guest's.
        anon_token = await guest._token_manager.get_token(guest._http._client)
        cart_id = str((await guest.orders.create(OUT, Order())).id)
        await guest.line_items.create(OUT, cart_id, LineItem(product_id="chair", quantity=2))
        s.ids["guest"] = cart_id
        await guest.me.register(person("carol", "carol-Passw0rd"), anon_user_token=anon_token)
    async with sdk(server, guests_id, scopes=["Shopper"]) as carol:
        await login(carol, "carol", "carol-Passw0rd")
        me = await carol.me.get()
        s.registered = (str(me.id), me.buyer.id if me.buyer else None)
        s.seen["guest registered"] = await carol.orders.get(OUT, cart_id)


async def _scenario(server: LiveServer) -> Scenario:
    owner_info = server.init_marketplace(client_secret=OWNER_SECRET)
    s = Scenario()
    async with sdk(server, owner_info["ClientID"], OWNER_SECRET) as owner:
        store = await _set_up(owner)
        async with sdk(server, store, scopes=SHOPPER) as buyer:
            await login(buyer, "bob", "bob-Passw0rd")
            await _shop(buyer, s)
            async with sdk(server, store, scopes=SHOPPER) as approver:
                await login(approver, "ada", "ada-Passw0rd")
                await _approve(approver, s)
            await _fulfil(owner, s)
            mine = await buyer.me.list_orders(sort_by="Total")
            s.my_orders = [(s.name_of(o.id), str(o.status)) for o in mine.items]
        await _guest_registers(server, owner, s)
    return s


@pytest.fixture(scope="module")
def scenario(live_server: LiveServer) -> Scenario:
    return asyncio.run(_scenario(live_server))


def _dates(order: Order[Any]) -> set[str]:
    names = ("date_submitted", "date_approved", "date_declined", "date_completed")
    return {name for name in names if getattr(order, name)}


def test_the_buyer_browses_its_catalog_at_list_prices(scenario: Scenario) -> None:
    assert scenario.browsed == {"chair": 12.5, "pen": 3.33}


def test_a_new_order_is_an_unsubmitted_cart_of_the_buyer(scenario: Scenario) -> None:
    cart = scenario.seen["cart created"]

    assert (str(cart.status), cart.is_submitted, cart.from_user_id) == ("Unsubmitted", False, "bob")
    assert (cart.from_company_id, cart.line_item_count, cart.total) == (BUYER, 0, 0)


def test_a_line_item_is_priced_exactly(scenario: Scenario) -> None:
    (line,) = scenario.lines["cart"]

    assert (line.product_id, line.quantity, line.unit_price) == ("pen", 3, 3.33)
    assert (line.line_subtotal, line.line_total, line.quantity_shipped) == (9.99, 9.99, 0)


def test_one_off_addresses_land_on_the_order_and_its_lines(scenario: Scenario) -> None:
    billed = scenario.seen["cart billed"]
    (line,) = scenario.lines["cart"]

    assert billed.billing_address is not None
    assert (billed.billing_address.street1, billed.billing_address_id) == ("9 Ledger Rd", None)
    assert line.shipping_address is not None
    assert (line.shipping_address.street1, line.shipping_address_id) == ("1 Main St", None)


def test_a_private_address_lists_as_editable_and_ships_the_cart(scenario: Scenario) -> None:
    assert scenario.my_shipping_addresses == [("cabin", True), ("hq", False)]
    line = scenario.lines["cart to cabin"][0]
    assert line.shipping_address is not None
    assert (line.shipping_address_id, line.shipping_address.city) == ("cabin", "Ely")


def test_the_submitted_cart_is_open_with_exact_totals(scenario: Scenario) -> None:
    submitted = scenario.seen["cart submitted"]

    assert (str(submitted.status), submitted.is_submitted) == ("Open", True)
    assert (submitted.subtotal, submitted.total, submitted.line_item_count) == (9.99, 9.99, 1)
    assert _dates(submitted) == {"date_submitted"}


@pytest.mark.parametrize("name", ["big", "bigger"])
def test_a_saved_address_ships_and_bills_by_its_id(scenario: Scenario, name: str) -> None:
    order = scenario.seen[f"{name} submitted"]
    (line,) = scenario.lines[name]

    assert (order.shipping_address_id, order.billing_address_id) == ("hq", "hq")
    assert order.billing_address is not None
    assert order.billing_address.street1 == "5 Tower Sq"
    assert line.shipping_address is not None
    assert (line.shipping_address_id, line.shipping_address.street1) == ("hq", "5 Tower Sq")


def test_orders_over_the_rule_wait_for_approval(scenario: Scenario) -> None:
    statuses = {
        name: (
            str(scenario.seen[f"{name} submitted"].status),
            scenario.seen[f"{name} submitted"].total,
        )
        for name in ("big", "bigger")
    }

    assert statuses == {"big": ("AwaitingApproval", 150), "bigger": ("AwaitingApproval", 125)}
    assert scenario.approvable == ["bigger", "big"]


def test_the_approver_approves_one_and_declines_the_other(scenario: Scenario) -> None:
    approved = scenario.seen["big approved"]
    declined = scenario.seen["bigger declined"]

    assert str(approved.status) == "Open"
    assert _dates(approved) == {"date_submitted", "date_approved"}
    assert str(declined.status) == "Declined"
    assert _dates(declined) == {"date_submitted", "date_declined"}
    (approval,) = scenario.approvals
    assert (approval.approval_rule_id, approval.approving_group_id) == ("over-100", "approvers")
    assert (str(approval.status), approval.comments) == ("Approved", "ok")
    assert approval.approver is not None
    assert approval.approver.id == "ada"


def test_the_seller_lists_incoming_orders_and_completes_an_open_one(scenario: Scenario) -> None:
    completed = scenario.seen["big completed"]

    assert scenario.incoming == [
        ("cart", "Open", 9.99),
        ("bigger", "Declined", 125),
        ("big", "Open", 150),
    ]
    assert str(completed.status) == "Completed"
    assert _dates(completed) == {"date_submitted", "date_approved", "date_completed"}


def test_shipping_an_order_ships_every_line_and_completes_it(scenario: Scenario) -> None:
    shipped = scenario.seen["cart shipped"]

    assert str(shipped.status) == "Completed"
    assert shipped.date_completed
    (shipment,) = scenario.shipments
    assert (shipment.shipper, shipment.tracking_number, shipment.buyer_id) == (
        "UPS",
        "1Z999",
        BUYER,
    )
    assert [(li.product_id, li.quantity_shipped) for li in scenario.lines["cart shipped"]] == [
        ("pen", 3)
    ]


def test_the_buyer_sees_where_each_order_ended(scenario: Scenario) -> None:
    assert scenario.my_orders == [
        ("cart", "Completed"),
        ("bigger", "Declined"),
        ("big", "Completed"),
    ]


@pytest.mark.parametrize(
    ("attempt", "status", "error_code"),
    [
        ("submit twice", 400, "Order.CannotSubmitBadStatus"),
        # The buyer who placed the order is not in the approving group.
        ("buyer approves", 403, "Order.NotEligibleToApprove"),
        ("complete a declined order", 400, "Order.CannotCompleteBadStatus"),
    ],
)
def test_out_of_turn_steps_are_refused(
    scenario: Scenario, attempt: str, status: int, error_code: str
) -> None:
    refused = scenario.refusals[attempt]

    assert refused is not None, f"allowed: {attempt}"
    assert refused.status_code == status
    assert [e.error_code for e in refused.errors] == [error_code]


def test_a_registered_guest_signs_in_and_finds_its_cart(scenario: Scenario) -> None:
    assert scenario.registered == ("carol", BUYER)
    order = scenario.seen["guest registered"]
    assert (order.from_user_id, str(order.status), order.subtotal) == ("carol", "Unsubmitted", 25)
