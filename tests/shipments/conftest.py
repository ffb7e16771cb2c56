from tests.orders.market import market

__all__ = ["market"]
