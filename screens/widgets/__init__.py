"""Widgets the screens share, one small module each.

Import from the module itself (``workbook.screens.widgets.menus``), not from
this package: home must stay quick to import, and most of these pull in
Textual widgets it does not need.
"""
