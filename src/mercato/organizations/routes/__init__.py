"""Every organization route, with the roles that grant it."""

from fastapi import APIRouter

from mercato.auth.roles import Role
from mercato.core.routing import include
from mercato.organizations.routes import buyer_users, companies, my_addresses
from mercato.organizations.routes.parties import (
    Mount,
    address_assignment_routes,
    address_routes,
    buyer_company,
    group_routes,
    seller_company,
    supplier_company,
    user_routes,
)

BUYER_ADDRESSES = Mount(
    "/buyers/{buyerID}/addresses", "Addresses", buyer_company, Role.AddressAdmin, Role.AddressReader
)

router = APIRouter()
for part in (
    companies.buyers,
    companies.suppliers,
    buyer_users.router,
    my_addresses.router,
    user_routes(
        Mount(
            "/adminusers", "AdminUsers", seller_company, Role.AdminUserAdmin, Role.AdminUserReader
        )
    ),
    user_routes(
        Mount(
            "/buyers/{buyerID}/users",
            "Users",
            buyer_company,
            Role.BuyerUserAdmin,
            Role.BuyerUserReader,
        )
    ),
    user_routes(
        Mount(
            "/suppliers/{supplierID}/users",
            "SupplierUsers",
            supplier_company,
            Role.SupplierUserAdmin,
            Role.SupplierUserReader,
        )
    ),
    group_routes(
        Mount(
            "/usergroups",
            "AdminUserGroups",
            seller_company,
            Role.AdminUserGroupAdmin,
            Role.AdminUserGroupReader,
        )
    ),
    group_routes(
        Mount(
            "/buyers/{buyerID}/usergroups",
            "UserGroups",
            buyer_company,
            Role.UserGroupAdmin,
            Role.UserGroupReader,
        )
    ),
    group_routes(
        Mount(
            "/suppliers/{supplierID}/usergroups",
            "SupplierUserGroups",
            supplier_company,
            Role.SupplierUserGroupAdmin,
            Role.SupplierUserGroupReader,
        )
    ),
    # Assignment routes first: "/assignments" must not be read as an address ID.
    address_assignment_routes(BUYER_ADDRESSES),
    address_routes(BUYER_ADDRESSES),
    address_routes(
        Mount(
            "/addresses",
            "AdminAddresses",
            seller_company,
            Role.AdminAddressAdmin,
            Role.AdminAddressReader,
        )
    ),
    address_routes(
        Mount(
            "/suppliers/{supplierID}/addresses",
            "SupplierAddresses",
            supplier_company,
            Role.SupplierAddressAdmin,
            Role.SupplierAddressReader,
        )
    ),
):
    include(router, part)
