// Catalog and pricing through the official OrderCloud JavaScript SDK: an admin builds a
// catalog and prices, two buyers in different organizations see different products at
// different prices, and a buyer cannot read another buyer's assignments, not even with
// reader roles.
// Input (environment): BASE_URL, OWNER_CLIENT_ID, OWNER_USERNAME, OWNER_PASSWORD.
import {
  ApiClients,
  Auth,
  Buyers,
  Catalogs,
  Categories,
  Configuration,
  Me,
  PriceSchedules,
  Products,
  SecurityProfiles,
  Tokens,
  Users,
} from 'ordercloud-javascript-sdk';

const env = process.env;

function person(id) {
  return { ID: id, Username: id, Password: `${id}-Passw0rd`, FirstName: id, LastName: 'Shop',
    Email: `${id}@example.com`, Active: true };
}

const READER_ROLES = ['ProductReader', 'CatalogReader', 'CategoryReader'];

async function loginAs(username, clientID, roles = ['Shopper']) {
  const token = await Auth.Login(username, `${username}-Passw0rd`, clientID, roles);
  Tokens.SetAccessToken(token.access_token);
}

async function expectError(promise) {
  try {
    await promise;
  } catch (e) {
    const body = e.response.data;
    return { status: e.status, errorCode: e.errorCode, envelope: Object.keys(body),
      fields: Object.keys(body.Errors[0]), data: body.Errors[0].Data };
  }
  throw new Error('the call was expected to fail');
}

async function main() {
  Configuration.Set({ baseApiUrl: env.BASE_URL });
  const owner = await Auth.Login(env.OWNER_USERNAME, env.OWNER_PASSWORD, env.OWNER_CLIENT_ID,
    ['FullAccess']);
  Tokens.SetAccessToken(owner.access_token);
  const out = {};

  const client = await ApiClients.Create({ AppName: 'Store', Active: true,
    AccessTokenDuration: 600, AllowAnyBuyer: true });
  await SecurityProfiles.Create({ ID: 'shopper', Name: 'Shopper', Roles: ['Shopper'] });
  await SecurityProfiles.Create({ ID: 'reader', Name: 'Reader', Roles: READER_ROLES });
  for (const [buyer, user] of [['north', 'nora'], ['south', 'sam']]) {
    await Buyers.Create({ ID: buyer, Name: buyer, Active: true });
    await Users.Create(buyer, person(user));
    await SecurityProfiles.SaveAssignment({ SecurityProfileID: 'shopper', BuyerID: buyer });
  }
  // Reader roles must not open another buyer's assignments to sam.
  await SecurityProfiles.SaveAssignment({ SecurityProfileID: 'reader', BuyerID: 'south',
    UserID: 'sam' });

  await PriceSchedules.Create({ ID: 'list', Name: 'List price',
    PriceBreaks: [{ Quantity: 1, Price: 20 }, { Quantity: 10, Price: 18 }] });
  await PriceSchedules.Create({ ID: 'north-deal', Name: 'North deal',
    PriceBreaks: [{ Quantity: 1, Price: 15 }] });
  await PriceSchedules.SavePriceBreak('north-deal', { Quantity: 5, Price: 14 });
  await Products.Create({ ID: 'jacket', Name: 'Jacket', Active: true,
    DefaultPriceScheduleID: 'list' });
  await Products.Create({ ID: 'boots', Name: 'Boots', Active: true,
    DefaultPriceScheduleID: 'list' });

  await Catalogs.Create({ ID: 'outdoor', Name: 'Outdoor', Active: true });
  await Categories.Create('outdoor', { ID: 'wear', Name: 'Wear', Active: true });
  await Categories.SaveProductAssignment('outdoor', { CategoryID: 'wear', ProductID: 'jacket' });
  await Catalogs.SaveProductAssignment({ CatalogID: 'outdoor', ProductID: 'boots' });
  // North sees the whole catalog at its own price; south sees only the jacket's category.
  await Catalogs.SaveAssignment({ CatalogID: 'outdoor', BuyerID: 'north', ViewAllProducts: true });
  await Catalogs.SaveAssignment({ CatalogID: 'outdoor', BuyerID: 'south' });
  await Categories.SaveAssignment('outdoor', { CategoryID: 'wear', BuyerID: 'south',
    Visible: true, ViewAllProducts: true });
  await Products.SaveAssignment({ ProductID: 'jacket', BuyerID: 'north',
    PriceScheduleID: 'north-deal' });
  out.assignments = (await Products.ListAssignments({ productID: 'jacket' })).Items;

  const views = {};
  for (const user of ['nora', 'sam']) {
    await loginAs(user, client.ID);
    const page = await Me.ListProducts({ sortBy: ['ID'] });
    views[user] = Object.fromEntries(page.Items.map((p) => [p.ID,
      p.PriceSchedule.PriceBreaks.map((b) => [b.Quantity, b.Price])]));
    out[`${user}Facets`] = page.Meta.Facets;
    out[`${user}Fetched`] = {};
    for (const listed of page.Items) {
      const product = await Me.GetProduct(listed.ID);
      out[`${user}Fetched`][product.ID] = product.PriceSchedule?.ID ?? null;
    }
    out[`${user}Catalogs`] = (await Me.ListCatalogs({ sortBy: ['ID'] })).Items.map((c) => c.ID);
    out[`${user}Categories`] = (await Me.ListCategories({ catalogID: 'outdoor' })).Items
      .map((c) => c.ID);
  }
  out.views = views;
  out.samAssignments = await expectError(Products.ListAssignments({ buyerID: 'north' }));
  out.samNorthProduct = await expectError(Me.GetProduct('boots'));
  await loginAs('sam', client.ID, ['Shopper', ...READER_ROLES]);
  out.readerRefusals = {
    products: await expectError(Products.ListAssignments({ buyerID: 'north' })),
    catalogs: await expectError(Catalogs.ListAssignments({ buyerID: 'north' })),
    categories: await expectError(Categories.ListAssignments('outdoor', { buyerID: 'north' })),
  };
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e?.errors ? JSON.stringify({ status: e.status, errors: e.errors }) : e);
  process.exit(1);
});
