"""The Textual screens, one module per screen or exercise kind."""
