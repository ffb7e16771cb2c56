"""Incrementors: named counters whose next number can be put into any object ID."""
