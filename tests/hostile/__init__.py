"""Hostile input on every surface: the cases a tester trying to break the workbook would try."""
