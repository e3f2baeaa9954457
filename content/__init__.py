"""Shipped content: the program, the exercises and the word lists, as YAML."""
