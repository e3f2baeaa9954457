"""Couple Workbook: emotional-intimacy exercises for two partners at one keyboard."""
__version__ = "0.1.0"
