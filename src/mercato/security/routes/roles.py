"""The roles that grant the security routes, declared once."""

from mercato.auth.dependencies import requires
from mercato.auth.roles import Role

CLIENT_READ = requires(Role.ApiClientAdmin, Role.ApiClientReader)
CLIENT_WRITE = requires(Role.ApiClientAdmin)
PROFILE_READ = requires(
    Role.SecurityProfileAdmin, Role.SetSecurityProfile, Role.SecurityProfileReader
)
PROFILE_WRITE = requires(Role.SecurityProfileAdmin, Role.SetSecurityProfile)
CONFIG_ROLES = requires(Role.SetSecurityProfile)
