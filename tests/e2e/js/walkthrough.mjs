// The vendor's "establishing API access" walkthrough, driven through the official
// OrderCloud JavaScript SDK against a running Mercato server.
// Input (environment): BASE_URL, OWNER_CLIENT_ID, OWNER_USERNAME, OWNER_PASSWORD.
// Output: one JSON line with what the test asserts on; exit code 1 on any failure.
import {
  AdminUsers,
  ApiClients,
  Auth,
  Buyers,
  Configuration,
  ImpersonationConfigs,
  Me,
  SecurityProfiles,
  Tokens,
  Users,
} from 'ordercloud-javascript-sdk';

const env = process.env;
const BUYER = 'BUYER_ORGANIZATION';
const ADMIN_ROLES = ['MeAdmin', 'PasswordReset', 'BuyerReader', 'OrderAdmin', 'CatalogAdmin',
  'ProductAdmin', 'ProductAssignmentAdmin', 'PriceScheduleAdmin', 'ShipmentAdmin'];
const BUYER_ROLES = ['MeAdmin', 'PasswordReset', 'Shopper'];

function person(id, password) {
  return { ID: id, Username: id, Password: password, FirstName: id, LastName: 'Walkthrough',
    Email: `${id}@example.com`, Active: true };
}

async function expectError(promise) {
  try {
    await promise;
  } catch (e) {
    return { status: e.status, errorCode: e.errorCode, data: e.errors?.[0]?.Data ?? null };
  }
  throw new Error('the call was expected to fail');
}

async function main() {
  Configuration.Set({ baseApiUrl: env.BASE_URL, clientID: env.OWNER_CLIENT_ID });
  const out = {};

  const owner = await Auth.Login(env.OWNER_USERNAME, env.OWNER_PASSWORD, env.OWNER_CLIENT_ID,
    ['FullAccess']);
  Tokens.SetAccessToken(owner.access_token);

  // 1-6: shared client, users, buyer, profiles and their assignments.
  const shared = await ApiClients.Create({ AppName: 'Shared', Active: true,
    AccessTokenDuration: 600, RefreshTokenDuration: 1440, AllowSeller: true, AllowAnyBuyer: true });
  await AdminUsers.Create(person('admin01', 'Admin01-Passw0rd'));
  const buyer = await Buyers.Create({ ID: BUYER, Name: 'Buyer Organization', Active: true });
  out.defaultCatalog = buyer.DefaultCatalogID;
  await Users.Create(BUYER, person('buyer01', 'Buyer01-Passw0rd'));
  await SecurityProfiles.Create({ ID: 'ADMIN_PROFILE', Name: 'Admin', Roles: ADMIN_ROLES });
  await SecurityProfiles.Create({ ID: 'BUYER_PROFILE', Name: 'Buyer', Roles: BUYER_ROLES });
  await SecurityProfiles.SaveAssignment({ SecurityProfileID: 'ADMIN_PROFILE' });
  await SecurityProfiles.SaveAssignment({ SecurityProfileID: 'BUYER_PROFILE', BuyerID: BUYER });
  out.adminAvailableRoles = (await AdminUsers.Get('admin01')).AvailableRoles;
  out.buyerAvailableRoles = (await Users.Get(BUYER, 'buyer01')).AvailableRoles;

  // 7: log in as the admin user.
  const admin = await Auth.Login('admin01', 'Admin01-Passw0rd', shared.ID, ADMIN_ROLES);
  Tokens.SetAccessToken(admin.access_token);
  out.adminMe = (await Me.Get()).Username;
  out.adminTokenRoles = Tokens.GetAccessToken() && JSON.parse(
    Buffer.from(admin.access_token.split('.')[1], 'base64url').toString()).role;
  out.adminSeesBuyers = (await Buyers.List()).Meta.TotalCount;

  // 8: log in as the buyer user; a seller-side call is forbidden.
  const shopper = await Auth.Login('buyer01', 'Buyer01-Passw0rd', shared.ID, ['Shopper']);
  Tokens.SetAccessToken(shopper.access_token);
  const me = await Me.Get();
  out.buyerMe = { username: me.Username, buyer: me.Buyer };
  out.forbidden = await expectError(Buyers.List());

  // Refresh: the refresh token gives a new access token that works.
  const refreshed = await Auth.RefreshToken(shopper.refresh_token, shared.ID);
  Tokens.SetAccessToken(refreshed.access_token);
  out.refreshedMe = (await Me.Get()).Username;
  out.refreshRotated = refreshed.refresh_token !== shopper.refresh_token;

  // Wrong password: the SDK surfaces the OrderCloud error.
  out.badLogin = await expectError(Auth.Login('buyer01', 'Wrong-Passw0rd1', shared.ID, ['Shopper']));

  // Impersonation: the owner acts as buyer01 through a config on the shared client.
  Tokens.SetAccessToken(owner.access_token);
  await ImpersonationConfigs.Create({ ID: 'shop-as-buyer', SecurityProfileID: 'BUYER_PROFILE',
    ClientID: shared.ID, BuyerID: BUYER });
  const imp = await Users.GetAccessToken(BUYER, 'buyer01', { ClientID: shared.ID,
    Roles: ['Shopper', 'OrderAdmin'] });
  Tokens.SetImpersonationToken(imp.access_token);
  out.impersonatedMe = (await Me.As().Get()).Username;
  out.impersonationClaims = JSON.parse(
    Buffer.from(imp.access_token.split('.')[1], 'base64url').toString());

  // 9: client credentials for middleware acting as the admin user.
  await ApiClients.Patch(shared.ID, { ClientSecret: 'walkthrough-secret-123',
    DefaultContextUserName: 'admin01' });
  const middleware = await Auth.ClientCredentials('walkthrough-secret-123', shared.ID,
    ['BuyerReader']);
  Tokens.SetAccessToken(middleware.access_token);
  out.middlewareMe = (await Me.Get()).Username;

  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e?.errors ? JSON.stringify({ status: e.status, errors: e.errors }) : e);
  process.exit(1);
});
