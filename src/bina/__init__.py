"""Bina: a small business's description becomes a finished, mobile-first website."""

__version__ = "0.1.0"
