"""Buyer purchasing controls: cost centers, spending accounts and approval rules."""
