"""Shipments: what a seller or supplier sent, which order lines it holds, and tracking."""
