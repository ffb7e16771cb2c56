// Orders through the official OrderCloud JavaScript SDK: the getting-started buyer flow
// (browse, cart, addresses, submit), an approval flow (one order approved, one declined)
// the seller's fulfilment (list incoming, ship, complete), and a guest who shops
// anonymously, then registers and keeps the cart.
// Input (environment): BASE_URL, OWNER_CLIENT_ID, OWNER_USERNAME, OWNER_PASSWORD.
// Output: one JSON line with what the test asserts on; exit code 1 on any failure.
import {
  Addresses,
  ApiClients,
  ApprovalRules,
  Auth,
  Buyers,
  Catalogs,
  Configuration,
  LineItems,
  Me,
  Orders,
  PriceSchedules,
  Products,
  SecurityProfiles,
  Tokens,
  UserGroups,
  Users,
} from 'ordercloud-javascript-sdk';

const env = process.env;
const BUYER = 'acme';

function person(id) {
  return { ID: id, Username: id, Password: `${id}-Passw0rd`, FirstName: id, LastName: 'Orders',
    Email: `${id}@example.com`, Active: true };
}

const HOME = { FirstName: 'Bob', LastName: 'Buyer', Street1: '1 Main St', City: 'Minneapolis',
  State: 'MN', Zip: '55401', Country: 'US' };
const INVOICES = { CompanyName: 'Acme', Street1: '9 Ledger Rd', City: 'St Paul', State: 'MN',
  Zip: '55101', Country: 'US' };

async function loginAs(username, clientID) {
  const token = await Auth.Login(username, `${username}-Passw0rd`, clientID, ['Shopper']);
  Tokens.SetAccessToken(token.access_token);
}

async function expectError(promise) {
  try {
    await promise;
  } catch (e) {
    return { status: e.status, errorCode: e.errorCode };
  }
  throw new Error('the call was expected to fail');
}

/** The parts of an order the test asserts on; dates only as "is set". */
function summary(order) {
  return { Status: order.Status, IsSubmitted: order.IsSubmitted, Subtotal: order.Subtotal,
    Total: order.Total, LineItemCount: order.LineItemCount, FromUserID: order.FromUserID,
    ShippingAddressID: order.ShippingAddressID, BillingAddressID: order.BillingAddressID,
    BillingStreet: order.BillingAddress?.Street1 ?? null,
    dates: Object.fromEntries(['DateSubmitted', 'DateApproved', 'DateDeclined', 'DateCompleted']
      .map((d) => [d, Boolean(order[d])])) };
}

async function lines(orderID) {
  const page = await LineItems.List('Outgoing', orderID, { sortBy: ['ProductID'] });
  return page.Items.map((li) => ({ ProductID: li.ProductID, Quantity: li.Quantity,
    UnitPrice: li.UnitPrice, LineSubtotal: li.LineSubtotal, LineTotal: li.LineTotal,
    QuantityShipped: li.QuantityShipped, ShippingAddressID: li.ShippingAddressID,
    ShipStreet: li.ShippingAddress?.Street1 ?? null }));
}

