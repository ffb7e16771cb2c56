"""Orders: line items, the order lifecycle, approvals, payments and shipments."""
