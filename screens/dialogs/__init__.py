"""Small modal dialogs that dismiss with a typed result."""
