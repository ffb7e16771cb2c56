"""The roles that grant the purchasing routes, declared once."""

from mercato.auth.dependencies import requires
from mercato.auth.roles import Role

COST_CENTER_READ = requires(Role.CostCenterAdmin, Role.CostCenterReader)
COST_CENTER_WRITE = requires(Role.CostCenterAdmin)
SPENDING_ACCOUNT_READ = requires(Role.SpendingAccountAdmin, Role.SpendingAccountReader)
SPENDING_ACCOUNT_WRITE = requires(Role.SpendingAccountAdmin)
APPROVAL_RULE_READ = requires(Role.ApprovalRuleAdmin, Role.ApprovalRuleReader)
APPROVAL_RULE_WRITE = requires(Role.ApprovalRuleAdmin)
SELLER_APPROVAL_RULE_READ = requires(Role.OrderAdmin, Role.ApprovalRuleReader)
SELLER_APPROVAL_RULE_WRITE = requires(Role.OrderAdmin)
SHOPPER = requires(Role.Shopper)
