"""Tinytown: a pixel-art town where generative agents live."""

__version__ = "0.1.0"