async function setUp() {
  const store = await ApiClients.Create({ AppName: 'Storefront', Active: true,
    AccessTokenDuration: 600, AllowAnyBuyer: true });
  await Buyers.Create({ ID: BUYER, Name: 'Acme', Active: true });
  for (const user of ['bob', 'ada']) await Users.Create(BUYER, person(user));
  await SecurityProfiles.Create({ ID: 'shopper', Name: 'Shopper', Roles: ['Shopper'] });
  await SecurityProfiles.SaveAssignment({ SecurityProfileID: 'shopper', BuyerID: BUYER });
  // Guests shop as a template user through a client without a secret.
  await Users.Create(BUYER, person('guest-template'));
  const guests = await ApiClients.Create({ AppName: 'Guest storefront', Active: true,
    AccessTokenDuration: 600, AllowAnyBuyer: true, IsAnonBuyer: true,
    DefaultContextUserName: 'guest-template' });

  await PriceSchedules.Create({ ID: 'pen-price', Name: 'Pen', PriceBreaks: [{ Quantity: 1,
    Price: 3.33 }] });
  await PriceSchedules.Create({ ID: 'chair-price', Name: 'Chair', PriceBreaks: [{ Quantity: 1,
    Price: 12.5 }] });
  await Products.Create({ ID: 'pen', Name: 'Pen', Active: true,
    DefaultPriceScheduleID: 'pen-price' });
  await Products.Create({ ID: 'chair', Name: 'Chair', Active: true,
    DefaultPriceScheduleID: 'chair-price' });
  await Catalogs.Create({ ID: 'office', Name: 'Office', Active: true });
  await Catalogs.SaveAssignment({ CatalogID: 'office', BuyerID: BUYER, ViewAllProducts: true });
  for (const product of ['pen', 'chair']) {
    await Catalogs.SaveProductAssignment({ CatalogID: 'office', ProductID: product });
  }

  // A saved address in the buyer's address book, and the approvers.
  await Addresses.Create(BUYER, { ID: 'hq', AddressName: 'Head office', CompanyName: 'Acme',
    Street1: '5 Tower Sq', City: 'Duluth', State: 'MN', Zip: '55802', Country: 'US' });
  await Addresses.SaveAssignment(BUYER, { AddressID: 'hq', IsShipping: true, IsBilling: true });
  await UserGroups.Create(BUYER, { ID: 'approvers', Name: 'Approvers' });
  await UserGroups.SaveUserAssignment(BUYER, { UserGroupID: 'approvers', UserID: 'ada' });
  await ApprovalRules.Create(BUYER, { ID: 'over-100', Name: 'Over 100',
    ApprovingGroupID: 'approvers', RuleExpression: 'order.Total > 100' });
  return { store: store.ID, guests: guests.ID };
}

// Ship to the saved address: for the whole order (PATCH its ShippingAddressID, as the
// vendor's docs advise) or for one line (the line's ShippingAddressID).
async function placeWithSavedAddress(chairs, { perLine }) {
  const order = await Orders.Create('Outgoing', { Comments: `${chairs} chairs` });
  const line = { ProductID: 'chair', Quantity: chairs };
  await LineItems.Create('Outgoing', order.ID, perLine ? { ...line, ShippingAddressID: 'hq' } : line);
  await Orders.Patch('Outgoing', order.ID,
    perLine ? { BillingAddressID: 'hq' } : { ShippingAddressID: 'hq', BillingAddressID: 'hq' });
  return Orders.Submit('Outgoing', order.ID);
}

async function shop(out) {
  const page = await Me.ListProducts({ sortBy: ['ID'] });
  out.browsed = page.Items.map((p) => [p.ID, p.PriceSchedule.PriceBreaks[0].Price]);

  const cart = await Orders.Create('Outgoing', {});
  out.created = summary(cart);
  await LineItems.Create('Outgoing', cart.ID, { ProductID: 'pen', Quantity: 3 });
  await Orders.SetShippingAddress('Outgoing', cart.ID, HOME);
  out.billed = summary(await Orders.SetBillingAddress('Outgoing', cart.ID, INVOICES));
  out.cartLines = await lines(cart.ID);
  await Orders.Validate('Outgoing', cart.ID);
  out.submitted = summary(await Orders.Submit('Outgoing', cart.ID));
  out.resubmit = await expectError(Orders.Submit('Outgoing', cart.ID));

  const big = await placeWithSavedAddress(12, { perLine: false }); // 150.00: needs approval
  // 125.00: needs approval too, and will be declined.
  const bigger = await placeWithSavedAddress(10, { perLine: true });
  out.awaiting = { big: summary(big), bigger: summary(bigger) };
  out.savedAddressLines = { big: await lines(big.ID), bigger: await lines(bigger.ID) };
  out.bobApproves = await expectError(Orders.Approve('Outgoing', big.ID, {}));
  return { cart: cart.ID, big: big.ID, bigger: bigger.ID };
}

