"""Harvesters: read a source system and yield records. See README.md in this folder for the rules."""