async function approve(out, ids) {
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  const approvable = await Me.ListApprovableOrders({ sortBy: ['Total'] });
  out.approvable = approvable.Items.map((o) => names[o.ID]);
  out.approved = summary(await Orders.Approve('Outgoing', ids.big, { Comments: 'ok' }));
  out.declined = summary(await Orders.Decline('Outgoing', ids.bigger,
    { Comments: 'too many chairs' }));
  out.approvableAfter = (await Me.ListApprovableOrders()).Meta.TotalCount;
  const approvals = await Orders.ListApprovals('Outgoing', ids.big);
  out.approvals = approvals.Items.map((a) => ({ ApprovalRuleID: a.ApprovalRuleID,
    ApprovingGroupID: a.ApprovingGroupID, Status: a.Status, Approver: a.Approver?.ID,
    Comments: a.Comments }));
}

async function fulfil(out, ids) {
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  const incoming = await Orders.List('Incoming', { buyerID: BUYER, sortBy: ['Total'] });
  out.incoming = incoming.Items.map((o) => [names[o.ID], o.Status, o.Total]);
  out.completed = summary(await Orders.Complete('Incoming', ids.big));
  out.completeDeclined = await expectError(Orders.Complete('Incoming', ids.bigger));
  out.shipped = summary(await Orders.Ship('Incoming', ids.cart,
    { Shipper: 'UPS', TrackingNumber: '1Z999' }));
  const shipments = await Orders.ListShipments('Incoming', ids.cart);
  out.shipments = shipments.Items.map((s) => ({ Shipper: s.Shipper,
    TrackingNumber: s.TrackingNumber, BuyerID: s.BuyerID }));
  out.shippedLines = (await LineItems.List('Incoming', ids.cart)).Items
    .map((li) => [li.ProductID, li.Quantity, li.QuantityShipped]);
}

// A guest fills a cart anonymously, registers, and submits the same cart as the new user.
async function guestRegisters(out, guestsClientID) {
  const guest = await Auth.Anonymous(guestsClientID, ['Shopper']);
  Tokens.SetAccessToken(guest.access_token);
  const cart = await Orders.Create('Outgoing', {});
  await LineItems.Create('Outgoing', cart.ID, { ProductID: 'chair', Quantity: 2 });
  const registered = await Me.Register(person('carol'), { anonUserToken: guest.access_token });
  Tokens.SetAccessToken(registered.access_token);
  const carol = await Me.Get();
  const mine = await Me.ListOrders({ filters: { Status: 'Unsubmitted' } });
  out.guest = { user: [carol.ID, carol.Buyer.ID], carts: mine.Items.map((o) => o.ID === cart.ID),
    submitted: summary(await Orders.Submit('Outgoing', cart.ID)) };
  // The template user signing in does not see the guest's (now carol's) order.
  await loginAs('guest-template', guestsClientID);
  out.guest.templateSees = (await Me.ListOrders()).Meta.TotalCount;
}

async function main() {
  Configuration.Set({ baseApiUrl: env.BASE_URL });
  const owner = await Auth.Login(env.OWNER_USERNAME, env.OWNER_PASSWORD, env.OWNER_CLIENT_ID,
    ['FullAccess']);
  Tokens.SetAccessToken(owner.access_token);
  const out = {};
  const { store, guests } = await setUp();

  await loginAs('bob', store);
  const ids = await shop(out);
  await loginAs('ada', store);
  await approve(out, ids);

  Tokens.SetAccessToken(owner.access_token);
  await fulfil(out, ids);
  await loginAs('bob', store);
  const mine = await Me.ListOrders({ sortBy: ['Total'] });
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  out.myOrders = mine.Items.map((o) => [names[o.ID], o.Status]);
  await guestRegisters(out, guests);
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e?.errors ? JSON.stringify({ status: e.status, errors: e.errors }) : e);
  process.exit(1);
});
